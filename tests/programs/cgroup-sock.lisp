;; cgroup/sock_create and cgroup/sock_release programs (bpf_sock context):
;; read family/type/protocol, store mark and priority, count by family in a
;; map; allow (1), or deny (0) raw sockets. Not test-runnable.
;; load-only
(defmap by-family :type :hash :key-size 4 :value-size 8 :max-entries 16)

(defprog sock-create (:type :cgroup-sock :section "cgroup/sock_create")
  (incf (getmap by-family (ctx family)))
  (setf (ctx mark) 42)
  (setf (ctx priority) 3)
  (if (= (ctx type) 3)
      0
      1))

(defprog sock-release (:type :cgroup-sock :section "cgroup/sock_release")
  (decf (getmap by-family (ctx family)))
  1)
