(defmap out :type :array :key-size 4 :value-size 8 :max-entries 1)
(defprog p (:type :kprobe :section "kprobe/__x64_sys_execve")
  (setf (getmap out 0) (load u32 (get-current-pid-tgid)))
  0)
