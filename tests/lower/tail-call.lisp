;; tail-call into an empty slot of a prog-array: execution continues
(defmap jt :type :prog-array :key-size 4 :value-size 4 :max-entries 4)

(defprog tail-fall (:type :xdp)
  (tail-call jt 1)
  42)

(defprog tail-ctx (:type :xdp)
  (let ((k 3))
    (tail-call jt k)
    (+ k 40)))
