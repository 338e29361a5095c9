/* fault=divide|pagefault|panic on the command line: exercise the panic path. */
#include <stdbool.h>
#include <stdint.h>
#include "bootinfo.h"
#include "faults.h"
#include "kprintf.h"
#include "panic.h"
#include "pmm.h"

static bool streq(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

static void __attribute__((noinline)) fault_divide(void)
{
    uint32_t zero = 0;
    __asm__ volatile("xorl %%edx, %%edx; movl $1, %%eax; divl %0" : : "r"(zero) : "eax", "edx");
}

static void __attribute__((noinline)) fault_page(void)
{
    volatile uint64_t *unmapped = (volatile uint64_t *)PMM_LIMIT;   /* first byte past the identity map */
    (void)*unmapped;
}

void __attribute__((noinline)) run_fault_argument(void)
{
    char arg[32];
    if (!bootinfo_arg("fault", arg, sizeof arg))
        return;
    kprintf("triggering fault: %s\n", arg);
    if (streq(arg, "divide"))
        fault_divide();
    else if (streq(arg, "pagefault"))
        fault_page();
    else if (streq(arg, "panic"))
        panic("requested on the command line");
    else
        kprintf("unknown fault '%s'\n", arg);
}

