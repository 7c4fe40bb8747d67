/* The newspipe Lua module's shared parts: documents (posts and the loose
 * fragments np.html makes), the handles Lua holds on their nodes and meta
 * values, and argument helpers. Only luaopen_newspipe leaves the module. */
#ifndef NP_LNP_H
#define NP_LNP_H

#include <lauxlib.h>
#include <lua.h>

#include "buf.h"
#include "dom.h"
#include "post.h"
#include "select.h"
#include "source.h"
#include "value.h"

#if defined(__GNUC__)
#define NP_LUAMOD __attribute__((visibility("default")))
#else
#define NP_LUAMOD
#endif

/* Metatable names; luaL_typeerror prints them ("newspipe.Node expected"). */
#define LNP_POST "newspipe.Post"
#define LNP_FRAGMENT "newspipe.Fragment"
#define LNP_NODE "newspipe.Node"
#define LNP_MAP "newspipe.Map"
#define LNP_LIST "newspipe.List"
#define LNP_TIME "newspipe.Time"
#define LNP_SELECTOR "newspipe.Selector"
#define LNP_BUFFER "newspipe.Buffer"
#define LNP_PIPELINE "newspipe.Pipeline"
#define LNP_TERMS "newspipe.Terms"
#define LNP_CONVERTER "newspipe.Converter"
#define LNP_STORE "newspipe.Store"
#define LNP_ZONE "newspipe.Zone"

/* User values of a document's userdata. */
enum {
  LNP_DOC_CACHE = 1,  /* weak-valued table: C pointer -> its one handle */
  LNP_DOC_NAME = 2,   /* the post's path, kept for messages after closing */
  LNP_DOC_EXTRA = 3,  /* post.warnings */
  LNP_DOC_DATA = 4,   /* post.data, made on first use */
  LNP_DOC_DROP = 5,   /* post:drop's reason */
  LNP_DOC_COUNTS = 6, /* post:count's table: group -> key -> n */
  LNP_DOC_NUSER = 6
};

/* What nodes and meta values live in: a post, or the standalone document
 * np.html parses into. Lives in a full userdata (LNP_POST or LNP_FRAGMENT),
 * freed by its __gc or by post:close(). Handles keep their document's
 * userdata alive through their user value, so a reachable node never
 * outlives its memory; a closed document makes every handle raise. */
typedef struct lnp_doc {
  np_post *post;       /* posts: owned, NULL once closed */
  np_arena *arena;     /* fragments: owned, NULL once collected */
  np_dom *dom;         /* NULL until a post's body is first asked for */
  np_dom fragment;     /* fragments: their tree */
  np_line_index lines; /* posts: built when node.line is first asked for */
  bool is_fragment;
} lnp_doc;

/* A node, or a meta map or list. `ptr` is an np_node * or an np_value *
 * (NULL: the post's top-level meta). User value 1: the document userdata. */
typedef struct lnp_handle {
  lnp_doc *doc;
  void *ptr;
} lnp_handle;

/* ---- documents (lnp_doc.c) ---- */

/** True once the document's memory is gone. */
bool lnp_doc_is_closed(const lnp_doc *doc);

/** Pushes a new post document, closed until its `post` is set. */
lnp_doc *lnp_push_post(lua_State *L);

/** Pushes a new empty fragment document. Raises on out of memory. */
lnp_doc *lnp_push_fragment_doc(lua_State *L);

/** Reads the post file at `path` and pushes it (NP_OK), or pushes nothing
 * and fills `err`. Warnings go to `warn`. For the runner. */
np_status lnp_read_post(lua_State *L, const char *path, np_warning_fn warn,
                        void *payload, np_error *err);

/** Frees the post at `idx` now; its handles raise from then on. */
void lnp_close_post(lua_State *L, int idx);

/** As lnp_read_post, from the file's bytes already read (`bytes.data` NULL:
 * read the file). */
np_status lnp_parse_post(lua_State *L, const char *path, np_buf bytes,
                         np_warning_fn warn, void *payload, np_error *err);

/** The reason given to post:drop for the post at `idx`, or NULL. */
const char *lnp_post_drop_reason(lua_State *L, int idx);

/** Calls `fn` for every count post:count made on the post at `idx`, in no
 * particular order. `fn` must not touch the Lua stack. */
void lnp_post_counts(lua_State *L, int idx,
                     void (*fn)(void *payload, np_slice group, np_slice key,
                                lua_Integer n),
                     void *payload);

/** What a host (newspipe run) is told when Lua code waited on an external
 * command: the time is not the stage's own, so the host can leave it out
 * of a per-post time budget. The host owns the struct. */
typedef struct lnp_wait_hook {
  void (*waited)(void *ud, double seconds);
  void *ud;
} lnp_wait_hook;

/** Registers `hook` (borrowed; NULL removes it) with the state. */
void lnp_set_wait_hook(lua_State *L, lnp_wait_hook *hook);

/** Appends post.data of the post at `idx` as a JSON object, or nothing
 * when no stage touched it. Raises on values JSON cannot hold. */
void lnp_post_data_json(lua_State *L, int idx, np_buf *out);
int lnp_json(lua_State *L);
/* The np.terms at idx (a Lua error if it is not one). */
const struct np_terms *lnp_check_terms(lua_State *L, int idx);

/** The post at `idx`; raises when it is not one or is closed. */
lnp_doc *lnp_check_post(lua_State *L, int idx);

/** The body tree, parsed on first use; raises with the post's path when
 * the body cannot be parsed. */
np_dom *lnp_doc_dom(lua_State *L, lnp_doc *doc);

/** Pushes the one handle of `ptr` in the document whose userdata is at
 * `doc_idx`, making it (metatable `tname`) on first use. */
void lnp_push_handle(lua_State *L, int doc_idx, void *ptr, const char *tname);

/** The handle at `idx` of type `tname`; raises when it is another type or
 * its post was closed. */
lnp_handle *lnp_check_handle(lua_State *L, int idx, const char *tname);

/** Moves every handle of the subtree `from` (in the document whose userdata
 * is at `from_doc_idx`) to the matching node of `to`, its np_dom_import
 * copy in the document at `to_doc_idx`: a node Lua holds stays the node it
 * shows after moving between documents. */
void lnp_retarget_handles(lua_State *L, int from_doc_idx, const np_node *from,
                          int to_doc_idx, np_node *to);

/** Raises "<path>: <what>: <message>" for a failed core call on `doc`. */
int lnp_fail(lua_State *L, const lnp_doc *doc, const char *what,
             const np_error *err);

/** Raises "<path>: bad argument #<arg> to '<fn>' (<msg>)", the path being
 * that of the post the method was called on (omitted when there is none),
 * as luaL_argerror does otherwise. */
int lnp_argerror(lua_State *L, int arg, const char *msg);

/** lnp_argerror's "<tname> expected, got <type>". */
int lnp_typeerror(lua_State *L, int arg, const char *tname);

/** luaL_checklstring, with lnp_argerror's messages. */
const char *lnp_checklstring(lua_State *L, int arg, size_t *len);

/** Pushes the name used in messages: the post's path or "fragment". */
void lnp_push_doc_name(lua_State *L, int handle_or_doc_idx);

/** Pushes an empty output buffer that the garbage collector frees. */
np_buf *lnp_push_buf(lua_State *L);

/** Pushes the buffer's bytes as a string, frees them and returns 1. */
int lnp_return_buf(lua_State *L, np_buf *buf);

/* ---- classes (each file's lnp_open_<class> makes its metatable) ---- */

/** Makes metatable `name` with `methods` reachable through __index (or
 * `index`, when given, which receives them as upvalue 1) and `meta` as
 * metamethods. Leaves nothing on the stack. */
void lnp_new_class(lua_State *L, const char *name, const luaL_Reg *methods,
                   const luaL_Reg *meta, lua_CFunction index);

void lnp_open_buffer(lua_State *L);
void lnp_open_post(lua_State *L);
void lnp_open_node(lua_State *L);
void lnp_open_meta(lua_State *L);
void lnp_open_time(lua_State *L);
void lnp_open_selector(lua_State *L);
void lnp_open_pipeline(lua_State *L);
void lnp_open_terms(lua_State *L);
void lnp_open_converter(lua_State *L);
void lnp_open_store(lua_State *L);
void lnp_open_zone(lua_State *L);

/* ---- module functions, each in its class's file ---- */

int lnp_parse(lua_State *L);
int lnp_parse_string(lua_State *L);
int lnp_html(lua_State *L);
int lnp_selector(lua_State *L);
int lnp_time(lua_State *L);
int lnp_totable(lua_State *L);
int lnp_rename(lua_State *L);
int lnp_pipeline(lua_State *L);
int lnp_terms(lua_State *L);
int lnp_opencc(lua_State *L);
int lnp_has_han(lua_State *L);
int lnp_command(lua_State *L);
int lnp_sleep(lua_State *L);
int lnp_store(lua_State *L);
int lnp_zone(lua_State *L);

/* ---- --sandbox (lnp_sandbox.c) ---- */

/** Makes the state fit for a pipeline from someone else: no programs, no
 * binary chunks or C libraries, no debug library, no file written,
 * removed or renamed outside the output folder (none at all until
 * lnp_sandbox_set_output). Call before loading the pipeline. */
void lnp_sandbox(lua_State *L);

/** The folder files may be written in from now on; -1 (errno) when it
 * cannot be resolved. */
int lnp_sandbox_set_output(lua_State *L, const char *folder);

bool lnp_sandboxed(lua_State *L);

/** Raises "<who>: '<path>' is outside the output folder..." when the state
 * is sandboxed and `path` may not be written; returns otherwise. */
void lnp_check_writable(lua_State *L, const char *path, const char *who);

/** True when the value at `idx` was made by np.pipeline. */
bool lnp_is_pipeline(lua_State *L, int idx);

/** Pushes "file:line: " where the pipeline at `idx` was made, or "". */
void lnp_pipeline_where(lua_State *L, int idx);

/* ---- cross-class helpers ---- */

/** Pushes the meta map of the post at `post_idx`. */
void lnp_push_meta(lua_State *L, int post_idx);

/** The selector at `idx`: a newspipe.Selector, or a CSS string compiled
 * (and cached) now; raises "<fn>: invalid selector ..." on a bad one. */
const np_selector *lnp_check_selector(lua_State *L, int idx);

/** Pushes a timestamp value. */
void lnp_push_time(lua_State *L, const np_timestamp *ts);

/** The timestamp at `idx`, or NULL when it is not a newspipe.Time. */
const np_timestamp *lnp_to_time(lua_State *L, int idx);

/** np.null, which stores an explicit YAML null. */
void lnp_push_null(lua_State *L);
bool lnp_is_null(lua_State *L, int idx);

#endif
