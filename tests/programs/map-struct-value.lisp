;; Maps whose values are 16-byte structs: getmap gives the value's address
;; (0 when absent); setf getmap with a struct copies it whole; setf getmap
;; with a scalar writes it zero-extended to the whole value (semantics.md).
;; The -ptr forms take key and value addresses.
;;   stats: packets u64 @0, bytes u64 @8
;; st[1]: written as {1, 64}, then atomic-add 1 and 100 through getmap's
;;   pointer: {2, 164}
;; st[2]: (setf (getmap st 2) 42): 2a then 15 zero bytes
;; st[5]: map-update-ptr {7, 9} with BPF_NOEXIST gives 0, again -17;
;;   map-lookup-ptr reads packets = 7 (out[2])
;; st[6]: map-update-ptr then map-delete-ptr (gives 0): absent
;; out[0] = (if (getmap st 3) 1 0) = 0 (absent); out[1] = bytes of st[1]
;; read through getmap = 164; out[3], out[4] = the two map-update-ptr
;; results for st[5]; out[5] = the map-delete-ptr result.
;; test: --data-len 14 => retval 2
;; and: st[1] = "02 00 00 00 00 00 00 00 a4 00 00 00 00 00 00 00"
;; and: st[2] = "2a 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
;; and: st[5] = "07 00 00 00 00 00 00 00 09 00 00 00 00 00 00 00"
;; and: st[6] absent; st size 3
;; and: out[0] = 0; out[1] = 164; out[2] = 7; out[3] = 0; out[4] = -17; out[5] = 0
(defstruct stats (packets u64) (bytes u64))
(defmap st :type :hash :key-size 4 :value-size 16 :max-entries 8)
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 6)

(defprog map-struct-value (:type :xdp :section "xdp")
  (let ((s (make-stats)))
    (setf (stats-packets s) 1
          (stats-bytes s) 64)
    (setf (getmap st 1) s))
  (when-let ((p (getmap st 1)))
    (atomic-add p 0 1)
    (atomic-add p 8 100))
  (setf (getmap st 2) 42)
  (setf (getmap out 0) (if (getmap st 3) 1 0))
  (when-let ((p (getmap st 1)))
    (setf (getmap out 1) (stats-bytes p)))
  (let ((key u32 5)
        (v (make-stats)))
    (setf (stats-packets v) 7
          (stats-bytes v) 9)
    (setf (getmap out 3) (map-update-ptr st (stack-addr key) v BPF_NOEXIST))
    (setf (getmap out 4) (map-update-ptr st (stack-addr key) v BPF_NOEXIST))
    (when-let ((p (map-lookup-ptr st (stack-addr key))))
      (setf (getmap out 2) (load u64 p 0))))
  (let ((key6 u32 6)
        (v (make-stats)))
    (map-update-ptr st (stack-addr key6) v BPF_ANY)
    (setf (getmap out 5) (map-delete-ptr st (stack-addr key6))))
  XDP_PASS)
