;; A copy of tests/seeds/programs/022-section-name--my-tc-filter.lisp with its expected
;; behaviour.
;; :type :xdp with a "tc/..." section is a TC program (semantics.md): it
;; runs on an skb and returns TC_ACT_OK (0).
;; test: --data-len 14 => retval 0
;; from seeds/003_d20c8d67eafebab6.txt, section "Section Name"
(defprog my-tc-filter (:type :xdp :section "tc/my_filter")
TC_ACT_OK)
