"""The kernel shell on the serial console: `krait> `, line editing, and a
command table that later subsystems extend with register()."""
import gc
import kthread
import machine

from kernel import console, lineedit, sched

PROMPT = "krait> "
commands = {}         # name -> (function(args), one-line help)
fallback = None       # fallback(words) -> True when it handled a line no command matched


def register(name, help_text):
    """Decorator: adds a shell command taking the list of its arguments."""
    def add(fn):
        commands[name] = (fn, help_text)
        return fn
    return add


@register("help", "list the commands")
def cmd_help(args):
    width = max(len(n) for n in commands)
    for name in sorted(commands):
        print(f"  {name:<{width}}  {commands[name][1]}")


@register("mem", "heap, garbage collector and physical memory use")
def cmd_mem(args):
    m = machine.meminfo()
    print(f"heap: {m['heap_used'] // 1024} KiB used, {m['heap_free'] // 1024} KiB free "
          f"of {m['heap_size'] // 1024} KiB; gc runs: {m['gc_count']}")
    print(f"physical: {m['phys_installed'] // 1048576} MiB installed, {m['phys_free'] // 1024} KiB free; "
          f"dma: {m['dma_used'] // 1024} KiB in {m['dma_buffers']} buffers")


def format_duration(ms):
    seconds, ms = divmod(ms, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}.{ms:03d}"


@register("uptime", "time since boot")
def cmd_uptime(args):
    print(f"up {format_duration(machine.ticks_ms())}, {len(sched.tasks)} tasks")


@register("ps", "list tasks and processes")
def cmd_ps(args):
    print(f"{'PID':>4} {'STATE':<9} {'CPU(ms)':>8}  NAME")
    for tid in sorted(sched.tasks):
        t = sched.tasks[tid]
        name = " ".join(t.process.argv) if t.process is not None else t.name
        print(f"{tid:>4} {t.state:<9} {t.cpu_ms:>8}  {name}")


@register("echo", "print the arguments")
def cmd_echo(args):
    print(" ".join(args))


@register("ticks", "the clock (ms, us), the tick rate and interrupt counts (irq0: timer ticks)")
def cmd_ticks(args):
    us = machine.ticks_us()
    print(f"ms {machine.ticks_ms()} hz {machine.timer_hz()} us {us} irq0 {machine.irq_count(0)} "
          f"irq4 {machine.irq_count(4)}")


@register("pyrun", "run a frozen test program: pyrun NAME")
def cmd_pyrun(args):
    if len(args) != 1:
        print("usage: pyrun NAME")
        return
    try:
        kthread.run_frozen("langtest." + args[0], "__main__")
    except SystemExit as e:
        print(f"exit status {e.code}")
    except BaseException as e:
        kthread.print_exception(e)


@register("dmatest", "check that a DMA buffer's memoryview and its physical address agree")
def cmd_dmatest(args):
    phys, view = machine.dma_alloc(8192, 4096)
    view[0:4] = b"\x11\x22\x33\x44"              # through the memoryview ...
    machine.mem8(phys + 5000, 0xAB)                 # ... and through the physical address
    part = view[6000:6100]                          # a slice shares the memory
    part[1] = 0x5A
    print(f"dma phys 0x{phys:x} align {phys % 4096} mem32 0x{machine.mem32(phys):08x} "
          f"view[5000] 0x{view[5000]:02x} mem8 0x{machine.mem8(phys + 6001):02x} len {len(view)}")
    machine.dma_free(phys)
    try:
        part[0] = 1
        print("freed view: still writable")
    except Exception as e:
        print(f"freed view: {type(e).__name__}")
    # Without dma_free: the buffer lives while any view of it does, and goes when the last one is collected.
    before = machine.meminfo()["dma_buffers"]
    keep = machine.dma_alloc(4096)[1][100:200]
    gc.collect()
    kept = machine.meminfo()["dma_buffers"] - before
    keep = None
    gc.collect()
    print(f"dma collected: kept {kept} then {machine.meminfo()['dma_buffers'] - before}")


@register("halt", "power off")
def cmd_halt(args):
    print("halting")
    machine.poweroff()


@register("reboot", "reset the machine")
def cmd_reboot(args):
    print("rebooting")
    machine.reboot()


def run_line(line):
    words = line.split()
    if not words:
        return
    entry = commands.get(words[0])
    if entry is None and fallback is not None and fallback(words):
        return
    if entry is None:
        print(f"unknown command: {words[0]} (try help)")
        return
    try:
        entry[0](words[1:])
    except Exception as e:
        print(f"{words[0]}: {type(e).__name__}: {e}")


def main():
    editor = lineedit.LineEditor(console.write)
    while True:
        console.write(PROMPT)
        editor.reset()
        status = lineedit.PENDING
        while status == lineedit.PENDING:
            for byte in console.read():
                status = editor.feed(byte)
                if status != lineedit.PENDING:
                    break
        if status == lineedit.DONE:
            run_line(editor.line())
