;; Lookups in an array map: key 1 (a constant), each value of a loop
;; counter, and key 0. The keys that are not 0 lie at 8-aligned offsets,
;; where the verifier keeps what was written, and so knows that every
;; lookup finds its entry (and walks no null branch).
(defmap counts :type :array :key-size 4 :value-size 8 :max-entries 4)

(defprog array-keys (:type :xdp :section "xdp")
  (incf (getmap counts 1))
  (dotimes (k 3)
    (incf (getmap counts k) 10))
  (incf (getmap counts 0) 100)
  XDP_PASS)
