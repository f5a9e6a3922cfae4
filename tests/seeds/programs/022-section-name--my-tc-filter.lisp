;; from seeds/003_d20c8d67eafebab6.txt, section "Section Name"
(defprog my-tc-filter (:type :xdp :section "tc/my_filter")
TC_ACT_OK)
