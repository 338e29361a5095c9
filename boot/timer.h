/* The PIT as the system tick. */
#ifndef KRAIT_TIMER_H
#define KRAIT_TIMER_H
#include <stdint.h>

/* 250 Hz, Linux's usual: under QEMU each tick wakes a halted vCPU (a thread wake-up and an interrupt on the
 * host, about 60 us of its CPU), so 1000 Hz cost an idle Krait 6% of a host CPU and a flood-ping packet 4% more
 * host CPU than 250 Hz does. Timers (timer_ms) step by 4 ms; timer_us keeps the PIT's resolution. */
#define TIMER_HZ 250

void timer_init(void);
uint64_t timer_ticks(void);          /* ticks since timer_init, TIMER_HZ per second */
uint64_t timer_ms(void);
uint64_t timer_us(void);
/* Called from the timer interrupt after each tick. */
void timer_set_tick_hook(void (*hook)(void));           /* microseconds, from the tick count and the PIT counter */

#endif
