;; A cgroup firewall of the size of the original implementation's example
;; (three programs, ~370 lines): bench/startup times its compilation.
;; cgroup_skb ingress and egress parse the packet from its network header
;; (IPv4 or IPv6, then TCP, UDP, ICMP, and DNS over UDP), look the peer up in
;; an LPM trie of blocked prefixes and the port in a hash of rules, count
;; every verdict per reason and report drops on a ring buffer;
;; cgroup/connect4 refuses connections to blocked ports and prefixes and
;; redirects one service port to a local proxy.
(in-package #:whistler)

;;; Verdicts and reasons
(defconstant +allow+ 1)
(defconstant +deny+ 0)
(defconstant +reason-ok+ 0)
(defconstant +reason-short+ 1)
(defconstant +reason-prefix+ 2)
(defconstant +reason-port+ 3)
(defconstant +reason-icmp+ 4)
(defconstant +reason-dns+ 5)
(defconstant +reason-frag+ 6)
(defconstant +reason-ttl+ 7)
(defconstant +reason-v6+ 8)
(defconstant +reason-syn-flood+ 9)
(defconstant +reason-connect+ 10)
(defconstant +reason-redirect+ 11)
(defconstant +n-reasons+ 16)

(defconstant +dir-ingress+ 0)
(defconstant +dir-egress+ 1)
(defconstant +dir-connect+ 2)

(defconstant +proto-icmpv6+ 58)
(defconstant +dns-port+ 53)
(defconstant +proxy-port+ 3128)
(defconstant +service-port+ 80)
(defconstant +localhost-nbo+ #x0100007f)
(defconstant +min-ttl+ 2)
(defconstant +syn-budget+ 64)

;;; Rule flags in the port table's values
(defconstant +rule-deny+ 1)
(defconstant +rule-log+ 2)
(defconstant +rule-ingress-only+ 4)
(defconstant +rule-egress-only+ 8)

;;; Headers, from the network header (a cgroup_skb sees no Ethernet header)
(defheader fw-ip4
  (ver-ihl :offset 0 :type u8)
  (tos :offset 1 :type u8)
  (total-len :offset 2 :type u16 :net-order t)
  (id :offset 4 :type u16 :net-order t)
  (frag :offset 6 :type u16 :net-order t)
  (ttl :offset 8 :type u8)
  (proto :offset 9 :type u8)
  (csum :offset 10 :type u16)
  (saddr :offset 12 :type u32)
  (daddr :offset 16 :type u32))

(defheader fw-ip6
  (ver-class :offset 0 :type u32 :net-order t)
  (payload-len :offset 4 :type u16 :net-order t)
  (next-header :offset 6 :type u8)
  (hop-limit :offset 7 :type u8)
  (saddr0 :offset 8 :type u32)
  (saddr3 :offset 20 :type u32)
  (daddr0 :offset 24 :type u32)
  (daddr3 :offset 36 :type u32))

(defheader fw-tcp
  (sport :offset 0 :type u16 :net-order t)
  (dport :offset 2 :type u16 :net-order t)
  (seq :offset 4 :type u32 :net-order t)
  (ack :offset 8 :type u32 :net-order t)
  (off :offset 12 :type u8)
  (flags :offset 13 :type u8)
  (window :offset 14 :type u16 :net-order t))

(defheader fw-udp
  (sport :offset 0 :type u16 :net-order t)
  (dport :offset 2 :type u16 :net-order t)
  (len :offset 4 :type u16 :net-order t)
  (csum :offset 6 :type u16))

(defheader fw-icmp
  (type :offset 0 :type u8)
  (code :offset 1 :type u8)
  (csum :offset 2 :type u16)
  (id :offset 4 :type u16 :net-order t)
  (seq :offset 6 :type u16 :net-order t))

(defheader fw-dns
  (id :offset 0 :type u16 :net-order t)
  (flags :offset 2 :type u16 :net-order t)
  (qdcount :offset 4 :type u16 :net-order t)
  (ancount :offset 6 :type u16 :net-order t)
  (nscount :offset 8 :type u16 :net-order t)
  (arcount :offset 10 :type u16 :net-order t))

(defheader fw-vxlan
  (flags :offset 0 :type u8)
  (vni-hi :offset 4 :type u16 :net-order t)
  (vni-lo :offset 6 :type u8))

(defconstant +vxlan-port+ 4789)
(defconstant +vxlan-len+ 8)
(defconstant +vxlan-flag-vni+ #x08)
(defconstant +ip4-len+ 20)
(defconstant +ip6-len+ 40)
(defconstant +tcp-len+ 20)
(defconstant +udp-len+ 8)
(defconstant +icmp-len+ 8)
(defconstant +dns-len+ 12)

;;; Keys, values and events
(defstruct prefix-key (prefixlen u32) (addr u32))
(defstruct port-key (port u16) (proto u8) (dir u8))
(defstruct flow-key (saddr u32) (daddr u32) (sport u16) (dport u16)
  (proto u8) (dir u8) (pad u16))
(defstruct flow-stats (packets u64) (bytes u64) (first-seen u64) (last-seen u64))
(defstruct drop-event (ts u64) (saddr u32) (daddr u32) (sport u16) (dport u16)
  (proto u8) (dir u8) (reason u8) (ttl u8) (len u32) (cookie u64))

;;; Maps
(defmap blocked-prefixes :type :lpm-trie :key-size 8 :value-size 4
  :max-entries 4096 :map-flags 1)
(defmap port-rules :type :hash :key-size 4 :value-size 4 :max-entries 1024)
(defmap verdicts :type :percpu-array :key-size 4 :value-size 8
  :max-entries 16)
(defmap ingress-bytes :type :array :key-size 4 :value-size 8 :max-entries 16)
(defmap egress-bytes :type :array :key-size 4 :value-size 8 :max-entries 16)
(defmap flows :type :lru-hash :key-size 16 :value-size 32 :max-entries 8192)
(defmap syn-budget :type :lru-hash :key-size 4 :value-size 8 :max-entries 4096)
(defmap drops :type :ringbuf :max-entries 65536)
(defmap vni-allowed :type :hash :key-size 4 :value-size 4 :max-entries 256)
(defmap rate-tokens :type :lru-hash :key-size 4 :value-size 16
  :max-entries 1024)
(defmap config :type :array :key-size 4 :value-size 8 :max-entries 4)

;;; Small pieces the programs share
(defmacro count-reason (reason)
  `(incf (getmap verdicts ,reason)))

(defmacro add-bytes (table reason n)
  `(when-let ((p (map-lookup ,table ,reason)))
     (atomic-add p 0 ,n)))

(defmacro deny (dir reason)
  `(progn (count-reason ,reason) (report-drop ,dir ,reason) +deny+))

(defmacro allow (reason)
  `(progn (count-reason ,reason) +allow+))

(defmacro config-flag (index)
  `(getmap config ,index))

(defmacro report-drop (dir reason)
  `(when (config-flag 0)
     (with-ringbuf (ev drops (sizeof drop-event))
       (setf (drop-event-ts ev) (ktime-get-ns)
             (drop-event-saddr ev) saddr
             (drop-event-daddr ev) daddr
             (drop-event-sport ev) sport
             (drop-event-dport ev) dport
             (drop-event-proto ev) proto
             (drop-event-dir ev) ,dir
             (drop-event-reason ev) ,reason
             (drop-event-ttl ev) ttl
             (drop-event-len ev) (ctx len)
             (drop-event-cookie ev) 0))))

(defmacro prefix-blocked-p (addr)
  `(let ((k (make-prefix-key)))
     (setf (prefix-key-prefixlen k) 32
           (prefix-key-addr k) ,addr)
     (getmap blocked-prefixes k)))

(defmacro port-rule (port proto dir)
  `(let ((k (make-port-key)))
     (setf (port-key-port k) ,port
           (port-key-proto k) ,proto
           (port-key-dir k) ,dir)
     (getmap port-rules k)))

(defmacro rule-denies-p (rule dir)
  `(and (logand ,rule +rule-deny+)
        (not (and (= ,dir +dir-ingress+) (logand ,rule +rule-egress-only+)))
        (not (and (= ,dir +dir-egress+) (logand ,rule +rule-ingress-only+)))))

(defmacro track-flow (dir)
  `(let ((k (make-flow-key)))
     (setf (flow-key-saddr k) saddr
           (flow-key-daddr k) daddr
           (flow-key-sport k) sport
           (flow-key-dport k) dport
           (flow-key-proto k) proto
           (flow-key-dir k) ,dir)
     (if-let (st (map-lookup flows k))
       (progn
         (atomic-add st 0 1)
         (atomic-add st 8 (ctx len))
         (store u64 st 24 (ktime-get-ns)))
       (let ((v (make-flow-stats))
             (now (ktime-get-ns)))
         (setf (flow-stats-packets v) 1
               (flow-stats-bytes v) (ctx len)
               (flow-stats-first-seen v) now
               (flow-stats-last-seen v) now)
         (map-update flows k v)))))

(defmacro syn-over-budget-p (addr)
  `(let ((key u32 ,addr))
     (if-let (p (map-lookup syn-budget key))
       (progn (atomic-add p 0 1)
              (> (load u64 p 0) +syn-budget+))
       (progn (setf (getmap syn-budget key) 1) 0))))

;;; A token bucket per destination port: TOKENS refill at one per
;;; millisecond up to 1024; a packet takes one.
(defstruct bucket (tokens u64) (stamp u64))

(defmacro rate-limited-p (port)
  `(let ((key u32 ,port)
         (now (ktime-get-ns)))
     (if-let (b (map-lookup rate-tokens key))
       (let* ((elapsed (- now (load u64 b 8)))
              (refill (/ elapsed 1000000))
              (tokens (+ (load u64 b 0) refill)))
         (when (> tokens 1024)
           (setf tokens 1024))
         (when refill
           (store u64 b 8 now))
         (if (= tokens 0)
             1
             (progn (store u64 b 0 (- tokens 1)) 0)))
       (let ((v (make-bucket)))
         (setf (bucket-tokens v) 1023
               (bucket-stamp v) now)
         (map-update rate-tokens key v)
         0))))

;;; VXLAN inside UDP: only the VNIs of the table pass.
(defmacro vxlan-refused-p (udp)
  `(let ((vx (+ ,udp +udp-len+)))
     (if (> (+ vx +vxlan-len+) data-end)
         1
         (if (logand (fw-vxlan-flags vx) +vxlan-flag-vni+)
             (let ((vni u32 (logior (ash (fw-vxlan-vni-hi vx) 8)
                                    (fw-vxlan-vni-lo vx))))
               (if (getmap vni-allowed vni) 0 1))
             1))))

;;; The filter both cgroup_skb programs run: DIR says which side the
;;; packet's peer is on (ingress: the source; egress: the destination).
(defmacro filter-packet (dir)
  `(let ((data (ctx data))
         (data-end (ctx data-end))
         (saddr u32 0) (daddr u32 0)
         (sport u16 0) (dport u16 0)
         (proto u8 0) (ttl u8 0)
         (l4 u32 0))
     (add-bytes ,(if (eql dir 0) 'ingress-bytes 'egress-bytes) 0 (ctx len))
     (when (> (+ data 1) data-end)
       (return (deny ,dir +reason-short+)))
     (let ((version (ash (load u8 data 0) -4)))
       (cond
         ((= version 4)
          (when (> (+ data +ip4-len+) data-end)
            (return (deny ,dir +reason-short+)))
          (setf saddr (fw-ip4-saddr data)
                daddr (fw-ip4-daddr data)
                proto (fw-ip4-proto data)
                ttl (fw-ip4-ttl data)
                l4 (* 4 (logand (fw-ip4-ver-ihl data) 15)))
          (when (< l4 +ip4-len+)
            (return (deny ,dir +reason-short+)))
          (when (logand (fw-ip4-frag data) #x1fff)
            (return (deny ,dir +reason-frag+)))
          (when (< ttl +min-ttl+)
            (return (deny ,dir +reason-ttl+))))
         ((= version 6)
          (when (> (+ data +ip6-len+) data-end)
            (return (deny ,dir +reason-short+)))
          (setf saddr (fw-ip6-saddr3 data)
                daddr (fw-ip6-daddr3 data)
                proto (fw-ip6-next-header data)
                ttl (fw-ip6-hop-limit data)
                l4 +ip6-len+)
          (when (config-flag 1)
            (return (deny ,dir +reason-v6+))))
         (t (return (allow +reason-ok+)))))
     (when (prefix-blocked-p ,(if (eql dir 0) 'saddr 'daddr))
       (return (deny ,dir +reason-prefix+)))
     (let ((h (+ data l4)))
       (cond
         ((= proto +ip-proto-tcp+)
          (when (> (+ h +tcp-len+) data-end)
            (return (deny ,dir +reason-short+)))
          (setf sport (fw-tcp-sport h)
                dport (fw-tcp-dport h))
          (when (and (= ,dir +dir-ingress+)
                     (= (logand (fw-tcp-flags h) (logior +tcp-syn+ +tcp-ack+))
                        +tcp-syn+)
                     (syn-over-budget-p saddr))
            (return (deny ,dir +reason-syn-flood+))))
         ((= proto +ip-proto-udp+)
          (when (> (+ h +udp-len+) data-end)
            (return (deny ,dir +reason-short+)))
          (setf sport (fw-udp-sport h)
                dport (fw-udp-dport h))
          (when (and (= dport +vxlan-port+) (vxlan-refused-p h))
            (return (deny ,dir +reason-port+)))
          (when (or (= dport +dns-port+) (= sport +dns-port+))
            (let ((dns (+ h +udp-len+)))
              (when (> (+ dns +dns-len+) data-end)
                (return (deny ,dir +reason-short+)))
              (when (or (= (fw-dns-qdcount dns) 0)
                        (> (fw-dns-qdcount dns) 4)
                        (logand (fw-dns-flags dns) #x000f))
                (return (deny ,dir +reason-dns+))))))
         ((or (= proto +ip-proto-icmp+) (= proto +proto-icmpv6+))
          (when (> (+ h +icmp-len+) data-end)
            (return (deny ,dir +reason-short+)))
          (let ((type (fw-icmp-type h)))
            (setf sport type
                  dport (fw-icmp-code h))
            (when (and (config-flag 2)
                       (not (or (= type 0) (= type 3) (= type 11)
                                (= type 129) (= type 1))))
              (return (deny ,dir +reason-icmp+)))))
         (t (return (allow +reason-ok+)))))
     (let ((rule (port-rule ,(if (eql dir 0) 'dport 'dport) proto ,dir)))
       (when (rule-denies-p rule ,dir)
         (return (deny ,dir +reason-port+)))
       (when (and (config-flag 2) (rate-limited-p dport))
         (return (deny ,dir +reason-port+)))
       (when (logand rule +rule-log+)
         (track-flow ,dir)))
     (allow +reason-ok+)))

(defprog fw-ingress (:type :cgroup-skb :section "cgroup_skb/ingress"
                     :license "GPL")
  (filter-packet 0))

(defprog fw-egress (:type :cgroup-skb :section "cgroup_skb/egress"
                    :license "GPL")
  (filter-packet 1))

;;; connect(2) from the cgroup: refuse blocked prefixes and ports, send the
;;; service port to the local proxy
(defprog fw-connect4 (:type :cgroup-sock-addr :section "cgroup/connect4"
                      :license "GPL")
  (let ((ip (ctx user-ip4))
        (port (ntohs (ctx user-port)))
        (saddr u32 0) (daddr u32 0)
        (sport u16 0) (dport u16 0)
        (proto u8 +ip-proto-tcp+) (ttl u8 0))
    (setf daddr ip
          dport port)
    (when (prefix-blocked-p ip)
      (count-reason +reason-prefix+)
      (return +deny+))
    (let ((rule (port-rule port proto +dir-connect+)))
      (when (logand rule +rule-deny+)
        (count-reason +reason-connect+)
        (return +deny+)))
    (when (and (= port +service-port+) (config-flag 3))
      (count-reason +reason-redirect+)
      (setf (ctx user-ip4) +localhost-nbo+)
      (setf (ctx user-port) (htons +proxy-port+)))
    (count-reason +reason-ok+)
    +allow+))
