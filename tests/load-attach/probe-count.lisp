;; Probes: count calls (entry) and returns of a probed function.
(defmap calls :type :array :key-size 4 :value-size 8 :max-entries 2)

(defprog on-entry (:type :kprobe :section "uprobe" :license "GPL")
  (incf (getmap calls 0))
  0)

(defprog on-return (:type :kprobe :section "uretprobe" :license "GPL")
  (incf (getmap calls 1))
  0)
