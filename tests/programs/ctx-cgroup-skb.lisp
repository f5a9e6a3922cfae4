;; A cgroup_skb program test-run: the skb starts at the network header,
;; so len is the frame's length minus 14; the socket the test run makes
;; has family AF_INET (2) and the packet's addresses: remote-ip4 = the
;; destination, local-ip4 = the source, both as little-endian u32s of the
;; address bytes (checked against a C program built by clang).
;; Return 1 allows the packet, 0 drops it: here 0 for a TCP destination
;; port of 80 (read from the IPv4 header onwards: offset 20 + 2).
;; 10.1.2.3 -> 192.168.7.9, TCP 1234 -> 80, 54 bytes:
;; test: --hex 112233445566aabbccddeeff08004510002812344000400654d70a010203c0a8070904d2005001020304a0b0c0d050027210beef0102 => retval 0
;; and: out[0] = 40; out[1] = 2; out[2] = 0x0907a8c0; out[3] = 0x0302010a
;; and: out[4] = 40; out[5] = 8
;; the same to port 22: allowed
;; test: --hex 112233445566aabbccddeeff08004510002812344000400654d70a010203c0a8070904d2001601020304a0b0c0d050027210beef0102 => retval 1
;; and: out[0] = 40
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 6)

(defprog ctx-cgroup-skb (:type :cgroup-skb :section "cgroup_skb/egress")
  (setf (getmap out 0) (ctx len)
        (getmap out 1) (ctx family)
        (getmap out 2) (ctx remote-ip4)
        (getmap out 3) (ctx local-ip4)
        (getmap out 4) (- (ctx data-end) (ctx data))
        (getmap out 5) (ctx protocol))
  (let ((data (ctx data))
        (data-end (ctx data-end)))
    (when (> (+ data 24) data-end)
      (return 1))
    (if (= (ntohs (load u16 data 22)) 80)
        0
        1)))
