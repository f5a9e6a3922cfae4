;; progn evaluates its forms in order and gives the last one's value;
;; setf of several places goes in order and gives the last value.
;; a = the packet's first byte = 5.
;;   (progn (setf x 1) (setf x (+ x a)) (* x 2)) = 12
;;   (setf y 3 z (+ y 4)) sets y = 3, then z = 7, and gives 7
;; test: --hex 05000000000000000000000000000000 => retval 2
;; and: out[0] = 12; out[1] = 6; out[2] = 3; out[3] = 7; out[4] = 7
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 5)

(defprog progn-forms (:type :xdp :section "xdp")
  (with-packet (data end :min-len 16)
    (let ((a (load u8 data 0))
          (x 0)
          (y 0)
          (z 0))
      (setf (getmap out 0) (progn (setf x 1)
                                  (setf x (+ x a))
                                  (* x 2)))
      (setf (getmap out 1) x)
      (let ((v (setf y 3 z (+ y 4))))
        (setf (getmap out 2) y
              (getmap out 3) z
              (getmap out 4) v))))
  XDP_PASS)
