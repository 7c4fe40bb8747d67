/* posix_spawn with three pipes and one poll loop. Two things are subtle in
 * a multi-threaded program:
 * - A pipe must be close-on-exec before any other thread spawns, or that
 *   thread's child inherits it and our reads never see end-of-file. POSIX
 *   2008 has no pipe2, so making pipes and spawning share one lock.
 * - Writing to a command that stopped reading raises SIGPIPE, which would
 *   end the whole run; it is blocked in this thread while we write, and a
 *   pending one is taken back before the mask is restored. */
#include "command.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static pthread_mutex_t spawn_lock = PTHREAD_MUTEX_INITIALIZER;

static double now(void)
{
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + t.tv_nsec / 1e9;
}

static void close_fd(int *fd)
{
  if (*fd >= 0) {
    close(*fd);
    *fd = -1;
  }
}

static bool make_pipe(int fds[2])
{
  if (pipe(fds) != 0) {
    return false;
  }
  fcntl(fds[0], F_SETFD, FD_CLOEXEC);
  fcntl(fds[1], F_SETFD, FD_CLOEXEC);
  return true;
}

/* The program `name` names: itself when it has a '/', else the first
 * executable file of that name in PATH. Looked up here rather than left to
 * posix_spawnp, whose report of a missing program is not reliable
 * everywhere (under valgrind the child just exits 127). Returns 0 or an
 * errno. */
static int find_program(char *out, size_t size, const char *name)
{
  if (strchr(name, '/')) {
    if ((size_t)snprintf(out, size, "%s", name) >= size) {
      return ENAMETOOLONG;
    }
    return access(out, X_OK) == 0 ? 0 : errno;
  }
  const char *path = getenv("PATH");
  if (!path || !*path) {
    path = "/usr/local/bin:/usr/bin:/bin";
  }
  int found = ENOENT;
  for (const char *dir = path;; dir++) {
    const char *end = strchr(dir, ':');
    size_t len = end ? (size_t)(end - dir) : strlen(dir);
    /* an empty entry is the current folder, as POSIX says */
    int n = len ? snprintf(out, size, "%.*s/%s", (int)len, dir, name)
                : snprintf(out, size, "./%s", name);
    if (n > 0 && (size_t)n < size && access(out, X_OK) == 0) {
      struct stat st;
      if (stat(out, &st) == 0 && S_ISREG(st.st_mode)) {
        return 0;
      }
    } else if (n > 0 && (size_t)n < size && errno == EACCES) {
      found = EACCES;
    }
    if (!end) {
      return found;
    }
    dir = end;
  }
}

/* Starts the command with its stdin, stdout and stderr on new pipes; our
 * ends go to parent[0..2]. Returns 0 or an errno. */
static int start(pid_t *pid, char *const argv[], int parent[3])
{
  char program[4096];
  int missing = find_program(program, sizeof program, argv[0]);
  if (missing) {
    parent[0] = parent[1] = parent[2] = -1;
    return missing;
  }
  int in[2] = {-1, -1}, out[2] = {-1, -1}, errp[2] = {-1, -1};
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  posix_spawn_file_actions_init(&actions);
  posix_spawnattr_init(&attr);
  /* its own process group, so a timeout kills what it started too; no
   * blocked signals and default SIGPIPE, whatever this thread has */
  sigset_t none, defaults;
  sigemptyset(&none);
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP |
                                      POSIX_SPAWN_SETSIGMASK |
                                      POSIX_SPAWN_SETSIGDEF);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  pthread_mutex_lock(&spawn_lock);
  int rc = 0;
  if (!make_pipe(in) || !make_pipe(out) || !make_pipe(errp)) {
    rc = errno;
  } else {
    posix_spawn_file_actions_adddup2(&actions, in[0], STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, errp[1], STDERR_FILENO);
    rc = posix_spawn(pid, program, &actions, &attr, argv, environ);
  }
  pthread_mutex_unlock(&spawn_lock);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  close_fd(&in[0]);
  close_fd(&out[1]);
  close_fd(&errp[1]);
  parent[0] = in[1];
  parent[1] = out[0];
  parent[2] = errp[0];
  if (rc != 0) {
    for (int i = 0; i < 3; i++) {
      close_fd(&parent[i]);
    }
  }
  return rc;
}

/* Reads what is there into `into`; false at end of file or error. */
static bool drain(int fd, np_buf *into, np_status *rc)
{
  char chunk[65536];
  ssize_t n = read(fd, chunk, sizeof chunk);
  if (n < 0) {
    return errno == EAGAIN || errno == EINTR;
  }
  if (n == 0) {
    return false;
  }
  if (into->len + (size_t)n > NP_COMMAND_MAX_OUTPUT) {
    *rc = NP_ELIMIT;
    return false;
  }
  if (np_buf_append(into, chunk, (size_t)n) < 0) {
    *rc = NP_ENOMEM;
    return false;
  }
  return true;
}

/* Waits for the child, killing its group at the deadline. */
static int reap(pid_t pid, double deadline, bool *timed_out)
{
  int status = 0;
  long nap = 1000000; /* 1 ms, doubling to 64 ms */
  for (;;) {
    pid_t got = waitpid(pid, &status, WNOHANG);
    if (got == pid || (got < 0 && errno != EINTR)) {
      return status;
    }
    if (deadline > 0 && now() >= deadline && !*timed_out) {
      kill(-pid, SIGKILL);
      *timed_out = true;
    }
    struct timespec t = {0, nap};
    nanosleep(&t, NULL);
    nap = nap < 64000000 ? nap * 2 : nap;
  }
}

np_status np_command_run(np_command_result *result, char *const argv[],
                         np_slice input, double timeout, np_buf *out,
                         np_buf *errout, np_error *err)
{
  memset(result, 0, sizeof *result);
  result->status = -1;
  if (!argv || !argv[0] || !argv[0][0]) {
    return np_error_set(err, NP_EINVAL, "no command to run");
  }
  double deadline = timeout > 0 ? now() + timeout : 0;
  pid_t pid;
  int fds[3];
  int started = start(&pid, argv, fds);
  if (started != 0) {
    return np_error_set(err, NP_EIO, "cannot run '%s': %s", argv[0],
                        strerror(started));
  }
  for (int i = 0; i < 3; i++) {
    fcntl(fds[i], F_SETFL, fcntl(fds[i], F_GETFL) | O_NONBLOCK);
  }
  sigset_t pipe_signal, old_mask;
  sigemptyset(&pipe_signal);
  sigaddset(&pipe_signal, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_signal, &old_mask);

  np_status rc = NP_OK;
  size_t written = 0;
  if (input.len == 0) {
    close_fd(&fds[0]);
  }
  while (rc == NP_OK && (fds[0] >= 0 || fds[1] >= 0 || fds[2] >= 0)) {
    struct pollfd p[3];
    nfds_t n = 0;
    int which[3];
    for (int i = 0; i < 3; i++) {
      if (fds[i] >= 0) {
        p[n] = (struct pollfd){fds[i], i == 0 ? POLLOUT : POLLIN, 0};
        which[n++] = i;
      }
    }
    int wait_ms = -1;
    if (deadline > 0) {
      double left = deadline - now();
      if (left <= 0) {
        result->timed_out = true;
        break;
      }
      wait_ms = (int)(left * 1000) + 1;
    }
    int ready = poll(p, n, wait_ms);
    if (ready < 0 && errno != EINTR) {
      rc = np_error_set(err, NP_EIO, "poll: %s", strerror(errno));
      break;
    }
    for (nfds_t k = 0; ready > 0 && k < n; k++) {
      if (!p[k].revents) {
        continue;
      }
      int i = which[k];
      if (i == 0) {
        size_t chunk =
            input.len - written < 65536 ? input.len - written : 65536;
        ssize_t w = write(fds[0], input.ptr + written, chunk);
        if (w > 0) {
          written += (size_t)w;
        }
        /* done, or the command stopped reading (EPIPE): its output
         * still says what it made of what it read */
        if (written == input.len || (w < 0 && errno != EAGAIN)) {
          close_fd(&fds[0]);
        }
      } else if (!drain(fds[i], i == 1 ? out : errout, &rc)) {
        close_fd(&fds[i]);
      }
    }
  }
  for (int i = 0; i < 3; i++) {
    close_fd(&fds[i]);
  }
  if (result->timed_out || rc != NP_OK) {
    kill(-pid, SIGKILL);
  }
  int status = reap(pid, deadline, &result->timed_out);

  /* take back a SIGPIPE our writes raised, then restore the mask */
  sigset_t pending;
  sigpending(&pending);
  if (sigismember(&pending, SIGPIPE)) {
    struct timespec zero = {0, 0};
    sigtimedwait(&pipe_signal, NULL, &zero);
  }
  pthread_sigmask(SIG_SETMASK, &old_mask, NULL);

  if (WIFEXITED(status)) {
    result->status = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result->signal = WTERMSIG(status);
  }
  if (rc == NP_ELIMIT) {
    return np_error_set(err, NP_ELIMIT,
                        "'%s' wrote more than %zu MiB; stopped it", argv[0],
                        NP_COMMAND_MAX_OUTPUT >> 20);
  }
  if (rc == NP_ENOMEM) {
    return np_error_set(err, NP_ENOMEM, "out of memory");
  }
  return rc;
}
