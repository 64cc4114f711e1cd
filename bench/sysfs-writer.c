/*
 * The writer side of bench/sysfs-latency.sh: times accesses to one attribute of a served sysfs
 * tree from a process of its own, one line per access on stdout: the whole access, then its open,
 * its write (or read) and its close, in nanoseconds of CLOCK_MONOTONIC (the parts are 0 for sh).
 *
 *   sysfs-writer MODE FILE COUNT
 *
 * MODE:
 *   toggle  open(O_WRONLY) + write("0\n" or "1\n", in turn, "0" first) + close: each write is one
 *           request through the front-end (FILE must be an online CPU's cpuN/online)
 *   same    the same with "1\n" every time: the CPU is online already, so no request is made
 *           (the kernel's device_online() of an online device returns at once); the FUSE round
 *           trips and the front-end's own work alone
 *   read    open(O_RDONLY) + read + close
 *   sh      posix_spawn of /bin/sh -c 'echo 0 > FILE' (then 1, in turn) and its wait: what a
 *           shell script pays per write, process creation included
 *
 * Any failure (an errno from the tree, a shell that exits non-zero) stops the run with a message
 * on stderr and exit status 1: a benchmark of writes that fail would measure the wrong thing.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static long long now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* the end of each part of one access: after open, after write or read, after close */
static long long part[3];

static int write_value(const char *file, const char *value, long i)
{
    int fd = open(file, O_WRONLY);
    part[0] = now_ns();
    if (fd < 0) {
        fprintf(stderr, "sysfs-writer: write %ld: open %s: %s\n", i, file, strerror(errno));
        return -1;
    }
    size_t len = strlen(value);
    ssize_t n = write(fd, value, len);
    part[1] = now_ns();
    if (n != (ssize_t)len) {
        fprintf(stderr, "sysfs-writer: write %ld: write '%c' to %s: %s\n", i, value[0], file,
                n < 0 ? strerror(errno) : "short write");
        close(fd);
        return -1;
    }
    int rc = close(fd);
    part[2] = now_ns();
    if (rc != 0) {
        fprintf(stderr, "sysfs-writer: write %ld: close %s: %s\n", i, file, strerror(errno));
        return -1;
    }
    return 0;
}

static int read_value(const char *file, long i)
{
    char buf[64];
    int fd = open(file, O_RDONLY);
    part[0] = now_ns();
    if (fd < 0) {
        fprintf(stderr, "sysfs-writer: read %ld: open %s: %s\n", i, file, strerror(errno));
        return -1;
    }
    ssize_t n = read(fd, buf, sizeof buf);
    part[1] = now_ns();
    close(fd);
    part[2] = now_ns();
    if (n <= 0) {
        fprintf(stderr, "sysfs-writer: read %ld: %s: %s\n", i, file, n < 0 ? strerror(errno) : "empty");
        return -1;
    }
    return 0;
}

static int shell_write(const char *file, const char *value, long i)
{
    char script[4200];
    snprintf(script, sizeof script, "echo %s > '%s'", value, file);
    char *argv[] = { "sh", "-c", script, NULL };
    pid_t pid;
    int rc = posix_spawn(&pid, "/bin/sh", NULL, NULL, argv, environ);
    if (rc != 0) {
        fprintf(stderr, "sysfs-writer: sh %ld: posix_spawn: %s\n", i, strerror(rc));
        return -1;
    }
    int status;
    if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "sysfs-writer: sh %ld: '%s' failed\n", i, script);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: sysfs-writer toggle|same|read|sh FILE COUNT\n");
        return 2;
    }
    const char *mode = argv[1];
    const char *file = argv[2];
    long count = atol(argv[3]);
    if (strlen(file) > 4000 || count <= 0) {
        fprintf(stderr, "sysfs-writer: a FILE of at most 4000 characters and a positive COUNT\n");
        return 2;
    }
    long long *ns = calloc((size_t)count * 4, sizeof *ns);
    if (ns == NULL) {
        perror("sysfs-writer");
        return 1;
    }
    for (long i = 0; i < count; i++) {
        /* "0" first: the CPU starts online, and ends online after an even count */
        const char *value = i % 2 == 0 ? "0" : "1";
        int rc;
        part[0] = part[1] = part[2] = 0;
        long long start = now_ns();
        if (strcmp(mode, "toggle") == 0) {
            rc = write_value(file, i % 2 == 0 ? "0\n" : "1\n", i);
        } else if (strcmp(mode, "same") == 0) {
            rc = write_value(file, "1\n", i);
        } else if (strcmp(mode, "read") == 0) {
            rc = read_value(file, i);
        } else if (strcmp(mode, "sh") == 0) {
            rc = shell_write(file, value, i);
        } else {
            fprintf(stderr, "sysfs-writer: unknown mode %s (toggle, same, read, sh)\n", mode);
            return 2;
        }
        long long end = now_ns();
        if (rc != 0) {
            return 1;
        }
        ns[4 * i] = end - start;
        if (part[2] != 0) {
            ns[4 * i + 1] = part[0] - start;
            ns[4 * i + 2] = part[1] - part[0];
            ns[4 * i + 3] = part[2] - part[1];
        }
    }
    /* printed after the loop, so that stdout's writes are not timed */
    for (long i = 0; i < count; i++) {
        printf("%lld %lld %lld %lld\n", ns[4 * i], ns[4 * i + 1], ns[4 * i + 2], ns[4 * i + 3]);
    }
    return 0;
}
