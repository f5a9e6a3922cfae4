/* pin.h: the BPF filesystem: pinning every map and program of an object
 * under a directory, and opening a pinned map (with its BTF, read back
 * from the kernel) to operate on it with the wl_map_* calls of wl.h. */
#ifndef WH_LOAD_PIN_H
#define WH_LOAD_PIN_H
#include "wl.h"

/* 1 when path is on a BPF filesystem, 0 when not, -1 when it cannot be
 * checked (wl_error says why). */
int wl_is_bpffs(const char *path);

/* Load every program of o (creating its maps), then pin each map and each
 * program as DIR/NAME. DIR must be on bpffs; it is created (one level)
 * when missing. All or nothing: on failure whatever was pinned and the
 * directory, if created here, are removed again. */
int wl_pin_object(WlObject *o, const char *dir);

/* Open the map pinned at path: m gets its name, type, sizes and flags
 * from the kernel, its BTF (from a, or NULL when the map has none) and an
 * fd the caller closes. Fails when path is not a pinned map. */
int wl_map_open_pinned(Arena *a, const char *path, WlMap *m);

#endif
