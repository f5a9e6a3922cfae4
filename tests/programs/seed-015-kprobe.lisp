;; A copy of tests/seeds/programs/015-kprobes--trace-exec.lisp with its expected
;; behaviour.
;; A kprobe on __x64_sys_execve.
;; load-only
;; from seeds/003_d20c8d67eafebab6.txt, section "Kprobes"
(defprog trace-exec (:type :kprobe
:section "kprobe/__x64_sys_execve")
;; runs each time execve is called
0)
