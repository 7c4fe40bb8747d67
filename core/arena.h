/* A bump allocator: everything a post owns comes from its arena and is freed
 * at once when the post is done (see STYLE.md §3). Not thread-safe; one arena
 * belongs to one post on one thread. */
#ifndef NP_ARENA_H
#define NP_ARENA_H

#include "common.h"

typedef struct np_arena np_arena;

/** Returns owned (free with np_arena_free), or NULL when out of memory. */
np_arena *np_arena_new(void);

/** Frees every allocation and the arena itself; NULL is a no-op. */
void np_arena_free(np_arena *arena);

/** `size` bytes aligned for any type, or NULL when out of memory or when
 * `size` is absurd. Returns borrowed memory, valid until np_arena_free. */
void *np_arena_alloc(np_arena *arena, size_t size);

/** Like np_arena_alloc for `count * size` bytes, zeroed; NULL on overflow. */
void *np_arena_calloc(np_arena *arena, size_t count, size_t size);

/** A copy of `s` in the arena, NUL-terminated for convenience (the slice
 * length stays authoritative). NULL when out of memory. */
char *np_arena_strndup(np_arena *arena, const char *s, size_t len);

/** Grows an arena array from `count` to `new_count` elements of `size` bytes,
 * copying; the old block is simply abandoned. NULL when out of memory. */
void *np_arena_grow(np_arena *arena, void *old, size_t count, size_t new_count,
                    size_t size);

/** Bytes handed out so far (for limits and tests). */
size_t np_arena_used(const np_arena *arena);

#endif
