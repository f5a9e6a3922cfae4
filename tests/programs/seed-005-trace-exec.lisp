;; A copy of tests/seeds/programs/005-section-names--trace-exec.lisp with its expected
;; behaviour.
;; A kprobe on sys_execve returning 0: cannot be test-run.
;; load-only
;; from seeds/003_d20c8d67eafebab6.txt, section "Section Names"
(defprog trace-exec (:type :kprobe :section "kprobe/sys_execve")
0)
