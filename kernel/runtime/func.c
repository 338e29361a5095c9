/* func: function objects, argument binding, frames and calls into Python code. */
#include "obj.h"
#include "port.h"

Thread *vm_current_thread;
Thread *kr_all_threads;
int kr_recursion_limit = 1000;
volatile int vm_safepoint_pending;
static void (*safepoint_hook)(void);

void vm_set_safepoint_hook(void (*hook)(void)) { safepoint_hook = hook; }

/* The hook is the kernel's (soft IRQs, preemption): it runs in kernel mode
 * even when a process's code reached the safepoint. A process's pending
 * signal is raised afterwards, in its own code. */
bool run_safepoint(void)
{
    vm_safepoint_pending = 0;
    Thread *me = TS;
    if (safepoint_hook) {
        bool user = me->user_mode;
        uint8_t account = me->account;
        Val handled = me->handled_exc;    /* never the context of a kernel exception */
        me->user_mode = false;
        me->account = 0;
        me->handled_exc = V_NULL;
        safepoint_hook();             /* may switch tasks; returns on this thread */
        me->user_mode = user;
        me->account = account;
        me->handled_exc = handled;
    }
    return me->async_exc && me->user_mode ? user_deliver_async() : true;
}

/* A thread whose task ended: nothing of it may stay reachable or be scanned. */
void vm_thread_reset(vm_thread *t)
{
    Thread *next = t->next;
    uintptr_t lo = t->stack_lo, hi = t->stack_hi;
    Val arena = t->arena;
    Val *end = t->arena_end;
    memset(t, 0, sizeof *t);
    t->next = next;
    t->stack_lo = lo;
    t->stack_hi = hi;
    if (arena) {                /* a task slot's next task gets the same frame arena, empty */
        t->arena = arena;
        t->arena_top = (Val *)((Raw *)arena)->d;
        t->arena_end = end;
    }
}

/* The thread's frame arena, made on its first Python-to-Python call (interp.c): charged to no
 * process's account (it outlives them: a task slot keeps its thread). False when memory is short:
 * the thread's calls then recurse in C as before (until a task slot's reset gives it another try). */
#define FRAME_ARENA_BYTES (32 * 1024)
bool vm_thread_arena(vm_thread *t)
{
    uint8_t account = t->account;
    t->account = 0;
    Raw *r = gc_alloc_raw(FRAME_ARENA_BYTES);
    t->account = account;
    if (!r) {
        static Val none[1];
        exc_clear();
        t->arena_top = t->arena_end = none;     /* an empty arena: no new attempt on every call */
        return false;
    }
    t->arena = (Val)r;
    t->arena_top = (Val *)r->d;
    t->arena_end = (Val *)(r->d + FRAME_ARENA_BYTES);
    return true;
}

vm_thread *vm_thread_new(void)
{
    Raw *r = gc_alloc_raw(sizeof(Thread));
    /* threads live outside the collected heap's reachability: keep them forever */
    static Val keep[64];
    static int nkeep;
    if (!r)
        return NULL;
    if (nkeep < 64) {
        keep[nkeep] = (Val)r;
        gc_add_root(&keep[nkeep]);
        nkeep++;
    }
    Thread *t = (Thread *)r->d;
    memset(t, 0, sizeof *t);
    t->next = kr_all_threads;
    kr_all_threads = t;
    return t;
}

/* Room kept free below the deepest Python call for the C code it may still run. */
#define VM_STACK_MARGIN (64 * 1024)

bool check_recursion(void)
{
    Thread *ts = TS;
    if (ts->depth > kr_recursion_limit) {
        raise(e_RecursionError, "maximum recursion depth exceeded");
        return false;
    }
    uintptr_t here = (uintptr_t)__builtin_frame_address(0);
    if (ts->stack_lo && here < ts->stack_lo + VM_STACK_MARGIN) {
        raise(e_RecursionError, "maximum recursion depth exceeded");
        return false;
    }
    return true;
}

Val native_new(const char *name, NativeFn fn, uint32_t flags)
{
    Native *n = gc_alloc(kr_types[K_NATIVE], sizeof(Native));
    if (!n)
        return V_NULL;
    n->fn = fn;
    n->name = str_intern_c(name);
    n->flags = flags;
    return (Val)n;
}

Val bound_new(Val self, Val func)
{
    Bound *b = gc_alloc(kr_types[K_BOUND], sizeof(Bound));
    if (!b)
        return V_NULL;
    b->self = self;
    b->func = func;
    return (Val)b;
}

Val func_new(Code *code, Val globals)
{
    Func *f = gc_alloc(kr_types[K_FUNC], sizeof(Func));
    if (!f)
        return V_NULL;
    f->code = code;
    f->globals = globals;
    f->name = code->name;
    f->qualname = code->qualname;
    Val m = dict_get_str(globals, kr_dunder[D_NAME]);
    f->module = m ? m : V_NONE;
    return (Val)f;
}

int code_line(Code *c, uint32_t offset)
{
    Bytes *lt = (Bytes *)c->linetable;
    int line = (int)c->firstline;
    uint32_t addr = 0;
    size_t i = 0;
    while (i < lt->len) {
        uint32_t da = 0;
        int shift = 0;
        while (i < lt->len) {
            uint8_t b = lt->d[i++];
            da |= (uint32_t)(b & 0x7f) << shift;
            shift += 7;
            if (!(b & 0x80)) break;
        }
        uint64_t zl = 0;
        shift = 0;
        while (i < lt->len) {
            uint8_t b = lt->d[i++];
            zl |= (uint64_t)(b & 0x7f) << shift;
            shift += 7;
            if (!(b & 0x80)) break;
        }
        int64_t dl = (zl & 1) ? -(int64_t)(zl >> 1) - 1 : (int64_t)(zl >> 1);
        if (addr + da > offset)
            break;
        addr += da;
        line += (int)dl;
    }
    return line;
}

size_t frame_size(Code *c)
{
    return sizeof(Frame) + FRAME_NSLOTS(c) * sizeof(Val);
}

/* The frame header of a fresh call of fn; the slots are left to the caller. */
Frame *frame_init(void *mem, Func *fn)
{
    Code *c = fn->code;
    Frame *f = frame_header(mem, fn, c);
    clear_slots(f->slots, FRAME_NSLOTS(c));
    return f;
}

static Val arg_error_missing(Func *fn, Code *c, Val *slots, int from, int to, bool kwonly)
{
    Val names = list_new(0);
    for (int i = from; i < to; i++)
        if (!slots[i])
            list_append(names, repr(TUP(c->varnames)->items[i]));
    size_t n = LST(names)->len;
    SBuf b;
    sb_init(&b, 32);
    for (size_t i = 0; i < n; i++) {
        if (i && n > 2) sb_add(&b, ", ", 2);
        if (i == n - 1 && n > 1) sb_adds(&b, n > 2 ? "and " : " and ");
        sb_addv(&b, LIST_ITEMS(names)[i]);
    }
    Val s = sb_to_str(&b);
    return raise(e_TypeError, "%s() missing %d required %s argument%s: %s", CSTR(fn->qualname), (int)n,
                 kwonly ? "keyword-only" : "positional", n == 1 ? "" : "s", CSTR(s));
}

bool bind_args(Func *fn, Frame *f, Val *args, int nargs, Val kw)
{
    Code *c = fn->code;
    Val *slots = f->slots;
    int argc = c->argcount, kwonly = c->kwonlycount;
    int nkw = KW_COUNT(kw);
    int varargs_slot = argc + kwonly;
    int varkw_slot = varargs_slot + ((c->flags & CO_VARARGS) ? 1 : 0);
    if (nargs == argc && nkw == 0 && !(c->flags & (CO_VARARGS | CO_VARKW)) && kwonly == 0) {
        for (int i = 0; i < nargs; i++)
            slots[i] = args[i];
        goto cells;
    }
    {
        int n = nargs < argc ? nargs : argc;
        for (int i = 0; i < n; i++)
            slots[i] = args[i];
        if (c->flags & CO_VARARGS) {
            Val t = nargs > argc ? tuple_from(args + argc, (size_t)(nargs - argc)) : tuple_new(0);
            if (!t)
                return false;
            slots[varargs_slot] = t;
        } else if (nargs > argc) {
            int ndef = fn->defaults ? (int)TUP(fn->defaults)->len : 0;
            if (ndef)
                raise(e_TypeError, "%s() takes from %d to %d positional arguments but %d were given", CSTR(fn->qualname), argc - ndef, argc, nargs);
            else
                raise(e_TypeError, "%s() takes %d positional argument%s but %d %s given", CSTR(fn->qualname), argc, argc == 1 ? "" : "s", nargs, nargs == 1 ? "was" : "were");
            return false;
        }
        Val kwdict = V_NULL;
        if (c->flags & CO_VARKW) {
            kwdict = dict_new();
            if (!kwdict)
                return false;
            slots[varkw_slot] = kwdict;
        }
        Val *varnames = TUP(c->varnames)->items;
        for (int k = 0; k < nkw; k++) {
            Val name = TUP(kw)->items[k];
            Val v = args[nargs + k];
            int j;
            for (j = c->posonlycount; j < argc + kwonly; j++)
                if (varnames[j] == name || str_eq(varnames[j], name))
                    break;
            if (j < argc + kwonly) {
                if (slots[j]) {
                    raise(e_TypeError, "%s() got multiple values for argument '%s'", CSTR(fn->qualname), CSTR(name));
                    return false;
                }
                slots[j] = v;
            } else if (kwdict) {
                if (!dict_set(kwdict, name, v))
                    return false;
            } else {
                raise(e_TypeError, "%s() got an unexpected keyword argument '%s'", CSTR(fn->qualname), CSTR(name));
                return false;
            }
        }
        if (nargs < argc) {
            int ndef = fn->defaults ? (int)TUP(fn->defaults)->len : 0;
            int first_def = argc - ndef;
            for (int i = nargs; i < argc; i++)
                if (!slots[i] && i >= first_def)
                    slots[i] = TUP(fn->defaults)->items[i - first_def];
            for (int i = nargs; i < argc; i++)
                if (!slots[i]) {
                    arg_error_missing(fn, c, slots, 0, argc, false);
                    return false;
                }
        }
        for (int i = argc; i < argc + kwonly; i++) {
            if (slots[i])
                continue;
            Val d = fn->kwdefaults ? dict_get(fn->kwdefaults, varnames[i]) : V_NULL;
            if (d)
                slots[i] = d;
        }
        for (int i = argc; i < argc + kwonly; i++)
            if (!slots[i]) {
                arg_error_missing(fn, c, slots, argc, argc + kwonly, true);
                return false;
            }
    }
cells:
    if (c->ncells || c->nfrees) {
        Val *cells = slots + c->nlocals;
        for (int i = 0; i < c->ncells; i++) {
            Cell *cell = gc_alloc(kr_types[K_CELL], sizeof(Cell));
            if (!cell)
                return false;
            if (c->cell2arg != V_NONE && c->cell2arg) {
                uint8_t a = ((Bytes *)c->cell2arg)->d[i];
                if (a != 255)
                    cell->v = slots[a];
            }
            cells[i] = (Val)cell;
        }
        for (int i = 0; i < c->nfrees; i++)
            cells[c->ncells + i] = TUP(fn->closure)->items[i];
    }
    return true;
}

Val func_call(Func *fn, Val *args, int nargs, Val kw)
{
    Code *c = fn->code;
    if (c->flags & CO_GENERATOR)
        return gen_new(fn, args, nargs, kw);
    if (!check_recursion())
        return V_NULL;
    if (vm_safepoint_pending && !run_safepoint())
        return V_NULL;
    size_t nslots = FRAME_NSLOTS(c);
    Val mem[FRAME_WORDS + nslots];
    Frame *f = frame_header(mem, fn, c);
    if ((c->flags & CO_PLAIN_ARGS) && nargs == c->argcount && !kw) {
        for (int i = 0; i < nargs; i++)
            f->slots[i] = args[i];
        clear_slots(f->slots + nargs, nslots - (size_t)nargs);
    } else {
        clear_slots(f->slots, nslots);
        if (!bind_args(fn, f, args, nargs, kw))
            return V_NULL;
    }
    return eval_frame(f, V_NULL, 0);
}

Val run_class_body(Func *fn, Val ns)
{
    Code *c = fn->code;
    if (!check_recursion())
        return V_NULL;
    size_t nslots = FRAME_NSLOTS(c);
    Val mem[FRAME_WORDS + nslots];
    Frame *f = frame_init(mem, fn);
    f->locals = ns;
    if (!bind_args(fn, f, NULL, 0, V_NULL))
        return V_NULL;
    return eval_frame(f, V_NULL, 0);
}

/* Run a module's code with the module dict as globals and locals. */
Val run_module_code(Code *c, Val globals)
{
    Func *fn = (Func *)func_new(c, globals);
    if (!fn)
        return V_NULL;
    size_t nslots = FRAME_NSLOTS(c);
    Val mem[FRAME_WORDS + nslots];
    Frame *f = frame_init(mem, fn);
    f->locals = globals;
    return eval_frame(f, V_NULL, 0);
}
