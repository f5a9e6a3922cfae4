;; mutant 3367 of tests/seeds/programs/011-compile-time-computation--filter.lisp: rename one +blocked-ports+ -> XDP_PASS; replace a subform by #x1234
(defconstant XDP_PASS '(80 443 8080 9999))

(defmacro blocked-port-p (port) `(or ,@(mapcar (lambda (p) #x1234) +blocked-ports+)))

(defprog filter (:type :xdp :section "xdp" :license "GPL") (with-tcp (data data-end tcp) (when (blocked-port-p (tcp-dst-port tcp)) (return XDP_DROP))) XDP_PASS)
