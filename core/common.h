/* Types every core module shares: status codes, byte slices, source spans
 * and the hard limits that keep hostile input bounded. */
#ifndef NP_COMMON_H
#define NP_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** Result of every fallible core function: NP_OK, or a negative failure. */
typedef enum np_status {
  NP_OK = 0,
  NP_ENOMEM = -1,    /**< an allocation failed */
  NP_EIO = -2,       /**< reading or writing a file failed */
  NP_ESYNTAX = -3,   /**< the input is malformed (position in np_error) */
  NP_ELIMIT = -4,    /**< the input exceeds a hard limit (NP_MAX_*) */
  NP_EINVAL = -5,    /**< an argument is out of its domain */
  NP_EUSER = -6,     /**< a stage or callback failed; np_error already set */
  NP_EINTERNAL = -7, /**< a self-check failed: a newspipe bug, never input */
  NP_EREFUSED = -8   /**< an edit would not read back as made: not written */
} np_status;

/** Bytes owned elsewhere; never NUL-terminated by contract. */
typedef struct np_slice {
  const char *ptr;
  size_t len;
} np_slice;

/** A half-open byte range [start, end) of a post file. */
typedef struct np_span {
  size_t start;
  size_t end;
} np_span;

/* Hard limits. Input beyond them is NP_ELIMIT with a position, never an
 * out-of-memory or a stack overflow. */
#define NP_MAX_POST_SIZE ((size_t)1 << 30) /* 1 GiB per post file */
#define NP_MAX_META_DEPTH 64               /* nested lists/maps */
#define NP_MAX_META_NODES 100000           /* values after aliases */
#define NP_MAX_DOM_NODES ((size_t)1 << 24) /* nodes in one body */

static inline np_slice np_slice_from(const char *ptr, size_t len)
{
  np_slice s = {ptr, len};
  return s;
}

bool np_slice_eq(np_slice a, np_slice b);
/** True when `a` equals the NUL-terminated `lit`. */
bool np_slice_eq_str(np_slice a, const char *lit);

#endif
