;; The same map forms on an :lru-hash map: incf creates, setf writes,
;; remmap deletes, getmap of a missing key gives 0.
;; k = the packet's first byte. After 4 runs with k = 5:
;; lru[5] = 4, lru[6] = 2 * 4 = 8, lru[100] = 77, lru[101] removed.
;; out[0] = getmap lru k = 4 (last run), out[1] = getmap lru 101 = 0.
;; test: --hex 05000000000000000000000000000000 --repeat 4 => retval 2
;; and: lru[5] = 4; lru[6] = 8; lru[100] = 77; lru[101] absent; lru size 3
;; and: out[0] = 4; out[1] = 0
(defmap lru :type :lru-hash :key-size 4 :value-size 8 :max-entries 16)
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 2)

(defprog map-lru-hash (:type :xdp :section "xdp")
  (with-packet (data end :min-len 16)
    (let ((k (load u8 data 0)))
      (incf (getmap lru k))
      (incf (getmap lru (+ k 1)) 2)
      (setf (getmap lru 100) 77)
      (setf (getmap lru 101) 1)
      (remmap lru 101)
      (setf (getmap out 0) (getmap lru k)
            (getmap out 1) (getmap lru 101))))
  XDP_PASS)
