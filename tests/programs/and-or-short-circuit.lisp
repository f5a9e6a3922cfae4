;; and/or evaluate their operands left to right and stop at the first
;; operand that decides the result: the side effects of later operands do
;; not happen. Each (hit k) adds 1 to count[k] and gives k's value.
;; a = the packet's first byte.
;; a = 0: (and a (hit 0)) stops at a; (or a (hit 1)) evaluates hit 1;
;;        (and (hit 2) a (hit 3)) stops after a; (or (hit 4) (hit 5))
;;        stops after hit 4 (non-zero); (and (not a) (hit 6)) evaluates it.
;; test: --hex 00000000000000000000000000000000 => retval 2
;; and: count[0] = 0; count[1] = 1; count[2] = 1; count[3] = 0
;; and: count[4] = 1; count[5] = 0; count[6] = 1
;; a = 1: hit 0 runs, hit 1 does not, hits 2 and 3 run, hit 4 runs,
;;        hit 5 does not, hit 6 does not.
;; test: --hex 01000000000000000000000000000000 => retval 2
;; and: count[0] = 1; count[1] = 0; count[2] = 1; count[3] = 1
;; and: count[4] = 1; count[5] = 0; count[6] = 0
(defmap count :type :array :key-size 4 :value-size 8 :max-entries 7)

;; (hit k): count one evaluation of operand k; its value is k + 1.
(defmacro hit (k)
  `(progn (incf (getmap count ,k)) ,(+ k 1)))

(defprog and-or-short-circuit (:type :xdp :section "xdp")
  (with-packet (data end :min-len 16)
    (let ((a (load u8 data 0)))
      (and a (hit 0))
      (or a (hit 1))
      (and (hit 2) a (hit 3))
      (or (hit 4) (hit 5))
      (and (not a) (hit 6))))
  XDP_PASS)
