;; from seeds/003_d20c8d67eafebab6.txt, section "Kprobes"
(defprog trace-exec (:type :kprobe
:section "kprobe/__x64_sys_execve")
;; runs each time execve is called
0)
