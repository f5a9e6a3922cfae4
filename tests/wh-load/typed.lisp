;; typed.lisp: maps with :key-type and :value-type; the program stores
;; one entry in each, so that bpftool and wh-load print them by field.
(in-package #:whistler)
(defstruct flow-key (src u32) (dst u32))
(defstruct flow-stats (packets u64) (bytes u64))
(defmap flows :type :hash :key-type flow-key :value-type flow-stats :max-entries 16)
(defmap deltas :type :array :key-type u32 :value-type (array i32 3) :max-entries 4)

(defprog fill (:type :xdp :section "xdp" :license "GPL")
  (let ((k (make-flow-key))
        (v (make-flow-stats)))
    (setf (flow-key-src k) 1 (flow-key-dst k) 2)
    (setf (flow-stats-packets v) 3 (flow-stats-bytes v) 4)
    (map-update-elem flows k v 0))
  (let ((d (getmap deltas 1)))
    (when d
      (store u32 d 0 #xfffffffb)
      (store u32 d 4 7)))
  XDP_PASS)
