;; case matches a key against integer literals, lists of them and
;; defconstant names (by value); t and otherwise are the default clause;
;; no match and no default gives 0. p = the packet's first byte.
;; The return value:
;;   (case p (+ip-proto-tcp+ 1) (+ip-proto-udp+ 2) ((41 47) 3) (0 4) (t 5))
;; out[0] = (case p ((1 2 3) 10) (otherwise 20))
;; out[1] = (case p (6 100) (+my-proto+ 200)) where +my-proto+ = 99; else 0
;; test: --hex 06000000000000000000000000000000 => retval 1
;; and: out[0] = 20; out[1] = 100
;; test: --hex 11000000000000000000000000000000 => retval 2
;; and: out[0] = 20; out[1] = 0
;; test: --hex 29000000000000000000000000000000 => retval 3
;; test: --hex 2f000000000000000000000000000000 => retval 3
;; test: --hex 00000000000000000000000000000000 => retval 4
;; test: --hex 02000000000000000000000000000000 => retval 5
;; and: out[0] = 10; out[1] = 0
;; test: --hex 63000000000000000000000000000000 => retval 5
;; and: out[0] = 20; out[1] = 200
(defconstant +my-proto+ 99)
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 2)

(defprog case-forms (:type :xdp :section "xdp")
  (with-packet (data end :min-len 16)
    (let ((p (load u8 data 0)))
      (setf (getmap out 0) (case p
                             ((1 2 3) 10)
                             (otherwise 20))
            (getmap out 1) (case p
                             (6 100)
                             (+my-proto+ 200)))
      (case p
        (+ip-proto-tcp+ 1)
        (+ip-proto-udp+ 2)
        ((41 47) 3)
        (0 4)
        (t 5)))))
