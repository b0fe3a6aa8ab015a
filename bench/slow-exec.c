/*
 * Emulates a machine where starting a process is expensive, for bench/sync.ts --slow-exec.
 *
 * Loaded with LD_PRELOAD into every dynamically linked program a build starts (sh, gcc, cc1, as,
 * ld, sed...), it makes each one, before main, spend SLOW_EXEC_US microseconds of CPU faulting in
 * and dropping fresh pages (system time, as on the machines where fork and exec are slow), the
 * last SLOW_EXEC_SHARED_PERCENT of them holding a machine-wide spin lock: the part of process
 * creation that contends, so that processes started side by side burn CPU waiting for each other
 * (concurrent configures cost each other ~40% more CPU on such machines; nice does not help).
 * The lock is a word in a file named by SLOW_EXEC_LOCK (created by the bench, 4096 bytes).
 *
 *   cc -O2 -shared -fPIC -o slow-exec.so slow-exec.c
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

static long cpu_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000000L + ts.tv_nsec / 1000;
}

/* Fault in and drop 256 KiB of fresh pages until `us` of this process's CPU have passed. */
static void burn(long us) {
  long until = cpu_us() + us;
  const size_t size = 256 * 1024;
  while (cpu_us() < until) {
    volatile char *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return;
    for (size_t i = 0; i < size; i += 4096) p[i] = 1;
    munmap((void *)p, size);
  }
}

__attribute__((constructor)) static void slow_start(void) {
  const char *t = getenv("SLOW_EXEC_US");
  long us = t ? atol(t) : 0;
  if (us <= 0) return;
  const char *s = getenv("SLOW_EXEC_SHARED_PERCENT");
  long shared = s ? atol(s) * us / 100 : 0;
  if (shared < 0 || shared > us) shared = 0;
  burn(us - shared);
  const char *path = getenv("SLOW_EXEC_LOCK");
  if (!path || shared == 0) return;
  int fd = open(path, O_RDWR);
  if (fd < 0) return;
  atomic_int *lock = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  close(fd);
  if (lock == MAP_FAILED) return;
  int expected = 0;
  /* Spin (burning CPU, as a contended kernel lock does) until the lock is free. */
  while (!atomic_compare_exchange_weak(lock, &expected, 1)) expected = 0;
  burn(shared);
  atomic_store(lock, 0);
  munmap((void *)lock, 4096);
}
