;; the class of mutant 1520 (seed 13): an index read from the packet moves
;; a pointer into a stack array; the kernel takes it to be up to 255, so the
;; write may land 1020 bytes past the array, beyond the 512-byte stack
(defstruct table (xs (array u32 8)))
(defmap out :type :array :key-size 4 :value-size 32 :max-entries 1)
(defprog index (:type :xdp :section "xdp")
  (with-packet (data end :min-len 8)
    (let ((i (load u8 data 0))
          (tb (make-table)))
      (setf (table-xs tb i) (load u32 data 4))
      (setf (getmap out 0) tb)))
  XDP_PASS)
