;; A packet pointer comes from a u32 field of the context, but the kernel
;; makes it a 64-bit address: wh-opt must not take it for a value below
;; 2^32. It did, and turned `data + 0` (the comparison of a u8 with 0 is
;; 0) into a 32-bit move of the pointer, which the verifier refuses ("R2
;; invalid mem access 'scalar'"; random program 5168 of size 8). The
;; program stores the packet's first byte in results[0] and returns 0;
;; with a byte of 0x80 or more the signed comparison is still false (a u8
;; read is never negative).
;; test: --hex 7f0102030405060708090a0b0c0d0e0f => retval 0; results[0] = 0x7f
;; test: --hex 900102030405060708090a0b0c0d0e0f => retval 0; results[0] = 0x90
(defmap results :type :array :key-size 4 :value-size 8 :max-entries 8)
(defprog packet-pointer-not-u32 (:type :xdp :section "xdp" :license "GPL")
  (let ((data (xdp-data)) (data-end (xdp-data-end)))
    (when (> (+ data 1) data-end) (return xdp_pass))
    (let ((acc (load u8 data 0)))
      (setf (getmap results 0) (let ((pq (+ data (s< acc 0)))) (load u8 pq 0)))
      0)))
