/* `machine`: the native hardware module for kernel Python (drivers, the
 * scheduler, the shell). Small on purpose:
 *   inb/inw/inl(port), outb/outw/outl(port, value)       port I/O
 *   mem8/mem16/mem32/mem64(addr[, value])                 MMIO/physical read, or write with a value
 *   dma_alloc(size[, align]) -> (phys, memoryview)        DMA memory outside the GC heap
 *   dma_free(phys)                                        give it back now (its views lose access); otherwise
 *                                                         it is freed when its last view is collected
 *   irq_attach(irq), irq_done(irq), irq_hold(irq)         IRQ lines delivered as soft IRQs
 *   irq_count(irq)                                        hard interrupts seen on a line
 *   ticks_ms(), ticks_us(), timer_hz(), idle()            time, the tick rate; sti;hlt until an interrupt
 *   console_read() -> bytes, console_write(str)           the serial console
 *   cmdline(), bootloader(), meminfo() -> dict
 *   poweroff(), reboot()
 *   prof_start(), prof_stop() -> [(samples, "function file:line")]   the sampling profiler (profile.c)
 *   prof_native() -> [(samples, "C function")]                      the same run's C functions
 *   prof_hz()                     its samples per second
 *   ops_reset(), ops_dump()       the opstats kernel only: bytecode counts (interp.c), printed on the console
 * Addresses are physical (identity mapped below 4 GiB). Python never runs in
 * interrupt context: IRQ lines attached here are masked by the hard handler
 * and unmasked after their soft handler ran (kernel/sched.py). */
#include "bootinfo.h"
#include "io.h"
#include "irq.h"
#include "pmm.h"
#include "power.h"
#include "serial.h"
#include "task.h"
#include "timer.h"
#include "dma.h"
#include "profile.h"
#include "runtime/obj.h"

#define IRQ_LINES 16
#define IO_PORT_MAX 0xFFFF
#define PHYS_LIMIT PMM_LIMIT

static bool arg_u64_slow(Val v, const char *what, uint64_t *out);

/* A register's port, value or address: a non-negative small int is taken here (every port access
 * of a driver passes two), anything else checked in full. */
static inline bool arg_u64(Val v, const char *what, uint64_t *out)
{
    if (IS_INT(v) && INT_VAL(v) >= 0) {
        *out = (uint64_t)INT_VAL(v);
        return true;
    }
    return arg_u64_slow(v, what, out);
}

static bool arg_u64_slow(Val v, const char *what, uint64_t *out)
{
    int64_t n;
    if (!is_int(v) || !int_to_i64(v, &n)) {
        bn_t *b = is_int(v) ? int_to_bn(v) : NULL;
        if (b && bn_to_u64(b, out))
            return true;
        raise(e_TypeError, "%s must be an int that fits in 64 bits", what);
        return false;
    }
    if (n < 0) {
        raise(e_ValueError, "%s must not be negative", what);
        return false;
    }
    *out = (uint64_t)n;
    return true;
}

static bool arg_port(Val v, uint16_t *port)
{
    uint64_t p;
    if (!arg_u64(v, "port", &p))
        return false;
    if (p > IO_PORT_MAX) {
        raise(e_ValueError, "port 0x%x out of range", (unsigned)p);
        return false;
    }
    *port = (uint16_t)p;
    return true;
}

static bool arg_irq(Val v, int *irq)
{
    uint64_t n;
    if (!arg_u64(v, "irq", &n))
        return false;
    if (n >= IRQ_LINES) {
        raise(e_ValueError, "irq %d out of range", (int)n);
        return false;
    }
    *irq = (int)n;
    return true;
}

/* ---- port I/O ---- */
#define PORT_IN(name, width, insn)                                                \
    static Val m_##name(Val *a, int n, Val kw)                                     \
    {                                                                              \
        uint16_t port;                                                             \
        if (!check_nargs(#name, n, 1, 1) || !arg_port(a[0], &port))                \
            return V_NULL;                                                         \
        return MK_INT(insn(port));                                                 \
    }
#define PORT_OUT(name, width, insn)                                               \
    static Val m_##name(Val *a, int n, Val kw)                                     \
    {                                                                              \
        uint16_t port;                                                             \
        uint64_t v;                                                                \
        if (!check_nargs(#name, n, 2, 2) || !arg_port(a[0], &port) || !arg_u64(a[1], "value", &v)) \
            return V_NULL;                                                         \
        insn(port, (uint##width##_t)v);                                            \
        return V_NONE;                                                             \
    }
PORT_IN(inb, 8, inb)
PORT_IN(inw, 16, inw)
PORT_IN(inl, 32, inl)
PORT_OUT(outb, 8, outb)
PORT_OUT(outw, 16, outw)
PORT_OUT(outl, 32, outl)

/* ---- physical memory / MMIO ---- */
static Val mem_access(const char *name, Val *a, int n, unsigned bytes)
{
    uint64_t addr, v = 0;
    if (!check_nargs(name, n, 1, 2) || !arg_u64(a[0], "address", &addr))
        return V_NULL;
    if (addr % bytes || addr + bytes > PHYS_LIMIT || addr < PAGE_SIZE)
        return raise(e_ValueError, "%s: bad address 0x%lx", name, (unsigned long)addr);
    if (n == 2 && !arg_u64(a[1], "value", &v))
        return V_NULL;
    volatile void *p = (volatile void *)(uintptr_t)addr;
    switch (bytes) {
    case 1: if (n == 2) *(volatile uint8_t *)p = (uint8_t)v; else v = *(volatile uint8_t *)p; break;
    case 2: if (n == 2) *(volatile uint16_t *)p = (uint16_t)v; else v = *(volatile uint16_t *)p; break;
    case 4: if (n == 2) *(volatile uint32_t *)p = (uint32_t)v; else v = *(volatile uint32_t *)p; break;
    default: if (n == 2) *(volatile uint64_t *)p = v; else v = *(volatile uint64_t *)p; break;
    }
    return n == 2 ? V_NONE : int_from_u64(v);
}
static Val m_mem8(Val *a, int n, Val kw) { return mem_access("mem8", a, n, 1); }
static Val m_mem16(Val *a, int n, Val kw) { return mem_access("mem16", a, n, 2); }
static Val m_mem32(Val *a, int n, Val kw) { return mem_access("mem32", a, n, 4); }
static Val m_mem64(Val *a, int n, Val kw) { return mem_access("mem64", a, n, 8); }

/* ---- DMA ---- */
static Val m_dma_alloc(Val *a, int n, Val kw)
{
    uint64_t size, align = 16;
    if (!check_nargs("dma_alloc", n, 1, 2) || !arg_u64(a[0], "size", &size) ||
        (n == 2 && !arg_u64(a[1], "align", &align)))
        return V_NULL;
    if (size == 0 || size > (64u << 20) || align == 0 || (align & (align - 1)) || align > PAGE_SIZE)
        return raise(e_ValueError, "dma_alloc: bad size %lu or alignment %lu", (unsigned long)size,
                     (unsigned long)align);
    uint64_t phys = dma_alloc(size, align);
    if (!phys)
        return raise(e_MemoryError, "dma_alloc: no physical memory for %lu bytes", (unsigned long)size);
    Val view = memview_external((uint8_t *)(uintptr_t)phys, size);
    if (view == V_NULL) {
        dma_free(phys);
        return V_NULL;
    }
    dma_set_owner(phys, memview_external_owner(view));
    return tuple_pack(2, int_from_u64(phys), view);
}

static Val m_dma_free(Val *a, int n, Val kw)
{
    uint64_t phys;
    if (!check_nargs("dma_free", n, 1, 1) || !arg_u64(a[0], "phys", &phys))
        return V_NULL;
    if (!dma_free(phys))
        return raise(e_ValueError, "dma_free: 0x%lx is not a DMA buffer", (unsigned long)phys);
    return V_NONE;
}

/* ---- interrupts ---- */
/* A level-triggered line must stay quiet until its soft handler has cleared the cause in the device:
 * a slave line stays in service (its EOI waits for irq_done), a master line (ended automatically as
 * the CPU takes it) is masked. */
static void soft_irq_line(int irq)
{
    if (irq >= 8)
        irq_defer_end(irq);
    else
        irq_mask(irq);
    softirq_raise(irq);
}

static Val m_irq_attach(Val *a, int n, Val kw)
{
    int irq;
    if (!check_nargs("irq_attach", n, 1, 1) || !arg_irq(a[0], &irq))
        return V_NULL;
    if (irq != SERIAL_IRQ_LINE)            /* the UART's hard handler drains it and notifies itself */
        irq_register(irq, soft_irq_line);
    irq_unmask(irq);
    return V_NONE;
}

/* irq_done(irq): the soft handler is done with the line, it may fire again (the slave's EOI, or the
 * unmask of a masked line). irq_hold(irq): the handler has more to do on a later tick: the line is
 * masked and its interrupt ended meanwhile (lines of lower priority on the slave are not held up). */
static Val m_irq_done(Val *a, int n, Val kw)
{
    int irq;
    if (!check_nargs("irq_done", n, 1, 1) || !arg_irq(a[0], &irq))
        return V_NULL;
    if (!irq_end(irq))
        irq_unmask(irq);
    return V_NONE;
}

static Val m_irq_hold(Val *a, int n, Val kw)
{
    int irq;
    if (!check_nargs("irq_hold", n, 1, 1) || !arg_irq(a[0], &irq))
        return V_NULL;
    irq_mask(irq);
    irq_end(irq);
    return V_NONE;
}

static Val m_irq_count(Val *a, int n, Val kw)
{
    int irq;
    if (!check_nargs("irq_count", n, 1, 1) || !arg_irq(a[0], &irq))
        return V_NULL;
    return int_from_u64(irq_count(irq));
}

/* A native that takes no arguments and runs a C function returning nothing. */
#define NATIVE_VOID0(name, fn)                                  \
    static Val m_##name(Val *a, int n, Val kw)                  \
    {                                                           \
        if (!check_nargs(#name, n, 0, 0))                       \
            return V_NULL;                                      \
        fn();                                                   \
        return V_NONE;                                          \
    }

/* ---- time ---- */
static Val m_ticks_ms(Val *a, int n, Val kw) { return check_nargs("ticks_ms", n, 0, 0) ? MK_INT(timer_ms()) : V_NULL; }
static Val m_ticks_us(Val *a, int n, Val kw) { return check_nargs("ticks_us", n, 0, 0) ? MK_INT(timer_us()) : V_NULL; }
static Val m_timer_hz(Val *a, int n, Val kw) { return check_nargs("timer_hz", n, 0, 0) ? MK_INT(TIMER_HZ) : V_NULL; }

NATIVE_VOID0(idle, task_idle)

/* ---- console ---- */
#define CONSOLE_READ_MAX 256
static Val m_console_read(Val *a, int n, Val kw)
{
    uint8_t buf[CONSOLE_READ_MAX];
    size_t len = 0;
    int c;
    if (!check_nargs("console_read", n, 0, 0))
        return V_NULL;
    while (len < sizeof buf && (c = serial_getc()) >= 0)
        buf[len++] = (uint8_t)c;
    return bytes_new(buf, len);
}

static Val m_console_write(Val *a, int n, Val kw)
{
    if (!check_nargs("console_write", n, 1, 1))
        return V_NULL;
    if (!IS_STR(a[0]))
        return raise(e_TypeError, "console_write() takes a str");
    serial_write(CSTR(a[0]), STR(a[0])->len);
    return V_NONE;
}

/* ---- information ---- */
static Val m_cmdline(Val *a, int n, Val kw) { return check_nargs("cmdline", n, 0, 0) ? str_from_cstr(bootinfo.cmdline) : V_NULL; }
static Val m_bootloader(Val *a, int n, Val kw) { return check_nargs("bootloader", n, 0, 0) ? str_from_cstr(bootinfo.loader) : V_NULL; }

static bool put(Val d, const char *key, uint64_t v)
{
    Val iv = int_from_u64(v);
    return iv != V_NULL && dict_set_cstr(d, key, iv);
}

static Val m_meminfo(Val *a, int n, Val kw)
{
    if (!check_nargs("meminfo", n, 0, 0))
        return V_NULL;
    Val d = dict_new();
    if (d == V_NULL)
        return V_NULL;
    size_t heap = gc_heap_size(), free = gc_heap_free();
    if (!put(d, "heap_size", heap) || !put(d, "heap_used", heap - free) || !put(d, "heap_free", free) ||
        !put(d, "gc_count", gc_collections()) || !put(d, "phys_installed", pmm_installed_bytes()) ||
        !put(d, "phys_free", pmm_free_pages() * PAGE_SIZE) || !put(d, "dma_used", dma_bytes_used()) ||
        !put(d, "dma_buffers", dma_buffers()))
        return V_NULL;
    return d;
}

NATIVE_VOID0(prof_start, profile_start)

static Val m_prof_hz(Val *a, int n, Val kw) { return check_nargs("prof_hz", n, 0, 0) ? MK_INT(profile_hz()) : V_NULL; }

static Val m_prof_native(Val *a, int n, Val kw) { return check_nargs("prof_native", n, 0, 0) ? profile_native() : V_NULL; }

#ifdef KRAIT_OPSTATS
/* The opstats kernel (KRAIT_VARIANT=opstats): bytecode counts start again / are printed on the console. */
void opstats_reset(void);
void opstats_dump(void);

NATIVE_VOID0(ops_reset, opstats_reset)
NATIVE_VOID0(ops_dump, opstats_dump)
#endif

static Val m_prof_stop(Val *a, int n, Val kw)
{
    if (!check_nargs("prof_stop", n, 0, 0))
        return V_NULL;
    return profile_stop();
}

static Val m_poweroff(Val *a, int n, Val kw) { machine_poweroff(); }
static Val m_reboot(Val *a, int n, Val kw) { machine_reboot(); }

static const vm_native_def machine_fns[] = {
    { "inb", m_inb }, { "inw", m_inw }, { "inl", m_inl },
    { "outb", m_outb }, { "outw", m_outw }, { "outl", m_outl },
    { "mem8", m_mem8 }, { "mem16", m_mem16 }, { "mem32", m_mem32 }, { "mem64", m_mem64 },
    { "dma_alloc", m_dma_alloc }, { "dma_free", m_dma_free },
    { "irq_attach", m_irq_attach }, { "irq_done", m_irq_done }, { "irq_hold", m_irq_hold },
    { "irq_count", m_irq_count },
    { "ticks_ms", m_ticks_ms }, { "ticks_us", m_ticks_us }, { "timer_hz", m_timer_hz }, { "idle", m_idle },
    { "console_read", m_console_read }, { "console_write", m_console_write },
    { "cmdline", m_cmdline }, { "bootloader", m_bootloader }, { "meminfo", m_meminfo },
    { "poweroff", m_poweroff }, { "reboot", m_reboot },
    { "prof_start", m_prof_start }, { "prof_stop", m_prof_stop }, { "prof_native", m_prof_native },
    { "prof_hz", m_prof_hz },
#ifdef KRAIT_OPSTATS
    { "ops_reset", m_ops_reset }, { "ops_dump", m_ops_dump },
#endif
    { NULL, NULL },
};

bool machine_module_register(void) { return vm_register_module("machine", machine_fns); }
