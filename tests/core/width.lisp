(in-package #:whistler)
;;; Direct reads (core-load through the BTF pointer of
;;; get-current-task-btf) whose width follows the field's: compiled against
;;; tests/core/narrow.c, where policy is 8 bytes and start_time 4, relocated
;;; to a kernel where policy is 4 and start_time 8. The trigger runs under
;;; SCHED_BATCH (policy 3). Key 0 counts the events whose policy reads 3;
;;; key 1 is the start_time read by the last of them, stored as loaded;
;;; key 2 counts the events whose policy read has any of its upper 32 bits
;;; set (an 8-byte load would take the next field's bytes); key 3 all.
(defmap res :type :array :key-size 4 :value-size 8 :max-entries 4)
(defprog check-width (:type :tracepoint
                      :section "tracepoint/syscalls/sys_enter_getpid"
                      :license "GPL")
  (let* ((task (get-current-task-btf))
         (policy (core-load u64 task 16 task-struct policy)))
    (when (= policy 3)
      (incf (getmap res 0))
      (setf (getmap res 1) (core-load u32 task 24 task-struct start-time)))
    (when (/= (>> policy 32) 0)
      (incf (getmap res 2)))
    (incf (getmap res 3)))
  0)
