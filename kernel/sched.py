"""The scheduler: tasks, wait queues, sleeping, soft IRQ dispatch, preemption.

Policy lives here; the mechanism (stacks, the switch itself, the timer's
preemption request) is C, reached through the native module `kthread`.
Preemption happens only at bytecode boundaries, and never inside a critical
section (`with critical():`) or inside this module's safepoint hook, so the
scheduler's own lists are never seen half-updated.
"""
from micropython import const
import kthread
import machine

READY = "ready"
RUNNING = "running"
BLOCKED = "blocked"
SLEEPING = "sleeping"
DEAD = "dead"

ALARM_BIT = const(16)
_ALARM = const(1 << ALARM_BIT)
_IRQ_LINES = const(_ALARM - 1)                 # the soft IRQ bits that are interrupt lines


class Task:
    def __init__(self, tid, name, fn, args):
        self.tid = tid
        self.name = name
        self.fn = fn
        self.args = args
        self.state = READY
        self.wake_at = 0
        self.cpu_ms = 0
        self.started_ms = machine.ticks_ms()
        self.exit_status = None
        self.process = None     # the Process a user task runs (kernel/process.py)


tasks = {}            # tid -> Task
ready = []            # FIFO of runnable tasks (not the running one)
sleepers = []         # tasks with a wake-up time
_dead = []            # ended tasks whose stacks are still to be freed
irq_handlers = {}     # IRQ line -> [handler(irq)]
_line_runs = {}       # soft IRQ line bits -> ((irq, handlers), ...) lowest line first (made on first use)
current = None
idle_task = None
_switch_at_ms = 0


class _Critical:
    """The context manager critical() returns (it holds no state: the count is the task's, in C). Its
    methods are kthread's natives themselves: a critical section runs no Python frame of its own.
    preempt_on takes __exit__'s exception triple and returns None, so exceptions go on."""
    __enter__ = staticmethod(kthread.preempt_off)
    __exit__ = staticmethod(kthread.preempt_on)


_CRITICAL = _Critical()


def critical():
    """No preemption inside: `with critical(): ...` (nestable). One shared manager: a section costs no
    allocation (the stack enters several for every packet and syscall)."""
    return _CRITICAL


def _run(task):
    status = 0
    try:
        task.fn(*task.args)
    except SystemExit as e:
        status = e.code if isinstance(e.code, int) else 1
    except BaseException as e:
        status = 1
        print(f"task {task.tid} ({task.name}) died:")
        kthread.print_exception(e)
    exit_current(status)


def exit_current(status):
    kthread.preempt_off()               # never turned back on: this task ends here
    task = current
    task.state = DEAD
    task.exit_status = status
    _dead.append(task)
    _schedule()


def spawn(fn, name, args=()):
    """Creates a ready task running fn(*args); returns it."""
    with critical():
        holder = []
        entry = lambda: _run(holder[0])    # noqa: E731 (the C side holds no reference: task.entry does)
        tid = kthread.spawn(entry)
        task = Task(tid, name, fn, args)
        task.entry = entry
        holder.append(task)
        tasks[tid] = task
        ready.append(task)
    return task


def _pick():
    while ready:
        task = ready.pop(0)
        if task.state == READY:
            return task
    return idle_task


def _reap():
    """Frees the tasks that ended (each switched away from its own stack for the last time)."""
    global _dead
    if not _dead:
        return
    keep = []
    for task in _dead:
        if task is current:
            keep.append(task)
            continue
        if task.tid:                    # init's stack is the boot stack: nothing to free
            kthread.release(task.tid)
        del tasks[task.tid]
    _dead = keep


def _schedule():
    """Switches to the next runnable task. Callers hold preemption off (a
    critical section, or the safepoint hook): the count is per task, so each
    task finds its own when it runs again."""
    global current, _switch_at_ms
    prev = current
    nxt = _pick()
    if prev.state == RUNNING:
        if nxt is idle_task:
            return                      # nothing else to run: keep going
        prev.state = READY
        if prev is not idle_task:
            ready.append(prev)
    now = machine.ticks_ms()
    prev.cpu_ms += now - _switch_at_ms
    _switch_at_ms = now
    nxt.state = RUNNING
    current = nxt
    kthread.switch(nxt.tid)
    # Running again, on prev's stack.
    _reap()


def yield_now():
    with critical():
        _schedule()


class WaitQueue:
    """Tasks blocked until wake_one/wake_all. Test the condition and wait
    inside one `with critical():`, or a wake-up in between is lost."""

    def __init__(self):
        self.waiters = []

    def wait(self, timeout_ms=None):
        """Blocks the current task; returns False when the timeout expired first."""
        with critical():
            task = current
            task.state = BLOCKED
            task.timed_out = False
            self.waiters.append(task)
            if timeout_ms is not None:
                _add_sleeper(task, machine.ticks_ms() + timeout_ms)
            _schedule()
            if task in self.waiters:
                self.waiters.remove(task)
        return not task.timed_out

    def wake_one(self):
        with critical():
            while self.waiters:
                task = self.waiters.pop(0)
                if _make_ready(task):
                    return True
        return False

    def wake_all(self):
        with critical():
            waiters = self.waiters
            self.waiters = []
            for task in waiters:
                _make_ready(task)


def _make_ready(task):
    if task.state in (BLOCKED, SLEEPING):
        task.state = READY
        if task in sleepers:
            sleepers.remove(task)
        ready.append(task)
        return True
    return False


def _add_sleeper(task, wake_at):
    task.wake_at = wake_at
    sleepers.append(task)
    _arm_alarm()


def _arm_alarm():
    if sleepers:
        kthread.alarm(min(t.wake_at for t in sleepers))
    else:
        kthread.alarm(0)


def sleep_ms(ms):
    with critical():
        task = current
        task.state = SLEEPING
        _add_sleeper(task, machine.ticks_ms() + ms)
        _schedule()


def _wake_sleepers():
    now = machine.ticks_ms()
    for task in list(sleepers):
        if task.wake_at <= now:
            sleepers.remove(task)
            if task.state == BLOCKED:
                task.timed_out = True
            _make_ready(task)
    _arm_alarm()


def irq_attach(irq, handler):
    """Runs handler(irq) as a soft IRQ whenever the line fires. A handler that
    returns True has more work: it runs again on the next tick, the line
    masked until then, and the tasks run in between."""
    with critical():
        irq_handlers.setdefault(irq, []).append(handler)
        _line_runs.clear()
        machine.irq_attach(irq)


def _lines_of(lines):
    """The (line, handler) pairs to run for the lines set in `lines`, lowest line first: remembered per
    combination of lines (a few in practice), so that a safepoint does no bit arithmetic and no lookup per
    line. A line with several handlers (a shared one) gets one that runs them all."""
    runs = []
    while lines:
        bit = lines & -lines
        lines ^= bit
        irq = bit.bit_length() - 1
        handlers = tuple(irq_handlers.get(irq, ()))
        runs.append((irq, handlers[0] if len(handlers) == 1 else _all_of(handlers)))
    return tuple(runs)


def _all_of(handlers):
    """One handler for a shared line: each of its handlers runs (a failing one does not stop the others);
    True when any of them has more work."""
    def run(irq):
        more = False
        for handler in handlers:
            try:
                if handler(irq):
                    more = True
            except Exception as e:
                _handler_failed(irq, e)
        return more
    return run


def _handler_failed(irq, e):
    print(f"irq {irq} handler failed:")
    kthread.print_exception(e)


def _safepoint():
    """Called at a bytecode boundary when an interrupt asked for it, with
    preemption held off by the caller (kthread's C side)."""
    pending = kthread.softirq_take()
    if pending:
        # Only the lines that fired are visited, lowest first: testing all 16 cost more than a
        # NIC's whole handler (this runs for every received frame).
        lines = pending & _IRQ_LINES
        runs = _line_runs.get(lines)
        if runs is None:
            runs = _line_runs[lines] = _lines_of(lines)
        for irq, handler in runs:
            try:
                more = handler(irq)
            except Exception as e:
                _handler_failed(irq, e)
                more = False
            if more:
                machine.irq_hold(irq)           # budget used up: the line stays masked until done
                kthread.softirq_defer(irq)
            else:
                machine.irq_done(irq)
        if pending & _ALARM:
            _wake_sleepers()
    if (kthread.resched_take() or current is idle_task) and ready:
        _schedule()


def _idle():
    while True:
        if ready:
            yield_now()
        else:
            machine.idle()


def start(init_name="init"):
    """Makes the running code (the boot stack) task 0 and starts the idle task."""
    global current, idle_task, _switch_at_ms
    init = Task(0, init_name, None, ())
    init.state = RUNNING
    tasks[0] = init
    current = init
    _switch_at_ms = machine.ticks_ms()
    idle = spawn(_idle, "idle")
    ready.remove(idle)
    idle_task = idle
    kthread.set_safepoint_hook(_safepoint)
