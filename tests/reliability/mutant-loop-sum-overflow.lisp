;; mutant 7646 of seed 29 (UBSan: signed overflow in loop sum): loop sums
;; wrap as + does, and a for clause stepping past the largest integer ends
(defmacro big-sum () (loop for x in (list -9223372036854775808 -9223372036854775808) sum x))
(defmacro big-sum-into () (loop for x in (list -9223372036854775808 -9223372036854775808) sum x into s finally (return s)))
(defmacro last-steps () (length (loop for i from (- 9223372036854775807 2) to 9223372036854775807 collect i)))
(defmacro down-steps () (length (loop for i from (+ -9223372036854775808 2) downto -9223372036854775808 collect i)))
(defprog p (:type :xdp :section "xdp") (return (+ (big-sum) (big-sum-into) (last-steps) (down-steps))))
