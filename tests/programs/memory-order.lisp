;; Memory operations whose order matters, for the optimizer's store-to-load
;; forwarding, load CSE and dead-store elimination:
;;   out[0]: store u32 #x11223344 at s+0, then u8 #xaa at s+1, then load
;;           u32 s+0 = 0x1122aa44 (the overlapping byte store wins)
;;   out[1]: load u32 s+0, store u16 #xbeef at s+2, load u32 s+0 again:
;;           0xbeefaa44 (the second load is not the first one reused)
;;   m[0], m[1]: v = 1 in a stack struct, written to m[0]; v = 2, written to
;;           m[1]: the first store is needed by the first update
;;           (m[0] = 1, m[1] = 2)
;;   out[3]: p = the address of arr[0]; store 5 through p; (setf (getmap
;;           arr 0) 9) rewrites the same element inside the helper; load
;;           through p = 9 (nothing forwarded across the call)
;;   out[4]: (load u64 s 0) after memset of bytes 0..7 to 0 = 0
;;   out[5]: a load from the packet, a store to the stack, the same load:
;;           both 0x0d0c0b0a; out[5] holds their sum 0x1a181614
;; test: --hex 0a0b0c0d00000000000000000000000000 => retval 2
;; and: out[0] = 0x1122aa44; out[1] = 0xbeefaa44
;; and: m[0] = "01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
;; and: m[1] = "02 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
;; and: out[3] = 9; arr[0] = 9; out[4] = 0; out[5] = 0x1a181614
(defstruct cell (v u64) (w u64))
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 6)
(defmap m :type :array :key-size 4 :value-size 16 :max-entries 2)
(defmap arr :type :array :key-size 4 :value-size 8 :max-entries 1)

(defprog memory-order (:type :xdp :section "xdp")
  (let ((s (make-cell)))
    (store u32 s 0 #x11223344)
    (store u8 s 1 #xaa)
    (setf (getmap out 0) (load u32 s 0))
    (let ((before (load u32 s 0)))
      (store u16 s 2 #xbeef)
      (setf (getmap out 1) (+ (- (load u32 s 0) before) before)))
    (memset s 0 0 8)
    (setf (getmap out 4) (load u64 s 0)))
  (let ((c (make-cell)))
    (setf (cell-v c) 1)
    (setf (getmap m 0) c)
    (setf (cell-v c) 2)
    (setf (getmap m 1) c))
  (when-let ((p (map-lookup arr 0)))
    (store u64 p 0 5)
    (setf (getmap arr 0) 9)
    (setf (getmap out 3) (load u64 p 0)))
  (with-packet (data data-end :min-len 16)
    (let ((tmp (make-cell)))
      (let ((a (load u32 data 0)))
        (store u64 tmp 0 a)
        (setf (getmap out 5) (+ a (load u32 data 0))))))
  XDP_PASS)
