/* Switching between task stacks. Only the callee-saved registers need saving:
 * a switch is an ordinary function call, so the caller has already saved the
 * rest (SSE registers included, all caller-saved in the SysV ABI). */

    .text
    .code64
/* void ctx_switch(uintptr_t *save_sp, uintptr_t next_sp) */
    .globl ctx_switch
    .type ctx_switch, @function
ctx_switch:
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    movq %rsp, (%rdi)
    movq %rsi, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret
    .size ctx_switch, . - ctx_switch

/* First code a new task runs: ctx_prepare leaves the task in %rbx and the
 * entry function in %r12; %rbp is 0 so backtraces stop here. */
    .globl ctx_trampoline
    .type ctx_trampoline, @function
ctx_trampoline:
    movq %rbx, %rdi
    call *%r12
    ud2                          /* task entry functions never return */
    .size ctx_trampoline, . - ctx_trampoline
