;; A copy of tests/seeds/programs/012-section-name--my-filter.lisp with its expected
;; behaviour.
;; Section "xdp/my_filter": an XDP program that passes everything.
;; test: --data-len 14 => retval 2
;; from seeds/003_d20c8d67eafebab6.txt, section "Section Name"
(defprog my-filter (:type :xdp :section "xdp/my_filter")
XDP_PASS)
