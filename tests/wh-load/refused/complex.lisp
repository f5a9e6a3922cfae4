;; complex.lisp: 9000 iterations, each with a branch the verifier
;; cannot decide: it gives up before the loop ends.
(defmap counts :type :array :key-type u32 :value-type u64 :max-entries 4)
(defprog too-long (:type :xdp :section "xdp" :license "GPL")
  (let ((n 0))
    (dotimes (i 9000)
      (when (> (getmap counts (logand i 3)) 7)
        (setf n (+ n 1))))
    n))
