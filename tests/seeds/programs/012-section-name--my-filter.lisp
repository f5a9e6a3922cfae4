;; from seeds/003_d20c8d67eafebab6.txt, section "Section Name"
(defprog my-filter (:type :xdp :section "xdp/my_filter")
XDP_PASS)
