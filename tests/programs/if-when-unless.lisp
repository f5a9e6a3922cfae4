;; The value of if, when and unless when used as a value: the taken
;; branch's value; 0 for a missing else, a skipped when and a skipped
;; unless; the last body form otherwise. a = the packet's first byte.
;; a = 5:
;;   (if (> a 3) 10 20) = 10     (if (< a 3) 10) = 0
;;   (when (> a 3) 1 2 30) = 30  (when (< a 3) 30) = 0
;;   (unless (> a 3) 40) = 0     (unless (< a 3) 1 40) = 40
;;   (if a 7 8) = 7 (any non-zero test is true)
;;   (+ 100 (if (< a 3) 1)) = 100
;; test: --hex 05000000000000000000000000000000 => retval 2
;; and: out[0] = 10; out[1] = 0; out[2] = 30; out[3] = 0; out[4] = 0
;; and: out[5] = 40; out[6] = 7; out[7] = 100
;; a = 0: 20, 10, 0, 30, 40, 0, 8, 101
;; test: --hex 00000000000000000000000000000000 => retval 2
;; and: out[0] = 20; out[1] = 10; out[2] = 0; out[3] = 30; out[4] = 40
;; and: out[5] = 0; out[6] = 8; out[7] = 101
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 8)

(defprog if-when-unless (:type :xdp :section "xdp")
  (with-packet (data end :min-len 16)
    (let ((a (load u8 data 0)))
      (setf (getmap out 0) (if (> a 3) 10 20)
            (getmap out 1) (if (< a 3) 10)
            (getmap out 2) (when (> a 3) 1 2 30)
            (getmap out 3) (when (< a 3) 30)
            (getmap out 4) (unless (> a 3) 40)
            (getmap out 5) (unless (< a 3) 1 40)
            (getmap out 6) (if a 7 8)
            (getmap out 7) (+ 100 (if (< a 3) 1)))))
  XDP_PASS)
