;; The manual's inference table: (load u16 ..) gives u16, (ntohs ..) u16,
;; (ntohl ..) u32, (cast u8 ..) u8, (get-prandom-u32) and
;; (get-smp-processor-id) u32, anything else u64. A variable keeps its
;; type: an assignment keeps the low bits of that width (as for declared
;; types), while the arithmetic itself is 64-bit.
;; The packet starts 12 34 56 78 ff 00 ...:
;;   x = (load u16) = 0x3412; (setf x (+ x #xcbee)) -> 0x10000 mod 2^16 = 0
;;   n = (ntohs (load u16)) = 0x1234; (setf n (+ n #x10000)) -> 0x1234
;;   l = (ntohl (load u32)) = 0x12345678; (setf l (<< l 32)) -> 0
;;   c = (cast u8 (load u8 at 4)) = 0xff; (setf c (+ c 1)) -> 0
;;   r = (get-prandom-u32); (setf r (<< r 32)) -> 0, whatever r was
;;   p = (get-smp-processor-id); (setf p (<< p 32)) -> 0
;;   u = (logior (load u16) (load u8 at 5)) is u64: (setf u (+ u #x10000)) -> 0x13412
;;   (+ x 1) before the assignment: 0x3413; (+ c c): 0x1fe
;; test: --hex 12345678ff000000000000000000000000 => retval 2
;; and: out[0] = 0; out[1] = 0x1234; out[2] = 0; out[3] = 0; out[4] = 0
;; and: out[5] = 0; out[6] = 0x13412; out[7] = 0x3413; out[8] = 0x1fe
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 9)

(defprog type-inference (:type :xdp :section "xdp")
  (with-packet (data end :min-len 16)
    (let ((x (load u16 data 0)))
      (setf (getmap out 7) (+ x 1))
      (setf x (+ x #xcbee))
      (setf (getmap out 0) x))
    (let ((n (ntohs (load u16 data 0))))
      (setf n (+ n #x10000))
      (setf (getmap out 1) n))
    (let ((l (ntohl (load u32 data 0))))
      (setf l (<< l 32))
      (setf (getmap out 2) l))
    (let ((c (cast u8 (load u8 data 4))))
      (setf (getmap out 8) (+ c c))
      (setf c (+ c 1))
      (setf (getmap out 3) c))
    (let ((r (get-prandom-u32)))
      (setf r (<< r 32))
      (setf (getmap out 4) r))
    (let ((p (get-smp-processor-id)))
      (setf p (<< p 32))
      (setf (getmap out 5) p))
    (let ((u (logior (load u16 data 0) (load u8 data 5))))
      (setf u (+ u #x10000))
      (setf (getmap out 6) u)))
  XDP_PASS)
