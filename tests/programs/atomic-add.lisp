;; (atomic-add ptr offset value [type]): a locked add of 64 bits (the
;; default) or 32 bits at ptr+offset; the 32-bit add wraps within its
;; 4 bytes and leaves the neighbours alone.
;; d = the packet's first little-endian u64. Each run adds d to cnt[0]
;; (u64), and to the 16-byte value two[0] = {a u64, b u32, c u32}: 3 to a,
;; d to b (u32), -1 to c (u32).
;; d = 5, 2 runs: cnt[0] = 10; a = 6, b = 10, c = 0xfffffffe
;; test: --hex 05000000000000000000000000000000 --repeat 2 => retval 2
;; and: cnt[0] = 10
;; and: two[0] = "06 00 00 00 00 00 00 00 0a 00 00 00 fe ff ff ff"
;; d = 0xffffffff, 2 runs: cnt[0] = 0x1fffffffe; b = 0x1fffffffe mod 2^32
;; test: --hex ffffffff000000000000000000000000 --repeat 2 => retval 2
;; and: cnt[0] = 0x1fffffffe
;; and: two[0] = "06 00 00 00 00 00 00 00 fe ff ff ff fe ff ff ff"
(defmap cnt :type :array :key-size 4 :value-size 8 :max-entries 1)
(defmap two :type :array :key-size 4 :value-size 16 :max-entries 1)

(defprog atomic-add-forms (:type :xdp :section "xdp")
  (with-packet (data end :min-len 16)
    (let ((d (load u64 data 0)))
      (when-let ((p (map-lookup cnt 0)))
        (atomic-add p 0 d))
      (when-let ((p (map-lookup two 0)))
        (atomic-add p 0 3)
        (atomic-add p 8 d u32)
        (atomic-add p 12 -1 u32))))
  XDP_PASS)
