;; A copy of tests/seeds/programs/008-forms--my-filter.lisp with its expected
;; behaviour.
;; packet syn80: 112233445566aabbccddeeff08004510002812344000400654d70a010203c0a8070904d2005001020304a0b0c0d050027210beef0102
;; packet arp: 112233445566aabbccddeeff080600000000000000000000000000000000000000000000000000000000
;; drop-if, a user macro: IPv4 frames of at least 34 bytes are dropped;
;; others (ARP, or shorter than 34 bytes) pass.
;; test: --pkt syn80 => retval 1
;; test: --pkt arp => retval 2
;; test: --hex 112233445566aabbccddeeff08004510002812344000400654d70a010203c0a807 => retval 2
;; from seeds/003_d20c8d67eafebab6.txt, section "Forms"
;; CL macro -- runs at compile time, gone before bytecode emission
(defmacro drop-if (test)
`(when ,test (return XDP_DROP)))
(defprog my-filter (:type :xdp :section "xdp" :license "GPL")
;; These are Whistler forms compiled to eBPF:
(let ((data (xdp-data))
(data-end (xdp-data-end)))
(when (> (+ data 34) data-end)
(return XDP_PASS))
(drop-if (= (eth-type data) +ethertype-ipv4+)))
XDP_PASS)
