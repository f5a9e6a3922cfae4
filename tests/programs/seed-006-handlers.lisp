;; A copy of tests/seeds/programs/006-multiple-programs--handler-a.lisp with its expected
;; behaviour.
;; Three programs in one object: handler-a passes, handler-b drops, main
;; tail-calls slot 0 of an empty prog-array, falls through and passes.
;; test: --prog handler-a --data-len 14 => retval 2
;; test: --prog handler-b --data-len 14 => retval 1
;; test: --prog main --data-len 14 => retval 2
;; from seeds/003_d20c8d67eafebab6.txt, section "Multiple Programs"
(defmap dispatch :type :prog-array
:key-size 4
:value-size 4
:max-entries 4)
(defprog handler-a (:type :xdp :section "xdp/handler_a")
;; Handle protocol A
XDP_PASS)
(defprog handler-b (:type :xdp :section "xdp/handler_b")
;; Handle protocol B
XDP_DROP)
(defprog main (:type :xdp)
;; Dispatch to sub-programs via tail call
(tail-call dispatch 0)
XDP_PASS)
