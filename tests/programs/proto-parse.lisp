;; The expression parsers: parse-eth, parse-ipv4, parse-tcp, parse-udp
;; give the header's address (data + 0, 14, 34, 34) or 0, and compose with
;; when-let. out[0] = 1 when parse-eth succeeds; out[1], out[2], out[4] =
;; the offsets of the IPv4, TCP and UDP headers (pointer differences);
;; out[3] and out[5] the destination ports read through them. The
;; return value counts the parsers that succeeded.
;; TCP segment to port 80: eth, ipv4, tcp
;; test: --hex 112233445566aabbccddeeff08004510002812344000400654d70a010203c0a8070904d2005001020304a0b0c0d050027210beef0102 => retval 3
;; and: out[0] = 1; out[1] = 14; out[2] = 34; out[3] = 80; out[4] = 0; out[5] = 0
;; UDP datagram to port 53: eth, ipv4, udp
;; test: --hex 112233445566aabbccddeeff08004510002012344000401154d40a010203c0a8070914e90035000cabcd61626364 => retval 3
;; and: out[0] = 1; out[1] = 14; out[2] = 0; out[3] = 0; out[4] = 34; out[5] = 53
;; ARP: eth only
;; test: --hex 112233445566aabbccddeeff080600000000000000000000000000000000000000000000000000000000 => retval 1
;; and: out[0] = 1; out[1] = 0; out[2] = 0; out[4] = 0
;; 14 bytes of an IPv4 frame: eth only (the IPv4 header is missing)
;; test: --hex 112233445566aabbccddeeff0800 => retval 1
;; and: out[0] = 1; out[1] = 0; out[2] = 0; out[4] = 0
;; a TCP segment cut to 40 bytes: eth and ipv4, not tcp
;; test: --hex 112233445566aabbccddeeff08004510002812344000400654d70a010203c0a8070904d200500102 => retval 2
;; and: out[0] = 1; out[1] = 14; out[2] = 0; out[4] = 0
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 6)

(defprog proto-parse (:type :xdp :section "xdp")
  (let ((data (xdp-data))
        (data-end (xdp-data-end))
        (n 0))
    (when (parse-eth data data-end)
      (setf (getmap out 0) 1)
      (incf n))
    (when-let ((ip (parse-ipv4 data data-end)))
      (setf (getmap out 1) (- ip data))
      (incf n))
    (when-let ((tcp (parse-tcp data data-end)))
      (setf (getmap out 2) (- tcp data)
            (getmap out 3) (tcp-dst-port tcp))
      (incf n))
    (when-let ((udp (parse-udp data data-end)))
      (setf (getmap out 4) (- udp data)
            (getmap out 5) (udp-dst-port udp))
      (incf n))
    n))
