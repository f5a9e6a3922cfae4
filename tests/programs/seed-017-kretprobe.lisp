;; A copy of tests/seeds/programs/017-return-probes--trace-exec-ret.lisp with its expected
;; behaviour.
;; A kretprobe.
;; load-only
;; from seeds/003_d20c8d67eafebab6.txt, section "Return Probes"
(defprog trace-exec-ret (:type :kprobe
:section "kretprobe/__x64_sys_execve")
0)
