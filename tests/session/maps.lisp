;;; Map operations of the loader on a session's maps: bytes, integers,
;;; defstruct records as values and keys, iteration, flags, per-CPU maps.
;;; The program is loaded, never attached.
(in-package #:whistler-loader-user)

(defstruct stats-entry
  (packets u64)
  (drops u64))

(defstruct flow-key
  (src u32)
  (dst u32))

(with-bpf-session ()
  (bpf:map counts :type :hash :key-size 4 :value-size 8 :max-entries 16)
  (bpf:map stats-map :type :array :key-size 4 :value-size 16 :max-entries 2)
  (bpf:map flows :type :hash :key-size 8 :value-size 8 :max-entries 16)
  (bpf:map per-cpu :type :percpu-array :key-size 4 :value-size 8 :max-entries 1)
  (bpf:prog touch (:type :xdp :section "xdp" :license "GPL")
    (incf (getmap counts 0))
    (incf (getmap per-cpu 0))
    (incf (getmap flows 0))
    XDP_PASS)

  (let ((counts (bpf-session-map 'counts)))
    (map-update-int counts 1 100)
    (map-update counts (encode-int-key 2 4) (encode-int-key 200 8))
    (format t "1 -> ~d, 2 -> ~d, 3 -> ~a~%"
            (map-lookup-int counts 1)
            (decode-int-value (map-lookup counts (encode-int-key 2 4)))
            (map-lookup-int counts 3))
    (format t "noexist update: ~a~%"
            (handler-case (map-update-int counts 1 5 :flags +bpf-noexist+)
              (error () "refused")))
    (let ((key nil) (keys '()))
      (loop
        (setf key (map-get-next-key-int counts key))
        (unless key (return))
        (push key keys))
      (format t "keys: ~a~%" (sort keys #'<)))
    (map-delete-int counts 1)
    (format t "after delete: ~a~%" (map-lookup-int counts 1))
    (format t "bpf:map-ref: ~d~%" (bpf:map-ref counts 2)))

  (let ((stats (bpf-session-map 'stats-map)))
    (map-update-struct-int stats 0 (make-stats-entry-record :packets 10 :drops 2)
                           'stats-entry)
    (let ((rec (map-lookup-struct-int stats 0 'stats-entry)))
      (when rec
        (format t "packets=~d drops=~d~%"
                (stats-entry-record-packets rec)
                (stats-entry-record-drops rec)))))

  (let ((flows (bpf-session-map 'flows))
        (key (make-flow-key-record :src #x0a000001 :dst #x0a000002)))
    (map-update flows (encode-flow-key key) (encode-int-key 7 8))
    (let ((k (map-get-next-key-struct flows 'flow-key)))
      (format t "~x -> ~x~%" (flow-key-record-src k) (flow-key-record-dst k)))
    (map-delete-struct flows key 'flow-key)
    (format t "flows left: ~a~%" (map-get-next-key flows nil)))

  (let ((values (map-lookup (bpf-session-map 'per-cpu) (encode-int-key 0 4))))
    (format t "per-cpu: ~a~%" (vectorp (aref values 0)))
    (format t "cpu0: ~d~%" (decode-int-value (aref values 0)))))
