;; A packet offset this compiler can bound but the kernel verifier cannot:
;; `(mod 3 y)` is at most 3 for every y (3 mod 0 is 3), but the verifier
;; knows nothing of a modulo by a register and refuses adding it to a
;; pointer into the packet. wh-opt's vbound pass masks the offset with 3 (the
;; same value), which the verifier follows. (Mutant 540 of a bench/mutate
;; run.) The program returns the byte at 3 mod byte0:
;; byte0 2: 3 mod 2 = 1, the byte at 1 (0xaa).
;; test: --hex 02aabbccddeeff00112233445566778899 => retval 0xaa
;; byte0 0: 3 mod 0 = 3, the byte at 3 (0xcc).
;; test: --hex 00aabbccddeeff00112233445566778899 => retval 0xcc
;; byte0 5: 3 mod 5 = 3 (0xcc); byte0 3: 0, the byte at 0 (3).
;; test: --hex 05aabbccddeeff00112233445566778899 => retval 0xcc
;; test: --hex 03aabbccddeeff00112233445566778899 => retval 3
(defprog offset-bound-for-verifier (:type :xdp :section "xdp")
  (with-packet (data end :min-len 16)
    (let ((p (+ data (mod 3 (load u8 data 0)))))
      (if (> (+ p 1) end) XDP_PASS (load u8 p 0)))))
