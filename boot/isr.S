/* Interrupt entry stubs: give every vector the same frame (struct trapframe)
 * and call trap_dispatch. The CPU pushes an error code only for some
 * exceptions; the others get a zero so the frame layout never varies. */
#include "bootdefs.h"

.macro ISR_NOERR vec
isr_\vec:
    pushq $0
    pushq $\vec
    jmp isr_common
.endm
.macro ISR_ERR vec
isr_\vec:
    pushq $\vec
    jmp isr_common
.endm

    .text
    .code64
isr_common:
    pushq %rax
    pushq %rbx
    pushq %rcx
    pushq %rdx
    pushq %rsi
    pushq %rdi
    pushq %rbp
    pushq %r8
    pushq %r9
    pushq %r10
    pushq %r11
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    movq %rsp, %rdi
    movq %rsp, %rbx           /* callee-saved: remember the frame across the call */
    andq $-16, %rsp           /* SysV call alignment */
    call trap_dispatch
    movq %rbx, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %r11
    popq %r10
    popq %r9
    popq %r8
    popq %rbp
    popq %rdi
    popq %rsi
    popq %rdx
    popq %rcx
    popq %rbx
    popq %rax
    addq $16, %rsp            /* vector and error code */
    iretq

/* Exceptions 8, 10-14, 17, 21, 29 and 30 push an error code. */
.irp v, 0,1,2,3,4,5,6,7,9,15,16,18,19,20,22,23,24,25,26,27,28,31
    ISR_NOERR \v
.endr
.irp v, 8,10,11,12,13,14,17,21,29,30
    ISR_ERR \v
.endr
.altmacro
.macro ISR_RANGE from, to
    ISR_NOERR \from
    .if \to-\from
    ISR_RANGE %(\from+1), \to
    .endif
.endm
ISR_RANGE 32, 96
ISR_RANGE 97, 160
ISR_RANGE 161, 224
ISR_RANGE 225, 255

    .section .rodata
    .align 8
    .globl isr_table
isr_table:
.macro ISR_ENTRY vec
    .quad isr_\vec
.endm
.macro ISR_ENTRIES from, to
    ISR_ENTRY \from
    .if \to-\from
    ISR_ENTRIES %(\from+1), \to
    .endif
.endm
ISR_ENTRIES 0, 96
ISR_ENTRIES 97, 160
ISR_ENTRIES 161, 224
ISR_ENTRIES 225, 255
