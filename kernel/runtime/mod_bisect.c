/* bisect: CPython's module of the same name (bisect_left/right, insort_left/right, bisect, insort, with lo, hi
   and key) in C. The kernel's timer list inserts with it: a halving loop in bytecode cost ~130 instructions per
   timer set in the middle of a list holding hundreds of cancelled entries. */
#include "obj.h"

/* An index argument: an int (or bool), raising as CPython does otherwise. */
static bool index_arg(Val v, int64_t *out)
{
    if (int_to_i64(v, out))
        return true;
    if (IS_PTR(v) && type_of(v)->kind == K_INT)
        raise(e_OverflowError, "Python int too large to convert to C ssize_t");
    else
        raise(e_TypeError, "'%s' object cannot be interpreted as an integer", type_name(v));
    return false;
}

/* The (lo, hi) of a call: positional after (a, x), or keywords; hi None or absent means len(a). */
static bool bounds(Val *args, int nargs, Val kw, const char *fname, intptr_t *lo, intptr_t *hi)
{
    if (nargs < 2) {
        raise(e_TypeError, "%s() missing required argument '%s' (pos %d)", fname, nargs ? "x" : "a", nargs + 1);
        return false;
    }
    if (nargs > 4) {
        raise(e_TypeError, "%s() takes at most 4 positional arguments (%d given)", fname, nargs);
        return false;
    }
    Val lov = nargs > 2 ? args[2] : kwarg(args, nargs, kw, "lo");
    Val hiv = nargs > 3 ? args[3] : kwarg(args, nargs, kw, "hi");
    int64_t v = 0;
    if (lov && !index_arg(lov, &v))
        return false;
    if (v < 0) {
        raise(e_ValueError, "lo must be non-negative");
        return false;
    }
    *lo = (intptr_t)v;
    if (!hiv || hiv == V_NONE) {
        intptr_t n = len_of(args[0]);
        if (n < 0)
            return false;
        *hi = n;
    } else {
        if (!int_to_i64(hiv, &v)) {
            if (IS_PTR(hiv) && type_of(hiv)->kind == K_INT)
                raise(e_OverflowError, "Python int too large to convert to C ssize_t");
            else
                raise(e_TypeError, "argument should be integer or None, not '%s'", type_name(hiv));
            return false;
        }
        *hi = (intptr_t)v;
    }
    return true;
}

/* a[i], through key when there is one: V_NULL on error. */
static Val probe(Val a, intptr_t i, Val key)
{
    Val item;
    if (IS_PTR(a) && AS_OBJ(a)->type == kr_types[K_LIST] && (size_t)i < LST(a)->len)
        item = LST(a)->items->v[i];
    else if (!(item = getitem(a, MK_INT(i))))
        return V_NULL;
    return key ? call1(key, item) : item;
}

/* The insertion point of x in a[lo:hi] (already sorted): after any equal items when right, before them
   otherwise. -1 on error. */
static intptr_t search(Val a, Val x, intptr_t lo, intptr_t hi, Val key, bool right)
{
    while (lo < hi) {
        intptr_t mid = lo + (hi - lo) / 2;
        Val item = probe(a, mid, key);
        if (!item)
            return -1;
        /* right: x < item sends the search left; left: item < x sends it right */
        Val r = right ? compare_op(CMP_LT, x, item) : compare_op(CMP_LT, item, x);
        if (!r)
            return -1;
        int t = r == V_TRUE ? 1 : r == V_FALSE ? 0 : truthy(r);
        if (t < 0)
            return -1;
        if (t == right)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

static Val do_bisect(Val *args, int nargs, Val kw, const char *fname, bool right)
{
    intptr_t lo, hi;
    if (!bounds(args, nargs, kw, fname, &lo, &hi))
        return V_NULL;
    Val key = kwarg(args, nargs, kw, "key");
    if (key == V_NONE)
        key = V_NULL;
    intptr_t i = search(args[0], args[1], lo, hi, key, right);
    return i < 0 ? V_NULL : MK_INT(i);
}

static Val do_insort(Val *args, int nargs, Val kw, const char *fname, bool right)
{
    intptr_t lo, hi;
    if (!bounds(args, nargs, kw, fname, &lo, &hi))
        return V_NULL;
    Val a = args[0], x = args[1];
    Val key = kwarg(args, nargs, kw, "key");
    if (key == V_NONE)
        key = V_NULL;
    Val k = key ? call1(key, x) : x;
    if (!k)
        return V_NULL;
    intptr_t i = search(a, k, lo, hi, key, right);
    if (i < 0)
        return V_NULL;
    Val margs[2] = {MK_INT(i), x};
    return call_method(a, "insert", margs, 2) ? V_NONE : V_NULL;
}

static Val bisect_left(Val *a, int n, Val kw) { return do_bisect(a, n, kw, "bisect_left", false); }
static Val bisect_right(Val *a, int n, Val kw) { return do_bisect(a, n, kw, "bisect_right", true); }
static Val insort_left(Val *a, int n, Val kw) { return do_insort(a, n, kw, "insort_left", false); }
static Val insort_right(Val *a, int n, Val kw) { return do_insort(a, n, kw, "insort_right", true); }

static const vm_native_def bisect_fns[] = {
    {"bisect_left", bisect_left}, {"bisect_right", bisect_right}, {"bisect", bisect_right},
    {"insort_left", insort_left}, {"insort_right", insort_right}, {"insort", insort_right}, {NULL, NULL},
};

void mod_bisect_init(void)
{
    native_module("bisect", bisect_fns);
}
