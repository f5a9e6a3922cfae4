;; A mask stays where the kernel verifier needs it to bound a packet
;; offset, even though the value it masks is a 0 or 1 shifted right: the
;; verifier bounds a shift only by a constant amount, and refuses adding
;; an unbounded scalar to a packet pointer ("math between pkt pointer and
;; register with unbounded min value"). wh-opt dropped the mask of
;; (logand (>> flag n) 1) (random program 1195 of size 8 of the
;; differential tester). The program returns the packet byte at offset
;; ((byte0 < 5) >> (byte1 & 63)) & 1:
;; byte0 3, byte1 0x40 (amount 0): 1 >> 0 = 1, the byte at 1 (0x40).
;; test: --hex 03402233445566778899aabbccddeeff => retval 0x40
;; byte0 3, byte1 1: 1 >> 1 = 0, the byte at 0 (0x03).
;; test: --hex 03012233445566778899aabbccddeeff => retval 0x03
;; byte0 7, byte1 0x40: (7 < 5) = 0, the byte at 0 (0x07).
;; test: --hex 07402233445566778899aabbccddeeff => retval 0x07
(defprog mask-shift-for-verifier (:type :xdp :section "xdp")
  (with-packet (data end :min-len 16)
    (let ((p (+ data (logand (>> (< (load u8 data 0) 5)
                                 (logand (load u8 data 1) 63))
                             1))))
      (if (> (+ p 1) end) XDP_PASS (load u8 p 0)))))
