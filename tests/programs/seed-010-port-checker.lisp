;; A copy of tests/seeds/programs/010-example-code-generating-macro--define-port-checker.lisp with its expected
;; behaviour.
;; packet p9999: 112233445566aabbccddeeff08004510002812344000400654d70a010203c0a8070904d2270f01020304a0b0c0d050027210beef0102
;; packet p8080: 112233445566aabbccddeeff08004510002812344000400654d70a010203c0a8070904d21f9001020304a0b0c0d050027210beef0102
;; packet p22: 112233445566aabbccddeeff08004510002812344000400654d70a010203c0a8070904d2001601020304a0b0c0d050027210beef0102
;; A macro that defines programs: drop-9999 drops TCP to 9999, drop-8080
;; TCP to 8080; everything else passes.
;; test: --prog drop-9999 --pkt p9999 => retval 1
;; test: --prog drop-9999 --pkt p8080 => retval 2
;; test: --prog drop-8080 --pkt p8080 => retval 1
;; test: --prog drop-8080 --pkt p9999 => retval 2
;; test: --prog drop-8080 --pkt p22 => retval 2
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
