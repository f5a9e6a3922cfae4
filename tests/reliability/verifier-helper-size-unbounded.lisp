;; mutant 8808 of seed 19: the size given to probe-read-kernel is made
;; from get-current-task's result, of which the kernel knows no bounds
(defstruct buf (bytes (array u8 16)))
(defmap out :type :array :key-size 4 :value-size 16 :max-entries 1)
(defprog read-comm (:type :kprobe :section "kprobe/do_nanosleep" :license "GPL")
  (let ((task (get-current-task))
        (b (make-buf)))
    (probe-read-kernel b (+ task 16) task)
    (setf (getmap out 0) b))
  0)
