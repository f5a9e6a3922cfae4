;; setq assigns like setf; t is 1 and nil is 0 as values and as tests;
;; (if nil ...) takes the else branch.
;; a = the packet's first byte = 3.
;;   out[0] = (progn (setq x (+ a 1)) x) = 4
;;   out[1] = t = 1; out[2] = nil = 0; out[3] = (if nil 5 6) = 6
;;   out[4] = (if (and a t) 7 8) = 7; out[5] = (or nil a) = 3
;; test: --hex 03000000000000000000000000000000 => retval 2
;; and: out[0] = 4; out[1] = 1; out[2] = 0; out[3] = 6; out[4] = 7; out[5] = 3
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 6)

(defprog setq-t-nil (:type :xdp :section "xdp")
  (with-packet (data data-end :min-len 16)
    (let ((a (load u8 data 0))
          (x 0))
      (setf (getmap out 0) (progn (setq x (+ a 1)) x)
            (getmap out 1) t
            (getmap out 2) nil
            (getmap out 3) (if nil 5 6)
            (getmap out 4) (if (and a t) 7 8)
            (getmap out 5) (or nil a))))
  XDP_PASS)
