;; A :hash map with a 16-byte struct key (key-size > 8): getmap, incf and
;; remmap pass the struct's address as the key (manual, Struct keys).
;;   flow: src u32 @0, dst u32 @4, sport u16 @8, dport u16 @10, proto u8 @12,
;;   3 bytes of tail padding (zero: make-flow zeroes them, and the kernel
;;   hashes all 16 bytes)
;; The packet holds the key's fields: 0a000001 0a000002 d204 5000 06.
;; Each run: incf the flow by 1; incf the same flow with proto 17 by 2;
;; incf, then remmap, the flow with proto 1; out[0] = getmap of the first
;; flow.
;; test: --hex 0a0000010a000002d20450000600000000 --repeat 3 => retval 2
;; and: flows["0a 00 00 01 0a 00 00 02 d2 04 50 00 06 00 00 00"] = 3
;; and: flows["0a 00 00 01 0a 00 00 02 d2 04 50 00 11 00 00 00"] = 6
;; and: flows["0a 00 00 01 0a 00 00 02 d2 04 50 00 01 00 00 00"] absent
;; and: flows size 2; out[0] = 3
(defstruct flow (src u32) (dst u32) (sport u16) (dport u16) (proto u8))
(defmap flows :type :hash :key-size 16 :value-size 8 :max-entries 16)
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 1)

(defprog map-struct-key (:type :xdp :section "xdp")
  (with-packet (data end :min-len 16)
    (let ((k (make-flow)))
      (setf (flow-src k) (load u32 data 0)
            (flow-dst k) (load u32 data 4)
            (flow-sport k) (load u16 data 8)
            (flow-dport k) (load u16 data 10)
            (flow-proto k) (load u8 data 12))
      (incf (getmap flows k))
      (setf (flow-proto k) 17)
      (incf (getmap flows k) 2)
      (setf (flow-proto k) 1)
      (incf (getmap flows k))
      (remmap flows k)
      (setf (flow-proto k) (load u8 data 12))
      (setf (getmap out 0) (getmap flows k))))
  XDP_PASS)
