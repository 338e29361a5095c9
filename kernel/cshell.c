/* The bootstrap's serial prompt: enough to prove the machine (interrupt-driven
 * input, timer, memory, exits) until the Python kernel takes the console. */
#include <stdbool.h>
#include <stdint.h>
#include "bootinfo.h"
#include "io.h"
#include "irq.h"
#include "kprintf.h"
#include "panic.h"
#include "pmm.h"
#include "power.h"
#include "serial.h"
#include "timer.h"

#define LINE_MAX 256
#define PROMPT "krait> "
#define SERIAL_IRQ 4
#define TIMER_IRQ 0
#define CHAR_BACKSPACE 0x08
#define CHAR_DELETE 0x7F
#define CHAR_CTRL_U 0x15

static bool streq(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

/* Deliberate faults for the panic-path tests: fault=divide|pagefault|panic. */
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

static void __attribute__((noinline)) run_fault_argument(void)
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

static int read_line(char *line)
{
    int len = 0;
    for (;;) {
        int c;
        while ((c = serial_getc()) < 0)
            cpu_idle();
        if (c == '\r' || c == '\n') {
            kputs("\n");
            line[len] = '\0';
            return len;
        }
        if (c == CHAR_BACKSPACE || c == CHAR_DELETE) {
            if (len > 0) {
                len--;
                kputs("\b \b");
            }
        } else if (c == CHAR_CTRL_U) {
            for (; len > 0; len--)
                kputs("\b \b");
        } else if (c >= ' ' && c < CHAR_DELETE && len < LINE_MAX - 1) {
            line[len++] = (char)c;
            serial_putc_raw((char)c);
        }
    }
}

static void cmd_help(void)
{
    kputs("commands:\n"
          "  help   this list\n"
          "  mem    physical memory\n"
          "  ticks  timer ticks since boot (1000 per second) and interrupt counts\n"
          "  halt   power off\n");
}

static void cmd_mem(void)
{
    kprintf("installed %lu MiB, usable %lu KiB, free %lu KiB\n", pmm_installed_bytes() >> 20,
            pmm_usable_bytes() >> 10, pmm_free_pages() * PAGE_SIZE >> 10);
}

static void cmd_ticks(void)
{
    uint64_t us = timer_us();
    uint64_t ticks = timer_ticks();
    kprintf("ticks %lu hz %d us %lu irq0 %lu irq4 %lu\n", ticks, TIMER_HZ, us, irq_count(TIMER_IRQ),
            irq_count(SERIAL_IRQ));
}

void kernel_main(void)
{
    run_fault_argument();
    char line[LINE_MAX];
    for (;;) {
        kputs(PROMPT);
        read_line(line);
        if (line[0] == '\0')
            continue;
        if (streq(line, "help"))
            cmd_help();
        else if (streq(line, "mem"))
            cmd_mem();
        else if (streq(line, "ticks"))
            cmd_ticks();
        else if (streq(line, "halt")) {
            kputs("halting\n");
            machine_poweroff();
        } else
            kprintf("unknown command: %s (try help)\n", line);
    }
}
