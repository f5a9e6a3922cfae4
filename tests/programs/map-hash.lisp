;; getmap, setf getmap, incf, decf and remmap on a :hash map: incf/decf
;; of a missing key creates it holding the delta (semantics.md); getmap of
;; a missing key gives 0; remmap deletes.
;; After 3 runs: h[7] = 3, h[8] = 30, h[9] = -6 (created at -2, then -2
;; twice more), h[1] = 42, h[2] removed each run, h[3] never written.
;; out[0] = getmap h 3 = 0; out[1] = getmap h 1 = 42; out[2] = getmap h 2
;; after remmap = 0; out[3] = getmap h 7 in the last run = 3.
;; test: --data-len 14 --repeat 3 => retval 2
;; and: h[7] = 3; h[8] = 30; h[9] = -6; h[1] = 42; h[2] absent; h[3] absent
;; and: h size 4; out[0] = 0; out[1] = 42; out[2] = 0; out[3] = 3
;; test: --data-len 14 => retval 2
;; and: h[7] = 1; h[8] = 10; h[9] = -2; h size 4; out[3] = 1
(defmap h :type :hash :key-size 4 :value-size 8 :max-entries 8)
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 4)

(defprog map-hash (:type :xdp :section "xdp")
  (incf (getmap h 7))
  (incf (getmap h 8) 10)
  (decf (getmap h 9) 2)
  (setf (getmap h 1) 42)
  (setf (getmap h 2) 43)
  (remmap h 2)
  (setf (getmap out 0) (getmap h 3)
        (getmap out 1) (getmap h 1)
        (getmap out 2) (getmap h 2)
        (getmap out 3) (getmap h 7))
  XDP_PASS)
