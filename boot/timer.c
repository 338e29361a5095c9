#include "timer.h"
#include "io.h"
#include "irq.h"

#define PIT_CHANNEL0     0x40
#define PIT_COMMAND      0x43
#define PIT_CH0_LOHI_RATE 0x34       /* channel 0, low then high byte, mode 2 (rate generator) */
#define PIT_CH0_LATCH    0x00
#define PIC1_CMD         0x20
#define PIC_READ_IRR     0x0A
#define PIT_INPUT_HZ     1193182
#define PIT_IRQ          0

static volatile uint64_t ticks;
static uint32_t divisor;
static void (*tick_hook)(void);

static void timer_irq(int irq)
{
    (void)irq;
    ticks++;
    if (tick_hook)
        tick_hook();
}

void timer_set_tick_hook(void (*hook)(void)) { tick_hook = hook; }

void timer_init(void)
{
    /* Mode 2 counts down by one per input clock, so the counter tells how far
     * into the current tick we are (timer_us); mode 3 counts by twos. */
    divisor = (PIT_INPUT_HZ + TIMER_HZ / 2) / TIMER_HZ;
    outb(PIT_COMMAND, PIT_CH0_LOHI_RATE);
    outb(PIT_CHANNEL0, divisor & 0xFF);
    outb(PIT_CHANNEL0, divisor >> 8);
    irq_register(PIT_IRQ, timer_irq);
    irq_unmask(PIT_IRQ);
}

static uint64_t last_us;     /* the latest timer_us() reading */

uint64_t timer_ticks(void) { return ticks; }
uint64_t timer_ms(void) { return ticks * 1000 / TIMER_HZ; }

uint64_t timer_us(void)
{
    uint64_t flags = irq_save();
    outb(PIT_COMMAND, PIT_CH0_LATCH);
    uint32_t count = inb(PIT_CHANNEL0);
    count |= (uint32_t)inb(PIT_CHANNEL0) << 8;
    uint64_t t = ticks;
    /* The counter reloaded but the tick interrupt is still pending: count it. */
    outb(PIC1_CMD, PIC_READ_IRR);
    if ((inb(PIC1_CMD) & (1 << PIT_IRQ)) && count > divisor / 2)
        t++;
    uint32_t elapsed = count <= divisor ? divisor - count : 0;
    uint64_t us = t * (1000000 / TIMER_HZ) + (uint64_t)elapsed * 1000000 / PIT_INPUT_HZ;
    /* An emulated PIT can reload before its interrupt is raised (QEMU's TCG
     * delivers timer events late), which reads as a jump back of up to a
     * tick: never let the clock run backwards. */
    if (us < last_us)
        us = last_us;
    last_us = us;
    irq_restore(flags);
    return us;
}
