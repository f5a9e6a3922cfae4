;; A copy of tests/seeds/programs/011-compile-time-computation--filter.lisp with its expected
;; behaviour.
;; packet p9999: 112233445566aabbccddeeff08004510002812344000400654d70a010203c0a8070904d2270f01020304a0b0c0d050027210beef0102
;; packet p8080: 112233445566aabbccddeeff08004510002812344000400654d70a010203c0a8070904d21f9001020304a0b0c0d050027210beef0102
;; packet p22: 112233445566aabbccddeeff08004510002812344000400654d70a010203c0a8070904d2001601020304a0b0c0d050027210beef0102
;; packet p443: 112233445566aabbccddeeff08004510002812344000400654d70a010203c0a8070904d201bb01020304a0b0c0d050027210beef0102
;; packet syn80: 112233445566aabbccddeeff08004510002812344000400654d70a010203c0a8070904d2005001020304a0b0c0d050027210beef0102
;; packet udp80: 112233445566aabbccddeeff08004510002012344000401154d40a010203c0a8070914e90050000cabcd61626364
;; blocked-port-p expands to (or (= port 80) (= port 443) (= port 8080)
;; (= port 9999)) at compile time: TCP to those ports is dropped.
;; test: --pkt syn80 => retval 1
;; test: --pkt p443 => retval 1
;; test: --pkt p8080 => retval 1
;; test: --pkt p9999 => retval 1
;; test: --pkt p22 => retval 2
;; UDP to port 80 is not TCP: it passes.
;; test: --pkt udp80 => retval 2
;; from seeds/003_d20c8d67eafebab6.txt, section "Compile-time computation"
(defconstant +blocked-ports+ '(80 443 8080 9999))
(defmacro blocked-port-p (port)
`(or ,@(mapcar (lambda (p) `(= ,port ,p)) +blocked-ports+)))
(defprog filter (:type :xdp :section "xdp" :license "GPL")
(with-tcp (data data-end tcp)
(when (blocked-port-p (tcp-dst-port tcp))
(return XDP_DROP)))
XDP_PASS)
