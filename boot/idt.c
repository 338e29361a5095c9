/* Interrupt descriptor table, 8259 PIC and the single trap dispatcher. */
#include "io.h"
#include "irq.h"
#include "panic.h"
#include "trap.h"
#include "bootdefs.h"

#define IDT_GATE_INTERRUPT 0x8E      /* present, ring 0, 64-bit interrupt gate */

#define PIC1_CMD    0x20
#define PIC1_DATA   0x21
#define PIC2_CMD    0xA0
#define PIC2_DATA   0xA1
#define ICW1_INIT_ICW4 0x11
#define ICW4_8086   0x01
#define ICW4_AUTO_EOI 0x02
#define PIC_EOI     0x20
#define PIC_SPECIFIC_EOI 0x60       /* | the line (0-7): ends that line, whatever else is in service */
#define PIC_READ_ISR 0x0B
#define IRQ_CASCADE 2
#define IRQ_SPURIOUS_SLAVE  15

struct idt_gate {
    uint16_t offset_low;
    uint16_t selector;
    uint8_t ist;
    uint8_t type_attr;
    uint16_t offset_mid;
    uint32_t offset_high;
    uint32_t reserved;
} __attribute__((packed));

struct idt_pointer {
    uint16_t limit;
    uint64_t base;
} __attribute__((packed));

extern const uint64_t isr_table[IDT_VECTORS];
static struct idt_gate idt[IDT_VECTORS] __attribute__((aligned(16)));
static irq_handler_t irq_handlers[IRQ_LINES];
static volatile uint64_t irq_counts[IRQ_LINES];
static uint16_t irq_mask_bits = 0xFFFF;
static volatile uint16_t irq_end_later;     /* slave lines whose EOI irq_end() writes (irq_defer_end) */

void idt_init(void)
{
    for (int v = 0; v < IDT_VECTORS; v++) {
        uint64_t addr = isr_table[v];
        idt[v] = (struct idt_gate){
            .offset_low = addr & 0xFFFF,
            .selector = GDT_KERNEL_CODE,
            .type_attr = IDT_GATE_INTERRUPT,
            .offset_mid = (addr >> 16) & 0xFFFF,
            .offset_high = addr >> 32,
        };
    }
    struct idt_pointer p = { sizeof idt - 1, (uint64_t)idt };
    __asm__ volatile("lidt %0" : : "m"(p));
}

static void pic_write_mask(void)
{
    outb(PIC1_DATA, irq_mask_bits & 0xFF);
    outb(PIC2_DATA, irq_mask_bits >> 8);
}

/* Only the PIC that owns the line: every NIC interrupt masks and unmasks its
 * line once, and a port write is an exit to the emulator. */
static void pic_write_line_mask(int irq)
{
    if (irq < 8)
        outb(PIC1_DATA, irq_mask_bits & 0xFF);
    else
        outb(PIC2_DATA, irq_mask_bits >> 8);
}

/* Remap the PICs to vectors 32..47 so IRQs do not collide with CPU exceptions.
 * The edge/level setting (ELCR) chosen by the BIOS survives this.
 *
 * The master ends each interrupt itself as the CPU takes it (automatic EOI):
 * no EOI write for the timer's ticks nor for the cascade, each a port write
 * and an exit to the emulator. Nothing nests: handlers run with interrupts
 * off. A spurious IRQ 7 can then not be told from a real one; it reaches the
 * line's handler, which finds no cause in its device (nothing is attached
 * there on the machines we run on).
 *
 * The slave (the PCI lines, level-triggered) keeps the usual EOI: its output
 * must fall when the CPU takes a line, or a second NIC's line rising before
 * the first one is masked leaves it high with no new edge at the master's
 * cascade input, and that NIC is never heard again. */
void pic_init(void)
{
    outb(PIC1_CMD, ICW1_INIT_ICW4);
    outb(PIC2_CMD, ICW1_INIT_ICW4);
    outb(PIC1_DATA, IRQ_BASE_VECTOR);
    outb(PIC2_DATA, IRQ_BASE_VECTOR + 8);
    outb(PIC1_DATA, 1 << IRQ_CASCADE);
    outb(PIC2_DATA, IRQ_CASCADE);
    outb(PIC1_DATA, ICW4_8086 | ICW4_AUTO_EOI);
    outb(PIC2_DATA, ICW4_8086);
    irq_mask_bits = 0xFFFF & ~(1 << IRQ_CASCADE);
    pic_write_mask();
}

void irq_register(int irq, irq_handler_t handler) { irq_handlers[irq] = handler; }

void irq_unmask(int irq)
{
    uint64_t f = irq_save();
    irq_mask_bits &= ~(1 << irq);
    pic_write_line_mask(irq);
    irq_restore(f);
}

void irq_mask(int irq)
{
    uint64_t f = irq_save();
    irq_mask_bits |= 1 << irq;
    pic_write_line_mask(irq);
    irq_restore(f);
}

uint64_t irq_count(int irq) { return irq_counts[irq]; }

/* Called from a slave line's handler, interrupts off. */
void irq_defer_end(int irq)
{
    if (irq >= 8)
        irq_end_later |= 1 << irq;
}

/* The slave's EOI for a line whose handler deferred it: true if it was written (false: nothing deferred on the
 * line). The slave's in-service bit kept the line (and the slave's lower-priority ones) from interrupting
 * since: one port write in place of a mask and an unmask. A specific EOI: a line of higher priority may have
 * been taken meanwhile and still be in service. */
bool irq_end(int irq)
{
    uint64_t f = irq_save();
    bool deferred = (irq_end_later >> irq) & 1;
    if (deferred) {
        irq_end_later &= ~(1 << irq);
        outb(PIC2_CMD, PIC_SPECIFIC_EOI | (irq - 8));
    }
    irq_restore(f);
    return deferred;
}

static uint8_t pic_in_service(uint16_t cmd_port)
{
    outb(cmd_port, PIC_READ_ISR);
    return inb(cmd_port);
}

static void handle_irq(int irq)
{
    /* A spurious IRQ 15 is not in service on the slave: no EOI for it. */
    if (irq == IRQ_SPURIOUS_SLAVE && !(pic_in_service(PIC2_CMD) & 0x80))
        return;
    irq_counts[irq]++;
    /* The handler clears the device's cause (or masks its line) before the
     * slave's EOI: PCI lines are level-triggered and would fire again at once. */
    if (irq_handlers[irq])
        irq_handlers[irq](irq);
    if (irq >= 8 && !(irq_end_later & (1 << irq)))
        outb(PIC2_CMD, PIC_EOI);
}

uint64_t trap_irq_rip;

void trap_dispatch(struct trapframe *tf)
{
    if (tf->vector < IRQ_BASE_VECTOR)
        panic_exception(tf);
    else if (tf->vector < IRQ_BASE_VECTOR + IRQ_LINES) {
        trap_irq_rip = tf->rip;
        handle_irq((int)(tf->vector - IRQ_BASE_VECTOR));
    }
    /* Other vectors are unused; ignore them. */
}
