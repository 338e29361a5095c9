/* Hardware interrupt lines (8259 PIC) and their C handlers. */
#ifndef KRAIT_IRQ_H
#define KRAIT_IRQ_H
#include <stdbool.h>
#include <stdint.h>

typedef void (*irq_handler_t)(int irq);

void pic_init(void);
void irq_register(int irq, irq_handler_t handler);
void irq_unmask(int irq);
void irq_mask(int irq);
/* A handler of a slave line (8-15) may leave the interrupt in service past its return (the line
 * cannot fire again, nor any of lower priority on the slave, until irq_end): for handling that goes
 * on after the return, in place of a mask and an unmask. */
void irq_defer_end(int irq);
bool irq_end(int irq);             /* false: the line had no deferred EOI */
uint64_t irq_count(int irq);

#endif
