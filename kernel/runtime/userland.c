/* userland: the restricted mode a process's code runs in.
 *
 * The kernel runs a user script with its thread in user mode
 * (Thread.user_mode). There:
 *   - `import` looks only in the process's own module table: its user modules
 *     (bundle modules "user.NAME", executed afresh for each process), private
 *     copies of the stateless native modules `struct` and `math`, its own `sys`
 *     (argv, modules, stdout; no recursion-limit setter) and `_syscall`; every
 *     other name (machine, kthread, gc, inet, kernel.*, net.*, ...) is
 *     ModuleNotFoundError;
 *   - introspection that would lead to kernel objects is closed: the insides
 *     of functions that are not the process's own (__globals__, __code__,
 *     __defaults__, __kwdefaults__, __dict__; they are also read-only), the
 *     dicts of builtin types (a copy is returned), globals()/locals()/vars()
 *     of a frame that is not the process's; and MemoryError is never the
 *     kernel's preallocated instance;
 *   - allocations are charged to the process's account (gc.c);
 *   - a pending signal (Ctrl-C, kill) is raised at the next safepoint; a kill
 *     is raised again at every safepoint until the process is gone;
 *   - `_syscall.call(nr, *args)` is the only way into the kernel: it leaves
 *     user mode, calls the dispatcher the kernel installed, and hands back only
 *     plain data (containers copied) or a sanitized OSError/KeyboardInterrupt/
 *     SystemExit (no traceback, context or cause from the kernel).
 * The kernel drives all this through the native module `userland`. */
#include "obj.h"
#include "port.h"

#define USER_PACKAGE "user."
#define PLAIN_DEPTH 4                  /* nesting of tuples/lists a syscall may take or return */
#define EINVAL_ERRNO 22

static Val gate;                       /* the kernel's dispatcher: fn(nr, args) */
static Val gate_numbers;               /* dict name -> syscall number, copied into each _syscall */
static Val user_memerr;                /* MemoryError for processes when even a fresh one cannot be made */

static const char *const user_natives[] = {"struct", "math", "bisect", NULL};
static const char *const sys_shared[] = {
    "exit", "getrecursionlimit", "exc_info", "exception", "intern", "getsizeof", "maxsize",
    "byteorder", "platform", "version", "version_info", NULL,
};

/* The kernel-facing natives; not every one looks at its arguments or keywords. */
#define NATIVE(fn) static Val fn(__attribute__((unused)) Val *a, int n, __attribute__((unused)) Val kw)

Val make_stream(int fd, const char *name);
void vm_flush(void);

static bool is_user_dict(Val d) { return IS_PTR(d) && (AS_OBJ(d)->flags & OF_USERDICT); }

/* ---- imports in user mode ---- */

static Val not_found(Val name)
{
    raise(e_ModuleNotFoundError, "No module named %R", name);
    Val *d = TS->cur_exc ? dict_slot(TS->cur_exc) : NULL;
    if (d && !*d)
        *d = dict_new();
    if (d && *d)
        dict_set_cstr(*d, "name", name);
    return V_NULL;
}

/* Runs a bundle module's code as the process's module `name`. */
static Val exec_user_module(Val name, Val entry)
{
    Val m = module_from_entry(name, entry, TS->ubuiltins);
    if (!m)
        return V_NULL;
    Val d = ((Module *)m)->dict;
    AS_OBJ(d)->flags |= OF_USERDICT;
    if (!dict_set(TS->umods, name, m))
        return V_NULL;
    if (!run_module_code((Code *)TUP(entry)->items[1], d)) {
        Val saved = exc_fetch();
        dict_del(TS->umods, name);
        raise_val(saved);
        return V_NULL;
    }
    return m;
}

static Val copy_native(Val name)
{
    for (int i = 0; user_natives[i]; i++) {
        if (kstrcmp(CSTR(name), user_natives[i]) != 0)
            continue;
        Val kernel_copy = dict_get(kr_native_mods, name);
        if (!kernel_copy)
            return V_NULL;
        Val m = module_new(name);
        Val d = m ? dict_copy(((Module *)kernel_copy)->dict) : V_NULL;
        if (!d)
            return V_NULL;
        ((Module *)m)->dict = d;
        return m;
    }
    return V_NULL;
}

static Val sc_call(Val *args, int nargs, Val kw);

static Val syscall_module(void)
{
    Val m = module_new(str_intern_c("_syscall"));
    if (!m)
        return V_NULL;
    Val d = ((Module *)m)->dict;
    if (!dict_set_cstr(d, "call", native_new("call", sc_call, 0)))
        return V_NULL;
    if (gate_numbers && !dict_update(d, gate_numbers))
        return V_NULL;
    return m;
}

Val user_load_module(Val name)
{
    Thread *ts = TS;
    if (!ts->umods)
        return not_found(name);
    Val m = dict_get(ts->umods, name);
    if (m || ts->cur_exc)
        return m;
    Val full = format_c(USER_PACKAGE "%s", CSTR(name));
    if (!full)
        return V_NULL;
    Val entry = dict_get(kr_bundle_mods, full);
    if (entry)
        return exec_user_module(name, entry);
    if (kstrcmp(CSTR(name), "_syscall") == 0)
        m = syscall_module();
    else
        m = copy_native(name);
    if (!m)
        return ts->cur_exc ? V_NULL : not_found(name);
    return dict_set(ts->umods, name, m) ? m : V_NULL;
}

/* ---- introspection ---- */

static bool own_function(Val f) { return is_user_dict(((Func *)f)->globals); }

bool user_attr_hidden(Val obj, Val name)
{
    static const char *const visible[] = {"__name__", "__qualname__", "__module__", "__doc__", "__class__", NULL};
    if (!IS_PTR(obj) || type_of(obj)->kind != K_FUNC || own_function(obj))
        return false;
    for (int i = 0; visible[i]; i++)
        if (kstrcmp(CSTR(name), visible[i]) == 0)
            return false;
    return type_lookup(type_of(obj), name) == V_NULL;   /* methods of `function` stay */
}

bool user_may_modify(Val obj)
{
    return !(IS_PTR(obj) && type_of(obj)->kind == K_FUNC && !own_function(obj));
}

bool user_frame_visible(void)
{
    Frame *f = TS->frame;
    if (!TS->user_mode || (f && is_user_dict(f->globals)))
        return true;
    raise(e_RuntimeError, "globals(), locals() and vars() are not available here");
    return false;
}

Val user_memory_error(void)
{
    Thread *ts = TS;
    bool user = ts->user_mode;
    uint8_t account = ts->account;
    ts->user_mode = false;             /* a failure here takes the kernel's path, not this one */
    ts->account = 0;
    Val args = tuple_new(0);
    Val e = args ? exc_new(e_MemoryError, args) : V_NULL;
    ts->user_mode = user;
    ts->account = account;
    if (!e) {
        Exc *m = (Exc *)user_memerr;
        m->tb = m->context = m->cause = m->dict = V_NULL;
        m->suppress_context = false;
        e = user_memerr;
    }
    ts->cur_exc = e;
    ts->reraise = false;
    return V_NULL;
}

/* ---- signals ---- */

/* A fresh exception like proto (made outside any account). */
static Val fresh_signal(Val proto)
{
    uint8_t account = TS->account;
    TS->account = 0;
    Val e = exc_new(type_of(proto), ((Exc *)proto)->args);
    TS->account = account;
    if (!e)
        exc_clear();
    return e;
}

bool user_deliver_async(void)
{
    Thread *ts = TS;
    Val proto = ts->async_exc;
    if (ts->async_sticky)
        vm_safepoint_pending = 1;      /* a kill: again at the next safepoint */
    else
        ts->async_exc = V_NULL;
    Val e = fresh_signal(proto);
    raise_val(e ? e : proto);
    return false;
}

/* Posts a signal to a thread: raised at its next user-mode safepoint (and by
 * block_on in the kernel). A sticky one (a kill) is not replaced by a later
 * non-sticky one. */
void vm_thread_post(vm_thread *t, Val exc, bool sticky)
{
    if (t->async_exc && t->async_sticky && !sticky)
        return;
    t->async_exc = exc;
    t->async_sticky = sticky;
    vm_safepoint_pending = 1;
}

/* ---- the syscall gate ---- */

static bool plain_scalar(Val v)
{
    if (!IS_PTR(v))
        return true;                   /* small ints, None, True, False */
    Type *t = AS_OBJ(v)->type;
    return t == kr_types[K_STR] || t == kr_types[K_BYTES] || t == kr_types[K_INT] || t == kr_types[K_FLOAT];
}

static bool is_plain_seq(Val v)
{
    return IS_PTR(v) && (AS_OBJ(v)->type == kr_types[K_TUPLE] || AS_OBJ(v)->type == kr_types[K_LIST]);
}

static bool plain_data(Val v, int depth)
{
    if (plain_scalar(v))
        return true;
    if (depth <= 0 || !is_plain_seq(v))
        return false;
    Val *items;
    size_t n;
    seq_items(v, &items, &n);
    for (size_t i = 0; i < n; i++)
        if (!plain_data(items[i], depth - 1))
            return false;
    return true;
}

/* What a syscall returns, as the process will hold it: scalars are immutable
 * and shared, tuples and lists are copied; all of it is charged to the process. */
static Val copy_plain(Val v, int depth, int account)
{
    if (plain_scalar(v)) {
        gc_account_charge(v, account);
        return v;
    }
    if (depth <= 0 || !is_plain_seq(v))
        return raise(e_SystemError, "a syscall returned a %s object", type_name(v));
    Val *items;
    size_t n;
    seq_items(v, &items, &n);
    Val out = tuple_new(n);
    if (!out)
        return V_NULL;
    for (size_t i = 0; i < n; i++) {
        Val x = copy_plain(items[i], depth - 1, account);
        if (!x)
            return V_NULL;
        TUP(out)->items[i] = x;
    }
    if (AS_OBJ(v)->type == kr_types[K_LIST]) {
        out = list_from(TUP(out)->items, n);
        if (!out)
            return V_NULL;
        gc_account_charge((Val)LST(out)->items, account);
    }
    gc_account_charge(out, account);
    return out;
}

/* The exception a syscall raised, as the process may see it. */
static Val sanitize(Val e)
{
    Type *t = type_of(e);
    Exc *x = (Exc *)e;
    bool allowed = t->kind == K_EXC && !(t->flags & TF_USER) &&
                   (type_is_subtype(t, e_OSError) || t == e_KeyboardInterrupt || t == e_SystemExit);
    if (allowed && x->args && plain_data(x->args, 2) && x->dict) {
        size_t pos = 0;
        Val k, v;
        while (allowed && dict_next(x->dict, &pos, &k, &v))
            allowed = plain_scalar(k) && plain_data(v, 2);
    }
    if (allowed) {
        x->tb = x->context = x->cause = V_NULL;
        x->suppress_context = false;
        return e;
    }
    Val msg = str_from_cstr("the kernel failed in a syscall");
    Val s = msg ? exc_new(e_SystemError, tuple_pack(1, msg)) : V_NULL;
    if (!s) {
        exc_clear();
        s = user_memerr;
    }
    return s;
}

/* OSError(EINVAL, "Invalid argument"), as the kernel's dispatcher would raise it. */
static Val raise_einval(void)
{
    Val msg = str_from_cstr("Invalid argument");
    Val args = msg ? tuple_pack(2, MK_INT(EINVAL_ERRNO), msg) : V_NULL;
    Val e = args ? oserror_new(e_OSError, args) : V_NULL;
    return e ? raise_val(e) : V_NULL;
}

static Val sc_call(Val *args, int nargs, Val kw)
{
    Thread *ts = TS;
    if (KW_COUNT(kw))
        return raise(e_TypeError, "call() takes no keyword arguments");
    if (nargs < 1)
        return raise(e_TypeError, "call() needs a syscall number");
    if (!ts->user_mode || !gate)
        return raise(e_SystemError, "no syscall gate");
    Val argt = tuple_from(args + 1, (size_t)(nargs - 1));
    if (!argt)
        return V_NULL;
    /* Only plain data reaches the kernel, so no method a process wrote ever runs there;
     * bools are ints to the kernel (os.write(True, ...) works as in CPython). */
    for (int i = 0; i < nargs - 1; i++) {
        Val a = TUP(argt)->items[i];
        if (a == V_TRUE || a == V_FALSE)
            TUP(argt)->items[i] = MK_INT(a == V_TRUE);
        else if (!plain_data(a, PLAIN_DEPTH))
            return raise_einval();
    }
    uint8_t account = ts->account;
    Val handled = ts->handled_exc;     /* the kernel never chains or prints the process's exceptions */
    ts->user_mode = false;
    ts->account = 0;
    ts->handled_exc = V_NULL;
    Val r = call2(gate, args[0], argt);
    if (r)
        r = copy_plain(r, PLAIN_DEPTH, account);
    Val e = r ? V_NULL : sanitize(exc_fetch());
    ts->user_mode = true;
    ts->account = account;
    ts->handled_exc = handled;
    return r ? r : raise_val(e);
}

/* ---- running a process ---- */

static Val user_sys(Val argv, Val mods)
{
    Val m = module_new(str_intern_c("sys"));
    if (!m)
        return V_NULL;
    Val d = ((Module *)m)->dict;
    Val kd = ((Module *)kr_sys)->dict;
    for (int i = 0; sys_shared[i]; i++) {
        Val v = dict_get_cstr(kd, sys_shared[i]);
        if (v && !dict_set_cstr(d, sys_shared[i], v))
            return V_NULL;
    }
    Val av = list_new(0);
    Val impl = module_new(str_intern_c("implementation"));
    if (!av || !impl)
        return V_NULL;
    for (size_t i = 0; i < LST(argv)->len; i++)
        if (!list_append(av, LIST_ITEMS(argv)[i]))
            return V_NULL;
    dict_set_cstr(((Module *)impl)->dict, "name", str_intern_c("krait"));
    dict_set_cstr(((Module *)impl)->dict, "version", tuple_pack(3, MK_INT(0), MK_INT(1), MK_INT(0)));
    bool ok = dict_set_cstr(d, "argv", av) && dict_set_cstr(d, "modules", mods) &&
              dict_set_cstr(d, "stdout", make_stream(1, "<stdout>")) &&
              dict_set_cstr(d, "stderr", make_stream(2, "<stderr>")) &&
              dict_set_cstr(d, "path", list_new(0)) && dict_set_cstr(d, "implementation", impl);
    return ok && !TS->cur_exc ? m : V_NULL;
}

/* input([prompt]): a line from fd 0 through the gate, without its newline;
 * EOFError at the end of input. */
static Val user_input(Val *args, int nargs, Val kw)
{
    if (KW_COUNT(kw) || nargs > 1)
        return raise(e_TypeError, "input expected at most 1 argument, got %d", nargs + KW_COUNT(kw));
    if (nargs == 1) {
        Val s = to_str(args[0]);
        if (!s || !print_to(1, s))
            return V_NULL;
    }
    vm_flush();
    SBuf line;
    sb_init(&line, 64);
    Val call_args[3] = {MK_INT(0), MK_INT(0), MK_INT(1)};     /* SYS_READ fd 0, 1 byte */
    for (;;) {
        Val got = sc_call(call_args, 3, V_NULL);
        if (!got)
            return V_NULL;
        if (!IS_PTR(got) || type_of(got)->kind != K_BYTES)
            return raise(e_SystemError, "read returned no bytes");
        Bytes *b = (Bytes *)got;
        if (b->len == 0) {
            if (line.len == 0)
                return raise(e_EOFError, "EOF when reading a line");
            break;
        }
        if (b->d[0] == '\n')
            break;
        if (!sb_addc(&line, (char)b->d[0]))
            return V_NULL;
    }
    Val raw = sb_to_bytes(&line);
    return raw ? bytes_decode(((Bytes *)raw)->d, ((Bytes *)raw)->len, V_NULL, str_intern_c("replace")) : V_NULL;
}

/* The process's builtins: the kernel's, copied (a process may change its own), plus input(). */
static Val user_builtins(void)
{
    Val b = dict_copy(kr_builtins);
    if (!b || !dict_set_cstr(b, "input", native_new("input", user_input, 0)))
        return V_NULL;
    return b;
}

/* In user mode still: a process's own exception may run its own __str__. */
static int user_report(Val e)
{
    if (is_instance(e, e_KeyboardInterrupt)) {
        vm_flush();
        exc_print(e);
        return 130;                    /* as a shell reports a SIGINT death */
    }
    return vm_report(e);
}

/* userland.run(module, argv, account) -> exit status. Runs the bundle module
 * (e.g. "user.echo") as the process's __main__ in user mode on the calling
 * thread; tracebacks are printed in user mode; returns only an int. */
NATIVE(ul_run)
{
    int64_t account;
    if (!check_nargs("run", n, 3, 3))
        return V_NULL;
    if (!IS_STR(a[0]) || !IS_PTR(a[1]) || AS_OBJ(a[1])->type != kr_types[K_LIST] || !IS_INT(a[2]) ||
        !int_to_i64(a[2], &account) || account < 0 || account >= GC_ACCOUNTS)
        return raise(e_TypeError, "run(module: str, argv: list of str, account: int)");
    for (size_t i = 0; i < LST(a[1])->len; i++)
        if (!IS_STR(LIST_ITEMS(a[1])[i]))
            return raise(e_TypeError, "run: argv must hold only str");
    Thread *ts = TS;
    if (ts->user_mode)
        return raise(e_RuntimeError, "run: already in user mode");
    Val entry = dict_get(kr_bundle_mods, a[0]);
    if (!entry)
        return raise(e_ModuleNotFoundError, "No frozen module named %R", a[0]);
    Val mods = dict_new();
    Val sys = mods ? user_sys(a[1], mods) : V_NULL;
    Val builtins = sys ? user_builtins() : V_NULL;
    if (!builtins || !dict_set_cstr(mods, "sys", sys))
        return V_NULL;
    Val handled = ts->handled_exc;
    ts->handled_exc = V_NULL;
    ts->umods = mods;
    ts->ubuiltins = builtins;
    ts->account = (uint8_t)account;
    ts->user_mode = true;
    if (ts->async_exc)
        vm_safepoint_pending = 1;
    Val m = exec_user_module(str_intern_c("__main__"), entry);
    int status = m ? 0 : user_report(exc_fetch());
    vm_flush();
    ts->user_mode = false;
    ts->account = 0;
    ts->umods = V_NULL;
    ts->ubuiltins = V_NULL;
    ts->async_exc = V_NULL;
    ts->async_sticky = false;
    ts->handled_exc = handled;
    exc_clear();
    return MK_INT(status);
}

NATIVE(ul_exists)
{
    if (!check_nargs("exists", n, 1, 1))
        return V_NULL;
    if (!IS_STR(a[0]))
        return raise(e_TypeError, "exists(module name: str)");
    Val entry = dict_get(kr_bundle_mods, a[0]);
    return entry ? V_TRUE : (TS->cur_exc ? V_NULL : V_FALSE);
}

/* set_gate(dispatch, numbers): dispatch(nr, args) serves _syscall.call; the
 * dict of numbers (name -> int) is copied into every _syscall module. */
NATIVE(ul_set_gate)
{
    if (!check_nargs("set_gate", n, 2, 2))
        return V_NULL;
    if (!IS_PTR(a[1]) || AS_OBJ(a[1])->type != kr_types[K_DICT])
        return raise(e_TypeError, "set_gate(dispatch, numbers: dict)");
    Val k, v;
    size_t i = 0;
    while (dict_next(a[1], &i, &k, &v))
        if (!IS_STR(k) || !IS_INT(v))
            return raise(e_TypeError, "set_gate: numbers maps str to int");
    gate = a[0];
    gate_numbers = dict_copy(a[1]);
    return gate_numbers ? V_NONE : V_NULL;
}

NATIVE(ul_account_new)
{
    int64_t limit;
    if (!check_nargs("account_new", n, 1, 1))
        return V_NULL;
    if (!IS_INT(a[0]) || !int_to_i64(a[0], &limit) || limit <= 0)
        return raise(e_ValueError, "account_new(limit: positive int)");
    int id = gc_account_new((size_t)limit);
    return id ? MK_INT(id) : raise(e_RuntimeError, "no free allocation account");
}

static bool arg_account(Val v, int *id)
{
    int64_t x;
    if (!IS_INT(v) || !int_to_i64(v, &x) || x <= 0 || x >= GC_ACCOUNTS) {
        raise(e_ValueError, "no allocation account %S", v);
        return false;
    }
    *id = (int)x;
    return true;
}

NATIVE(ul_account_free)
{
    int id;
    if (!check_nargs("account_free", n, 1, 1) || !arg_account(a[0], &id))
        return V_NULL;
    gc_account_free(id);
    return V_NONE;
}

/* account_usage(id) -> (bytes held, limit), None for an account not in use. */
NATIVE(ul_account_usage)
{
    int id;
    size_t used, limit;
    if (!check_nargs("account_usage", n, 1, 1) || !arg_account(a[0], &id))
        return V_NULL;
    if (!gc_account_usage(id, &used, &limit))
        return V_NONE;
    return tuple_pack(2, int_from_u64(used), int_from_u64(limit));
}

NATIVE(ul_set_user_limit)
{
    int64_t bytes;
    if (!check_nargs("set_user_limit", n, 1, 1))
        return V_NULL;
    if (!IS_INT(a[0]) || !int_to_i64(a[0], &bytes) || bytes < 0)
        return raise(e_ValueError, "set_user_limit(bytes: int >= 0)");
    gc_set_user_limit((size_t)bytes);
    return V_NONE;
}

NATIVE(ul_user_total)
{
    return check_nargs("user_total", n, 0, 0) ? int_from_u64(gc_user_total()) : V_NULL;
}

static bool signal_arg(Val v)
{
    if (IS_PTR(v) && type_of(v)->kind == K_EXC && !(type_of(v)->flags & TF_USER) && plain_data(((Exc *)v)->args, 2))
        return true;
    raise(e_TypeError, "a signal is a builtin exception with plain arguments");
    return false;
}

/* post(exc, sticky): a signal for the calling thread (the kernel posts to other
 * tasks through kthread.post_signal). */
NATIVE(ul_post)
{
    if (!check_nargs("post", n, 2, 2) || !signal_arg(a[0]))
        return V_NULL;
    vm_thread_post(TS, a[0], truthy(a[1]) > 0);
    return V_NONE;
}

/* take_pending() -> the calling thread's pending signal as a fresh exception
 * (a kill stays pending), or None. block_on raises it. */
NATIVE(ul_take_pending)
{
    if (!check_nargs("take_pending", n, 0, 0))
        return V_NULL;
    Thread *ts = TS;
    if (!ts->async_exc)
        return V_NONE;
    Val proto = ts->async_exc;
    if (!ts->async_sticky)
        ts->async_exc = V_NULL;
    Val e = fresh_signal(proto);
    return e ? e : proto;
}

/* types_are(args, types): whether the tuple args holds, in order, one item of
 * exactly each type of the tuple types (no subclasses): the dispatcher's check
 * of a syscall's usual arguments, without a loop of bytecode per argument. */
NATIVE(ul_types_are)
{
    if (!check_nargs("types_are", n, 2, 2))
        return V_NULL;
    Type *tuple = kr_types[K_TUPLE];
    if (!IS_PTR(a[0]) || AS_OBJ(a[0])->type != tuple || !IS_PTR(a[1]) || AS_OBJ(a[1])->type != tuple)
        return raise(e_TypeError, "types_are(args: tuple, types: tuple)");
    Tuple *args = TUP(a[0]), *types = TUP(a[1]);
    if (args->len != types->len)
        return V_FALSE;
    for (size_t i = 0; i < args->len; i++)
        if ((Val)type_of(args->items[i]) != types->items[i])
            return V_FALSE;
    return V_TRUE;
}

NATIVE(ul_in_user_mode)
{
    return check_nargs("in_user_mode", n, 0, 0) ? MK_BOOL(TS->user_mode) : V_NULL;
}

static const vm_native_def userland_fns[] = {
    {"run", ul_run}, {"exists", ul_exists}, {"set_gate", ul_set_gate},
    {"account_new", ul_account_new}, {"account_free", ul_account_free},
    {"account_usage", ul_account_usage}, {"set_user_limit", ul_set_user_limit},
    {"user_total", ul_user_total}, {"post", ul_post}, {"take_pending", ul_take_pending},
    {"in_user_mode", ul_in_user_mode}, {"types_are", ul_types_are},
    {NULL, NULL},
};

void userland_init(void)
{
    gc_add_root(&gate);
    gc_add_root(&gate_numbers);
    gc_add_root(&user_memerr);
    user_memerr = (Val)gc_alloc(e_MemoryError, sizeof(Exc));
    if (user_memerr)
        ((Exc *)user_memerr)->args = tuple_new(0);
    native_module("userland", userland_fns);
}
