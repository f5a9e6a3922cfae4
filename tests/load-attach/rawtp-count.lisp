;; Raw tracepoint: count sys_enter events (every system call).
(defmap calls :type :array :key-size 4 :value-size 8 :max-entries 1)

(defprog count-sys-enter (:type :raw-tracepoint :section "raw_tp/sys_enter" :license "GPL")
  (incf (getmap calls 0))
  0)
