// The floor under EnumerationBenchmark: reading what the topology needs from a SyntheticTree (per
// block state, phys_index, valid_zones, removable; per CPU online), each file opened relative to
// its block's or the cpu directory (openat, one read, close), no check, no link rule, nothing else.
//
//   gcc -O2 -o /tmp/bare-enumeration bench/bare-enumeration.c
//   /tmp/bare-enumeration TREE 8192 16384 5      (TREE as EnumerationRun writes it)
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1e3 + t.tv_nsec / 1e6; }
static double cputime(void) { struct timespec t; clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t); return t.tv_sec * 1e3 + t.tv_nsec / 1e6; }

static long readat(int dir, const char *name) {
    char buf[256];
    int fd = openat(dir, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return -1;
    long n = read(fd, buf, sizeof buf);
    close(fd);
    return n;
}

int main(int argc, char **argv) {
    char path[4096];
    int cpus = atoi(argv[2]), blocks = atoi(argv[3]), passes = atoi(argv[4]);
    double best = 1e18, bestCpu = 1e18;
    for (int p = 0; p < passes; p++) {
        double t0 = now(), c0 = cputime();
        long total = 0;
        snprintf(path, sizeof path, "%s/sys/devices/system/memory", argv[1]);
        int mem = open(path, O_RDONLY | O_DIRECTORY);
        for (int i = 0; i < blocks; i++) {
            char name[64];
            snprintf(name, sizeof name, "memory%d", i);
            int d = openat(mem, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
            total += readat(d, "state") + readat(d, "phys_index") + readat(d, "valid_zones") + readat(d, "removable");
            close(d);
        }
        close(mem);
        snprintf(path, sizeof path, "%s/sys/devices/system/cpu", argv[1]);
        int cpu = open(path, O_RDONLY | O_DIRECTORY);
        for (int i = 1; i < cpus; i++) {
            char name[64];
            snprintf(name, sizeof name, "cpu%d/online", i);
            total += readat(cpu, name);
        }
        close(cpu);
        double t = now() - t0, c = cputime() - c0;
        if (t < best) best = t;
        if (c < bestCpu) bestCpu = c;
        printf("pass %d: wall %.1f ms cpu %.1f ms (%ld bytes)\n", p, t, c, total);
    }
    printf("best wall %.1f ms, best cpu %.1f ms\n", best, bestCpu);
    return 0;
}
