;; from seeds/003_d20c8d67eafebab6.txt, section "Compile-time computation"
(defconstant +blocked-ports+ '(80 443 8080 9999))
(defmacro blocked-port-p (port)
`(or ,@(mapcar (lambda (p) `(= ,port ,p)) +blocked-ports+)))
(defprog filter (:type :xdp :section "xdp" :license "GPL")
(with-tcp (data data-end tcp)
(when (blocked-port-p (tcp-dst-port tcp))
(return XDP_DROP)))
XDP_PASS)
