;; from seeds/003_d20c8d67eafebab6.txt, section "Return Value"
(defprog drop-all (:type :xdp)
XDP_DROP)
