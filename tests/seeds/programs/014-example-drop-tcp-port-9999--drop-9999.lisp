;; from seeds/003_d20c8d67eafebab6.txt, section "Example: Drop TCP Port 9999"
(defprog drop-9999 (:type :xdp :section "xdp/drop_9999")
(with-tcp (data data-end tcp)
(when (= (tcp-dst-port tcp) 9999)
(return XDP_DROP)))
XDP_PASS)
