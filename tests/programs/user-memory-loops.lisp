;; do-user-ptrs and do-user-array (manual, Loops), in a uprobe-style
;; kprobe program: bounded loops reading user memory with
;; probe-read-user, a struct buffer reused per iteration, a runtime index
;; into an array field, incf of a hash map keyed by each element.
;; load-only
(defconstant +max-args+ 16)
(defstruct ffi-type (size u64) (alignment u16) (type-code u16))
(defstruct stats-key (nargs u16) (pad u16) (arg-types (array u8 16)))
(defmap histogram :type :hash :key-size 4 :value-size 8 :max-entries 256)
(defmap stats :type :hash :key-size 20 :value-size 8 :max-entries 64)

(defprog ffi-call (:type :kprobe :section "uprobe//lib/x86_64-linux-gnu/libffi.so.8:ffi_call")
  (let ((arg-types (pt-regs-parm1))
        (nargs (pt-regs-parm2))
        (values (pt-regs-parm3))
        (key (make-stats-key))
        (ft (make-ffi-type)))
    (setf (stats-key-nargs key) nargs)
    (do-user-ptrs (atype-ptr arg-types nargs +max-args+ :index i)
      (probe-read-user ft (sizeof ffi-type) atype-ptr)
      (setf (stats-key-arg-types key i) (ffi-type-type-code ft)))
    (do-user-array (val u32 values nargs 8)
      (incf (getmap histogram val)))
    (incf (getmap stats key)))
  0)
