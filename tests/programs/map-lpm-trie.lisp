;; An :lpm-trie map (BPF_F_NO_PREALLOC) with an 8-byte struct key
;; {prefixlen u32, addr u32 in network order}: the program inserts
;; 10.0.0.0/8 -> 1 and 10.1.0.0/16 -> 2, then looks up the packet's IPv4
;; destination as a /32; the longest matching prefix's value is returned
;; (0 when none matches).
;; to 10.1.2.3: the /16 matches
;; test: --hex 112233445566aabbccddeeff08004510001c12344000400154e8c0a807090a0102030800f7ff00010002 => retval 2
;; to 10.9.9.9: only the /8
;; test: --hex 112233445566aabbccddeeff08004510001c12344000400154e8c0a807090a0909090800f7ff00010002 => retval 1
;; to 192.168.7.9: none
;; test: --hex 112233445566aabbccddeeff08004510001c12344000400154e80a010203c0a807090800f7ff00010002 => retval 0
;; and: routes["08 00 00 00 0a 00 00 00"] = 1; routes["10 00 00 00 0a 01 00 00"] = 2
;; and: routes size 2
(defstruct lpm-key (prefixlen u32) (addr u32))
(defmap routes :type :lpm-trie :key-size 8 :value-size 4 :max-entries 16 :map-flags 1)

(defprog map-lpm-trie (:type :xdp :section "xdp")
  (let ((k (make-lpm-key)))
    (setf (lpm-key-prefixlen k) 8
          (lpm-key-addr k) (htonl #x0a000000))
    (setf (getmap routes k) 1)
    (setf (lpm-key-prefixlen k) 16
          (lpm-key-addr k) (htonl #x0a010000))
    (setf (getmap routes k) 2))
  (with-ipv4 (data data-end ip)
    (let ((k (make-lpm-key)))
      (setf (lpm-key-prefixlen k) 32
            (lpm-key-addr k) (ipv4-dst-addr ip))
      (getmap routes k))))
