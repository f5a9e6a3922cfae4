;; The manual's convenience macro (Macros / Example: convenience macro):
;; with-map-value runs its body with the value's address when the key is
;; present, and skips it otherwise. counters is an :array map, so key 0 is
;; always present and key 8 (past max-entries 4) never is.
;; After 3 runs: counters[0] = 3; counters[8] would be out of range; the
;; skipped body would have set counters[1].
;; test: --data-len 14 --repeat 3 => retval 2
;; and: counters[0] = 3; counters[1] = 0
(defmacro with-map-value ((var map key) &body body)
  "Look up a map value and execute body with VAR bound to it.
Skips body if key is not found."
  `(when-let ((,var (map-lookup ,map ,key)))
     ,@body))

(defmap counters :type :array :key-size 4 :value-size 8 :max-entries 4)

(defprog my-prog (:type :xdp :section "xdp" :license "GPL")
  (with-map-value (p counters 0)
    (atomic-add p 0 1))
  (with-map-value (p counters 8)
    (setf (getmap counters 1) 99))
  XDP_PASS)
