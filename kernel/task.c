/* Task mechanism: stacks, switching, preemption requests and soft IRQs.
 * Nothing here decides who runs: see kernel/sched.py. */
#include "task.h"
#include "context.h"
#include "io.h"
#include "panic.h"
#include "pmm.h"
#include "timer.h"
#include "runtime/obj.h"

extern char boot_stack_bottom[], boot_stack_top[];

static struct task tasks[TASK_MAX];
static struct task *current;
static volatile uint32_t softirq_pending;     /* bit n: IRQ line n; SOFTIRQ_ALARM */
static volatile uint32_t softirq_deferred;    /* raised again on the next tick */
static volatile int resched_pending;
static volatile uint64_t alarm_ms;            /* 0: none */
static uint64_t slice_start;

static void scan_other_stacks(void (*scan)(uintptr_t lo, uintptr_t hi))
{
    for (int i = 0; i < TASK_MAX; i++)
        if (tasks[i].used && tasks[i].started && &tasks[i] != current)
            scan(tasks[i].sp, tasks[i].stack_hi);
}

void task_init(void)
{
    struct task *init = &tasks[0];
    init->used = init->started = true;
    init->stack_lo = (uintptr_t)boot_stack_bottom;
    init->stack_hi = (uintptr_t)boot_stack_top;
    current = init;
}

/* After vm_init: the running code becomes task 0's VM thread. */
void task_adopt_vm(void)
{
    tasks[0].thread = vm_current_thread;
    vm_set_stack_enumerator(scan_other_stacks);
}

struct task *task_current(void) { return current; }

void task_stack_bounds(uintptr_t *lo, uintptr_t *hi)
{
    *lo = current->stack_lo;
    *hi = current->stack_hi;
}

void softirq_raise(int bit)
{
    softirq_pending |= 1u << bit;
    vm_safepoint_pending = 1;
}

uint32_t softirq_take(void)
{
    uint64_t f = irq_save();
    uint32_t p = softirq_pending;
    softirq_pending = 0;
    irq_restore(f);
    return p;
}

/* A soft IRQ handler that hit its budget continues on the next tick, so the
 * tasks get the processor in between (a flood cannot starve the shell). */
void softirq_defer(int bit) { softirq_deferred |= 1u << bit; }

void task_tick(void)
{
    uint64_t now = timer_ms();
    if (softirq_deferred) {
        softirq_pending |= softirq_deferred;
        softirq_deferred = 0;
        vm_safepoint_pending = 1;
    }
    if (alarm_ms && now >= alarm_ms) {
        alarm_ms = 0;
        softirq_raise(SOFTIRQ_ALARM);
    }
    if (now - slice_start >= TASK_TIMESLICE_MS) {
        resched_pending = 1;
        vm_safepoint_pending = 1;
    }
}

int task_take_resched(void)
{
    int r = resched_pending;
    resched_pending = 0;
    return r;
}

void task_set_alarm(uint64_t ms) { alarm_ms = ms; }

/* Re-arm the safepoint when work was deferred (critical section, nested hook). */
void task_rearm(void)
{
    if (softirq_pending || resched_pending || (current->thread && current->thread->async_exc))
        vm_safepoint_pending = 1;     /* a signal posted to this task waits for a safepoint too */
}

void task_idle(void)
{
    cpu_cli();
    if (vm_safepoint_pending || softirq_pending) {
        cpu_sti();
        return;
    }
    cpu_idle();     /* sti; hlt: the interrupt that wakes us is not lost */
}

static void task_entry(void *arg)
{
    struct task *t = arg;
    Val r = call0((Val)t->entry);
    if (r == V_NULL)
        exc_print(exc_fetch());
    panic("task %d returned to its entry (sched.py must switch away from a finished task)", t->id);
}

struct task *task_spawn(uintptr_t entry)
{
    for (int i = 1; i < TASK_MAX; i++) {
        struct task *t = &tasks[i];
        if (t->used)
            continue;
        uint64_t stack = pmm_alloc(TASK_STACK_PAGES, 1);
        if (!stack)
            return NULL;
        /* A slot keeps its VM thread: the VM never frees threads. */
        vm_thread *thread = t->thread ? t->thread : vm_thread_new();
        if (!thread) {
            pmm_free(stack, TASK_STACK_PAGES);
            return NULL;
        }
        vm_thread_reset(thread);
        *t = (struct task){ .id = i, .used = true, .stack_lo = stack,
                            .stack_hi = stack + TASK_STACK_PAGES * PAGE_SIZE, .thread = thread, .entry = entry };
        thread->stack_lo = t->stack_lo;
        thread->stack_hi = t->stack_hi;
        t->sp = ctx_prepare(t->stack_hi, task_entry, t);
        return t;
    }
    return NULL;
}

struct task *task_by_id(int id)
{
    if (id < 0 || id >= TASK_MAX || !tasks[id].used)
        return NULL;
    return &tasks[id];
}

void task_switch(struct task *next)
{
    if (next == current)
        return;
    struct task *prev = current;
    next->started = true;
    current = next;
    vm_current_thread = next->thread;
    slice_start = timer_ms();
    ctx_switch(&prev->sp, next->sp);
    /* Back on prev's stack: whoever switched here already set current. Work a
     * deferred safepoint left behind must not wait for the next interrupt. */
    task_rearm();
}

/* Frees a finished task's stack; never the running one. */
bool task_release(struct task *t)
{
    if (t == current || t->id == 0)
        return false;
    vm_thread_reset(t->thread);       /* its frames were on the stack freed here */
    pmm_free(t->stack_lo, TASK_STACK_PAGES);
    t->used = false;
    return true;
}
