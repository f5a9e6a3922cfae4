;; getmap, setf getmap, incf and decf on an :array map (8-byte values):
;; incf/decf are a lookup and an atomic add, so the counts add up over
;; repeated runs; decf below 0 wraps to 2^64 - n; getmap of an index past
;; max-entries gives 0 and incf of it changes nothing.
;; k = the packet's first byte, a runtime key.
;; One run per line; --repeat 3 runs the program three times on the maps.
;; k = 3, 3 runs: arr[0] = 3, arr[1] = 15, arr[2] = -3, arr[3] = 300;
;;   out[0] = getmap arr 1 in the last run = 15, out[1] = getmap arr 9 = 0,
;;   out[2] = getmap arr k = 300, out[3] = (setf (getmap out 3) ...) of
;;   (+ (getmap arr 0) 1000) = 1003.
;; test: --hex 03000000000000000000000000000000 --repeat 3 => retval 2
;; and: arr[0] = 3; arr[1] = 15; arr[2] = -3; arr[3] = 300
;; and: out[0] = 15; out[1] = 0; out[2] = 300; out[3] = 1003
;; k = 9 (out of range), 1 run: the incf by k does nothing; getmap gives 0
;; test: --hex 09000000000000000000000000000000 => retval 2
;; and: arr[0] = 1; arr[1] = 5; arr[2] = -1; arr[3] = 0
;; and: out[0] = 5; out[1] = 0; out[2] = 0; out[3] = 1001
;; arr has 4 entries whatever happens (an array map is never smaller)
;; and: arr size 4
(defmap arr :type :array :key-size 4 :value-size 8 :max-entries 4)
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 4)

(defprog map-array (:type :xdp :section "xdp")
  (with-packet (data end :min-len 16)
    (let ((k (load u8 data 0)))
      (incf (getmap arr 0))
      (incf (getmap arr 1) 5)
      (decf (getmap arr 2))
      (incf (getmap arr k) 100)
      (setf (getmap out 0) (getmap arr 1)
            (getmap out 1) (getmap arr 9)
            (getmap out 2) (getmap arr k)
            (getmap out 3) (+ (getmap arr 0) 1000))))
  XDP_PASS)
