;; typed let: the value fits its declared width
(defprog typed-u8 (:type :xdp)
  (let ((data (xdp-data)) (data-end (xdp-data-end)))
    (when (> (+ data 4) data-end) (return 0))
    (let ((x u8 (+ (load u8 data 0) 200)))
      x)))

(defprog typed-u16-setf (:type :xdp)
  (let ((data (xdp-data)) (data-end (xdp-data-end)))
    (when (> (+ data 4) data-end) (return 0))
    (let ((x u16 (load u16 data 0)))
      (setf x (+ x #x10000 5))
      x)))

(defprog typed-u32 (:type :xdp)
  (let ((data (xdp-data)) (data-end (xdp-data-end)))
    (when (> (+ data 4) data-end) (return 0))
    (let ((x u32 (- (load u8 data 0) 1)))
      (>> x 28))))
