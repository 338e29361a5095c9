#include "serial.h"
#include "io.h"
#include "irq.h"

#define COM1            0x3F8
#define UART_DATA       0       /* RBR/THR; divisor low with DLAB */
#define UART_IER        1       /* divisor high with DLAB */
#define UART_FCR        2
#define UART_LCR        3
#define UART_MCR        4
#define UART_LSR        5
#define IER_RX_AVAIL    0x01
#define FCR_ENABLE_CLEAR 0x07   /* FIFO on, both cleared, RX trigger at 1 byte */
#define LCR_8N1         0x03
#define LCR_DLAB        0x80
#define MCR_DTR_RTS_OUT2 0x0B   /* OUT2 gates the UART's interrupt line on PCs */
#define LSR_DATA_READY  0x01
#define LSR_THR_EMPTY   0x20
#define BAUD_DIVISOR    1       /* 115200 baud */
#define COM1_IRQ        SERIAL_IRQ_LINE

#define RX_BUF_SIZE     1024    /* power of two */

static volatile uint8_t rx_buf[RX_BUF_SIZE];
static volatile uint32_t rx_head, rx_tail;
static volatile uint64_t rx_dropped;
static void (*rx_notify)(void);

void serial_set_rx_notify(void (*notify)(void)) { rx_notify = notify; }

void serial_init(void)
{
    outb(COM1 + UART_IER, 0);
    outb(COM1 + UART_LCR, LCR_DLAB);
    outb(COM1 + UART_DATA, BAUD_DIVISOR & 0xFF);
    outb(COM1 + UART_IER, BAUD_DIVISOR >> 8);
    outb(COM1 + UART_LCR, LCR_8N1);
    outb(COM1 + UART_FCR, FCR_ENABLE_CLEAR);
    outb(COM1 + UART_MCR, MCR_DTR_RTS_OUT2);
}

/* IRQ 4: move every byte the UART holds into the ring; reading RBR clears the cause. */
static void serial_irq(int irq)
{
    (void)irq;
    while (inb(COM1 + UART_LSR) & LSR_DATA_READY) {
        uint8_t c = inb(COM1 + UART_DATA);
        if (rx_head - rx_tail < RX_BUF_SIZE) {
            rx_buf[rx_head % RX_BUF_SIZE] = c;
            rx_head++;
        } else {
            rx_dropped++;
        }
    }
    if (rx_notify)
        rx_notify();
}

void serial_enable_rx_irq(void)
{
    irq_register(COM1_IRQ, serial_irq);
    outb(COM1 + UART_IER, IER_RX_AVAIL);
    irq_unmask(COM1_IRQ);
}

int serial_getc(void)
{
    if (rx_tail == rx_head)
        return -1;
    int c = rx_buf[rx_tail % RX_BUF_SIZE];
    rx_tail++;
    return c;
}

uint64_t serial_rx_dropped(void) { return rx_dropped; }

void serial_putc_raw(char c)
{
    while (!(inb(COM1 + UART_LSR) & LSR_THR_EMPTY))
        ;
    outb(COM1 + UART_DATA, (uint8_t)c);
}

void serial_write(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n')
            serial_putc_raw('\r');
        serial_putc_raw(s[i]);
    }
}
