/* A post's front matter: an ordered map of typed values read with libyaml
 * under Jekyll's typing rules, editable, and written back so that only the
 * entries that changed change in the file. */
#ifndef NP_META_H
#define NP_META_H

#include "arena.h"
#include "buf.h"
#include "error.h"
#include "value.h"

typedef struct np_meta np_meta;

/** Parses the front matter at `fm` of `file` (the whole file's bytes, which
 * must outlive the meta) into `*out`, allocated in `arena`. `eol` is the
 * line end to use for lines written later ("\n", "\r\n" or "\r") when the
 * front matter has none of its own. Errors carry file positions.
 * Returns NP_ESYNTAX (bad YAML, duplicate key, undefined alias), NP_ELIMIT
 * (too deep, alias expansion past NP_MAX_META_NODES) or NP_ENOMEM.
 * Valid YAML that is not a mapping (a list, plain text) goes to `warn` (may
 * be NULL) and reads as no keys; such a meta refuses edits. */
np_status np_meta_parse(np_meta **out, np_arena *arena, np_slice file,
                        np_span fm, const char *eol, np_warning_fn warn,
                        void *payload, np_error *err);

/** A meta for front matter that cannot be read: no keys, its bytes kept
 * as they are, edits refused (np_meta_write fails with NP_EINVAL). */
np_status np_meta_new_unreadable(np_meta **out, np_arena *arena, np_slice file,
                                 np_span fm, const char *eol);

/** An empty meta for a post without front matter. */
np_status np_meta_new_empty(np_meta **out, np_arena *arena, const char *eol);

/** Number of top-level entries. */
size_t np_meta_count(const np_meta *meta);
/** Key and value of entry `i` (< count), in file order. Borrowed. */
np_slice np_meta_key_at(const np_meta *meta, size_t i);
const np_value *np_meta_value_at(const np_meta *meta, size_t i);
/** The lines entry `i` was read from: from the start of its key's line to
 * the end of its value's last line; {0,0} for an entry added since. */
np_span np_meta_entry_span(const np_meta *meta, size_t i);
/** The value under `key`, or NULL. Borrowed: valid until the entry is set,
 * removed or made mutable. */
const np_value *np_meta_get(const np_meta *meta, np_slice key);

/** The value under `key`, made safe to modify in place (nested lists and
 * maps); NULL if absent or out of memory. */
np_value *np_meta_get_mut(np_meta *meta, np_slice key);

/** Sets `key` to `value` (taken; allocate it in np_meta_arena). An existing
 * key keeps its place; a new key goes at the end. */
np_status np_meta_set(np_meta *meta, np_slice key, np_value *value);

/** Removes `key`; false when absent. */
bool np_meta_remove(np_meta *meta, np_slice key);

/** Renames `from` to `to` in place. NP_EINVAL (with a message in `err`)
 * when `from` is absent or `to` exists. */
np_status np_meta_rename(np_meta *meta, np_slice from, np_slice to,
                         np_error *err);

/** The arena new values for this meta must come from. */
np_arena *np_meta_arena(np_meta *meta);

/** True when writing would give different bytes than were read. */
bool np_meta_is_changed(const np_meta *meta);

/** Appends the front matter text (what lies between the delimiters) to
 * `out`: the original bytes when nothing changed; otherwise original bytes
 * for every untouched entry and fresh YAML for the changed ones, checked by
 * reading it back. NP_EINVAL when a value cannot be written (invalid UTF-8
 * in a string, or any edit of a front matter that is not a mapping);
 * NP_EINTERNAL if the read-back differs (a bug, reported
 * rather than written). */
np_status np_meta_write(const np_meta *meta, np_buf *out, np_error *err);

#endif
