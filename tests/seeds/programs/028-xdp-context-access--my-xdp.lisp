;; from seeds/003_d20c8d67eafebab6.txt, section "XDP context access"
(defprog my-xdp (:type :xdp :section "xdp" :license "GPL")
(with-tcp (data data-end tcp)
;; tcp is bound to the TCP header pointer
;; data, data-end are bound from XDP context
(when (= (tcp-dst-port tcp) 80)
(return XDP_DROP)))
XDP_PASS)
