#include "timer.h"
#include "io.h"
#include "irq.h"

#define PIT_CHANNEL0     0x40
#define PIT_COMMAND      0x43
#define PIT_CH0_LOHI_SQUARE 0x36     /* channel 0, low then high byte, mode 3 */
#define PIT_INPUT_HZ     1193182
#define PIT_IRQ          0

static volatile uint64_t ticks;

static void timer_irq(int irq)
{
    (void)irq;
    ticks++;
}

void timer_init(void)
{
    uint32_t divisor = (PIT_INPUT_HZ + TIMER_HZ / 2) / TIMER_HZ;
    outb(PIT_COMMAND, PIT_CH0_LOHI_SQUARE);
    outb(PIT_CHANNEL0, divisor & 0xFF);
    outb(PIT_CHANNEL0, divisor >> 8);
    irq_register(PIT_IRQ, timer_irq);
    irq_unmask(PIT_IRQ);
}

uint64_t timer_ticks(void) { return ticks; }
uint64_t timer_ms(void) { return ticks * 1000 / TIMER_HZ; }
