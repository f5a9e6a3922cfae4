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
