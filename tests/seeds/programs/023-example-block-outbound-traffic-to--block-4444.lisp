;; from seeds/003_d20c8d67eafebab6.txt, section "Example: Block Outbound Traffic to Port 4444"
(defprog block-4444 (:type :xdp :section "tc/block_4444")
(with-tc-tcp (data data-end tcp)
(when (= (tcp-dst-port tcp) 4444)
(return TC_ACT_SHOT)))
TC_ACT_OK)
