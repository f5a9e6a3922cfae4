;;; prelude.lisp: the language's own macros and constants, in Whistler.
;;; wh-expand reads this before the user's file. Everything here expands
;;; into forms the expander's walker knows (body.c, places.c); the
;;; facts they need come from glue.c's builtins (%map-key-size, %pointer-p ...).

;;; Return codes and flags
(defconstant xdp_aborted 0)
(defconstant xdp_drop 1)
(defconstant xdp_pass 2)
(defconstant xdp_tx 3)
(defconstant xdp_redirect 4)
(defconstant tc_act_unspec -1)
(defconstant tc_act_ok 0)
(defconstant tc_act_reclassify 1)
(defconstant tc_act_shot 2)
(defconstant tc_act_pipe 3)
(defconstant tc_act_stolen 4)
(defconstant tc_act_queued 5)
(defconstant tc_act_repeat 6)
(defconstant tc_act_redirect 7)
(defconstant sk_drop 0)
(defconstant sk_pass 1)
(defconstant bpf_any 0)
(defconstant bpf_noexist 1)
(defconstant bpf_exist 2)
(defconstant bpf_f_no_prealloc 1)

;;; Protocol constants
(defconstant +ethertype-ipv4+ #x0800)
(defconstant +ethertype-ipv6+ #x86dd)
(defconstant +ethertype-arp+ #x0806)
(defconstant +ethertype-vlan+ #x8100)
(defconstant +eth-hdr-len+ 14)
(defconstant +ipv4-hdr-len+ 20)
(defconstant +ipv6-hdr-len+ 40)
(defconstant +tcp-hdr-len+ 20)
(defconstant +udp-hdr-len+ 8)
(defconstant +icmp-hdr-len+ 8)
(defconstant +ip-proto-icmp+ 1)
(defconstant +ip-proto-tcp+ 6)
(defconstant +ip-proto-udp+ 17)
(defconstant +tcp-fin+ #x01)
(defconstant +tcp-syn+ #x02)
(defconstant +tcp-rst+ #x04)
(defconstant +tcp-psh+ #x08)
(defconstant +tcp-ack+ #x10)
(defconstant +tcp-urg+ #x20)

;;; Protocol headers (offsets and byte order of the manual's tables)
(defheader eth
  (dst-mac-hi :offset 0 :type u32)
  (dst-mac-lo :offset 4 :type u16)
  (src-mac-hi :offset 6 :type u32)
  (src-mac-lo :offset 10 :type u16)
  (type :offset 12 :type u16 :net-order t))

(defheader ipv4
  (ver-ihl :offset 0 :type u8)
  (tos :offset 1 :type u8)
  (total-len :offset 2 :type u16 :net-order t)
  (id :offset 4 :type u16 :net-order t)
  (frag-off :offset 6 :type u16 :net-order t)
  (ttl :offset 8 :type u8)
  (protocol :offset 9 :type u8)
  (checksum :offset 10 :type u16 :net-order t)
  (src-addr :offset 12 :type u32)
  (dst-addr :offset 16 :type u32))

(defheader ipv6
  (ver-tc-flow :offset 0 :type u32 :net-order t)
  (payload-len :offset 4 :type u16 :net-order t)
  (nexthdr :offset 6 :type u8)
  (hop-limit :offset 7 :type u8)
  (src-addr-hi :offset 8 :type u64)
  (src-addr-lo :offset 16 :type u64)
  (dst-addr-hi :offset 24 :type u64)
  (dst-addr-lo :offset 32 :type u64))

(defheader tcp
  (src-port :offset 0 :type u16 :net-order t)
  (dst-port :offset 2 :type u16 :net-order t)
  (seq :offset 4 :type u32 :net-order t)
  (ack-seq :offset 8 :type u32 :net-order t)
  (data-off :offset 12 :type u8)
  (flags :offset 13 :type u8)
  (window :offset 14 :type u16 :net-order t)
  (checksum :offset 16 :type u16 :net-order t)
  (urg-ptr :offset 18 :type u16 :net-order t))

(defheader udp
  (src-port :offset 0 :type u16 :net-order t)
  (dst-port :offset 2 :type u16 :net-order t)
  (length :offset 4 :type u16 :net-order t)
  (checksum :offset 6 :type u16 :net-order t))

(defheader icmp
  (type :offset 0 :type u8)
  (code :offset 1 :type u8)
  (checksum :offset 2 :type u16 :net-order t)
  (rest :offset 4 :type u32))

;;; Conditionals: a test that fails gives 0, like an if without else.

(defmacro when (test &body body) `(if ,test (progn ,@body) 0))
(defmacro unless (test &body body) `(if (not ,test) (progn ,@body) 0))

;; (cond (test body...)... [(t body...)]): a clause needs a body; t or
;; otherwise makes the default clause. Each if has its clause's position.
(defmacro cond (&rest clauses)
  (dolist (c clauses)          ; all of them, the unreachable ones too
    (cond ((not (consp c)) (%error-at c "cond: a clause must be a list"))
          ((and (null (cdr c)) (not (member (car c) '(t otherwise))))
           (%error-at c "cond: a clause needs a body"))))
  (if (null clauses)
      0
      (let ((c (car clauses)))
        (%at c (if (member (car c) '(t otherwise))
                   `(progn ,@(cdr c))
                   `(if ,(car c) (progn ,@(cdr c)) (cond ,@(cdr clauses))))))))

;;; Binding and dispatch

;; (when-let ((var [type] init)...) body...): body only when every init is
;; non-zero; later inits are not evaluated after a zero.
(defmacro when-let (bindings &body body)
  (if (null bindings)
      `(progn ,@body)
      (let ((b (car bindings)))
        `(let (,b)
           (if ,(car b)
               (when-let ,(cdr bindings) ,@body)
               0)))))

;; (if-let (var [type] init) then [else])
(defmacro if-let (binding then &optional (else 0))
  (when (and (consp binding) (consp (car binding)))
    (setf binding (car binding)))
  `(let (,binding)
     (if ,(car binding) ,then ,else)))

;; (case key (value body...) ((v1 v2) body...) (t body...))
(defmacro case (key &rest clauses)
  (let ((k (gensym "CASE")))
    `(let ((,k ,key))
       (cond
         ,@(mapcar
            (lambda (c)
              (let ((keys (car c)))
                (cond ((member keys '(t otherwise)) `(t ,@(cdr c)))
                      ((consp keys)
                       `((or ,@(mapcar (lambda (v) `(= ,k ,v)) keys)) ,@(cdr c)))
                      (t `((= ,k ,keys) ,@(cdr c))))))
            clauses)))))

;;; Maps: map-lookup, map-update, map-delete (and their -ptr forms, whose
;;; key and value are pointers), getmap, remmap, setf and incf of getmap.
;;; A key or value that is already a pointer (%pointer-p: a make-NAME
;;; object or a variable bound to one, stack-addr, stack-alloc, a -ptr
;;; field) is passed as it is; any other value is stored to a stack slot
;;; of the map's size.

(defun %map-width (size) (case size (1 'u8) (2 'u16) (4 'u32) (8 'u64)))

;; A pointer to the key or value X of SIZE bytes: (values POINTER BINDINGS
;; STORES), the bindings and stores that make the slot it points to.
(defun %map-data (map x size what as-pointer)
  (if (or as-pointer (%pointer-p x))
      (values x nil nil)
      (let ((w (%map-width size))
            (slot (gensym (string-upcase what))))
        (cond ((and (not w) (< size 8))
               (error "map ~(~a~) has a ~d-byte ~a; pass a pointer to it ~
                       (a struct from make-NAME or stack-addr)" map size what))
              ((and (not w) (string= what "key"))
               (error "map ~(~a~) has a ~d-byte key; pass a pointer to it ~
                       (a struct from make-NAME, or stack-addr)" map size))
              ((> size 512)
               (error "map ~(~a~) has a ~d-byte value, more than the 512-byte ~
                       stack holds; pass a pointer to it" map size)))
        (values slot
                `((,slot (stack-alloc ,size)))
                (if w
                    `((store ,w ,slot 0 ,x))
                    ;; a scalar for a wider value: zero-extended
                    ;; (notes/semantics.md)
                    `((memset ,slot 8 0 ,(- size 8)) (store u64 ,slot 0 ,x)))))))

;; FORM after the bindings and stores of the slots it uses.
(defun %map-wrap (binds stores form)
  (if binds `(let ,binds ,@stores ,form) form))

;; (map-lookup m k), (map-delete m k), (remmap m k): one helper call on a
;; pointer to the key
(defun %keyed-call (name helper args as-pointer)
  (%need-args name args 2 2)
  (destructuring-bind (map key) args
    (%map-check name map)
    (multiple-value-bind (k binds stores)
        (%map-data map key (%map-key-size map) "key" as-pointer)
      (%map-wrap binds stores `(,helper ,map ,k)))))

(defmacro map-lookup (&rest args) (%keyed-call 'map-lookup 'map-lookup-elem args nil))
(defmacro map-lookup-ptr (&rest args) (%keyed-call 'map-lookup-ptr 'map-lookup-elem args t))
(defmacro map-delete (&rest args) (%keyed-call 'map-delete 'map-delete-elem args nil))
(defmacro map-delete-ptr (&rest args) (%keyed-call 'map-delete-ptr 'map-delete-elem args t))
(defmacro remmap (&rest args) (%keyed-call 'remmap 'map-delete-elem args nil))

;; (map-update m k v [flags])
(defun %update (name lookup-name map key value flags as-pointer)
  (%map-check name map lookup-name)
  (multiple-value-bind (k kb ks) (%map-data map key (%map-key-size map) "key" as-pointer)
    (multiple-value-bind (v vb vs)
        (%map-data map value (%map-value-size map) "value" as-pointer)
      (%map-wrap (append kb vb) (append ks vs) `(map-update-elem ,map ,k ,v ,flags)))))

(defmacro map-update (&rest args)
  (%need-args 'map-update args 3 4)
  (destructuring-bind (map key value &optional (flags 0)) args
    (%update 'map-update 'map-update map key value flags nil)))
(defmacro map-update-ptr (&rest args)
  (%need-args 'map-update-ptr args 3 4)
  (destructuring-bind (map key value &optional (flags 0)) args
    (%update 'map-update-ptr 'map-update-ptr map key value flags t)))

;; (getmap m k): the value (of 1, 2, 4 or 8 bytes) or a pointer to it; 0
;; when the key is absent
(defmacro getmap (&rest args)
  (%need-args 'getmap args 2 2)
  (destructuring-bind (map key) args
    (%map-check 'getmap map)
    (multiple-value-bind (k binds stores) (%map-data map key (%map-key-size map) "key" nil)
      (let ((v (gensym "VAL"))
            (w (%map-width (%map-value-size map))))
        (%map-wrap binds stores
                   `(let ((,v (map-lookup-elem ,map ,k)))
                      ,(if w `(if ,v (load ,w ,v 0) 0) v)))))))

;; (setf (getmap m k) v): the whole value is written
(defsetf getmap (&rest args) (value)
  (%need-args 'getmap args 2 2)
  (%update 'getmap "setf getmap" (first args) (second args) value 0 nil))

;; (incf (getmap m k) [d]), (decf ...): an atomic add on the value; on a
;; map whose entries are not all there (a hash), a missing key is created
;; holding d. wh-expand's incf of (NAME ...) calls (%incf-NAME ... DELTA).
(defmacro %incf-getmap (&rest args)
  (let ((delta (car (last args)))
        (args (butlast args)))
    (%need-args 'getmap args 2 2)
    (destructuring-bind (map key) args
      (%map-check 'getmap map "incf getmap")
      (let* ((size (%map-value-size map))
             (w (%map-width size)))
        (unless (member w '(u32 u64))
          (error "incf of getmap needs a 4- or 8-byte map value; map ~(~a~) has ~d bytes"
                 map size))
        ;; the key first, then the delta (Common Lisp's order): the
        ;; delta is bound after the key's stores have run
        (let ((d (if (or (integerp delta) (%constant-p delta)) delta (gensym "DELTA"))))
          (multiple-value-bind (k kb ks) (%map-data map key (%map-key-size map) "key" nil)
            (let* ((v (gensym "VAL"))
                   (body
                     `(let ((,v (map-lookup-elem ,map ,k)))
                        (if ,v
                            (atomic-add ,v 0 ,d ,w)
                            ,(if (%map-array-p map)
                                 0
                                 (let ((init (gensym "INIT")))
                                   `(let ((,init (stack-alloc ,size)))
                                      (store ,w ,init 0 ,d)
                                      (map-update-elem ,map ,k ,init 1))))))))
              (%map-wrap kb ks (if (eq d delta) body `(let ((,d ,delta)) ,body))))))))))

;;; Ring buffers

;; (with-ringbuf (var map size [:flags f]) body...): reserve, run the body
;; when the reservation succeeded, submit.
(defmacro with-ringbuf ((var map size &key (flags 0)) &body body)
  `(let ((,var (ringbuf-reserve ,map ,size ,flags)))
     (when ,var
       ,@body
       (ringbuf-submit ,var 0))))

;; (fill-process-info ptr :pid-field acc :uid-field acc :timestamp-field acc
;;                        :comm-field acc-ptr :comm-size n)
(defmacro fill-process-info (ptr &key pid-field tgid-field uid-field gid-field
                                   timestamp-field comm-field (comm-size 16))
  `(progn
     ,@(when pid-field
         `((setf (,pid-field ,ptr) (cast u32 (get-current-pid-tgid)))))
     ,@(when tgid-field
         `((setf (,tgid-field ,ptr) (>> (get-current-pid-tgid) 32))))
     ,@(when uid-field
         `((setf (,uid-field ,ptr) (cast u32 (get-current-uid-gid)))))
     ,@(when gid-field
         `((setf (,gid-field ,ptr) (>> (get-current-uid-gid) 32))))
     ,@(when timestamp-field
         `((setf (,timestamp-field ,ptr) (ktime-get-ns))))
     ,@(when comm-field
         `((get-current-comm (,comm-field ,ptr) ,comm-size)))
     0))

;;; Context

(defmacro xdp-data () '(ctx data))
(defmacro xdp-data-end () '(ctx data-end))
(defmacro tc-data () '(ctx data))
(defmacro tc-data-end () '(ctx data-end))

(defmacro pt-regs-parm1 () `(ctx-load u64 ,(%pt-regs-offset 1)))
(defmacro pt-regs-parm2 () `(ctx-load u64 ,(%pt-regs-offset 2)))
(defmacro pt-regs-parm3 () `(ctx-load u64 ,(%pt-regs-offset 3)))
(defmacro pt-regs-parm4 () `(ctx-load u64 ,(%pt-regs-offset 4)))
(defmacro pt-regs-parm5 () `(ctx-load u64 ,(%pt-regs-offset 5)))
(defmacro pt-regs-parm6 () `(ctx-load u64 ,(%pt-regs-offset 6)))
(defmacro pt-regs-ret () `(ctx-load u64 ,(%pt-regs-offset 0)))

;;; Packet parsing. The with-* forms are flat guards: a failed bounds or
;;; type check returns XDP_PASS (TC: TC_ACT_OK) from the program.

(defun %packet-guard (data data-end len fail)
  `(when (> (+ ,data ,len) ,data-end) (return ,fail)))

(defun %with-packet (get-data get-data-end fail data data-end min-len body)
  `(let ((,data ,get-data)
         (,data-end ,get-data-end))
     ,(%packet-guard data data-end min-len fail)
     ,@body))

(defun %with-eth (get get-end fail data data-end body)
  (%with-packet get get-end fail data data-end +eth-hdr-len+ body))

(defun %with-ipv4 (get get-end fail data data-end ip body)
  (%with-packet get get-end fail data data-end (+ +eth-hdr-len+ +ipv4-hdr-len+)
    `((when (/= (eth-type ,data) +ethertype-ipv4+) (return ,fail))
      (let ((,ip (+ ,data +eth-hdr-len+)))
        ,@body))))

(defun %with-l4 (get get-end fail data data-end var proto len body)
  (let ((ip (gensym "IP")))
    (%with-packet get get-end fail data data-end (+ +eth-hdr-len+ +ipv4-hdr-len+ len)
      `((when (/= (eth-type ,data) +ethertype-ipv4+) (return ,fail))
        (when (/= (ipv4-protocol (+ ,data +eth-hdr-len+)) ,proto) (return ,fail))
        (let ((,var (+ ,data ,(+ +eth-hdr-len+ +ipv4-hdr-len+))))
          ,@body)))))

(defmacro with-packet ((data data-end &key (min-len 0)) &body body)
  (%with-packet '(xdp-data) '(xdp-data-end) 'xdp_pass data data-end min-len body))
(defmacro with-eth ((data data-end) &body body)
  (%with-eth '(xdp-data) '(xdp-data-end) 'xdp_pass data data-end body))
(defmacro with-ipv4 ((data data-end ip) &body body)
  (%with-ipv4 '(xdp-data) '(xdp-data-end) 'xdp_pass data data-end ip body))
(defmacro with-tcp ((data data-end tcp) &body body)
  (%with-l4 '(xdp-data) '(xdp-data-end) 'xdp_pass data data-end tcp
            +ip-proto-tcp+ +tcp-hdr-len+ body))
(defmacro with-udp ((data data-end udp) &body body)
  (%with-l4 '(xdp-data) '(xdp-data-end) 'xdp_pass data data-end udp
            +ip-proto-udp+ +udp-hdr-len+ body))

(defmacro with-tc-packet ((data data-end &key (min-len 0)) &body body)
  (%with-packet '(tc-data) '(tc-data-end) 'tc_act_ok data data-end min-len body))
(defmacro with-tc-eth ((data data-end) &body body)
  (%with-eth '(tc-data) '(tc-data-end) 'tc_act_ok data data-end body))
(defmacro with-tc-ipv4 ((data data-end ip) &body body)
  (%with-ipv4 '(tc-data) '(tc-data-end) 'tc_act_ok data data-end ip body))
(defmacro with-tc-tcp ((data data-end tcp) &body body)
  (%with-l4 '(tc-data) '(tc-data-end) 'tc_act_ok data data-end tcp
            +ip-proto-tcp+ +tcp-hdr-len+ body))
(defmacro with-tc-udp ((data data-end udp) &body body)
  (%with-l4 '(tc-data) '(tc-data-end) 'tc_act_ok data data-end udp
            +ip-proto-udp+ +udp-hdr-len+ body))

;; Expression-oriented parsing: a header pointer, or 0.
(defmacro parse-eth (data data-end)
  `(if (> (+ ,data +eth-hdr-len+) ,data-end) 0 ,data))

(defmacro parse-ipv4 (data data-end)
  `(if (> (+ ,data ,(+ +eth-hdr-len+ +ipv4-hdr-len+)) ,data-end)
       0
       (if (= (eth-type ,data) +ethertype-ipv4+) (+ ,data +eth-hdr-len+) 0)))

(defun %parse-l4 (data data-end proto len)
  `(if (> (+ ,data ,(+ +eth-hdr-len+ +ipv4-hdr-len+ len)) ,data-end)
       0
       (if (and (= (eth-type ,data) +ethertype-ipv4+)
                (= (ipv4-protocol (+ ,data +eth-hdr-len+)) ,proto))
           (+ ,data ,(+ +eth-hdr-len+ +ipv4-hdr-len+))
           0)))

(defmacro parse-tcp (data data-end)
  (%parse-l4 data data-end +ip-proto-tcp+ +tcp-hdr-len+))
(defmacro parse-udp (data data-end)
  (%parse-l4 data data-end +ip-proto-udp+ +udp-hdr-len+))

;;; Loops over user memory

;; (do-user-ptrs (var base count max-count [:index i]) body...): for each of
;; the first COUNT (at most MAX-COUNT) pointers of a user array, read it and
;; run the body when it is not null.
(defmacro do-user-ptrs ((var base count max-count &key index) &body body)
  (let ((i (or index (gensym "I")))
        (slot (gensym "SLOT"))
        (b (gensym "BASE"))
        (n (gensym "COUNT")))
    `(let ((,b ,base)
           (,n ,count)
           (,slot (stack-alloc 8)))
       (dotimes (,i ,max-count)
         (when (< ,i ,n)
           (store u64 ,slot 0 0)
           (probe-read-user ,slot 8 (+ ,b (* ,i 8)))
           (when-let ((,var (load u64 ,slot 0)))
             ,@body))))))

;; (do-user-array (var type base count max-count [:index i]) body...):
;; scalars are loaded into VAR; for a struct type VAR is a stack buffer
;; reused each iteration.
(defmacro do-user-array ((var type base count max-count &key index) &body body)
  (let* ((i (or index (gensym "I")))
         (size (%struct-size type))
         (scalar (member type '(u8 u16 u32 u64)))
         (buf (if scalar (gensym "BUF") var))
         (b (gensym "BASE"))
         (n (gensym "COUNT")))
    `(let ((,b ,base)
           (,n ,count)
           (,buf (stack-alloc ,(if (< size 8) 8 size))))
       (dotimes (,i ,max-count)
         (when (< ,i ,n)
           (probe-read-user ,buf ,size (+ ,b (* ,i ,size)))
           ,(if scalar
                `(let ((,var (load ,type ,buf 0))) ,@body)
                `(progn ,@body)))))))
