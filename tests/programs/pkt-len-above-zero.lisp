;; (> (- end data) 0) compares the packet's length with 0; wh-lower made it
;; (< data end), a comparison of `data` itself with the end pointer, and
;; on the branch where it is false the verifier marked the register of
;; `data` as pointing past the packet, so the load after the join was
;; refused ("R6 offset is outside of the packet"; random program 6831 of
;; size 1 of the differential tester). After the 16-byte check the length
;; is above 0, so results[0] = 5; the program returns the byte at 9.
;; test: --hex 00112233445566778899aabbccddeeff => retval 0x99
;; and: results[0] = 5
(defmap results :type :array :key-size 4 :value-size 8 :max-entries 1)
(defprog pkt-len-above-zero (:type :xdp :section "xdp")
  (with-packet (data end :min-len 16)
    (let ((j (load u8 data 3)))
      (setf (getmap results 0) (if (> (- end data) 0) 5 j))
      (load u8 data 9))))
