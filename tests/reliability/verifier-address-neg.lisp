;; mutant 3825 of seed 19: a store through the negation of a stack
;; pointer; the kernel makes (- p) a number, and refuses the store
(defstruct pair (a u64) (b u64))
(defmap out :type :array :key-size 4 :value-size 16 :max-entries 1)
(defprog neg-store (:type :xdp :section "xdp")
  (let ((p (make-pair)))
    (setf (pair-b (- p)) 7)
    (setf (getmap out 0) p))
  XDP_PASS)
