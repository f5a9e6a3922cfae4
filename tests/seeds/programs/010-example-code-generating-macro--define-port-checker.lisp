;; from seeds/003_d20c8d67eafebab6.txt, section "Example: code-generating macro"
(defmacro define-port-checker (name port action)
"Generate an XDP program that acts on a specific TCP port."
`(defprog ,name (:type :xdp :section "xdp" :license "GPL")
(with-tcp (data data-end tcp)
(when (= (tcp-dst-port tcp) ,port)
(return ,action)))
XDP_PASS))
(define-port-checker drop-9999 9999 XDP_DROP)
(define-port-checker drop-8080 8080 XDP_DROP)
