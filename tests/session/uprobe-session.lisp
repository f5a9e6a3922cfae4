;;; bpf:attach on uprobe sections of an inline session: a binary and a
;;; symbol by position, and by keyword on the session bound to a variable.
;;; TARGET is the test's program; it calls wh_probe_me N times.
(with-bpf-session (session)
  (bpf:map calls :type :array :key-size 4 :value-size 8 :max-entries 2)
  (bpf:prog on-call (:type :kprobe :section "uprobe" :license "GPL")
    (incf (getmap calls 0))
    0)
  (bpf:prog on-return (:type :kprobe :section "uretprobe" :license "GPL")
    (incf (getmap calls 1))
    0)
  (bpf:attach on-call "TARGET" "wh_probe_me")
  (bpf:attach session 'on-return :binary "TARGET" :symbol "wh_probe_me")
  (format t "attached~%")
  (loop repeat 100
        until (and (>= (bpf:map-ref calls 0) 4) (>= (bpf:map-ref calls 1) 4))
        do (sleep-ms 100))
  (format t "calls ~d returns ~d~%" (bpf:map-ref calls 0) (bpf:map-ref calls 1)))
