;; The binding shape (var type) declares var with that type and starts it
;; at 0 (manual, Variables and Types: "explicit type, zero-initialized").
;; z u32 starts at 0; (setf z (- z 1)) keeps 32 bits: 0xffffffff;
;; y u8 starts at 0; (+ y 300) is 300 (arithmetic is 64-bit).
;; test: --data-len 14 => retval 2
;; and: out[0] = 0; out[1] = 0xffffffff; out[2] = 300
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 3)

(defprog typed-zero-init (:type :xdp :section "xdp")
  (let ((z u32)
        (y u8))
    (setf (getmap out 0) z)
    (setf z (- z 1))
    (setf (getmap out 1) z
          (getmap out 2) (+ y 300)))
  XDP_PASS)
