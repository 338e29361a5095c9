/* load: VM initialisation, bundle loading, the import system and the
 * top-level run of a program. */
#include "obj.h"
#include "port.h"

Val kr_modules;
Val kr_bundle_mods;
Val kr_native_mods;
static Thread main_thread;
extern Thread *kr_all_threads;

void vm_flush(void);
void iter_types_init(void);
Val run_module_code(Code *c, Val globals);
extern Val kr_prelude_format, kr_prelude_mod;

/* ---- reading the bundle ---- */

typedef struct Reader { const uint8_t *p, *end; bool bad; } Reader;

static uint32_t rd_u32(Reader *r)
{
    if (r->end - r->p < 4) { r->bad = true; return 0; }
    uint32_t v = (uint32_t)r->p[0] | ((uint32_t)r->p[1] << 8) | ((uint32_t)r->p[2] << 16) | ((uint32_t)r->p[3] << 24);
    r->p += 4;
    return v;
}

static uint16_t rd_u16(Reader *r)
{
    if (r->end - r->p < 2) { r->bad = true; return 0; }
    uint16_t v = (uint16_t)(r->p[0] | (r->p[1] << 8));
    r->p += 2;
    return v;
}

static uint64_t rd_u64(Reader *r)
{
    uint64_t lo = rd_u32(r);
    uint64_t hi = rd_u32(r);
    return lo | (hi << 32);
}

static Val rd_value(Reader *r);

static Val rd_code(Reader *r)
{
    Code *c = gc_alloc(kr_types[K_CODE], sizeof(Code));
    if (!c)
        return V_NULL;
    c->argcount = rd_u16(r);
    c->posonlycount = rd_u16(r);
    c->kwonlycount = rd_u16(r);
    c->nlocals = rd_u16(r);
    c->ncells = rd_u16(r);
    c->nfrees = rd_u16(r);
    c->stacksize = rd_u16(r);
    c->flags = rd_u16(r);
    c->nslots = (uint32_t)c->nlocals + c->ncells + c->nfrees + c->stacksize;
    c->firstline = rd_u32(r);
    Val *fields[] = {&c->name, &c->qualname, &c->filename, &c->bytecode, &c->consts, &c->names,
                     &c->varnames, &c->cellvars, &c->freevars, &c->linetable, &c->cell2arg};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        *fields[i] = rd_value(r);
        if (!*fields[i] || r->bad)
            return V_NULL;
    }
    c->name_cache = V_NULL;             /* interp.c makes it when the code first runs */
    if (!(c->flags & (CO_VARARGS | CO_VARKW | CO_GENERATOR)) && !c->kwonlycount && !c->ncells && !c->nfrees)
        c->flags |= CO_PLAIN_ARGS;
    return (Val)c;
}

static Val rd_value(Reader *r)
{
    if (r->p >= r->end) { r->bad = true; return V_NULL; }
    uint8_t tag = *r->p++;
    switch (tag) {
    case 'N': return V_NONE;
    case 'T': return V_TRUE;
    case 'F': return V_FALSE;
    case 'E': return V_ELLIPSIS;
    case 'i': return int_from_i64((int64_t)rd_u64(r));
    case 'I': {
        uint32_t n = rd_u32(r);
        if ((size_t)(r->end - r->p) < n) { r->bad = true; return V_NULL; }
        Val v = int_parse((const char *)r->p, n, 10);
        r->p += n;
        return v;
    }
    case 'f': {
        uint64_t bits = rd_u64(r);
        double d;
        memcpy(&d, &bits, 8);
        return float_new(d);
    }
    case 's': case 'b': {
        uint32_t n = rd_u32(r);
        if ((size_t)(r->end - r->p) < n) { r->bad = true; return V_NULL; }
        Val v = tag == 's' ? str_new((const char *)r->p, n) : bytes_new(r->p, n);
        r->p += n;
        if (v && tag == 's' && n < 64)
            v = str_intern(v);
        return v;
    }
    case 't': case 'z': {
        uint32_t n = rd_u32(r);
        Val t = tuple_new(n);
        if (!t)
            return V_NULL;
        for (uint32_t i = 0; i < n; i++) {
            Val x = rd_value(r);
            if (!x) return V_NULL;
            TUP(t)->items[i] = x;
        }
        if (tag == 'z')
            return set_from(kr_types[K_FROZENSET], t);
        return t;
    }
    case 'c': return rd_code(r);
    default:
        r->bad = true;
        return V_NULL;
    }
}

bool bundle_load(const uint8_t *image, size_t len, Val *main_name, Val *script)
{
    Reader r = {image, image + len, false};
    if (len < 4 || memcmp(image, "KRB2", 4) != 0)
        return false;
    r.p += 4;
    *script = rd_value(&r);
    uint32_t n = rd_u32(&r);
    for (uint32_t i = 0; i < n && !r.bad; i++) {
        Val name = rd_value(&r);
        Val file = rd_value(&r);
        if (r.p >= r.end) return false;
        Val is_pkg = MK_BOOL(*r.p++);
        Val code = rd_value(&r);
        if (!name || !file || !code)
            return false;
        if (i == 0)
            *main_name = name;
        dict_set(kr_bundle_mods, name, tuple_pack(3, file, code, is_pkg));
    }
    return !r.bad;
}

/* ---- modules and import ---- */

Val module_new(Val name)
{
    Module *m = gc_alloc(kr_types[K_MODULE], sizeof(Module));
    if (!m)
        return V_NULL;
    m->name = name;
    m->dict = dict_new();
    if (!m->dict)
        return V_NULL;
    dict_set(m->dict, kr_dunder[D_NAME], name);
    dict_set_cstr(m->dict, "__doc__", V_NONE);
    return (Val)m;
}

Val native_module(const char *name, const vm_native_def *fns)
{
    Val m = module_new(str_intern_c(name));
    if (!m)
        return V_NULL;
    for (const vm_native_def *d = fns; d && d->name; d++)
        dict_set_cstr(((Module *)m)->dict, d->name, native_new(d->name, d->fn, 0));
    dict_set(kr_native_mods, ((Module *)m)->name, m);
    return m;
}

bool vm_register_module(const char *name, const vm_native_def *fns)
{
    return native_module(name, fns) != V_NULL;
}

/* A fresh module named name for a bundle entry (file, code, is_pkg), its code not run yet. */
Val module_from_entry(Val name, Val entry, Val builtins)
{
    Val file = TUP(entry)->items[0];
    bool is_pkg = TUP(entry)->items[2] == V_TRUE;
    Val m = module_new(name);
    if (!m)
        return V_NULL;
    Val d = ((Module *)m)->dict;
    dict_set_cstr(d, "__file__", file);
    if (is_pkg) {
        dict_set_cstr(d, "__package__", name);
        dict_set_cstr(d, "__path__", list_new(0));
    } else {
        const char *s = CSTR(name);
        const char *dot = NULL;
        for (const char *p = s; *p; p++)
            if (*p == '.') dot = p;
        dict_set_cstr(d, "__package__", dot ? str_new(s, (size_t)(dot - s)) : kr_empty_str);
    }
    if (!dict_set_cstr(d, "__builtins__", builtins))
        return V_NULL;
    return m;
}

static Val exec_bundle_module(Val name, Val entry)
{
    Code *code = (Code *)TUP(entry)->items[1];
    Val m = module_from_entry(name, entry, kr_builtins);
    if (!m)
        return V_NULL;
    Val d = ((Module *)m)->dict;
    if (!dict_set(kr_modules, name, m))
        return V_NULL;
    Val r = run_module_code(code, d);
    if (!r) {
        Val saved = exc_fetch();
        dict_del(kr_modules, name);
        raise_val(saved);
        return V_NULL;
    }
    return m;
}

/* Runs a frozen module's code in a fresh module named as_name that is not
 * registered in sys.modules, so the kernel can run a frozen program again and
 * again from clean globals. Returns the module, or NULL with the exception set. */
Val vm_run_frozen(Val name, Val as_name)
{
    Val entry = dict_get(kr_bundle_mods, name);
    if (!entry)
        return raise(e_ModuleNotFoundError, "No frozen module named %R", name);
    Val m = module_new(as_name);
    if (!m)
        return V_NULL;
    Val d = ((Module *)m)->dict;
    if (!dict_set_cstr(d, "__file__", TUP(entry)->items[0]) || !dict_set_cstr(d, "__package__", kr_empty_str) ||
        !dict_set_cstr(d, "__builtins__", kr_builtins))
        return V_NULL;
    return run_module_code((Code *)TUP(entry)->items[1], d) ? m : V_NULL;
}

static Val load_one(Val name)
{
    if (TS->user_mode)
        return user_load_module(name);     /* a process: its own modules, from the allowed set */
    Val m = dict_get(kr_modules, name);
    if (m)
        return m;
    m = dict_get(kr_native_mods, name);
    if (m) {
        dict_set(kr_modules, name, m);
        return m;
    }
    Val entry = dict_get(kr_bundle_mods, name);
    if (entry)
        return exec_bundle_module(name, entry);
    Val e = raise(e_ModuleNotFoundError, "No module named %R", name);
    if (TS->cur_exc) {
        Val *d = dict_slot(TS->cur_exc);
        if (d && !*d) *d = dict_new();
        if (d && *d) dict_set_cstr(*d, "name", name);
    }
    return e;
}

static Val resolve_relative(Val name, int level, Val globals)
{
    Val pkg = globals ? dict_get_cstr(globals, "__package__") : V_NULL;
    if (!pkg || !IS_STR(pkg) || STR(pkg)->len == 0) {
        Val modname = globals ? dict_get_cstr(globals, "__name__") : V_NULL;
        if (!modname || !IS_STR(modname))
            return raise(e_ImportError, "attempted relative import with no known parent package");
        Val path = dict_get_cstr(globals, "__path__");
        if (path)
            pkg = modname;
        else {
            const char *s = CSTR(modname), *dot = NULL;
            for (const char *p = s; *p; p++) if (*p == '.') dot = p;
            if (!dot)
                return raise(e_ImportError, "attempted relative import with no known parent package");
            pkg = str_new(s, (size_t)(dot - s));
        }
    }
    const char *s = CSTR(pkg);
    size_t len = STR(pkg)->len;
    for (int i = 1; i < level; i++) {
        while (len > 0 && s[len - 1] != '.') len--;
        if (len == 0)
            return raise(e_ImportError, "attempted relative import beyond top-level package");
        len--;
    }
    Val base = str_new(s, len);
    if (STR(name)->len == 0)
        return base;
    return format_c("%s.%s", CSTR(base), CSTR(name));
}

Val import_module(Val name, Val fromlist, int level, Val globals)
{
    if (level > 0) {
        name = resolve_relative(name, level, globals);
        if (!name)
            return V_NULL;
    }
    name = str_intern(name);
    const char *s = CSTR(name);
    size_t len = STR(name)->len;
    Val top = V_NULL, parent = V_NULL, m = V_NULL;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && s[i] != '.')
            continue;
        Val part = str_intern(str_new(s, i));
        m = load_one(part);
        if (!m)
            return V_NULL;
        if (parent) {
            Val attr = str_intern(str_new(s + (i - (i - 0)), 0));
            (void)attr;
            size_t j = i;
            while (j > 0 && s[j - 1] != '.') j--;
            Val leaf = str_intern(str_new(s + j, i - j));
            Val *pd = dict_slot(parent);
            if (pd && *pd && !dict_get_str(*pd, leaf))
                dict_set(*pd, leaf, m);
        }
        if (!top)
            top = m;
        parent = m;
    }
    if (fromlist == V_NONE || !fromlist)
        return top;
    return m;
}

/* ---- initialisation and the top-level run ---- */

bool vm_init(void *heap, size_t size)
{
    gc_init(heap, size);
    vm_current_thread = &main_thread;
    kr_all_threads = &main_thread;
    uintptr_t lo, hi;
    port_stack_bounds(&lo, &hi);
    main_thread.stack_lo = lo;
    main_thread.stack_hi = hi;
    types_init();
    ops_init();
    dict_init();
    exc_init();
    seq_init();
    set_init();
    bytes_init();
    str_methods_init();
    gen_init();
    iter_types_init();
    builtins_init();
    kr_modules = dict_new();
    kr_bundle_mods = dict_new();
    kr_native_mods = dict_new();
    gc_add_root(&kr_modules);
    gc_add_root(&kr_bundle_mods);
    gc_add_root(&kr_native_mods);
    mod_inet_init();
    mod_bisect_init();
    mod_struct_init();
    userland_init();
    return kr_modules && !TS->cur_exc;
}

static void install_prelude(Val d)
{
    kr_prelude_format = dict_get_cstr(d, "_format");
    kr_prelude_mod = dict_get_cstr(d, "_str_mod");
    Val methods = dict_get_cstr(d, "_METHODS");
    if (methods) {
        size_t pos = 0;
        Val tname, table;
        while (dict_next(methods, &pos, &tname, &table)) {
            Val t = dict_get(kr_builtins, tname);
            if (!t)
                continue;
            size_t p2 = 0;
            Val k, v;
            while (dict_next(table, &p2, &k, &v))
                dict_set(((Type *)t)->dict, k, v);
        }
    }
    Val exports = dict_get_cstr(d, "_EXPORTS");
    if (exports) {
        for (size_t i = 0; i < LST(exports)->len; i++) {
            Val k = LIST_ITEMS(exports)[i];
            Val v = dict_get(d, k);
            if (v)
                dict_set(kr_builtins, k, v);
        }
    }
}

static int exit_status_of(Val exc)
{
    Val *d = dict_slot(exc);
    Val code = d && *d ? dict_get_cstr(*d, "code") : V_NULL;
    if (!code || code == V_NONE)
        return 0;
    if (IS_INT(code))
        return (int)INT_VAL(code);
    Val s = to_str(code);
    if (s) {
        print_to(2, s);
        print_to(2, kr_chars['\n']);
    }
    return 1;
}

/* Flushes stdout and reports an uncaught exception as CPython does; returns the exit status. */
int vm_report(Val exc)
{
    vm_flush();
    if (is_instance(exc, e_SystemExit))
        return exit_status_of(exc);
    exc_print(exc);
    return 1;
}

int vm_run_bundle(const uint8_t *image, size_t len, int argc, const char **argv)
{
    Val main_name = V_NULL, script = V_NULL;
    if (!bundle_load(image, len, &main_name, &script)) {
        port_write(2, "krait-vm: bad bundle\n", 21);
        return 2;
    }
    mod_sys_init(argc, argv, script);
    Val pre = dict_get_cstr(kr_bundle_mods, "__prelude__");
    if (pre) {
        Val m = exec_bundle_module(str_intern_c("__prelude__"), pre);
        if (!m)
            return vm_report(exc_fetch());
        install_prelude(((Module *)m)->dict);
    }
    Val entry = dict_get(kr_bundle_mods, main_name);
    Val m = exec_bundle_module(str_intern_c("__main__"), entry);
    int status = 0;
    if (!m)
        status = vm_report(exc_fetch());
    vm_flush();
    return status;
}
