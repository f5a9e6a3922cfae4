;; Values that meet after branches (phis of variables, not constants):
;; an if whose arms assign different variables, nested ifs choosing the
;; larger or smaller operand, conditional updates, a cond over variables,
;; and a conditional swap. a, b: the packet's first two u64s; c: byte 16.
;;   out[0] = x after (if (= c 1) (setf x a) (setf x b))
;;   out[1] = (if (= c 1) (if (> a b) a b) (if (> a b) b a))
;;   out[2] = y from y = a; when c = 2: y += b; unless c = 3: y *= 2
;;   out[3] = (cond ((= c 1) a) ((= c 2) b) (t (+ a b)))
;;   out[4], out[5] = p, q after p = a, q = b and, unless c = 4, a swap
;;              through (psetf-like) parallel let
;; a = 0x5, b = 7, c = 1
;; test: --hex 050000000000000007000000000000000100000000000000 => retval 2
;; and: out[0] = 0x5; out[1] = 0x7; out[2] = 0xa; out[3] = 0x5; out[4] = 0x7; out[5] = 0x5
;; a = 0x5, b = 7, c = 2
;; test: --hex 050000000000000007000000000000000200000000000000 => retval 2
;; and: out[0] = 0x7; out[1] = 0x5; out[2] = 0x18; out[3] = 0x7; out[4] = 0x7; out[5] = 0x5
;; a = 0x9, b = 7, c = 3
;; test: --hex 090000000000000007000000000000000300000000000000 => retval 2
;; and: out[0] = 0x7; out[1] = 0x7; out[2] = 0x9; out[3] = 0x10; out[4] = 0x7; out[5] = 0x9
;; a = 0x100000000, b = 3, c = 4
;; test: --hex 000000000100000003000000000000000400000000000000 => retval 2
;; and: out[0] = 0x3; out[1] = 0x3; out[2] = 0x200000000; out[3] = 0x100000003; out[4] = 0x100000000; out[5] = 0x3
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 6)

(defprog control-phis (:type :xdp :section "xdp")
  (with-packet (data data-end :min-len 24)
    (let ((a (load u64 data 0))
          (b (load u64 data 8))
          (c (load u8 data 16)))
      (let ((x 0))
        (if (= c 1)
            (setf x a)
            (setf x b))
        (setf (getmap out 0) x))
      (setf (getmap out 1) (if (= c 1)
                               (if (> a b) a b)
                               (if (> a b) b a)))
      (let ((y a))
        (when (= c 2)
          (setf y (+ y b)))
        (unless (= c 3)
          (setf y (* y 2)))
        (setf (getmap out 2) y))
      (setf (getmap out 3) (cond ((= c 1) a)
                                 ((= c 2) b)
                                 (t (+ a b))))
      (let ((p a)
            (q b))
        (unless (= c 4)
          (let ((p2 q)
                (q2 p))
            (setf p p2
                  q q2)))
        (setf (getmap out 4) p
              (getmap out 5) q))))
  XDP_PASS)
