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

void kernel_main(void);   /* kernel/: runs with interrupts on, never returns */

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
    kernel_main();
    panic("kernel_main returned");
}
