;;; The manual's cgroup chapter, "Example: Count Egress Packets": the BPF
;;; program, as printed except `let*` for `let` (the manual's val reads
;;; key, bound in the same let).
(defmap pkt-count :type :array
  :key-size 4
  :value-size 8
  :max-entries 1)

(defprog count-egress (:type :cgroup-skb
                       :section "cgroup_skb/egress")
  (let* ((key (u32 0))
         (val (map-lookup pkt-count key)))
    (when val
      (atomic-add val 1)))
  1)
