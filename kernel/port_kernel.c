/* The VM's platform layer on bare metal (kernel/runtime/port.h). */
#include "runtime/port.h"
#include "panic.h"
#include "pmm.h"
#include "power.h"
#include "serial.h"
#include "task.h"
#include "timer.h"

#define HEAP_MIN   (4u << 20)
#define HEAP_MAX   (64u << 20)
#define HEAP_ALIGN_PAGES 512          /* 2 MiB */

/* Half of free memory, within [HEAP_MIN, HEAP_MAX]: the rest is for DMA rings
 * and buffers and task stacks. */
void *port_heap_region(size_t *size)
{
    uint64_t want = pmm_free_pages() * PAGE_SIZE / 2;
    if (want > HEAP_MAX)
        want = HEAP_MAX;
    if (want < HEAP_MIN)
        want = HEAP_MIN;
    for (; want >= HEAP_MIN; want /= 2) {
        uint64_t phys = pmm_alloc(want / PAGE_SIZE, HEAP_ALIGN_PAGES);
        if (!phys)
            phys = pmm_alloc(want / PAGE_SIZE, 1);
        if (phys) {
            *size = want;
            return (void *)(uintptr_t)phys;
        }
    }
    return NULL;
}

const int port_stdout_buffered = 0;   /* the console shows output as it happens */

void port_write(int fd, const char *buf, size_t len)
{
    (void)fd;                         /* stdout and stderr share the console */
    serial_write(buf, len);
}

uint64_t port_ticks_us(void) { return timer_us(); }

void port_exit(int status)
{
    if (status == 0)
        machine_poweroff();
    panic("the kernel's Python exited with status %d", status);
}

void port_stack_bounds(uintptr_t *lo, uintptr_t *hi) { task_stack_bounds(lo, hi); }

void port_panic(const char *msg) { panic("%s", msg); }
