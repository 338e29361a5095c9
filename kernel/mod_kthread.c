/* `kthread`: the task primitives kernel/sched.py builds its policy on.
 *   spawn(fn) -> tid        a task that will call fn() on its own stack
 *   switch(tid)             run tid now; returns when someone switches back
 *   release(tid)            free a finished task's stack
 *   preempt_off(), preempt_on()   nestable, per task
 *   set_safepoint_hook(fn)  fn() runs at a bytecode boundary after an interrupt asked
 *   softirq_take() -> bits  IRQ lines (0-15) and the alarm (16) that fired
 *   softirq_defer(bit)      raise it again on the next timer tick
 *   resched_take() -> bool  the running task's time slice is over
 *   alarm(ms)               raise the alarm soft IRQ at ticks_ms() >= ms (0: none)
 *   print_exception(e)      the traceback, as an uncaught exception prints it
 *   run_frozen(name, as_name) run a frozen module's code in a fresh, unregistered module
 *   post_signal(tid, exc, sticky)  raise exc in tid's process code at its next safepoint
 *                           (sticky: at every one, a kill); see runtime/userland.c */
#include "panic.h"
#include "task.h"
#include "runtime/obj.h"

uint32_t softirq_take(void);
int task_take_resched(void);
void task_set_alarm(uint64_t ms);
void task_rearm(void);
struct task *task_spawn(uintptr_t entry);
struct task *task_by_id(int id);
void task_switch(struct task *next);
bool task_release(struct task *t);

static Val safepoint_hook;    /* a GC root */

static bool arg_task(const char *fname, Val *a, int n, struct task **t)
{
    int64_t id;
    if (!check_nargs(fname, n, 1, 1))
        return false;
    if (!IS_INT(a[0]) || !int_to_i64(a[0], &id) || !(*t = task_by_id((int)id))) {
        raise(e_ValueError, "%s: no task %s", fname, IS_INT(a[0]) ? "with that id" : "(id must be an int)");
        return false;
    }
    return true;
}

static Val k_spawn(Val *a, int n, Val kw)
{
    if (!check_nargs("spawn", n, 1, 1))
        return V_NULL;
    struct task *t = task_spawn(a[0]);
    if (!t)
        return raise(e_MemoryError, "spawn: no task slot or stack memory left");
    return MK_INT(t->id);
}

static Val k_switch(Val *a, int n, Val kw)
{
    struct task *t;
    if (!arg_task("switch", a, n, &t))
        return V_NULL;
    task_switch(t);
    return V_NONE;
}

static Val k_release(Val *a, int n, Val kw)
{
    struct task *t;
    if (!arg_task("release", a, n, &t))
        return V_NULL;
    return MK_BOOL(task_release(t));
}

static Val k_preempt_off(Val *a, int n, Val kw)
{
    if (!check_nargs("preempt_off", n, 0, 0))
        return V_NULL;
    task_current()->no_preempt++;
    return V_NONE;
}

/* preempt_on() also takes the exception triple of a context manager's __exit__ (and ignores it):
 * sched.critical()'s manager is these two natives, no Python frame per critical section. */
static Val k_preempt_on(Val *a, int n, Val kw)
{
    if (n != 3 && !check_nargs("preempt_on", n, 0, 0))
        return V_NULL;
    struct task *t = task_current();
    if (t->no_preempt > 0 && --t->no_preempt == 0)
        task_rearm();
    return V_NONE;
}

/* The VM calls this at a bytecode boundary once vm_safepoint_pending was set. */
static void kernel_safepoint(void)
{
    struct task *t = task_current();
    if (t->no_preempt || !safepoint_hook)
        return;                      /* deferred: preempt_on re-arms */
    t->no_preempt++;
    Val r = call0(safepoint_hook);
    if (r == V_NULL)
        exc_print(exc_fetch());
    t = task_current();
    t->no_preempt--;
    task_rearm();
}

static Val k_set_safepoint_hook(Val *a, int n, Val kw)
{
    if (!check_nargs("set_safepoint_hook", n, 1, 1))
        return V_NULL;
    safepoint_hook = a[0];
    return V_NONE;
}

static Val k_softirq_take(Val *a, int n, Val kw)
{
    return check_nargs("softirq_take", n, 0, 0) ? MK_INT(softirq_take()) : V_NULL;
}

static Val k_softirq_defer(Val *a, int n, Val kw)
{
    int64_t bit;
    if (!check_nargs("softirq_defer", n, 1, 1))
        return V_NULL;
    if (!IS_INT(a[0]) || !int_to_i64(a[0], &bit) || bit < 0 || bit > SOFTIRQ_ALARM)
        return raise(e_ValueError, "softirq_defer: no soft IRQ %s", "with that number");
    softirq_defer((int)bit);
    return V_NONE;
}

static Val k_resched_take(Val *a, int n, Val kw)
{
    return check_nargs("resched_take", n, 0, 0) ? MK_BOOL(task_take_resched()) : V_NULL;
}

static Val k_alarm(Val *a, int n, Val kw)
{
    int64_t ms;
    if (!check_nargs("alarm", n, 1, 1))
        return V_NULL;
    if (!IS_INT(a[0]) || !int_to_i64(a[0], &ms) || ms < 0)
        return raise(e_ValueError, "alarm: time must be a non-negative int");
    task_set_alarm((uint64_t)ms);
    return V_NONE;
}

static Val k_print_exception(Val *a, int n, Val kw)
{
    if (!check_nargs("print_exception", n, 1, 1))
        return V_NULL;
    exc_print(a[0]);
    return V_NONE;
}

static Val k_run_frozen(Val *a, int n, Val kw)
{
    if (!check_nargs("run_frozen", n, 2, 2))
        return V_NULL;
    if (!IS_STR(a[0]) || !IS_STR(a[1]))
        return raise(e_TypeError, "run_frozen(module name, run-as name) takes two str");
    return vm_run_frozen(a[0], a[1]);
}

static Val k_post_signal(Val *a, int n, Val kw)
{
    struct task *t;
    if (!check_nargs("post_signal", n, 3, 3) || !arg_task("post_signal", a, 1, &t))
        return V_NULL;
    if (!IS_PTR(a[1]) || type_of(a[1])->kind != K_EXC || (type_of(a[1])->flags & TF_USER))
        return raise(e_TypeError, "post_signal: the signal is a builtin exception");
    vm_thread_post(t->thread, a[1], truthy(a[2]) > 0);
    return V_NONE;
}

static const vm_native_def kthread_fns[] = {
    { "spawn", k_spawn }, { "switch", k_switch }, { "release", k_release },
    { "preempt_off", k_preempt_off }, { "preempt_on", k_preempt_on },
    { "set_safepoint_hook", k_set_safepoint_hook }, { "softirq_take", k_softirq_take },
    { "softirq_defer", k_softirq_defer },
    { "resched_take", k_resched_take }, { "alarm", k_alarm }, { "print_exception", k_print_exception },
    { "run_frozen", k_run_frozen }, { "post_signal", k_post_signal },
    { NULL, NULL },
};

bool kthread_module_register(void)
{
    gc_add_root(&safepoint_hook);
    vm_set_safepoint_hook(kernel_safepoint);
    return vm_register_module("kthread", kthread_fns);
}
