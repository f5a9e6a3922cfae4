;; xdp_md fields through (ctx NAME) and the legacy (ctx u32 OFFSET). A
;; test run sees the packet on the loopback device (ifindex 1), receive
;; queue 0 (these values were checked with a C program built by clang).
;;   out[0] = (ctx ingress-ifindex) = 1; out[1] = (ctx rx-queue-index) = 0
;;   out[2] = (- (ctx data-end) (ctx data)) = the frame's length
;;   out[3] = (ctx u32 12) = ingress-ifindex again
;;   out[4] = the first byte, read through (ctx data) after a bounds check
;; test: --hex 2a000000000000000000000000000000000000 => retval 2
;; and: out[0] = 1; out[1] = 0; out[2] = 19; out[3] = 1; out[4] = 42
;; test: --data-len 60 --fill 07 => retval 2
;; and: out[0] = 1; out[2] = 60; out[4] = 7
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 5)

(defprog ctx-xdp (:type :xdp :section "xdp")
  (setf (getmap out 0) (ctx ingress-ifindex)
        (getmap out 1) (ctx rx-queue-index)
        (getmap out 2) (- (ctx data-end) (ctx data))
        (getmap out 3) (ctx u32 12))
  (let ((data (ctx data))
        (data-end (ctx data-end)))
    (when (> (+ data 1) data-end)
      (return XDP_ABORTED))
    (setf (getmap out 4) (load u8 data 0)))
  XDP_PASS)
