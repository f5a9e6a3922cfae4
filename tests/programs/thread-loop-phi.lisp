;; Jump threading copies a join block for an incoming edge whose branch it
;; already knows; the values the block defines then have two definitions,
;; and the SSA repair must join them again where the paths meet, here at
;; the head of the loop after it, along the loop's back edge as well. It
;; took 0 for the value along the back edge (differential tester, random
;; program 20057 of size 2: wh-opt's ssaupdate.c, used by thread.c).
;; a = 1, b = the packet's u32 at 0, x = its u64 at 8.
;; x /= 0: (setf a b b 0) is 0, a = b; the loop never returns (i < 4):
;; the result is a, the packet's u32.
;; packet x1: 0403020100000000 0100000000000000
;; test: --pkt x1 => retval 0x01020304
;; x = 0: a stays 1, the result is 1.
;; packet x0: 0403020100000000 0000000000000000
;; test: --pkt x0 => retval 1
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 1)

(defprog thread-loop-phi (:type :xdp :section "xdp")
  (with-packet (data end :min-len 16)
    (let ((a 1) (b (load u32 data 0)) (x (load u64 data 8)))
      (if (> (if x (setf a b b 0) a) 0) 0 (getmap out 0))
      (dotimes (i 4) (when (= i 9) (return b)))
      a)))
