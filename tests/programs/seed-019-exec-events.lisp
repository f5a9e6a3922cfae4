;; A copy of tests/seeds/programs/019-example-trace-execve-calls--trace-exec.lisp with its expected
;; behaviour.
;; A kprobe sending {pid, timestamp} events to a ring buffer.
;; load-only
;; from seeds/003_d20c8d67eafebab6.txt, section "Example: Trace execve Calls"
(defstruct exec-event
(pid u32)
(ts u64))
(defmap events :type :ringbuf
:max-entries (* 256 1024))
(defprog trace-exec (:type :kprobe
:section "kprobe/__x64_sys_execve")
(with-ringbuf (e events (sizeof exec-event))
(setf (exec-event-pid e) (cast u32 (get-current-pid-tgid))
(exec-event-ts e) (ktime-get-ns)))
0)
