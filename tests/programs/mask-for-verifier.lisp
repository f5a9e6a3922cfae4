;; A mask the program applies stays when the kernel verifier needs it to
;; bound a packet offset, even where wh-opt knows the value is already that
;; narrow: the verifier does not bound a division or a modulo, and
;; refuses adding an unbounded scalar to a packet pointer
;; ("math between pkt pointer and register with unbounded min value").
;; wh-opt dropped (logand (mod 1 g) 1), whose operand is 0 or 1 (random
;; program 20261 of size 2 of the differential tester). The program
;; returns the packet byte at offset (mod 1 g) & 1, g the packet's u16 at
;; 0 (x mod 0 = x):
;; g = 0: 1 mod 0 = 1, the byte at 1 (0x11).
;; test: --hex 00112233445566778899aabbccddeeff => retval 0x11
;; g = 1: 1 mod 1 = 0, the byte at 0 (0x01).
;; test: --hex 01002233445566778899aabbccddeeff => retval 0x01
;; g = 2: 1 mod 2 = 1, the byte at 1 (0x00).
;; test: --hex 02002233445566778899aabbccddeeff => retval 0
(defprog mask-for-verifier (:type :xdp :section "xdp")
  (with-packet (data end :min-len 16)
    (let ((p (+ data (logand (mod 1 (load u16 data 0)) 1))))
      (if (> (+ p 1) end) XDP_PASS (load u8 p 0)))))

