;; A map with :max-entries 2^30. libbpf's BTF-defined maps give the number
;; as the length of an array, and the kernel refuses the BTF of an array
;; of 4 GiB or more, so from 2^30 on the array's elements must be bytes,
;; not ints (found by bench/mutate: "the kernel rejected the object's
;; BTF"). An :lpm-trie without preallocation takes the size at no cost.
;; The program inserts 10.0.0.0/8 -> 7 and looks it up.
;; test: --hex 112233445566aabbccddeeff0800 => retval 7
;; and: routes["08 00 00 00 0a 00 00 00"] = 7; routes size 1
(defstruct lpm-key (prefixlen u32) (addr u32))
(defmap routes :type :lpm-trie :key-size 8 :value-size 4 :max-entries 1073741824 :map-flags 1)

(defprog map-max-entries-huge (:type :xdp :section "xdp")
  (let ((k (make-lpm-key)))
    (setf (lpm-key-prefixlen k) 8 (lpm-key-addr k) (htonl #x0a000000))
    (setf (getmap routes k) 7)
    (getmap routes k)))
