/* The PIT as the system tick. */
#ifndef KRAIT_TIMER_H
#define KRAIT_TIMER_H
#include <stdint.h>

#define TIMER_HZ 1000

void timer_init(void);
uint64_t timer_ticks(void);          /* ticks since timer_init, TIMER_HZ per second */
uint64_t timer_ms(void);
uint64_t timer_us(void);
/* Called from the timer interrupt after each tick. */
void timer_set_tick_hook(void (*hook)(void));           /* microseconds, from the tick count and the PIT counter */

#endif
