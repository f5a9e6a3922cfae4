;; cond tests its clauses in order and gives the value of the first clause
;; whose test holds (its last body form); a final t clause is the default;
;; no matching clause and no default gives 0. a = the packet's first byte.
;; The return value is (cond ((= a 6) 10) ((= a 17) 20) ((> a 100) 30) (t 40))
;; and out[0] = (cond ((= a 1) 111) ((= a 6) 1 2 66)): 66 for 6, else 0
;; (111 for 1); out[1] = the first clause taken when two tests hold:
;; (cond ((> a 5) 1) ((> a 3) 2)) = 1 for a = 6.
;; test: --hex 06000000000000000000000000000000 => retval 10
;; and: out[0] = 66; out[1] = 1
;; test: --hex 11000000000000000000000000000000 => retval 20
;; and: out[0] = 0; out[1] = 1
;; test: --hex 80000000000000000000000000000000 => retval 30
;; and: out[0] = 0; out[1] = 1
;; test: --hex 04000000000000000000000000000000 => retval 40
;; and: out[0] = 0; out[1] = 2
;; test: --hex 01000000000000000000000000000000 => retval 40
;; and: out[0] = 111; out[1] = 0
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 2)

(defprog cond-forms (:type :xdp :section "xdp")
  (with-packet (data end :min-len 16)
    (let ((a (load u8 data 0)))
      (setf (getmap out 0) (cond ((= a 1) 111)
                                 ((= a 6) 1 2 66))
            (getmap out 1) (cond ((> a 5) 1)
                                 ((> a 3) 2)))
      (cond ((= a 6) 10)
            ((= a 17) 20)
            ((> a 100) 30)
            (t 40)))))
