#!asm
.file "maps8.asm"
.license "GPL"
.map m_hash type=hash key_size=4 value_size=8 max_entries=16 flags=0
.map m_array type=array key_size=4 value_size=16 max_entries=4 flags=0
.map m_progs type=prog-array key_size=4 value_size=4 max_entries=8 flags=0
.map m_pchash type=percpu-hash key_size=8 value_size=8 max_entries=32 flags=0
.map m_pcarray type=percpu-array key_size=4 value_size=8 max_entries=2 flags=0
.map m_lru type=lru-hash key_size=16 value_size=4 max_entries=64 flags=0
.map m_lpm type=lpm-trie key_size=8 value_size=4 max_entries=128 flags=1
.map m_events type=ringbuf key_size=0 value_size=0 max_entries=8192 flags=0
.prog touch_all type=xdp section="xdp"
	.loc 1:1
	r1 = m_hash ll
	r1 = m_array ll
	r1 = m_progs ll
	r1 = m_pchash ll
	r1 = m_pcarray ll
	r1 = m_lru ll
	r1 = m_lpm ll
	r1 = m_events ll
	r0 = 2
	exit
