;; A copy of tests/seeds/programs/030-xdp-tail-call-dispatch-bpf--xdp-dispatch.lisp with its expected
;; behaviour.
;; packet syn80: 112233445566aabbccddeeff08004510002812344000400654d70a010203c0a8070904d2005001020304a0b0c0d050027210beef0102
;; packet udp53: 112233445566aabbccddeeff08004510002012344000401154d40a010203c0a8070914e90035000cabcd61626364
;; packet arp: 112233445566aabbccddeeff080600000000000000000000000000000000000000000000000000000000
;; The dispatcher and its two handlers. With the prog-array empty the
;; dispatcher counts IPv4 frames in proto-stats[0] and falls through to
;; XDP_PASS; each handler, run on its own, counts in its own slot.
;; test: --prog xdp-dispatch --pkt syn80 => retval 2; proto-stats[0] = 1; proto-stats[1] = 0; proto-stats[2] = 0
;; test: --prog xdp-dispatch --pkt arp => retval 2; proto-stats[0] = 0
;; test: --prog tcp-handler --pkt syn80 --repeat 2 => retval 2; proto-stats[0] = 0; proto-stats[1] = 2
;; test: --prog udp-handler --pkt udp53 => retval 2; proto-stats[2] = 1; proto-stats[1] = 0
;; from seeds/003_d20c8d67eafebab6.txt, section "XDP Tail Call Dispatch / BPF programs"
(in-package #:whistler)
;;; Jump table: protocol number -> program FD
(defmap jt :type :prog-array
:key-size 4 :value-size 4 :max-entries 256)
;;; Per-protocol counters
(defmap proto-stats :type :array
:key-size 4 :value-size 8 :max-entries 3)
(defconstant +stat-dispatched+ 0)
(defconstant +stat-tcp+ 1)
(defconstant +stat-udp+ 2)
;;; Dispatcher -- entry point
(defprog xdp-dispatch (:type :xdp :section "xdp" :license "GPL")
(let ((data (xdp-data))
(data-end (xdp-data-end)))
(when (> (+ data 34) data-end)
(return XDP_PASS))
(when (/= (eth-type data) +ethertype-ipv4+)
(return XDP_PASS))
(let ((proto (ipv4-protocol (+ data +eth-hdr-len+))))
(declare (type u32 proto))
(incf (getmap proto-stats +stat-dispatched+))
(tail-call jt proto)))
XDP_PASS)
;;; TCP handler (separate program, same ELF)
(defprog tcp-handler (:type :xdp :section "xdp/tcp" :license "GPL")
(incf (getmap proto-stats +stat-tcp+))
XDP_PASS)
;;; UDP handler (separate program, same ELF)
(defprog udp-handler (:type :xdp :section "xdp/udp" :license "GPL")
(incf (getmap proto-stats +stat-udp+))
XDP_PASS)
(compile-to-elf "tail-call-dispatch.bpf.o")
