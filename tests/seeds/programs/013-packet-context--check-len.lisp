;; from seeds/003_d20c8d67eafebab6.txt, section "Packet Context"
(defprog check-len (:type :xdp)
(let ((data (xdp-data))
(data-end (xdp-data-end)))
(if (< (- data-end data) 14)
XDP_DROP
XDP_PASS)))
