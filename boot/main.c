/* kmain: bring the machine up, then hand over to the kernel proper. */
#include "bootinfo.h"
#include "io.h"
#include "irq.h"
#include "kprintf.h"
#include "panic.h"
#include "pmm.h"
#include "serial.h"
#include "timer.h"
#include "trap.h"
#include "version.h"

void kernel_main(void);   /* kernel/: runs with interrupts on, never returns */

static void print_banner(void)
{
    kprintf("\nKrait %s (x86-64), booted by %s\n", KRAIT_VERSION, bootinfo.loader);
    kprintf("memory: %lu MiB installed, %lu KiB usable, %lu KiB free\n",
            pmm_installed_bytes() >> 20, pmm_usable_bytes() >> 10, pmm_free_pages() * PAGE_SIZE >> 10);
    kprintf("command line: %s\n", bootinfo.cmdline);
}

void kmain(uint32_t magic, uint64_t info)
{
    serial_init();
    idt_init();
    pic_init();
    if (bootinfo_parse(magic, info) < 0)
        panic("not started by a multiboot loader (magic 0x%x)", magic);
    pmm_init();
    timer_init();
    serial_enable_rx_irq();
    cpu_sti();
    print_banner();
    kernel_main();
    panic("kernel_main returned");
}
