/* seq: tuple, list, range and slice objects. */
#include "obj.h"

#define METHOD(n) static Val n(Val *args, int nargs, Val kw)

Val tuple_new(size_t n)
{
    Tuple *t = gc_alloc(kr_types[K_TUPLE], sizeof(Tuple) + n * sizeof(Val));
    if (!t)
        return V_NULL;
    t->len = n;
    t->hash = -1;
    return (Val)t;
}

Val tuple_from(const Val *items, size_t n)
{
    Val t = tuple_new(n);
    if (t)
        memcpy(TUP(t)->items, items, n * sizeof(Val));
    return t;
}

Val tuple_pack(int n, ...)
{
    Val items[8];
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++)
        items[i] = va_arg(ap, Val);
    va_end(ap);
    for (int i = 0; i < n; i++)
        if (!items[i])
            return V_NULL;
    return tuple_from(items, (size_t)n);
}

Val list_new(size_t n)
{
    List *l = gc_alloc(kr_types[K_LIST], sizeof(List));
    if (!l)
        return V_NULL;
    RawVals *r = gc_alloc_vals(n < 4 ? 4 : n);
    if (!r)
        return V_NULL;
    l->items = r;
    l->len = n;
    return (Val)l;
}

Val list_from(const Val *items, size_t n)
{
    Val l = list_new(n);
    if (l)
        memcpy(LIST_ITEMS(l), items, n * sizeof(Val));
    return l;
}

static bool list_reserve(List *l, size_t n)
{
    if (n <= l->items->cap)
        return true;
    size_t cap = l->items->cap + (l->items->cap >> 1) + 4;
    if (cap < n)
        cap = n;
    RawVals *r = gc_alloc_vals(cap);
    if (!r)
        return false;
    memcpy(r->v, l->items->v, l->len * sizeof(Val));
    l->items = r;
    return true;
}

bool list_append(Val lv, Val v)
{
    List *l = LST(lv);
    if (!v)
        return false;
    if (l->len >= l->items->cap && !list_reserve(l, l->len + 1))
        return false;
    l->items->v[l->len++] = v;
    return true;
}

bool list_extend(Val l, Val iterable)
{
    Val *items;
    size_t n;
    if (seq_items(iterable, &items, &n)) {
        if (!list_reserve(LST(l), LST(l)->len + n))
            return false;
        seq_items(iterable, &items, &n);   /* l may be iterable itself */
        memcpy(LIST_ITEMS(l) + LST(l)->len, items, n * sizeof(Val));
        LST(l)->len += n;
        return true;
    }
    Val it = get_iter(iterable);
    if (!it)
        return false;
    Val x;
    while ((x = iter_next(it)))
        if (!list_append(l, x))
            return false;
    return !TS->cur_exc;
}

Val seq_to_list(Val iterable)
{
    Val l = list_new(0);
    if (!l || !list_extend(l, iterable))
        return V_NULL;
    return l;
}

Val seq_to_tuple(Val iterable)
{
    if (IS_PTR(iterable) && AS_OBJ(iterable)->type == kr_types[K_TUPLE])
        return iterable;
    Val l = seq_to_list(iterable);
    if (!l)
        return V_NULL;
    return tuple_from(LIST_ITEMS(l), LST(l)->len);
}

bool index_of(Val idx, intptr_t len, intptr_t *out, const char *what)
{
    int64_t i;
    if (!int_to_i64(idx, &i)) {
        if (is_int(idx)) {
            raise(e_IndexError, "cannot fit 'int' into an index-sized integer");
            return false;
        }
        Val ix = V_NULL;
        bool found = false;
        if (IS_PTR(idx) && (type_of(idx)->flags & TF_USER))
            ix = call_special(idx, kr_dunder[D_INDEX], NULL, 0, &found);
        if (found && ix && int_to_i64(ix, &i))
            goto have;
        if (!found)
            raise(e_TypeError, "%s indices must be integers or slices, not %s", what, type_name(idx));
        return false;
    }
have:
    if (i < 0)
        i += len;
    if (i < 0 || i >= len) {
        if (what[0] == '-')
            raise(e_IndexError, "%s", what + 1);
        else
            raise(e_IndexError, "%s index out of range", what);
        return false;
    }
    *out = (intptr_t)i;
    return true;
}

/* ---- slices ---- */

Val slice_new(Val a, Val b, Val c)
{
    Slice *s = gc_alloc(kr_types[K_SLICE], sizeof(Slice));
    if (!s)
        return V_NULL;
    s->start = a;
    s->stop = b;
    s->step = c;
    return (Val)s;
}

static bool slice_part(Val v, int64_t *out)
{
    if (int_to_i64(v, out))
        return true;
    if (is_int(v)) {
        *out = int_cmp(v, MK_INT(0)) < 0 ? INT64_MIN / 2 : INT64_MAX / 2;
        return true;
    }
    bool found = false;
    Val ix = V_NULL;
    if (IS_PTR(v) && (type_of(v)->flags & TF_USER))
        ix = call_special(v, kr_dunder[D_INDEX], NULL, 0, &found);
    if (found && ix && int_to_i64(ix, out))
        return true;
    if (!found)
        raise(e_TypeError, "slice indices must be integers or None or have an __index__ method");
    return false;
}

bool slice_indices(Val sv, intptr_t len, intptr_t *start, intptr_t *stop, intptr_t *step, intptr_t *slicelen)
{
    Slice *s = (Slice *)sv;
    int64_t st = 1, a, b;
    if (s->step != V_NONE) {
        if (!slice_part(s->step, &st))
            return false;
        if (st == 0) {
            raise(e_ValueError, "slice step cannot be zero");
            return false;
        }
    }
    if (s->start == V_NONE)
        a = st < 0 ? len - 1 : 0;
    else {
        if (!slice_part(s->start, &a))
            return false;
        if (a < 0) { a += len; if (a < 0) a = st < 0 ? -1 : 0; }
        else if (a >= len) a = st < 0 ? len - 1 : len;
    }
    if (s->stop == V_NONE)
        b = st < 0 ? -1 : len;
    else {
        if (!slice_part(s->stop, &b))
            return false;
        if (b < 0) { b += len; if (b < 0) b = st < 0 ? -1 : 0; }
        else if (b >= len) b = st < 0 ? len - 1 : len;
    }
    intptr_t n = 0;
    if (st < 0) { if (b < a) n = (intptr_t)((a - b - 1) / (-st) + 1); }
    else if (a < b) n = (intptr_t)((b - a - 1) / st + 1);
    *start = (intptr_t)a;
    *stop = (intptr_t)b;
    *step = (intptr_t)st;
    *slicelen = n;
    return true;
}

/* ---- range ---- */

Val range_new(intptr_t a, intptr_t b, intptr_t c)
{
    Range *r = gc_alloc(kr_types[K_RANGE], sizeof(Range));
    if (!r)
        return V_NULL;
    r->start = a;
    r->stop = b;
    r->step = c;
    return (Val)r;
}

static Val range_make(Val *args, int nargs, Val kw)
{
    (void)kw;
    int64_t v[3] = {0, 0, 1};
    nargs--;
    args++;
    if (nargs < 1 || nargs > 3)
        return raise(e_TypeError, nargs < 1 ? "range expected at least 1 argument, got 0" : "range expected at most 3 arguments, got %d", nargs);
    for (int i = 0; i < nargs; i++) {
        if (!is_int(args[i]))
            return raise(e_TypeError, "'%s' object cannot be interpreted as an integer", type_name(args[i]));
        if (!int_to_i64(args[i], &v[i]) || !FITS_SMALL(v[i]))
            return raise(e_OverflowError, "range too large");
    }
    if (nargs == 1)
        return range_new(0, (intptr_t)v[0], 1);
    if (v[2] == 0)
        return raise(e_ValueError, "range() arg 3 must not be zero");
    return range_new((intptr_t)v[0], (intptr_t)v[1], (intptr_t)v[2]);
}

intptr_t range_len(Range *r)
{
    if (r->step > 0)
        return r->start < r->stop ? (r->stop - r->start - 1) / r->step + 1 : 0;
    return r->start > r->stop ? (r->start - r->stop - 1) / (-r->step) + 1 : 0;
}

Val range_getitem(Val rv, Val idx)
{
    Range *r = (Range *)rv;
    intptr_t n = range_len(r);
    if (IS_PTR(idx) && type_of(idx)->kind == K_SLICE) {
        intptr_t a, b, st, len;
        if (!slice_indices(idx, n, &a, &b, &st, &len))
            return V_NULL;
        intptr_t s0 = r->start + a * r->step;
        intptr_t stp = r->step * st;
        return range_new(s0, s0 + len * stp, stp);
    }
    intptr_t i;
    if (!index_of(idx, n, &i, "range object"))
        return V_NULL;
    return MK_INT(r->start + i * r->step);
}

int range_contains(Val rv, Val x)
{
    Range *r = (Range *)rv;
    if (!IS_INT(x))
        return -2;
    intptr_t v = INT_VAL(x);
    if (r->step > 0 ? (v < r->start || v >= r->stop) : (v > r->start || v <= r->stop))
        return 0;
    return (v - r->start) % r->step == 0;
}

METHOD(range_index)
{
    (void)kw; (void)nargs;
    int c = range_contains(args[0], args[1]);
    if (c <= 0)
        return c == -2 ? raise(e_ValueError, "value is not in range") : raise(e_ValueError, "%R is not in range", args[1]);
    Range *r = (Range *)args[0];
    return MK_INT((INT_VAL(args[1]) - r->start) / r->step);
}

METHOD(range_count)
{
    (void)kw; (void)nargs;
    return MK_INT(range_contains(args[0], args[1]) == 1);
}

/* ---- list methods ---- */

METHOD(l_append) { (void)kw; if (!check_nargs("append", nargs, 2, 2)) return V_NULL; return list_append(args[0], args[1]) ? V_NONE : V_NULL; }
METHOD(l_extend) { (void)kw; if (!check_nargs("extend", nargs, 2, 2)) return V_NULL; return list_extend(args[0], args[1]) ? V_NONE : V_NULL; }

METHOD(l_insert)
{
    (void)kw;
    if (!check_nargs("insert", nargs, 3, 3))
        return V_NULL;
    List *l = LST(args[0]);
    int64_t i;
    if (!int_to_i64(args[1], &i))
        return raise(e_TypeError, "'%s' object cannot be interpreted as an integer", type_name(args[1]));
    intptr_t n = (intptr_t)l->len;
    if (i < 0) { i += n; if (i < 0) i = 0; }
    if (i > n) i = n;
    if (!list_append(args[0], args[2]))
        return V_NULL;
    Val *v = l->items->v;
    memmove(v + i + 1, v + i, (size_t)(n - i) * sizeof(Val));
    v[i] = args[2];
    return V_NONE;
}

METHOD(l_pop)
{
    (void)kw;
    if (!check_nargs("pop", nargs, 1, 2))
        return V_NULL;
    List *l = LST(args[0]);
    if (l->len == 0)
        return raise(e_IndexError, "pop from empty list");
    intptr_t i = (intptr_t)l->len - 1;
    if (nargs > 1 && !index_of(args[1], (intptr_t)l->len, &i, "pop"))
        return V_NULL;
    Val *v = l->items->v;
    Val r = v[i];
    memmove(v + i, v + i + 1, (l->len - (size_t)i - 1) * sizeof(Val));
    l->len--;
    return r;
}

static intptr_t list_find(Val lv, Val x)
{
    List *l = LST(lv);
    for (size_t i = 0; i < l->len; i++) {
        int e = eq(l->items->v[i], x);
        if (e < 0)
            return -2;
        if (e)
            return (intptr_t)i;
    }
    return -1;
}

METHOD(l_remove)
{
    (void)kw;
    if (!check_nargs("remove", nargs, 2, 2))
        return V_NULL;
    intptr_t i = list_find(args[0], args[1]);
    if (i == -2)
        return V_NULL;
    if (i < 0)
        return raise(e_ValueError, "list.remove(x): x not in list");
    List *l = LST(args[0]);
    memmove(l->items->v + i, l->items->v + i + 1, (l->len - (size_t)i - 1) * sizeof(Val));
    l->len--;
    return V_NONE;
}

static Val seq_index(Val *args, int nargs)
{
    Val *items = NULL;
    size_t n = 0;
    seq_items(args[0], &items, &n);
    intptr_t a = 0, b = (intptr_t)n;
    int64_t x;
    if (nargs > 2 && int_to_i64(args[2], &x)) { a = x < 0 ? (intptr_t)x + (intptr_t)n : (intptr_t)x; if (a < 0) a = 0; }
    if (nargs > 3 && int_to_i64(args[3], &x)) { b = x < 0 ? (intptr_t)x + (intptr_t)n : (intptr_t)x; if (b > (intptr_t)n) b = (intptr_t)n; }
    for (intptr_t i = a; i < b; i++) {
        seq_items(args[0], &items, &n);
        if ((size_t)i >= n)
            break;
        int e = eq(items[i], args[1]);
        if (e < 0)
            return V_NULL;
        if (e)
            return MK_INT(i);
    }
    if (type_of(args[0])->kind == K_LIST)
        return raise(e_ValueError, "%R is not in list", args[1]);
    return raise(e_ValueError, "tuple.index(x): x not in tuple");
}

METHOD(s_index) { (void)kw; if (!check_nargs("index", nargs, 2, 4)) return V_NULL; return seq_index(args, nargs); }

METHOD(s_count)
{
    (void)kw;
    if (!check_nargs("count", nargs, 2, 2))
        return V_NULL;
    Val *items = NULL;
    size_t n = 0;
    intptr_t c = 0;
    seq_items(args[0], &items, &n);
    for (size_t i = 0; i < n; i++) {
        int e = eq(items[i], args[1]);
        if (e < 0)
            return V_NULL;
        c += e;
        seq_items(args[0], &items, &n);
    }
    return MK_INT(c);
}

METHOD(l_reverse)
{
    (void)kw; (void)nargs;
    List *l = LST(args[0]);
    Val *v = l->items->v;
    for (size_t i = 0; i < l->len / 2; i++) {
        Val t = v[i];
        v[i] = v[l->len - 1 - i];
        v[l->len - 1 - i] = t;
    }
    return V_NONE;
}

METHOD(l_copy) { (void)kw; (void)nargs; return list_from(LIST_ITEMS(args[0]), LST(args[0])->len); }
METHOD(l_clear) { (void)kw; (void)nargs; LST(args[0])->len = 0; return V_NONE; }

/* Stable merge sort on keys; comparisons may raise. */
static bool merge_sort(Val *keys, Val *vals, Val *tk, Val *tv, size_t n, bool reverse)
{
    if (n < 2)
        return true;
    if (n <= 8) {
        for (size_t i = 1; i < n; i++) {
            Val k = keys[i], v = vals[i];
            size_t j = i;
            while (j > 0) {
                int c = reverse ? lt(keys[j - 1], k) : lt(k, keys[j - 1]);
                if (c < 0)
                    return false;
                if (!c)
                    break;
                keys[j] = keys[j - 1];
                vals[j] = vals[j - 1];
                j--;
            }
            keys[j] = k;
            vals[j] = v;
        }
        return true;
    }
    size_t m = n / 2;
    if (!merge_sort(keys, vals, tk, tv, m, reverse) || !merge_sort(keys + m, vals + m, tk, tv, n - m, reverse))
        return false;
    memcpy(tk, keys, m * sizeof(Val));
    memcpy(tv, vals, m * sizeof(Val));
    size_t i = 0, j = m, o = 0;
    while (i < m && j < n) {
        int c = reverse ? lt(tk[i], keys[j]) : lt(keys[j], tk[i]);
        if (c < 0) {
            while (i < m) { keys[o] = tk[i]; vals[o++] = tv[i++]; }
            return false;
        }
        if (c) { keys[o] = keys[j]; vals[o++] = vals[j++]; }
        else { keys[o] = tk[i]; vals[o++] = tv[i++]; }
    }
    while (i < m) { keys[o] = tk[i]; vals[o++] = tv[i++]; }
    return true;
}

Val list_sort(Val lv, Val key, bool reverse)
{
    List *l = LST(lv);
    size_t n = l->len;
    RawVals *keys = gc_alloc_vals(n + 1), *tk = gc_alloc_vals(n / 2 + 1), *tv = gc_alloc_vals(n / 2 + 1);
    if (!keys || !tk || !tv)
        return V_NULL;
    RawVals *vals = gc_alloc_vals(n + 1);
    if (!vals)
        return V_NULL;
    memcpy(vals->v, l->items->v, n * sizeof(Val));
    for (size_t i = 0; i < n; i++) {
        if (key && key != V_NONE) {
            Val k = call1(key, vals->v[i]);
            if (!k)
                return V_NULL;
            keys->v[i] = k;
        } else
            keys->v[i] = vals->v[i];
    }
    /* reverse keeps stability: CPython reverses, sorts, reverses again */
    bool ok = merge_sort(keys->v, vals->v, tk->v, tv->v, n, reverse);
    if (!ok)
        return V_NULL;
    if (l->len != n)
        return raise(e_ValueError, "list modified during sort");
    memcpy(l->items->v, vals->v, n * sizeof(Val));
    return V_NONE;
}

METHOD(l_sort)
{
    if (nargs > 1)
        return raise(e_TypeError, "sort() takes no positional arguments");
    Val key = kwarg(args, nargs, kw, "key");
    Val rev = kwarg(args, nargs, kw, "reverse");
    return list_sort(args[0], key, rev ? truthy(rev) > 0 : false);
}

static Val list_make(Val *args, int nargs, Val kw)
{
    (void)kw;
    if (nargs > 2)
        return raise(e_TypeError, "list expected at most 1 argument, got %d", nargs - 1);
    return nargs > 1 ? seq_to_list(args[1]) : list_new(0);
}

static Val tuple_make(Val *args, int nargs, Val kw)
{
    (void)kw;
    if (nargs > 2)
        return raise(e_TypeError, "tuple expected at most 1 argument, got %d", nargs - 1);
    return nargs > 1 ? seq_to_tuple(args[1]) : tuple_new(0);
}

static Val slice_make(Val *args, int nargs, Val kw)
{
    (void)kw;
    if (nargs == 2)
        return slice_new(V_NONE, args[1], V_NONE);
    if (nargs == 3)
        return slice_new(args[1], args[2], V_NONE);
    if (nargs == 4)
        return slice_new(args[1], args[2], args[3]);
    return raise(e_TypeError, "slice expected at least 1 argument, got 0");
}

METHOD(sl_indices)
{
    (void)kw; (void)nargs;
    intptr_t a, b, c, n;
    int64_t len;
    if (!int_to_i64(args[1], &len))
        return raise(e_TypeError, "length must be an int");
    if (!slice_indices(args[0], (intptr_t)len, &a, &b, &c, &n))
        return V_NULL;
    return tuple_pack(3, MK_INT(a), MK_INT(b), MK_INT(c));
}

void seq_init(void)
{
    Type *l = kr_types[K_LIST];
    type_add_static(l, "__new__", list_make);
    type_add_method(l, "append", l_append);
    type_add_method(l, "extend", l_extend);
    type_add_method(l, "insert", l_insert);
    type_add_method(l, "pop", l_pop);
    type_add_method(l, "remove", l_remove);
    type_add_method(l, "index", s_index);
    type_add_method(l, "count", s_count);
    type_add_method(l, "reverse", l_reverse);
    type_add_method(l, "sort", l_sort);
    type_add_method(l, "copy", l_copy);
    type_add_method(l, "clear", l_clear);
    Type *t = kr_types[K_TUPLE];
    type_add_static(t, "__new__", tuple_make);
    type_add_method(t, "index", s_index);
    type_add_method(t, "count", s_count);
    Type *r = kr_types[K_RANGE];
    type_add_static(r, "__new__", range_make);
    type_add_method(r, "index", range_index);
    type_add_method(r, "count", range_count);
    type_add_static(kr_types[K_SLICE], "__new__", slice_make);
    type_add_method(kr_types[K_SLICE], "indices", sl_indices);
}
