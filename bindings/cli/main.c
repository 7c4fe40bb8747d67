/* newspipe: the command-line entry point; dispatches to subcommands. */
#include <stdio.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "cli.h"

#ifndef NP_VERSION
#define NP_VERSION "unknown"
#endif

static const char usage[] =
    "Usage: newspipe COMMAND [OPTION]... [ARG]...\n"
    "Clean, reshape and export archives of Jekyll-style news posts.\n"
    "\n"
    "Commands:\n"
    "  run PIPELINE [PATH]... [-j N] [-o DIR] [--shard K/N] [--stream] ...\n"
    "                 run a pipeline over posts on all cores (see run --help)\n"
    "  check [--round-trip] [--strict] [--quiet] PATH...\n"
    "                 parse every post under PATHs and report the bad ones\n"
    "  inspect POST   print a post's front matter (typed, with lines) and\n"
    "                 its body as a tree, as JSON\n"
    "  query [--text|--attr NAME|--json|--count] SELECTOR PATH...\n"
    "                 print what a CSS selector matches in every post\n"
    "  lua SCRIPT [ARG]...\n"
    "                 run a Lua script with the newspipe module\n"
    "  search DB QUERY... [--count] [-n N]\n"
    "                 search the full-text index export.sqlite made\n"
    "  pack PATH...   write the posts under PATHs as JSON lines, for\n"
    "                 run --stream (see docs/scaling.md)\n"
    "\n"
    "Options:\n"
    "  -h, --help     show this help (or COMMAND --help for a command's)\n"
    "  -V, --version  show the version\n"
    "\n"
    "Posts are files ending in .md .markdown .html .htm or .txt.\n"
    "Exit status: 0 all good, 1 some posts failed, 2 usage or I/O trouble.\n";

/* Each post allocates and frees its tree, its text and gumbo's pool: glibc
 * would hand the freed memory back to the kernel and fault it in again
 * for the next post. Keeping it saved ~5% of a run's time (bench/). */
static void keep_freed_memory(void)
{
#ifdef __GLIBC__
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
}

int main(int argc, char **argv)
{
  keep_freed_memory();
  if (argc < 2) {
    fputs(usage, stderr);
    return NP_EXIT_USAGE;
  }
  const char *cmd = argv[1];
  if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 ||
      strcmp(cmd, "help") == 0) {
    fputs(usage, stdout);
    return NP_EXIT_OK;
  }
  if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
    printf("newspipe %s\n", NP_VERSION);
    return NP_EXIT_OK;
  }
  if (strcmp(cmd, "check") == 0) {
    return np_cmd_check(argc - 1, argv + 1);
  }
  if (strcmp(cmd, "inspect") == 0) {
    return np_cmd_inspect(argc - 1, argv + 1);
  }
  if (strcmp(cmd, "run") == 0) {
    return np_cmd_run(argc - 1, argv + 1);
  }
  if (strcmp(cmd, "lua") == 0) {
    return np_cmd_lua(argc - 1, argv + 1);
  }
  if (strcmp(cmd, "query") == 0) {
    return np_cmd_query(argc - 1, argv + 1);
  }
  if (strcmp(cmd, "search") == 0) {
    return np_cmd_search(argc - 1, argv + 1);
  }
  if (strcmp(cmd, "pack") == 0) {
    return np_cmd_pack(argc - 1, argv + 1);
  }
  np_cli_fail("unknown command '%s' (try 'newspipe --help')", cmd);
  return NP_EXIT_USAGE;
}
