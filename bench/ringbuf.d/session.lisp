;; bench/ringbuf's Lisp session consumer (whistler run): loads the producer
;; object OBJ, attaches it to lo, counts COUNT records with a ring consumer
;; and prints the count (bench/ringbuf writes OBJ and COUNT).
(with-bpf-session (s "OBJ")
  (bpf:attach s "rb-prod" "lo")
  (let* ((n 0)
         (c (open-ring-consumer (bpf:find-map s "events")
                                (lambda (sap len) (incf n)))))
    (loop while (< n COUNT) do (ring-poll c :timeout-ms 1000))
    (close-ring-consumer c)
    (format t "~d~%" n)))
