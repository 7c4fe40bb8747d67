/* np_store: values round-trip (any bytes), replace, survive reopening, are
 * seen by a second connection, and a bad path says why. */
#include <stdlib.h>
#include <unistd.h>

#include "harness.h"
#include "store.h"

static void value_is(np_store *s, const char *space, const char *key,
                     const char *want)
{
  np_buf v;
  np_buf_init(&v);
  bool found;
  np_error err;
  INT_EQ(np_store_get(&found, s, np_slice_from(space, strlen(space)),
                      np_slice_from(key, strlen(key)), &v, &err),
         NP_OK);
  if (want) {
    OK(found, key);
    MEM_EQ(v.data ? v.data : "", v.len, want);
  } else {
    OK(!found, key);
  }
  np_buf_fini(&v);
}

static void put(np_store *s, const char *space, const char *key,
                const char *value)
{
  np_error err;
  INT_EQ(np_store_put(s, np_slice_from(space, strlen(space)),
                      np_slice_from(key, strlen(key)),
                      np_slice_from(value, strlen(value)), &err),
         NP_OK);
}

int main(void)
{
  char dir[] = "/tmp/np-store-XXXXXX";
  OK(mkdtemp(dir) != NULL, "temp dir");
  char path[64];
  snprintf(path, sizeof path, "%s/cache.sqlite", dir);
  np_store *a, *b;
  np_error err;
  INT_EQ(np_store_open(&a, path, &err), NP_OK);
  INT_EQ(np_store_open(&b, path, &err), NP_OK);
  value_is(a, "rev", "hello", NULL);
  put(a, "rev", "hello", "olleh");
  put(a, "tr", "hello", "HELLO");
  put(a, "rev", "", "");
  value_is(a, "rev", "hello", "olleh");
  value_is(a, "tr", "hello", "HELLO");
  value_is(b, "rev", "hello", "olleh"); /* the other connection sees it */
  value_is(b, "rev", "", "");
  put(b, "rev", "hello", "changed");
  value_is(a, "rev", "hello", "changed");
  np_store_free(a);
  np_store_free(b);
  INT_EQ(np_store_open(&a, path, &err), NP_OK);
  value_is(a, "rev", "hello", "changed"); /* persisted */
  np_store_free(a);
  np_store_free(NULL);

  INT_EQ(np_store_open(&a, "/nonexistent-dir/x.sqlite", &err), NP_EIO);
  OK(strstr(err.msg, "cannot open /nonexistent-dir/x.sqlite") != NULL, err.msg);
  FILE *f = fopen(path, "w");
  fputs("not a database, just text that is long enough to be read as a "
        "header by sqlite and rejected",
        f);
  fclose(f);
  INT_EQ(np_store_open(&a, path, &err), NP_EIO);
  OK(strstr(err.msg, "not a database") != NULL, err.msg);

  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  OK(system(cmd) == 0, "cleanup");
  return np_test_summary();
}
