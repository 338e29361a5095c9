/* obj.h: the object model shared by every part of the VM.
 *
 * A Val is a machine word: small ints are tagged (low bit 1), None/True/False/
 * Ellipsis/NotImplemented are immediates (low bits 10), anything else is a
 * pointer to a heap object that starts with an Obj header. */
#ifndef KRAIT_OBJ_H
#define KRAIT_OBJ_H
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "vm.h"
#include "bignum.h"

#define V_NULL ((Val)0)
#define V_NONE ((Val)0x2)
#define V_FALSE ((Val)0x6)
#define V_TRUE ((Val)0xA)
#define V_ELLIPSIS ((Val)0xE)
#define V_NOTIMPL ((Val)0x12)

#define IS_INT(v) (((v) & 1) != 0)
#define IS_PTR(v) (((v) & 3) == 0 && (v) != 0)
#define INT_VAL(v) ((intptr_t)(v) >> 1)
#define MK_INT(n) ((Val)(((uintptr_t)(intptr_t)(n) << 1) | 1))
#define SMALL_MAX (((intptr_t)1 << 61) - 1)
#define SMALL_MIN (-((intptr_t)1 << 61))
#define FITS_SMALL(n) ((n) >= SMALL_MIN && (n) <= SMALL_MAX)
#define MK_BOOL(b) ((b) ? V_TRUE : V_FALSE)
#define AS_OBJ(v) ((Obj *)(v))

/* Layout kinds: how the C code treats an object. User classes carry the kind
 * of their nearest builtin base. */
enum {
    K_NONE, K_BOOL, K_INT, K_FLOAT, K_STR, K_BYTES, K_BYTEARRAY, K_MEMVIEW,
    K_TUPLE, K_LIST, K_DICT, K_SET, K_FROZENSET, K_RANGE, K_SLICE,
    K_FUNC, K_NATIVE, K_BOUND, K_CODE, K_CELL, K_MODULE, K_TYPE, K_OBJECT,
    K_INSTANCE, K_EXC, K_GEN, K_PROPERTY, K_STATICM, K_CLASSM, K_SUPER,
    K_ITER, K_DICTVIEW, K_ELLIPSIS, K_NOTIMPL, K_RAW, K_RAWVALS, K_FRAME,
    K_COUNT
};

typedef struct Type Type;
typedef struct Obj {
    Type *type;
    uint32_t ngran;    /* size in 16-byte granules (the allocator's) */
    uint32_t flags;    /* GC mark and per-kind bits */
} Obj;

#define OF_MARK 1u
#define OF_INTERNED 2u
#define OF_STATIC 4u
#define OF_EXTERNAL 8u    /* a Raw naming memory outside the heap: finalized when collected */
#define OF_USERDICT 16u   /* a dict that is a process module's globals (userland.c) */
#define OF_TYPEDICT 32u   /* a dict that is a class's namespace: any change to it moves type_attr_epoch */
#define OF_ACCT_SHIFT 24  /* bits 24..31: the allocation account charged for the object (gc.c) */

/* Type flags */
#define TF_USER 1u        /* a class statement made it: dunders live in its dict */
#define TF_EXC 2u         /* BaseException or a subclass */
#define TF_BASETYPE 4u    /* may be subclassed */
#define TF_HAS_GETATTR 8u /* defines __getattr__ */
#define TF_HAS_SETATTR 16u
#define TF_PLAIN_ATTRS 32u /* cached by type_plain_attrs(): no property, __setattr__ or __delattr__ in the MRO */

struct Type {
    Obj h;
    Val name;          /* str */
    Type *base;
    Val dict;          /* dict of attributes */
    Val module;        /* str or None */
    uint32_t kind;
    uint32_t flags;
    size_t cache_version;  /* type_attr_epoch when TF_PLAIN_ATTRS was last computed */
    uint32_t idict_size;   /* most attributes an instance dict of this class has held: new ones are made that big */
};

/* Whether the instance attributes of t are plain entries of the instance dict: then reading one
 * needs no property check in the class chain and writing one goes straight to the dict (two dict
 * lookups per class in the chain saved on every attribute access). Computed on first use and again
 * after any class dict changed (type_attr_epoch moves). */
extern size_t type_attr_epoch;
void type_plain_attrs_refresh(Type *t);
static inline bool type_plain_attrs(Type *t)
{
    if (t->cache_version != type_attr_epoch)
        type_plain_attrs_refresh(t);
    return (t->flags & TF_PLAIN_ATTRS) != 0;
}
/* Whether storing instance attribute `name` on a K_INSTANCE of t (kernel mode) is a plain store
 * into the instance dict: no __setattr__ of a class and no property of that name intercepts it. */
bool type_store_plain(Type *t, Val name);


typedef struct Int { Obj h; bn_t n; } Int;            /* big ints only */
typedef struct Float { Obj h; double d; } Float;
typedef struct Str {
    Obj h;
    int64_t hash;      /* -1: not computed yet */
    uint32_t len;      /* bytes */
    uint32_t nchars;   /* code points */
    char s[];          /* NUL-terminated UTF-8 */
} Str;
typedef struct Bytes { Obj h; int64_t hash; size_t len; uint8_t d[]; } Bytes;
typedef struct Raw { Obj h; size_t cap; uint8_t d[]; } Raw;      /* untraced storage */
typedef struct RawVals { Obj h; size_t cap; Val v[]; } RawVals; /* traced storage (conservatively) */
typedef struct ByteArray { Obj h; size_t len; Raw *buf; } ByteArray;
typedef struct MemView { Obj h; Val base; size_t off; size_t len; bool readonly; bool released; intptr_t step; } MemView;
uint8_t *memview_base(MemView *m, size_t *baselen);
uint8_t *memview_span_slow(Val v, bool for_write);
/* What a memoryview over memory outside the heap (a DMA buffer) holds in its Raw owner (bytes.c). */
typedef struct ExternalSpan { uint8_t *ptr; size_t len; } ExternalSpan;
/* Not released, and its external memory (if any) not freed explicitly: a freed span's owner is a plain
 * Raw then (memview_released() raises for the rest). */
static inline bool memview_live(MemView *m)
{
    Obj *owner = (Obj *)m->base;
    return !m->released && ((owner->flags & OF_EXTERNAL) || owner->type->kind != K_RAW);
}
/* A plain view's bytes, or NULL (see bytes.c). A view of external memory (every packet buffer) is
 * answered here, without a call. */
static inline uint8_t *memview_span(Val v, bool for_write)
{
    MemView *m = (MemView *)v;
    Obj *owner = (Obj *)m->base;
    if (!m->released && m->step == 1 && !(for_write && m->readonly) && (owner->flags & OF_EXTERNAL)) {
        ExternalSpan *span = (ExternalSpan *)((Raw *)owner)->d;
        if (m->off + m->len <= span->len)
            return span->ptr + m->off;
    }
    return memview_span_slow(v, for_write);
}
typedef struct Tuple { Obj h; int64_t hash; size_t len; Val items[]; } Tuple;
typedef struct List { Obj h; size_t len; RawVals *items; Val idict; } List;

typedef struct DictEntry { Val key; Val value; int64_t hash; } DictEntry;
typedef struct Dict {
    Obj h;
    uint64_t keys_version;  /* see dict_keys_changed(): equal tags mean the same dict with the same keys at the same entries */
    size_t used;       /* live entries */
    size_t nentries;   /* entries slots filled (live + deleted) */
    size_t ecap;       /* entries capacity */
    size_t isize;      /* index table size, power of 2 */
    Raw *entries;      /* DictEntry[] */
    Raw *index;        /* int32_t[]: -1 empty, -2 deleted */
    Val idict;         /* instance dict for dict subclasses (unused: 0) */
} Dict;

typedef struct SetEntry { Val key; int64_t hash; } SetEntry;
typedef struct Set {
    Obj h;
    size_t fill, used, mask;
    Raw *table;        /* SetEntry[mask + 1] */
    int64_t hash;      /* frozenset: cached, -1 unknown */
} Set;

typedef struct Range { Obj h; intptr_t start, stop, step; } Range;
typedef struct Slice { Obj h; Val start, stop, step; } Slice;
typedef struct Cell { Obj h; Val v; } Cell;

typedef struct Code {
    Obj h;
    Val name, qualname, filename;   /* str */
    Val bytecode;                   /* bytes */
    Val consts, names, varnames, cellvars, freevars; /* tuples */
    Val linetable;                  /* bytes: (addr delta, line delta) pairs */
    Val cell2arg;                   /* bytes or None */
    Val name_cache;                 /* Raw: one NameCache per entry of names */
    uint16_t argcount, posonlycount, kwonlycount, nlocals, ncells, nfrees, stacksize, flags;
    uint32_t firstline;
    uint32_t nslots;                /* a frame's slots: nlocals + ncells + nfrees + stacksize (set by the loader) */
} Code;
/* What the interpreter learned about one name of a code object, to skip dict probes next time.
 * Only ever a hint: each use validates it (keys versions, or the entry's key) before trusting it. */
typedef struct NameCache {
    uint64_t globals_version;   /* LOAD_GLOBAL: keys version of the globals when filled; 0: empty */
    uint64_t builtins_version;  /* 0: found in the globals; else the builtins' keys version */
    uint32_t index;             /* entry index of the name in the dict that held it */
    uint32_t attr_hint;         /* attribute access: last entry index of the name in an object's dict */
    /* Per class, while type_attr_epoch (which also moves after every collection) stays where it was:
     * STORE_ATTR: site_type's instances take this name as a plain dict store;
     * LOAD_METHOD: site_type's plain method of this name is site_method (kept alive by the class);
     * LOAD_ATTR: site_type (a class with properties) has none of this name, so an instance's own value wins. */
    struct Type *site_type;
    size_t site_epoch;          /* SITE_TAG(role): the epoch and which of the two the entry says */
    Val site_method;
} NameCache;
#define SITE_STORE 0
#define SITE_METHOD 1
#define SITE_LOAD 2
#define SITE_TAG(role) ((type_attr_epoch << 2) | (role))
#define CODE_NAME_CACHE(co) ((NameCache *)((Raw *)(co)->name_cache)->d)

#define CO_VARARGS 1
#define CO_VARKW 2
#define CO_GENERATOR 4
#define CO_CLASSBODY 8
#define CO_MODULE 16
#define CO_NESTED 32
/* Set by the loader: positional parameters only, no cells, not a generator. A call passing exactly
 * argcount positional arguments binds them by copying (func_call's fast path). */
#define CO_PLAIN_ARGS 0x8000

typedef struct Func {
    Obj h;
    Code *code;
    Val globals;       /* dict */
    Val defaults;      /* tuple or 0 */
    Val kwdefaults;    /* dict or 0 */
    Val closure;       /* tuple of cells or 0 */
    Val name, qualname;
    Val dict;          /* attributes, lazily */
    Val module;
} Func;

typedef Val (*NativeFn)(Val *args, int nargs, Val kwnames);
typedef struct Native {
    Obj h;
    NativeFn fn;
    Val name;          /* str */
    Val self;          /* bound receiver or 0 */
    Val owner;         /* type it belongs to or 0 */
    uint32_t flags;    /* NF_METHOD: receives self as args[0] */
} Native;
#define NF_METHOD 1
#define NF_CLASSMETHOD 2

typedef struct Bound { Obj h; Val self; Val func; } Bound;
typedef struct Module { Obj h; Val name; Val dict; } Module;
typedef struct Instance { Obj h; Val dict; } Instance;
typedef struct Exc {
    Obj h;
    Val dict;
    Val args;          /* tuple */
    Val tb;            /* list of (code, offset) pairs flattened, or 0 */
    Val context, cause;
    bool suppress_context;
} Exc;
typedef struct Property { Obj h; Val fget, fset, fdel, doc; } Property;
typedef struct Wrapper { Obj h; Val f; } Wrapper;   /* staticmethod, classmethod */
typedef struct Super { Obj h; Type *type; Val obj; } Super;

/* Generic iterator for builtins: `kind` chooses the behaviour. */
enum { IT_SEQ, IT_RANGE, IT_STR, IT_DICT_KEYS, IT_DICT_VALUES, IT_DICT_ITEMS, IT_SET,
       IT_ENUMERATE, IT_ZIP, IT_MAP, IT_FILTER, IT_REVERSED, IT_CALLABLE, IT_GETITEM,
       IT_BYTES };
typedef struct Iter {
    Obj h;
    int kind;
    Val seq;           /* what is iterated */
    intptr_t i, stop, step;
    Val a, b;          /* extra: enumerate counter / zip iterators / map function */
} Iter;
typedef struct DictView { Obj h; Val dict; int kind; } DictView; /* kind: IT_DICT_* */

/* Frames and threads */
typedef struct Block { uint16_t handler; uint16_t level; } Block;
#define MAX_BLOCKS 20
typedef struct Frame {
    struct Frame *back;
    Code *code;
    Func *func;
    Val globals;
    Val locals;        /* dict for module/class bodies, else 0 */
    uint8_t *ip;
    Val *sp;
    Val *stack;        /* base of the value stack */
    int nblocks;
    bool heap;         /* lives in a generator */
    bool yielded;      /* the last exit was a yield */
    int call_nclear;   /* 0, or the frame is in the thread's frame arena, run by its caller's eval_frame (see
                        * interp.c), and this is how many stack words of the call the caller clears on return */
    Block blocks[MAX_BLOCKS];
    Val slots[];       /* nlocals, then cells (ncells + nfrees), then the stack */
} Frame;
#define FRAME_WORDS ((sizeof(Frame) + sizeof(Val) - 1) / sizeof(Val))
#define FRAME_NSLOTS(c) ((size_t)(c)->nslots)

static inline Frame *frame_header(void *mem, Func *fn, Code *c)
{
    Frame *f = mem;
    f->back = NULL;
    f->code = c;
    f->func = fn;
    f->globals = fn->globals;
    f->locals = V_NULL;
    f->ip = ((Bytes *)c->bytecode)->d;
    f->stack = f->slots + (c->nslots - c->stacksize);
    f->sp = f->stack;
    f->nblocks = 0;
    f->heap = false;
    f->yielded = false;
    f->call_nclear = 0;
    return f;
}

/* Clear n slots: locals read as unbound, and no stale word in the value stack for the
 * conservative stack scan. Two at a time: most frames have a dozen slots or so. */
static inline void clear_slots(Val *p, size_t n)
{
    for (; n >= 2; n -= 2, p += 2)
        p[0] = p[1] = V_NULL;
    if (n)
        p[0] = V_NULL;
}

typedef struct Gen {
    Obj h;
    Frame *frame;      /* points into body */
    Val name, qualname;
    bool running, started, finished;
    Val frame_raw;     /* Raw holding the frame */
} Gen;

struct vm_thread {
    Frame *frame;      /* innermost running Python frame */
    Val cur_exc;       /* exception being raised (between raise and handler) */
    Val handled_exc;   /* exception being handled (sys.exc_info) */
    int depth;         /* Python call depth */
    int reprdepth;
    uintptr_t stack_lo, stack_hi;
    bool reraise;      /* the pending exception is a re-raise: no new traceback entry */
    bool user_mode;    /* running a process's code: imports and introspection restricted (userland.c) */
    bool async_sticky; /* async_exc is raised again at every user-mode safepoint (a kill) */
    uint8_t account;   /* allocation account charged in user mode (gc.c); 0: none */
    Val umods;         /* the process's modules (its sys.modules) while it runs */
    Val ubuiltins;     /* the process's builtins (a copy it may change) while it runs */
    Val async_exc;     /* raised at the next user-mode safepoint (Ctrl-C, kill), or 0 */
    Val arena;         /* Raw: the frames of Python-to-Python calls eval_frame runs without recursing */
    Val *arena_top, *arena_end;     /* its free part (both NULL until the first such call) */
    struct vm_thread *next;
};
typedef vm_thread Thread;
#define TS (vm_current_thread)

/* ---- Global runtime state ---- */
extern Type *kr_types[K_COUNT];
#define TYPE_OF_KIND(k) (kr_types[k])
extern Val kr_builtins;      /* dict */
extern Val kr_builtin_len;   /* builtins.len (the interpreter calls it without a call for the common types) */
extern Val kr_modules;       /* dict name -> module */
extern Val kr_bundle_mods;   /* dict name -> (filename, code, is_pkg) */
extern Val kr_native_mods;   /* dict name -> module factory (native module object) */
extern int kr_recursion_limit;

/* Builtin exception types */
extern Type *e_BaseException, *e_Exception, *e_TypeError, *e_ValueError, *e_KeyError,
    *e_IndexError, *e_AttributeError, *e_NameError, *e_UnboundLocalError, *e_ZeroDivisionError,
    *e_StopIteration, *e_RuntimeError, *e_RecursionError, *e_MemoryError, *e_OverflowError,
    *e_NotImplementedError, *e_AssertionError, *e_ImportError, *e_ModuleNotFoundError,
    *e_LookupError, *e_ArithmeticError, *e_OSError, *e_SystemExit, *e_KeyboardInterrupt,
    *e_GeneratorExit, *e_UnicodeError, *e_UnicodeDecodeError, *e_UnicodeEncodeError,
    *e_BufferError, *e_EOFError, *e_StopAsyncIteration, *e_SyntaxError, *e_TimeoutError,
    *e_ConnectionError, *e_ConnectionResetError, *e_BrokenPipeError, *e_ConnectionRefusedError,
    *e_ConnectionAbortedError, *e_FileNotFoundError, *e_FileExistsError, *e_PermissionError,
    *e_BlockingIOError, *e_InterruptedError, *e_IsADirectoryError, *e_NotADirectoryError,
    *e_ProcessLookupError, *e_ChildProcessError, *e_Warning, *e_DeprecationWarning,
    *e_UserWarning, *e_RuntimeWarning, *e_SystemError;

/* ---- gc.c ---- */
void gc_init(void *heap, size_t size);
void *gc_alloc(Type *type, size_t bytes);        /* NULL + MemoryError raised on failure */
void *gc_alloc_raw(size_t bytes);                /* Raw storage */
RawVals *gc_alloc_vals(size_t n);
void gc_collect(void);
void gc_add_root(Val *slot);
size_t gc_heap_size(void);
size_t gc_heap_free(void);
uint64_t gc_collections(void);                  /* completed collections */
bool gc_is_heap_ptr(uintptr_t p);
void gc_mark_val(Val v);
void gc_scrub_stack(void);                       /* clear dead stack words (see gc.c) */
/* Allocation accounts: what a process allocates in user mode is charged to its
 * account; each collection recounts the live bytes per account. */
#define GC_ACCOUNTS 64
int gc_account_new(size_t limit);                /* id 1..GC_ACCOUNTS-1, 0 when none is free */
void gc_account_free(int id);                    /* its objects become the kernel's at the next collection */
bool gc_account_usage(int id, size_t *used, size_t *limit);
void gc_set_user_limit(size_t bytes);            /* all accounts together; 0: no limit */
size_t gc_user_total(void);
void gc_account_charge(Val v, int id);           /* charge an object allocated outside the account to it */

/* ---- kstring.c ---- */
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t kstrlen(const char *s);
int kstrcmp(const char *a, const char *b);

/* ---- type.c: types, attributes, instances ---- */
Type *type_of_immediate(Val v);     /* the type of a non-pointer value other than a small int */
/* Inline: called from nearly every generic operation (an out-of-line call and return cost a translated
 * branch lookup each under QEMU's TCG). */
static inline Type *type_of(Val v)
{
    if (IS_PTR(v))
        return AS_OBJ(v)->type;
    if (IS_INT(v))
        return kr_types[K_INT];
    return type_of_immediate(v);
}
Type *type_new_builtin(const char *name, Type *base, uint32_t kind);
void type_add_method(Type *t, const char *name, NativeFn fn);
void type_add_classmethod(Type *t, const char *name, NativeFn fn);
void type_add_static(Type *t, const char *name, NativeFn fn);
Val type_lookup(Type *t, Val name);              /* through the base chain; 0 if absent */
bool type_is_subtype(Type *t, Type *base);
bool is_instance(Val v, Type *t);
Val getattr(Val obj, Val name);                  /* raises AttributeError */
Val getattr_opt(Val obj, Val name);              /* 0 without raising when missing */
bool setattr(Val obj, Val name, Val value);
bool delattr(Val obj, Val name);
/* Method lookup for calls: *self set when the result is an unbound function to call with it. */
Val getmethod(Val obj, Val name, Val *self);
Val type_call(Type *t, Val *args, int nargs, Val kwnames);
Val build_class(Val body, Val name, Val *bases, int nbases, Val kwnames);
Val instance_new(Type *t);
Val lookup_special(Val obj, Val name);           /* a dunder on the type, bound; 0 if absent */
Val call_special(Val obj, Val name, Val *args, int nargs, bool *found);
Val type_name_v(Val v);
Val *dict_slot(Val obj);
extern Type *t_dict_keys, *t_dict_values, *t_dict_items;
Val run_class_body(Func *f, Val ns);
Val default_repr(Val v);
Val exc_str(Val e);
Val exc_init_args(Val self, Val *args, int nargs);
intptr_t range_len(Range *r);
Val range_getitem(Val r, Val idx);
int range_contains(Val r, Val x);
Val set_union(Val a, Val b);
Val set_intersection(Val a, Val b);
Val set_difference(Val a, Val b);
Val set_symdiff(Val a, Val b);
int set_issubset(Val a, Val b);
void str_methods_init(void);
Val iter_new(int kind, Val seq);
const char *type_name(Val v);
void types_init(void);

/* ---- int.c / num.c ---- */
Val int_from_i64(int64_t n);
Val int_from_u64(uint64_t n);
Val int_from_bn(bn_t *b);
bn_t *int_to_bn(Val v);                          /* temporary bn for small ints too */
bool int_to_i64_slow(Val v, int64_t *out);
static inline bool int_to_i64(Val v, int64_t *out)    /* false on overflow (no raise) */
{
    if (IS_INT(v)) { *out = INT_VAL(v); return true; }
    return int_to_i64_slow(v, out);
}
Val int_binop(int op, Val a, Val b);             /* a, b ints (or bools) */
Val int_neg(Val a);
Val int_invert(Val a);
int int_cmp(Val a, Val b);
int64_t int_hash(Val v);
Val int_to_str(Val v, int base);
Val int_parse(const char *s, size_t len, int base);
bool is_int(Val v);                              /* int or bool */
Val float_new(double d);
#define FLOAT_VAL(v) (((Float *)(v))->d)
bool num_to_double(Val v, double *out);          /* int/bool/float */
Val float_binop(int op, double a, double b);
int64_t float_hash(double d);
Val float_repr(double d);
void num_init(void);
Val int_true_index(Val v, int64_t *out);         /* __index__-like: int or bool */
uint64_t int_bits(Val v);                        /* bit length of |v| */
bool user_int_fits(uint64_t bits);               /* false (MemoryError raised) past a process's int size */

/* ---- str.c ---- */
Val str_new(const char *s, size_t len);          /* validates nothing: UTF-8 expected */
Val str_from_cstr(const char *s);
Val str_intern(Val s);
Val str_intern_c(const char *s);
Val str_cat(Val a, Val b);
bool str_eq(Val a, Val b);
int64_t str_hash_compute(Val s);
static inline int64_t str_hash(Val s)            /* cached after the first time */
{
    int64_t h = ((const struct Str *)s)->hash;
    return h != -1 ? h : str_hash_compute(s);
}
int str_cmp(Val a, Val b);
Val str_getitem(Val s, Val idx);
Val str_from_codepoint(uint32_t cp);
size_t utf8_encode(uint32_t cp, char *out);
uint32_t utf8_decode(const char *s, size_t *adv);
size_t utf8_count(const char *s, size_t len);
const char *str_offset(Str *s, size_t cp_index);
bool str_contains(Val hay, Val needle);
Val str_mod_format(Val fmt, Val args);
Val str_repr(Val s);
void str_init(void);
#define STR(v) ((Str *)(v))
#define IS_STR(v) (IS_PTR(v) && (AS_OBJ(v)->type == kr_types[K_STR] || type_of(v)->kind == K_STR))
#define CSTR(v) (((Str *)(v))->s)
/* The ASCII single-character strings, preallocated. */
extern Val kr_chars[128];
extern Val kr_empty_str;

/* ---- sbuf: a growable byte buffer in the GC heap ---- */
typedef struct SBuf { Raw *raw; size_t len; } SBuf;
void sb_init(SBuf *b, size_t cap);
bool sb_add(SBuf *b, const char *s, size_t n);
bool sb_addc(SBuf *b, char c);
bool sb_adds(SBuf *b, const char *s);
bool sb_addv(SBuf *b, Val strv);
Val sb_to_str(SBuf *b);
Val sb_to_bytes(SBuf *b);

/* ---- bytes.c ---- */
Val bytes_new(const uint8_t *d, size_t len);
Val bytes_alloc(size_t len);
Val bytearray_new(const uint8_t *d, size_t len);
bool bytearray_resize(ByteArray *b, size_t len);
bool buffer_get(Val v, uint8_t **data, size_t *len, bool *writable);   /* bytes-like */
Val bytes_decode(const uint8_t *d, size_t n, Val encoding, Val errors);  /* V_NULL: default */
Val bytes_repr(const uint8_t *d, size_t len, const char *prefix);
Val memview_new(Val base);
bool memview_released(Val v);     /* true (ValueError raised) for a released view */
Val memview_external(uint8_t *p, size_t len);   /* memory outside the heap (DMA) */
void *memview_external_owner(Val view);           /* the collectable object standing for that memory */
void external_disown(void *owner);                /* freed explicitly: no finalizer, no more access */
Val bytes_from_obj(Val v, Type *t);
void bytes_init(void);

/* ---- tuple/list (seq.c) ---- */
Val tuple_new(size_t n);
Val tuple_from(const Val *items, size_t n);
Val tuple_pack(int n, ...);
#define TUP(v) ((Tuple *)(v))
Val list_new(size_t n);
Val list_from(const Val *items, size_t n);
bool list_append(Val l, Val v);
bool list_extend(Val l, Val iterable);
#define LST(v) ((List *)(v))
#define LIST_ITEMS(lv) (LST(lv)->items->v)
Val seq_to_list(Val iterable);
Val seq_to_tuple(Val iterable);
static inline bool seq_items(Val v, Val **items, size_t *n)   /* tuple or list storage, no copy */
{
    if (!IS_PTR(v))
        return false;
    uint32_t k = AS_OBJ(v)->type->kind;
    if (k == K_TUPLE) {
        *items = TUP(v)->items;
        *n = TUP(v)->len;
        return true;
    }
    if (k == K_LIST) {
        *items = LIST_ITEMS(v);
        *n = LST(v)->len;
        return true;
    }
    return false;
}
Val list_sort(Val l, Val key, bool reverse);
void seq_init(void);
bool slice_indices(Val sl, intptr_t len, intptr_t *start, intptr_t *stop, intptr_t *step, intptr_t *slicelen);
Val slice_new(Val a, Val b, Val c);
Val range_new(intptr_t a, intptr_t b, intptr_t c);
bool index_of(Val idx, intptr_t len, intptr_t *out, const char *what);

/* ---- dict.c ---- */
Val dict_new(void);
Val dict_get(Val d, Val key);                    /* 0 if missing (exception possible: check TS->cur_exc) */
bool dict_set(Val d, Val key, Val value);
int dict_del(Val d, Val key);                    /* 1 deleted, 0 missing, -1 error */
Val dict_get_str(Val d, Val key);                /* key interned str: fast path */
intptr_t dict_index_str(Val d, Val key);         /* entry index of a str key, -1 if absent */
static inline DictEntry *dict_entries(Dict *d) { return (DictEntry *)d->entries->d; }
/* Lookups of a str key by a remembered entry index (*hint, refreshed on a miss): objects of one
 * class tend to hold their attributes at the same positions. The hint is only trusted when the
 * entry there holds this very key object; deleted entries have no key. */
static inline Val dict_get_hinted(Val dv, Val key, uint32_t *hint)
{
    Dict *d = (Dict *)dv;
    uint32_t i = *hint;
    if (i < d->nentries && dict_entries(d)[i].key == key)
        return dict_entries(d)[i].value;
    intptr_t ix = dict_index_str(dv, key);
    if (ix < 0)
        return V_NULL;
    *hint = (uint32_t)ix;
    return dict_entries(d)[ix].value;
}
bool dict_set_hinted_slow(Val d, Val key, Val value, uint32_t *hint);
/* d[key] = value for a str key whose entry index is remembered in *hint (attribute stores); the hit
 * inline, as dict_get_hinted's. A class namespace takes the slow path, which moves the type epoch. */
static inline bool dict_set_hinted(Val dv, Val key, Val value, uint32_t *hint)
{
    Dict *d = (Dict *)dv;
    uint32_t i = *hint;
    if (i < d->nentries && dict_entries(d)[i].key == key && value && !(d->h.flags & OF_TYPEDICT)) {
        dict_entries(d)[i].value = value;
        return true;
    }
    return dict_set_hinted_slow(dv, key, value, hint);
}
bool dict_set_str(Val d, Val key, Val value);    /* key: an exact str */
Val dict_get_cstr(Val d, const char *key);
bool dict_set_cstr(Val d, const char *key, Val v);
bool dict_next(Val d, size_t *pos, Val *k, Val *v);
bool dict_update(Val d, Val other);
Val dict_copy(Val d);
#define DICT(v) ((Dict *)(v))
void dict_init(void);
Val dict_new_sized(size_t n);                    /* room for n entries before a rebuild */
/* Remember how big the instance dicts of t grow (see Type.idict_size). */
static inline void type_note_idict(Type *t, Val idict)
{
    if (DICT(idict)->used > t->idict_size)
        t->idict_size = (uint32_t)DICT(idict)->used;
}

/* ---- set.c ---- */
Val set_new(Type *t);
int set_contains(Val s, Val key);                /* -1 error */
bool set_add(Val s, Val key);
int set_discard(Val s, Val key);
bool set_update(Val s, Val iterable);
bool set_next(Val s, size_t *pos, Val *key);
Val set_from(Type *t, Val iterable);
void set_init(void);

/* ---- ops.c: generic operations ---- */
enum { OP_ADD, OP_SUB, OP_MUL, OP_TRUEDIV, OP_FLOORDIV, OP_MOD, OP_POW, OP_LSHIFT, OP_RSHIFT,
       OP_AND, OP_OR, OP_XOR, OP_MATMUL, OP_NBIN, OP_INPLACE = 16 };
enum { CMP_LT, CMP_LE, CMP_EQ, CMP_NE, CMP_GT, CMP_GE, CMP_IN, CMP_NOTIN, CMP_IS, CMP_ISNOT, CMP_EXC };
Val binary_op(int op, Val a, Val b);
Val compare_op(int op, Val a, Val b);
int eq(Val a, Val b);                            /* -1 error */
int truthy_slow(Val v);                          /* truthy() past its common cases; -1 error */
/* Common cases inline (bools, None, small ints, the exact builtin list and dict: a subclass may define
 * __bool__ or __len__): the interpreter's conditions test these without a call, which under TCG is two
 * lookups of translated code. -1 error. */
static inline int truthy(Val v)
{
    if (v == V_TRUE) return 1;
    if (v == V_FALSE || v == V_NONE) return 0;
    if (IS_INT(v)) return INT_VAL(v) != 0;
    if (IS_PTR(v)) {
        Type *t = AS_OBJ(v)->type;
        if (t == kr_types[K_LIST]) return LST(v)->len != 0;
        if (t == kr_types[K_DICT]) return DICT(v)->used != 0;
    }
    return truthy_slow(v);
}
int lt(Val a, Val b);                            /* -1 error */
int64_t hash_of(Val v, bool *ok);
Val unary_neg(Val v);
Val unary_pos(Val v);
Val unary_invert(Val v);
Val repr(Val v);
Val to_str(Val v);
Val format_value(Val v, Val spec);
Val getitem(Val o, Val k);
bool setitem(Val o, Val k, Val v);
bool delitem(Val o, Val k);
int contains(Val container, Val item);           /* -1 error */
Val get_iter(Val v);
Val iter_next(Val it);                           /* 0 at end (no exception) or error (cur_exc set) */
intptr_t len_of(Val v);                          /* -1 error */
/* len() of the exact builtin sequences and dict without a call (len_of's first step, and the interpreter's
 * for len(x)); -1 for anything else. */
static inline intptr_t len_exact(Val v)
{
    if (!IS_PTR(v))
        return -1;
    Type *t = AS_OBJ(v)->type;
    if (t == kr_types[K_LIST]) return (intptr_t)LST(v)->len;
    if (t == kr_types[K_BYTES]) return (intptr_t)((Bytes *)v)->len;
    if (t == kr_types[K_BYTEARRAY]) return (intptr_t)((ByteArray *)v)->len;
    if (t == kr_types[K_TUPLE]) return (intptr_t)TUP(v)->len;
    if (t == kr_types[K_DICT]) return (intptr_t)DICT(v)->used;
    if (t == kr_types[K_STR]) return (intptr_t)STR(v)->nchars;
    return -1;
}
Val call(Val f, Val *args, int nargs, Val kwnames);
Val call0(Val f);
Val call1(Val f, Val a);
Val call2(Val f, Val a, Val b);
Val call_method(Val obj, const char *name, Val *args, int nargs);
Val op_hash(Val v);
extern Val kr_dunder[];                          /* interned dunder names */
enum { D_INIT, D_NEW, D_REPR, D_STR, D_EQ, D_NE, D_LT, D_LE, D_GT, D_GE, D_HASH, D_LEN, D_GETITEM,
       D_SETITEM, D_DELITEM, D_CONTAINS, D_ITER, D_NEXT, D_ENTER, D_EXIT, D_CALL, D_BOOL,
       D_GETATTR, D_SETATTR, D_DELATTR, D_NEG, D_POS, D_INVERT, D_ABS, D_INDEX, D_INT, D_FLOAT,
       D_FORMAT, D_CLASS, D_DICT, D_NAME, D_QUALNAME, D_MODULE, D_DOC, D_CLASSCELL, D_BUILD_CLASS,
       D_SET_NAME, D_INIT_SUBCLASS, D_REVERSED, D_ROUND, D_MISSING, D_BASES, D_MRO, D_ARGS,
       D_LENGTH_HINT, D_COUNT };
extern Val kr_binop_names[OP_NBIN][3];           /* __add__, __radd__, __iadd__ */
void ops_init(void);

/* ---- exc.c ---- */
Val raise(Type *t, const char *fmt, ...);        /* always returns V_NULL */
Val raise_val(Val exc);
Val exc_new(Type *t, Val args);
Val exc_matches(Val exc, Val spec);              /* bool or 0 */
bool exc_pending_is(Type *t);
void exc_clear(void);
Val exc_fetch(void);
void exc_print(Val exc);
void exc_add_tb(Val exc, Code *code, uint32_t offset);
Val vformat_c(const char *fmt, va_list ap);
Val format_c(const char *fmt, ...);
void exc_init(void);
Val oserror_new(Type *t, Val args);
Val stop_iteration_value(void);                  /* value of the pending StopIteration, clearing it */

/* ---- interp.c / func.c ---- */
Val eval_frame(Frame *f, Val sendval, int mode);   /* mode: 0 fresh, 1 send, 2 throw */
Frame *frame_init(void *mem, Func *fn);
size_t frame_size(Code *c);
Val func_call(Func *fn, Val *args, int nargs, Val kwnames);
Val func_new(Code *code, Val globals);
bool bind_args(Func *fn, Frame *f, Val *args, int nargs, Val kwnames);
Val native_new(const char *name, NativeFn fn, uint32_t flags);
Val bound_new(Val self, Val func);
int code_line(Code *c, uint32_t offset);
extern volatile int vm_safepoint_pending;
bool run_safepoint(void);                        /* false: an exception was raised (a process's signal) */
void vm_thread_reset(vm_thread *t);
bool vm_thread_arena(vm_thread *t);   /* makes t's frame arena; false (nothing raised) when memory is short */
bool check_recursion(void);

/* ---- gen.c ---- */
Val gen_new(Func *fn, Val *args, int nargs, Val kwnames);
Val gen_send(Val g, Val v, bool *yielded);       /* 0 on exception or StopIteration-at-end (see gen.c) */
Val gen_throw(Val g, Val exc);
Val gen_close(Val g);
void gen_init(void);

/* ---- builtins.c / modules ---- */
void builtins_init(void);
Val print_to(int fd, Val s);
Val module_new(Val name);
Val import_module(Val name, Val fromlist, int level, Val globals);
void mod_sys_init(int argc, const char **argv, Val script);
void mod_struct_init(void);
void mod_inet_init(void);
void mod_bisect_init(void);
extern Val kr_sys;
Val native_module(const char *name, const vm_native_def *fns);
Val write_stream(int fd, Val s);

/* ---- load.c ---- */
bool bundle_load(const uint8_t *image, size_t len, Val *main_name, Val *script);
Val vm_run_frozen(Val name, Val as_name);
Val module_from_entry(Val name, Val entry, Val builtins);
int vm_report(Val exc);
Val run_module_code(Code *c, Val globals);

/* ---- userland.c: processes' restricted mode ---- */
Val user_load_module(Val name);                  /* the import system in user mode */
bool user_attr_hidden(Val obj, Val name);        /* introspection a process may not do */
bool user_may_modify(Val obj);                   /* false: a process may not set attributes on obj */
bool user_frame_visible(void);                   /* globals()/locals() may show the running frame */
bool user_deliver_async(void);                   /* raise the thread's pending signal; false when raised */
Val user_memory_error(void);                     /* raise MemoryError in user mode */
void vm_thread_post(vm_thread *t, Val exc, bool sticky);   /* a signal for a process's thread */
void userland_init(void);

/* ---- argument helpers ---- */
bool noargs_kw(Val kwnames, const char *fname);
Val kwarg(Val *args, int nargs, Val kwnames, const char *name); /* 0 when not given */
bool check_nargs(const char *fname, int nargs, int lo, int hi);
#define KW_COUNT(kw) ((kw) ? (int)TUP(kw)->len : 0)

static inline Val *sp_dummy(void) { return 0; }

#endif
