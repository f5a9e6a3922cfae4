;; Helper calls by name, with their return values: ktime-get-ns grows
;; (two readings, the second not smaller), get-prandom-u32 fits 32 bits,
;; get-smp-processor-id is a CPU number (below 4096), ktime-get-coarse-ns
;; is non-zero. Bit i of the return value is set when check i holds.
;; test: --data-len 14 --repeat 4 => retval 15
(defprog helpers-misc (:type :xdp :section "xdp")
  (let* ((t1 (ktime-get-ns))
         (t2 (ktime-get-ns))
         (r (get-prandom-u32))
         (cpu (get-smp-processor-id))
         (c (ktime-get-coarse-ns)))
    (logior (if (>= t2 t1) 1 0)
            (if (= (>> r 32) 0) 2 0)
            (if (< cpu 4096) 4 0)
            (if (/= c 0) 8 0))))
