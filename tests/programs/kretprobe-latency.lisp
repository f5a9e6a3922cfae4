;; A kprobe and a kretprobe on do_sys_openat2 (the funclatency/opensnoop
;; shape): the entry records the time and the open flags (how->flags, the
;; third argument points to struct open_how, read with
;; probe-read-kernel) under the pid_tgid; the return reads them back and
;; the return value, and counts calls, errors and nanoseconds per process
;; and flag class in a hash map.
;; load-only
(defstruct start-info (ts u64) (flags u64))
(defstruct call-stats (calls u64) (errors u64) (nsecs u64) (max-nsecs u64))
(defmap starts :type :hash :key-size 8 :value-size 16 :max-entries 10240)
(defmap stats :type :hash :key-size 8 :value-size 32 :max-entries 1024)

(defprog open-entry (:type :kprobe :section "kprobe/do_sys_openat2")
  (let ((info (make-start-info))
        (how (pt-regs-parm3)))
    (setf (start-info-ts info) (ktime-get-ns))
    (probe-read-kernel (start-info-flags-ptr info) 8 how)
    (setf (getmap starts (get-current-pid-tgid)) info))
  0)

(defprog open-exit (:type :kprobe :section "kretprobe/do_sys_openat2")
  (let* ((id (get-current-pid-tgid))
         (info (getmap starts id)))
    (when info
      (let* ((ret (pt-regs-ret))
             (delta (- (ktime-get-ns) (start-info-ts info)))
             (flags (start-info-flags info))
             ;; tgid in the upper half, the access mode (O_RDONLY ...)
             ;; and whether O_CREAT (0x40) was asked below
             (key (logior (logand id #xffffffff00000000)
                          (logand flags 3)
                          (if (logand flags #x40) 4 0)))
             (st (getmap stats key)))
        (if st
            (progn
              (atomic-add st 0 1)
              (when (s< ret 0)
                (atomic-add st 8 1))
              (atomic-add st 16 delta)
              (when (> delta (call-stats-max-nsecs st))
                (setf (call-stats-max-nsecs st) delta)))
            (let ((new (make-call-stats)))
              (setf (call-stats-calls new) 1
                    (call-stats-errors new) (s< ret 0)
                    (call-stats-nsecs new) delta
                    (call-stats-max-nsecs new) delta)
              (setf (getmap stats key) new)))
        (remmap starts id))))
  0)
