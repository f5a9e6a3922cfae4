;; maps8.lisp: the eight map types of the manual in one object, for the
;; test that wh-load creates each of them (pinned, then listed by bpftool).
(defmap h :type :hash :key-size 4 :value-size 8 :max-entries 4)
(defmap a :type :array :key-size 4 :value-size 8 :max-entries 4)
(defmap pa :type :prog-array :key-size 4 :value-size 4 :max-entries 4)
(defmap ph :type :percpu-hash :key-size 4 :value-size 8 :max-entries 4)
(defmap parr :type :percpu-array :key-size 4 :value-size 8 :max-entries 4)
(defmap lru :type :lru-hash :key-size 4 :value-size 8 :max-entries 4)
(defmap lpm :type :lpm-trie :key-size 8 :value-size 4 :max-entries 4 :map-flags 1)
(defmap rb :type :ringbuf :max-entries 4096)

(defprog touch-all (:type :xdp :section "xdp" :license "GPL")
  (incf (getmap a 0))
  XDP_PASS)
