/* Hardware interrupt lines (8259 PIC) and their C handlers. */
#ifndef KRAIT_IRQ_H
#define KRAIT_IRQ_H
#include <stdint.h>

typedef void (*irq_handler_t)(int irq);

void pic_init(void);
void irq_register(int irq, irq_handler_t handler);
void irq_unmask(int irq);
void irq_mask(int irq);
uint64_t irq_count(int irq);

#endif
