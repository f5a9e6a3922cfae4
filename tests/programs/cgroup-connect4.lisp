;; cgroup/connect4 rewrites the destination through setf of ctx fields
;; (the manual's ctx chapter and cgroup firewall): user-ip4 and user-port
;; by name and the legacy (ctx u32 4). It records the original destination
;; in a hash map keyed by the socket cookie, and allows the connection.
;; A sock_addr program cannot be test-run: the verifier must accept it.
;; load-only
(defconstant +localhost-nbo+ #x0100007f)
(defmap original-ip :type :hash :key-size 8 :value-size 4 :max-entries 1024)

(defprog redirect-connect4 (:type :cgroup-sock-addr :section "cgroup/connect4")
  (let ((ip (ctx user-ip4))
        (port (ctx user-port))
        (cookie (get-socket-cookie (ctx-ptr))))
    (when (= port (htons 80))
      (setf (getmap original-ip cookie) ip)
      (setf (ctx user-ip4) +localhost-nbo+)
      (setf (ctx user-port) (htons 8080)))
    (when (= (ctx u32 4) 0)
      (setf (ctx u32 4) +localhost-nbo+)))
  1)

(defprog redirect-connect6 (:type :cgroup-sock-addr :section "cgroup/connect6")
  (when (= (ctx user-ip6 0) 0)
    (setf (ctx user-ip6 3) (htonl 1)))
  1)
