(in-package #:whistler)
;;; comm (an embedded array) and task->mm->exe_file (two pointer hops),
;;; read through import-kernel-struct; key 0 counts the events whose comm
;;; equals bpf_get_current_comm's, key 1 those with an exe_file, key 2 all.
(import-kernel-struct task-struct comm mm)
(import-kernel-struct mm-struct exe-file)
(defstruct names (mine (array u8 16)) (helper (array u8 16)))
(defmap res :type :array :key-size 4 :value-size 8 :max-entries 4)
(defprog check-chase (:type :tracepoint
                      :section "tracepoint/syscalls/sys_enter_getpid"
                      :license "GPL")
  (let* ((task (get-current-task))
         (n (make-names)))
    (probe-read-kernel (names-mine-ptr n) 16 (task-struct-comm task))
    (get-current-comm (names-helper-ptr n) 16)
    (when (and (= (load u64 n 0) (load u64 n 16))
               (= (load u64 n 8) (load u64 n 24)))
      (incf (getmap res 0)))
    (when (/= (mm-struct-exe-file (task-struct-mm task)) 0)
      (incf (getmap res 1)))
    (incf (getmap res 2)))
  0)
