#include "context.h"

extern char ctx_trampoline[];

/* The new stack, top down: the trampoline as ctx_switch's return address,
 * then the six callee-saved registers ctx_switch pops (rbp = 0 ends
 * backtraces, rbx = arg, r12 = entry). After the `ret`, rsp is 16-byte
 * aligned, as the trampoline's call needs. */
uintptr_t ctx_prepare(uintptr_t stack_top, void (*entry)(void *), void *arg)
{
    uint64_t *sp = (uint64_t *)(stack_top & ~(uintptr_t)15);
    *--sp = (uint64_t)ctx_trampoline;
    *--sp = 0;                      /* rbp */
    *--sp = (uint64_t)arg;          /* rbx */
    *--sp = (uint64_t)entry;        /* r12 */
    *--sp = 0;                      /* r13 */
    *--sp = 0;                      /* r14 */
    *--sp = 0;                      /* r15 */
    return (uintptr_t)sp;
}
