/* le.h: little-endian fields: BPF objects, BTF and BTF.ext are
 * ELFDATA2LSB whatever the host's byte order. */
#ifndef WH_LE_H
#define WH_LE_H
#include <stdint.h>
#include "arena.h"

static inline void le_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void le_put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> 8 * i);
}

static inline uint32_t le_get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* Append v to b. */
static inline void le_buf32(Buf *b, uint32_t v)
{
	uint8_t p[4];
	le_put32(p, v);
	buf_put(b, p, 4);
}

#endif
