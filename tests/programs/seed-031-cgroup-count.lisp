;; A copy of tests/seeds/programs/031-approach-2-standalone-elf-bpf--count-egress.lisp with its expected
;; behaviour.
;; packet syn80: 112233445566aabbccddeeff08004510002812344000400654d70a010203c0a8070904d2005001020304a0b0c0d050027210beef0102
;; The cgroup egress counter, test-run as cgroup_skb: allows (1) and
;; counts.
;; test: --pkt syn80 --repeat 4 => retval 1; pkt-count[0] = 4
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
