;; from seeds/003_d20c8d67eafebab6.txt, section "Uprobes"
(defprog trace-malloc (:type :kprobe
:section "uprobe//lib64/libc.so.6")
0)
