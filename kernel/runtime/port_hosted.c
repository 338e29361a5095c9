/* port_hosted: the platform layer for the Linux-hosted build (tests, benchmarks). */
#include "port.h"
#include "vm.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/resource.h>

#define DEFAULT_HEAP (64u << 20)
#define HOSTED_STACK_LIMIT (64u << 20)

const int port_stdout_buffered = 1;

static uintptr_t stack_hi;
static uintptr_t stack_lo;

void *port_heap_region(size_t *size)
{
    const char *env = getenv("KRAIT_HEAP");
    size_t want = env ? (size_t)strtoull(env, NULL, 0) : DEFAULT_HEAP;
    if (want < (256u << 10))
        want = 256u << 10;
    void *p = mmap(NULL, want, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    *size = want;
    return p;
}

void port_write(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd == 2 ? 2 : 1, buf, len);
        if (n <= 0)
            return;
        buf += n;
        len -= (size_t)n;
    }
}

uint64_t port_ticks_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

void port_exit(int status)
{
    exit(status);
}

void port_stack_bounds(uintptr_t *lo, uintptr_t *hi)
{
    *lo = stack_lo;
    *hi = stack_hi;
}

void port_panic(const char *msg)
{
    fprintf(stderr, "krait-vm: fatal: %s\n", msg);
    exit(70);
}

static size_t read_file(const char *path, uint8_t **out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *buf = malloc((size_t)n + 1);
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
        fclose(f);
        return 0;
    }
    fclose(f);
    *out = buf;
    return (size_t)n;
}

int main(int argc, char **argv)
{
    int here;
    struct rlimit rl;
    size_t stack_size = 8u << 20;
    if (getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
        stack_size = rl.rlim_cur;
    if (stack_size > HOSTED_STACK_LIMIT)
        stack_size = HOSTED_STACK_LIMIT;
    stack_hi = ((uintptr_t)&here + 64) & ~(uintptr_t)7;
    stack_lo = (uintptr_t)&here - stack_size + 64 * 1024;
    if (argc < 2) {
        fprintf(stderr, "usage: krait-vm BUNDLE [ARGS...]\n");
        return 2;
    }
    uint8_t *bundle;
    size_t len = read_file(argv[1], &bundle);
    if (len == 0) {
        fprintf(stderr, "krait-vm: cannot read %s\n", argv[1]);
        return 2;
    }
    size_t heap_size;
    void *heap = port_heap_region(&heap_size);
    if (!heap)
        port_panic("no heap");
    if (!vm_init(heap, heap_size))
        port_panic("init failed");
    int status = vm_run_bundle(bundle, len, argc - 2, (const char **)argv + 2);
#ifdef KRAIT_OPSTATS
    void opstats_dump(void);
    opstats_dump();
#endif
    return status;
}

