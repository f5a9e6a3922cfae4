;; Structs and constants whose layouts the header tests check in every
;; language: padding before wide fields, tail padding, arrays of each
;; width, embedded structs (one holding another, one a union), a union,
;; keyword field names.
(in-package #:whistler)

(defconstant +event-type-tcp+ 1)
(defconstant +event-type-udp+ 2)
(defconstant +max-entries+ (* 256 1024))
(defconstant +minus-one+ -1)
(defconstant +big-mask+ #xffffffffffff)

(defstruct conn-event
  (src-addr u32)
  (dst-addr u32)
  (port u16)
  (comm (array u8 16)))

(defstruct sample
  (flags u8)
  (id u32)
  (value u64))

(defstruct tail-pad
  (value u64)
  (tag u8))

(defstruct wide-arrays
  (kind u8)
  (ports (array u16 3))
  (addrs (array u32 5))
  (stamps (array u64 2))
  (data (array u8 40)))

(defstruct outer
  (tag u8)
  (inner sample)
  (type u16)
  (match u8))

(defunion either sample conn-event)

(defstruct nested-twice
  (id u16)
  (pair outer)
  (ev conn-event)
  (any either))

(defmap events :type :ringbuf :max-entries 4096)

(defprog fill (:type :xdp :section "xdp" :license "GPL")
  (let ((s (make-sample)))
    (setf (sample-id s) +event-type-tcp+))
  XDP_PASS)
