;; from seeds/003_d20c8d67eafebab6.txt, section "Section Names"
(defprog trace-exec (:type :kprobe :section "kprobe/sys_execve")
0)
