#!asm

.license   "GPL"
.file "a \"quoted\" \\ name.lisp"
.map m type=lru-hash key_size=0x10 value_size=8 max_entries=10 flags=0 @1:2

.prog  p  type=cgroup-skb  section="cgroup_skb/ingress"   @4:5
   r1=0x10
	w2 = 4294967295
	.loc 1:1
	.loc 2:2
	if w2 == 0xffffffff goto out
  r3 =*(u64*)(r1+8)
	r4 = 0xffffffffffffffff ll
	*(u16 *)(r10 -2) = 0xffff
	.loc 2:2
  out:
	r0 = - 5
	exit
