#include "panic.h"
#include <stdarg.h>
#include "io.h"
#include "kprintf.h"
#include "ksyms.h"
#include "power.h"
#include "trap.h"

#define BACKTRACE_MAX_FRAMES 32

static const char *const exception_names[32] = {
    "#DE divide error", "#DB debug", "NMI", "#BP breakpoint", "#OF overflow", "#BR bound range",
    "#UD invalid opcode", "#NM device not available", "#DF double fault", "coprocessor overrun",
    "#TS invalid TSS", "#NP segment not present", "#SS stack fault", "#GP general protection",
    "#PF page fault", "reserved", "#MF x87 error", "#AC alignment check", "#MC machine check",
    "#XM SIMD error", "#VE virtualization", "#CP control protection",
};

static volatile int panicking;

const char *ksym_lookup(uint64_t addr, uint64_t *offset)
{
    uint64_t lo = 0, hi = ksym_count;
    while (lo < hi) {               /* last symbol with addr <= target */
        uint64_t mid = (lo + hi) / 2;
        if (ksym_table[mid].addr <= addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return "?";
    const struct ksym *s = &ksym_table[lo - 1];
    if (addr >= s->addr + (s->size ? s->size : 1))
        return "?";
    *offset = addr - s->addr;
    return &ksym_names[s->name];
}

/* A return address may sit just past its function (a call to a noreturn
 * function ends it), so look those up one byte earlier. */
static void print_address(uint64_t addr, int is_return)
{
    uint64_t off = 0;
    const char *name = ksym_lookup(addr - is_return, &off);
    if (name[0] == '?')
        kprintf("0x%016lx ?\n", addr);
    else
        kprintf("0x%016lx %s+0x%lx\n", addr, name, off + is_return);
}

/* Walk the saved-rbp chain (the kernel is built with frame pointers). */
void backtrace_print(uint64_t rbp, int first_index)
{
    if (first_index == 0)
        kputs("backtrace:\n");
    for (int i = 0; i < BACKTRACE_MAX_FRAMES && rbp; i++) {
        if (rbp & 7 || rbp < 0x1000 || rbp >= 0x100000000ull)
            break;
        const uint64_t *frame = (const uint64_t *)rbp;
        uint64_t ret = frame[1];
        if (!ret)
            break;
        kprintf("  #%-2d ", first_index + i);
        print_address(ret, 1);
        if (frame[0] <= rbp)   /* the stack grows down: callers live higher */
            break;
        rbp = frame[0];
    }
}

static void panic_enter(void)
{
    cpu_cli();
    if (panicking) {           /* a fault while reporting: stop at once */
        kputs("\nnested panic\n");
        machine_debug_exit(EXIT_CODE_PANIC);
    }
    panicking = 1;
}

void panic(const char *fmt, ...)
{
    panic_enter();
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    kvsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    kprintf("\n*** KERNEL PANIC: %s\n", msg);
    backtrace_print((uint64_t)__builtin_frame_address(0), 0);
    kputs("*** end of panic report\n");
    machine_debug_exit(EXIT_CODE_PANIC);
}

void panic_exception(struct trapframe *tf)
{
    panic_enter();
    const char *name = exception_names[tf->vector & 31];
    kprintf("\n*** CPU EXCEPTION %lu (%s) error=0x%lx\n", tf->vector, name ? name : "reserved", tf->error);
    kputs("RIP=");
    print_address(tf->rip, 0);
    kprintf("RSP=0x%016lx RFLAGS=0x%016lx CS=0x%lx SS=0x%lx\n", tf->rsp, tf->rflags, tf->cs, tf->ss);
    kprintf("CR2=0x%016lx CR3=0x%016lx\n", read_cr2(), read_cr3());
    kprintf("RAX=0x%016lx RBX=0x%016lx RCX=0x%016lx RDX=0x%016lx\n", tf->rax, tf->rbx, tf->rcx, tf->rdx);
    kprintf("RSI=0x%016lx RDI=0x%016lx RBP=0x%016lx R8 =0x%016lx\n", tf->rsi, tf->rdi, tf->rbp, tf->r8);
    kprintf("R9 =0x%016lx R10=0x%016lx R11=0x%016lx R12=0x%016lx\n", tf->r9, tf->r10, tf->r11, tf->r12);
    kprintf("R13=0x%016lx R14=0x%016lx R15=0x%016lx\n", tf->r13, tf->r14, tf->r15);
    kputs("backtrace:\n  #0  ");
    print_address(tf->rip, 0);
    backtrace_print(tf->rbp, 1);
    kputs("*** end of panic report\n");
    machine_debug_exit(EXIT_CODE_EXCEPTION);
}
