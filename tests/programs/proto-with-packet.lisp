;; with-packet and with-eth: the body runs when the frame is long enough
;; and the form's value is the body's; otherwise the program returns
;; XDP_PASS at once (semantics.md). :min-len defaults to 0.
;;   out[0] = (with-packet (d e) 7) = 7 for any frame
;;   out[1] = (with-eth (d e) (eth-type d))
;;   the return value is (+ 1 (with-packet (data end :min-len 20) 5)): 6
;; 20 bytes, type #x0800: 6
;; test: --hex 0000000000000000000000000800000000000000 => retval 6
;; and: out[0] = 7; out[1] = 0x800; out[2] = 1
;; 19 bytes: the last with-packet fails, XDP_PASS; the first two ran
;; test: --hex 00000000000000000000000086dd0000000000 => retval 2
;; and: out[0] = 7; out[1] = 0x86dd; out[2] = 0
;; 14 bytes
;; test: --data-len 14 => retval 2
;; and: out[0] = 7; out[1] = 0; out[2] = 0
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 3)

(defprog proto-with-packet (:type :xdp :section "xdp")
  (setf (getmap out 0) (with-packet (d e) 7))
  (setf (getmap out 1) (with-eth (d e) (eth-type d)))
  (+ 1 (with-packet (data data-end :min-len 20)
         (setf (getmap out 2) 1)
         5)))
