/* The native modules sys, time and math. */
#include "obj.h"
#include "fltfmt.h"
#include "port.h"

Val kr_sys;
Val make_stream(int fd, const char *name);
void vm_flush(void);

static Val sys_exit(Val *args, int nargs, Val kw)
{
    (void)kw;
    Val e = exc_new(e_SystemExit, nargs ? tuple_pack(1, args[0]) : tuple_new(0));
    return raise_val(e);
}

static Val sys_getrecursionlimit(Val *args, int nargs, Val kw)
{
    (void)args; (void)nargs; (void)kw;
    return MK_INT(kr_recursion_limit);
}

static Val sys_setrecursionlimit(Val *args, int nargs, Val kw)
{
    (void)kw;
    if (nargs != 1 || !IS_INT(args[0]))
        return raise(e_TypeError, "setrecursionlimit() takes an integer");
    if (INT_VAL(args[0]) < 1)
        return raise(e_ValueError, "recursion limit must be greater or equal than 1");
    kr_recursion_limit = (int)INT_VAL(args[0]);
    return V_NONE;
}

static Val sys_exc_info(Val *args, int nargs, Val kw)
{
    (void)args; (void)nargs; (void)kw;
    Val e = TS->handled_exc;
    if (!e)
        return tuple_pack(3, V_NONE, V_NONE, V_NONE);
    return tuple_pack(3, (Val)type_of(e), e, V_NONE);
}

static Val sys_exception(Val *args, int nargs, Val kw)
{
    (void)args; (void)nargs; (void)kw;
    return TS->handled_exc ? TS->handled_exc : V_NONE;
}

static Val sys_intern(Val *args, int nargs, Val kw)
{
    (void)kw;
    if (nargs != 1 || !IS_STR(args[0]))
        return raise(e_TypeError, "intern() argument must be str");
    return str_intern(args[0]);
}

static Val sys_getsizeof(Val *args, int nargs, Val kw)
{
    (void)kw; (void)nargs;
    if (!IS_PTR(args[0]))
        return MK_INT(28);
    return MK_INT((intptr_t)AS_OBJ(args[0])->ngran * 16);
}

static const vm_native_def sys_fns[] = {
    {"exit", sys_exit}, {"getrecursionlimit", sys_getrecursionlimit},
    {"setrecursionlimit", sys_setrecursionlimit}, {"exc_info", sys_exc_info},
    {"exception", sys_exception}, {"intern", sys_intern}, {"getsizeof", sys_getsizeof},
    {NULL, NULL},
};

/* ---- time ---- */

static Val t_time(Val *args, int nargs, Val kw)
{
    (void)args; (void)nargs; (void)kw;
    return float_new((double)port_ticks_us() / 1e6);
}

static Val t_time_ns(Val *args, int nargs, Val kw)
{
    (void)args; (void)nargs; (void)kw;
    return int_from_u64(port_ticks_us() * 1000u);
}

static Val t_ticks_ms(Val *args, int nargs, Val kw)
{
    (void)args; (void)nargs; (void)kw;
    return int_from_u64(port_ticks_us() / 1000u);
}

static Val t_sleep(Val *args, int nargs, Val kw)
{
    (void)kw;
    double s;
    if (nargs != 1 || !num_to_double(args[0], &s))
        return raise(e_TypeError, "sleep() takes a number");
    uint64_t end = port_ticks_us() + (uint64_t)(s * 1e6);
    while (port_ticks_us() < end) {
        if (vm_safepoint_pending && !run_safepoint())
            return V_NULL;
    }
    return V_NONE;
}

/* gc: a full collection on request (CPython's collect() counts unreachable
 * objects; this collector does not, so it returns 0). */
static Val g_collect(Val *args, int nargs, Val kw)
{
    (void)args; (void)kw;
    if (!check_nargs("collect", nargs, 0, 1))
        return V_NULL;
    gc_collect();
    return MK_INT(0);
}

static const vm_native_def gc_fns[] = {{"collect", g_collect}, {NULL, NULL}};

static const vm_native_def time_fns[] = {
    {"time", t_time}, {"monotonic", t_time}, {"perf_counter", t_time}, {"time_ns", t_time_ns},
    {"monotonic_ns", t_time_ns}, {"ticks_ms", t_ticks_ms}, {"sleep", t_sleep}, {NULL, NULL},
};

/* ---- math ---- */

static bool arg_double(Val v, double *d)
{
    if (num_to_double(v, d))
        return true;
    if (!TS->cur_exc)
        raise(e_TypeError, "must be real number, not %s", type_name(v));
    return false;
}

#define MATH1(name, expr) \
    static Val m_##name(Val *args, int nargs, Val kw) { \
        (void)kw; double x; \
        if (nargs != 1) return raise(e_TypeError, #name "() takes exactly one argument (%d given)", nargs); \
        if (!arg_double(args[0], &x)) return V_NULL; \
        expr; }

MATH1(sqrt, if (x < 0) return raise(e_ValueError, "math domain error"); return float_new(flt_sqrt(x)))
MATH1(exp, return float_new(flt_exp(x)))
MATH1(log2, if (x <= 0) return raise(e_ValueError, "math domain error"); return float_new(flt_log(x) / flt_log(2.0)))
MATH1(log10, if (x <= 0) return raise(e_ValueError, "math domain error"); return float_new(flt_log(x) / flt_log(10.0)))
MATH1(fabs, return float_new(x < 0 ? -x : x))
MATH1(isnan, return MK_BOOL(flt_isnan(x)))
MATH1(isinf, return MK_BOOL(flt_isinf(x)))
MATH1(isfinite, return MK_BOOL(!flt_isnan(x) && !flt_isinf(x)))

static Val to_int_result(double d)
{
    if (flt_isnan(d)) return raise(e_ValueError, "cannot convert float NaN to integer");
    if (flt_isinf(d)) return raise(e_OverflowError, "cannot convert float infinity to integer");
    if (d > -9e15 && d < 9e15) return int_from_i64((int64_t)d);
    return int_from_bn(bn_from_double(d));
}

static Val round_int(Val *args, int nargs, int mode)
{
    if (nargs != 1) return raise(e_TypeError, "function takes exactly one argument (%d given)", nargs);
    if (is_int(args[0])) return int_binop(OP_ADD, args[0], MK_INT(0));
    double x;
    if (!arg_double(args[0], &x)) return V_NULL;
    return to_int_result(mode == 0 ? flt_floor(x) : mode == 1 ? flt_ceil(x) : flt_trunc(x));
}

static Val m_floor(Val *args, int nargs, Val kw) { (void)kw; return round_int(args, nargs, 0); }
static Val m_ceil(Val *args, int nargs, Val kw) { (void)kw; return round_int(args, nargs, 1); }
static Val m_trunc(Val *args, int nargs, Val kw) { (void)kw; return round_int(args, nargs, 2); }

static Val m_log(Val *args, int nargs, Val kw)
{
    (void)kw;
    double x, b;
    if (nargs < 1 || nargs > 2) return raise(e_TypeError, "log expected 1 or 2 arguments");
    if (!arg_double(args[0], &x)) return V_NULL;
    if (x <= 0) return raise(e_ValueError, "math domain error");
    double r = flt_log(x);
    if (nargs == 2) {
        if (!arg_double(args[1], &b)) return V_NULL;
        r /= flt_log(b);
    }
    return float_new(r);
}

static Val m_pow(Val *args, int nargs, Val kw)
{
    (void)kw;
    double x, y;
    if (nargs != 2) return raise(e_TypeError, "pow expected 2 arguments");
    if (!arg_double(args[0], &x) || !arg_double(args[1], &y)) return V_NULL;
    return float_new(flt_pow(x, y));
}

static Val m_gcd(Val *args, int nargs, Val kw)
{
    (void)kw;
    Val a = MK_INT(0);
    for (int i = 0; i < nargs; i++) {
        Val b = args[i];
        if (!is_int(b)) return raise(e_TypeError, "'%s' object cannot be interpreted as an integer", type_name(b));
        if (int_cmp(b, MK_INT(0)) < 0) b = int_neg(b);
        if (int_cmp(a, MK_INT(0)) < 0) a = int_neg(a);
        while (int_cmp(b, MK_INT(0)) != 0) {
            Val t = int_binop(OP_MOD, a, b);
            if (!t) return V_NULL;
            a = b;
            b = t;
        }
    }
    return a;
}

static Val m_copysign(Val *args, int nargs, Val kw)
{
    (void)kw;
    double x, y;
    if (nargs != 2 || !arg_double(args[0], &x) || !arg_double(args[1], &y)) return V_NULL;
    double ax = x < 0 || (x == 0 && 1 / x < 0) ? -x : x;
    bool neg = y < 0 || (y == 0 && 1 / y < 0);
    return float_new(neg ? -ax : ax);
}

static const vm_native_def math_fns[] = {
    {"sqrt", m_sqrt}, {"exp", m_exp}, {"log", m_log}, {"log2", m_log2}, {"log10", m_log10},
    {"fabs", m_fabs}, {"isnan", m_isnan}, {"isinf", m_isinf}, {"isfinite", m_isfinite},
    {"floor", m_floor}, {"ceil", m_ceil}, {"trunc", m_trunc}, {"pow", m_pow}, {"gcd", m_gcd},
    {"copysign", m_copysign}, {NULL, NULL},
};

void mod_sys_init(int argc, const char **argv, Val script)
{
    Val m = native_module("sys", sys_fns);
    kr_sys = m;
    gc_add_root(&kr_sys);
    Val d = ((Module *)m)->dict;
    Val av = list_new(0);
    list_append(av, script);
    for (int i = 0; i < argc; i++)
        list_append(av, str_from_cstr(argv[i]));
    dict_set_cstr(d, "argv", av);
    dict_set_cstr(d, "stdout", make_stream(1, "<stdout>"));
    dict_set_cstr(d, "stderr", make_stream(2, "<stderr>"));
    dict_set_cstr(d, "maxsize", int_from_i64(INT64_MAX));
    dict_set_cstr(d, "byteorder", str_intern_c("little"));
    dict_set_cstr(d, "platform", str_intern_c("krait"));
    dict_set_cstr(d, "modules", kr_modules);
    dict_set_cstr(d, "path", list_new(0));
    dict_set_cstr(d, "version", str_from_cstr("3.11.0 (krait)"));
    dict_set_cstr(d, "version_info", tuple_pack(5, MK_INT(3), MK_INT(11), MK_INT(0), str_intern_c("final"), MK_INT(0)));
    Val impl = module_new(str_intern_c("implementation"));
    dict_set_cstr(((Module *)impl)->dict, "name", str_intern_c("krait"));
    dict_set_cstr(((Module *)impl)->dict, "version", tuple_pack(3, MK_INT(0), MK_INT(1), MK_INT(0)));
    dict_set_cstr(d, "implementation", impl);

    native_module("time", time_fns);
    native_module("gc", gc_fns);
    Val mm = native_module("math", math_fns);
    Val md = ((Module *)mm)->dict;
    dict_set_cstr(md, "pi", float_new(3.141592653589793));
    dict_set_cstr(md, "e", float_new(2.718281828459045));
    dict_set_cstr(md, "tau", float_new(6.283185307179586));
    dict_set_cstr(md, "inf", float_new(1.0 / 0.0));
    dict_set_cstr(md, "nan", float_new(0.0 / 0.0));
}
