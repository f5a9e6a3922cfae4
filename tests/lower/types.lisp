;; types: every value of the ssa has the type ir_infer_types gives it
(defmap counts :type :hash :key-size 4 :value-size 8 :max-entries 16)
(defmap events :type :ringbuf :max-entries 4096)

;; the context, the packet pointers from its fields, pointer plus scalar
(defprog types-pkt (:type :xdp)
  (let ((data (xdp-data)) (data-end (xdp-data-end)) (meta (ctx data-meta)))
    (when (> (+ data 14) data-end) (return 0))
    (when (> meta data) (return 1))
    (load u8 data 13)))

;; a stack slot, a map reference, a lookup's value-or-null; a phi of the
;; value and 0 stays a map value (or null)
(defprog types-map (:type :xdp)
  (let ((key u32 (get-prandom-u32)))
    (let ((v (map-lookup counts key)))
      (if (> key 7) v 0))))

;; ringbuf memory (or null); a phi of two kinds of pointer is ptr
(defprog types-ringbuf (:type :xdp)
  (let ((p (ringbuf-reserve events 16 0)))
    (let ((q (if p p (xdp-data))))
      (if p (ringbuf-discard p 0) 0)
      (if q 2 1))))

;; widths: loads, zext from casts and typed let, byte swaps, comparisons,
;; masks and shifts; a sign extension (shift left, arithmetic shift
;; right) is signed; a difference of unsigned values may be negative
(defprog types-widths (:type :xdp)
  (let ((data (xdp-data)) (data-end (xdp-data-end)))
    (when (> (+ data 8) data-end) (return 0))
    (let* ((a (load u32 data 0))
           (b u16 (load u16 data 4))
           (c (ntohs (load u16 data 6)))
           (s (>>> (<< a 32) 32))
           (m (logand a #xff))
           (h (>> a 20))
           (d (- b c))
           (z (cast u8 a))
           (e (= a b)))
      (+ s m h d z e))))
