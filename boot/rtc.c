/* The MC146818 real-time clock's periodic interrupt (IRQ 8, on the slave PIC). Its timebase (a 32768 Hz
 * crystal; QEMU's host clock) is not the PIT's, so something woken by the system tick and done before the
 * next one is not always missed by whatever samples on this clock (the profiler). */
#include "rtc.h"
#include "io.h"
#include "irq.h"

#define CMOS_INDEX     0x70
#define CMOS_DATA      0x71
#define RTC_REG_A      0x0A          /* divider and rate select */
#define RTC_REG_B      0x0B          /* interrupt enables */
#define RTC_REG_C      0x0C          /* interrupt flags; reading it acknowledges (lowers IRQ 8) */
#define RTC_A_RATE     0x0F
#define RTC_B_PIE      0x40          /* periodic interrupt enable */
#define RTC_IRQ        8

static void (*periodic_fn)(void);

static uint8_t cmos_read(uint8_t reg)
{
    outb(CMOS_INDEX, reg);
    return inb(CMOS_DATA);
}

static void cmos_write(uint8_t reg, uint8_t value)
{
    outb(CMOS_INDEX, reg);
    outb(CMOS_DATA, value);
}

static void rtc_irq(int irq)
{
    (void)irq;
    cmos_read(RTC_REG_C);           /* until read, the RTC raises no further interrupt */
    if (periodic_fn)
        periodic_fn();
}

int rtc_periodic_hz(int rate) { return 32768 >> (rate - 1); }

void rtc_periodic_start(int rate, void (*fn)(void))
{
    uint64_t f = irq_save();
    periodic_fn = fn;
    irq_register(RTC_IRQ, rtc_irq);
    cmos_write(RTC_REG_A, (cmos_read(RTC_REG_A) & ~RTC_A_RATE) | (rate & RTC_A_RATE));
    cmos_write(RTC_REG_B, cmos_read(RTC_REG_B) | RTC_B_PIE);
    cmos_read(RTC_REG_C);           /* a flag left from before would hold the line high: no edge */
    irq_unmask(RTC_IRQ);
    irq_restore(f);
}

void rtc_periodic_stop(void)
{
    uint64_t f = irq_save();
    irq_mask(RTC_IRQ);
    cmos_write(RTC_REG_B, cmos_read(RTC_REG_B) & ~RTC_B_PIE);
    cmos_read(RTC_REG_C);
    periodic_fn = 0;
    irq_restore(f);
}
