;; hand-written.lisp: the source that the assembly in wh-load.bats
;; points its .loc lines at, for refusals no Lisp program compiles to
;; (every Whistler loop has a constant bound; every body has a value).
(defprog spin (:type :xdp :section "xdp" :license "GPL")
  (loop-forever)
  (no-value))
