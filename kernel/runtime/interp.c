/* interp: the bytecode interpreter (computed-goto dispatch). */
#include "obj.h"
#include "opcodes.h"

#define PUSH(v) (*sp++ = (v))
#define POP() (*--sp)
#define TOP() (sp[-1])
#define SECOND() (sp[-2])
#define CHECK(v) do { if (!(v)) goto error; } while (0)

extern Val kr_builtins;

static Val unbound_local(Code *co, int i)
{
    return raise(e_UnboundLocalError, "cannot access local variable '%s' where it is not associated with a value",
                 CSTR(TUP(co->varnames)->items[i]));
}

static Val deref_name(Code *co, int i)
{
    if (i < co->ncells)
        return TUP(co->cellvars)->items[i];
    return TUP(co->freevars)->items[i - co->ncells];
}

static Val name_error(Val name)
{
    Val r = raise(e_NameError, "name '%s' is not defined", CSTR(name));
    if (TS->cur_exc) {
        Val *d = dict_slot(TS->cur_exc);
        if (d) {
            if (!*d) *d = dict_new();
            if (*d) dict_set_cstr(*d, "name", name);
        }
    }
    return r;
}

/* LOAD_GLOBAL's slow path: look the name up in the globals, then the builtins, and remember
 * where it was found together with the keys versions that make that answer still true. */
static Val load_global_fill(NameCache *nc, Val globals, Val builtins, Val name)
{
    intptr_t ix = dict_index_str(globals, name);
    Val holder = globals;
    nc->builtins_version = 0;
    if (ix < 0) {
        ix = dict_index_str(builtins, name);
        if (ix < 0)
            return name_error(name);
        holder = builtins;
        nc->builtins_version = DICT(builtins)->keys_version;
    }
    nc->globals_version = DICT(globals)->keys_version;
    nc->index = (uint32_t)ix;
    return dict_entries(DICT(holder))[ix].value;
}

/* UNPACK_SEQUENCE's general case: pushes the n items onto sp; returns the new stack top, or NULL
 * on error. (Takes and returns sp by value: its address taken would keep eval_frame's sp in memory.) */
static Val *unpack(Val seq, int n, Val *sp)
{
    Val *items;
    size_t len;
    Val tmp = V_NULL;
    if (!seq_items(seq, &items, &len)) {
        Val it = get_iter(seq);
        if (!it) {
            if (exc_pending_is(e_TypeError)) {
                exc_clear();
                raise(e_TypeError, "cannot unpack non-iterable %s object", type_name(seq));
            }
            return NULL;
        }
        tmp = list_new(0);
        if (!tmp)
            return NULL;
        Val x;
        while ((x = iter_next(it))) {
            if ((int)LST(tmp)->len >= n) {
                raise(e_ValueError, "too many values to unpack (expected %d)", n);
                return NULL;
            }
            list_append(tmp, x);
        }
        if (TS->cur_exc)
            return NULL;
        items = LIST_ITEMS(tmp);
        len = LST(tmp)->len;
    }
    if ((int)len != n) {
        if ((int)len > n)
            raise(e_ValueError, "too many values to unpack (expected %d)", n);
        else
            raise(e_ValueError, "not enough values to unpack (expected %d, got %d)", n, (int)len);
        return NULL;
    }
    for (int i = n - 1; i >= 0; i--)
        *sp++ = items[i];
    return sp;
}

/* UNPACK_EX: like unpack(), the new stack top or NULL. */
static Val *unpack_ex(Val seq, int before, int after, Val *sp)
{
    Val l = seq_to_list(seq);
    if (!l) {
        if (exc_pending_is(e_TypeError)) {
            exc_clear();
            raise(e_TypeError, "cannot unpack non-iterable %s object", type_name(seq));
        }
        return NULL;
    }
    int len = (int)LST(l)->len;
    if (len < before + after) {
        raise(e_ValueError, "not enough values to unpack (expected at least %d, got %d)", before + after, len);
        return NULL;
    }
    Val *items = LIST_ITEMS(l);
    for (int i = len - 1; i >= len - after; i--)
        *sp++ = items[i];
    Val mid = list_from(items + before, (size_t)(len - before - after));
    if (!mid)
        return NULL;
    *sp++ = mid;
    for (int i = before - 1; i >= 0; i--)
        *sp++ = items[i];
    return sp;
}

static Val build_string(Val *items, int n)
{
    size_t total = 0;
    for (int i = 0; i < n; i++)
        total += STR(items[i])->len;
    SBuf b;
    sb_init(&b, total);
    for (int i = 0; i < n; i++)
        sb_addv(&b, items[i]);
    return sb_to_str(&b);
}

static Val call_ex(Val f, Val args, Val kwargs)
{
    Val *pos;
    size_t npos;
    if (!seq_items(args, &pos, &npos)) {
        args = seq_to_tuple(args);
        if (!args)
            return V_NULL;
        seq_items(args, &pos, &npos);
    }
    if (!kwargs || DICT(kwargs)->used == 0)
        return call(f, pos, (int)npos, V_NULL);
    size_t nkw = DICT(kwargs)->used;
    RawVals *buf = gc_alloc_vals(npos + nkw);
    Val names = tuple_new(nkw);
    if (!buf || !names)
        return V_NULL;
    seq_items(args, &pos, &npos);
    memcpy(buf->v, pos, npos * sizeof(Val));
    size_t p = 0, i = 0;
    Val k, v;
    while (dict_next(kwargs, &p, &k, &v)) {
        if (!IS_STR(k))
            return raise(e_TypeError, "keywords must be strings");
        TUP(names)->items[i] = str_intern(k);
        buf->v[npos + i] = v;
        i++;
    }
    return call(f, buf->v, (int)npos, names);
}

static Val func_display_name(Val f)
{
    if (IS_PTR(f) && type_of(f)->kind == K_FUNC) {
        Func *fn = (Func *)f;
        if (fn->module && IS_STR(fn->module) && kstrcmp(CSTR(fn->module), "builtins") != 0)
            return format_c("%s.%s()", CSTR(fn->module), CSTR(fn->qualname));
        return format_c("%s()", CSTR(fn->qualname));
    }
    if (IS_PTR(f) && type_of(f)->kind == K_BOUND)
        return func_display_name(((Bound *)f)->func);
    if (IS_PTR(f) && type_of(f)->kind == K_NATIVE)
        return format_c("%s()", CSTR(((Native *)f)->name));
    return format_c("%s object", type_name(f));
}

#define CALL_STAR_STACK_ARGS 16

/* f(a1, ..., an, *seq) (CALL_FUNCTION_STAR n): the arguments gathered on the C
 * stack. CALL_FUNCTION_EX's way, a list built, extended and made a tuple, took
 * three allocations for every forwarding call (the syscall dispatcher's). */
static Val __attribute__((noinline)) call_star(Val f, const Val *lead, int n, Val seq)
{
    Val *items;
    size_t len;
    if (!seq_items(seq, &items, &len)) {
        Val tuple = seq_to_tuple(seq);
        if (!tuple) {
            Type *t = type_of(seq);       /* CPython's wording when seq has no way to be iterated */
            if (exc_pending_is(e_TypeError) && !type_lookup(t, kr_dunder[D_ITER]) &&
                !type_lookup(t, kr_dunder[D_GETITEM])) {
                exc_clear();
                Val name = func_display_name(f);
                if (name)
                    raise(e_TypeError, "%S argument after * must be an iterable, not %s", name, type_name(seq));
            }
            return V_NULL;
        }
        seq_items(tuple, &items, &len);
    }
    size_t total = (size_t)n + len;
    Val on_stack[CALL_STAR_STACK_ARGS];
    Val *buf = on_stack;
    if (total > CALL_STAR_STACK_ARGS) {
        RawVals *heap = gc_alloc_vals(total);
        if (!heap)
            return V_NULL;
        buf = heap->v;
    }
    memcpy(buf, lead, (size_t)n * sizeof(Val));
    memcpy(buf + n, items, len * sizeof(Val));
    return call(f, buf, (int)total, V_NULL);
}

static bool dict_merge_kw(Val d, Val src, Val fname)
{
    if (!IS_PTR(src) || type_of(src)->kind != K_DICT) {
        Val keys = getattr_opt(src, str_intern_c("keys"));
        if (!keys) {
            if (TS->cur_exc) exc_clear();
            raise(e_TypeError, "%s argument after ** must be a mapping, not %s", CSTR(func_display_name(fname)), type_name(src));
            return false;
        }
    }
    Val tmp = dict_new();
    if (!tmp || !dict_update(tmp, src))
        return false;
    size_t p = 0;
    Val k, v;
    while (dict_next(tmp, &p, &k, &v)) {
        if (dict_get(d, k)) {
            raise(e_TypeError, "%s got multiple values for keyword argument '%S'", CSTR(func_display_name(fname)), k);
            return false;
        }
        if (!dict_set(d, k, v))
            return false;
    }
    return true;
}

static Val do_raise(Val exc, Val cause)
{
    if (IS_PTR(exc) && type_of(exc)->kind == K_TYPE) {
        if (!(((Type *)exc)->flags & TF_EXC))
            return raise(e_TypeError, "exceptions must derive from BaseException");
        exc = call0(exc);
        if (!exc)
            return V_NULL;
    }
    if (!IS_PTR(exc) || type_of(exc)->kind != K_EXC)
        return raise(e_TypeError, "exceptions must derive from BaseException");
    if (cause) {
        if (IS_PTR(cause) && type_of(cause)->kind == K_TYPE) {
            cause = call0(cause);
            if (!cause)
                return V_NULL;
        }
        if (cause != V_NONE && (!IS_PTR(cause) || type_of(cause)->kind != K_EXC))
            return raise(e_TypeError, "exception causes must derive from BaseException");
        ((Exc *)exc)->cause = cause;
        ((Exc *)exc)->suppress_context = true;
    }
    return raise_val(exc);
}

static Val import_from(Val mod, Val name)
{
    Val v = getattr_opt(mod, name);
    if (v)
        return v;
    if (TS->cur_exc)
        exc_clear();
    Val mname = IS_PTR(mod) && type_of(mod)->kind == K_MODULE ? ((Module *)mod)->name : V_NULL;
    if (mname) {
        Val full = format_c("%s.%s", CSTR(mname), CSTR(name));
        if (full) {
            Val m = import_module(full, tuple_new(0), 0, V_NULL);
            if (m)
                return m;
            /* Only a missing submodule means "cannot import name"; an error
             * raised while running the submodule propagates as in CPython. */
            if (!exc_pending_is(e_ModuleNotFoundError))
                return V_NULL;
            exc_clear();
        }
        return raise(e_ImportError, "cannot import name '%s' from '%s'", CSTR(name), CSTR(mname));
    }
    return raise(e_ImportError, "cannot import name '%s'", CSTR(name));
}

static Val yield_from_step(Val it, Val v, bool *yielded)
{
    *yielded = false;
    if (IS_PTR(it) && type_of(it)->kind == K_GEN) {
        bool y;
        Val r = gen_send(it, v, &y);
        if (!r)
            return V_NULL;
        *yielded = y;
        return r;
    }
    Val r;
    if (v == V_NONE) {
        r = iter_next(it);
        if (!r) {
            if (TS->cur_exc)
                return V_NULL;
            return V_NONE;
        }
    } else {
        r = call_method(it, "send", &v, 1);
        if (!r) {
            if (exc_pending_is(e_StopIteration))
                return stop_iteration_value();
            return V_NULL;
        }
    }
    *yielded = true;
    return r;
}

/* The slice a[lo:hi] for BINARY_SLICE/STORE_SLICE. The builtin sequences only read a slice while
 * indexing, so theirs is *local, on the C stack; any other container (whose __getitem__ may keep
 * its argument) gets a real one. */
static Val slice_for(Val o, Slice *local, Val lo, Val hi, bool store)
{
    if (IS_PTR(o)) {
        Type *t = AS_OBJ(o)->type;
        bool builtin = t == kr_types[K_BYTEARRAY] || t == kr_types[K_MEMVIEW] || t == kr_types[K_LIST] ||
                       (!store && (t == kr_types[K_BYTES] || t == kr_types[K_TUPLE] || t == kr_types[K_STR]));
        if (builtin) {
            local->h.type = kr_types[K_SLICE];
            local->h.ngran = 0;
            local->h.flags = OF_STATIC;
            local->start = lo;
            local->stop = hi;
            local->step = V_NONE;
            return (Val)local;
        }
    }
    return slice_new(lo, hi, V_NONE);
}

/* A code object's inline caches, made when it first runs (most code in a bundle never does), zeroed: every
 * slot empty. Code objects are shared, so the caches are the kernel's even when a process runs the code first. */
static __attribute__((noinline, cold)) bool make_name_cache(Thread *ts, Code *co)
{
    uint8_t account = ts->account;
    ts->account = 0;
    Raw *nc = gc_alloc_raw(TUP(co->names)->len * sizeof(NameCache));
    ts->account = account;
    if (!nc)
        return false;
    co->name_cache = (Val)nc;
    return true;
}

#ifdef KRAIT_OPSTATS
/* The opstats build (the hosted VM for bench/paths --ops, the kernel for bench ops): instructions run per
 * code object, per opcode and per opcode pair, printed to stderr (the kernel's console) as "OPS count
 * qualname file:line", "OPC count opcode" and "OPP count first second"; the hosted VM at exit. */
#define OPSTATS_SLOTS 4096
typedef struct OpStat { const Code *code; uint64_t n; char label[96]; } OpStat;
static OpStat opstats[OPSTATS_SLOTS];
static uint64_t opstats_by_op[256];
static uint32_t opstats_pairs[256][256];   /* by (previous opcode in the frame, opcode) */

/* n in decimal, written backwards from end (a NUL already there); returns the first digit. */
static char *decimal(char *end, uint64_t n)
{
    do { *--end = (char)('0' + n % 10); n /= 10; } while (n);
    return end;
}

static void label_append(char *dst, size_t *at, size_t cap, const char *src)
{
    while (*src && *at + 1 < cap)
        dst[(*at)++] = *src++;
    dst[*at] = 0;
}

static OpStat *opstat_slot(const Code *co)
{
    size_t i = ((uintptr_t)co >> 4) % OPSTATS_SLOTS;
    while (opstats[i].code && opstats[i].code != co)
        i = (i + 1) % OPSTATS_SLOTS;
    OpStat *s = &opstats[i];
    if (!s->code) {
        size_t at = 0;
        char line[24] = {0};
        char *p = decimal(line + sizeof line - 1, co->firstline);
        s->code = co;
        label_append(s->label, &at, sizeof s->label, STR(co->qualname)->s);
        label_append(s->label, &at, sizeof s->label, " ");
        label_append(s->label, &at, sizeof s->label, STR(co->filename)->s);
        label_append(s->label, &at, sizeof s->label, ":");
        label_append(s->label, &at, sizeof s->label, p);
    }
    return s;
}

static void opstats_line(const char *tag, uint64_t n, const char *label)
{
    char num[24] = {0};
    char *p = decimal(num + sizeof num - 1, n);
    port_write(2, tag, 4);
    port_write(2, p, (size_t)(num + sizeof num - 1 - p));
    port_write(2, " ", 1);
    size_t len = 0;
    while (label[len])
        len++;
    port_write(2, label, len);
    port_write(2, "\n", 1);
}

/* How calls ran: eval_frame entries (module bodies, generators, calls from C, and the calls that recurse), and
 * Python calls eval_frame ran itself by switching frames (call_any). */
static uint64_t opstats_entries, opstats_switches;

/* Counting starts again (the kernel's `prof ops reset`, before the work to be counted). */
void opstats_reset(void)
{
    opstats_entries = opstats_switches = 0;
    for (size_t i = 0; i < OPSTATS_SLOTS; i++)
        opstats[i].n = 0;
    for (int a = 0; a < 256; a++) {
        opstats_by_op[a] = 0;
        for (int b = 0; b < 256; b++)
            opstats_pairs[a][b] = 0;
    }
}

void opstats_dump(void)
{
    opstats_line("OPX ", opstats_entries, "eval_frame entries");
    opstats_line("OPX ", opstats_switches, "calls run in the loop");
    for (size_t i = 0; i < OPSTATS_SLOTS; i++)
        if (opstats[i].code)
            opstats_line("OPS ", opstats[i].n, opstats[i].label);
    for (int op = 0; op < 256; op++)
        if (opstats_by_op[op]) {
            char label[4] = {0};
            opstats_line("OPC ", opstats_by_op[op], decimal(label + 3, (uint64_t)op));
        }
    for (int a = 0; a < 256; a++)
        for (int b = 0; b < 256; b++)
            if (opstats_pairs[a][b]) {
                char label[8], first[4] = {0}, second[4] = {0};
                size_t at = 0;
                label_append(label, &at, sizeof label, decimal(first + 3, (uint64_t)a));
                label_append(label, &at, sizeof label, " ");
                label_append(label, &at, sizeof label, decimal(second + 3, (uint64_t)b));
                opstats_line("OPP ", opstats_pairs[a][b], label);
            }
}
#define OPSTAT_FRAME() OpStat *opstat_; unsigned opstat_prev_
#define OPSTAT_SWITCH() (opstat_ = opstat_slot(co), opstat_prev_ = 0)
#define OPSTAT_CALL(counter) (opstats_##counter++)
#define OPSTAT_COUNT() (opstat_->n++, opstats_by_op[op]++, opstats_pairs[opstat_prev_][op]++, opstat_prev_ = op)
#else
#define OPSTAT_FRAME() (void)0
#define OPSTAT_SWITCH() (void)0
#define OPSTAT_CALL(counter) (void)0
#define OPSTAT_COUNT() (void)0
#endif

/* An unchanged globals keys version means the name is still at the cached entry, or still absent (then an
 * unchanged builtins version: still at the cached builtins entry). */
static inline __attribute__((always_inline)) Val load_global(Thread *ts, Frame *f, NameCache *nc, Val name)
{
    Dict *g = DICT(f->globals);
    Val builtins = ts->user_mode ? ts->ubuiltins : kr_builtins;
    if (g->keys_version == nc->globals_version) {
        if (!nc->builtins_version)
            return dict_entries(g)[nc->index].value;
        if (DICT(builtins)->keys_version == nc->builtins_version)
            return dict_entries(DICT(builtins))[nc->index].value;
    }
    return load_global_fill(nc, f->globals, builtins, name);
}

/* The running frame's state into this loop's locals (on entry and after a switch of f, see call_any
 * and exit) */
#define LOAD_FRAME_STATE() do { co = f->code; code = ((Bytes *)co->bytecode)->d; consts = TUP(co->consts)->items; \
                                names = TUP(co->names)->items; name_cache = CODE_NAME_CACHE(co); \
                                locals = f->slots; cells = f->slots + co->nlocals; sp = f->sp; ip = f->ip; \
                                OPSTAT_SWITCH(); } while (0)

/* x[a:b] with a and b small ints or None, as a step-1 slice of a sequence of length n clamps them:
 * true with the bounds in *lo <= *hi; false for anything else (the generic path decides). */
static inline bool slice_bounds(Val a, Val b, intptr_t n, intptr_t *lo, intptr_t *hi)
{
    intptr_t x, y;
    if (IS_INT(a)) {
        x = INT_VAL(a);
        if (x < 0 && (x += n) < 0) x = 0;
        else if (x > n) x = n;
    } else if (a == V_NONE) {
        x = 0;
    } else {
        return false;
    }
    if (IS_INT(b)) {
        y = INT_VAL(b);
        if (y < 0 && (y += n) < 0) y = 0;
        else if (y > n) y = n;
    } else if (b == V_NONE) {
        y = n;
    } else {
        return false;
    }
    *lo = x;
    *hi = y > x ? y : x;
    return true;
}

/* A live, contiguous memoryview: slicing it needs only its offsets. */
static inline bool memview_plain(Val v)
{
    return ((MemView *)v)->step == 1 && memview_live((MemView *)v);
}

/* The entry index where a str key was last found in a dict subscript (stack counters, tables by
 * name), by the key's address: `counts["in_receives"] += 1` finds its entry without a probe. Only
 * trusted when that entry holds this very key (a deleted entry has none). */
static uint32_t str_key_hint[256];

static inline intptr_t dict_index_str_hinted(Val o, Val k)
{
    uint32_t *hint = &str_key_hint[((uintptr_t)k >> 4) & 255];
    Dict *d = DICT(o);
    uint32_t i = *hint;
    if (i < d->nentries && dict_entries(d)[i].key == k)
        return (intptr_t)i;
    intptr_t ix = dict_index_str(o, k);
    if (ix >= 0)
        *hint = (uint32_t)ix;
    return ix;
}

Val eval_frame(Frame *f, Val sendval, int mode)
{
    static void *const labels[256] = {
#define LABEL(name) [name] = &&L_##name,
        OPCODE_TABLE(LABEL)
#undef LABEL
    };
    Thread *ts = TS;
    Code *co = f->code;
    if (__builtin_expect(!co->name_cache, 0) && !make_name_cache(ts, co))
        return V_NULL;
    uint8_t *code, *ip;
    Val *consts, *names, *locals, *cells, *sp;
    NameCache *name_cache;
    OPSTAT_FRAME();
    LOAD_FRAME_STATE();
    OPSTAT_CALL(entries);
    unsigned op, arg = 0;
    Val result = V_NULL;
    Val call_kw, call_result;          /* the call opcodes' shared body */
    Val call_fn, *call_args;
    int call_nargs, call_nclear;
    f->back = ts->frame;
    ts->frame = f;
    ts->depth++;
    f->yielded = false;
    if (mode == 1)
        PUSH(sendval);
    else if (mode == 2)
        goto error;

/* Fixed-size instructions: opcode, then a 16-bit little-endian argument (x86 reads it unaligned). */
#define DISPATCH() do { uint16_t a16_; op = ip[0]; __builtin_memcpy(&a16_, ip + 1, 2); arg = a16_; \
                        ip += OP_INSTRUCTION_SIZE; OPSTAT_COUNT(); \
                        goto *labels[op]; } while (0)
#define JUMPTO(t) do { ip = code + (t); } while (0)
/* A fused opcode's first instruction's work (FUSED_TABLE below, and the handlers written out) */
#define FIRST_LOAD_FAST() do { Val v_ = locals[arg]; \
        if (!v_) { unbound_local(co, (int)arg); goto error; } \
        PUSH(v_); } while (0)
#define FIRST_STORE_FAST() do { locals[arg] = POP(); *sp = V_NULL; } while (0)
#define FIRST_LOAD_CONST() PUSH(consts[arg])
/* then the second instruction's argument, ip past it (an error there is reported at the second) */
#define NEXT_ARG() do { uint16_t a16_; __builtin_memcpy(&a16_, ip + 1, 2); arg = a16_; \
                        ip += OP_INSTRUCTION_SIZE; } while (0)

    DISPATCH();

L_NOP:
    DISPATCH();
L_POP_TOP:
    *--sp = V_NULL;
    DISPATCH();
L_ROT_TWO: {
    Val a = sp[-1];
    sp[-1] = sp[-2];
    sp[-2] = a;
    DISPATCH();
}
L_ROT_THREE: {
    Val a = sp[-1];
    sp[-1] = sp[-2];
    sp[-2] = sp[-3];
    sp[-3] = a;
    DISPATCH();
}
L_ROT_FOUR: {
    Val a = sp[-1];
    sp[-1] = sp[-2];
    sp[-2] = sp[-3];
    sp[-3] = sp[-4];
    sp[-4] = a;
    DISPATCH();
}
L_DUP_TOP:
    sp[0] = sp[-1];
    sp++;
    DISPATCH();
L_DUP_TOP_TWO:
    sp[0] = sp[-2];
    sp[1] = sp[-1];
    sp += 2;
    DISPATCH();
L_UNARY_NEG: {
    Val v = TOP();
    if (IS_INT(v) && INT_VAL(v) != SMALL_MIN)
        TOP() = MK_INT(-INT_VAL(v));
    else {
        Val r = unary_neg(v);
        CHECK(r);
        TOP() = r;
    }
    DISPATCH();
}
L_UNARY_POS: {
    Val r = unary_pos(TOP());
    CHECK(r);
    TOP() = r;
    DISPATCH();
}
L_UNARY_NOT: {
    int t = truthy(TOP());
    if (t < 0)
        goto error;
    TOP() = MK_BOOL(!t);
    DISPATCH();
}
L_UNARY_INVERT: {
    if (IS_INT(TOP())) {                            /* ~x = -x - 1: stays a small int */
        TOP() = MK_INT(~INT_VAL(TOP()));
        DISPATCH();
    }
    Val r = unary_invert(TOP());
    CHECK(r);
    TOP() = r;
    DISPATCH();
}
L_BINARY_SUBSCR: {
    Val k = POP();
    Val o = TOP();
    *sp = V_NULL;
    if (IS_INT(k) && IS_PTR(o)) {
        Type *t = AS_OBJ(o)->type;
        if (t == kr_types[K_LIST]) {
            intptr_t i = INT_VAL(k);
            List *l = LST(o);
            if (i < 0) i += (intptr_t)l->len;
            if (i >= 0 && i < (intptr_t)l->len) {
                TOP() = l->items->v[i];
                DISPATCH();
            }
        } else if (t == kr_types[K_TUPLE]) {
            intptr_t i = INT_VAL(k);
            Tuple *tp = TUP(o);
            if (i < 0) i += (intptr_t)tp->len;
            if (i >= 0 && i < (intptr_t)tp->len) {
                TOP() = tp->items[i];
                DISPATCH();
            }
        } else if (t == kr_types[K_BYTES]) {
            intptr_t i = INT_VAL(k);
            Bytes *b = (Bytes *)o;
            if (i < 0) i += (intptr_t)b->len;
            if (i >= 0 && i < (intptr_t)b->len) {
                TOP() = MK_INT(b->d[i]);
                DISPATCH();
            }
        } else if (t == kr_types[K_BYTEARRAY]) {
            intptr_t i = INT_VAL(k);
            ByteArray *b = (ByteArray *)o;
            if (i < 0) i += (intptr_t)b->len;
            if (i >= 0 && i < (intptr_t)b->len) {
                TOP() = MK_INT(b->buf->d[i]);
                DISPATCH();
            }
        } else if (t == kr_types[K_MEMVIEW]) {      /* packet buffers: every header byte read */
            intptr_t i = INT_VAL(k);
            uint8_t *d;
            if (i < 0) i += (intptr_t)((MemView *)o)->len;
            if (i >= 0 && i < (intptr_t)((MemView *)o)->len && (d = memview_span(o, false)) != NULL) {
                TOP() = MK_INT(d[i]);
                DISPATCH();
            }
        }
    } else if (IS_PTR(o) && AS_OBJ(o)->type == kr_types[K_DICT]) {
        /* str keys (counters, tables by name) skip the generic hash and compare */
        Val v;
        if (IS_PTR(k) && AS_OBJ(k)->type == kr_types[K_STR]) {
            intptr_t ix = dict_index_str_hinted(o, k);
            v = ix >= 0 ? dict_entries(DICT(o))[ix].value : V_NULL;
        } else {
            v = dict_get(o, k);
        }
        if (v) {
            TOP() = v;
            DISPATCH();
        }
    }
    Val r = getitem(o, k);
    CHECK(r);
    TOP() = r;
    DISPATCH();
}
L_STORE_SUBSCR: {
    Val k = POP();
    Val o = POP();
    Val v = POP();
    sp[0] = sp[1] = sp[2] = V_NULL;
    if (IS_INT(k) && IS_PTR(o) && AS_OBJ(o)->type == kr_types[K_LIST]) {
        intptr_t i = INT_VAL(k);
        List *l = LST(o);
        if (i < 0) i += (intptr_t)l->len;
        if (i >= 0 && i < (intptr_t)l->len) {
            l->items->v[i] = v;
            DISPATCH();
        }
    }
    if (IS_PTR(o) && AS_OBJ(o)->type == kr_types[K_DICT]) {
        CHECK(IS_PTR(k) && AS_OBJ(k)->type == kr_types[K_STR] ? dict_set_str(o, k, v) : dict_set(o, k, v));
        DISPATCH();
    }
    if (IS_INT(k) && IS_PTR(o) && AS_OBJ(o)->type == kr_types[K_BYTEARRAY] && IS_INT(v)) {
        intptr_t i = INT_VAL(k), x = INT_VAL(v);
        ByteArray *b = (ByteArray *)o;
        if (i < 0) i += (intptr_t)b->len;
        if (i >= 0 && i < (intptr_t)b->len && x >= 0 && x < 256) {
            b->buf->d[i] = (uint8_t)x;
            DISPATCH();
        }
    }
    if (IS_INT(k) && IS_PTR(o) && AS_OBJ(o)->type == kr_types[K_MEMVIEW] && IS_INT(v)) {
        intptr_t i = INT_VAL(k), x = INT_VAL(v);
        uint8_t *d;
        if (i < 0) i += (intptr_t)((MemView *)o)->len;
        if (i >= 0 && i < (intptr_t)((MemView *)o)->len && x >= 0 && x < 256 && (d = memview_span(o, true)) != NULL) {
            d[i] = (uint8_t)x;
            DISPATCH();
        }
    }
    CHECK(setitem(o, k, v));
    DISPATCH();
}
L_SUBSCR_INPLACE: {
    /* o[k] op= c for a constant c (stack: o k c): what DUP_TOP_TWO, BINARY_SUBSCR, the constant,
     * BINARY_OP, ROT_THREE and STORE_SUBSCR do, in one instruction. Small-int counters in a dict
     * under a str key, or in a list, are updated where they are. */
    Val c = POP();
    Val k = POP();
    Val o = POP();
    sp[0] = sp[1] = sp[2] = V_NULL;
    if (IS_INT(c) && IS_PTR(o) && ((arg & 15) == OP_ADD || (arg & 15) == OP_SUB)) {
        Val *slot = NULL;
        Type *t = AS_OBJ(o)->type;
        if (t == kr_types[K_DICT] && IS_PTR(k) && AS_OBJ(k)->type == kr_types[K_STR] &&
            !(AS_OBJ(o)->flags & OF_TYPEDICT)) {
            intptr_t ix = dict_index_str_hinted(o, k);
            if (ix >= 0)
                slot = &dict_entries(DICT(o))[ix].value;
        } else if (t == kr_types[K_LIST] && IS_INT(k)) {
            intptr_t i = INT_VAL(k);
            List *l = LST(o);
            if (i < 0) i += (intptr_t)l->len;
            if (i >= 0 && i < (intptr_t)l->len)
                slot = &l->items->v[i];
        }
        if (slot && IS_INT(*slot)) {
            intptr_t r = (arg & 15) == OP_ADD ? INT_VAL(*slot) + INT_VAL(c) : INT_VAL(*slot) - INT_VAL(c);
            if (FITS_SMALL(r)) {
                *slot = MK_INT(r);
                DISPATCH();
            }
        }
    }
    Val cur = getitem(o, k);
    CHECK(cur);
    Val r = binary_op((int)arg, cur, c);
    CHECK(r);
    CHECK(setitem(o, k, r));
    DISPATCH();
}
L_DELETE_SUBSCR: {
    Val k = POP();
    Val o = POP();
    CHECK(delitem(o, k));
    DISPATCH();
}
L_GET_ITER: {
    Val r = get_iter(TOP());
    CHECK(r);
    TOP() = r;
    DISPATCH();
}
L_RETURN_VALUE:
    result = POP();
    f->yielded = false;
    goto exit;
L_YIELD_VALUE:
    result = POP();
    f->ip = ip;
    f->sp = sp;
    f->yielded = true;
    goto exit_keep;
L_GET_YIELD_FROM_ITER: {
    Val v = TOP();
    if (!(IS_PTR(v) && type_of(v)->kind == K_GEN)) {
        Val r = get_iter(v);
        CHECK(r);
        TOP() = r;
    }
    DISPATCH();
}
L_YIELD_FROM: {
    Val v = POP();
    Val it = TOP();
    bool yielded;
    Val r = yield_from_step(it, v, &yielded);
    CHECK(r);
    if (yielded) {
        result = r;
        f->ip = ip - OP_INSTRUCTION_SIZE;     /* resumes at this YIELD_FROM */
        f->sp = sp;
        f->yielded = true;
        goto exit_keep;
    }
    TOP() = r;
    DISPATCH();
}
L_POP_BLOCK:
    f->nblocks--;
    DISPATCH();
L_PUSH_EXC_INFO: {
    Val exc = TOP();
    TOP() = ts->handled_exc ? ts->handled_exc : V_NONE;
    PUSH(exc);
    ts->handled_exc = exc;
    DISPATCH();
}
L_POP_EXCEPT: {
    Val prev = POP();
    ts->handled_exc = prev == V_NONE ? V_NULL : prev;
    DISPATCH();
}
L_POP_EXCEPT_RERAISE: {
    Val exc = POP();
    Val prev = POP();
    ts->handled_exc = prev == V_NONE ? V_NULL : prev;
    ts->cur_exc = exc;
    ts->reraise = true;
    goto error;
}
L_RERAISE: {
    Val exc = POP();
    ts->cur_exc = exc;
    ts->reraise = true;
    goto error;
}
L_CHECK_EXC_MATCH: {
    Val spec = POP();
    Val r = exc_matches(TOP(), spec);
    CHECK(r);
    PUSH(r);
    DISPATCH();
}
L_BEFORE_WITH: {
    Val mgr = TOP();
    Type *mt = type_of(mgr);
    Val enter = type_lookup(mt, kr_dunder[D_ENTER]);      /* (lookup_special's first step) */
    if (!enter) {
        if (!ts->cur_exc)
            raise(e_TypeError, "'%s' object does not support the context manager protocol", type_name(mgr));
        goto error;
    }
    Val exitf = lookup_special(mgr, kr_dunder[D_EXIT]);
    if (!exitf) {
        if (!ts->cur_exc)
            raise(e_TypeError, "'%s' object does not support the context manager protocol (missed __exit__ method)", type_name(mgr));
        goto error;
    }
    TOP() = exitf;
    Val r;
    if (IS_PTR(enter) && AS_OBJ(enter)->type == kr_types[K_FUNC])
        r = func_call((Func *)enter, &mgr, 1, V_NULL);     /* a plain method: no bound method made for one call */
    else {
        enter = lookup_special(mgr, kr_dunder[D_ENTER]);
        CHECK(enter);
        r = call0(enter);
    }
    CHECK(r);
    PUSH(r);
    DISPATCH();
}
L_WITH_EXIT_NORMAL: {
    Val exitf = POP();
    Val a[3] = {V_NONE, V_NONE, V_NONE};
    Val r = call(exitf, a, 3, V_NULL);
    *sp = V_NULL;
    CHECK(r);
    DISPATCH();
}
L_WITH_EXCEPT_START: {
    Val exc = TOP();
    Val exitf = sp[-3];
    Val tb = ((Exc *)exc)->tb && LST(((Exc *)exc)->tb)->len ? ((Exc *)exc)->tb : V_NONE;
    Val a[3] = {(Val)type_of(exc), exc, tb};
    Val r = call(exitf, a, 3, V_NULL);
    ((volatile Val *)a)[1] = V_NULL;
    ((volatile Val *)a)[2] = V_NULL;
    CHECK(r);
    PUSH(r);
    DISPATCH();
}
L_LIST_TO_TUPLE: {
    Val l = TOP();
    Val t = tuple_from(LIST_ITEMS(l), LST(l)->len);
    CHECK(t);
    TOP() = t;
    DISPATCH();
}
L_LOAD_NULL:
    PUSH(V_NULL);
    DISPATCH();
L_LOAD_ASSERTION_ERROR:
    PUSH((Val)e_AssertionError);
    DISPATCH();
L_POP_FOR_ITER:
    sp--;
    DISPATCH();

L_LOAD_CONST:
    PUSH(consts[arg]);
    DISPATCH();
L_LOAD_FAST: {
    Val v = locals[arg];
    if (!v) {
        unbound_local(co, (int)arg);
        goto error;
    }
    PUSH(v);
    DISPATCH();
}
L_STORE_FAST:
    locals[arg] = POP();
    *sp = V_NULL;
    DISPATCH();
L_DELETE_FAST:
    if (!locals[arg]) {
        unbound_local(co, (int)arg);
        goto error;
    }
    locals[arg] = V_NULL;
    gc_scrub_stack();
    DISPATCH();
L_LOAD_DEREF: {
    Val v = ((Cell *)cells[arg])->v;
    if (!v) {
        if ((int)arg < co->ncells)
            raise(e_UnboundLocalError, "cannot access local variable '%s' where it is not associated with a value", CSTR(deref_name(co, (int)arg)));
        else
            raise(e_NameError, "cannot access free variable '%s' where it is not associated with a value in enclosing scope", CSTR(deref_name(co, (int)arg)));
        goto error;
    }
    PUSH(v);
    DISPATCH();
}
L_STORE_DEREF:
    ((Cell *)cells[arg])->v = POP();
    DISPATCH();
L_DELETE_DEREF:
    ((Cell *)cells[arg])->v = V_NULL;
    DISPATCH();
L_LOAD_CLOSURE:
    PUSH(cells[arg]);
    DISPATCH();
L_LOAD_CLASSDEREF: {
    Val name = deref_name(co, (int)arg);
    Val v = f->locals ? dict_get_str(f->locals, name) : V_NULL;
    if (!v)
        v = ((Cell *)cells[arg])->v;
    if (!v) {
        name_error(name);
        goto error;
    }
    PUSH(v);
    DISPATCH();
}
L_LOAD_GLOBAL: {
    Val v = load_global(ts, f, &name_cache[arg], names[arg]);
    CHECK(v);
    PUSH(v);
    DISPATCH();
}
L_STORE_GLOBAL: {
    Val v = POP();
    *sp = V_NULL;
    CHECK(dict_set(f->globals, names[arg], v));
    DISPATCH();
}
L_DELETE_GLOBAL: {
    int r = dict_del(f->globals, names[arg]);
    if (r <= 0) {
        if (r == 0)
            name_error(names[arg]);
        goto error;
    }
    gc_scrub_stack();
    DISPATCH();
}
L_LOAD_NAME: {
    Val name = names[arg];
    Val v = f->locals ? dict_get(f->locals, name) : V_NULL;
    if (!v) {
        if (ts->cur_exc) goto error;
        v = dict_get_str(f->globals, name);
        if (!v) {
            v = dict_get_str(ts->user_mode ? ts->ubuiltins : kr_builtins, name);
            if (!v) {
                name_error(name);
                goto error;
            }
        }
    }
    PUSH(v);
    DISPATCH();
}
L_STORE_NAME: {
    Val v = POP();
    *sp = V_NULL;
    CHECK(dict_set(f->locals ? f->locals : f->globals, names[arg], v));
    DISPATCH();
}
L_DELETE_NAME: {
    int r = dict_del(f->locals ? f->locals : f->globals, names[arg]);
    if (r <= 0) {
        if (r == 0)
            name_error(names[arg]);
        goto error;
    }
    gc_scrub_stack();
    DISPATCH();
}
/* The hits of LOAD_ATTR and STORE_ATTR, written out in their handlers and again in the fused LOAD_FAST__
 * ones: an attribute of a plain object at the entry index this site remembered, in a class chain with no
 * property (as of the current epoch), read or replaced in one straight run of code, anything else going on
 * to the handler's general part. (Under TCG each branch to another 4 KiB page is a lookup of translated
 * code, and the profile-ordered blocks of these hits had been spread over two pages: about 200 lookups
 * per flood-ping reply, bench/paths/lookups.py.) */
#define LOAD_ATTR_HIT() do { \
        Val o_ = TOP(); \
        if (IS_PTR(o_)) { \
            Type *t_ = AS_OBJ(o_)->type; \
            if (t_->kind == K_INSTANCE) { \
                Dict *d_ = (Dict *)((Instance *)o_)->dict; \
                uint32_t i_ = name_cache[arg].attr_hint; \
                if (d_ && i_ < d_->nentries && dict_entries(d_)[i_].key == names[arg] && \
                    t_->cache_version == type_attr_epoch && (t_->flags & TF_PLAIN_ATTRS)) { \
                    TOP() = dict_entries(d_)[i_].value; \
                    DISPATCH(); \
                } \
            } \
        } \
    } while (0)
/* (a store also needs kernel mode and the site's class to have been found free of __setattr__ and of a
 * property of that name; replacing an entry's value changes no size and no keys) */
#define STORE_ATTR_HIT() do { \
        Val o_ = sp[-1]; \
        if (IS_PTR(o_)) { \
            Type *t_ = AS_OBJ(o_)->type; \
            if (t_->kind == K_INSTANCE) { \
                Dict *d_ = (Dict *)((Instance *)o_)->dict; \
                NameCache *nc_ = &name_cache[arg]; \
                uint32_t i_ = nc_->attr_hint; \
                if (d_ && i_ < d_->nentries && dict_entries(d_)[i_].key == names[arg] && \
                    nc_->site_type == t_ && nc_->site_epoch == SITE_TAG(SITE_STORE) && !ts->user_mode && \
                    !(d_->h.flags & OF_TYPEDICT)) { \
                    dict_entries(d_)[i_].value = sp[-2]; \
                    sp -= 2; \
                    sp[0] = sp[1] = V_NULL; \
                    DISPATCH(); \
                } \
            } \
        } \
    } while (0)
L_LOAD_FAST__LOAD_ATTR:
    FIRST_LOAD_FAST();
    NEXT_ARG();
    LOAD_ATTR_HIT();
    goto load_attr;
L_LOAD_ATTR:
    LOAD_ATTR_HIT();
load_attr: {
    Val o = TOP();
    Val name = names[arg];
    if (IS_PTR(o)) {
        Type *t = AS_OBJ(o)->type;
        if (t->kind == K_INSTANCE && ((Instance *)o)->dict) {
            NameCache *nc = &name_cache[arg];
            Val v = dict_get_hinted(((Instance *)o)->dict, name, &nc->attr_hint);
            if (v) {
                /* an instance value wins unless the class has a property of that name (what this
                 * site found for the class last time, while no class has changed since) */
                if (type_plain_attrs(t) || (nc->site_type == t && nc->site_epoch == SITE_TAG(SITE_LOAD))) {
                    TOP() = v;
                    DISPATCH();
                }
                Val d = type_lookup(t, name);
                if (!d || !IS_PTR(d) || AS_OBJ(d)->type->kind != K_PROPERTY) {
                    nc->site_type = t;
                    nc->site_epoch = SITE_TAG(SITE_LOAD);
                    TOP() = v;
                    DISPATCH();
                }
            }
        } else if (t->kind == K_MODULE) {
            Val v = dict_get_hinted(((Module *)o)->dict, name, &name_cache[arg].attr_hint);
            if (v) {
                TOP() = v;
                DISPATCH();
            }
        }
    }
    Val r = getattr(o, name);
    CHECK(r);
    TOP() = r;
    DISPATCH();
}
L_LOAD_FAST__STORE_ATTR:
    FIRST_LOAD_FAST();
    NEXT_ARG();
    STORE_ATTR_HIT();
    goto store_attr;
L_STORE_ATTR:
    STORE_ATTR_HIT();
store_attr: {
    Val o = POP();
    Val v = POP();
    sp[0] = sp[1] = V_NULL;
    if (IS_PTR(o)) {
        /* setattr()'s own fast case: nothing in the class chain intercepts the store */
        Type *t = AS_OBJ(o)->type;
        Val d;
        NameCache *nc = &name_cache[arg];
        if (t->kind == K_INSTANCE && (d = ((Instance *)o)->dict) && !ts->user_mode &&
            ((nc->site_type == t && nc->site_epoch == SITE_TAG(SITE_STORE)) || type_store_plain(t, names[arg]))) {
            nc->site_type = t;
            nc->site_epoch = SITE_TAG(SITE_STORE);
            CHECK(dict_set_hinted(d, names[arg], v, &nc->attr_hint));
            type_note_idict(t, d);
            DISPATCH();
        }
    }
    CHECK(setattr(o, names[arg], v));
    DISPATCH();
}
L_DELETE_ATTR: {
    Val o = POP();
    CHECK(delattr(o, names[arg]));
    DISPATCH();
}
L_LOAD_METHOD: {
    Val o = TOP();
    if (IS_PTR(o) && AS_OBJ(o)->type->kind == K_MODULE) {
        /* a module's function: what LOAD_ATTR's module case finds, called without self */
        Val v = dict_get_hinted(((Module *)o)->dict, names[arg], &name_cache[arg].attr_hint);
        if (v) {
            TOP() = v;
            PUSH(V_NULL);
            DISPATCH();
        }
    }
    /* The class's plain method as found last time, unless an instance attribute hides it. */
    NameCache *nc = &name_cache[arg];
    Type *t = type_of(o);
    if (nc->site_type == t && nc->site_epoch == SITE_TAG(SITE_METHOD)) {
        Val *slot = dict_slot(o);
        if (!slot || !*slot || !dict_get_str(*slot, names[arg])) {
            TOP() = nc->site_method;
            PUSH(o);
            DISPATCH();
        }
    }
    Val self;
    Val m = getmethod(o, names[arg], &self);
    CHECK(m);
    if (self) {                         /* getmethod found a plain method on the class */
        nc->site_type = t;
        nc->site_epoch = SITE_TAG(SITE_METHOD);
        nc->site_method = m;
    }
    TOP() = m;
    PUSH(self);
    *(volatile Val *)&self = V_NULL;   /* no stale root in this C frame */
    DISPATCH();
}
    /* The four call opcodes share one body. Stack: [fn, self or NULL,] args..., kwnames tuple
     * for the _KW forms; arg = number of arguments (keywords included). */
L_CALL_METHOD_KW:
    call_kw = POP();
    goto call_method;
L_CALL_METHOD:
    call_kw = V_NULL;
call_method: {
    int n = (int)arg;
    Val self = sp[-n - 1];
    int npos = n - KW_COUNT(call_kw);
    call_fn = sp[-n - 2];
    call_args = self ? sp - n - 1 : sp - n;
    call_nargs = self ? npos + 1 : npos;
    call_nclear = n + 2;
    goto call_any;
}
L_CALL_FUNCTION_KW:
    call_kw = POP();
    goto call_function;
L_CALL_FUNCTION:
    call_kw = V_NULL;
call_function: {
    int n = (int)arg;
    call_fn = sp[-n - 1];
    call_args = sp - n;
    call_nargs = n - KW_COUNT(call_kw);
    call_nclear = n + 1;
}
call_any:
    if (IS_PTR(call_fn) && AS_OBJ(call_fn)->type == kr_types[K_BOUND] && !call_kw &&
        IS_PTR(((Bound *)call_fn)->func) && AS_OBJ(((Bound *)call_fn)->func)->type == kr_types[K_FUNC]) {
        /* a bound method kept as obj.method (a handler, a callback): its function, with self put in the
         * slot below the arguments (the call's own, cleared afterwards), so that the switch below applies */
        call_args--;
        call_args[0] = ((Bound *)call_fn)->self;
        call_nargs++;
        call_fn = ((Bound *)call_fn)->func;
    }
    if (IS_PTR(call_fn) && AS_OBJ(call_fn)->type == kr_types[K_FUNC] && !call_kw) {
        /* A Python function called with exactly its positional parameters runs here, without a C
         * call: its frame goes on the thread's frame arena, this loop switches to it, and its return
         * (or its exception) comes back to call_done below in this frame (exit:). Anything else, or
         * no room, and the call recurses through func_call as other callers' calls do. */
        Func *fn = (Func *)call_fn;
        Code *c = fn->code;
        size_t nslots = FRAME_NSLOTS(c);
        Val *mem = ts->arena_top;
        if ((c->flags & (CO_PLAIN_ARGS | CO_GENERATOR)) == CO_PLAIN_ARGS && call_nargs == c->argcount &&
            c->name_cache && (size_t)(ts->arena_end - mem) >= FRAME_WORDS + nslots &&
            ts->depth < kr_recursion_limit && !vm_safepoint_pending) {
            ts->arena_top = mem + FRAME_WORDS + nslots;
            Frame *callee = frame_header(mem, fn, c);
            callee->call_nclear = call_nclear;
            for (int i = 0; i < call_nargs; i++)
                callee->slots[i] = call_args[i];
            clear_slots(callee->slots + call_nargs, nslots - (size_t)call_nargs);
            f->ip = ip;
            f->sp = sp;
            callee->back = f;
            ts->frame = callee;
            ts->depth++;
            f = callee;
            LOAD_FRAME_STATE();
            OPSTAT_CALL(switches);
            DISPATCH();
        }
        if (!ts->arena_end)
            vm_thread_arena(ts);        /* the next call goes on it */
        call_result = func_call(fn, call_args, call_nargs, V_NULL);
        goto call_done;
    }
    if (IS_PTR(call_fn) && AS_OBJ(call_fn)->type == kr_types[K_NATIVE] && !((Native *)call_fn)->self) {
        /* a builtin, or a builtin object's method (LOAD_METHOD put the object first): straight to its C
         * function, as call() would; len() of the common types without even that */
        if (call_fn == kr_builtin_len && call_nargs == 1 && !call_kw) {
            intptr_t n = len_exact(call_args[0]);
            if (n >= 0) {
                call_result = MK_INT(n);
                goto call_done;
            }
        }
        call_result = ((Native *)call_fn)->fn(call_args, call_nargs, call_kw);
        goto call_done;
    }
    call_result = call(call_fn, call_args, call_nargs, call_kw);
call_done:
    sp -= call_nclear;
    for (int z = 0; z < call_nclear; z++)
        sp[z] = V_NULL;
    CHECK(call_result);
    PUSH(call_result);
    DISPATCH();
L_CALL_FUNCTION_STAR: {
    int n = (int)arg;
    call_result = call_star(sp[-n - 2], sp - n - 1, n, sp[-1]);
    call_nclear = n + 2;
    goto call_done;
}
L_CALL_FUNCTION_EX: {
    Val kwargs = (arg & 1) ? POP() : V_NULL;
    Val args = POP();
    Val fn = POP();
    Val r = call_ex(fn, args, kwargs);
    CHECK(r);
    PUSH(r);
    DISPATCH();
}
L_MAKE_FUNCTION: {
    Val c = POP();
    Val closure = (arg & 4) ? POP() : V_NULL;
    Val kwdefaults = (arg & 2) ? POP() : V_NULL;
    Val defaults = (arg & 1) ? POP() : V_NULL;
    Func *fn = (Func *)func_new((Code *)c, f->globals);
    CHECK(fn);
    fn->closure = closure;
    fn->kwdefaults = kwdefaults;
    fn->defaults = defaults;
    PUSH((Val)fn);
    DISPATCH();
}
L_BUILD_CLASS: {
    int n = (int)arg;
    Val r = build_class(sp[-n - 2], sp[-n - 1], sp - n, n, V_NULL);
    sp -= n + 2;
    for (int z = 0; z < n + 2; z++) sp[z] = V_NULL;
    CHECK(r);
    PUSH(r);
    DISPATCH();
}
L_BINARY_OP: {
    Val b = POP();
    Val a = TOP();
    *sp = V_NULL;
    if (IS_INT(a) && IS_INT(b)) {
        intptr_t x = INT_VAL(a), y = INT_VAL(b), r;
        switch (arg & 15) {
        case OP_ADD: r = x + y; if (FITS_SMALL(r)) { TOP() = MK_INT(r); DISPATCH(); } break;
        case OP_SUB: r = x - y; if (FITS_SMALL(r)) { TOP() = MK_INT(r); DISPATCH(); } break;
        case OP_MUL: if (!__builtin_mul_overflow(x, y, &r) && FITS_SMALL(r)) { TOP() = MK_INT(r); DISPATCH(); } break;
        case OP_AND: TOP() = MK_INT(x & y); DISPATCH();
        case OP_OR: TOP() = MK_INT(x | y); DISPATCH();
        case OP_XOR: TOP() = MK_INT(x ^ y); DISPATCH();
        case OP_RSHIFT: if (y >= 0 && y < 63) { TOP() = MK_INT(x >> y); DISPATCH(); } break;
        case OP_LSHIFT: if (y >= 0 && y < 32 && x >= -(1L << 28) && x < (1L << 28)) { TOP() = MK_INT(x << y); DISPATCH(); } break;
        /* Python's floor division and modulo for a positive divisor; by a power of two (ring sizes) a mask or
         * an arithmetic shift, as x86's divide is a helper call under TCG */
        case OP_MOD:
            if (y > 0) {
                r = (y & (y - 1)) ? x % y : x & (y - 1);
                TOP() = MK_INT(r < 0 ? r + y : r);
                DISPATCH();
            }
            break;
        case OP_FLOORDIV:
            if (y > 0) {
                if (!(y & (y - 1)))
                    r = x >> __builtin_ctzl((unsigned long)y);
                else {
                    r = x / y;
                    if (x % y < 0)
                        r--;
                }
                TOP() = MK_INT(r);
                DISPATCH();
            }
            break;
        default: break;
        }
    } else if (IS_PTR(a) && IS_PTR(b)) {
        Type *ta = AS_OBJ(a)->type, *tb = AS_OBJ(b)->type;
        if (ta == kr_types[K_FLOAT] && tb == kr_types[K_FLOAT]) {
            double x = FLOAT_VAL(a), y = FLOAT_VAL(b);
            Val r = V_NULL;
            switch (arg & 15) {
            case OP_ADD: r = float_new(x + y); break;
            case OP_SUB: r = float_new(x - y); break;
            case OP_MUL: r = float_new(x * y); break;
            case OP_TRUEDIV: if (y != 0.0) r = float_new(x / y); break;
            default: break;
            }
            if (r) { TOP() = r; DISPATCH(); }
        } else if (ta == kr_types[K_STR] && tb == kr_types[K_STR] && (arg & 15) == OP_ADD) {
            Val r = str_cat(a, b);
            CHECK(r);
            TOP() = r;
            DISPATCH();
        }
    }
    Val r = binary_op((int)arg, a, b);
    CHECK(r);
    TOP() = r;
    DISPATCH();
}
L_COMPARE_OP: {
    Val b = POP();
    Val a = TOP();
    if (IS_INT(a) && IS_INT(b)) {
        intptr_t x = (intptr_t)a, y = (intptr_t)b;
        bool r;
        switch (arg) {
        case CMP_LT: r = x < y; break;
        case CMP_LE: r = x <= y; break;
        case CMP_EQ: case CMP_IS: r = x == y; break;
        case CMP_NE: case CMP_ISNOT: r = x != y; break;
        case CMP_GT: r = x > y; break;
        case CMP_GE: r = x >= y; break;
        default: goto slow_compare;
        }
        TOP() = MK_BOOL(r);
        DISPATCH();
    }
    if (arg == CMP_IS) { TOP() = MK_BOOL(a == b); DISPATCH(); }
    if (arg == CMP_ISNOT) { TOP() = MK_BOOL(a != b); DISPATCH(); }
slow_compare: {
        Val r = compare_op((int)arg, a, b);
        CHECK(r);
        TOP() = r;
        DISPATCH();
    }
}
L_BUILD_TUPLE: {
    int n = (int)arg;
    Val t = tuple_from(sp - n, (size_t)n);
    CHECK(t);
    sp -= n;
    PUSH(t);
    DISPATCH();
}
L_BUILD_LIST: {
    int n = (int)arg;
    Val l = list_from(sp - n, (size_t)n);
    CHECK(l);
    sp -= n;
    PUSH(l);
    DISPATCH();
}
L_BUILD_SET: {
    int n = (int)arg;
    Val s = set_new(kr_types[K_SET]);
    CHECK(s);
    for (int i = n; i > 0; i--)
        CHECK(set_add(s, sp[-i]));
    sp -= n;
    PUSH(s);
    DISPATCH();
}
L_BUILD_MAP: {
    int n = (int)arg;
    Val d = dict_new();
    CHECK(d);
    for (int i = n; i > 0; i--)
        CHECK(dict_set(d, sp[-2 * i], sp[-2 * i + 1]));
    sp -= 2 * n;
    PUSH(d);
    DISPATCH();
}
L_BINARY_SLICE: {              /* container[a:b] */
    Val b = POP();
    Val a = POP();
    Val o = TOP();
    intptr_t lo, hi;
    if (IS_PTR(o) && AS_OBJ(o)->type == kr_types[K_MEMVIEW] && memview_plain(o) &&
        slice_bounds(a, b, (intptr_t)((MemView *)o)->len, &lo, &hi)) {
        /* a packet buffer's window: the new view made here, without getitem's dispatch */
        MemView *m = (MemView *)o, *r = gc_alloc(kr_types[K_MEMVIEW], sizeof(MemView));
        sp[0] = sp[1] = V_NULL;
        CHECK(r);
        r->base = m->base;
        r->off = m->off + (size_t)lo;
        r->len = (size_t)(hi - lo);
        r->readonly = m->readonly;
        r->step = 1;
        TOP() = (Val)r;
        DISPATCH();
    }
    Slice local;
    Val r = getitem(o, slice_for(o, &local, a, b, false));
    sp[0] = sp[1] = V_NULL;
    CHECK(r);
    TOP() = r;
    DISPATCH();
}
L_STORE_SLICE: {               /* container[a:b] = value */
    Val b = POP();
    Val a = POP();
    Val o = POP();
    Val v = POP();
    intptr_t lo, hi;
    uint8_t *dst, *src;
    size_t srclen;
    bool w;
    if (IS_PTR(o) && AS_OBJ(o)->type == kr_types[K_MEMVIEW] && !((MemView *)o)->readonly &&
        (dst = memview_span(o, true)) != NULL && ((MemView *)o)->step == 1 &&
        slice_bounds(a, b, (intptr_t)((MemView *)o)->len, &lo, &hi) && IS_PTR(v) &&
        (AS_OBJ(v)->type == kr_types[K_BYTES] || AS_OBJ(v)->type == kr_types[K_BYTEARRAY] ||
         (AS_OBJ(v)->type == kr_types[K_MEMVIEW] && memview_plain(v))) && buffer_get(v, &src, &srclen, &w) &&
        srclen == (size_t)(hi - lo)) {
        /* a copy into a packet buffer (a NIC's transmit slot): one memmove, no slice made */
        memmove(dst + lo, src, srclen);
        sp[0] = sp[1] = sp[2] = sp[3] = V_NULL;
        DISPATCH();
    }
    Slice local;
    Val s = slice_for(o, &local, a, b, true);
    bool ok = s && setitem(o, s, v);
    sp[0] = sp[1] = sp[2] = sp[3] = V_NULL;
    CHECK(ok);
    DISPATCH();
}
L_BUILD_SLICE: {
    Val st = arg == 3 ? POP() : V_NONE;
    Val b = POP();
    Val a = POP();
    Val s = slice_new(a, b, st);
    CHECK(s);
    PUSH(s);
    DISPATCH();
}
L_BUILD_STRING: {
    int n = (int)arg;
    Val s = build_string(sp - n, n);
    CHECK(s);
    sp -= n;
    PUSH(s);
    DISPATCH();
}
L_FORMAT_VALUE: {
    Val spec = (arg & 4) ? POP() : V_NULL;
    Val v = TOP();
    int conv = (int)(arg & 3);
    if (conv == 1) { v = to_str(v); CHECK(v); }
    else if (conv >= 2) { v = repr(v); CHECK(v); }
    if (!(spec == V_NULL && IS_PTR(v) && AS_OBJ(v)->type == kr_types[K_STR])) {
        v = format_value(v, spec);
        CHECK(v);
    }
    TOP() = v;
    DISPATCH();
}
L_LIST_APPEND: {
    Val v = POP();
    CHECK(list_append(sp[-(int)arg], v));
    DISPATCH();
}
L_SET_ADD: {
    Val v = POP();
    CHECK(set_add(sp[-(int)arg], v));
    DISPATCH();
}
L_MAP_ADD: {
    Val v = POP();
    Val k = POP();
    CHECK(dict_set(sp[-(int)arg], k, v));
    DISPATCH();
}
L_LIST_EXTEND: {
    Val v = POP();
    if (!list_extend(TOP(), v)) {
        if (exc_pending_is(e_TypeError) && !IS_PTR(v)) {
            exc_clear();
            raise(e_TypeError, "Value after * must be an iterable, not %s", type_name(v));
        }
        goto error;
    }
    DISPATCH();
}
L_SET_UPDATE: {
    Val v = POP();
    CHECK(set_update(TOP(), v));
    DISPATCH();
}
L_DICT_UPDATE: {
    Val v = POP();
    if (!IS_PTR(v) || (type_of(v)->kind != K_DICT && !getattr_opt(v, str_intern_c("keys")))) {
        if (ts->cur_exc) exc_clear();
        raise(e_TypeError, "'%s' object is not a mapping", type_name(v));
        goto error;
    }
    CHECK(dict_update(TOP(), v));
    DISPATCH();
}
L_DICT_MERGE: {
    Val v = POP();
    CHECK(dict_merge_kw(TOP(), v, sp[-3]));
    DISPATCH();
}
L_UNPACK_SEQUENCE: {
    Val seq = POP();
    if (IS_PTR(seq) && AS_OBJ(seq)->type == kr_types[K_TUPLE] && TUP(seq)->len == arg) {
        Val *items = TUP(seq)->items;
        for (int i = (int)arg - 1; i >= 0; i--)
            PUSH(items[i]);
        DISPATCH();
    }
    Val *top = unpack(seq, (int)arg, sp);
    CHECK(top);
    sp = top;
    DISPATCH();
}
L_UNPACK_EX: {
    Val seq = POP();
    Val *top = unpack_ex(seq, (int)(arg & 0xff), (int)(arg >> 8), sp);
    CHECK(top);
    sp = top;
    DISPATCH();
}
L_JUMP:
    if (code + arg < ip && vm_safepoint_pending) {
        f->sp = sp;
        if (!run_safepoint())
            goto error;
    }
    JUMPTO(arg);
    DISPATCH();
L_POP_JUMP_IF_FALSE: {
    Val v = POP();
    if (v == V_FALSE) { JUMPTO(arg); DISPATCH(); }
    if (v == V_TRUE) DISPATCH();
    int t = truthy(v);
    if (t < 0) goto error;
    if (!t) JUMPTO(arg);
    DISPATCH();
}
L_POP_JUMP_IF_TRUE: {
    Val v = POP();
    if (v == V_TRUE) { JUMPTO(arg); DISPATCH(); }
    if (v == V_FALSE) DISPATCH();
    int t = truthy(v);
    if (t < 0) goto error;
    if (t) JUMPTO(arg);
    DISPATCH();
}
L_JUMP_IF_FALSE_OR_POP: {
    int t = truthy(TOP());
    if (t < 0) goto error;
    if (!t) JUMPTO(arg);
    else sp--;
    DISPATCH();
}
L_JUMP_IF_TRUE_OR_POP: {
    int t = truthy(TOP());
    if (t < 0) goto error;
    if (t) JUMPTO(arg);
    else sp--;
    DISPATCH();
}
L_FOR_ITER: {
    Val itv = TOP();
    if (IS_PTR(itv) && AS_OBJ(itv)->type->kind == K_ITER) {
        Iter *it = (Iter *)itv;
        if (it->kind == IT_RANGE) {
            if (it->step > 0 ? it->i < it->stop : it->i > it->stop) {
                PUSH(MK_INT(it->i));
                it->i += it->step;
                DISPATCH();
            }
            *--sp = V_NULL;
            JUMPTO(arg);
            DISPATCH();
        }
        if (it->kind == IT_SEQ && it->seq) {
            Val *items;
            size_t n;
            seq_items(it->seq, &items, &n);
            if ((size_t)it->i < n) {
                PUSH(items[it->i++]);
                DISPATCH();
            }
            it->seq = V_NULL;
            *--sp = V_NULL;
            JUMPTO(arg);
            DISPATCH();
        }
    }
    Val v = iter_next(itv);
    if (v) {
        PUSH(v);
        DISPATCH();
    }
    if (ts->cur_exc)
        goto error;
    *--sp = V_NULL;
    JUMPTO(arg);
    DISPATCH();
}
L_SETUP_FINALLY:
    if (f->nblocks >= MAX_BLOCKS) {
        raise(e_SystemError, "too many statically nested blocks");
        goto error;
    }
    f->blocks[f->nblocks].handler = (uint16_t)arg;
    f->blocks[f->nblocks].level = (uint16_t)(sp - f->stack);
    f->nblocks++;
    DISPATCH();
L_SETUP_CLEANUP:
    if (f->nblocks >= MAX_BLOCKS) {
        raise(e_SystemError, "too many statically nested blocks");
        goto error;
    }
    f->blocks[f->nblocks].handler = (uint16_t)arg;
    f->blocks[f->nblocks].level = (uint16_t)(sp - f->stack - 1);
    f->nblocks++;
    DISPATCH();
L_RAISE_VARARGS: {
    if (arg == 0) {
        if (!ts->handled_exc) {
            raise(e_RuntimeError, "No active exception to reraise");
            goto error;
        }
        ts->cur_exc = ts->handled_exc;
        ts->reraise = true;
        goto error;
    }
    Val cause = arg == 2 ? POP() : V_NULL;
    Val exc = POP();
    do_raise(exc, cause);
    goto error;
}
L_IMPORT_NAME: {
    Val fromlist = POP();
    Val level = TOP();
    Val m = import_module(names[arg], fromlist, (int)INT_VAL(level), f->globals);
    CHECK(m);
    TOP() = m;
    DISPATCH();
}
L_IMPORT_FROM: {
    Val v = import_from(TOP(), names[arg]);
    CHECK(v);
    PUSH(v);
    DISPATCH();
}
/* Fused opcodes (FUSED_TABLE, from toolchain/opcodes.py): the first instruction's work, then straight into
 * the second's handler with its argument, ip past it (an error there is reported at the second
 * instruction). The second may be fused too: a run of instructions takes one dispatch. */
/* (The argument is decoded as in DISPATCH, written out again: an always-inline helper shared by the three
 * decoders measured 2% dearer per ICMP echo under TCG, bench/paths --tcg.) */
#define FUSED_NEXT(label) do { NEXT_ARG(); goto label; } while (0)
#define FUSED_HANDLER(name, first, second) \
L_##name: \
    FIRST_##first(); \
    FUSED_NEXT(L_##second);
    FUSED_TABLE(FUSED_HANDLER)
#undef FUSED_HANDLER

L_COMPARE_JUMP_IF_FALSE:
L_COMPARE_JUMP_IF_TRUE: {
    /* small ints (and identity) decide the jump without a bool; anything else compares in full and
     * the jump runs as its own instruction. The switch repeats COMPARE_OP's on purpose: one helper
     * shared by both (returning -1 for "not here") cost 6% more host instructions per ICMP echo under
     * TCG (bench/paths --tcg), the cases no longer jumping straight to their outcome. */
    Val b = sp[-1], a = sp[-2];
    bool r;
    if (IS_INT(a) && IS_INT(b)) {
        intptr_t x = (intptr_t)a, y = (intptr_t)b;
        switch (arg) {
        case CMP_LT: r = x < y; break;
        case CMP_LE: r = x <= y; break;
        case CMP_EQ: case CMP_IS: r = x == y; break;
        case CMP_NE: case CMP_ISNOT: r = x != y; break;
        case CMP_GT: r = x > y; break;
        case CMP_GE: r = x >= y; break;
        default: goto L_COMPARE_OP;
        }
    } else if (arg == CMP_IS) {
        r = a == b;
    } else if (arg == CMP_ISNOT) {
        r = a != b;
    } else {
        goto L_COMPARE_OP;
    }
    sp -= 2;
    sp[0] = sp[1] = V_NULL;
    bool jump_if = ip[0] == POP_JUMP_IF_TRUE;      /* (op may be a fused opcode that led here) */
    uint16_t target;
    __builtin_memcpy(&target, ip + 1, 2);
    ip += OP_INSTRUCTION_SIZE;
    if (r == jump_if)
        JUMPTO(target);
    DISPATCH();
}

error: {
    Val exc = ts->cur_exc;
    if (!exc) {
        raise(e_SystemError, "error return without exception set");
        exc = ts->cur_exc;
    }
    if (!ts->reraise) {
        Exc *e = (Exc *)exc;
        if (IS_PTR(exc) && type_of(exc)->kind == K_EXC && (!e->tb || LST(e->tb)->len == 0) && !e->context &&
            ts->handled_exc && ts->handled_exc != exc)
            e->context = ts->handled_exc;
        /* the instruction running (a generator thrown into before it started has none yet) */
        exc_add_tb(exc, co, (uint32_t)(ip > code ? ip - OP_INSTRUCTION_SIZE - code : 0));
    }
    ts->reraise = false;
    if (f->nblocks > 0) {
        Block b = f->blocks[--f->nblocks];
        Val *nsp = f->stack + b.level;
        while (sp > nsp) *--sp = V_NULL;
        sp = nsp;
        PUSH(exc);
        ts->cur_exc = V_NULL;
        JUMPTO(b.handler);
        DISPATCH();
    }
    result = V_NULL;
    f->yielded = false;
    goto exit;
}

exit:
    if (f->call_nclear) {
        /* back to the caller's frame in this loop: call_done clears the call's words, pushes the
         * result or, on an exception, unwinds the caller */
        Frame *callee = f;
        f = callee->back;
        ts->frame = f;
        ts->depth--;
        ts->arena_top = (Val *)callee;
        call_nclear = callee->call_nclear;
        call_result = result;
        LOAD_FRAME_STATE();
        goto call_done;
    }
exit_keep:
    ts->frame = f->back;
    ts->depth--;
    return result;
}
