;; A copy of tests/seeds/programs/001-tracepoint-with-ring-buffer-bpf--event-logger.lisp with its expected
;; behaviour.
;; packet syn80: 112233445566aabbccddeeff08004510002812344000400654d70a010203c0a8070904d2005001020304a0b0c0d050027210beef0102
;; packet synack: 112233445566aabbccddeeff08004510002812344000400654d70a010203c0a8070904d2005001020304a0b0c0d050127210beef0102
;; packet ack: 112233445566aabbccddeeff08004510002812344000400654d70a010203c0a8070904d2005001020304a0b0c0d050107210beef0102
;; packet udp80: 112233445566aabbccddeeff08004510002012344000401154d40a010203c0a8070914e90050000cabcd61626364
;; packet arp: 112233445566aabbccddeeff080600000000000000000000000000000000000000000000000000000000
;; The SYN logger from the seeds' first text (also the manual's "Tracepoint
;; with Ring Buffer" example): one ring-buffer event, counted in
;; rb-stats[0], per TCP SYN without ACK; nothing for SYN-ACK, ACK, UDP or
;; ARP; XDP_PASS always. It tests (= proto +ip-proto-tcp+) twice: on the
;; non-TCP path the TCP flags must not be read (only 38 bytes are checked
;; there), or the verifier rejects the program (issue #4, item 5).
;; test: --pkt syn80 --repeat 3 => retval 2; rb-stats[0] = 3; rb-stats[1] = 0
;; test: --pkt synack => retval 2; rb-stats[0] = 0
;; test: --pkt ack => retval 2; rb-stats[0] = 0
;; test: --pkt udp80 => retval 2; rb-stats[0] = 0
;; test: --pkt arp => retval 2; rb-stats[0] = 0
;; A SYN cut to 40 bytes: past the 38-byte check, short of the flags.
;; test: --hex 112233445566aabbccddeeff08004510002812344000400654d70a010203c0a8070904d200500102 => retval 2; rb-stats[0] = 0
;; A SYN cut to 37 bytes: with-packet's 38-byte check fails.
;; test: --hex 112233445566aabbccddeeff08004510002812344000400654d70a010203c0a8070904d200 => retval 2; rb-stats[0] = 0
;; from seeds/000_d9179362382dcc71.txt, section "Tracepoint with Ring Buffer / BPF program"
;; also in seeds/003_d20c8d67eafebab6.txt, section "Tracepoint with Ring Buffer / BPF program"
(in-package #:whistler)
;;; Event struct -- shared between BPF and userspace.
;;; defstruct generates both BPF accessor macros and CL-side codec
;;; (decode-conn-event -> conn-event-record struct).
(defstruct conn-event
(src-addr u32)
(dst-addr u32)
(dst-port u16)
(proto u8)
(pad u8)) ; align to 12 bytes
;;; Maps
(defmap events :type :ringbuf :max-entries 4096)
(defmap rb-stats :type :array
:key-size 4 :value-size 8 :max-entries 2)
(defconstant +stat-events-sent+ 0)
(defconstant +stat-events-dropped+ 1)
;;; Program
(defprog event-logger (:type :xdp :section "xdp" :license "GPL")
(with-packet (data data-end :min-len 38) ; Eth + IPv4 + TCP ports
(when (= (eth-type data) +ethertype-ipv4+)
(let* ((ip (+ data +eth-hdr-len+))
(proto (ipv4-protocol ip)))
;; TCP SYN packets only
(when (and (= proto +ip-proto-tcp+)
(> (+ data 54) data-end))
(return XDP_PASS))
(when (= proto +ip-proto-tcp+)
(let* ((tcp (+ ip +ipv4-hdr-len+))
(flags (tcp-flags tcp)))
;; Only log new connections (SYN set, ACK not set)
(when (and (logand flags +tcp-syn+)
(not (logand flags +tcp-ack+)))
(with-ringbuf (event events (sizeof conn-event))
(setf (conn-event-src-addr event) (ipv4-src-addr ip)
(conn-event-dst-addr event) (ipv4-dst-addr ip)
(conn-event-dst-port event) (tcp-dst-port tcp)
(conn-event-proto event) proto)
(incf (getmap rb-stats +stat-events-sent+)))))))))
XDP_PASS)
(compile-to-elf "ringbuf-events.bpf.o")
