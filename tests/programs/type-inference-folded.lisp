;; An initializer that is not one of the manual's inference forms gives
;; u64, even when it simplifies to one: (+ (load u16 ..) 0) is "anything
;; else" in the table, so u is u64 and keeps all 64 bits.
;; The packet starts 12 34: u = 0x3412; (setf u (+ u #x10000)) -> 0x13412.
;; test: --hex 12340000000000000000000000000000 => retval 2
;; and: out[0] = 0x13412
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 1)

(defprog type-inference-folded (:type :xdp :section "xdp")
  (with-packet (data end :min-len 16)
    (let ((u (+ (load u16 data 0) 0)))
      (setf u (+ u #x10000))
      (setf (getmap out 0) u)))
  XDP_PASS)
