/* bench/measure.c: runs one command and prints its wall time and peak RSS, for bench/run.sh.
 *
 * Usage: measure OUT ERR COMMAND [ARG]...
 * Runs COMMAND with standard output to the file OUT and standard error to ERR (both truncated)
 * and prints "WALL_US MAXRSS_KIB STATUS" on its own standard output: the microseconds from just
 * before the fork to the return of wait4 (CLOCK_MONOTONIC), the child's peak resident set
 * (wait4's ru_maxrss, as GNU time's %M), and its exit status (128 + N if killed by signal N;
 * 127 if COMMAND could not be run).
 *
 * Why not `date +%s%N` around `/usr/bin/time -f %M COMMAND` (what run.sh did before): the two
 * date processes and GNU time's own start-up are inside the measured interval, about 4 ms a run
 * on the benchmark VM (bash's fork + exec of date twice, then time's), which is 2-4% of the
 * 0.1-0.2 s rows (the 100,000-record zone, the 10,000 small zones) and changed their ratios.
 * Here only a fork of this small process and the exec of COMMAND are added (~0.1-0.3 ms).
 * fork, not vfork or posix_spawn: a child that shares the parent's memory until exec reports
 * the parent's resident set in its ru_maxrss (Linux counts the memory it had before exec). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_us(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (long long)t.tv_sec * 1000000 + t.tv_nsec / 1000;
}

int main(int argc, char** argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: measure OUT ERR COMMAND [ARG]...\n");
    return 2;
  }
  const int out = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  const int err = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (out < 0 || err < 0) {
    perror("measure: open");
    return 2;
  }
  const long long t0 = now_us();
  const pid_t pid = fork();
  if (pid < 0) {
    perror("measure: fork");
    return 2;
  }
  if (pid == 0) {
    if (dup2(out, 1) < 0 || dup2(err, 2) < 0) _exit(127);
    execvp(argv[3], argv + 3);
    perror("measure: exec");
    _exit(127);
  }
  int status = 0;
  struct rusage ru;
  if (wait4(pid, &status, 0, &ru) < 0) {
    perror("measure: wait4");
    return 2;
  }
  const long long t1 = now_us();
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  printf("%lld %ld %d\n", t1 - t0, ru.ru_maxrss, code);
  return 0;
}
