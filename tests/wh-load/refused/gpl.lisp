;; gpl.lisp: trace-printk is GPL-only; the license says MIT.
(defprog printer (:type :xdp :section "xdp" :license "MIT")
  (trace-printk (xdp-data) 4 0)
  2)
