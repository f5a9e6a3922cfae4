;; NAME-FIELD-PTR is the address of a field: load, store, memset and
;; memcpy work through it at the field's offset.
;;   hdr: kind u16 @0, addr u32 @4, name (array u8 8) @8, total u64 @16; 24 bytes
;; The program stores #xbeef at (hdr-addr-ptr h) + 0 (u16: the low half
;; of addr), #x41 at (hdr-name-ptr h) + 2 (name[2]), fills name[4..7] with
;; #x7a through (memset (hdr-name-ptr h) 4 #x7a 4), and copies the
;; packet's first 3 bytes to (hdr-total-ptr h) with memcpy. It reads
;; back addr (0xbeef), name[2] (0x41), (load u16 (hdr-name-ptr h) 2)
;; (0x41) and total.
;; The packet starts 01 02 03 ff: total = 0x030201.
;; test: --hex 010203ff000000000000000000000000 => retval 2
;; and: out[0] = 0xbeef; out[1] = 0x41; out[2] = 0x41; out[3] = 0x030201
;; and: raw[0] = "00 00 00 00 ef be 00 00 00 00 41 00 7a 7a 7a 7a 01 02 03 00 00 00 00 00"
(defstruct hdr (kind u16) (addr u32) (name (array u8 8)) (total u64))
(defmap raw :type :array :key-size 4 :value-size 24 :max-entries 1)
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 4)

(defprog struct-field-ptr (:type :xdp :section "xdp")
  (with-packet (data end :min-len 16)
    (let ((h (make-hdr)))
      (store u16 (hdr-addr-ptr h) 0 #xbeef)
      (store u8 (hdr-name-ptr h) 2 #x41)
      (memset (hdr-name-ptr h) 4 #x7a 4)
      (memcpy (hdr-total-ptr h) 0 data 0 3)
      (setf (getmap out 0) (hdr-addr h)
            (getmap out 1) (hdr-name h 2)
            (getmap out 2) (load u16 (hdr-name-ptr h) 2)
            (getmap out 3) (hdr-total h))
      (setf (getmap raw 0) h)))
  XDP_PASS)
