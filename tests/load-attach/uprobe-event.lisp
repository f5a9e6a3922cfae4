;; A uprobe that sends one ring-buffer record per call, in Lisp (the twin
;; of probe-event.c): its defstruct reaches the object's BTF, so that
;; `wh-load run --events events=call-event` decodes records by field name.
;; arg is the probed function's first argument; args[k] = arg + k.
(defstruct call-event
  (pid u32)
  (seq u32)
  (ts u64)
  (arg u16)
  (args (array u16 3))
  (comm (array u8 16)))

(defmap events :type :ringbuf :max-entries (* 256 1024))
(defmap seq :type :array :key-size 4 :value-size 4 :max-entries 1)

(defprog on-call (:type :kprobe :section "uprobe" :license "GPL")
  (when-let ((n (map-lookup seq 0)))
    (with-ringbuf (e events (sizeof call-event))
      (let ((arg (cast u16 (pt-regs-parm1))))
        (setf (call-event-pid e) (cast u32 (>> (get-current-pid-tgid) 32))
              (call-event-seq e) (load u32 n 0)
              (call-event-ts e) (ktime-get-ns)
              (call-event-arg e) arg
              (call-event-args e 0) arg
              (call-event-args e 1) (+ arg 1)
              (call-event-args e 2) (+ arg 2))
        (get-current-comm (call-event-comm-ptr e) 16)
        (store u32 n 0 (+ (load u32 n 0) 1)))))
  0)
