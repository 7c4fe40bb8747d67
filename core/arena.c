/* Bump allocator over malloc'd chunks, each aligned for max_align_t. Large
 * requests get a chunk of their own so the tail of the current one is kept. */
#include "arena.h"

#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK_SIZE ((size_t)64 * 1024)

typedef struct chunk {
  struct chunk *next;
  size_t size; /* usable bytes after the header */
  size_t used;
  alignas(max_align_t) unsigned char data[];
} chunk;

struct np_arena {
  chunk *head; /* current chunk, newest first */
  size_t total;
};

np_arena *np_arena_new(void)
{
  return calloc(1, sizeof(np_arena));
}

void np_arena_free(np_arena *arena)
{
  if (!arena) {
    return;
  }
  chunk *c = arena->head;
  while (c) {
    chunk *next = c->next;
    free(c);
    c = next;
  }
  free(arena);
}

static chunk *chunk_new(size_t size)
{
  if (size > SIZE_MAX - sizeof(chunk)) {
    return NULL;
  }
  chunk *c = malloc(sizeof(chunk) + size);
  if (c) {
    c->next = NULL;
    c->size = size;
    c->used = 0;
  }
  return c;
}

void *np_arena_alloc(np_arena *arena, size_t size)
{
  const size_t align = alignof(max_align_t);
  if (size == 0) {
    size = 1;
  }
  if (size > SIZE_MAX - align) {
    return NULL;
  }
  size = (size + align - 1) & ~(align - 1);
  chunk *c = arena->head;
  if (!c || c->size - c->used < size) {
    if (size > CHUNK_SIZE / 4) {
      /* A big block gets its own chunk behind the current one. */
      chunk *big = chunk_new(size);
      if (!big) {
        return NULL;
      }
      big->used = size;
      if (c) {
        big->next = c->next;
        c->next = big;
      } else {
        arena->head = big;
      }
      arena->total += size;
      return big->data;
    }
    c = chunk_new(CHUNK_SIZE);
    if (!c) {
      return NULL;
    }
    c->next = arena->head;
    arena->head = c;
  }
  void *p = c->data + c->used;
  c->used += size;
  arena->total += size;
  return p;
}

void *np_arena_calloc(np_arena *arena, size_t count, size_t size)
{
  if (size != 0 && count > SIZE_MAX / size) {
    return NULL;
  }
  void *p = np_arena_alloc(arena, count * size);
  if (p) {
    memset(p, 0, count * size);
  }
  return p;
}

char *np_arena_strndup(np_arena *arena, const char *s, size_t len)
{
  if (len == SIZE_MAX) {
    return NULL;
  }
  char *p = np_arena_alloc(arena, len + 1);
  if (p) {
    if (len > 0) {
      memcpy(p, s, len);
    }
    p[len] = '\0';
  }
  return p;
}

void *np_arena_grow(np_arena *arena, void *old, size_t count, size_t new_count,
                    size_t size)
{
  if (size != 0 && new_count > SIZE_MAX / size) {
    return NULL;
  }
  void *p = np_arena_alloc(arena, new_count * size);
  if (p && old && count > 0) {
    memcpy(p, old, (count < new_count ? count : new_count) * size);
  }
  return p;
}

size_t np_arena_used(const np_arena *arena)
{
  return arena->total;
}
