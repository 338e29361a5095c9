/* The register frame built by the interrupt entry stubs (isr.S). */
#ifndef KRAIT_TRAP_H
#define KRAIT_TRAP_H
#include <stdint.h>

struct trapframe {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector, error;
    uint64_t rip, cs, rflags, rsp, ss;   /* pushed by the CPU */
};

#define IDT_VECTORS        256
#define IRQ_BASE_VECTOR    32           /* the PIC is remapped to 32..47 */
#define IRQ_LINES          16

void idt_init(void);
void trap_dispatch(struct trapframe *tf);
/* Where the processor was when the IRQ being handled arrived (for the sampling profiler). */
extern uint64_t trap_irq_rip;

#endif
