;; kprobe on a syscall the test makes: count calls.
(defmap calls :type :array :key-size 4 :value-size 8 :max-entries 1)

(defprog count-getpid (:type :kprobe :section "ksyscall/getpid" :license "GPL")
  (incf (getmap calls 0))
  0)
