;; Pointers that the verifier tracks, live across helper calls: six packet
;; pointers (data + 8k), five map value pointers and the context (read
;; again after the calls). Spilled or not, each must come back as the same
;; kind of pointer with its bounds, or the verifier rejects the loads.
;; The packet's u64 word k = #x0101010101010101 * (k+1), xor
;; #xf0f0f0f0f0f0f0f0 for odd k; out[0] = the sum of words 0..5 read
;; through p0..p5 after the calls; vals[0..4] each get +1, +2, ... +5
;; through pointers looked up before the calls; out[1] = (ctx rx-queue-index)
;; after the calls (0), out[2] = the frame length from (ctx data) and
;; (ctx data-end) read after the calls.
;; test: --hex 0101010101010101f2f2f2f2f2f2f2f20303030303030303f4f4f4f4f4f4f4f40505050505050505f6f6f6f6f6f6f6f6 => retval 2
;; and: out[0] = 0xe7e7e7e7e7e7e7e5; out[1] = 0; out[2] = 48; count[0] = 3
;; and: vals[0] = 1; vals[1] = 2; vals[2] = 3; vals[3] = 4; vals[4] = 5
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 3)
(defmap count :type :array :key-size 4 :value-size 8 :max-entries 1)
(defmap vals :type :array :key-size 4 :value-size 8 :max-entries 5)

(defprog spill-pointers (:type :xdp :section "xdp")
  (with-packet (data data-end :min-len 48)
    (let ((p0 (+ data 0))
          (p1 (+ data 8))
          (p2 (+ data 16))
          (p3 (+ data 24))
          (p4 (+ data 32))
          (p5 (+ data 40)))
      (incf (getmap count 0))
      (incf (getmap count 0))
      (incf (getmap count 0))
      (setf (getmap out 0) (+ (load u64 p0 0) (load u64 p1 0) (load u64 p2 0)
                              (load u64 p3 0) (load u64 p4 0) (load u64 p5 0)))))
  (when-let ((a (map-lookup vals 0))
             (b (map-lookup vals 1))
             (c (map-lookup vals 2))
             (d (map-lookup vals 3))
             (e (map-lookup vals 4)))
    (setf (getmap out 1) 7)
    (setf (getmap out 2) 7)
    (atomic-add a 0 1)
    (atomic-add b 0 2)
    (atomic-add c 0 3)
    (atomic-add d 0 4)
    (atomic-add e 0 5))
  (setf (getmap out 1) (ctx rx-queue-index)
        (getmap out 2) (- (ctx data-end) (ctx data)))
  XDP_PASS)
