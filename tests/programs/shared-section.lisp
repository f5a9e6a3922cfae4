;; Several programs may share a section name (semantics.md); each keeps its
;; own code and symbol. Two "xdp" programs and two "tc" ones here (:type
;; :tc is accepted too), each run on its own.
;; test: --prog first --data-len 14 => retval 1; hits[0] = 1; hits[1] = 0
;; test: --prog second --data-len 14 => retval 3; hits[0] = 0; hits[1] = 1
;; test: --prog third --data-len 14 => retval 2; hits[2] = 1
;; test: --prog fourth --data-len 14 => retval 0; hits[3] = 1
(defmap hits :type :array :key-size 4 :value-size 8 :max-entries 4)

(defprog first (:type :xdp :section "xdp")
  (incf (getmap hits 0))
  XDP_DROP)

(defprog second (:type :xdp :section "xdp")
  (incf (getmap hits 1))
  XDP_TX)

(defprog third (:type :xdp :section "tc")
  (incf (getmap hits 2))
  TC_ACT_SHOT)

(defprog fourth (:type :tc :section "tc")
  (incf (getmap hits 3))
  TC_ACT_OK)
