/* np_export_file_name: names from pipelines made safe and unique;
 * np_export_commit: a post whose own name is as long as file systems
 * allow is still written (its temporary file's name is cut). */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "export.h"
#include "harness.h"

static void named(np_export *e, const char *given, size_t len, const char *want)
{
  np_buf out;
  np_buf_init(&out);
  np_error err;
  INT_EQ(np_export_file_name(e, np_slice_from(given, len), &out, &err), NP_OK);
  MEM_EQ(out.data, out.len, want);
  np_buf_fini(&out);
}

#define NAMED(e, given, want) named(e, given, sizeof given - 1, want)

int main(void)
{
  np_export e;
  memset(&e, 0, sizeof e);
  e.kind = NP_EXPORT_FILES;
  NAMED(&e, "2022/11/ferry.md", "2022/11/ferry.md");
  NAMED(&e, "2022/11/ferry.md", "2022/11/ferry-2.md");
  NAMED(&e, "2022/11/ferry.md", "2022/11/ferry-3.md");
  NAMED(&e, "2022/11/ferry-2.md", "2022/11/ferry-2-2.md");
  NAMED(&e, "../../etc/passwd", "_./_./etc/passwd");
  NAMED(&e, "/abs/olute.md", "abs/olute.md");
  NAMED(&e, "a//./b/.hidden", "a/b/_hidden");
  NAMED(&e, "tab\there\x01.md", "tab_here_.md");
  NAMED(&e, "back\\slash.md", "back_slash.md");
  NAMED(&e, "bad\xff utf8.md", "bad_ utf8.md");
  NAMED(&e, "", "untitled");
  NAMED(&e, "/./", "untitled-2");
  NAMED(&e, "README", "README");
  NAMED(&e, "README", "README-2");
  NAMED(&e, ".md", "_md");
  /* a part over 255 bytes is cut at a character, keeping its extension */
  char longname[800] = "";
  for (int i = 0; i < 100; i++) {
    strcat(longname, "渡轮");
  }
  strcat(longname, ".html");
  np_buf out;
  np_buf_init(&out);
  np_error err;
  INT_EQ(np_export_file_name(&e, np_slice_from(longname, strlen(longname)),
                             &out, &err),
         NP_OK);
  OK(out.len <= 255 && out.len >= 245, "cut to 255 bytes");
  OK(memcmp(out.data + out.len - 5, ".html", 5) == 0, "extension kept");
  OK(memcmp(out.data, "渡轮", 6) == 0 && (out.len - 5) % 3 == 0,
     "cut at a character");
  np_buf_fini(&out);
  np_export_close(&e, true, &err);

  char dir[] = "/tmp/np_export_XXXXXX";
  OK(mkdtemp(dir) != NULL, "mkdtemp");
  np_export posts;
  memset(&posts, 0, sizeof posts);
  posts.kind = NP_EXPORT_POSTS;
  posts.path = strdup(dir);
  INT_EQ(np_export_open(&posts, false, &err), NP_OK);
  char name[256];
  memset(name, 'n', 252);
  strcpy(name + 252, ".md"); /* 255 bytes: the most a name may have */
  bool touched = false;
  np_slice bytes = np_slice_from("---\ntitle: x\n---\n", 18);
  INT_EQ(np_export_commit(&posts, name, name, bytes, false, &touched, &err),
         NP_OK);
  OK(touched, err.msg);
  char path[400];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  struct stat st;
  OK(stat(path, &st) == 0 && st.st_size == 18, "the long name is written");
  unlink(path);
  np_export_close(&posts, true, &err);
  free(posts.path);
  rmdir(dir);
  return np_test_summary();
}
