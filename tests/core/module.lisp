(in-package #:whistler)
;; A struct that lives in a module's BTF (tests/core/split-btf.py). The
;; program fills map buf's value with the bytes 0, 1, 2 ... 63, reads
;; wh_mod_stat.count and .flags from it as a kernel struct (probe-read-kernel
;; at the relocated offset and size) and stores what it read in map res:
;; the bytes read say where the loader put the field.
(import-kernel-struct wh-mod-stat flags count)
(defmap buf :type :array :key-size 4 :value-size 64 :max-entries 1)
(defmap res :type :array :key-size 4 :value-size 8 :max-entries 2)
(defprog read-mod (:type :xdp :license "GPL")
  (when-let ((p (map-lookup buf 0)))
    (dotimes (i 8)
      (store u64 p (* i 8) (+ #x0706050403020100 (* i #x0808080808080808))))
    (setf (getmap res 0) (wh-mod-stat-count p))
    (setf (getmap res 1) (wh-mod-stat-flags p)))
  2)
