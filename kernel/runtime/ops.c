/* ops: the generic operations of the object model (arithmetic, comparison,
 * hashing, truth, repr/str, subscripting, iteration, calls), with dunder
 * dispatch for user classes. */
#include "obj.h"
#include "fltfmt.h"

Val kr_dunder[D_COUNT];
Val kr_binop_names[OP_NBIN][3];
Val kr_prelude_format;     /* prelude function formatting a value with a spec */
Val kr_prelude_mod;        /* prelude function implementing str % args */

static const char *const dunder_names[D_COUNT] = {
    "__init__", "__new__", "__repr__", "__str__", "__eq__", "__ne__", "__lt__", "__le__", "__gt__",
    "__ge__", "__hash__", "__len__", "__getitem__", "__setitem__", "__delitem__", "__contains__",
    "__iter__", "__next__", "__enter__", "__exit__", "__call__", "__bool__", "__getattr__",
    "__setattr__", "__delattr__", "__neg__", "__pos__", "__invert__", "__abs__", "__index__",
    "__int__", "__float__", "__format__", "__class__", "__dict__", "__name__", "__qualname__",
    "__module__", "__doc__", "__classcell__", "__build_class__", "__set_name__",
    "__init_subclass__", "__reversed__", "__round__", "__missing__", "__bases__", "__mro__",
    "args", "__length_hint__",
};
static const char *const binop_stems[OP_NBIN] = {
    "add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "lshift", "rshift", "and", "or", "xor", "matmul",
};
static const char *const binop_syms[OP_NBIN] = {
    "+", "-", "*", "/", "//", "%", "** or pow()", "<<", ">>", "&", "|", "^", "@",
};
static const char *const cmp_syms[] = {"<", "<=", "==", "!=", ">", ">="};
static const int cmp_swap[] = {CMP_GT, CMP_GE, CMP_EQ, CMP_NE, CMP_LT, CMP_LE};
static const int cmp_dunder[] = {D_LT, D_LE, D_EQ, D_NE, D_GT, D_GE};

void ops_init(void)
{
    for (int i = 0; i < D_COUNT; i++) {
        kr_dunder[i] = str_intern_c(dunder_names[i]);
        gc_add_root(&kr_dunder[i]);
    }
    for (int i = 0; i < OP_NBIN; i++) {
        char buf[32];
        const char *pre[3] = {"__", "__r", "__i"};
        for (int j = 0; j < 3; j++) {
            size_t n = 0;
            for (const char *p = pre[j]; *p; p++) buf[n++] = *p;
            for (const char *p = binop_stems[i]; *p; p++) buf[n++] = *p;
            buf[n++] = '_'; buf[n++] = '_'; buf[n] = 0;
            kr_binop_names[i][j] = str_intern_c(buf);
            gc_add_root(&kr_binop_names[i][j]);
        }
    }
    gc_add_root(&kr_prelude_format);
    gc_add_root(&kr_prelude_mod);
}

/* user_dunder()'s answers by (class, name), absent ones included, valid while type_attr_epoch stays where
 * it was (as type_lookup()'s cache: it moves on any change to a class namespace and at every collection).
 * Comparisons and operators on objects of user classes ask for the same few dunders over and over:
 * `task in waiters` asks for __eq__ on both sides of every comparison. */
#define DUNDER_CACHE_BITS 8
typedef struct DunderCacheEntry { Type *type; Val name; size_t epoch; Val value; } DunderCacheEntry;
static DunderCacheEntry dunder_cache[1 << DUNDER_CACHE_BITS];

/* A dunder defined by a user class in t's chain (builtin bases excluded). */
static Val user_dunder(Type *t, Val name)
{
    if (!(t->flags & TF_USER))
        return V_NULL;
    uint64_t h = ((uintptr_t)name ^ ((uintptr_t)t << 7)) * 0x9E3779B97F4A7C15ull;
    DunderCacheEntry *e = &dunder_cache[h >> (64 - DUNDER_CACHE_BITS)];
    if (e->type == t && e->name == name && e->epoch == type_attr_epoch)
        return e->value;
    Val v = V_NULL;
    for (Type *b = t; b && (b->flags & TF_USER) && !v; b = b->base)
        v = dict_get_str(b->dict, name);
    e->type = t;
    e->name = name;
    e->epoch = type_attr_epoch;
    e->value = v;
    return v;
}

static Val call_bound(Val f, Val self, Val *args, int nargs)
{
    Val buf[nargs + 1];
    if (IS_PTR(f)) {
        uint32_t k = AS_OBJ(f)->type->kind;
        if (k == K_STATICM)
            return call(((Wrapper *)f)->f, args, nargs, V_NULL);
        if (k == K_CLASSM) {
            f = ((Wrapper *)f)->f;
            self = (Val)type_of(self);
        }
    }
    buf[0] = self;
    for (int i = 0; i < nargs; i++)
        buf[i + 1] = args[i];
    return call(f, buf, nargs + 1, V_NULL);
}

static bool is_num(Val v)
{
    if (IS_INT(v) || v == V_TRUE || v == V_FALSE)
        return true;
    if (!IS_PTR(v))
        return false;
    uint32_t k = AS_OBJ(v)->type->kind;
    return k == K_INT || k == K_FLOAT;
}

static bool is_float(Val v) { return IS_PTR(v) && AS_OBJ(v)->type->kind == K_FLOAT; }

static Val repeat_seq(Val seq, Val n)
{
    int64_t k;
    if (!int_to_i64(n, &k))
        return raise(e_OverflowError, "cannot fit 'int' into an index-sized integer");
    if (k < 0)
        k = 0;
    uint32_t kind = type_of(seq)->kind;
    if (kind == K_STR) {
        Str *s = STR(seq);
        if (k == 1)
            return seq;
        size_t total = (size_t)k * s->len;
        if (k && total / (size_t)k != s->len)
            return raise(e_MemoryError, NULL);
        SBuf b;
        sb_init(&b, total);
        for (int64_t i = 0; i < k; i++)
            if (!sb_add(&b, CSTR(seq), STR(seq)->len))
                return V_NULL;
        return sb_to_str(&b);
    }
    if (kind == K_BYTES || kind == K_BYTEARRAY) {
        uint8_t *d; size_t len; bool w;
        buffer_get(seq, &d, &len, &w);
        Val r = kind == K_BYTES ? bytes_alloc((size_t)k * len) : bytearray_new(NULL, (size_t)k * len);
        if (!r) return V_NULL;
        uint8_t *o; size_t on;
        buffer_get(r, &o, &on, &w);
        buffer_get(seq, &d, &len, &w);
        for (int64_t i = 0; i < k; i++)
            memcpy(o + (size_t)i * len, d, len);
        return r;
    }
    Val *items;
    size_t len;
    seq_items(seq, &items, &len);
    size_t total = (size_t)k * len;
    Val r = kind == K_TUPLE ? tuple_new(total) : list_new(total);
    if (!r)
        return V_NULL;
    Val *out;
    size_t on;
    seq_items(r, &out, &on);
    seq_items(seq, &items, &len);
    for (size_t i = 0; i < (size_t)k; i++)
        memcpy(out + i * len, items, len * sizeof(Val));
    return r;
}

static Val concat(Val a, Val b, uint32_t kind)
{
    if (kind == K_STR)
        return str_cat(a, b);
    if (kind == K_BYTES || kind == K_BYTEARRAY) {
        uint8_t *x, *y; size_t xl, yl; bool w;
        if (IS_PTR(b) && type_of(b)->kind == K_MEMVIEW && ((MemView *)b)->released)
            return raise(e_TypeError, "can't concat memoryview to %s", type_name(a));
        buffer_get(a, &x, &xl, &w);
        buffer_get(b, &y, &yl, &w);
        Val r = kind == K_BYTES ? bytes_alloc(xl + yl) : bytearray_new(NULL, xl + yl);
        if (!r) return V_NULL;
        uint8_t *o; size_t on;
        buffer_get(r, &o, &on, &w);
        buffer_get(a, &x, &xl, &w);
        buffer_get(b, &y, &yl, &w);
        memcpy(o, x, xl);
        memcpy(o + xl, y, yl);
        return r;
    }
    Val *x, *y;
    size_t xl, yl;
    seq_items(a, &x, &xl);
    seq_items(b, &y, &yl);
    Val r = kind == K_TUPLE ? tuple_new(xl + yl) : list_new(xl + yl);
    if (!r)
        return V_NULL;
    Val *o;
    size_t on;
    seq_items(r, &o, &on);
    seq_items(a, &x, &xl);
    seq_items(b, &y, &yl);
    memcpy(o, x, xl * sizeof(Val));
    memcpy(o + xl, y, yl * sizeof(Val));
    return r;
}

static Val builtin_binop(int op, Val a, Val b, bool inplace)
{
    if (is_num(a) && is_num(b)) {
        if (!is_float(a) && !is_float(b))
            return int_binop(op, a, b);
        double x, y;
        if (!num_to_double(a, &x) || !num_to_double(b, &y))
            return V_NULL;
        return float_binop(op, x, y);
    }
    Type *ta = type_of(a), *tb = type_of(b);
    uint32_t ka = ta->kind, kb = tb->kind;
    switch (op) {
    case OP_ADD:
        if (ka == K_STR && kb == K_STR)
            return str_cat(a, b);
        if (ka == K_LIST && inplace) {
            if (!list_extend(a, b)) {
                if (exc_pending_is(e_TypeError) && !IS_PTR(b)) {}
                return V_NULL;
            }
            return a;
        }
        if ((ka == K_LIST && kb == K_LIST) || (ka == K_TUPLE && kb == K_TUPLE))
            return concat(a, b, ka);
        if ((ka == K_BYTES || ka == K_BYTEARRAY) && (kb == K_BYTES || kb == K_BYTEARRAY || kb == K_MEMVIEW)) {
            if (ka == K_BYTEARRAY && inplace) {
                Val r = call_method(a, "extend", &b, 1);
                return r ? a : V_NULL;
            }
            return concat(a, b, ka);
        }
        if (ka == K_STR || ka == K_LIST || ka == K_TUPLE)
            return raise(e_TypeError, "can only concatenate %s (not \"%s\") to %s", CSTR(ta->name), CSTR(tb->name), CSTR(ta->name));
        if ((ka == K_BYTES || ka == K_BYTEARRAY) && !(tb->flags & TF_USER))
            return raise(e_TypeError, "can't concat %s to %s", CSTR(tb->name), CSTR(ta->name));
        break;
    case OP_MUL:
        if ((ka == K_STR || ka == K_LIST || ka == K_TUPLE || ka == K_BYTES || ka == K_BYTEARRAY) && is_int(b)) {
            Val r = repeat_seq(a, b);
            if (r && inplace && ka == K_LIST) {
                LST(a)->len = 0;
                list_extend(a, r);
                return a;
            }
            return r;
        }
        if ((kb == K_STR || kb == K_LIST || kb == K_TUPLE || kb == K_BYTES || kb == K_BYTEARRAY) && is_int(a))
            return repeat_seq(b, a);
        if ((ka == K_STR || ka == K_LIST || ka == K_TUPLE || ka == K_BYTES || ka == K_BYTEARRAY) && !(tb->flags & TF_USER))
            return raise(e_TypeError, "can't multiply sequence by non-int of type '%s'", CSTR(tb->name));
        if ((kb == K_STR || kb == K_LIST || kb == K_TUPLE || kb == K_BYTES || kb == K_BYTEARRAY) && !(ta->flags & TF_USER) && !is_num(a))
            return raise(e_TypeError, "can't multiply sequence by non-int of type '%s'", CSTR(ta->name));
        if ((kb == K_STR || kb == K_LIST || kb == K_TUPLE) && is_float(a))
            return raise(e_TypeError, "can't multiply sequence by non-int of type '%s'", CSTR(ta->name));
        break;
    case OP_MOD:
        if (ka == K_STR) {
            Val args[2] = {a, b};
            return call(kr_prelude_mod, args, 2, V_NULL);
        }
        if (ka == K_BYTES || ka == K_BYTEARRAY) {
            Val f = dict_get_cstr(((Module *)dict_get_cstr(kr_modules, "__prelude__"))->dict, "_bytes_mod");
            Val args[2] = {a, b};
            Val r = f ? call(f, args, 2, V_NULL) : V_NULL;
            if (r && ka == K_BYTEARRAY)
                return bytearray_new(((Bytes *)r)->d, ((Bytes *)r)->len);
            return r;
        }
        break;
    case OP_OR: case OP_AND: case OP_SUB: case OP_XOR:
        if ((ka == K_SET || ka == K_FROZENSET) && (kb == K_SET || kb == K_FROZENSET || (kb == K_DICTVIEW && op != OP_SUB))) {
            Val r = op == OP_OR ? set_union(a, b) : op == OP_AND ? set_intersection(a, b) :
                    op == OP_SUB ? set_difference(a, b) : set_symdiff(a, b);
            if (r && inplace && ka == K_SET) {
                Set *d = (Set *)a, *s = (Set *)r;
                d->table = s->table; d->mask = s->mask; d->fill = s->fill; d->used = s->used;
                return a;
            }
            return r;
        }
        if (ka == K_DICTVIEW && ((DictView *)a)->kind != IT_DICT_VALUES) {
            Val s = set_from(kr_types[K_SET], a);
            return s ? builtin_binop(op, s, b, false) : V_NULL;
        }
        if (op == OP_OR && ka == K_DICT && kb == K_DICT) {
            if (inplace)
                return dict_update(a, b) ? a : V_NULL;
            Val r = dict_copy(a);
            return r && dict_update(r, b) ? r : V_NULL;
        }
        break;
    default:
        break;
    }
    return V_NOTIMPL;
}

Val binary_op(int op, Val a, Val b)
{
    bool inplace = op >= OP_INPLACE;
    int base = op & 15;
    Type *ta = type_of(a), *tb = type_of(b);
    if ((ta->flags | tb->flags) & TF_USER) {
        if (inplace && (ta->flags & TF_USER)) {
            Val f = user_dunder(ta, kr_binop_names[base][2]);
            if (f) {
                Val r = call_bound(f, a, &b, 1);
                if (r != V_NOTIMPL)
                    return r;
            }
        }
        Val fa = (ta->flags & TF_USER) ? user_dunder(ta, kr_binop_names[base][0]) : V_NULL;
        Val fb = (tb->flags & TF_USER) && tb != ta ? user_dunder(tb, kr_binop_names[base][1]) : V_NULL;
        if (fb && type_is_subtype(tb, ta)) {
            Val r = call_bound(fb, b, &a, 1);
            if (r != V_NOTIMPL)
                return r;
            fb = V_NULL;
        }
        if (fa) {
            Val r = call_bound(fa, a, &b, 1);
            if (r != V_NOTIMPL)
                return r;
        }
        if (fb) {
            Val r = call_bound(fb, b, &a, 1);
            if (r != V_NOTIMPL)
                return r;
        }
    }
    Val r = builtin_binop(base, a, b, inplace);
    if (r != V_NOTIMPL)
        return r;
    return raise(e_TypeError, "unsupported operand type(s) for %s%s: '%s' and '%s'", binop_syms[base],
                 inplace ? "=" : "", CSTR(ta->name), CSTR(tb->name));
}

/* ---- comparison ---- */

static int seq_compare(int op, Val a, Val b, Val *result)
{
    Val *x, *y;
    size_t xl, yl;
    seq_items(a, &x, &xl);
    seq_items(b, &y, &yl);
    if ((op == CMP_EQ || op == CMP_NE) && xl != yl) {
        *result = MK_BOOL(op == CMP_NE);
        return 1;
    }
    size_t i;
    for (i = 0; ; i++) {
        seq_items(a, &x, &xl);
        seq_items(b, &y, &yl);
        if (i >= xl || i >= yl)
            break;
        int e = eq(x[i], y[i]);
        if (e < 0)
            return -1;
        if (!e)
            break;
    }
    if (i >= xl || i >= yl) {
        int c = xl < yl ? -1 : xl > yl;
        bool r;
        switch (op) {
        case CMP_LT: r = c < 0; break;
        case CMP_LE: r = c <= 0; break;
        case CMP_EQ: r = c == 0; break;
        case CMP_NE: r = c != 0; break;
        case CMP_GT: r = c > 0; break;
        default: r = c >= 0; break;
        }
        *result = MK_BOOL(r);
        return 1;
    }
    if (op == CMP_EQ) { *result = V_FALSE; return 1; }
    if (op == CMP_NE) { *result = V_TRUE; return 1; }
    *result = compare_op(op, x[i], y[i]);
    return *result ? 1 : -1;
}

static bool cmp_result(int op, int c)
{
    switch (op) {
    case CMP_LT: return c < 0;
    case CMP_LE: return c <= 0;
    case CMP_EQ: return c == 0;
    case CMP_NE: return c != 0;
    case CMP_GT: return c > 0;
    default: return c >= 0;
    }
}

static int dict_equal(Val a, Val b)
{
    if (DICT(a)->used != DICT(b)->used)
        return 0;
    size_t pos = 0;
    Val k, v;
    while (dict_next(a, &pos, &k, &v)) {
        Val w = dict_get(b, k);
        if (!w)
            return TS->cur_exc ? -1 : 0;
        int e = eq(v, w);
        if (e <= 0)
            return e;
    }
    return 1;
}

static Val builtin_compare(int op, Val a, Val b)
{
    if (is_num(a) && is_num(b)) {
        if (!is_float(a) && !is_float(b))
            return MK_BOOL(cmp_result(op, int_cmp(a, b)));
        double x, y;
        if (is_float(a) && is_float(b)) { x = FLOAT_VAL(a); y = FLOAT_VAL(b); }
        else {
            Val iv = is_float(a) ? b : a;
            double f = is_float(a) ? FLOAT_VAL(a) : FLOAT_VAL(b);
            int64_t small;
            if (int_to_i64(iv, &small) && small < ((int64_t)1 << 53) && small > -((int64_t)1 << 53)) {
                x = is_float(a) ? f : (double)small;
                y = is_float(a) ? (double)small : f;
            } else {
                /* exact comparison of a big int with a float */
                int c;
                if (f != f)
                    return MK_BOOL(op == CMP_NE);
                if (f - f != 0.0)
                    c = f > 0 ? -1 : 1;          /* int vs +-inf */
                else {
                    double fl = f < 0 ? -flt_floor(-f) : flt_floor(f);
                    (void)fl;
                    double ff = flt_floor(f);
                    Val fi = int_from_bn(bn_from_double(ff));
                    if (!fi) return V_NULL;
                    c = int_cmp(iv, fi);
                    if (c == 0 && ff != f)
                        c = -1;                  /* int == floor(f) < f */
                }
                if (is_float(a)) c = -c;
                return MK_BOOL(cmp_result(op, c));
            }
        }
        bool r;
        switch (op) {
        case CMP_LT: r = x < y; break;
        case CMP_LE: r = x <= y; break;
        case CMP_EQ: r = x == y; break;
        case CMP_NE: r = x != y; break;
        case CMP_GT: r = x > y; break;
        default: r = x >= y; break;
        }
        return MK_BOOL(r);
    }
    uint32_t ka = type_of(a)->kind, kb = type_of(b)->kind;
    if (ka == K_STR && kb == K_STR) {
        if (op == CMP_EQ) return MK_BOOL(str_eq(a, b));
        if (op == CMP_NE) return MK_BOOL(!str_eq(a, b));
        return MK_BOOL(cmp_result(op, str_cmp(a, b)));
    }
    if ((ka == K_BYTES || ka == K_BYTEARRAY || ka == K_MEMVIEW) && (kb == K_BYTES || kb == K_BYTEARRAY || kb == K_MEMVIEW)) {
        uint8_t *x, *y; size_t xl, yl; bool w;
        bool released = (ka == K_MEMVIEW && ((MemView *)a)->released) || (kb == K_MEMVIEW && ((MemView *)b)->released);
        if (released && (op == CMP_EQ || op == CMP_NE))
            return MK_BOOL((a == b) == (op == CMP_EQ));   /* a released view equals only itself */
        if (!buffer_get(a, &x, &xl, &w) || !buffer_get(b, &y, &yl, &w))
            return V_NULL;
        int c = memcmp(x, y, xl < yl ? xl : yl);
        if (c == 0) c = xl < yl ? -1 : xl > yl;
        return MK_BOOL(cmp_result(op, c));
    }
    if ((ka == K_LIST && kb == K_LIST) || (ka == K_TUPLE && kb == K_TUPLE)) {
        Val r;
        return seq_compare(op, a, b, &r) < 0 ? V_NULL : r;
    }
    if ((ka == K_SET || ka == K_FROZENSET) && (kb == K_SET || kb == K_FROZENSET)) {
        int r;
        size_t la = ((Set *)a)->used, lb = ((Set *)b)->used;
        switch (op) {
        case CMP_EQ: case CMP_NE:
            r = la == lb ? set_issubset(a, b) : 0;
            if (r < 0) return V_NULL;
            return MK_BOOL(op == CMP_EQ ? r : !r);
        case CMP_LE: r = set_issubset(a, b); break;
        case CMP_GE: r = set_issubset(b, a); break;
        case CMP_LT: r = la < lb ? set_issubset(a, b) : 0; break;
        default: r = lb < la ? set_issubset(b, a) : 0; break;
        }
        return r < 0 ? V_NULL : MK_BOOL(r);
    }
    if (ka == K_DICT && kb == K_DICT && (op == CMP_EQ || op == CMP_NE)) {
        int r = dict_equal(a, b);
        return r < 0 ? V_NULL : MK_BOOL(op == CMP_EQ ? r : !r);
    }
    if (ka == K_RANGE && kb == K_RANGE && (op == CMP_EQ || op == CMP_NE)) {
        Range *x = (Range *)a, *y = (Range *)b;
        intptr_t lx = range_len(x), ly = range_len(y);
        bool e = lx == ly && (lx == 0 || (x->start == y->start && (lx == 1 || x->step == y->step)));
        return MK_BOOL(op == CMP_EQ ? e : !e);
    }
    if (ka == K_DICTVIEW && kb == K_DICTVIEW && (op == CMP_EQ || op == CMP_NE)) {
        Val sa = set_from(kr_types[K_SET], a), sb = set_from(kr_types[K_SET], b);
        if (!sa || !sb) return V_NULL;
        return builtin_compare(op, sa, sb);
    }
    if (ka == K_DICTVIEW && (kb == K_SET || kb == K_FROZENSET)) {
        Val sa = set_from(kr_types[K_SET], a);
        return sa ? builtin_compare(op, sa, b) : V_NULL;
    }
    if (ka == K_BOUND && kb == K_BOUND && (op == CMP_EQ || op == CMP_NE)) {
        Bound *x = (Bound *)a, *y = (Bound *)b;
        bool e = x->self == y->self && x->func == y->func;
        return MK_BOOL(op == CMP_EQ ? e : !e);
    }
    if (ka == K_SLICE && kb == K_SLICE) {
        Val x = tuple_pack(3, ((Slice *)a)->start, ((Slice *)a)->stop, ((Slice *)a)->step);
        Val y = tuple_pack(3, ((Slice *)b)->start, ((Slice *)b)->stop, ((Slice *)b)->step);
        return x && y ? builtin_compare(op, x, y) : V_NULL;
    }
    return V_NOTIMPL;
}

static Val rich_compare(int op, Val a, Val b)
{
    Type *ta = type_of(a), *tb = type_of(b);
    if ((ta->flags | tb->flags) & TF_USER) {
        Val fa = (ta->flags & TF_USER) ? user_dunder(ta, kr_dunder[cmp_dunder[op]]) : V_NULL;
        Val fb = (tb->flags & TF_USER) ? user_dunder(tb, kr_dunder[cmp_dunder[cmp_swap[op]]]) : V_NULL;
        if (fb && tb != ta && type_is_subtype(tb, ta)) {
            Val r = call_bound(fb, b, &a, 1);
            if (r != V_NOTIMPL)
                return r;
            fb = V_NULL;
        }
        if (fa) {
            Val r = call_bound(fa, a, &b, 1);
            if (r != V_NOTIMPL)
                return r;
        }
        if (op == CMP_NE && (ta->flags & TF_USER) && !fa) {
            /* default __ne__ inverts __eq__ */
            Val e = user_dunder(ta, kr_dunder[D_EQ]);
            if (e) {
                Val r = call_bound(e, a, &b, 1);
                if (!r) return V_NULL;
                if (r != V_NOTIMPL) {
                    int t = truthy(r);
                    return t < 0 ? V_NULL : MK_BOOL(!t);
                }
            }
        }
        if (fb) {
            Val r = call_bound(fb, b, &a, 1);
            if (r != V_NOTIMPL)
                return r;
        }
    }
    /* Two plain objects (no builtin base) that define no comparison: only identity is left, which is
     * what builtin_compare's chain of kinds would come to. */
    if (ta->kind != K_INSTANCE || tb->kind != K_INSTANCE) {
        Val r = builtin_compare(op, a, b);
        if (r != V_NOTIMPL)
            return r;
    }
    if (op == CMP_EQ)
        return MK_BOOL(a == b);
    if (op == CMP_NE)
        return MK_BOOL(a != b);
    return raise(e_TypeError, "'%s' not supported between instances of '%s' and '%s'", cmp_syms[op], CSTR(ta->name), CSTR(tb->name));
}

Val compare_op(int op, Val a, Val b)
{
    switch (op) {
    case CMP_IS: return MK_BOOL(a == b);
    case CMP_ISNOT: return MK_BOOL(a != b);
    case CMP_IN: case CMP_NOTIN: {
        int c = contains(b, a);
        if (c < 0) return V_NULL;
        return MK_BOOL(op == CMP_IN ? c : !c);
    }
    case CMP_EXC: return exc_matches(a, b);
    default:
        return rich_compare(op, a, b);
    }
}

int eq(Val a, Val b)
{
    if (a == b)
        return 1;
    if (IS_INT(a) && IS_INT(b))
        return 0;
    Val r = rich_compare(CMP_EQ, a, b);
    if (!r)
        return -1;
    if (r == V_TRUE) return 1;
    if (r == V_FALSE) return 0;
    return truthy(r);
}

int lt(Val a, Val b)
{
    if (IS_INT(a) && IS_INT(b))
        return INT_VAL(a) < INT_VAL(b);
    Val r = rich_compare(CMP_LT, a, b);
    if (!r)
        return -1;
    if (r == V_TRUE) return 1;
    if (r == V_FALSE) return 0;
    return truthy(r);
}

int truthy_slow(Val v)
{
    if (!IS_PTR(v)) return 1;
    Type *t = AS_OBJ(v)->type;
    if (t->flags & TF_USER) {
        Val f = user_dunder(t, kr_dunder[D_BOOL]);
        if (f) {
            Val r = call_bound(f, v, NULL, 0);
            if (!r) return -1;
            if (r != V_TRUE && r != V_FALSE) {
                raise(e_TypeError, "__bool__ should return bool, returned %s", type_name(r));
                return -1;
            }
            return r == V_TRUE;
        }
        f = user_dunder(t, kr_dunder[D_LEN]);
        if (f) {
            intptr_t n = len_of(v);
            return n < 0 ? -1 : n != 0;
        }
    }
    switch (t->kind) {
    case K_FLOAT: return FLOAT_VAL(v) != 0.0;
    case K_INT: return bn_sign(&((Int *)v)->n) != 0;
    case K_STR: return STR(v)->len != 0;
    case K_BYTES: return ((Bytes *)v)->len != 0;
    case K_BYTEARRAY: return ((ByteArray *)v)->len != 0;
    case K_MEMVIEW: return memview_released(v) ? -1 : ((MemView *)v)->len != 0;
    case K_TUPLE: return TUP(v)->len != 0;
    case K_LIST: return LST(v)->len != 0;
    case K_DICT: return DICT(v)->used != 0;
    case K_SET: case K_FROZENSET: return ((Set *)v)->used != 0;
    case K_RANGE: return range_len((Range *)v) != 0;
    case K_DICTVIEW: return DICT(((DictView *)v)->dict)->used != 0;
    default: return 1;
    }
}

int64_t hash_of(Val v, bool *ok)
{
    *ok = true;
    if (IS_INT(v))
        return int_hash(v);
    if (v == V_TRUE) return 1;
    if (v == V_FALSE) return 0;
    if (!IS_PTR(v))
        return (int64_t)(v >> 1) * 7919;
    Type *t = AS_OBJ(v)->type;
    if (t->flags & TF_USER) {
        Val f = user_dunder(t, kr_dunder[D_HASH]);
        if (f == V_NONE) {
            raise(e_TypeError, "unhashable type: '%s'", CSTR(t->name));
            *ok = false;
            return -1;
        }
        if (f) {
            Val r = call_bound(f, v, NULL, 0);
            if (!r || !is_int(r)) {
                if (r) raise(e_TypeError, "__hash__ method should return an integer");
                *ok = false;
                return -1;
            }
            int64_t h = int_hash(r);
            return h;
        }
    }
    switch (t->kind) {
    case K_STR: return str_hash(v);
    case K_INT: return int_hash(v);
    case K_FLOAT: return float_hash(FLOAT_VAL(v));
    case K_BYTES: {
        Bytes *b = (Bytes *)v;
        if (b->hash == -1) {
            Val s = str_new((const char *)b->d, b->len);
            if (!s) { *ok = false; return -1; }
            b->hash = str_hash(s);
        }
        return b->hash;
    }
    case K_TUPLE: {
        Tuple *tp = TUP(v);
        uint64_t acc = 2870177450012600261ull;
        for (size_t i = 0; i < tp->len; i++) {
            uint64_t lane = (uint64_t)hash_of(tp->items[i], ok);
            if (!*ok) return -1;
            acc += lane * 14029467366897019727ull;
            acc = (acc << 31) | (acc >> 33);
            acc *= 11400714785074694791ull;
        }
        acc += tp->len ^ (2870177450012600261ull ^ 3527539ull);
        if (acc == (uint64_t)-1) return 1546275796;
        return (int64_t)acc;
    }
    case K_FROZENSET: {
        Set *s = (Set *)v;
        if (s->hash != -1) return s->hash;
        uint64_t h = 0;
        size_t pos = 0;
        Val k;
        while (set_next(v, &pos, &k)) {
            uint64_t x = (uint64_t)hash_of(k, ok);
            h ^= ((x ^ 89869747ull) ^ (x << 16)) * 3644798167ull;
        }
        h ^= ((uint64_t)s->used + 1) * 1927868237ull;
        h = h * 69069u + 907133923ull;
        if (h == (uint64_t)-1) h = 590923713ull;
        s->hash = (int64_t)h;
        return s->hash;
    }
    case K_LIST: case K_DICT: case K_SET: case K_BYTEARRAY: case K_DICTVIEW:
        raise(e_TypeError, "unhashable type: '%s'", CSTR(t->name));
        *ok = false;
        return -1;
    case K_SLICE:
        raise(e_TypeError, "unhashable type: 'slice'");
        *ok = false;
        return -1;
    case K_BOUND: {
        int64_t a = hash_of(((Bound *)v)->self, ok);
        if (!*ok) { exc_clear(); *ok = true; a = (int64_t)(((Bound *)v)->self >> 4); }
        return a ^ (int64_t)(((Bound *)v)->func >> 4);
    }
    default:
        return (int64_t)((uintptr_t)v >> 4);
    }
}

Val op_hash(Val v)
{
    bool ok;
    int64_t h = hash_of(v, &ok);
    return ok ? int_from_i64(h) : V_NULL;
}

Val unary_neg(Val v)
{
    if (IS_INT(v) || v == V_TRUE || v == V_FALSE || (IS_PTR(v) && type_of(v)->kind == K_INT && !(type_of(v)->flags & TF_USER)))
        return int_neg(v);
    if (is_float(v))
        return float_new(-FLOAT_VAL(v));
    bool found;
    Val r = call_special(v, kr_dunder[D_NEG], NULL, 0, &found);
    if (found) return r;
    return raise(e_TypeError, "bad operand type for unary -: '%s'", type_name(v));
}

Val unary_pos(Val v)
{
    if (IS_INT(v)) return v;
    if (v == V_TRUE) return MK_INT(1);
    if (v == V_FALSE) return MK_INT(0);
    if (is_num(v)) return v;
    bool found;
    Val r = call_special(v, kr_dunder[D_POS], NULL, 0, &found);
    if (found) return r;
    return raise(e_TypeError, "bad operand type for unary +: '%s'", type_name(v));
}

Val unary_invert(Val v)
{
    if (is_int(v)) return int_invert(v);
    bool found;
    Val r = call_special(v, kr_dunder[D_INVERT], NULL, 0, &found);
    if (found) return r;
    return raise(e_TypeError, "bad operand type for unary ~: '%s'", type_name(v));
}

/* ---- repr / str ---- */

#define REPR_STACK 64
static Val repr_stack[REPR_STACK];
static int repr_sp;

static bool repr_enter(Val v)
{
    for (int i = 0; i < repr_sp; i++)
        if (repr_stack[i] == v)
            return false;
    if (repr_sp < REPR_STACK)
        repr_stack[repr_sp++] = v;
    return true;
}

static void repr_leave(Val v)
{
    if (repr_sp > 0 && repr_stack[repr_sp - 1] == v)
        repr_sp--;
}

static Val hex_addr(Val v)
{
    char buf[24];
    uintptr_t a = (uintptr_t)v;
    int n = 0;
    char tmp[20];
    do { int d = (int)(a & 15); tmp[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10); a >>= 4; } while (a);
    buf[0] = '0'; buf[1] = 'x';
    for (int i = 0; i < n; i++) buf[2 + i] = tmp[n - 1 - i];
    return str_new(buf, (size_t)n + 2);
}

Val default_repr(Val v)
{
    Type *t = type_of(v);
    if (t->module && IS_STR(t->module) && kstrcmp(CSTR(t->module), "builtins") != 0)
        return format_c("<%s.%s object at %s>", CSTR(t->module), CSTR(t->name), CSTR(hex_addr(v)));
    return format_c("<%s object at %s>", CSTR(t->name), CSTR(hex_addr(v)));
}

static bool add_items_repr(SBuf *b, const Val *items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            sb_add(b, ", ", 2);
        Val r = repr(items[i]);
        if (!r)
            return false;
        sb_addv(b, r);
    }
    return true;
}

static Val seq_repr(Val v, const char *open, const char *close)
{
    if (!repr_enter(v))
        return str_from_cstr(open[0] == '(' ? "(...)" : "[...]");
    SBuf b;
    sb_init(&b, 32);
    sb_adds(&b, open);
    Val *items;
    size_t n;
    seq_items(v, &items, &n);
    /* items may move while repr runs user code: copy them */
    Val copy = tuple_from(items, n);
    bool ok = copy && add_items_repr(&b, TUP(copy)->items, n);
    repr_leave(v);
    if (!ok)
        return V_NULL;
    if (n == 1 && open[0] == '(')
        sb_addc(&b, ',');
    sb_adds(&b, close);
    return sb_to_str(&b);
}

static Val dict_repr(Val v)
{
    if (!repr_enter(v))
        return str_from_cstr("{...}");
    SBuf b;
    sb_init(&b, 32);
    sb_addc(&b, '{');
    size_t pos = 0;
    Val k, x;
    bool first = true;
    while (dict_next(v, &pos, &k, &x)) {
        if (!first) sb_add(&b, ", ", 2);
        first = false;
        Val kr = repr(k);
        if (!kr) { repr_leave(v); return V_NULL; }
        sb_addv(&b, kr);
        sb_add(&b, ": ", 2);
        Val vr = repr(x);
        if (!vr) { repr_leave(v); return V_NULL; }
        sb_addv(&b, vr);
    }
    repr_leave(v);
    sb_addc(&b, '}');
    return sb_to_str(&b);
}

static Val set_repr(Val v)
{
    Type *t = type_of(v);
    bool frozen = t->kind == K_FROZENSET;
    if (((Set *)v)->used == 0)
        return format_c("%s()", CSTR(t->name));
    if (!repr_enter(v))
        return format_c("%s(...)", CSTR(t->name));
    SBuf b;
    sb_init(&b, 32);
    if (frozen || (t->flags & TF_USER)) { sb_addv(&b, t->name); sb_addc(&b, '('); }
    sb_addc(&b, '{');
    size_t pos = 0;
    Val k;
    bool first = true;
    while (set_next(v, &pos, &k)) {
        if (!first) sb_add(&b, ", ", 2);
        first = false;
        Val r = repr(k);
        if (!r) { repr_leave(v); return V_NULL; }
        sb_addv(&b, r);
    }
    repr_leave(v);
    sb_addc(&b, '}');
    if (frozen || (t->flags & TF_USER)) sb_addc(&b, ')');
    return sb_to_str(&b);
}

static Val exc_repr(Val v)
{
    Exc *e = (Exc *)v;
    Val args = e->args ? e->args : tuple_new(0);
    SBuf b;
    sb_init(&b, 32);
    sb_addv(&b, type_of(v)->name);
    if (TUP(args)->len == 1) {
        sb_addc(&b, '(');
        Val r = repr(TUP(args)->items[0]);
        if (!r) return V_NULL;
        sb_addv(&b, r);
        sb_addc(&b, ')');
    } else {
        Val r = repr(args);
        if (!r) return V_NULL;
        sb_addv(&b, r);
    }
    return sb_to_str(&b);
}

static Val builtin_repr(Val v)
{
    char buf[40];
    switch (v) {
    case V_NONE: return str_intern_c("None");
    case V_TRUE: return str_intern_c("True");
    case V_FALSE: return str_intern_c("False");
    case V_ELLIPSIS: return str_intern_c("Ellipsis");
    case V_NOTIMPL: return str_intern_c("NotImplemented");
    default: break;
    }
    if (IS_INT(v))
        return int_to_str(v, 10);
    Type *t = AS_OBJ(v)->type;
    switch (t->kind) {
    case K_INT: return int_to_str(v, 10);
    case K_FLOAT: return float_repr(FLOAT_VAL(v));
    case K_STR: return str_repr(v);
    case K_BYTES: return bytes_repr(((Bytes *)v)->d, ((Bytes *)v)->len, "b");
    case K_BYTEARRAY: return bytes_repr(((ByteArray *)v)->buf->d, ((ByteArray *)v)->len, "bytearray(b");
    case K_MEMVIEW:
        return format_c(((MemView *)v)->released ? "<released memory at %s>" : "<memory at %s>", CSTR(hex_addr(v)));
    case K_TUPLE: return seq_repr(v, "(", ")");
    case K_LIST: return seq_repr(v, "[", "]");
    case K_DICT: return dict_repr(v);
    case K_SET: case K_FROZENSET: return set_repr(v);
    case K_RANGE: {
        Range *r = (Range *)v;
        if (r->step == 1)
            return format_c("range(%ld, %ld)", (long)r->start, (long)r->stop);
        return format_c("range(%ld, %ld, %ld)", (long)r->start, (long)r->stop, (long)r->step);
    }
    case K_SLICE: {
        Slice *s = (Slice *)v;
        return format_c("slice(%R, %R, %R)", s->start, s->stop, s->step);
    }
    case K_FUNC: return format_c("<function %s at %s>", CSTR(((Func *)v)->qualname), CSTR(hex_addr(v)));
    case K_NATIVE: {
        Native *n = (Native *)v;
        if (n->self)
            return format_c("<built-in method %s of %s object at %s>", CSTR(n->name), type_name(n->self), CSTR(hex_addr(n->self)));
        if (n->owner && (n->flags & NF_METHOD))
            return format_c("<method '%s' of '%s' objects>", CSTR(n->name), CSTR(((Type *)n->owner)->name));
        return format_c("<built-in function %s>", CSTR(n->name));
    }
    case K_BOUND: {
        Bound *b = (Bound *)v;
        Val fname = getattr_opt(b->func, kr_dunder[D_QUALNAME]);
        if (!fname) { exc_clear(); fname = str_intern_c("?"); }
        Val sr = repr(b->self);
        if (!sr) return V_NULL;
        if (IS_PTR(b->func) && type_of(b->func)->kind == K_NATIVE)
            return format_c("<built-in method %s of %s object at %s>", CSTR(((Native *)b->func)->name), type_name(b->self), CSTR(hex_addr(b->self)));
        return format_c("<bound method %s of %s>", CSTR(fname), CSTR(sr));
    }
    case K_MODULE: return format_c("<module '%s'>", CSTR(((Module *)v)->name));
    case K_TYPE: {
        Type *ty = (Type *)v;
        if (ty->module && IS_STR(ty->module) && kstrcmp(CSTR(ty->module), "builtins") != 0) {
            Val q = dict_get_cstr(ty->dict, "__qualname__");
            return format_c("<class '%s.%s'>", CSTR(ty->module), CSTR(q && IS_STR(q) ? q : ty->name));
        }
        return format_c("<class '%s'>", CSTR(ty->name));
    }
    case K_EXC: return exc_repr(v);
    case K_GEN: return format_c("<generator object %s at %s>", CSTR(((Gen *)v)->qualname), CSTR(hex_addr(v)));
    case K_CELL: return format_c("<cell at %s>", CSTR(hex_addr(v)));
    case K_CODE: return format_c("<code object %s>", CSTR(((Code *)v)->name));
    case K_DICTVIEW: {
        DictView *dv = (DictView *)v;
        Val l = seq_to_list(v);
        if (!l) return V_NULL;
        Val r = repr(l);
        if (!r) return V_NULL;
        return format_c("%s(%s)", CSTR(type_of(v)->name), CSTR(r));
        (void)dv;
    }
    case K_SUPER: return format_c("<super: <class '%s'>, <%s object>>", CSTR(((Super *)v)->type->name), type_name(((Super *)v)->obj));
    default:
        (void)buf;
        return default_repr(v);
    }
}

Val repr(Val v)
{
    if (!check_recursion())
        return V_NULL;
    Val r;
    Type *t = type_of(v);
    if (t->flags & TF_USER) {
        Val f = user_dunder(t, kr_dunder[D_REPR]);
        if (f) {
            TS->depth++;
            r = call_bound(f, v, NULL, 0);
            TS->depth--;
            if (r && !IS_STR(r))
                return raise(e_TypeError, "__repr__ returned non-string (type %s)", type_name(r));
            return r;
        }
        if (t->kind == K_INSTANCE)
            return default_repr(v);
    }
    TS->depth++;
    r = builtin_repr(v);
    TS->depth--;
    return r;
}

Val to_str(Val v)
{
    if (IS_PTR(v) && AS_OBJ(v)->type == kr_types[K_STR])
        return v;
    Type *t = type_of(v);
    if (t->flags & TF_USER) {
        Val f = user_dunder(t, kr_dunder[D_STR]);
        if (f) {
            Val r = call_bound(f, v, NULL, 0);
            if (r && !IS_STR(r))
                return raise(e_TypeError, "__str__ returned non-string (type %s)", type_name(r));
            return r;
        }
        if (user_dunder(t, kr_dunder[D_REPR]))
            return repr(v);
    }
    switch (t->kind) {
    case K_STR: return str_new(CSTR(v), STR(v)->len);
    case K_EXC: return exc_str(v);
    default: return repr(v);
    }
}

Val format_value(Val v, Val spec)
{
    Type *t = type_of(v);
    if (t->flags & TF_USER) {
        Val f = user_dunder(t, kr_dunder[D_FORMAT]);
        if (f) {
            Val s = spec ? spec : kr_empty_str;
            Val r = call_bound(f, v, &s, 1);
            if (r && !IS_STR(r))
                return raise(e_TypeError, "__format__ must return a str, not %s", type_name(r));
            return r;
        }
    }
    if (!spec || STR(spec)->len == 0)
        return to_str(v);
    Val args[2] = {v, spec};
    return call(kr_prelude_format, args, 2, V_NULL);
}

/* ---- subscripting ---- */

static Val seq_slice(Val v, Val sl)
{
    Val *items;
    size_t n;
    seq_items(v, &items, &n);
    intptr_t a, b, st, len;
    if (!slice_indices(sl, (intptr_t)n, &a, &b, &st, &len))
        return V_NULL;
    bool tup = type_of(v)->kind == K_TUPLE;
    if (tup && st == 1 && len == (intptr_t)n && AS_OBJ(v)->type == kr_types[K_TUPLE])
        return v;
    Val r = tup ? tuple_new((size_t)len) : list_new((size_t)len);
    if (!r)
        return V_NULL;
    Val *o;
    size_t on;
    seq_items(r, &o, &on);
    seq_items(v, &items, &n);
    for (intptr_t i = 0, j = a; i < len; i++, j += st)
        o[i] = items[j];
    return r;
}

static Val mv_getitem(MemView *m, Val k)
{
    if (memview_released((Val)m))
        return V_NULL;
    size_t bl;
    uint8_t *b = memview_base(m, &bl);
    if (IS_PTR(k) && type_of(k)->kind == K_SLICE) {
        intptr_t a, e, st, len;
        if (!slice_indices(k, (intptr_t)m->len, &a, &e, &st, &len))
            return V_NULL;
        MemView *r = gc_alloc(kr_types[K_MEMVIEW], sizeof(MemView));
        if (!r) return V_NULL;
        r->base = m->base;
        r->off = (size_t)((intptr_t)m->off + a * m->step);
        r->len = (size_t)len;
        r->readonly = m->readonly;
        r->step = m->step * st;
        return (Val)r;
    }
    intptr_t i;
    if (!index_of(k, (intptr_t)m->len, &i, "-index out of bounds on dimension 1"))
        return V_NULL;
    return MK_INT(b[(intptr_t)m->off + i * m->step]);
}

static Val buf_getitem(Val v, Val k)
{
    uint8_t *d; size_t n; bool w;
    uint32_t kind = type_of(v)->kind;
    if (kind == K_MEMVIEW)
        return mv_getitem((MemView *)v, k);
    buffer_get(v, &d, &n, &w);
    if (IS_PTR(k) && type_of(k)->kind == K_SLICE) {
        intptr_t a, b, st, len;
        if (!slice_indices(k, (intptr_t)n, &a, &b, &st, &len))
            return V_NULL;
        if (kind == K_MEMVIEW) {
            if (st != 1)
                return raise(e_NotImplementedError, "memoryview slices with steps");
            MemView *m = (MemView *)v;
            MemView *r = gc_alloc(kr_types[K_MEMVIEW], sizeof(MemView));
            if (!r) return V_NULL;
            r->base = m->base;
            r->off = m->off + (size_t)a;
            r->len = (size_t)len;
            r->readonly = m->readonly;
            return (Val)r;
        }
        Val r = kind == K_BYTES ? bytes_alloc((size_t)len) : bytearray_new(NULL, (size_t)len);
        if (!r) return V_NULL;
        uint8_t *o; size_t on;
        buffer_get(r, &o, &on, &w);
        buffer_get(v, &d, &n, &w);
        for (intptr_t i = 0, j = a; i < len; i++, j += st)
            o[i] = d[j];
        return r;
    }
    intptr_t i;
    if (!index_of(k, (intptr_t)n, &i, kind == K_BYTES ? "-index out of range" : "bytearray"))
        return V_NULL;
    return MK_INT(d[i]);
}

Val getitem(Val o, Val k)
{
    Type *t = type_of(o);
    if (t->flags & TF_USER) {
        Val f = user_dunder(t, kr_dunder[D_GETITEM]);
        if (f)
            return call_bound(f, o, &k, 1);
    }
    switch (t->kind) {
    case K_LIST: case K_TUPLE: {
        if (IS_INT(k)) {
            Val *items;
            size_t n;
            seq_items(o, &items, &n);
            intptr_t i = INT_VAL(k);
            if (i < 0) i += (intptr_t)n;
            if (i < 0 || i >= (intptr_t)n)
                return raise(e_IndexError, t->kind == K_LIST ? "list index out of range" : "tuple index out of range");
            return items[i];
        }
        if (IS_PTR(k) && type_of(k)->kind == K_SLICE)
            return seq_slice(o, k);
        Val *items;
        size_t n;
        seq_items(o, &items, &n);
        intptr_t i;
        if (!index_of(k, (intptr_t)n, &i, t->kind == K_LIST ? "list" : "tuple"))
            return V_NULL;
        return items[i];
    }
    case K_DICT: {
        Val v = dict_get(o, k);
        if (v)
            return v;
        if (TS->cur_exc)
            return V_NULL;
        if (t->flags & TF_USER) {
            Val m = user_dunder(t, kr_dunder[D_MISSING]);
            if (m)
                return call_bound(m, o, &k, 1);
        }
        return raise_val(exc_new(e_KeyError, tuple_pack(1, k)));
    }
    case K_STR: return str_getitem(o, k);
    case K_BYTES: case K_BYTEARRAY: case K_MEMVIEW: return buf_getitem(o, k);
    case K_RANGE: return range_getitem(o, k);
    case K_TYPE: {
        Val f = type_lookup((Type *)o, str_intern_c("__class_getitem__"));
        if (f && IS_PTR(f) && type_of(f)->kind == K_CLASSM)
            return call2(((Wrapper *)f)->f, o, k);
        return o;   /* list[int] and friends: typing only */
    }
    default:
        break;
    }
    return raise(e_TypeError, "'%s' object is not subscriptable", CSTR(t->name));
}

static bool list_setslice(Val l, Val sl, Val v)
{
    List *lst = LST(l);
    intptr_t a, b, st, len;
    if (!slice_indices(sl, (intptr_t)lst->len, &a, &b, &st, &len))
        return false;
    Val src = V_NULL;
    if (v) {
        src = seq_to_tuple(v == l ? tuple_from(LIST_ITEMS(l), lst->len) : v);
        if (!src) {
            if (exc_pending_is(e_TypeError)) {
                exc_clear();
                raise(e_TypeError, st == 1 ? "can only assign an iterable" : "must assign iterable to extended slice");
            }
            return false;
        }
    }
    size_t m = src ? TUP(src)->len : 0;
    if (st == 1) {
        if (b < a) b = a;
        size_t old = (size_t)(b - a);
        size_t n = lst->len;
        size_t nn = n - old + m;
        if (nn > n) {
            for (size_t i = n; i < nn; i++)
                if (!list_append(l, V_NONE)) return false;
        }
        Val *it = LIST_ITEMS(l);
        memmove(it + a + m, it + a + old, (n - (size_t)a - old) * sizeof(Val));
        for (size_t i = 0; i < m; i++)
            it[a + (intptr_t)i] = TUP(src)->items[i];
        lst->len = nn;
        return true;
    }
    if (!src) {
        /* delete extended slice */
        Val *it = LIST_ITEMS(l);
        bool *del = NULL;
        Raw *mark = gc_alloc_raw(lst->len + 1);
        if (!mark) return false;
        del = (bool *)mark->d;
        memset(del, 0, lst->len);
        for (intptr_t i = 0, j = a; i < len; i++, j += st)
            del[j] = true;
        size_t o = 0;
        for (size_t i = 0; i < lst->len; i++)
            if (!del[i]) it[o++] = it[i];
        lst->len = o;
        return true;
    }
    if ((intptr_t)m != len) {
        raise(e_ValueError, "attempt to assign sequence of size %d to extended slice of size %d", (int)m, (int)len);
        return false;
    }
    for (intptr_t i = 0, j = a; i < len; i++, j += st)
        LIST_ITEMS(l)[j] = TUP(src)->items[i];
    return true;
}

static bool mv_setitem(MemView *m, Val k, Val v)
{
    if (memview_released((Val)m))
        return false;
    size_t bl;
    uint8_t *b = memview_base(m, &bl);
    if (m->readonly) {
        raise(e_TypeError, "cannot modify read-only memory");
        return false;
    }
    if (!v) {
        raise(e_TypeError, "cannot delete memory");
        return false;
    }
    if (IS_PTR(k) && type_of(k)->kind == K_SLICE) {
        intptr_t a, e, st, len;
        if (!slice_indices(k, (intptr_t)m->len, &a, &e, &st, &len))
            return false;
        uint8_t *s; size_t sl; bool w;
        if (!buffer_get(v, &s, &sl, &w)) {
            raise(e_TypeError, "a bytes-like object is required, not '%s'", type_name(v));
            return false;
        }
        if ((intptr_t)sl != len) {
            raise(e_ValueError, "memoryview assignment: lvalue and rvalue have different structures");
            return false;
        }
        if (st == 1 && m->step == 1) {
            memmove(b + m->off + a, s, sl);     /* contiguous both ways: one copy (overlap allowed) */
            return true;
        }
        Val tmp = bytes_new(s, sl);
        if (!tmp) return false;
        b = memview_base(m, &bl);
        for (intptr_t i = 0; i < len; i++)
            b[(intptr_t)m->off + (a + i * st) * m->step] = ((Bytes *)tmp)->d[i];
        return true;
    }
    intptr_t i;
    if (!index_of(k, (intptr_t)m->len, &i, "-index out of bounds on dimension 1"))
        return false;
    int64_t x;
    if (!int_to_i64(v, &x)) {
        raise(e_TypeError, "memoryview: invalid type for format 'B'");
        return false;
    }
    if (x < 0 || x > 255) {
        raise(e_ValueError, "memoryview: invalid value for format 'B'");
        return false;
    }
    b[(intptr_t)m->off + i * m->step] = (uint8_t)x;
    return true;
}

static bool buf_setitem(Val o, Val k, Val v)
{
    uint8_t *d; size_t n; bool w;
    uint32_t kind = type_of(o)->kind;
    if (kind == K_MEMVIEW)
        return mv_setitem((MemView *)o, k, v);
    buffer_get(o, &d, &n, &w);
    if (!w) {
        raise(kind == K_MEMVIEW ? e_TypeError : e_TypeError, kind == K_MEMVIEW ? "cannot modify read-only memory" : "'%s' object does not support item assignment", type_name(o));
        return false;
    }
    if (IS_PTR(k) && type_of(k)->kind == K_SLICE) {
        intptr_t a, b, st, len;
        if (!slice_indices(k, (intptr_t)n, &a, &b, &st, &len))
            return false;
        uint8_t *s; size_t sl;
        Val src = v;
        if (v && !buffer_get(v, &s, &sl, &w)) {
            if (kind == K_MEMVIEW) {
                raise(e_TypeError, "a bytes-like object is required, not '%s'", type_name(v));
                return false;
            }
            src = bytes_from_obj(v, kr_types[K_BYTES]);
            if (!src) return false;
        }
        if (src) {
            buffer_get(src, &s, &sl, &w);
            if (s < d + n && d < s + sl) {
                /* the source is (in) the target itself: copy it first */
                Val tmp = bytes_new(s, sl);
                if (!tmp) return false;
                s = ((Bytes *)tmp)->d;
            }
        } else
            sl = 0;
        if (st == 1 && kind == K_BYTEARRAY) {
            if (b < a) b = a;
            size_t old = (size_t)(b - a);
            ByteArray *ba = (ByteArray *)o;
            size_t nn = n - old + sl;
            if (nn > n && !bytearray_resize(ba, nn)) return false;
            d = ba->buf->d;
            memmove(d + a + sl, d + a + old, n - (size_t)a - old);
            memcpy(d + a, s, sl);
            ba->len = nn;
            return true;
        }
        if (!src && kind == K_BYTEARRAY) {
            /* delete an extended slice */
            ByteArray *ba = (ByteArray *)o;
            Raw *mark = gc_alloc_raw(n + 1);
            if (!mark) return false;
            memset(mark->d, 0, n);
            for (intptr_t i = 0, j = a; i < len; i++, j += st)
                mark->d[j] = 1;
            d = ba->buf->d;
            size_t out = 0;
            for (size_t i = 0; i < n; i++)
                if (!mark->d[i]) d[out++] = d[i];
            ba->len = out;
            return true;
        }
        if ((intptr_t)sl != len) {
            if (kind == K_MEMVIEW)
                raise(e_ValueError, "memoryview assignment: lvalue and rvalue have different structures");
            else
                raise(e_ValueError, "attempt to assign bytes of size %d to extended slice of size %d", (int)sl, (int)len);
            return false;
        }
        buffer_get(o, &d, &n, &w);
        for (intptr_t i = 0, j = a; i < len; i++, j += st)
            d[j] = s[i];
        return true;
    }
    intptr_t i;
    if (!index_of(k, (intptr_t)n, &i, kind == K_MEMVIEW ? "memoryview" : "bytearray"))
        return false;
    if (!v) {
        if (kind != K_BYTEARRAY) {
            raise(e_TypeError, "cannot delete memory");
            return false;
        }
        ByteArray *ba = (ByteArray *)o;
        memmove(d + i, d + i + 1, n - (size_t)i - 1);
        ba->len--;
        return true;
    }
    int64_t x;
    if (!int_to_i64(v, &x)) {
        raise(e_TypeError, kind == K_MEMVIEW ? "memoryview: invalid type for format 'B'" : "'%s' object cannot be interpreted as an integer", type_name(v));
        return false;
    }
    if (x < 0 || x > 255) {
        raise(e_ValueError, kind == K_MEMVIEW ? "memoryview: invalid value for format 'B'" : "byte must be in range(0, 256)");
        return false;
    }
    d[i] = (uint8_t)x;
    return true;
}

bool setitem(Val o, Val k, Val v)
{
    Type *t = type_of(o);
    if (t->flags & TF_USER) {
        Val f = user_dunder(t, v ? kr_dunder[D_SETITEM] : kr_dunder[D_DELITEM]);
        if (f) {
            Val a[2] = {k, v};
            return call_bound(f, o, a, v ? 2 : 1) != V_NULL;
        }
    }
    switch (t->kind) {
    case K_LIST: {
        if (IS_PTR(k) && type_of(k)->kind == K_SLICE)
            return list_setslice(o, k, v);
        intptr_t i;
        if (!index_of(k, (intptr_t)LST(o)->len, &i, v ? "list assignment" : "list assignment"))
            return false;
        if (v)
            LIST_ITEMS(o)[i] = v;
        else {
            List *l = LST(o);
            memmove(l->items->v + i, l->items->v + i + 1, (l->len - (size_t)i - 1) * sizeof(Val));
            l->len--;
        }
        return true;
    }
    case K_DICT:
        if (v)
            return dict_set(o, k, v);
        {
            int r = dict_del(o, k);
            if (r == 0)
                raise_val(exc_new(e_KeyError, tuple_pack(1, k)));
            return r > 0;
        }
    case K_BYTEARRAY: case K_MEMVIEW:
        return buf_setitem(o, k, v);
    default:
        break;
    }
    if (v)
        raise(e_TypeError, "'%s' object does not support item assignment", CSTR(t->name));
    else
        raise(e_TypeError, "'%s' object doesn't support item deletion", CSTR(t->name));
    return false;
}

bool delitem(Val o, Val k) { return setitem(o, k, V_NULL); }

int contains(Val c, Val x)
{
    Type *t = type_of(c);
    if (t->flags & TF_USER) {
        Val f = user_dunder(t, kr_dunder[D_CONTAINS]);
        if (f) {
            Val r = call_bound(f, c, &x, 1);
            return r ? truthy(r) : -1;
        }
    }
    switch (t->kind) {
    case K_STR:
        if (!IS_STR(x)) {
            raise(e_TypeError, "'in <string>' requires string as left operand, not %s", type_name(x));
            return -1;
        }
        return str_contains(c, x);
    case K_LIST: case K_TUPLE: {
        Val *items;
        size_t n;
        seq_items(c, &items, &n);
        for (size_t i = 0; i < n; i++) {
            int e = eq(items[i], x);
            if (e)
                return e;
            seq_items(c, &items, &n);
        }
        return 0;
    }
    case K_DICT: {
        Val v = dict_get(c, x);
        return v ? 1 : (TS->cur_exc ? -1 : 0);
    }
    case K_SET: case K_FROZENSET:
        return set_contains(c, x);
    case K_RANGE: {
        int r = range_contains(c, x);
        if (r != -2)
            return r;
        break;
    }
    case K_BYTES: case K_BYTEARRAY: case K_MEMVIEW: {
        uint8_t *d; size_t n; bool w;
        buffer_get(c, &d, &n, &w);
        int64_t k;
        if (int_to_i64(x, &k)) {
            if (k < 0 || k > 255) {
                raise(e_ValueError, "byte must be in range(0, 256)");
                return -1;
            }
            for (size_t i = 0; i < n; i++)
                if (d[i] == k) return 1;
            return 0;
        }
        uint8_t *s; size_t sl;
        if (!buffer_get(x, &s, &sl, &w)) {
            raise(e_TypeError, "a bytes-like object is required, not '%s'", type_name(x));
            return -1;
        }
        if (sl == 0) return 1;
        for (size_t i = 0; i + sl <= n; i++)
            if (memcmp(d + i, s, sl) == 0) return 1;
        return 0;
    }
    case K_DICTVIEW: {
        DictView *dv = (DictView *)c;
        if (dv->kind == IT_DICT_KEYS) {
            Val v = dict_get(dv->dict, x);
            return v ? 1 : (TS->cur_exc ? -1 : 0);
        }
        if (dv->kind == IT_DICT_ITEMS) {
            if (!IS_PTR(x) || type_of(x)->kind != K_TUPLE || TUP(x)->len != 2)
                return 0;
            Val v = dict_get(dv->dict, TUP(x)->items[0]);
            if (!v) return TS->cur_exc ? -1 : 0;
            return eq(v, TUP(x)->items[1]);
        }
        break;
    }
    default:
        break;
    }
    Val it = get_iter(c);
    if (!it) {
        if (exc_pending_is(e_TypeError)) {
            exc_clear();
            raise(e_TypeError, "argument of type '%s' is not iterable", CSTR(t->name));
        }
        return -1;
    }
    Val v;
    while ((v = iter_next(it))) {
        int e = eq(v, x);
        if (e)
            return e;
    }
    return TS->cur_exc ? -1 : 0;
}

/* ---- iteration ---- */

static Type *iter_types[16];
static const char *const iter_names[16] = {
    "list_iterator", "range_iterator", "str_ascii_iterator", "dict_keyiterator", "dict_valueiterator",
    "dict_itemiterator", "set_iterator", "enumerate", "zip", "map", "filter", "reversed",
    "callable_iterator", "iterator", "bytes_iterator", "list_reverseiterator",
};

static Val it_next_m(Val *args, int nargs, Val kw)
{
    (void)nargs; (void)kw;
    Val v = iter_next(args[0]);
    if (!v && !TS->cur_exc)
        return raise(e_StopIteration, NULL);
    return v;
}

static Val it_iter_m(Val *args, int nargs, Val kw) { (void)nargs; (void)kw; return args[0]; }

void iter_types_init(void)
{
    type_add_method(kr_types[K_ITER], "__next__", it_next_m);
    type_add_method(kr_types[K_ITER], "__iter__", it_iter_m);
    for (int i = 0; i < 16; i++) {
        iter_types[i] = type_new_builtin(iter_names[i], kr_types[K_OBJECT], K_ITER);
        iter_types[i]->flags &= ~TF_BASETYPE;
        gc_add_root((Val *)&iter_types[i]);
        type_add_method(iter_types[i], "__next__", it_next_m);
        type_add_method(iter_types[i], "__iter__", it_iter_m);
    }
}

Val iter_new(int kind, Val seq)
{
    Type *t = iter_types[kind];
    if (kind == IT_REVERSED && seq && type_of(seq)->kind == K_LIST)
        t = iter_types[15];
    if (kind == IT_SEQ && seq && type_of(seq)->kind == K_TUPLE)
        t = kr_types[K_ITER];
    Iter *it = gc_alloc(t ? t : kr_types[K_ITER], sizeof(Iter));
    if (!it)
        return V_NULL;
    it->kind = kind;
    it->seq = seq;
    return (Val)it;
}

Val get_iter(Val v)
{
    Type *t = type_of(v);
    if (t->flags & TF_USER) {
        Val f = user_dunder(t, kr_dunder[D_ITER]);
        if (f) {
            Val r = call_bound(f, v, NULL, 0);
            if (r && !user_dunder(type_of(r), kr_dunder[D_NEXT]) && type_of(r)->kind != K_ITER && type_of(r)->kind != K_GEN)
                return raise(e_TypeError, "iter() returned non-iterator of type '%s'", type_name(r));
            return r;
        }
        if (user_dunder(t, kr_dunder[D_GETITEM]) && t->kind == K_INSTANCE)
            return iter_new(IT_GETITEM, v);
    }
    switch (t->kind) {
    case K_LIST: case K_TUPLE: return iter_new(IT_SEQ, v);
    case K_STR: return iter_new(IT_STR, v);
    case K_RANGE: {
        Range *r = (Range *)v;
        Iter *it = (Iter *)iter_new(IT_RANGE, V_NULL);
        if (!it) return V_NULL;
        it->i = r->start;
        it->stop = r->stop;
        it->step = r->step;
        return (Val)it;
    }
    case K_DICT: {
        Iter *it = (Iter *)iter_new(IT_DICT_KEYS, v);
        if (it) it->stop = (intptr_t)DICT(v)->used;
        return (Val)it;
    }
    case K_DICTVIEW: {
        DictView *dv = (DictView *)v;
        Iter *it = (Iter *)iter_new(dv->kind, dv->dict);
        if (it) it->stop = (intptr_t)DICT(dv->dict)->used;
        return (Val)it;
    }
    case K_SET: case K_FROZENSET: {
        Iter *it = (Iter *)iter_new(IT_SET, v);
        if (it) it->stop = (intptr_t)((Set *)v)->used;
        return (Val)it;
    }
    case K_BYTES: case K_BYTEARRAY: case K_MEMVIEW: return memview_released(v) ? V_NULL : iter_new(IT_BYTES, v);
    case K_ITER: case K_GEN: return v;
    default:
        break;
    }
    if (!(t->flags & TF_USER) && t->kind != K_TYPE) {
        Val f = type_lookup(t, kr_dunder[D_ITER]);
        if (f)
            return call1(f, v);
    }
    return raise(e_TypeError, "'%s' object is not iterable", CSTR(t->name));
}

static Val stop_to_end(Val r)
{
    if (!r && exc_pending_is(e_StopIteration)) {
        exc_clear();
        return V_NULL;
    }
    return r;
}

Val iter_next(Val v)
{
    /* A process's loop inside a builtin (sum(range(10**15))) stays preemptible
     * and killable; kernel code keeps builtins atomic. */
    if (vm_safepoint_pending && TS->user_mode && !run_safepoint())
        return V_NULL;
    if (!IS_PTR(v))
        return raise(e_TypeError, "'%s' object is not an iterator", type_name(v));
    Type *t = AS_OBJ(v)->type;
    if (t->kind == K_GEN) {
        bool yielded;
        Val r = gen_send(v, V_NONE, &yielded);
        if (r && !yielded)
            return V_NULL;    /* returned: the end */
        return stop_to_end(r);
    }
    if (t->kind != K_ITER) {
        Val f = user_dunder(t, kr_dunder[D_NEXT]);
        if (!f)
            return raise(e_TypeError, "'%s' object is not an iterator", CSTR(t->name));
        return stop_to_end(call_bound(f, v, NULL, 0));
    }
    Iter *it = (Iter *)v;
    switch (it->kind) {
    case IT_SEQ: {
        Val *items;
        size_t n;
        if (!it->seq) return V_NULL;
        seq_items(it->seq, &items, &n);
        if ((size_t)it->i < n)
            return items[it->i++];
        it->seq = V_NULL;
        return V_NULL;
    }
    case IT_RANGE:
        if (it->step > 0 ? it->i < it->stop : it->i > it->stop) {
            intptr_t x = it->i;
            it->i += it->step;
            return MK_INT(x);
        }
        return V_NULL;
    case IT_STR: {
        Str *s = STR(it->seq);
        if ((size_t)it->i >= s->len)
            return V_NULL;
        size_t adv;
        utf8_decode(s->s + it->i, &adv);
        Val r = str_new(s->s + it->i, adv);
        it->i += (intptr_t)adv;
        return r;
    }
    case IT_DICT_KEYS: case IT_DICT_VALUES: case IT_DICT_ITEMS: {
        if ((intptr_t)DICT(it->seq)->used != it->stop) {
            it->stop = -1;
            return raise(e_RuntimeError, "dictionary changed size during iteration");
        }
        size_t pos = (size_t)it->i;
        Val k, x;
        if (!dict_next(it->seq, &pos, &k, &x))
            return V_NULL;
        it->i = (intptr_t)pos;
        if (it->kind == IT_DICT_KEYS) return k;
        if (it->kind == IT_DICT_VALUES) return x;
        return tuple_pack(2, k, x);
    }
    case IT_SET: {
        if ((intptr_t)((Set *)it->seq)->used != it->stop)
            return raise(e_RuntimeError, "Set changed size during iteration");
        size_t pos = (size_t)it->i;
        Val k;
        if (!set_next(it->seq, &pos, &k))
            return V_NULL;
        it->i = (intptr_t)pos;
        return k;
    }
    case IT_BYTES: {
        uint8_t *d; size_t n; bool w;
        if (type_of(it->seq)->kind == K_MEMVIEW) {
            MemView *m = (MemView *)it->seq;
            if ((size_t)it->i >= m->len)
                return V_NULL;
            size_t bl;
            uint8_t *b = memview_base(m, &bl);
            return MK_INT(b[(intptr_t)m->off + (it->i++) * m->step]);
        }
        buffer_get(it->seq, &d, &n, &w);
        if ((size_t)it->i >= n)
            return V_NULL;
        return MK_INT(d[it->i++]);
    }
    case IT_ENUMERATE: {
        Val x = iter_next(it->seq);
        if (!x) return V_NULL;
        Val c = it->a;
        it->a = IS_INT(c) ? MK_INT(INT_VAL(c) + 1) : binary_op(OP_ADD, c, MK_INT(1));
        return tuple_pack(2, c, x);
    }
    case IT_ZIP: {
        Tuple *its = TUP(it->seq);
        if (its->len == 0) return V_NULL;
        Val r = tuple_new(its->len);
        if (!r) return V_NULL;
        for (size_t i = 0; i < its->len; i++) {
            Val x = iter_next(its->items[i]);
            if (!x) {
                if (!TS->cur_exc && it->step && i > 0)
                    return raise(e_ValueError, "zip() argument %d is shorter than argument%s%d", (int)i + 1, i == 1 ? " " : "s 1-", (int)i);
                if (!TS->cur_exc && it->step && i == 0) {
                    for (size_t j = 1; j < its->len; j++) {
                        Val y = iter_next(its->items[j]);
                        if (y) return raise(e_ValueError, "zip() argument %d is longer than argument%s%d", (int)j + 1, j == 1 ? " " : "s 1-", (int)j);
                        if (TS->cur_exc) return V_NULL;
                    }
                }
                return V_NULL;
            }
            TUP(r)->items[i] = x;
        }
        return r;
    }
    case IT_MAP: {
        Tuple *its = TUP(it->seq);
        Val args[its->len + 1];
        for (size_t i = 0; i < its->len; i++) {
            Val x = iter_next(its->items[i]);
            if (!x) return V_NULL;
            args[i] = x;
        }
        return call(it->a, args, (int)its->len, V_NULL);
    }
    case IT_FILTER: {
        for (;;) {
            Val x = iter_next(it->seq);
            if (!x) return V_NULL;
            Val k = it->a == V_NONE ? x : call1(it->a, x);
            if (!k) return V_NULL;
            int tr = truthy(k);
            if (tr < 0) return V_NULL;
            if (tr) return x;
        }
    }
    case IT_REVERSED: {
        if (it->i < 0) return V_NULL;
        if (!IS_PTR(it->seq) || (type_of(it->seq)->kind != K_LIST && type_of(it->seq)->kind != K_TUPLE)) {
            Val r = getitem(it->seq, MK_INT(it->i));
            it->i--;
            return r;
        }
        Val *items;
        size_t n;
        seq_items(it->seq, &items, &n);
        if ((size_t)it->i >= n) { it->i = -1; return V_NULL; }
        return items[it->i--];
    }
    case IT_GETITEM: {
        Val r = getitem(it->seq, MK_INT(it->i));
        if (!r) {
            if (exc_pending_is(e_IndexError) || exc_pending_is(e_StopIteration))
                exc_clear();
            return V_NULL;
        }
        it->i++;
        return r;
    }
    case IT_CALLABLE: {
        if (!it->seq) return V_NULL;
        Val r = call0(it->seq);
        if (!r) return V_NULL;
        int e = eq(r, it->a);
        if (e < 0) return V_NULL;
        if (e) { it->seq = V_NULL; return V_NULL; }
        return r;
    }
    default:
        return V_NULL;
    }
}

intptr_t len_of(Val v)
{
    intptr_t n = len_exact(v);
    if (n >= 0)
        return n;
    Type *t = type_of(v);
    if (t->flags & TF_USER) {
        Val f = user_dunder(t, kr_dunder[D_LEN]);
        if (f) {
            Val r = call_bound(f, v, NULL, 0);
            if (!r)
                return -1;
            int64_t n;
            if (!int_to_i64(r, &n)) {
                raise(e_TypeError, "'%s' object cannot be interpreted as an integer", type_name(r));
                return -1;
            }
            if (n < 0) {
                raise(e_ValueError, "__len__() should return >= 0");
                return -1;
            }
            return (intptr_t)n;
        }
    }
    switch (t->kind) {
    case K_STR: return STR(v)->nchars;
    case K_BYTES: return (intptr_t)((Bytes *)v)->len;
    case K_BYTEARRAY: return (intptr_t)((ByteArray *)v)->len;
    case K_MEMVIEW: return memview_released(v) ? -1 : (intptr_t)((MemView *)v)->len;
    case K_TUPLE: return (intptr_t)TUP(v)->len;
    case K_LIST: return (intptr_t)LST(v)->len;
    case K_DICT: return (intptr_t)DICT(v)->used;
    case K_SET: case K_FROZENSET: return (intptr_t)((Set *)v)->used;
    case K_RANGE: return range_len((Range *)v);
    case K_DICTVIEW: return (intptr_t)DICT(((DictView *)v)->dict)->used;
    default:
        raise(e_TypeError, "object of type '%s' has no len()", CSTR(t->name));
        return -1;
    }
}

/* ---- calls ---- */

Val call(Val f, Val *args, int nargs, Val kw)
{
    if (!IS_PTR(f))
        return raise(e_TypeError, "'%s' object is not callable", type_name(f));
    Type *t = AS_OBJ(f)->type;
    switch (t->kind) {
    case K_FUNC:
        return func_call((Func *)f, args, nargs, kw);
    case K_NATIVE: {
        Native *n = (Native *)f;
        if (!n->self)
            return n->fn(args, nargs, kw);
        int total = nargs + KW_COUNT(kw);
        Val a[total + 1];
        a[0] = n->self;
        memcpy(a + 1, args, (size_t)total * sizeof(Val));
        return n->fn(a, nargs + 1, kw);
    }
    case K_BOUND: {
        Bound *b = (Bound *)f;
        int total = nargs + KW_COUNT(kw);
        Val a[total + 1];
        a[0] = b->self;
        memcpy(a + 1, args, (size_t)total * sizeof(Val));
        return call(b->func, a, nargs + 1, kw);
    }
    case K_TYPE:
        return type_call((Type *)f, args, nargs, kw);
    default:
        break;
    }
    if (t->flags & TF_USER) {
        Val c = user_dunder(t, kr_dunder[D_CALL]);
        if (c) {
            int total = nargs + KW_COUNT(kw);
            RawVals *r = gc_alloc_vals((size_t)total + 1);
            if (!r) return V_NULL;
            r->v[0] = f;
            memcpy(r->v + 1, args, (size_t)total * sizeof(Val));
            return call(c, r->v, nargs + 1, kw);
        }
    }
    if (t->kind == K_STATICM || t->kind == K_CLASSM)
        return call(((Wrapper *)f)->f, args, nargs, kw);
    return raise(e_TypeError, "'%s' object is not callable", CSTR(t->name));
}

Val call0(Val f) { return call(f, NULL, 0, V_NULL); }
Val call1(Val f, Val a) { return call(f, &a, 1, V_NULL); }
Val call2(Val f, Val a, Val b) { Val x[2] = {a, b}; return call(f, x, 2, V_NULL); }

Val call_method(Val obj, const char *name, Val *args, int nargs)
{
    Val n = str_intern_c(name);
    if (!n)
        return V_NULL;
    Val self;
    Val f = getmethod(obj, n, &self);
    if (!f)
        return V_NULL;
    if (!self)
        return call(f, args, nargs, V_NULL);
    Val buf[nargs + 1];
    buf[0] = self;
    for (int i = 0; i < nargs; i++)
        buf[i + 1] = args[i];
    return call(f, buf, nargs + 1, V_NULL);
}

/* ---- argument helpers ---- */

bool check_nargs(const char *fname, int nargs, int lo, int hi)
{
    if (nargs >= lo && nargs <= hi)
        return true;
    if (lo == hi)
        raise(e_TypeError, "%s() takes exactly %d argument%s (%d given)", fname, lo - 1, lo - 1 == 1 ? "" : "s", nargs - 1);
    else if (nargs < lo)
        raise(e_TypeError, "%s() takes at least %d argument%s (%d given)", fname, lo - 1, lo - 1 == 1 ? "" : "s", nargs - 1);
    else
        raise(e_TypeError, "%s() takes at most %d argument%s (%d given)", fname, hi - 1, hi - 1 == 1 ? "" : "s", nargs - 1);
    return false;
}

bool noargs_kw(Val kw, const char *fname)
{
    if (kw && TUP(kw)->len) {
        raise(e_TypeError, "%s() takes no keyword arguments", fname);
        return false;
    }
    return true;
}

Val kwarg(Val *args, int nargs, Val kw, const char *name)
{
    if (!kw)
        return V_NULL;
    Tuple *k = TUP(kw);
    for (size_t i = 0; i < k->len; i++)
        if (kstrcmp(CSTR(k->items[i]), name) == 0)
            return args[nargs + (int)i];
    return V_NULL;
}
