/* A persistent key-value store in one SQLite file, safe to share between
 * the workers of a run (each opens its own connection) and between runs:
 * what the translator's cache keeps translations in. */
#ifndef NP_STORE_H
#define NP_STORE_H

#include "buf.h"
#include "error.h"

typedef struct np_store np_store;

/** Opens (creating when missing) the store at `path`. Sets `*out` (owned:
 * np_store_free). NP_EIO with SQLite's message (a file that is not a
 * store, a folder that does not exist). */
np_status np_store_open(np_store **out, const char *path, np_error *err);

void np_store_free(np_store *store);

/** Appends the value of (`space`, `key`) to `value` and sets `*found`;
 * nothing when there is none. NP_EIO, NP_ENOMEM. */
np_status np_store_get(bool *found, np_store *store, np_slice space,
                       np_slice key, np_buf *value, np_error *err);

/** Sets the value of (`space`, `key`), replacing one there was. NP_EIO. */
np_status np_store_put(np_store *store, np_slice space, np_slice key,
                       np_slice value, np_error *err);

#endif
