/* A sampling profiler for the kernel: while on, the RTC's periodic interrupt
 * (PROF_RATE, 1024 Hz; not the system tick, whose wake-ups would line up with
 * the samples and hide work the tick starts and finishes within 4 ms) counts
 * the code object of the innermost Python frame running, so time spent in C
 * called from Python (memoryview copies, the GC) is charged to the caller,
 * and, separately, the C function the processor was in when the sample
 * arrived (the interpreter, the allocator, a copy, the idle halt...).
 * machine.prof_start() clears and starts, machine.prof_stop() returns
 * [(samples, "qualname file:line")] and machine.prof_native() [(samples,
 * "C function")]. Code objects of the frozen bundle live as long as the
 * kernel, so the pointers stay valid; C names point into the symbol table. */
#include "profile.h"
#include "kprintf.h"
#include "panic.h"
#include "rtc.h"
#include "trap.h"
#include "runtime/obj.h"

#define PROF_SLOTS 1024          /* power of two; functions sampled at once */
#define PROF_C_SLOTS 512         /* power of two; C functions sampled at once */
#define PROF_RATE 6              /* the RTC's rate select: 32768 >> 5 = 1024 Hz */

/* Open-addressed tables of sample counts keyed by pointer (a code object, a C function's name). */
typedef struct { const void *key; uint32_t samples; } Slot;
static Slot slots[PROF_SLOTS];
static Slot c_slots[PROF_C_SLOTS];
static volatile bool enabled;
static uint32_t total, unattributed, c_unattributed;

/* One more sample for key; false when the table is full. nslots is a power of two. */
static bool count(Slot *table, uint32_t nslots, const void *key, unsigned shift)
{
    uint32_t h = (uint32_t)((uintptr_t)key >> shift) & (nslots - 1);
    for (uint32_t probe = 0; probe < nslots; probe++) {
        Slot *s = &table[(h + probe) & (nslots - 1)];
        if (s->key == key || !s->key) {
            s->key = key;
            s->samples++;
            return true;
        }
    }
    return false;
}

static void profile_sample(void)
{
    if (!enabled)
        return;
    total++;
    uint64_t offset;
    if (!count(c_slots, PROF_C_SLOTS, ksym_lookup(trap_irq_rip, &offset), 2))
        c_unattributed++;
    vm_thread *t = vm_current_thread;
    if (!t || !t->frame || !count(slots, PROF_SLOTS, t->frame->code, 4))
        unattributed++;
}

void profile_start(void)
{
    enabled = false;
    for (int i = 0; i < PROF_SLOTS; i++)
        slots[i] = (Slot){0};
    for (int i = 0; i < PROF_C_SLOTS; i++)
        c_slots[i] = (Slot){0};
    total = unattributed = c_unattributed = 0;
    enabled = true;
    rtc_periodic_start(PROF_RATE, profile_sample);
}

int profile_hz(void) { return rtc_periodic_hz(PROF_RATE); }

static Val entry(uint32_t samples, Val text)
{
    Val t = tuple_new(2);
    if (t == V_NULL || text == V_NULL)
        return V_NULL;
    TUP(t)->items[0] = int_from_i64(samples);
    TUP(t)->items[1] = text;
    return t;
}

Val profile_stop(void)
{
    enabled = false;
    rtc_periodic_stop();
    Val out = list_new(0);
    if (out == V_NULL)
        return V_NULL;
    if (!list_append(out, entry(total, str_from_cstr("(total samples)"))) ||
        !list_append(out, entry(unattributed, str_from_cstr("(no Python frame)"))))
        return V_NULL;
    for (int i = 0; i < PROF_SLOTS; i++) {
        const Code *c = slots[i].key;
        if (!c)
            continue;
        char where[256];
        ksnprintf(where, sizeof where, "%s %s:%u", CSTR(c->qualname), CSTR(c->filename), c->firstline);
        if (!list_append(out, entry(slots[i].samples, str_from_cstr(where))))
            return V_NULL;
    }
    return out;
}

Val profile_native(void)
{
    Val out = list_new(0);
    if (out == V_NULL || !list_append(out, entry(c_unattributed, str_from_cstr("(not recorded)"))))
        return V_NULL;
    for (int i = 0; i < PROF_C_SLOTS; i++)
        if (c_slots[i].key && !list_append(out, entry(c_slots[i].samples, str_from_cstr(c_slots[i].key))))
            return V_NULL;
    return out;
}
