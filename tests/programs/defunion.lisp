;; defunion: the size of its largest member; all members start at offset
;; 0, so one member's accessors read what another's wrote.
;;   ip4 (ver u8) (proto u8) (len u16) (addr u32)   8 bytes
;;   pair (x u64) (y u64)                           16 bytes
;;   tiny (b u8)                                    1 byte
;;   (defunion pkt-buf ip4 pair tiny)               16 bytes
;; pair-x is set to the packet's first u64, 0x1122334455667788:
;; ip4-ver = 0x88, ip4-proto = 0x77, ip4-len = 0x5566, ip4-addr =
;; 0x11223344, tiny-b = 0x88. Then (setf (ip4-len u) #xabcd) changes
;; pair-x to 0x11223344abcd7788.
;; test: --hex 88776655443322110000000000000000 => retval 2
;; and: out[0] = 16; out[1] = 0x88; out[2] = 0x77; out[3] = 0x5566
;; and: out[4] = 0x11223344; out[5] = 0x88; out[6] = 0x11223344abcd7788
(defstruct ip4 (ver u8) (proto u8) (len u16) (addr u32))
(defstruct pair (x u64) (y u64))
(defstruct tiny (b u8))
(defunion pkt-buf ip4 pair tiny)
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 7)

(defprog defunion-members (:type :xdp :section "xdp")
  (with-packet (data end :min-len 16)
    (let ((u (make-pkt-buf)))
      (setf (pair-x u) (load u64 data 0))
      (setf (getmap out 0) (sizeof pkt-buf)
            (getmap out 1) (ip4-ver u)
            (getmap out 2) (ip4-proto u)
            (getmap out 3) (ip4-len u)
            (getmap out 4) (ip4-addr u)
            (getmap out 5) (tiny-b u))
      (setf (ip4-len u) #xabcd)
      (setf (getmap out 6) (pair-x u))))
  XDP_PASS)
