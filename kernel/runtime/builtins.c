/* builtins: the builtin functions and the int/float methods. */
#include "obj.h"
#include "fltfmt.h"
#include "port.h"

#define BUILTIN(n) static Val n(Val *args, int nargs, Val kw)
#define NARGS(name, lo, hi) do { if (nargs < (lo) || nargs > (hi)) return arity(name, nargs, lo, hi); } while (0)

Val kr_builtins;

static Val arity(const char *name, int n, int lo, int hi)
{
    if (lo == hi)
        return raise(e_TypeError, "%s() takes exactly %s (%d given)", name, lo == 1 ? "one argument" : lo == 0 ? "no arguments" : "2 arguments", n);
    if (n < lo)
        return raise(e_TypeError, "%s expected at least %d argument%s, got %d", name, lo, lo == 1 ? "" : "s", n);
    return raise(e_TypeError, "%s expected at most %d argument%s, got %d", name, hi, hi == 1 ? "" : "s", n);
}

/* ---- output ---- */

static char outbuf[8192];
static size_t outlen;

static void flush_stdout(void)
{
    if (outlen) {
        port_write(1, outbuf, outlen);
        outlen = 0;
    }
}

void vm_flush(void) { flush_stdout(); }

static void write_fd(int fd, const char *s, size_t n)
{
    if (fd == 1 && port_stdout_buffered) {
        if (outlen + n > sizeof outbuf) {
            flush_stdout();
            if (n > sizeof outbuf) {
                port_write(1, s, n);
                return;
            }
        }
        memcpy(outbuf + outlen, s, n);
        outlen += n;
        return;
    }
    flush_stdout();
    port_write(fd, s, n);
}

Val print_to(int fd, Val s)
{
    if (!s)
        return V_NULL;
    write_fd(fd, CSTR(s), STR(s)->len);
    return V_NONE;
}

static int stream_fd(Val file)
{
    if (!file || file == V_NONE)
        return 1;
    Val *d = dict_slot(file);
    if (d && *d) {
        Val fd = dict_get_cstr(*d, "_fd");
        if (fd && IS_INT(fd))
            return (int)INT_VAL(fd);
    }
    return -1;
}

Val write_stream(int fd, Val s)
{
    return print_to(fd, s);
}

BUILTIN(b_print)
{
    Val sep = kwarg(args, nargs, kw, "sep");
    Val end = kwarg(args, nargs, kw, "end");
    Val file = kwarg(args, nargs, kw, "file");
    if (!sep || sep == V_NONE) sep = kr_chars[' '];
    if (!end || end == V_NONE) end = kr_chars['\n'];
    if (!IS_STR(sep))
        return raise(e_TypeError, "sep must be None or a string, not %s", type_name(sep));
    if (!IS_STR(end))
        return raise(e_TypeError, "end must be None or a string, not %s", type_name(end));
    SBuf b;
    sb_init(&b, 64);
    for (int i = 0; i < nargs; i++) {
        if (i)
            sb_addv(&b, sep);
        Val s = to_str(args[i]);
        if (!s)
            return V_NULL;
        sb_addv(&b, s);
    }
    sb_addv(&b, end);
    Val s = sb_to_str(&b);
    if (!s)
        return V_NULL;
    int fd = stream_fd(file);
    if (fd < 0) {
        Val r = call_method(file, "write", &s, 1);
        return r ? V_NONE : V_NULL;
    }
    return print_to(fd, s);
}

/* sys.stdout / sys.stderr */
static Val stream_write(Val *args, int nargs, Val kw)
{
    (void)kw;
    if (nargs != 2)
        return raise(e_TypeError, "write() takes exactly one argument");
    if (!IS_STR(args[1]))
        return raise(e_TypeError, "write() argument must be str, not %s", type_name(args[1]));
    print_to(stream_fd(args[0]), args[1]);
    return MK_INT(STR(args[1])->nchars);
}

static Val stream_flush(Val *args, int nargs, Val kw)
{
    (void)args; (void)nargs; (void)kw;
    flush_stdout();
    return V_NONE;
}

Type *t_stream;

Val make_stream(int fd, const char *name)
{
    Instance *o = gc_alloc(t_stream, sizeof(Instance));
    if (!o)
        return V_NULL;
    o->dict = dict_new();
    dict_set_cstr(o->dict, "_fd", MK_INT(fd));
    dict_set_cstr(o->dict, "name", str_from_cstr(name));
    return (Val)o;
}

/* ---- simple builtins ---- */

BUILTIN(b_len)
{
    (void)kw;
    NARGS("len", 1, 1);
    intptr_t n = len_of(args[0]);
    return n < 0 ? V_NULL : MK_INT(n);
}

BUILTIN(b_repr) { (void)kw; NARGS("repr", 1, 1); return repr(args[0]); }
BUILTIN(b_ascii) { (void)kw; NARGS("ascii", 1, 1); return repr(args[0]); }

BUILTIN(b_abs)
{
    (void)kw;
    NARGS("abs", 1, 1);
    Val v = args[0];
    if (is_int(v))
        return int_cmp(v, MK_INT(0)) < 0 ? int_neg(v) : (IS_INT(v) || IS_PTR(v) ? v : int_binop(OP_ADD, v, MK_INT(0)));
    if (IS_PTR(v) && type_of(v)->kind == K_FLOAT)
        return float_new(FLOAT_VAL(v) < 0 ? -FLOAT_VAL(v) : (FLOAT_VAL(v) == 0 ? 0.0 : FLOAT_VAL(v)));
    bool found;
    Val r = call_special(v, kr_dunder[D_ABS], NULL, 0, &found);
    if (found) return r;
    return raise(e_TypeError, "bad operand type for abs(): '%s'", type_name(v));
}

static Val prefixed(Val v, int base, const char *prefix)
{
    int64_t tmp;
    if (!is_int(v)) {
        bool found;
        Val r = IS_PTR(v) ? call_special(v, kr_dunder[D_INDEX], NULL, 0, &found) : V_NULL;
        if (!r || !IS_PTR(v))
            return raise(e_TypeError, "'%s' object cannot be interpreted as an integer", type_name(v));
        v = r;
    }
    (void)tmp;
    Val s = int_to_str(v, base);
    if (!s)
        return V_NULL;
    if (CSTR(s)[0] == '-')
        return format_c("-%s%s", prefix, CSTR(s) + 1);
    return format_c("%s%s", prefix, CSTR(s));
}

BUILTIN(b_hex) { (void)kw; NARGS("hex", 1, 1); return prefixed(args[0], 16, "0x"); }
BUILTIN(b_bin) { (void)kw; NARGS("bin", 1, 1); return prefixed(args[0], 2, "0b"); }
BUILTIN(b_oct) { (void)kw; NARGS("oct", 1, 1); return prefixed(args[0], 8, "0o"); }

BUILTIN(b_ord)
{
    (void)kw;
    NARGS("ord", 1, 1);
    Val v = args[0];
    if (IS_STR(v)) {
        if (STR(v)->nchars != 1)
            return raise(e_TypeError, "ord() expected a character, but string of length %d found", (int)STR(v)->nchars);
        size_t adv;
        return MK_INT(utf8_decode(CSTR(v), &adv));
    }
    uint8_t *d; size_t n; bool w;
    if (buffer_get(v, &d, &n, &w)) {
        if (n != 1)
            return raise(e_TypeError, "ord() expected a character, but string of length %d found", (int)n);
        return MK_INT(d[0]);
    }
    return raise(e_TypeError, "ord() expected string of length 1, but %s found", type_name(v));
}

BUILTIN(b_chr)
{
    (void)kw;
    NARGS("chr", 1, 1);
    int64_t c;
    if (!int_to_i64(args[0], &c))
        return raise(e_TypeError, "an integer is required (got type %s)", type_name(args[0]));
    if (c < 0 || c > 0x10ffff)
        return raise(e_ValueError, "chr() arg not in range(0x110000)");
    return str_from_codepoint((uint32_t)c);
}

static bool class_check(Val cls, const char *fname)
{
    if (IS_PTR(cls) && type_of(cls)->kind == K_TYPE)
        return true;
    if (IS_PTR(cls) && type_of(cls)->kind == K_TUPLE) {
        for (size_t i = 0; i < TUP(cls)->len; i++)
            if (!class_check(TUP(cls)->items[i], fname))
                return false;
        return true;
    }
    raise(e_TypeError, "%s() arg 2 must be a type, a tuple of types, or a union", fname);
    return false;
}

static bool subclass_of(Type *t, Val cls)
{
    if (IS_PTR(cls) && type_of(cls)->kind == K_TUPLE) {
        for (size_t i = 0; i < TUP(cls)->len; i++)
            if (subclass_of(t, TUP(cls)->items[i]))
                return true;
        return false;
    }
    return type_is_subtype(t, (Type *)cls);
}

BUILTIN(b_isinstance)
{
    (void)kw;
    NARGS("isinstance", 2, 2);
    if (!class_check(args[1], "isinstance"))
        return V_NULL;
    return MK_BOOL(subclass_of(type_of(args[0]), args[1]));
}

BUILTIN(b_issubclass)
{
    (void)kw;
    NARGS("issubclass", 2, 2);
    if (!IS_PTR(args[0]) || type_of(args[0])->kind != K_TYPE)
        return raise(e_TypeError, "issubclass() arg 1 must be a class");
    if (!class_check(args[1], "issubclass"))
        return V_NULL;
    return MK_BOOL(subclass_of((Type *)args[0], args[1]));
}

BUILTIN(b_getattr)
{
    (void)kw;
    NARGS("getattr", 2, 3);
    if (!IS_STR(args[1]))
        return raise(e_TypeError, "attribute name must be string, not '%s'", type_name(args[1]));
    Val name = str_intern(args[1]);
    Val v = getattr(args[0], name);
    if (!v && nargs == 3 && exc_pending_is(e_AttributeError)) {
        exc_clear();
        return args[2];
    }
    return v;
}

BUILTIN(b_setattr)
{
    (void)kw;
    NARGS("setattr", 3, 3);
    if (!IS_STR(args[1]))
        return raise(e_TypeError, "attribute name must be string, not '%s'", type_name(args[1]));
    return setattr(args[0], str_intern(args[1]), args[2]) ? V_NONE : V_NULL;
}

BUILTIN(b_delattr)
{
    (void)kw;
    NARGS("delattr", 2, 2);
    if (!IS_STR(args[1]))
        return raise(e_TypeError, "attribute name must be string, not '%s'", type_name(args[1]));
    return delattr(args[0], str_intern(args[1])) ? V_NONE : V_NULL;
}

BUILTIN(b_hasattr)
{
    (void)kw;
    NARGS("hasattr", 2, 2);
    if (!IS_STR(args[1]))
        return raise(e_TypeError, "attribute name must be string, not '%s'", type_name(args[1]));
    Val v = getattr(args[0], str_intern(args[1]));
    if (v)
        return V_TRUE;
    if (exc_pending_is(e_AttributeError)) {
        exc_clear();
        return V_FALSE;
    }
    return V_NULL;
}

BUILTIN(b_hash) { (void)kw; NARGS("hash", 1, 1); return op_hash(args[0]); }
BUILTIN(b_id) { (void)kw; NARGS("id", 1, 1); return int_from_u64((uint64_t)args[0]); }

BUILTIN(b_callable)
{
    (void)kw;
    NARGS("callable", 1, 1);
    Val v = args[0];
    if (!IS_PTR(v)) return V_FALSE;
    uint32_t k = type_of(v)->kind;
    if (k == K_FUNC || k == K_NATIVE || k == K_BOUND || k == K_TYPE) return V_TRUE;
    return MK_BOOL(type_lookup(type_of(v), kr_dunder[D_CALL]) != V_NULL);
}

BUILTIN(b_iter)
{
    (void)kw;
    NARGS("iter", 1, 2);
    if (nargs == 2) {
        Iter *it = (Iter *)iter_new(IT_CALLABLE, args[0]);
        if (!it) return V_NULL;
        it->a = args[1];
        return (Val)it;
    }
    return get_iter(args[0]);
}

BUILTIN(b_next)
{
    (void)kw;
    NARGS("next", 1, 2);
    Val it = args[0];
    Type *t = type_of(it);
    if (t->kind == K_GEN) {
        bool yielded;
        Val r = gen_send(it, V_NONE, &yielded);
        if (r && yielded)
            return r;
        if (!r && !exc_pending_is(e_StopIteration))
            return V_NULL;
        if (nargs == 2) {
            exc_clear();
            return args[1];
        }
        if (r)
            return raise_val(exc_new(e_StopIteration, r == V_NONE ? tuple_new(0) : tuple_pack(1, r)));
        return V_NULL;
    }
    if (t->kind != K_ITER && t->kind != K_GEN && !type_lookup(t, kr_dunder[D_NEXT]))
        return raise(e_TypeError, "'%s' object is not an iterator", type_name(it));
    Val v = iter_next(it);
    if (v)
        return v;
    if (TS->cur_exc)
        return V_NULL;
    if (nargs == 2)
        return args[1];
    return raise(e_StopIteration, NULL);
}

BUILTIN(b_enumerate)
{
    Val start = nargs > 1 ? args[1] : kwarg(args, nargs, kw, "start");
    Val src = nargs > 0 ? args[0] : kwarg(args, nargs, kw, "iterable");
    if (!src)
        return raise(e_TypeError, "enumerate() missing required argument 'iterable'");
    Val inner = get_iter(src);
    if (!inner)
        return V_NULL;
    Iter *it = (Iter *)iter_new(IT_ENUMERATE, inner);
    if (!it)
        return V_NULL;
    it->a = start ? start : MK_INT(0);
    return (Val)it;
}

BUILTIN(b_zip)
{
    Val strict = kwarg(args, nargs, kw, "strict");
    Val its = tuple_new((size_t)nargs);
    if (!its)
        return V_NULL;
    for (int i = 0; i < nargs; i++) {
        Val it = get_iter(args[i]);
        if (!it)
            return V_NULL;
        TUP(its)->items[i] = it;
    }
    Iter *it = (Iter *)iter_new(IT_ZIP, its);
    if (it && strict)
        it->step = truthy(strict) > 0;
    return (Val)it;
}

BUILTIN(b_map)
{
    (void)kw;
    if (nargs < 2)
        return raise(e_TypeError, "map() must have at least two arguments.");
    Val its = tuple_new((size_t)nargs - 1);
    if (!its)
        return V_NULL;
    for (int i = 1; i < nargs; i++) {
        Val it = get_iter(args[i]);
        if (!it)
            return V_NULL;
        TUP(its)->items[i - 1] = it;
    }
    Iter *it = (Iter *)iter_new(IT_MAP, its);
    if (it)
        it->a = args[0];
    return (Val)it;
}

BUILTIN(b_filter)
{
    (void)kw;
    NARGS("filter", 2, 2);
    Val inner = get_iter(args[1]);
    if (!inner)
        return V_NULL;
    Iter *it = (Iter *)iter_new(IT_FILTER, inner);
    if (it)
        it->a = args[0];
    return (Val)it;
}

BUILTIN(b_reversed)
{
    (void)kw;
    NARGS("reversed", 1, 1);
    Val v = args[0];
    Type *t = type_of(v);
    if (t->flags & TF_USER) {
        bool found;
        Val r = call_special(v, kr_dunder[D_REVERSED], NULL, 0, &found);
        if (found) return r;
    }
    if (t->kind == K_RANGE) {
        Range *r = (Range *)v;
        intptr_t n = range_len(r);
        Iter *it = (Iter *)iter_new(IT_RANGE, V_NULL);
        if (!it) return V_NULL;
        it->i = r->start + (n - 1) * r->step;
        it->step = -r->step;
        it->stop = r->start - r->step;
        return (Val)it;
    }
    if (t->kind == K_DICT || t->kind == K_DICTVIEW) {
        Val l = seq_to_list(v);
        if (!l) return V_NULL;
        v = l;
    }
    if (t->kind == K_SET || t->kind == K_FROZENSET || t->kind == K_GEN || t->kind == K_ITER)
        return raise(e_TypeError, "'%s' object is not reversible", CSTR(t->name));
    intptr_t n = len_of(v);
    if (n < 0)
        return V_NULL;
    Iter *it = (Iter *)iter_new(IT_REVERSED, v);
    if (it)
        it->i = n - 1;
    return (Val)it;
}

BUILTIN(b_sorted)
{
    if (nargs != 1)
        return raise(e_TypeError, "sorted expected 1 argument, got %d", nargs);
    Val l = seq_to_list(args[0]);
    if (!l)
        return V_NULL;
    Val key = kwarg(args, nargs, kw, "key");
    Val rev = kwarg(args, nargs, kw, "reverse");
    int r = rev ? truthy(rev) : 0;
    if (r < 0)
        return V_NULL;
    return list_sort(l, key, r) ? l : V_NULL;
}

static Val minmax(Val *args, int nargs, Val kw, bool want_max)
{
    const char *name = want_max ? "max" : "min";
    Val key = kwarg(args, nargs, kw, "key");
    Val dflt = kwarg(args, nargs, kw, "default");
    if (key == V_NONE) key = V_NULL;
    if (nargs == 0)
        return raise(e_TypeError, "%s expected at least 1 argument, got 0", name);
    Val it;
    if (nargs == 1) {
        it = get_iter(args[0]);
    } else {
        if (dflt)
            return raise(e_TypeError, "Cannot specify a default for %s() with multiple positional arguments", name);
        Val t = tuple_from(args, (size_t)nargs);
        it = t ? get_iter(t) : V_NULL;
    }
    if (!it)
        return V_NULL;
    Val best = V_NULL, bestk = V_NULL, x;
    while ((x = iter_next(it))) {
        Val k = key ? call1(key, x) : x;
        if (!k)
            return V_NULL;
        if (!best) {
            best = x;
            bestk = k;
            continue;
        }
        Val cv = compare_op(want_max ? CMP_GT : CMP_LT, k, bestk);
        if (!cv)
            return V_NULL;
        int c = cv == V_TRUE ? 1 : cv == V_FALSE ? 0 : truthy(cv);
        if (c < 0)
            return V_NULL;
        if (c) {
            best = x;
            bestk = k;
        }
    }
    if (TS->cur_exc)
        return V_NULL;
    if (!best) {
        if (dflt)
            return dflt;
        return raise(e_ValueError, "%s() arg is an empty sequence", name);
    }
    return best;
}

BUILTIN(b_max) { return minmax(args, nargs, kw, true); }
BUILTIN(b_min) { return minmax(args, nargs, kw, false); }

BUILTIN(b_sum)
{
    Val start = nargs > 1 ? args[1] : kwarg(args, nargs, kw, "start");
    if (nargs < 1 || nargs > 2)
        return arity("sum", nargs, 1, 2);
    Val acc = start ? start : MK_INT(0);
    if (IS_STR(acc))
        return raise(e_TypeError, "sum() can't sum strings [use ''.join(seq) instead]");
    Val it = get_iter(args[0]);
    if (!it)
        return V_NULL;
    Val x;
    while ((x = iter_next(it))) {
        if (IS_INT(acc) && IS_INT(x)) {
            intptr_t r = INT_VAL(acc) + INT_VAL(x);
            if (FITS_SMALL(r)) {
                acc = MK_INT(r);
                continue;
            }
        }
        acc = binary_op(OP_ADD, acc, x);
        if (!acc)
            return V_NULL;
    }
    return TS->cur_exc ? V_NULL : acc;
}

static Val any_all(Val v, bool any)
{
    Val it = get_iter(v);
    if (!it)
        return V_NULL;
    Val x;
    while ((x = iter_next(it))) {
        int t = truthy(x);
        if (t < 0)
            return V_NULL;
        if (t == any)
            return MK_BOOL(any);
    }
    return TS->cur_exc ? V_NULL : MK_BOOL(!any);
}

BUILTIN(b_any) { (void)kw; NARGS("any", 1, 1); return any_all(args[0], true); }
BUILTIN(b_all) { (void)kw; NARGS("all", 1, 1); return any_all(args[0], false); }

BUILTIN(b_divmod)
{
    (void)kw;
    NARGS("divmod", 2, 2);
    Type *ta = type_of(args[0]), *tb = type_of(args[1]);
    if ((ta->flags | tb->flags) & TF_USER) {
        bool found;
        Val r = (ta->flags & TF_USER) ? call_special(args[0], str_intern_c("__divmod__"), &args[1], 1, &found) : V_NULL;
        if ((ta->flags & TF_USER) && found && r != V_NOTIMPL)
            return r;
        r = (tb->flags & TF_USER) ? call_special(args[1], str_intern_c("__rdivmod__"), &args[0], 1, &found) : V_NULL;
        if ((tb->flags & TF_USER) && found && r != V_NOTIMPL)
            return r;
    }
    double dx, dy;
    if (!num_to_double(args[0], &dx) || !num_to_double(args[1], &dy)) {
        if (TS->cur_exc) return V_NULL;
        return raise(e_TypeError, "unsupported operand type(s) for divmod(): '%s' and '%s'", type_name(args[0]), type_name(args[1]));
    }
    /* A float operand makes it float divmod, which names itself when dividing by zero. */
    if ((ta->kind == K_FLOAT || tb->kind == K_FLOAT) && dy == 0.0)
        return raise(e_ZeroDivisionError, "float divmod()");
    Val q = binary_op(OP_FLOORDIV, args[0], args[1]);
    if (!q)
        return V_NULL;
    Val r = binary_op(OP_MOD, args[0], args[1]);
    return tuple_pack(2, q, r);
}

BUILTIN(b_pow)
{
    (void)kw;
    NARGS("pow", 2, 3);
    if (nargs == 2 || args[2] == V_NONE)
        return binary_op(OP_POW, args[0], args[1]);
    if (!is_int(args[0]) || !is_int(args[1]) || !is_int(args[2]))
        return raise(e_TypeError, "pow() 3rd argument not allowed unless all arguments are integers");
    if (int_cmp(args[2], MK_INT(0)) == 0)
        return raise(e_ValueError, "pow() 3rd argument cannot be 0");
    Val base = args[0], e = args[1], m = args[2];
    if (int_cmp(e, MK_INT(0)) < 0) {
        /* modular inverse by the extended Euclidean algorithm */
        Val mm = int_cmp(m, MK_INT(0)) < 0 ? int_neg(m) : m;
        Val a = int_binop(OP_MOD, base, mm), b = mm, x0 = MK_INT(1), x1 = MK_INT(0);
        while (a && int_cmp(b, MK_INT(0)) != 0) {
            Val q = int_binop(OP_FLOORDIV, a, b);
            Val t = int_binop(OP_MOD, a, b);
            a = b;
            b = t;
            Val nx = int_binop(OP_SUB, x0, int_binop(OP_MUL, q, x1));
            x0 = x1;
            x1 = nx;
        }
        if (!a) return V_NULL;
        if (int_cmp(a, MK_INT(1)) != 0)
            return raise(e_ValueError, "base is not invertible for the given modulus");
        base = int_binop(OP_MOD, x0, mm);
        e = int_neg(e);
    }
    if (TS->user_mode && !user_int_fits(int_bits(m) * int_bits(e) / 64))   /* the work, in 64-bit steps */
        return V_NULL;
    return int_from_bn(bn_powmod(int_to_bn(base), int_to_bn(e), int_to_bn(m)));
}

BUILTIN(b_round)
{
    Val nd = nargs > 1 ? args[1] : kwarg(args, nargs, kw, "ndigits");
    if (nargs < 1)
        return arity("round", nargs, 1, 2);
    Val v = args[0];
    if (nd == V_NONE) nd = V_NULL;
    Type *t = type_of(v);
    if (t->flags & TF_USER) {
        bool found;
        Val r = call_special(v, kr_dunder[D_ROUND], nd ? &nd : NULL, nd ? 1 : 0, &found);
        if (found) return r;
    }
    if (is_int(v)) {
        if (!nd) return int_binop(OP_ADD, v, MK_INT(0));
        int64_t n;
        if (!int_to_i64(nd, &n)) return raise(e_TypeError, "integer argument expected");
        if (n >= 0) return int_binop(OP_ADD, v, MK_INT(0));
        /* round half to even at 10**-n */
        Val p = int_binop(OP_POW, MK_INT(10), MK_INT(-n));
        Val q = int_binop(OP_FLOORDIV, v, p), r = int_binop(OP_MOD, v, p);
        if (!q || !r) return V_NULL;
        Val twice = int_binop(OP_MUL, r, MK_INT(2));
        int c = int_cmp(twice, p);
        if (c > 0 || (c == 0 && int_cmp(int_binop(OP_AND, q, MK_INT(1)), MK_INT(1)) == 0))
            q = int_binop(OP_ADD, q, MK_INT(1));
        return int_binop(OP_MUL, q, p);
    }
    if (t->kind == K_FLOAT) {
        double x = FLOAT_VAL(v);
        if (!nd) {
            if (flt_isnan(x)) return raise(e_ValueError, "cannot convert float NaN to integer");
            if (flt_isinf(x)) return raise(e_OverflowError, "cannot convert float infinity to integer");
            double r = flt_round(x, 0);
            if (r > -9e15 && r < 9e15) return int_from_i64((int64_t)r);
            return int_from_bn(bn_from_double(r));
        }
        int64_t n;
        if (!int_to_i64(nd, &n)) return raise(e_TypeError, "integer argument expected");
        if (n > 400) return v;
        if (n < -400) return float_new(x * 0.0);
        return float_new(flt_round(x, (int)n));
    }
    return raise(e_TypeError, "type %s doesn't define __round__ method", CSTR(t->name));
}

BUILTIN(b_format)
{
    (void)kw;
    NARGS("format", 1, 2);
    return format_value(args[0], nargs > 1 ? args[1] : kr_empty_str);
}

BUILTIN(b_vars)
{
    (void)kw;
    NARGS("vars", 0, 1);
    if (nargs == 0 && !user_frame_visible())
        return V_NULL;
    if (nargs == 0)
        return TS->frame && TS->frame->locals ? TS->frame->locals : TS->frame->globals;
    Val d = getattr(args[0], kr_dunder[D_DICT]);
    if (!d && exc_pending_is(e_AttributeError)) {
        exc_clear();
        return raise(e_TypeError, "vars() argument must have __dict__ attribute");
    }
    return d;
}

BUILTIN(b_globals)
{
    (void)args; (void)nargs; (void)kw;
    return user_frame_visible() ? TS->frame->globals : V_NULL;
}

BUILTIN(b_locals)
{
    (void)args; (void)nargs; (void)kw;
    if (!user_frame_visible())
        return V_NULL;
    Frame *f = TS->frame;
    if (f->locals)
        return f->locals;
    Val d = dict_new();
    Code *c = f->code;
    for (int i = 0; i < c->nlocals; i++)
        if (f->slots[i])
            dict_set(d, TUP(c->varnames)->items[i], f->slots[i]);
    return d;
}

/* ---- int / float / bool constructors and methods ---- */

static Val int_from_obj(Val v, Val basev)
{
    if (basev) {
        int64_t base;
        if (!int_to_i64(basev, &base) || (base != 0 && (base < 2 || base > 36)))
            return raise(e_ValueError, "int() base must be >= 2 and <= 36, or 0");
        uint8_t *d; size_t n; bool w;
        if (IS_STR(v))
            return int_parse(CSTR(v), STR(v)->len, (int)base);
        if (buffer_get(v, &d, &n, &w))
            return int_parse((const char *)d, n, (int)base);
        return raise(e_TypeError, "int() can't convert non-string with explicit base");
    }
    if (IS_INT(v)) return v;
    if (v == V_TRUE) return MK_INT(1);
    if (v == V_FALSE) return MK_INT(0);
    Type *t = type_of(v);
    if (t->kind == K_INT && !(t->flags & TF_USER)) return v;
    if (t->kind == K_FLOAT) {
        double d = FLOAT_VAL(v);
        if (flt_isnan(d)) return raise(e_ValueError, "cannot convert float NaN to integer");
        if (flt_isinf(d)) return raise(e_OverflowError, "cannot convert float infinity to integer");
        if (d > -9e15 && d < 9e15) return int_from_i64((int64_t)d);
        return int_from_bn(bn_from_double(d));
    }
    if (t->kind == K_STR) return int_parse(CSTR(v), STR(v)->len, 10);
    uint8_t *d; size_t n; bool w;
    if ((t->kind == K_BYTES || t->kind == K_BYTEARRAY) && buffer_get(v, &d, &n, &w))
        return int_parse((const char *)d, n, 10);
    bool found;
    Val r = call_special(v, kr_dunder[D_INT], NULL, 0, &found);
    if (found) return r;
    r = call_special(v, kr_dunder[D_INDEX], NULL, 0, &found);
    if (found) return r;
    return raise(e_TypeError, "int() argument must be a string, a bytes-like object or a real number, not '%s'", CSTR(t->name));
}

static Val int_make(Val *args, int nargs, Val kw)
{
    Val basev = nargs > 2 ? args[2] : kwarg(args, nargs, kw, "base");
    if (nargs == 1)
        return MK_INT(0);
    return int_from_obj(args[1], basev);
}

static Val float_make(Val *args, int nargs, Val kw)
{
    (void)kw;
    if (nargs == 1)
        return float_new(0.0);
    Val v = args[1];
    double d;
    if (IS_STR(v)) {
        if (!flt_parse(CSTR(v), STR(v)->len, &d))
            return raise(e_ValueError, "could not convert string to float: %R", v);
        return float_new(d);
    }
    if (IS_PTR(v) && type_of(v)->kind == K_FLOAT)
        return v;
    if (num_to_double(v, &d))
        return float_new(d);
    if (TS->cur_exc)
        return V_NULL;
    bool found;
    Val r = call_special(v, kr_dunder[D_FLOAT], NULL, 0, &found);
    if (found) return r;
    return raise(e_TypeError, "float() argument must be a string or a real number, not '%s'", type_name(v));
}

static Val bool_make(Val *args, int nargs, Val kw)
{
    (void)kw;
    if (nargs == 1)
        return V_FALSE;
    int t = truthy(args[1]);
    return t < 0 ? V_NULL : MK_BOOL(t);
}

static Val none_make(Val *args, int nargs, Val kw) { (void)args; (void)nargs; (void)kw; return V_NONE; }

static Val i_bit_length(Val *args, int nargs, Val kw)
{
    (void)nargs; (void)kw;
    if (IS_INT(args[0])) {
        intptr_t v = INT_VAL(args[0]);
        uint64_t u = v < 0 ? (uint64_t)(-v) : (uint64_t)v;
        int n = 0;
        while (u) { n++; u >>= 1; }
        return MK_INT(n);
    }
    return int_from_u64(bn_bit_length(int_to_bn(args[0])));
}

static Val i_bit_count(Val *args, int nargs, Val kw)
{
    (void)nargs; (void)kw;
    int64_t v;
    if (int_to_i64(args[0], &v)) {
        uint64_t u = v < 0 ? (uint64_t)(-v) : (uint64_t)v;
        return MK_INT(__builtin_popcountll(u));
    }
    Val s = int_to_str(args[0], 2);
    intptr_t c = 0;
    for (uint32_t i = 0; i < STR(s)->len; i++) c += CSTR(s)[i] == '1';
    return MK_INT(c);
}

static bool byteorder_arg(Val v, bool *big)
{
    if (!v) { *big = true; return true; }
    if (IS_STR(v) && kstrcmp(CSTR(v), "big") == 0) { *big = true; return true; }
    if (IS_STR(v) && kstrcmp(CSTR(v), "little") == 0) { *big = false; return true; }
    raise(e_ValueError, "byteorder must be either 'little' or 'big'");
    return false;
}

static Val i_to_bytes(Val *args, int nargs, Val kw)
{
    Val lenv = nargs > 1 ? args[1] : kwarg(args, nargs, kw, "length");
    Val order = nargs > 2 ? args[2] : kwarg(args, nargs, kw, "byteorder");
    Val sig = kwarg(args, nargs, kw, "signed");
    int64_t len = 1;
    if (lenv && !int_to_i64(lenv, &len))
        return raise(e_TypeError, "length must be an int");
    if (len < 0)
        return raise(e_ValueError, "length argument must be non-negative");
    bool big;
    if (!byteorder_arg(order, &big))
        return V_NULL;
    bool is_signed = sig && truthy(sig) > 0;
    Val b = bytes_alloc((size_t)len);
    if (!b)
        return V_NULL;
    if (!bn_to_bytes(int_to_bn(args[0]), ((Bytes *)b)->d, (size_t)len, big, is_signed)) {
        if (!is_signed && int_cmp(args[0], MK_INT(0)) < 0)
            return raise(e_OverflowError, "can't convert negative int to unsigned");
        return raise(e_OverflowError, "int too big to convert");
    }
    return b;
}

static Val i_from_bytes(Val *args, int nargs, Val kw)
{
    Val src = nargs > 1 ? args[1] : kwarg(args, nargs, kw, "bytes");
    Val order = nargs > 2 ? args[2] : kwarg(args, nargs, kw, "byteorder");
    Val sig = kwarg(args, nargs, kw, "signed");
    if (!src)
        return raise(e_TypeError, "from_bytes() missing required argument 'bytes'");
    bool big;
    if (!byteorder_arg(order, &big))
        return V_NULL;
    uint8_t *d; size_t n; bool w;
    Val tmp = src;
    if (!buffer_get(src, &d, &n, &w)) {
        tmp = bytes_from_obj(src, kr_types[K_BYTES]);
        if (!tmp) return V_NULL;
        buffer_get(tmp, &d, &n, &w);
    }
    bool is_signed = sig && truthy(sig) > 0;
    if (n <= 7 && !is_signed) {
        uint64_t v = 0;
        for (size_t i = 0; i < n; i++)
            v = big ? (v << 8) | d[i] : v | ((uint64_t)d[i] << (8 * i));
        return MK_INT((intptr_t)v);
    }
    if (!user_int_fits((uint64_t)n * 8))
        return V_NULL;
    return int_from_bn(bn_from_bytes(d, n, big, is_signed));
}

static Val i_index(Val *args, int nargs, Val kw) { (void)nargs; (void)kw; return int_from_obj(args[0], V_NULL); }
static Val i_conjugate(Val *args, int nargs, Val kw) { (void)nargs; (void)kw; return int_from_obj(args[0], V_NULL); }

static Val f_is_integer(Val *args, int nargs, Val kw)
{
    (void)nargs; (void)kw;
    double d = FLOAT_VAL(args[0]);
    return MK_BOOL(!flt_isinf(d) && !flt_isnan(d) && flt_floor(d) == d);
}

static Val f_as_integer_ratio(Val *args, int nargs, Val kw)
{
    (void)nargs; (void)kw;
    double d = FLOAT_VAL(args[0]);
    if (flt_isinf(d) || flt_isnan(d))
        return raise(e_OverflowError, "cannot convert Infinity to integer ratio");
    int e;
    double m = flt_frexp(d, &e);
    for (int i = 0; i < 300 && m != flt_floor(m); i++) { m *= 2.0; e--; }
    Val num = int_from_bn(bn_from_double(m)), den = MK_INT(1);
    if (e > 0) num = int_binop(OP_LSHIFT, num, MK_INT(e));
    else den = int_binop(OP_LSHIFT, MK_INT(1), MK_INT(-e));
    return tuple_pack(2, num, den);
}

static void dir_add(Val set, Val d)
{
    size_t pos = 0;
    Val k;
    while (dict_next(d, &pos, &k, NULL))
        set_add(set, k);
}

BUILTIN(b_dir)
{
    (void)kw;
    NARGS("dir", 0, 1);
    Val names = set_new(kr_types[K_SET]);
    if (!names)
        return V_NULL;
    if (nargs == 0) {
        Frame *f = TS->frame;
        if (f->locals)
            dir_add(names, f->locals);
        else {
            Code *c = f->code;
            for (int i = 0; i < c->nlocals; i++)
                if (f->slots[i])
                    set_add(names, TUP(c->varnames)->items[i]);
        }
    } else {
        Val o = args[0];
        Type *t = type_of(o);
        if (t->kind == K_MODULE)
            dir_add(names, ((Module *)o)->dict);
        else {
            Val *slot = dict_slot(o);
            if (slot && *slot)
                dir_add(names, *slot);
            for (Type *c = t->kind == K_TYPE ? (Type *)o : t; c; c = c->base)
                dir_add(names, c->dict);
            if (t->kind != K_TYPE) set_add(names, kr_dunder[D_CLASS]);
        }
    }
    Val l = seq_to_list(names);
    return l && list_sort(l, V_NULL, false) ? l : V_NULL;
}

static Val b_fltfmt(Val *args, int nargs, Val kw)
{
    (void)kw;
    double x;
    if (nargs != 4 || !num_to_double(args[0], &x) || !IS_STR(args[1]) || !IS_INT(args[2]))
        return raise(e_TypeError, "_fltfmt(x, type, prec, alt)");
    char type = CSTR(args[1])[0];
    int prec = (int)INT_VAL(args[2]);
    size_t need = flt_format_size(x, type, prec);
    Raw *r = gc_alloc_raw(need + 8);
    if (!r)
        return V_NULL;
    size_t n = flt_format(x, type, prec, truthy(args[3]) > 0, (char *)r->d);
    return str_new((const char *)r->d, n);
}

/* ---- registration ---- */

static const struct { const char *name; NativeFn fn; } builtin_table[] = {
    {"print", b_print}, {"len", b_len}, {"repr", b_repr}, {"ascii", b_ascii}, {"abs", b_abs},
    {"hex", b_hex}, {"bin", b_bin}, {"oct", b_oct}, {"ord", b_ord}, {"chr", b_chr},
    {"isinstance", b_isinstance}, {"issubclass", b_issubclass}, {"getattr", b_getattr},
    {"setattr", b_setattr}, {"delattr", b_delattr}, {"hasattr", b_hasattr}, {"hash", b_hash},
    {"id", b_id}, {"callable", b_callable}, {"iter", b_iter}, {"next", b_next},
    {"enumerate", b_enumerate}, {"zip", b_zip}, {"map", b_map}, {"filter", b_filter},
    {"reversed", b_reversed}, {"sorted", b_sorted}, {"max", b_max}, {"min", b_min},
    {"sum", b_sum}, {"any", b_any}, {"all", b_all}, {"divmod", b_divmod}, {"pow", b_pow},
    {"round", b_round}, {"format", b_format}, {"vars", b_vars}, {"globals", b_globals},
    {"locals", b_locals}, {"_fltfmt", b_fltfmt}, {"dir", b_dir},
};

void exc_register_builtins(Val builtins);

Val kr_builtin_len;

void builtins_init(void)
{
    kr_builtins = dict_new();
    gc_add_root(&kr_builtins);
    for (size_t i = 0; i < sizeof builtin_table / sizeof builtin_table[0]; i++)
        dict_set_cstr(kr_builtins, builtin_table[i].name, native_new(builtin_table[i].name, builtin_table[i].fn, 0));
    kr_builtin_len = dict_get_cstr(kr_builtins, "len");
    gc_add_root(&kr_builtin_len);
    static const struct { const char *name; int kind; } types[] = {
        {"int", K_INT}, {"bool", K_BOOL}, {"float", K_FLOAT}, {"str", K_STR}, {"bytes", K_BYTES},
        {"bytearray", K_BYTEARRAY}, {"memoryview", K_MEMVIEW}, {"tuple", K_TUPLE}, {"list", K_LIST},
        {"dict", K_DICT}, {"set", K_SET}, {"frozenset", K_FROZENSET}, {"range", K_RANGE},
        {"slice", K_SLICE}, {"object", K_OBJECT}, {"type", K_TYPE}, {"property", K_PROPERTY},
        {"staticmethod", K_STATICM}, {"classmethod", K_CLASSM}, {"super", K_SUPER},
    };
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        dict_set_cstr(kr_builtins, types[i].name, (Val)kr_types[types[i].kind]);
    dict_set_cstr(kr_builtins, "Ellipsis", V_ELLIPSIS);
    dict_set_cstr(kr_builtins, "NotImplemented", V_NOTIMPL);
    dict_set_cstr(kr_builtins, "__name__", str_intern_c("builtins"));
    exc_register_builtins(kr_builtins);

    type_add_static(kr_types[K_INT], "__new__", int_make);
    type_add_static(kr_types[K_FLOAT], "__new__", float_make);
    type_add_static(kr_types[K_BOOL], "__new__", bool_make);
    type_add_static(kr_types[K_NONE], "__new__", none_make);
    Type *it = kr_types[K_INT];
    type_add_method(it, "bit_length", i_bit_length);
    type_add_method(it, "bit_count", i_bit_count);
    type_add_method(it, "to_bytes", i_to_bytes);
    type_add_classmethod(it, "from_bytes", i_from_bytes);
    type_add_method(it, "__index__", i_index);
    type_add_method(it, "__int__", i_index);
    type_add_method(it, "conjugate", i_conjugate);
    type_add_method(kr_types[K_FLOAT], "is_integer", f_is_integer);
    type_add_method(kr_types[K_FLOAT], "as_integer_ratio", f_as_integer_ratio);

    t_stream = type_new_builtin("TextIOWrapper", kr_types[K_OBJECT], K_INSTANCE);
    gc_add_root((Val *)&t_stream);
    type_add_method(t_stream, "write", stream_write);
    type_add_method(t_stream, "flush", stream_flush);
}
