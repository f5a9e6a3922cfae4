;; incf/decf on :percpu-array and :percpu-hash maps. A test run stays on
;; one CPU, and wh-load sums the per-CPU values, so the sums are the
;; totals of the runs: after 5 runs pa[0] = 5, pa[1] = 15, pa[2] = -5;
;; ph[42] = 5 (created at 1 by the first run), ph[43] = 10.
;; out[0] = getmap pa 1 in the last run: this CPU's value, 15.
;; test: --data-len 14 --repeat 5 => retval 2
;; and: pa[0] = 5; pa[1] = 15; pa[2] = -5; ph[42] = 5; ph[43] = 10
;; and: ph size 2; out[0] = 15
(defmap pa :type :percpu-array :key-size 4 :value-size 8 :max-entries 3)
(defmap ph :type :percpu-hash :key-size 4 :value-size 8 :max-entries 4)
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 1)

(defprog map-percpu (:type :xdp :section "xdp")
  (incf (getmap pa 0))
  (incf (getmap pa 1) 3)
  (decf (getmap pa 2))
  (incf (getmap ph 42))
  (incf (getmap ph 43) 2)
  (setf (getmap out 0) (getmap pa 1))
  XDP_PASS)
