;; A copy of tests/seeds/programs/004-return-value--drop-all.lisp with its expected
;; behaviour.
;; The body's last value is the program's return value: XDP_DROP (1).
;; test: --data-len 14 => retval 1
;; from seeds/003_d20c8d67eafebab6.txt, section "Return Value"
(defprog drop-all (:type :xdp)
XDP_DROP)
