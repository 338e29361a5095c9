/* 16550 UART on COM1: polled output, interrupt-driven input. */
#ifndef KRAIT_SERIAL_H
#define KRAIT_SERIAL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

void serial_init(void);
void serial_enable_rx_irq(void);
void serial_write(const char *s, size_t n);   /* "\n" goes out as "\r\n" */
void serial_putc_raw(char c);
/* Next received byte or -1 when the input buffer is empty. */
int serial_getc(void);
uint64_t serial_rx_dropped(void);
/* Called from the receive interrupt after new bytes were buffered. */
void serial_set_rx_notify(void (*notify)(void));

#define SERIAL_IRQ_LINE 4

#endif
