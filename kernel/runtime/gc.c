/* gc: the heap allocator and the mark-sweep collector.
 *
 * The heap is a run of 16-byte granules. Every chunk, live or free, starts
 * with an Obj header whose ngran gives its size, so the sweep can walk the
 * heap linearly. A bitmap records where live objects start, which lets the
 * conservative stack scan accept a word only when it points into a live
 * object (interior pointers included). Heap objects are traced precisely by
 * kind; free chunks sit on per-size free lists. */
#include "obj.h"
#include "port.h"

#define GRAN 16
#define NSMALL 64
#define MARK_STACK_SIZE 16384
#define MAX_ROOTS 1024

typedef struct FreeChunk { Obj h; struct FreeChunk *next; } FreeChunk;

static uint8_t *heap_lo, *heap_hi, *bump;
static uint64_t *start_bits;
static FreeChunk *free_small[NSMALL];
static FreeChunk *free_large;
static Obj **mark_stack;
static size_t mark_sp;
static bool mark_overflow;
static Val *roots[MAX_ROOTS];
static int nroots;
static size_t free_bytes;
static bool collecting;
static vm_stack_enum_fn stack_enum;

void vm_set_stack_enumerator(vm_stack_enum_fn fn) { stack_enum = fn; }

static inline size_t gran_index(const void *p) { return (size_t)((const uint8_t *)p - heap_lo) / GRAN; }
static inline void set_start(void *p) { size_t i = gran_index(p); start_bits[i >> 6] |= 1ull << (i & 63); }
static inline void clear_start(void *p) { size_t i = gran_index(p); start_bits[i >> 6] &= ~(1ull << (i & 63)); }
static inline bool is_start(size_t i) { return (start_bits[i >> 6] >> (i & 63)) & 1; }

void gc_init(void *heap, size_t size)
{
    uint8_t *lo = (uint8_t *)(((uintptr_t)heap + GRAN - 1) & ~(uintptr_t)(GRAN - 1));
    uint8_t *hi = (uint8_t *)heap + size;
    size_t mark_bytes = MARK_STACK_SIZE * sizeof(Obj *);
    hi -= mark_bytes;
    mark_stack = (Obj **)hi;
    size_t ngran = (size_t)(hi - lo) / GRAN;
    size_t bitmap_bytes = ((ngran + 63) / 64) * 8;
    hi -= bitmap_bytes;
    hi = (uint8_t *)((uintptr_t)hi & ~(uintptr_t)(GRAN - 1));
    start_bits = (uint64_t *)hi;
    memset(start_bits, 0, bitmap_bytes);
    heap_lo = lo;
    heap_hi = hi;
    bump = lo;
}

size_t gc_heap_size(void) { return (size_t)(heap_hi - heap_lo); }
size_t gc_heap_free(void) { return free_bytes + (size_t)(heap_hi - bump); }
bool gc_is_heap_ptr(uintptr_t p) { return p >= (uintptr_t)heap_lo && p < (uintptr_t)heap_hi; }

void gc_add_root(Val *slot)
{
    if (nroots >= MAX_ROOTS)
        port_panic("too many GC roots");
    roots[nroots++] = slot;
}

/* Put a free chunk (header already written, already counted in free_bytes) on its list. */
static void file_chunk(FreeChunk *c)
{
    size_t ngran = c->h.ngran;
    if (ngran < NSMALL) {
        c->next = free_small[ngran];
        free_small[ngran] = c;
    } else {
        c->next = free_large;
        free_large = c;
    }
}

static FreeChunk *free_header(uint8_t *p, size_t ngran)
{
    FreeChunk *c = (FreeChunk *)p;
    c->h.type = NULL;
    c->h.ngran = (uint32_t)ngran;
    c->h.flags = 0;
    c->next = NULL;
    return c;
}

/* Cut n granules from the front of free chunk c, which is on no list. Returns the
 * rest as a free chunk (NULL when too small to stand alone: it goes with the cut). */
static FreeChunk *cut_front(FreeChunk *c, size_t n, size_t *got)
{
    size_t m = c->h.ngran;
    free_bytes -= m * GRAN;
    if (m < n + 2) {
        *got = m;
        return NULL;
    }
    *got = n;
    free_bytes += (m - n) * GRAN;
    return free_header((uint8_t *)c + n * GRAN, m - n);
}

/* After a sweep every free run sits on one of two address-ordered lists: holes
 * (small runs) and free_large. Small objects are cut from carve_run, always the
 * lowest-addressed run left, so survivors of a collection pack the holes low in
 * the heap instead of being strewn over fresh bump space, and large buffers still
 * find room. A run too short for a request is filed by size for exact reuse. */
static FreeChunk *holes, **holes_tail;
static FreeChunk *carve_run;

static FreeChunk *pop_lowest_run(void)
{
    FreeChunk **pp = &holes;
    if (!holes || (free_large && (uintptr_t)free_large < (uintptr_t)holes))
        pp = &free_large;
    FreeChunk *c = *pp;
    if (c)
        *pp = c->next;
    return c;
}

static void *take_small_from_runs(size_t n, size_t *got)
{
    while (!carve_run || carve_run->h.ngran < n) {
        if (carve_run)
            file_chunk(carve_run);
        carve_run = pop_lowest_run();
        if (!carve_run)
            return NULL;
    }
    FreeChunk *c = carve_run;
    carve_run = cut_front(c, n, got);
    return c;
}

/* Address-ordered first fit over the large runs; a remainder keeps the chunk's place. */
static void *take_large(size_t n, size_t *got)
{
    for (FreeChunk **pp = &free_large; *pp; pp = &(*pp)->next) {
        FreeChunk *c = *pp;
        if (c->h.ngran < n)
            continue;
        FreeChunk *next = c->next;
        FreeChunk *rest = cut_front(c, n, got);
        if (rest && rest->h.ngran >= NSMALL) {
            rest->next = next;
            *pp = rest;
        } else {
            *pp = next;
            if (rest)
                file_chunk(rest);
        }
        return c;
    }
    if (carve_run && carve_run->h.ngran >= n) {
        FreeChunk *c = carve_run;
        carve_run = cut_front(c, n, got);
        return c;
    }
    return NULL;
}

static void *take_bump(size_t n)
{
    if ((size_t)(heap_hi - bump) < n * GRAN)
        return NULL;
    void *p = bump;
    bump += n * GRAN;
    return p;
}

/* Split a bigger small chunk: the last resort for small objects. */
static void *split_small(size_t n, size_t *got)
{
    for (size_t m = n + 1; m < NSMALL; m++) {
        FreeChunk *c = free_small[m];
        if (!c)
            continue;
        free_small[m] = c->next;
        FreeChunk *rest = cut_front(c, n, got);
        if (rest)
            file_chunk(rest);
        return c;
    }
    return NULL;
}

static void *take(size_t n, size_t *got)
{
    *got = n;
    if (n < NSMALL) {
        if (free_small[n]) {
            FreeChunk *c = free_small[n];
            free_small[n] = c->next;
            free_bytes -= n * GRAN;
            return c;
        }
        void *p = take_small_from_runs(n, got);
        if (!p)
            p = take_bump(n);
        if (!p)
            p = split_small(n, got);
        return p;
    }
    void *p = take_large(n, got);
    return p ? p : take_bump(n);
}

static size_t allocated_since_gc;

/* ---- allocation accounts ----
 * A process's allowance: objects allocated while its thread runs in user mode
 * carry its account number in the header (flags bits 24..31). `fresh` counts
 * bytes allocated since the last collection, `live` what survived it, so
 * live + fresh bounds what the process holds. Over the limit, a collection
 * refreshes `live`; still over, the allocation fails and the process gets its
 * MemoryError, and for the next 100 ms its allocations over the limit fail
 * without another collection (a process at its limit cannot make the kernel
 * collect on every allocation). The
 * heap itself is shared, so the accounts also have a common limit that keeps
 * room for the kernel. */
enum { ACCT_FREE, ACCT_ACTIVE, ACCT_DRAINING };
typedef struct Account {
    size_t live, fresh, limit;
    int state;
    bool futile;              /* the last collection it asked for did not make room */
    uint64_t futile_us;       /* when */
} Account;
#define ACCT_RETRY_US 100000
static Account accounts[GC_ACCOUNTS];
static size_t user_limit;         /* all accounts together; 0: none */
static size_t user_total;         /* sum of live + fresh over the active accounts */

int gc_account_new(size_t limit)
{
    for (int i = 1; i < GC_ACCOUNTS; i++)
        if (accounts[i].state == ACCT_FREE) {
            accounts[i] = (Account){ .limit = limit, .state = ACCT_ACTIVE };
            return i;
        }
    return 0;
}

void gc_account_free(int id)
{
    if (id <= 0 || id >= GC_ACCOUNTS || accounts[id].state != ACCT_ACTIVE)
        return;
    user_total -= accounts[id].live + accounts[id].fresh;
    accounts[id].state = ACCT_DRAINING;     /* free again once a sweep cleared its tags */
}

bool gc_account_usage(int id, size_t *used, size_t *limit)
{
    if (id <= 0 || id >= GC_ACCOUNTS || accounts[id].state != ACCT_ACTIVE)
        return false;
    *used = accounts[id].live + accounts[id].fresh;
    *limit = accounts[id].limit;
    return true;
}

void gc_set_user_limit(size_t bytes) { user_limit = bytes; }
size_t gc_user_total(void) { return user_total; }

static bool within_allowance(Account *a, size_t bytes)
{
    return a->live + a->fresh + bytes <= a->limit && (!user_limit || user_total + bytes <= user_limit);
}

static bool charge_allowed(int id, size_t bytes)
{
    Account *a = &accounts[id];
    if (a->state != ACCT_ACTIVE)
        return true;
    if (within_allowance(a, bytes))
        return true;
    uint64_t now = port_ticks_us();
    if (collecting || (a->futile && now - a->futile_us < ACCT_RETRY_US))
        return false;
    gc_collect();
    a->futile = !within_allowance(a, bytes);
    a->futile_us = now;
    return !a->futile;
}

static void charge(Obj *o, int id)
{
    Account *a = &accounts[id];
    if (a->state != ACCT_ACTIVE)
        return;
    size_t bytes = (size_t)o->ngran * GRAN;
    o->flags = (o->flags & ~(0xFFu << OF_ACCT_SHIFT)) | ((uint32_t)id << OF_ACCT_SHIFT);
    a->fresh += bytes;
    user_total += bytes;
}

void gc_account_charge(Val v, int id)
{
    if (!IS_PTR(v) || !gc_is_heap_ptr(v) || id <= 0 || id >= GC_ACCOUNTS)
        return;
    Obj *o = AS_OBJ(v);
    if (!(o->flags >> OF_ACCT_SHIFT) && !(o->flags & (OF_INTERNED | OF_STATIC)))
        charge(o, id);
}

static void *alloc_chunk(Type *type, size_t bytes)
{
    size_t n = (bytes + GRAN - 1) / GRAN;
    if (n < 2)
        n = 2;
    if (n > 0xffffffffu)
        return NULL;
    int account = vm_current_thread ? vm_current_thread->account : 0;
    if (account && !charge_allowed(account, n * GRAN))
        return NULL;
    /* collect regularly, not only when full, so live data stays packed low and
     * the top of the heap remains free for large buffers */
    allocated_since_gc += n * GRAN;
    if (allocated_since_gc > (size_t)(heap_hi - heap_lo) / 8 && !collecting)
        gc_collect();
    size_t got;
    void *p = take(n, &got);
    if (!p && !collecting) {
        gc_collect();
        p = take(n, &got);
    }
    if (!p)
        return NULL;
    n = got;
    memset(p, 0, n * GRAN);
    Obj *o = p;
    o->type = type;
    o->ngran = (uint32_t)n;
    set_start(p);
    if (account)
        charge(o, account);
    return p;
}

void *gc_alloc(Type *type, size_t bytes)
{
    void *p = alloc_chunk(type, bytes);
    if (!p) {
        raise(e_MemoryError, NULL);
        return NULL;
    }
    return p;
}

void *gc_alloc_raw(size_t bytes)
{
    Raw *r = gc_alloc(kr_types[K_RAW], sizeof(Raw) + bytes);
    if (r)
        r->cap = (size_t)r->h.ngran * GRAN - sizeof(Raw);
    return r;
}

RawVals *gc_alloc_vals(size_t n)
{
    RawVals *r = gc_alloc(kr_types[K_RAWVALS], sizeof(RawVals) + n * sizeof(Val));
    if (r)
        r->cap = ((size_t)r->h.ngran * GRAN - sizeof(RawVals)) / sizeof(Val);
    return r;
}

/* ---- marking ---- */

static inline void push_obj(Obj *o)
{
    if (o->flags & OF_MARK)
        return;
    o->flags |= OF_MARK;
    if (mark_sp < MARK_STACK_SIZE)
        mark_stack[mark_sp++] = o;
    else
        mark_overflow = true;
}

static inline void mark_ptr(const void *p)
{
    if (p && (uintptr_t)p >= (uintptr_t)heap_lo && (uintptr_t)p < (uintptr_t)heap_hi)
        push_obj((Obj *)p);
}

void gc_mark_val(Val v)
{
    if (IS_PTR(v))
        mark_ptr((void *)v);
}

/* A word that may or may not be a pointer: find the live object containing it. */
static void mark_maybe(uintptr_t w)
{
    if (w < (uintptr_t)heap_lo || w >= (uintptr_t)bump)
        return;
    size_t i = gran_index((void *)w);
    size_t limit = 1u << 20;
    while (!is_start(i)) {
        if (i == 0 || limit-- == 0)
            return;
        i--;
        if ((i & 63) == 63 && start_bits[i >> 6] == 0) {
            /* skip empty bitmap words quickly */
            while (i >= 64 && start_bits[i >> 6] == 0)
                i -= 64;
            if (start_bits[i >> 6] == 0)
                return;
        }
    }
    Obj *o = (Obj *)(heap_lo + i * GRAN);
    if (o->type == NULL || w >= (uintptr_t)o + (size_t)o->ngran * GRAN)
        return;
    push_obj(o);
}

static void scan_range(uintptr_t lo, uintptr_t hi)
{
    lo = (lo + 7) & ~(uintptr_t)7;
    for (uintptr_t p = lo; p + 8 <= hi; p += 8)
        mark_maybe(*(uintptr_t *)p);
}

static void mark_vals(const Val *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (IS_PTR(v[i]))
            mark_ptr((void *)v[i]);
}

static void trace_frame(Frame *f)
{
    mark_ptr(f->code);
    mark_ptr(f->func);
    gc_mark_val(f->globals);
    gc_mark_val(f->locals);
    Code *c = f->code;
    size_t nslots = FRAME_NSLOTS(c);
    for (size_t i = 0; i < nslots; i++)
        mark_maybe(f->slots[i]);
}

static void trace(Obj *o)
{
    Type *t = o->type;
    mark_ptr(t);
    switch (t->kind) {
    case K_INT: case K_FLOAT: case K_STR: case K_BYTES: case K_RAW: case K_RANGE:
    case K_NONE: case K_BOOL: case K_ELLIPSIS: case K_NOTIMPL:
        break;
    case K_RAWVALS: {
        RawVals *r = (RawVals *)o;
        for (size_t i = 0; i < r->cap; i++)
            mark_maybe(r->v[i]);
        break;
    }
    case K_BYTEARRAY: mark_ptr(((ByteArray *)o)->buf); break;
    case K_MEMVIEW: gc_mark_val(((MemView *)o)->base); break;
    case K_TUPLE: mark_vals(((Tuple *)o)->items, ((Tuple *)o)->len); break;
    case K_LIST: {
        List *l = (List *)o;
        if (l->items) {
            push_obj(&l->items->h);
            l->items->h.flags |= OF_MARK;
            mark_vals(l->items->v, l->len);
        }
        gc_mark_val(l->idict);
        break;
    }
    case K_DICT: {
        Dict *d = (Dict *)o;
        if (d->index)
            d->index->h.flags |= OF_MARK;
        if (d->entries) {
            d->entries->h.flags |= OF_MARK;
            DictEntry *e = (DictEntry *)d->entries->d;
            for (size_t i = 0; i < d->nentries; i++)
                if (e[i].key) {
                    gc_mark_val(e[i].key);
                    gc_mark_val(e[i].value);
                }
        }
        gc_mark_val(d->idict);
        break;
    }
    case K_SET: case K_FROZENSET: {
        Set *s = (Set *)o;
        if (s->table) {
            s->table->h.flags |= OF_MARK;
            SetEntry *e = (SetEntry *)s->table->d;
            for (size_t i = 0; i <= s->mask; i++)
                gc_mark_val(e[i].key);
        }
        break;
    }
    case K_SLICE: { Slice *s = (Slice *)o; gc_mark_val(s->start); gc_mark_val(s->stop); gc_mark_val(s->step); break; }
    case K_CELL: gc_mark_val(((Cell *)o)->v); break;
    case K_CODE: {
        Code *c = (Code *)o;
        gc_mark_val(c->name); gc_mark_val(c->qualname); gc_mark_val(c->filename);
        gc_mark_val(c->bytecode); gc_mark_val(c->consts); gc_mark_val(c->names);
        gc_mark_val(c->varnames); gc_mark_val(c->cellvars); gc_mark_val(c->freevars);
        gc_mark_val(c->linetable); gc_mark_val(c->cell2arg); gc_mark_val(c->name_cache);
        break;
    }
    case K_FUNC: {
        Func *f = (Func *)o;
        mark_ptr(f->code); gc_mark_val(f->globals); gc_mark_val(f->defaults);
        gc_mark_val(f->kwdefaults); gc_mark_val(f->closure); gc_mark_val(f->name);
        gc_mark_val(f->qualname); gc_mark_val(f->dict); gc_mark_val(f->module);
        break;
    }
    case K_NATIVE: {
        Native *n = (Native *)o;
        gc_mark_val(n->name); gc_mark_val(n->self); gc_mark_val(n->owner);
        break;
    }
    case K_BOUND: gc_mark_val(((Bound *)o)->self); gc_mark_val(((Bound *)o)->func); break;
    case K_MODULE: gc_mark_val(((Module *)o)->name); gc_mark_val(((Module *)o)->dict); break;
    case K_TYPE: {
        Type *ty = (Type *)o;
        gc_mark_val(ty->name); mark_ptr(ty->base); gc_mark_val(ty->dict); gc_mark_val(ty->module);
        break;
    }
    case K_OBJECT: case K_INSTANCE: gc_mark_val(((Instance *)o)->dict); break;
    case K_EXC: {
        Exc *e = (Exc *)o;
        gc_mark_val(e->dict); gc_mark_val(e->args); gc_mark_val(e->tb);
        gc_mark_val(e->context); gc_mark_val(e->cause);
        break;
    }
    case K_GEN: {
        Gen *g = (Gen *)o;
        gc_mark_val(g->name); gc_mark_val(g->qualname); gc_mark_val(g->frame_raw);
        if (g->frame && !g->finished)
            trace_frame(g->frame);
        break;
    }
    case K_PROPERTY: {
        Property *p = (Property *)o;
        gc_mark_val(p->fget); gc_mark_val(p->fset); gc_mark_val(p->fdel); gc_mark_val(p->doc);
        break;
    }
    case K_STATICM: case K_CLASSM: gc_mark_val(((Wrapper *)o)->f); break;
    case K_SUPER: mark_ptr(((Super *)o)->type); gc_mark_val(((Super *)o)->obj); break;
    case K_ITER: { Iter *it = (Iter *)o; gc_mark_val(it->seq); gc_mark_val(it->a); gc_mark_val(it->b); break; }
    case K_DICTVIEW: gc_mark_val(((DictView *)o)->dict); break;
    default:
        break;
    }
    /* instances of user subclasses of builtins keep attributes in a dict slot */
    if ((t->flags & TF_USER) && t->kind == K_EXC)
        gc_mark_val(((Exc *)o)->dict);
}

static void drain(void)
{
    for (;;) {
        while (mark_sp > 0)
            trace(mark_stack[--mark_sp]);
        if (!mark_overflow)
            return;
        mark_overflow = false;
        for (uint8_t *p = heap_lo; p < bump; p += (size_t)((Obj *)p)->ngran * GRAN) {
            Obj *o = (Obj *)p;
            if (o->type && (o->flags & OF_MARK))
                trace(o);
            if (mark_sp >= MARK_STACK_SIZE / 2)
                while (mark_sp > 0)
                    trace(mark_stack[--mark_sp]);
        }
    }
}

static void scan_thread_state(Thread *t)
{
    gc_mark_val(t->cur_exc);
    gc_mark_val(t->handled_exc);
    gc_mark_val(t->umods);
    gc_mark_val(t->ubuiltins);
    gc_mark_val(t->async_exc);
    gc_mark_val(t->arena);      /* (its frames in use are on the chain below; the rest is dead) */
    for (Frame *f = t->frame; f; f = f->back) {
        if (!f->heap)
            trace_frame(f);
    }
}

static void __attribute__((noinline)) scan_current_stack(void)
{
    uintptr_t regs[8];
    __asm__ volatile(
        "mov %%rbx, 0(%0)\n\tmov %%rbp, 8(%0)\n\tmov %%r12, 16(%0)\n\t"
        "mov %%r13, 24(%0)\n\tmov %%r14, 32(%0)\n\tmov %%r15, 40(%0)\n\t"
        : : "r"(regs) : "memory");
    regs[6] = regs[7] = 0;
    uintptr_t lo, hi;
    port_stack_bounds(&lo, &hi);
    if (vm_current_thread && vm_current_thread->stack_hi)
        hi = vm_current_thread->stack_hi;
    scan_range((uintptr_t)regs, hi);
}

/* Zero the dead C stack just below the caller. The stack scan is conservative: words left there
 * by finished calls become the never-written padding of later frames and would keep objects the
 * program has dropped alive. Called where a program drops a reference on purpose (del). The
 * size stays well inside the stack margin that check_recursion() keeps free. */
#define SCRUB_BYTES 2048
void __attribute__((noinline)) gc_scrub_stack(void)
{
    Val dead[SCRUB_BYTES / sizeof(Val)];
    for (size_t i = 0; i < SCRUB_BYTES / sizeof(Val); i++)
        dead[i] = 0;
    __asm__ volatile("" : : "r"(dead) : "memory");    /* the stores must happen */
}

static FreeChunk **large_tail;

/* Sweep-time filing: runs are appended so both lists stay address-ordered. */
static void sweep_free(uint8_t *p, size_t ngran)
{
    FreeChunk *c = free_header(p, ngran);
    free_bytes += ngran * GRAN;
    if (ngran < NSMALL) {
        *holes_tail = c;
        holes_tail = &c->next;
        return;
    }
    *large_tail = c;
    large_tail = &c->next;
}

void external_finalize(Obj *o, void (*hook)(void *, size_t));
static void (*external_free_hook)(void *ptr, size_t len);

void vm_set_external_free_hook(void (*fn)(void *ptr, size_t len)) { external_free_hook = fn; }

static void sweep(void)
{
    for (int i = 0; i < NSMALL; i++)
        free_small[i] = NULL;
    free_large = NULL;
    large_tail = &free_large;
    holes = NULL;
    holes_tail = &holes;
    carve_run = NULL;
    free_bytes = 0;
    for (int i = 1; i < GC_ACCOUNTS; i++) {
        accounts[i].live = 0;
        accounts[i].fresh = 0;
    }
    uint8_t *p = heap_lo;
    uint8_t *run = NULL;
    while (p < bump) {
        Obj *o = (Obj *)p;
        size_t n = o->ngran;
        if (o->type && (o->flags & OF_MARK)) {
            o->flags &= ~OF_MARK;
            uint32_t id = o->flags >> OF_ACCT_SHIFT;
            if (id) {
                if (accounts[id].state == ACCT_ACTIVE)
                    accounts[id].live += n * GRAN;
                else
                    o->flags &= ~(0xFFu << OF_ACCT_SHIFT);     /* its process ended: the kernel's now */
            }
            if (run) {
                sweep_free(run, gran_index(p) - gran_index(run));
                run = NULL;
            }
        } else {
            if (o->type && (o->flags & OF_EXTERNAL))
                external_finalize(o, external_free_hook);
            if (o->type)
                clear_start(p);
            if (!run)
                run = p;
        }
        p += n * GRAN;
    }
    if (run)
        bump = run;   /* a free tail becomes fresh bump space again */
    user_total = 0;
    for (int i = 1; i < GC_ACCOUNTS; i++) {
        if (accounts[i].state == ACCT_DRAINING)
            accounts[i].state = ACCT_FREE;
        else if (accounts[i].state == ACCT_ACTIVE)
            user_total += accounts[i].live;
    }
}

extern Thread *kr_all_threads;
void str_intern_sweep(void);

static uint64_t collections;

uint64_t gc_collections(void) { return collections; }

void gc_collect(void)
{
    if (collecting)
        return;
    collecting = true;
    collections++;
    allocated_since_gc = 0;
    mark_sp = 0;
    mark_overflow = false;
    for (int i = 0; i < nroots; i++)
        gc_mark_val(*roots[i]);
    for (int k = 0; k < K_COUNT; k++)
        mark_ptr(kr_types[k]);
    for (Thread *t = kr_all_threads; t; t = t->next)
        scan_thread_state(t);
    scan_current_stack();
    if (stack_enum)
        stack_enum(scan_range);
    drain();
    str_intern_sweep();
    sweep();
    type_attr_epoch++;      /* caches keyed by addresses (type.c) may name freed objects now */
    collecting = false;
}
