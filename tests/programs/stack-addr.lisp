;; (stack-addr var) is the address of a variable kept on the stack: it
;; passes as a key or value pointer to the map forms, and the variable
;; keeps its value (reads after the call see it).
;; key u32 = 3, val u64 = the packet's first u64 (0x1122334455667788):
;;   (map-update m (stack-addr key) (stack-addr val) BPF_ANY) -> m[3] = val
;;   out[0] = the value map-lookup finds at (stack-addr key): val
;;   out[1] = key + 1 = 4 (key still readable as a variable)
;; test: --hex 88776655443322110000000000000000 => retval 2
;; and: m[3] = 0x1122334455667788; out[0] = 0x1122334455667788; out[1] = 4
(defmap m :type :hash :key-size 4 :value-size 8 :max-entries 4)
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 2)

(defprog stack-addr-forms (:type :xdp :section "xdp")
  (with-packet (data end :min-len 16)
    (let ((key u32 3)
          (val (load u64 data 0)))
      (map-update m (stack-addr key) (stack-addr val) BPF_ANY)
      (when-let ((p (map-lookup m (stack-addr key))))
        (setf (getmap out 0) (load u64 p 0)))
      (setf (getmap out 1) (+ key 1))))
  XDP_PASS)
