;; check-len: a packet length compared with a constant becomes a pointer
;; comparison, so the verifier learns the bounds and allows the load
(defprog len-direct (:type :xdp)
  (let ((data (xdp-data)) (data-end (xdp-data-end)))
    (if (< (- data-end data) 20) XDP_DROP XDP_PASS)))

(defprog len-bound (:type :xdp)
  (let* ((data (xdp-data)) (data-end (xdp-data-end))
         (len (- data-end data)))
    (if (>= len 15)
        (load u8 data 14)
        255)))

(defprog len-swapped (:type :xdp)
  (let ((data (xdp-data)) (data-end (xdp-data-end)))
    (when (> 16 (- data-end data)) (return 0))
    (load u8 data 15)))

(defprog len-offset (:type :xdp)
  (let* ((data (xdp-data)) (data-end (xdp-data-end))
         (ip (+ data 14)))
    (if (s< (- data-end ip) 2) 0 (load u16 ip 0))))

(defprog len-tc (:type :tc :section "tc")
  (let ((data (ctx-load u32 76)) (data-end (ctx-load u32 80)))
    (if (<= (- data-end data) 20) 2 (load u8 data 20))))
