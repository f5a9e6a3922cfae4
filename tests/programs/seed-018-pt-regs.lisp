;; A copy of tests/seeds/programs/018-context-pt-regs--trace-exec.lisp with its expected
;; behaviour.
;; A kprobe reading its first argument through pt-regs-parm1.
;; load-only
;; from seeds/003_d20c8d67eafebab6.txt, section "Context: pt_regs"
(defprog trace-exec (:type :kprobe
:section "kprobe/__x64_sys_execve")
(let ((filename-ptr (pt-regs-parm1)))
;; filename-ptr holds the first argument to execve
0))
