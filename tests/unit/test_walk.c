/* np_walk and np_walker: order, extensions, hidden names, symlink loops,
 * things that are not files, empty folders, thousands of folders; the
 * walker gives what the list has, a path at a time. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "walk.h"

static char root[64];
static int errors;

static void touch(const char *rel)
{
  char path[256];
  snprintf(path, sizeof path, "%s/%s", root, rel);
  FILE *f = fopen(path, "w");
  if (f) {
    fclose(f);
  }
}

static int skips;

static void on_error(void *payload, const char *path, np_walk_problem problem,
                     const char *msg)
{
  (void)payload;
  (void)path;
  (void)msg;
  if (problem == NP_WALK_SKIPPED) {
    skips++;
  } else {
    errors++;
  }
}

int main(void)
{
  strcpy(root, "/tmp/np_walk_XXXXXX");
  if (!mkdtemp(root)) {
    perror("mkdtemp");
    return 1;
  }
  char path[256];
  snprintf(path, sizeof path, "%s/b", root);
  mkdir(path, 0755);
  snprintf(path, sizeof path, "%s/.hidden", root);
  mkdir(path, 0755);
  touch("a.md");
  touch("Z.HTML");
  touch("c.txt");
  touch("notes.json");
  touch("b/x.markdown");
  touch("b/y.htm");
  touch(".hidden/h.md");
  touch(".dot.md");
  snprintf(path, sizeof path, "%s/b/loop", root);
  if (symlink(root, path) != 0) {
    perror("symlink");
  }
  /* named like posts but unreadable: taken, so reading them fails alone */
  snprintf(path, sizeof path, "%s/dangling.md", root);
  symlink("nowhere.md", path);
  snprintf(path, sizeof path, "%s/loop-a.md", root);
  symlink("loop-b.md", path);
  snprintf(path, sizeof path, "%s/loop-b.md", root);
  symlink("loop-a.md", path);
  /* not named like a post, pointing nowhere: a warning, nothing missing */
  snprintf(path, sizeof path, "%s/gone", root);
  symlink("nowhere", path);
  /* named like a post, but reading it could wait for ever: a warning */
  snprintf(path, sizeof path, "%s/pipe.md", root);
  OK(mkfifo(path, 0644) == 0, "mkfifo");
  snprintf(path, sizeof path, "%s/empty", root);
  mkdir(path, 0755);

  np_pathlist list;
  np_pathlist_init(&list);
  INT_EQ(np_walk(&list, root, on_error, NULL), NP_OK);
  const char *want[] = {"Z.HTML", "a.md",        "b/x.markdown", "b/y.htm",
                        "c.txt",  "dangling.md", "loop-a.md",    "loop-b.md"};
  size_t nwant = sizeof want / sizeof *want;
  INT_EQ(list.len, nwant);
  for (size_t i = 0; i < list.len && i < nwant; i++) {
    snprintf(path, sizeof path, "%s/%s", root, want[i]);
    STR_EQ(list.paths[i], path);
  }
  INT_EQ(skips, 3); /* the folder loop (reported once), "gone", the pipe */
  INT_EQ(errors, 0);

  errors = skips = 0;
  np_walker *w;
  INT_EQ(np_walker_open(&w, root, on_error, NULL), NP_OK);
  const char *p;
  size_t n = 0;
  while (np_walker_next(w, &p) == NP_OK && p) {
    OK(n < list.len && strcmp(p, list.paths[n]) == 0, p);
    n++;
  }
  INT_EQ(n, list.len);
  INT_EQ(np_walker_next(w, &p), NP_OK); /* the end stays the end */
  OK(p == NULL, "no more posts");
  np_walker_close(w);
  INT_EQ(errors, 0);
  INT_EQ(skips, 3);
  INT_EQ(np_walker_open(&w, "/nonexistent/np", on_error, NULL), NP_OK);
  INT_EQ(np_walker_next(w, &p), NP_EIO);
  np_walker_close(w);

  /* a file named directly is taken whatever its extension */
  snprintf(path, sizeof path, "%s/notes.json", root);
  np_pathlist one;
  np_pathlist_init(&one);
  INT_EQ(np_walk(&one, path, on_error, NULL), NP_OK);
  INT_EQ(one.len, 1);
  errors = 0;
  INT_EQ(np_walk(&one, "/nonexistent/np", on_error, NULL), NP_EIO);
  INT_EQ(errors, 1);
  OK(np_path_is_post("x.Markdown"), "case-insensitive extensions");
  OK(!np_path_is_post("x.mdx"), ".mdx is not a post");

  /* a folder a post (page bundles): every one found, once, in order */
  snprintf(path, sizeof path, "%s/bundles", root);
  mkdir(path, 0755);
  enum { nbundles = 3000 };
  for (int i = 0; i < nbundles; i++) {
    snprintf(path, sizeof path, "%s/bundles/%04d", root, i);
    mkdir(path, 0755);
    snprintf(path, sizeof path, "bundles/%04d/index.md", i);
    touch(path);
  }
  np_pathlist bundles;
  np_pathlist_init(&bundles);
  skips = errors = 0;
  snprintf(path, sizeof path, "%s/bundles", root);
  INT_EQ(np_walk(&bundles, path, on_error, NULL), NP_OK);
  INT_EQ(bundles.len, nbundles);
  INT_EQ(skips + errors, 0);
  snprintf(path, sizeof path, "%s/bundles/%04d/index.md", root, nbundles - 1);
  OK(bundles.len == nbundles && strcmp(bundles.paths[nbundles - 1], path) == 0,
     "the last bundle comes last");
  np_pathlist_fini(&bundles);

  np_pathlist_fini(&one);
  np_pathlist_fini(&list);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
  if (system(cmd) != 0) {
    fprintf(stderr, "could not remove %s\n", root);
  }
  return np_test_summary();
}
