/* The CMOS real-time clock's periodic interrupt: a second clock, apart from the PIT's system tick. */
#ifndef KRAIT_RTC_H
#define KRAIT_RTC_H

/* Calls fn() from IRQ 8, interrupts off, 32768 >> (rate - 1) times a second (rate 3..15; 6 is 1024 Hz). */
void rtc_periodic_start(int rate, void (*fn)(void));
void rtc_periodic_stop(void);
int rtc_periodic_hz(int rate);

#endif
