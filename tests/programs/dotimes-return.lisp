;; The manual's dotimes example: a bound given by a defconstant, a packet
;; byte read at the loop index, and return from inside the loop. The
;; program returns 10 + the index of the first zero byte among the
;; packet's first 8, or 99 when there is none.
;; test: --hex 05040300010203040000000000000000 => retval 13
;; test: --hex 00040300010203040000000000000000 => retval 10
;; test: --hex 01020304050607000000000000000000 => retval 17
;; test: --hex 01020304050607080000000000000000 => retval 99
(defconstant +max-headers+ 8)

(defprog dotimes-return (:type :xdp :section "xdp")
  (with-packet (data end :min-len 16)
    (let ((ptr data))
      (dotimes (i +max-headers+)
        (when (= (load u8 ptr i) 0)
          (return (+ 10 i))))))
  99)
