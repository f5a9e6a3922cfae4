;; from seeds/003_d20c8d67eafebab6.txt, section "Approach 2: Standalone ELF / BPF source"
;; also in seeds/004_c96ea552bf63bb21.txt, section "Approach 2: Standalone ELF / BPF source"
(in-package #:whistler)
(defmap pkt-count :type :array
:key-size 4 :value-size 8 :max-entries 1)
(defprog count-egress
(:type :cgroup-skb :section "cgroup_skb/egress" :license "GPL")
(incf (getmap pkt-count 0))
1)
(compile-to-elf "/tmp/cgroup-count.bpf.o")
