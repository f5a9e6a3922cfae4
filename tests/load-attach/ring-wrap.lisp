;; ring-wrap: each run appends record k (k = seq[0]) to a 4096-byte ring.
;; Its length cycles through 8 9 13 31 64 100 257 bytes (k mod 7); its
;; first 8 bytes hold k (little-endian) and, past those, its last byte
;; holds k mod 256. seq[0] counts the records submitted: a run whose
;; reservation fails (the ring full) neither submits nor counts. The
;; records of one cycle take 560 bytes of ring with their headers, so the
;; ring wraps about every 51 records.
(defmap events :type :ringbuf :max-entries 4096)
(defmap seq :type :array :key-size 4 :value-size 8 :max-entries 1)

(defmacro emit (k size)
  `(with-ringbuf (e events ,size)
     (store u64 e 0 ,k)
     ,@(when (> size 8)
         `((store u8 e ,(- size 1) (logand ,k 255))))
     (setf (getmap seq 0) (+ ,k 1))))

(defprog ring-wrap (:type :xdp :section "xdp" :license "GPL")
  (let ((k (getmap seq 0)))
    (case (mod k 7)
      (0 (emit k 8))
      (1 (emit k 9))
      (2 (emit k 13))
      (3 (emit k 31))
      (4 (emit k 64))
      (5 (emit k 100))
      (t (emit k 257))))
  XDP_PASS)
