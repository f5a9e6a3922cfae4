;; A copy of tests/seeds/programs/013-packet-context--check-len.lisp with its expected
;; behaviour.
;; check-len computes (- data-end data): the kernel forbids arithmetic on
;; the packet-end pointer, so the compiler must turn the comparison into
;; one of pointers (issue #4, item 5). A test run needs at least 14 bytes,
;; so only the XDP_PASS side can be run: 14 and 60 bytes pass.
;; test: --data-len 14 => retval 2
;; test: --data-len 60 => retval 2
;; from seeds/003_d20c8d67eafebab6.txt, section "Packet Context"
(defprog check-len (:type :xdp)
(let ((data (xdp-data))
(data-end (xdp-data-end)))
(if (< (- data-end data) 14)
XDP_DROP
XDP_PASS)))
