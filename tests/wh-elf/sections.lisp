(in-package #:whistler)

(defprog tcp-handler (:type :xdp :section "xdp/tcp" :license "GPL")
  XDP_PASS)

(defprog block-4444 (:type :xdp :section "tc/block_4444")
  TC_ACT_SHOT)

(defprog plain (:type :xdp :section "xdp")
  XDP_DROP)
