;; structs: defstruct and defunion declarations become .struct/.union
;; directives of the unit, for the object's BTF: scalars, arrays, an
;; embedded struct (a member of its struct type), field names respelled
;; as C identifiers, a union of two structs named after them.
(defstruct flow-key
  (saddr u32)
  (sport u16)
  (ok? u8))

(defstruct flow-event
  (kind u8)
  (key flow-key)
  (ports (array u16 2))
  (bytes u64)
  (comm (array u8 16)))

(defunion any-event flow-key flow-event)

(defmap events :type :ringbuf :max-entries 4096)

(defprog structs (:type :xdp)
  (with-ringbuf (e events (sizeof flow-event))
    (setf (flow-event-kind e) 1
          (flow-event-bytes e) 1500)
    (let ((k (flow-event-key-ptr e)))
      (setf (flow-key-saddr k) 16909060
            (flow-key-sport k) 80
            (flow-key-ok? k) 1)))
  XDP_PASS)
