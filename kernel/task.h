/* Kernel tasks: each a C stack and a VM thread, switched only at bytecode
 * boundaries (safepoints) or when a task blocks. The policy (who runs next)
 * is Python's: kernel/sched.py drives these primitives through `kthread`. */
#ifndef KRAIT_TASK_H
#define KRAIT_TASK_H
#include <stdbool.h>
#include <stdint.h>

#define TASK_MAX            64
#define TASK_STACK_PAGES    256       /* 1 MiB: deep enough for the recursion limit */
#define TASK_TIMESLICE_MS   10
#define SOFTIRQ_ALARM       16        /* pending bit beside IRQ lines 0..15 */

struct vm_thread;

struct task {
    int id;                   /* index in the task table; 0 is init (the boot stack) */
    bool used, started;
    uintptr_t sp;             /* saved while switched out */
    uintptr_t stack_lo, stack_hi;
    struct vm_thread *thread;
    uintptr_t entry;          /* Val of the Python callable, kept alive by sched.py */
    int no_preempt;           /* >0: inside a critical section or the safepoint hook */
};

void task_init(void);          /* before vm_init: the boot stack is task 0 */
void task_adopt_vm(void);      /* after vm_init */
struct task *task_current(void);
void task_stack_bounds(uintptr_t *lo, uintptr_t *hi);
/* Called from the timer interrupt each tick. */
void task_tick(void);
/* Called from interrupt handlers: record a soft IRQ and ask for a safepoint. */
void softirq_raise(int bit);
/* Raise it again on the next tick (a handler that used up its budget). */
void softirq_defer(int bit);
/* machine.idle(): halt until an interrupt unless soft work is already pending. */
void task_idle(void);

#endif
