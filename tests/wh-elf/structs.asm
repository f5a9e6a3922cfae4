#!asm
.license "GPL"
.struct conn_event size=28 align=4
.member src_addr u32 offset=0
.member dst_addr u32 offset=4
.member port u16 offset=8
.member comm u8 offset=10 count=16
.struct other size=8 align=8
.member v u64 offset=0
.union either size=28 align=8
.member ev conn_event offset=0
.member o other offset=0
.prog p type=xdp section="xdp"
	.loc 1:1
	r0 = 2
	exit
