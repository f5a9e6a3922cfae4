;; ring-seq: each run appends record k (k = seq[0]) of 256 bytes to a
;; 1 MiB ring: its first 8 bytes hold k (little-endian), its last byte
;; k mod 256, the others 0. seq[0] counts the records submitted (a run
;; that finds the ring full submits nothing and does not count). Once
;; stop[0] is set (by a test, when its runs are done), runs submit
;; nothing.
(defmap events :type :ringbuf :max-entries 1048576)
(defmap seq :type :array :key-size 4 :value-size 8 :max-entries 1)
(defmap stop :type :array :key-size 4 :value-size 8 :max-entries 1)

(defprog ring-seq (:type :xdp :section "xdp" :license "GPL")
  (when (= (getmap stop 0) 0)
    (let ((k (getmap seq 0)))
      (with-ringbuf (e events 256)
        (store u64 e 0 k)
        (store u8 e 255 (logand k 255))
        (setf (getmap seq 0) (+ k 1)))))
  XDP_PASS)
