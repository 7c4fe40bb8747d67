/* newspipe.Node: a body node as Lua sees it, with names from the web DOM
 * and BeautifulSoup (docs/lua-api.md has the table). Every method checks
 * its node's post is open; edits go through core's np_dom_* calls. */
#include "lnp.h"

#include <string.h>

#include "html.h"
#include "serialize.h"
#include "source.h"

/* The node at `idx`, its handle in *h. The handle's document userdata is
 * reached with lua_getiuservalue(L, idx, 1). */
static np_node *check_node(lua_State *L, int idx, lnp_handle **h)
{
  lnp_handle *handle = lnp_check_handle(L, idx, LNP_NODE);
  if (h) {
    *h = handle;
  }
  return handle->ptr;
}

/* The tree the node at `idx` lives in. */
static np_dom *node_dom(lua_State *L, lnp_handle *h)
{
  return lnp_doc_dom(L, h->doc);
}

/* Pushes the handle of `node`, which lives in the same document as the
 * node handle at `idx`; nil for NULL. */
static void push_node(lua_State *L, int idx, np_node *node)
{
  if (!node) {
    lua_pushnil(L);
    return;
  }
  lua_getiuservalue(L, idx, 1);
  lnp_push_handle(L, -1, node, LNP_NODE);
  lua_remove(L, -2);
}

static bool is_body(const lnp_handle *h)
{
  return h->doc->dom && h->doc->dom->root == h->ptr;
}

static const char *type_name(const lnp_handle *h)
{
  const np_node *n = h->ptr;
  switch (n->kind) {
  case NP_NODE_ELEMENT:
    return "element";
  case NP_NODE_TEXT:
    return "text";
  case NP_NODE_COMMENT:
    return "comment";
  case NP_NODE_DOCUMENT:
    break;
  }
  return is_body(h) ? "document" : "fragment";
}

/* Raises "<path>: <fn>: <message>". */
static int fail(lua_State *L, lnp_handle *h, const char *fn, const char *msg)
{
  np_error err;
  np_error_clear(&err);
  np_error_set(&err, NP_EINVAL, "%s", msg);
  return lnp_fail(L, h->doc, fn, &err);
}

/* A string argument that must be valid UTF-8: it goes into the file. */
static np_slice check_text(lua_State *L, int idx)
{
  size_t len;
  const char *s = lnp_checklstring(L, idx, &len);
  np_slice text = {s, len};
  if (np_utf8_find_invalid(text) != len) {
    lnp_argerror(L, idx, "not valid UTF-8");
  }
  return text;
}

/* ---- fields ---- */

static void push_position(lua_State *L, lnp_handle *h, bool want_line)
{
  const np_node *n = h->ptr;
  if (!(n->flags & NP_NODE_FROM_SOURCE) || h->doc->is_fragment) {
    lua_pushnil(L);
    return;
  }
  lnp_doc *doc = h->doc;
  if (!doc->lines.starts &&
      np_line_index_build(&doc->lines, np_post_arena(doc->post),
                          doc->dom->file) < 0) {
    luaL_error(L, "out of memory");
  }
  np_position pos =
      np_line_index_position(&doc->lines, doc->dom->file, n->span.start);
  lua_pushinteger(L, (lua_Integer)(want_line ? pos.line : pos.column));
}

/* Returns false when `key` is no field. */
static bool push_field(lua_State *L, lnp_handle *h, const char *key)
{
  np_node *n = h->ptr;
  if (strcmp(key, "tag") == 0) {
    if (n->kind == NP_NODE_ELEMENT) {
      lua_pushlstring(L, n->name.ptr, n->name.len);
    } else {
      lua_pushnil(L);
    }
  } else if (strcmp(key, "value") == 0) {
    if (n->kind == NP_NODE_TEXT || n->kind == NP_NODE_COMMENT) {
      lua_pushlstring(L, n->text.ptr, n->text.len);
    } else {
      lua_pushnil(L);
    }
  } else if (strcmp(key, "type") == 0) {
    lua_pushstring(L, type_name(h));
  } else if (strcmp(key, "parent") == 0) {
    push_node(L, 1, n->parent);
  } else if (strcmp(key, "first_child") == 0) {
    push_node(L, 1, n->first_child);
  } else if (strcmp(key, "last_child") == 0) {
    push_node(L, 1, n->last_child);
  } else if (strcmp(key, "next") == 0) {
    push_node(L, 1, n->next);
  } else if (strcmp(key, "prev") == 0) {
    push_node(L, 1, n->prev);
  } else if (strcmp(key, "line") == 0) {
    push_position(L, h, true);
  } else if (strcmp(key, "column") == 0) {
    push_position(L, h, false);
  } else {
    return false;
  }
  return true;
}

static int node_index(lua_State *L)
{
  lnp_handle *h;
  check_node(L, 1, &h);
  const char *key = lnp_checklstring(L, 2, NULL);
  lua_pushvalue(L, 2);
  if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL) {
    return 1;
  }
  if (!push_field(L, h, key)) {
    return luaL_error(L, "newspipe.Node has no field '%s'", key);
  }
  return 1;
}

static int node_newindex(lua_State *L)
{
  check_node(L, 1, NULL);
  const char *key = lnp_checklstring(L, 2, NULL);
  return luaL_error(L,
                    "newspipe.Node field '%s' is read-only (use the methods: "
                    "set_attr, set_text, replace...)",
                    key);
}

static int node_tostring(lua_State *L)
{
  lnp_handle *h = luaL_checkudata(L, 1, LNP_NODE);
  if (lnp_doc_is_closed(h->doc)) {
    lua_pushliteral(L, "newspipe.Node (closed post)");
    return 1;
  }
  const np_node *n = h->ptr;
  if (n->kind == NP_NODE_ELEMENT) {
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    luaL_addstring(&b, "newspipe.Node <");
    luaL_addlstring(&b, n->name.ptr, n->name.len);
    luaL_addchar(&b, '>');
    luaL_pushresult(&b);
  } else {
    lua_pushfstring(L, "newspipe.Node (%s)", type_name(h));
  }
  return 1;
}

/* ---- attributes ---- */

static np_node *check_element(lua_State *L, lnp_handle **h, const char *fn)
{
  np_node *n = check_node(L, 1, h);
  if (n->kind != NP_NODE_ELEMENT) {
    lua_pushfstring(L, "a %s node has no attributes", type_name(*h));
    fail(L, *h, fn, lua_tostring(L, -1));
  }
  return n;
}

/* Attribute names are matched in lower case, as HTML's are. */
static np_slice check_attr_name(lua_State *L, int idx)
{
  size_t len;
  const char *s = lnp_checklstring(L, idx, &len);
  if (len == 0) {
    lnp_argerror(L, idx, "empty attribute name");
  }
  char *lower = lua_newuserdatauv(L, len, 0); /* freed by the collector */
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c <= ' ' || c == '"' || c == '\'' || c == '>' || c == '/' || c == '=' ||
        c == 0x7f) {
      lnp_argerror(L, idx, "not a valid attribute name");
    }
    lower[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
  }
  lua_replace(L, idx); /* keeps the copy alive while the call runs */
  np_slice name = {lower, len};
  if (np_utf8_find_invalid(name) != len) {
    lnp_argerror(L, idx, "not valid UTF-8");
  }
  return name;
}

static int node_attr(lua_State *L)
{
  np_node *n = check_node(L, 1, NULL);
  np_slice name = check_attr_name(L, 2);
  const np_slice *v =
      n->kind == NP_NODE_ELEMENT ? np_dom_get_attr(n, name) : NULL;
  if (v) {
    lua_pushlstring(L, v->ptr, v->len);
  } else {
    lua_pushnil(L);
  }
  return 1;
}

static int node_set_attr(lua_State *L)
{
  lnp_handle *h;
  np_node *n = check_element(L, &h, "set_attr");
  np_slice name = check_attr_name(L, 2);
  np_slice value = check_text(L, 3);
  if (np_dom_set_attr(node_dom(L, h), n, name, value) < 0) {
    return luaL_error(L, "out of memory");
  }
  return 0;
}

static int node_remove_attr(lua_State *L)
{
  np_node *n = check_node(L, 1, NULL);
  np_slice name = check_attr_name(L, 2);
  lua_pushboolean(L, n->kind == NP_NODE_ELEMENT && np_dom_remove_attr(n, name));
  return 1;
}

static int attrs_next(lua_State *L)
{
  lnp_handle *h;
  np_node *n = check_node(L, 1, &h);
  lua_Integer i = luaL_checkinteger(L, lua_upvalueindex(1));
  if (i < 0 || (size_t)i >= n->nattrs) {
    return 0;
  }
  lua_pushinteger(L, i + 1);
  lua_replace(L, lua_upvalueindex(1));
  const np_attr *a = &n->attrs[i];
  lua_pushlstring(L, a->name.ptr, a->name.len);
  lua_pushlstring(L, a->value.ptr, a->value.len);
  return 2;
}

/* for name, value in node:attrs() do ... end, in source order. */
static int node_attrs(lua_State *L)
{
  check_node(L, 1, NULL);
  lua_pushinteger(L, 0);
  lua_pushcclosure(L, attrs_next, 1);
  lua_pushvalue(L, 1);
  return 2;
}

/* ---- classes ---- */

static bool is_space(char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

static np_slice check_class_name(lua_State *L, int idx)
{
  np_slice name = check_text(L, idx);
  for (size_t i = 0; i < name.len; i++) {
    if (is_space(name.ptr[i])) {
      lnp_argerror(L, idx, "a class name has no spaces");
    }
  }
  if (name.len == 0) {
    lnp_argerror(L, idx, "empty class name");
  }
  return name;
}

static const np_slice class_attr = {"class", 5};

static int node_has_class(lua_State *L)
{
  np_node *n = check_node(L, 1, NULL);
  np_slice name = check_class_name(L, 2);
  const np_slice *list =
      n->kind == NP_NODE_ELEMENT ? np_dom_get_attr(n, class_attr) : NULL;
  lua_pushboolean(L, list && np_select_has_word(*list, name, false));
  return 1;
}

static int node_add_class(lua_State *L)
{
  lnp_handle *h;
  np_node *n = check_element(L, &h, "add_class");
  np_slice name = check_class_name(L, 2);
  const np_slice *list = np_dom_get_attr(n, class_attr);
  if (list && np_select_has_word(*list, name, false)) {
    return 0;
  }
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  if (list) {
    size_t len = list->len;
    while (len > 0 && is_space(list->ptr[len - 1])) {
      len--;
    }
    luaL_addlstring(&b, list->ptr, len);
    if (len > 0) {
      luaL_addchar(&b, ' ');
    }
  }
  luaL_addlstring(&b, name.ptr, name.len);
  luaL_pushresult(&b);
  size_t len;
  const char *s = lua_tolstring(L, -1, &len);
  if (np_dom_set_attr(node_dom(L, h), n, class_attr, np_slice_from(s, len)) <
      0) {
    return luaL_error(L, "out of memory");
  }
  return 0;
}

/* Removes every occurrence; the other classes keep their order, joined by
 * single spaces (as classList does); no class left removes the attribute. */
static int node_remove_class(lua_State *L)
{
  lnp_handle *h;
  np_node *n = check_element(L, &h, "remove_class");
  np_slice name = check_class_name(L, 2);
  const np_slice *list = np_dom_get_attr(n, class_attr);
  if (!list || !np_select_has_word(*list, name, false)) {
    return 0;
  }
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  size_t i = 0, kept = 0;
  while (i < list->len) {
    while (i < list->len && is_space(list->ptr[i])) {
      i++;
    }
    size_t start = i;
    while (i < list->len && !is_space(list->ptr[i])) {
      i++;
    }
    size_t len = i - start;
    if (len == 0 ||
        (len == name.len && memcmp(list->ptr + start, name.ptr, len) == 0)) {
      continue;
    }
    if (kept++ > 0) {
      luaL_addchar(&b, ' ');
    }
    luaL_addlstring(&b, list->ptr + start, len);
  }
  luaL_pushresult(&b);
  size_t len;
  const char *s = lua_tolstring(L, -1, &len);
  if (kept == 0) {
    np_dom_remove_attr(n, class_attr);
  } else if (np_dom_set_attr(node_dom(L, h), n, class_attr,
                             np_slice_from(s, len)) < 0) {
    return luaL_error(L, "out of memory");
  }
  return 0;
}

/* ---- serialisation ---- */

static int serialize(lua_State *L, const char *fn)
{
  lnp_handle *h;
  np_node *n = check_node(L, 1, &h);
  np_dom *dom = node_dom(L, h);
  /* html{fresh = true}: standard HTML, Markdown-made elements as HTML too,
   * instead of the file's own bytes */
  unsigned flags = 0;
  if (fn[0] != 't' && fn[0] != 'm' && !lua_isnoneornil(L, 2)) {
    if (!lua_istable(L, 2)) {
      lnp_typeerror(L, 2, "table of options");
    }
    if (lua_getfield(L, 2, "fresh") != LUA_TNIL && lua_toboolean(L, -1)) {
      flags |= NP_SERIALIZE_FRESH;
    }
    lua_pop(L, 1);
  }
  np_buf *out = lnp_push_buf(L);
  np_status rc = NP_OK;
  if (strcmp(fn, "text") == 0) {
    rc = np_text_serialize(out, n);
  } else if (strcmp(fn, "html") == 0) {
    rc = np_html_serialize(out, dom, n, flags);
  } else if (strcmp(fn, "inner_html") == 0) {
    rc = np_html_serialize_inner(out, dom, n, flags);
  } else {
    rc = np_markdown_serialize(out, dom, n);
  }
  if (rc < 0) {
    np_error err;
    np_error_clear(&err);
    np_error_set(&err, rc, "%s", np_status_name(rc));
    return lnp_fail(L, h->doc, fn, &err);
  }
  return lnp_return_buf(L, out);
}

static int node_text(lua_State *L)
{
  return serialize(L, "text");
}

static int node_html(lua_State *L)
{
  return serialize(L, "html");
}

static int node_inner_html(lua_State *L)
{
  return serialize(L, "inner_html");
}

static int node_markdown(lua_State *L)
{
  return serialize(L, "markdown");
}

/* ---- navigation and selection ---- */

static int node_children(lua_State *L)
{
  np_node *n = check_node(L, 1, NULL);
  lua_newtable(L);
  lua_Integer i = 0;
  for (np_node *c = n->first_child; c; c = c->next) {
    push_node(L, 1, c);
    lua_rawseti(L, -2, ++i);
  }
  return 1;
}

/* node:text_nodes([skip]) -> list: the text nodes under the node, in
 * document order, leaving out the subtrees of elements `skip` matches (a
 * selector: "code, pre, script, style"). A snapshot, so the caller may edit
 * as it goes; what stages that rewrite text (glossaries, conversion) walk. */
static int node_text_nodes(lua_State *L)
{
  np_node *root = check_node(L, 1, NULL);
  const np_selector *skip =
      lua_isnoneornil(L, 2) ? NULL : lnp_check_selector(L, 2);
  lua_newtable(L);
  lua_Integer i = 0;
  np_node *n = root->first_child;
  while (n) {
    bool skipped =
        n->kind == NP_NODE_ELEMENT && skip && np_selector_matches(skip, n);
    if (n->kind == NP_NODE_TEXT) {
      push_node(L, 1, n);
      lua_rawseti(L, -2, ++i);
    }
    if (n->first_child && !skipped) {
      n = n->first_child;
      continue;
    }
    while (n != root && !n->next) {
      n = n->parent;
    }
    n = n == root ? NULL : n->next;
  }
  return 1;
}

typedef struct matches {
  np_buf *found; /* np_node * array */
  size_t count;
  size_t limit;
  np_status rc;
} matches;

static bool collect(void *payload, np_node *el)
{
  matches *m = payload;
  m->rc = np_buf_append(m->found, &el, sizeof el);
  m->count++;
  return m->rc == NP_OK && m->count < m->limit;
}

/* Pushes a list of the elements under the node at 1 that the selector at 2
 * matches, at most `limit`. */
static void push_matches(lua_State *L, size_t limit)
{
  np_node *n = check_node(L, 1, NULL);
  const np_selector *sel = lnp_check_selector(L, 2);
  matches m = {lnp_push_buf(L), 0, limit, NP_OK};
  np_selector_each(sel, n, collect, &m);
  if (m.rc < 0) {
    luaL_error(L, "out of memory");
  }
  lua_createtable(L, (int)(m.count < 1000000 ? m.count : 0), 0);
  np_node **found = (np_node **)(void *)m.found->data;
  for (size_t i = 0; i < m.count; i++) {
    push_node(L, 1, found[i]);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  lua_remove(L, -2);
}

static int node_select_all(lua_State *L)
{
  push_matches(L, SIZE_MAX);
  return 1;
}

static int node_select_one(lua_State *L)
{
  push_matches(L, 1);
  lua_rawgeti(L, -1, 1);
  return 1;
}

static int select_next(lua_State *L)
{
  lua_Integer i = lua_tointeger(L, lua_upvalueindex(2)) + 1;
  lua_pushinteger(L, i);
  lua_replace(L, lua_upvalueindex(2));
  lua_rawgeti(L, lua_upvalueindex(1), i);
  return 1;
}

/* The matches are found first, so the loop may edit the tree freely. */
static int node_select(lua_State *L)
{
  push_matches(L, SIZE_MAX);
  lua_pushinteger(L, 0);
  lua_pushcclosure(L, select_next, 2);
  return 1;
}

static int node_matches(lua_State *L)
{
  np_node *n = check_node(L, 1, NULL);
  const np_selector *sel = lnp_check_selector(L, 2);
  lua_pushboolean(L, np_selector_matches(sel, n));
  return 1;
}

static int node_closest(lua_State *L)
{
  np_node *n = check_node(L, 1, NULL);
  const np_selector *sel = lnp_check_selector(L, 2);
  while (n && !np_selector_matches(sel, n)) {
    n = n->parent;
  }
  push_node(L, 1, n);
  return 1;
}

/* ---- editing ---- */

static void check_content_arg(lua_State *L, int idx)
{
  if (lua_type(L, idx) != LUA_TSTRING && !luaL_testudata(L, idx, LNP_NODE)) {
    lnp_typeerror(L, idx, "HTML string or newspipe.Node");
  }
}

/* The nodes an argument stands for, to be inserted into the document of the
 * node at 1: an HTML string is parsed there; a node of another document is
 * moved (copied in, its handles following it); a fragment or document
 * stands for its children. The nodes are returned in a buffer on the stack
 * (np_node * array) and counted in *count. */
static np_node **resolve_content(lua_State *L, int idx, lnp_handle *target,
                                 const char *fn, size_t *count)
{
  np_dom *dom = node_dom(L, target);
  np_node *node = NULL;
  if (lua_type(L, idx) == LUA_TSTRING) {
    np_slice html = check_text(L, idx);
    np_error err;
    np_error_clear(&err);
    if (np_html_parse_fragment(dom, html, &node, &err) < 0) {
      lnp_fail(L, target->doc, fn, &err);
    }
  } else {
    lnp_handle *h;
    node = check_node(L, idx, &h);
    if (is_body(h)) {
      fail(L, target, fn, "a post's body cannot be moved");
    }
    if (h->doc != target->doc) {
      np_node *copy = np_dom_import(dom, node);
      if (!copy) {
        luaL_error(L, "out of memory");
      }
      lua_getiuservalue(L, idx, 1);
      lua_getiuservalue(L, 1, 1);
      lnp_retarget_handles(L, -2, node, -1, copy);
      lua_pop(L, 2);
      np_dom_remove(node);
      node = copy;
    }
  }
  np_buf *list = lnp_push_buf(L);
  np_status rc = NP_OK;
  if (node->kind == NP_NODE_DOCUMENT) {
    for (np_node *c = node->first_child; c && rc == NP_OK; c = c->next) {
      rc = np_buf_append(list, &c, sizeof c);
    }
  } else {
    rc = np_buf_append(list, &node, sizeof node);
  }
  if (rc < 0) {
    luaL_error(L, "out of memory");
  }
  *count = list->len / sizeof node;
  return (np_node **)(void *)list->data;
}

/* Pushes the handles of `nodes` and returns how many. */
static int push_nodes(lua_State *L, np_node **nodes, size_t count)
{
  luaL_checkstack(L, (int)(count < 1000000 ? count : 1000000),
                  "too many nodes to return");
  for (size_t i = 0; i < count; i++) {
    push_node(L, 1, nodes[i]);
  }
  return (int)count;
}

typedef enum where { APPEND, PREPEND, BEFORE, AFTER } where;

static int insert(lua_State *L, where w, const char *fn)
{
  lnp_handle *h;
  np_node *n = check_node(L, 1, &h);
  check_content_arg(L, 2);
  size_t count;
  np_node **nodes = resolve_content(L, 2, h, fn, &count);
  np_dom *dom = node_dom(L, h);
  np_error err;
  np_error_clear(&err);
  np_node *first = n->first_child;
  np_status rc = NP_OK;
  for (size_t i = 0; i < count && rc == NP_OK; i++) {
    switch (w) {
    case APPEND:
      rc = np_dom_append_child(dom, n, nodes[i], &err);
      break;
    case PREPEND:
      rc = first ? np_dom_insert_before(dom, first, nodes[i], &err)
                 : np_dom_append_child(dom, n, nodes[i], &err);
      break;
    case BEFORE:
      rc = np_dom_insert_before(dom, n, nodes[i], &err);
      break;
    case AFTER:
      rc = np_dom_insert_after(dom, i ? nodes[i - 1] : n, nodes[i], &err);
      break;
    }
  }
  if (rc < 0) {
    return lnp_fail(L, h->doc, fn, &err);
  }
  return push_nodes(L, nodes, count);
}

static int node_append(lua_State *L)
{
  return insert(L, APPEND, "append");
}

static int node_prepend(lua_State *L)
{
  return insert(L, PREPEND, "prepend");
}

static int node_insert_before(lua_State *L)
{
  return insert(L, BEFORE, "insert_before");
}

static int node_insert_after(lua_State *L)
{
  return insert(L, AFTER, "insert_after");
}

static int node_replace(lua_State *L)
{
  lnp_handle *h;
  np_node *n = check_node(L, 1, &h);
  if (luaL_testudata(L, 2, LNP_NODE) && lua_rawequal(L, 1, 2)) {
    lua_settop(L, 1);
    return 1;
  }
  if (!n->parent) {
    return fail(L, h, "replace", "the node has no parent");
  }
  int results = insert(L, BEFORE, "replace");
  np_dom_remove(n);
  return results;
}

static int node_remove(lua_State *L)
{
  np_node *n = check_node(L, 1, NULL);
  np_dom_remove(n);
  lua_settop(L, 1);
  return 1;
}

static int node_unwrap(lua_State *L)
{
  lnp_handle *h;
  np_node *n = check_node(L, 1, &h);
  np_error err;
  np_error_clear(&err);
  if (np_dom_unwrap(node_dom(L, h), n, &err) < 0) {
    return lnp_fail(L, h->doc, "unwrap", &err);
  }
  lua_settop(L, 1);
  return 1;
}

static int node_wrap(lua_State *L)
{
  lnp_handle *h;
  np_node *n = check_node(L, 1, &h);
  check_content_arg(L, 2);
  if (is_body(h)) {
    return fail(L, h, "wrap", "a post's body cannot be wrapped");
  }
  size_t count;
  np_node **nodes = resolve_content(L, 2, h, "wrap", &count);
  if (count != 1 || nodes[0]->kind != NP_NODE_ELEMENT) {
    return fail(L, h, "wrap", "the wrapper must be exactly one element");
  }
  np_error err;
  np_error_clear(&err);
  if (np_dom_wrap(node_dom(L, h), n, nodes[0], &err) < 0) {
    return lnp_fail(L, h->doc, "wrap", &err);
  }
  return push_nodes(L, nodes, 1);
}

static int node_clone(lua_State *L)
{
  lnp_handle *h;
  np_node *n = check_node(L, 1, &h);
  np_node *copy = np_dom_clone(node_dom(L, h), n, true);
  if (!copy) {
    return luaL_error(L, "out of memory");
  }
  push_node(L, 1, copy);
  return 1;
}

static int node_set_text(lua_State *L)
{
  lnp_handle *h;
  np_node *n = check_node(L, 1, &h);
  np_slice text = check_text(L, 2);
  np_error err;
  np_error_clear(&err);
  if (np_dom_set_text(node_dom(L, h), n, text, &err) < 0) {
    return lnp_fail(L, h->doc, "set_text", &err);
  }
  return 0;
}

void lnp_open_node(lua_State *L)
{
  static const luaL_Reg methods[] = {{"attr", node_attr},
                                     {"set_attr", node_set_attr},
                                     {"remove_attr", node_remove_attr},
                                     {"attrs", node_attrs},
                                     {"has_class", node_has_class},
                                     {"add_class", node_add_class},
                                     {"remove_class", node_remove_class},
                                     {"text", node_text},
                                     {"html", node_html},
                                     {"inner_html", node_inner_html},
                                     {"markdown", node_markdown},
                                     {"children", node_children},
                                     {"text_nodes", node_text_nodes},
                                     {"select", node_select},
                                     {"select_all", node_select_all},
                                     {"select_one", node_select_one},
                                     {"closest", node_closest},
                                     {"matches", node_matches},
                                     {"remove", node_remove},
                                     {"replace", node_replace},
                                     {"unwrap", node_unwrap},
                                     {"wrap", node_wrap},
                                     {"append", node_append},
                                     {"prepend", node_prepend},
                                     {"insert_before", node_insert_before},
                                     {"insert_after", node_insert_after},
                                     {"clone", node_clone},
                                     {"set_text", node_set_text},
                                     {NULL, NULL}};
  static const luaL_Reg meta[] = {{"__newindex", node_newindex},
                                  {"__tostring", node_tostring},
                                  {NULL, NULL}};
  lnp_new_class(L, LNP_NODE, methods, meta, node_index);
}

/* np.html(fragment): the nodes of an HTML fragment, in a document of their
 * own until inserted somewhere. */
int lnp_html(lua_State *L)
{
  np_slice html = check_text(L, 1);
  lnp_doc *doc = lnp_push_fragment_doc(L);
  np_node *holder;
  np_error err;
  np_error_clear(&err);
  if (np_html_parse_fragment(doc->dom, html, &holder, &err) < 0) {
    return lnp_fail(L, doc, "html", &err);
  }
  lnp_push_handle(L, -1, holder, LNP_NODE);
  return 1;
}
