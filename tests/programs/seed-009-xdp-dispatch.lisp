;; A copy of tests/seeds/programs/009-example-protocol-dispatch--xdp-dispatch.lisp with its expected
;; behaviour.
;; packet syn80: 112233445566aabbccddeeff08004510002812344000400654d70a010203c0a8070904d2005001020304a0b0c0d050027210beef0102
;; packet udp53: 112233445566aabbccddeeff08004510002012344000401154d40a010203c0a8070914e90035000cabcd61626364
;; packet arp: 112233445566aabbccddeeff080600000000000000000000000000000000000000000000000000000000
;; Protocol dispatch: an IPv4 frame counts in proto-stats[0] and
;; tail-calls jt[protocol], which is empty here, so it falls through to
;; XDP_PASS. Non-IPv4 frames pass uncounted.
;; test: --pkt syn80 => retval 2; proto-stats[0] = 1; proto-stats[1] = 0
;; test: --pkt udp53 --repeat 2 => retval 2; proto-stats[0] = 2
;; test: --pkt arp => retval 2; proto-stats[0] = 0
;; from seeds/003_d20c8d67eafebab6.txt, section "Example: protocol dispatch"
;; Jump table: protocol number -> program FD
(defmap jt :type :prog-array
:key-size 4 :value-size 4 :max-entries 256)
(defmap proto-stats :type :array
:key-size 4 :value-size 8 :max-entries 3)
(defconstant +stat-dispatched+ 0)
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
;; Tail call into protocol-specific handler.
;; Falls through to XDP_PASS if no handler is loaded.
(tail-call jt proto)))
XDP_PASS)
