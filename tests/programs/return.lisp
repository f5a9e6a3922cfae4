;; return leaves the program at once with its value, from any depth;
;; (return) gives 0. Nothing after a taken return runs (count[0] counts
;; the runs that reach the end). a = the packet's first byte.
;; a = 1: return 7 from inside let/when/progn
;; test: --hex 01000000000000000000000000000000 => retval 7
;; and: count[0] = 0
;; a = 2: (return) with no value
;; test: --hex 02000000000000000000000000000000 => retval 0
;; and: count[0] = 0
;; a = 3: return the value of an expression, (+ a 40)
;; test: --hex 03000000000000000000000000000000 => retval 43
;; and: count[0] = 0
;; a = 9: no return taken; the last form's value, 2
;; test: --hex 09000000000000000000000000000000 --repeat 3 => retval 2
;; and: count[0] = 3
(defmap count :type :array :key-size 4 :value-size 8 :max-entries 1)

(defprog return-forms (:type :xdp :section "xdp")
  (with-packet (data end :min-len 16)
    (let ((a (load u8 data 0)))
      (let ((b (+ a 1)))
        (when (= b 2)
          (progn
            (return 7)
            (incf (getmap count 0)))))
      (when (= a 2)
        (return))
      (if (= a 3)
        (return (+ a 40))
        0)
      (incf (getmap count 0))))
  XDP_PASS)
