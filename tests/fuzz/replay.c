/* Runs a libFuzzer target's LLVMFuzzerTestOneInput on files, without
 * libFuzzer: so the fuzz targets' invariants are ordinary tests (under
 * ASan and valgrind like the rest) over the example posts, the corpus and
 * every finding kept in tests/fuzz/regressions/. A target signals a
 * failure by aborting. Usage: replay_TARGET [--lines FILE | PATH]...
 * (PATH: a file or a folder, read recursively; --lines: each line of FILE
 * is an input). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static size_t replayed;

static int replay_file(const char *path)
{
  FILE *f = fopen(path, "rb");
  if (!f) {
    perror(path);
    return 1;
  }
  size_t cap = 1 << 16, len = 0, n;
  unsigned char *data = malloc(cap);
  while (data && (n = fread(data + len, 1, cap - len, f)) > 0) {
    len += n;
    if (len == cap) {
      unsigned char *bigger = realloc(data, cap *= 2);
      if (!bigger) {
        free(data);
        data = NULL;
      }
      data = bigger;
    }
  }
  fclose(f);
  if (!data) {
    fprintf(stderr, "%s: out of memory\n", path);
    return 1;
  }
  LLVMFuzzerTestOneInput(data, len);
  free(data);
  replayed++;
  return 0;
}

static int replay(const char *path)
{
  struct stat st;
  if (stat(path, &st) != 0) {
    perror(path);
    return 1;
  }
  if (!S_ISDIR(st.st_mode)) {
    return replay_file(path);
  }
  DIR *d = opendir(path);
  if (!d) {
    perror(path);
    return 1;
  }
  int bad = 0;
  struct dirent *de;
  while ((de = readdir(d)) != NULL) {
    if (de->d_name[0] == '.') {
      continue;
    }
    size_t len = strlen(path) + strlen(de->d_name) + 2;
    char *child = malloc(len);
    if (!child) {
      bad = 1;
      break;
    }
    snprintf(child, len, "%s/%s", path, de->d_name);
    bad |= replay(child);
    free(child);
  }
  closedir(d);
  return bad;
}

/* Each line of `path` (without its newline) as an input: the seed lists of
 * the selector and date targets. */
static int replay_lines(const char *path)
{
  FILE *f = fopen(path, "rb");
  if (!f) {
    perror(path);
    return 1;
  }
  char *line = NULL;
  size_t cap = 0;
  ssize_t len;
  while ((len = getline(&line, &cap, f)) > 0) {
    len -= line[len - 1] == '\n';
    LLVMFuzzerTestOneInput((const unsigned char *)line, (size_t)len);
    replayed++;
  }
  free(line);
  fclose(f);
  return 0;
}

int main(int argc, char **argv)
{
  int bad = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--lines") == 0 && i + 1 < argc) {
      bad |= replay_lines(argv[++i]);
    } else {
      bad |= replay(argv[i]);
    }
  }
  printf("%zu inputs replayed\n", replayed);
  return bad;
}
