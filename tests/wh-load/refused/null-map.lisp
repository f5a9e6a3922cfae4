;; null-map.lisp: a map value read before the lookup's result is
;; checked for null (the kernel refuses it: map_value_or_null).
(defmap counts :type :hash :key-type u32 :value-type (array u64 2) :max-entries 4)
(defprog no-null-check (:type :xdp :section "xdp" :license "GPL")
  (let ((v (getmap counts 1)))
    (load u64 v 8)))
