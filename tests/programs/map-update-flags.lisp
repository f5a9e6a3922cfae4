;; map-update, map-delete and map-lookup return what the helpers return:
;; 0 on success, a negative errno otherwise (stored as 64-bit values).
;; On a :hash map:
;;   out[0] (map-update h 1 10 BPF_NOEXIST)  0      (new key)
;;   out[1] (map-update h 1 11 BPF_NOEXIST)  -17    EEXIST: the key exists
;;   out[2] (map-update h 2 20 BPF_EXIST)    -2     ENOENT: no key 2
;;   out[3] (map-update h 1 12 BPF_EXIST)    0      h[1] = 12
;;   out[4] (map-update h 3 30 BPF_ANY)      0
;;   out[5] (map-delete h 3)                 0
;;   out[6] (map-delete h 3)                 -2     ENOENT
;;   out[7] (map-update h 4 40)              0      flags default to 0
;;   out[11] the value map-lookup h 1 points to: 12
;;   out[12] (if (map-lookup h 2) 1 0): 0
;; On an :array map (its elements always exist):
;;   out[8] (map-update a 0 5 BPF_NOEXIST)   -17    EEXIST
;;   out[9] (map-delete a 0)                 -22    EINVAL
;;   out[10] (map-update a 9 5 BPF_ANY)      -7     E2BIG: index past the end
;; test: --data-len 14 => retval 2
;; and: out[0] = 0; out[1] = -17; out[2] = -2; out[3] = 0; out[4] = 0
;; and: out[5] = 0; out[6] = -2; out[7] = 0; out[8] = -17; out[9] = -22
;; and: out[10] = -7; out[11] = 12; out[12] = 0
;; and: h[1] = 12; h[2] absent; h[3] absent; h[4] = 40; h size 2; a[0] = 0
(defmap h :type :hash :key-size 4 :value-size 8 :max-entries 8)
(defmap a :type :array :key-size 4 :value-size 8 :max-entries 2)
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 13)

(defprog map-update-flags (:type :xdp :section "xdp")
  (setf (getmap out 0) (map-update h 1 10 BPF_NOEXIST))
  (setf (getmap out 1) (map-update h 1 11 BPF_NOEXIST))
  (setf (getmap out 2) (map-update h 2 20 BPF_EXIST))
  (setf (getmap out 3) (map-update h 1 12 BPF_EXIST))
  (setf (getmap out 4) (map-update h 3 30 BPF_ANY))
  (setf (getmap out 5) (map-delete h 3))
  (setf (getmap out 6) (map-delete h 3))
  (setf (getmap out 7) (map-update h 4 40))
  (setf (getmap out 8) (map-update a 0 5 BPF_NOEXIST))
  (setf (getmap out 9) (map-delete a 0))
  (setf (getmap out 10) (map-update a 9 5 BPF_ANY))
  (when-let ((p (map-lookup h 1)))
    (setf (getmap out 11) (load u64 p 0)))
  (setf (getmap out 12) (if (map-lookup h 2) 1 0))
  XDP_PASS)
