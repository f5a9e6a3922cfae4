;; A copy of tests/seeds/programs/016-uprobes--trace-malloc.lisp with its expected
;; behaviour.
;; A uprobe (program type kprobe) on libc.
;; load-only
;; from seeds/003_d20c8d67eafebab6.txt, section "Uprobes"
(defprog trace-malloc (:type :kprobe
:section "uprobe//lib64/libc.so.6")
0)
