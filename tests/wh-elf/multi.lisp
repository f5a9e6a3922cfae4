(license "GPL")
(defmap counts :type :hash :key-size 4 :value-size 8 :max-entries 64)
(defmap events :type :ringbuf :max-entries 4096)

(defprog pass (:type :xdp)
  xdp-pass)

(defprog drop (:type :xdp)
  xdp-drop)

(defprog count-tc (:type :tc)
  (let ((v (map-lookup counts 7)))
    (if (null v)
        (map-update counts 7 1 0)
        (atomic-incf v))
  0))

(defprog on-open (:type :kprobe :section "kprobe/do_sys_openat2")
  (ringbuf-output events 42 8 0)
  0)
