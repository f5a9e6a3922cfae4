;; Ring buffers from an XDP program (test-run): with-ringbuf reserves,
;; runs the body and submits; a reservation larger than the buffer fails
;; and skips the body; ringbuf-reserve/-discard and ringbuf-output are the
;; raw forms; ringbuf-output returns 0 on success.
;;   count[0]: bodies of with-ringbuf run (1 per run)
;;   count[1]: bodies run for an 8192-byte reservation in a 4096-byte
;;             buffer (0: the reservation fails)
;;   count[2]: raw reservations that succeeded (then discarded)
;;   out[0] = the value of ringbuf-output of a 12-byte stack struct = 0
;; test: --data-len 14 --repeat 3 => retval 2
;; and: count[0] = 3; count[1] = 0; count[2] = 3; out[0] = 0
(defstruct ev (a u32) (b u32) (c u32))
(defmap events :type :ringbuf :max-entries 4096)
(defmap count :type :array :key-size 4 :value-size 8 :max-entries 3)
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 1)

(defprog ringbuf-xdp (:type :xdp :section "xdp")
  (with-ringbuf (e events (sizeof ev))
    (setf (ev-a e) 1
          (ev-b e) 2
          (ev-c e) 3)
    (incf (getmap count 0)))
  (with-ringbuf (big events 8192)
    (store u64 big 0 0)
    (incf (getmap count 1)))
  (let ((r (ringbuf-reserve events 16 0)))
    (when r
      (store u64 r 0 7)
      (store u64 r 8 8)
      (incf (getmap count 2))
      (ringbuf-discard r 0)))
  (let ((e (make-ev)))
    (setf (ev-a e) 9)
    (setf (getmap out 0) (ringbuf-output events e (sizeof ev) 0)))
  XDP_PASS)
