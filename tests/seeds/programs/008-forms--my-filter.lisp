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
