;; mutant 3932 of seed 29 in small: a counted loop of more than a million
;; turns whose body branches on a packet byte; every path through a turn
;; goes on to the next, so the kernel checks them all, past its limit
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 1)
(defprog sum (:type :xdp :section "xdp")
  (with-packet (data end :min-len 1)
    (let ((n (load u8 data 0)) (s 0))
      (dotimes (i 2000000)
        (when (< i n)
          (setf s (+ s i))))
      (setf (getmap out 0) s)))
  XDP_PASS)
