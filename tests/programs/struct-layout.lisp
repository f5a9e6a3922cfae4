;; defstruct layout: each field aligned to its size, the struct padded to
;; its largest alignment (manual, Layout and Alignment; semantics.md).
;;   sample (flags u8) (id u32) (value u64)           flags@0 id@4 value@8, 16
;;   tailpad (a u64) (b u8)                           a@0 b@8, 16 (7 tail bytes)
;;   mixed (a u8) (b u16) (c u8) (d u32) (e u8)       a@0 b@2 c@4 d@8 e@12, 16
;;   small (a u16) (b u8)                             4
;;   three (a u8) (b u8) (c u8)                       3
;;   my-event (pid u32) (comm (array u8 16)) (data (array u8 64))   84 (manual)
;; make-NAME zeroes the whole object, padding included, so each struct,
;; written to a map whole, shows 00 in every byte no field set.
;; The packet holds value = 0x0102030405060708 (u64 at 0), id = 0x11223344
;; (u32 at 8).
;; test: --hex 0807060504030201443322110000000000 => retval 2
;; and: raw[0] = "aa 00 00 00 44 33 22 11 08 07 06 05 04 03 02 01"
;; and: raw[1] = "ff ff ff ff ff ff ff ff 5a 00 00 00 00 00 00 00"
;; and: raw[2] = "01 00 03 02 04 00 00 00 08 07 06 05 09 00 00 00"
;; and: out[0] = 16; out[1] = 16; out[2] = 16; out[3] = 4; out[4] = 3; out[5] = 84
;; and: out[6] = 0x11223344; out[7] = 0x0102030405060708; out[8] = 0x5a; out[9] = 9
(defstruct sample (flags u8) (id u32) (value u64))
(defstruct tailpad (a u64) (b u8))
(defstruct mixed (a u8) (b u16) (c u8) (d u32) (e u8))
(defstruct small (a u16) (b u8))
(defstruct three (a u8) (b u8) (c u8))
(defstruct my-event (pid u32) (comm (array u8 16)) (data (array u8 64)))
(defmap raw :type :array :key-size 4 :value-size 16 :max-entries 3)
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 10)

(defprog struct-layout (:type :xdp :section "xdp")
  (with-packet (data end :min-len 16)
    (let ((s (make-sample)))
      (setf (sample-flags s) #xaa
            (sample-id s) (load u32 data 8)
            (sample-value s) (load u64 data 0))
      (setf (getmap raw 0) s)
      ;; raw reads at the C offsets see the fields
      (setf (getmap out 6) (load u32 s 4)
            (getmap out 7) (load u64 s 8)))
    (let ((tp (make-tailpad)))
      (setf (tailpad-a tp) -1
            (tailpad-b tp) #x5a)
      (setf (getmap raw 1) tp)
      (setf (getmap out 8) (load u8 tp 8))))
  (let ((m (make-mixed)))
    (setf (mixed-a m) 1
          (mixed-b m) #x0203
          (mixed-c m) 4
          (mixed-d m) #x05060708
          (mixed-e m) 9)
    (setf (getmap raw 2) m)
    (setf (getmap out 9) (load u8 m 12)))
  (setf (getmap out 0) (sizeof sample)
        (getmap out 1) (sizeof tailpad)
        (getmap out 2) (sizeof mixed)
        (getmap out 3) (sizeof small)
        (getmap out 4) (sizeof three)
        (getmap out 5) (sizeof my-event))
  XDP_PASS)
