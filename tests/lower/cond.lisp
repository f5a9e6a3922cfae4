;; conditions: comparisons as branches; the values of and, or, not
(defprog cond-branches (:type :xdp)
  (let ((data (xdp-data)) (data-end (xdp-data-end)))
    (when (> (+ data 4) data-end) (return 0))
    (let ((a (load u8 data 0)) (b (load u8 data 1)))
      (if (and (< a b) (not (= a 0)) (or (= b 7) (> b 100)))
          1
          2))))

(defprog cond-values (:type :xdp)
  (let ((data (xdp-data)) (data-end (xdp-data-end)))
    (when (> (+ data 4) data-end) (return 0))
    (let ((a (load u8 data 0)) (b (load u8 data 1)))
      (+ (* 1000 (or (= a 9) b)) (* 100 (and a b)) (* 10 (not (< a b))) (< a b)))))
