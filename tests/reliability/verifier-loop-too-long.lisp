;; mutant 2452 of seed 23: a counted loop of more than a million turns,
;; which the kernel checks turn by turn past its limit of 1,000,000
;; instructions
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 1)
(defprog sum (:type :xdp :section "xdp")
  (let ((s 0))
    (dotimes (i 1000001)
      (setf s (+ s i)))
    (setf (getmap out 0) s))
  XDP_PASS)
