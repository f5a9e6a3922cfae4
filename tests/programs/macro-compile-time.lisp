;; defmacro with the compile-time Lisp: &rest, &optional, &key defaults,
;; gensym, mapcar over a defconstant list, loop ... collect, a defun
;; called at expansion time, and a defconstant computed from others.
;; a, b, c = the packet's first three bytes = 2, 3, 4.
;;   (weighted-sum a b c) with weights (3 5 7): 6 + 15 + 28 = 49
;;   (clamp (* a 100)) = 200; (clamp (* b 100)) = 255; (clamp (- a 3) :lo 1 :hi 9)
;;     (- a 3) is 2^64-1 unsigned: above hi, so 9
;;   (bytes-sum data 4): 2 + 3 + 4 + 0 = 9
;;   (square-of 12) expands to the constant 144; +mask+ = (logior 1 4 16) = 21
;;   (plus a) = a + 10 = 12; (plus a b) = 5
;; test: --hex 02030400000000000000000000000000 => retval 2
;; and: out[0] = 49; out[1] = 200; out[2] = 255; out[3] = 9; out[4] = 9
;; and: out[5] = 144; out[6] = 21; out[7] = 12; out[8] = 5
(defconstant +weights+ '(3 5 7))
(defconstant +mask+ (logior 1 4 16))
(defun square (x) (* x x))

(defmacro weighted-sum (&rest vars)
  `(+ ,@(mapcar (lambda (w v) `(* ,w ,v)) +weights+ vars)))

(defmacro clamp (x &key (lo 0) (hi 255))
  (let ((g (gensym "X")))
    `(let ((,g ,x))
       (if (< ,g ,lo) ,lo (if (> ,g ,hi) ,hi ,g)))))

(defmacro bytes-sum (ptr n)
  `(+ ,@(loop for i below n collect `(load u8 ,ptr ,i))))

(defmacro square-of (n) (square n))

(defmacro plus (a &optional (b 10))
  `(+ ,a ,b))

(defmap out :type :array :key-size 4 :value-size 8 :max-entries 9)

(defprog macro-compile-time (:type :xdp :section "xdp")
  (with-packet (data data-end :min-len 16)
    (setf (getmap out 0) (let ((a (load u8 data 0))
                               (b (load u8 data 1))
                               (c (load u8 data 2)))
                           (weighted-sum a b c))
          (getmap out 4) (bytes-sum data 4))
    (let ((a (load u8 data 0))
          (b (load u8 data 1)))
      (setf (getmap out 1) (clamp (* a 100))
            (getmap out 2) (clamp (* b 100))
            (getmap out 3) (clamp (- a 3) :lo 1 :hi 9)
            (getmap out 5) (square-of 12)
            (getmap out 6) +mask+
            (getmap out 7) (plus a)
            (getmap out 8) (plus a b))))
  XDP_PASS)
