;; helper-arg.lisp: the packet's end passed where map-lookup-elem takes
;; a pointer to the key.
(defmap counts :type :hash :key-type u32 :value-type u64 :max-entries 4)
(defprog bad-key (:type :xdp :section "xdp" :license "GPL")
  (if (map-lookup-elem counts (xdp-data-end)) 1 2))
