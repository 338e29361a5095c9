/* exc: the builtin exception hierarchy, raising from C, tracebacks and
 * CPython-format printing of uncaught exceptions. */
#include "obj.h"

#define METHOD(n) static Val n(Val *args, int nargs, Val kw)

Type *e_BaseException, *e_Exception, *e_TypeError, *e_ValueError, *e_KeyError,
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
    *e_UserWarning, *e_RuntimeWarning;
static Type *e_FloatingPointError, *e_ReferenceError, *e_LookupDummy;
Type *e_SystemError;
static Val prealloc_memerr;

static struct { Type **slot; const char *name; Type **base; } hierarchy[] = {
    {&e_Exception, "Exception", &e_BaseException},
    {&e_GeneratorExit, "GeneratorExit", &e_BaseException},
    {&e_KeyboardInterrupt, "KeyboardInterrupt", &e_BaseException},
    {&e_SystemExit, "SystemExit", &e_BaseException},
    {&e_ArithmeticError, "ArithmeticError", &e_Exception},
    {&e_FloatingPointError, "FloatingPointError", &e_ArithmeticError},
    {&e_OverflowError, "OverflowError", &e_ArithmeticError},
    {&e_ZeroDivisionError, "ZeroDivisionError", &e_ArithmeticError},
    {&e_AssertionError, "AssertionError", &e_Exception},
    {&e_AttributeError, "AttributeError", &e_Exception},
    {&e_BufferError, "BufferError", &e_Exception},
    {&e_EOFError, "EOFError", &e_Exception},
    {&e_ImportError, "ImportError", &e_Exception},
    {&e_ModuleNotFoundError, "ModuleNotFoundError", &e_ImportError},
    {&e_LookupError, "LookupError", &e_Exception},
    {&e_IndexError, "IndexError", &e_LookupError},
    {&e_KeyError, "KeyError", &e_LookupError},
    {&e_MemoryError, "MemoryError", &e_Exception},
    {&e_NameError, "NameError", &e_Exception},
    {&e_UnboundLocalError, "UnboundLocalError", &e_NameError},
    {&e_OSError, "OSError", &e_Exception},
    {&e_BlockingIOError, "BlockingIOError", &e_OSError},
    {&e_ChildProcessError, "ChildProcessError", &e_OSError},
    {&e_ConnectionError, "ConnectionError", &e_OSError},
    {&e_BrokenPipeError, "BrokenPipeError", &e_ConnectionError},
    {&e_ConnectionAbortedError, "ConnectionAbortedError", &e_ConnectionError},
    {&e_ConnectionRefusedError, "ConnectionRefusedError", &e_ConnectionError},
    {&e_ConnectionResetError, "ConnectionResetError", &e_ConnectionError},
    {&e_FileExistsError, "FileExistsError", &e_OSError},
    {&e_FileNotFoundError, "FileNotFoundError", &e_OSError},
    {&e_InterruptedError, "InterruptedError", &e_OSError},
    {&e_IsADirectoryError, "IsADirectoryError", &e_OSError},
    {&e_NotADirectoryError, "NotADirectoryError", &e_OSError},
    {&e_PermissionError, "PermissionError", &e_OSError},
    {&e_ProcessLookupError, "ProcessLookupError", &e_OSError},
    {&e_TimeoutError, "TimeoutError", &e_OSError},
    {&e_ReferenceError, "ReferenceError", &e_Exception},
    {&e_RuntimeError, "RuntimeError", &e_Exception},
    {&e_NotImplementedError, "NotImplementedError", &e_RuntimeError},
    {&e_RecursionError, "RecursionError", &e_RuntimeError},
    {&e_StopAsyncIteration, "StopAsyncIteration", &e_Exception},
    {&e_StopIteration, "StopIteration", &e_Exception},
    {&e_SyntaxError, "SyntaxError", &e_Exception},
    {&e_SystemError, "SystemError", &e_Exception},
    {&e_TypeError, "TypeError", &e_Exception},
    {&e_ValueError, "ValueError", &e_Exception},
    {&e_UnicodeError, "UnicodeError", &e_ValueError},
    {&e_UnicodeDecodeError, "UnicodeDecodeError", &e_UnicodeError},
    {&e_UnicodeEncodeError, "UnicodeEncodeError", &e_UnicodeError},
    {&e_Warning, "Warning", &e_Exception},
    {&e_DeprecationWarning, "DeprecationWarning", &e_Warning},
    {&e_UserWarning, "UserWarning", &e_Warning},
    {&e_RuntimeWarning, "RuntimeWarning", &e_Warning},
};

static const struct { int err; Type **type; } errno_map[] = {
    {11, &e_BlockingIOError}, {114, &e_BlockingIOError}, {115, &e_BlockingIOError},
    {10, &e_ChildProcessError}, {32, &e_BrokenPipeError}, {108, &e_BrokenPipeError},
    {103, &e_ConnectionAbortedError}, {111, &e_ConnectionRefusedError},
    {104, &e_ConnectionResetError}, {17, &e_FileExistsError}, {2, &e_FileNotFoundError},
    {21, &e_IsADirectoryError}, {20, &e_NotADirectoryError}, {4, &e_InterruptedError},
    {13, &e_PermissionError}, {1, &e_PermissionError}, {3, &e_ProcessLookupError},
    {110, &e_TimeoutError},
};

/* ---- C-side formatting ---- */

Val vformat_c(const char *fmt, va_list ap)
{
    SBuf b;
    sb_init(&b, 64);
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            sb_addc(&b, *p);
            continue;
        }
        p++;
        bool is_long = false;
        if (*p == 'l') { is_long = true; p++; }
        switch (*p) {
        case 's': { const char *s = va_arg(ap, const char *); sb_adds(&b, s ? s : "(null)"); break; }
        case 'd': case 'x': {
            long v = is_long ? va_arg(ap, long) : va_arg(ap, int);
            Val s = int_to_str(int_from_i64(v), *p == 'x' ? 16 : 10);
            if (s) sb_addv(&b, s);
            break;
        }
        case 'R': case 'S': {
            Val v = va_arg(ap, Val);
            Val s = *p == 'R' ? repr(v) : to_str(v);
            if (!s) return V_NULL;
            sb_addv(&b, s);
            break;
        }
        case '%': sb_addc(&b, '%'); break;
        default: sb_addc(&b, '%'); sb_addc(&b, *p); break;
        }
    }
    return sb_to_str(&b);
}

Val format_c(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    Val v = vformat_c(fmt, ap);
    va_end(ap);
    return v;
}

static Val *exc_dict(Val e)
{
    Exc *x = (Exc *)e;
    if (!x->dict)
        x->dict = dict_new();
    return &x->dict;
}

static void oserror_fill(Val e, Val args)
{
    Tuple *a = TUP(args);
    Val *d = exc_dict(e);
    if (!*d)
        return;
    if (a->len >= 2 && a->len <= 5) {
        dict_set_cstr(*d, "errno", a->items[0]);
        dict_set_cstr(*d, "strerror", a->items[1]);
        dict_set_cstr(*d, "filename", a->len >= 3 ? a->items[2] : V_NONE);
        if (a->len >= 3)
            ((Exc *)e)->args = tuple_pack(2, a->items[0], a->items[1]);
    } else {
        dict_set_cstr(*d, "errno", V_NONE);
        dict_set_cstr(*d, "strerror", V_NONE);
        dict_set_cstr(*d, "filename", V_NONE);
    }
}

Val oserror_new(Type *t, Val args)
{
    if (t == e_OSError && TUP(args)->len >= 2 && IS_INT(TUP(args)->items[0])) {
        intptr_t err = INT_VAL(TUP(args)->items[0]);
        for (size_t i = 0; i < sizeof errno_map / sizeof errno_map[0]; i++)
            if (errno_map[i].err == err) {
                t = *errno_map[i].type;
                break;
            }
    }
    Exc *e = gc_alloc(t, sizeof(Exc));
    if (!e)
        return V_NULL;
    e->args = args;
    oserror_fill((Val)e, args);
    return (Val)e;
}

Val exc_new(Type *t, Val args)
{
    if (!args)
        return V_NULL;
    if (type_is_subtype(t, e_OSError))
        return oserror_new(t, args);
    Exc *e = gc_alloc(t, sizeof(Exc));
    if (!e)
        return V_NULL;
    e->args = args;
    if (t == e_StopIteration || type_is_subtype(t, e_StopIteration)) {
        Val *d = exc_dict((Val)e);
        if (*d) dict_set_cstr(*d, "value", TUP(args)->len ? TUP(args)->items[0] : V_NONE);
    }
    if (t == e_SystemExit) {
        Val *d = exc_dict((Val)e);
        if (*d) dict_set_cstr(*d, "code", TUP(args)->len == 0 ? V_NONE : TUP(args)->len == 1 ? TUP(args)->items[0] : args);
    }
    return (Val)e;
}

Val raise_val(Val exc)
{
    if (!exc)
        return V_NULL;
    TS->cur_exc = exc;
    TS->reraise = false;
    return V_NULL;
}

Val raise(Type *t, const char *fmt, ...)
{
    if (t == e_MemoryError && !fmt) {
        if (TS->user_mode)
            return user_memory_error();     /* never the kernel's own instance */
        Exc *m = (Exc *)prealloc_memerr;
        m->tb = V_NULL;
        m->context = V_NULL;
        m->cause = V_NULL;
        TS->cur_exc = prealloc_memerr;
        TS->reraise = false;
        return V_NULL;
    }
    Val args;
    if (fmt) {
        va_list ap;
        va_start(ap, fmt);
        Val msg = vformat_c(fmt, ap);
        va_end(ap);
        if (!msg)
            return V_NULL;
        args = tuple_pack(1, msg);
    } else
        args = tuple_new(0);
    Val e = exc_new(t, args);
    if (!e)
        return V_NULL;
    return raise_val(e);
}

bool exc_pending_is(Type *t)
{
    return TS->cur_exc && is_instance(TS->cur_exc, t);
}

void exc_clear(void)
{
    TS->cur_exc = V_NULL;
}

Val exc_fetch(void)
{
    Val e = TS->cur_exc;
    TS->cur_exc = V_NULL;
    return e;
}

Val stop_iteration_value(void)
{
    Val e = exc_fetch();
    Val args = ((Exc *)e)->args;
    Val *d = dict_slot(e);
    if (d && *d) {
        Val v = dict_get_cstr(*d, "value");
        if (v)
            return v;
    }
    return args && TUP(args)->len ? TUP(args)->items[0] : V_NONE;
}

static bool is_exc_type(Val v)
{
    return IS_PTR(v) && type_of(v)->kind == K_TYPE && (((Type *)v)->flags & TF_EXC);
}

Val exc_matches(Val exc, Val spec)
{
    if (IS_PTR(spec) && type_of(spec)->kind == K_TUPLE) {
        for (size_t i = 0; i < TUP(spec)->len; i++) {
            Val r = exc_matches(exc, TUP(spec)->items[i]);
            if (r != V_FALSE)
                return r;
        }
        return V_FALSE;
    }
    if (!is_exc_type(spec))
        return raise(e_TypeError, "catching classes that do not inherit from BaseException is not allowed");
    return MK_BOOL(is_instance(exc, (Type *)spec));
}

void exc_add_tb(Val exc, Code *code, uint32_t offset)
{
    if (!IS_PTR(exc) || type_of(exc)->kind != K_EXC)
        return;
    Exc *e = (Exc *)exc;
    Val saved = TS->cur_exc;
    if (!e->tb) {
        e->tb = list_new(0);
        if (!e->tb) {
            TS->cur_exc = saved;
            return;
        }
    }
    if (!list_append(e->tb, (Val)code) || !list_append(e->tb, MK_INT(offset)))
        TS->cur_exc = saved;
}

Val exc_str(Val e)
{
    Exc *x = (Exc *)e;
    Type *t = type_of(e);
    Val args = x->args ? x->args : tuple_new(0);
    if (type_is_subtype(t, e_OSError) && x->dict) {
        Val en = dict_get_cstr(x->dict, "errno"), se = dict_get_cstr(x->dict, "strerror");
        Val fn = dict_get_cstr(x->dict, "filename");
        if (en && se && en != V_NONE && se != V_NONE) {
            if (fn && fn != V_NONE)
                return format_c("[Errno %S] %S: %R", en, se, fn);
            return format_c("[Errno %S] %S", en, se);
        }
    }
    size_t n = TUP(args)->len;
    if (n == 0)
        return kr_empty_str;
    if (n == 1) {
        if (type_is_subtype(t, e_KeyError))
            return repr(TUP(args)->items[0]);
        return to_str(TUP(args)->items[0]);
    }
    return to_str(args);
}

/* ---- BaseException methods ---- */

Val exc_init_args(Val self, Val *args, int nargs)
{
    Val t = tuple_from(args, (size_t)nargs);
    if (!t)
        return V_NULL;
    ((Exc *)self)->args = t;
    if (type_is_subtype(type_of(self), e_OSError))
        oserror_fill(self, t);
    if (type_is_subtype(type_of(self), e_StopIteration)) {
        Val *d = exc_dict(self);
        if (*d) dict_set_cstr(*d, "value", nargs ? args[0] : V_NONE);
    }
    if (type_is_subtype(type_of(self), e_SystemExit)) {
        Val *d = exc_dict(self);
        if (*d) dict_set_cstr(*d, "code", nargs == 0 ? V_NONE : nargs == 1 ? args[0] : t);
    }
    return V_NONE;
}

METHOD(be_init) { (void)kw; return exc_init_args(args[0], args + 1, nargs - 1); }
METHOD(be_str) { (void)kw; (void)nargs; return exc_str(args[0]); }
METHOD(be_repr)
{
    (void)kw; (void)nargs;
    Exc *e = (Exc *)args[0];
    Val a = e->args ? e->args : tuple_new(0);
    if (TUP(a)->len == 1)
        return format_c("%s(%R)", type_name(args[0]), TUP(a)->items[0]);
    return format_c("%s%R", type_name(args[0]), a);
}
METHOD(be_with_tb) { (void)kw; (void)nargs; return args[0]; }
METHOD(be_add_note) { (void)kw; (void)nargs; (void)args; return V_NONE; }

static Val be_new(Val *args, int nargs, Val kw)
{
    (void)kw;
    Type *t = (Type *)args[0];
    return exc_new(t, tuple_from(args + 1, (size_t)nargs - 1));
}

void exc_init(void)
{
    e_BaseException = kr_types[K_EXC];
    for (size_t i = 0; i < sizeof hierarchy / sizeof hierarchy[0]; i++) {
        *hierarchy[i].slot = type_new_builtin(hierarchy[i].name, *hierarchy[i].base, K_EXC);
        gc_add_root((Val *)hierarchy[i].slot);
    }
    (void)e_LookupDummy;
    Type *b = e_BaseException;
    type_add_static(b, "__new__", be_new);
    type_add_method(b, "__init__", be_init);
    type_add_method(b, "__str__", be_str);
    type_add_method(b, "__repr__", be_repr);
    type_add_method(b, "with_traceback", be_with_tb);
    type_add_method(b, "add_note", be_add_note);
    prealloc_memerr = (Val)gc_alloc(e_MemoryError, sizeof(Exc));
    ((Exc *)prealloc_memerr)->args = tuple_new(0);
    gc_add_root(&prealloc_memerr);
}

void exc_register_builtins(Val builtins)
{
    dict_set(builtins, e_BaseException->name, (Val)e_BaseException);
    for (size_t i = 0; i < sizeof hierarchy / sizeof hierarchy[0]; i++)
        dict_set(builtins, (*hierarchy[i].slot)->name, (Val)*hierarchy[i].slot);
    dict_set_cstr(builtins, "IOError", (Val)e_OSError);
    dict_set_cstr(builtins, "EnvironmentError", (Val)e_OSError);
}

/* ---- printing ---- */

static void put(const char *s) { print_to(2, str_from_cstr(s)); }

static void print_one(Val exc)
{
    Exc *e = (Exc *)exc;
    if (e->tb && LST(e->tb)->len) {
        put("Traceback (most recent call last):\n");
        Val *items = LIST_ITEMS(e->tb);
        size_t n = LST(e->tb)->len;
        for (size_t i = n; i >= 2; i -= 2) {
            Code *c = (Code *)items[i - 2];
            int line = code_line(c, (uint32_t)INT_VAL(items[i - 1]));
            Val s = format_c("  File \"%s\", line %d, in %s\n", CSTR(c->filename), line, CSTR(c->name));
            if (s)
                print_to(2, s);
        }
    }
    Type *t = type_of(exc);
    Val msg = to_str(exc);
    if (!msg) {
        exc_clear();
        msg = str_from_cstr("<exception str() failed>");
    }
    Val name = t->name;
    if (t->module && IS_STR(t->module) && kstrcmp(CSTR(t->module), "builtins") != 0 &&
        kstrcmp(CSTR(t->module), "__prelude__") != 0) {
        Val q = dict_get_cstr(t->dict, "__qualname__");
        name = format_c("%s.%s", CSTR(t->module), CSTR(q && IS_STR(q) ? q : t->name));
    }
    if (STR(msg)->len)
        print_to(2, format_c("%s: %s\n", CSTR(name), CSTR(msg)));
    else
        print_to(2, format_c("%s\n", CSTR(name)));
}

static void print_chain(Val exc, int depth)
{
    Exc *e = (Exc *)exc;
    if (depth < 32) {
        if (e->cause && e->cause != V_NONE && type_of(e->cause)->kind == K_EXC) {
            print_chain(e->cause, depth + 1);
            put("\nThe above exception was the direct cause of the following exception:\n\n");
        } else if (e->context && e->context != V_NONE && !e->suppress_context && type_of(e->context)->kind == K_EXC) {
            print_chain(e->context, depth + 1);
            put("\nDuring handling of the above exception, another exception occurred:\n\n");
        }
    }
    print_one(exc);
}

void exc_print(Val exc)
{
    if (!IS_PTR(exc) || type_of(exc)->kind != K_EXC) {
        put("Exception: <non-exception>\n");
        return;
    }
    print_chain(exc, 0);
}
