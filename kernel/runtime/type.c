/* type: type objects, attribute lookup and assignment, classes, instances,
 * and the descriptor kinds (property, staticmethod, classmethod, super). */
#include "obj.h"

#define METHOD(n) static Val n(Val *args, int nargs, Val kw)

Type *kr_types[K_COUNT];
Type *t_dict_keys, *t_dict_values, *t_dict_items;

Type *type_of_immediate(Val v)
{
    switch (v) {
    case V_NONE: return kr_types[K_NONE];
    case V_TRUE: case V_FALSE: return kr_types[K_BOOL];
    case V_ELLIPSIS: return kr_types[K_ELLIPSIS];
    case V_NOTIMPL: return kr_types[K_NOTIMPL];
    default: return kr_types[K_OBJECT];
    }
}

const char *type_name(Val v) { return CSTR(type_of(v)->name); }
Val type_name_v(Val v) { return type_of(v)->name; }

/* Make d the namespace of t. Flagged, every later change of d moves type_attr_epoch. */
static void type_set_dict(Type *t, Val d)
{
    AS_OBJ(d)->flags |= OF_TYPEDICT;
    t->dict = d;
    type_attr_epoch++;
}

static Type *type_alloc(Val name, Type *base, uint32_t kind)
{
    Type *t = gc_alloc(kr_types[K_TYPE], sizeof(Type));
    if (!t)
        return NULL;
    t->name = name;
    t->base = base;
    t->kind = kind;
    Val d = dict_new();
    if (!d)
        return NULL;
    type_set_dict(t, d);
    t->module = V_NONE;
    if (base)
        t->flags = base->flags & TF_EXC;
    return t;
}

Type *type_new_builtin(const char *name, Type *base, uint32_t kind)
{
    Type *t = type_alloc(str_intern_c(name), base, kind);
    t->flags |= TF_BASETYPE;
    t->module = str_intern_c("builtins");
    return t;
}

void type_add_method(Type *t, const char *name, NativeFn fn)
{
    Native *n = (Native *)native_new(name, fn, NF_METHOD);
    n->owner = (Val)t;
    dict_set(t->dict, str_intern_c(name), (Val)n);
}

void type_add_classmethod(Type *t, const char *name, NativeFn fn)
{
    Native *n = (Native *)native_new(name, fn, NF_CLASSMETHOD);
    n->owner = (Val)t;
    dict_set(t->dict, str_intern_c(name), (Val)n);
}

void type_add_static(Type *t, const char *name, NativeFn fn)
{
    Native *n = (Native *)native_new(name, fn, 0);
    n->owner = (Val)t;
    dict_set(t->dict, str_intern_c(name), (Val)n);
}

size_t type_attr_epoch = 1;

void type_plain_attrs_refresh(Type *t)
{
    bool plain = true;
    for (Type *b = t; b && plain; b = b->base) {
        size_t pos = 0;
        Val k, v;
        while (plain && dict_next(b->dict, &pos, &k, &v)) {
            if (IS_PTR(v) && AS_OBJ(v)->type->kind == K_PROPERTY)
                plain = false;
            else if ((b->flags & TF_USER) && (k == kr_dunder[D_SETATTR] || k == kr_dunder[D_DELATTR]))
                plain = false;
        }
    }
    if (plain)
        t->flags |= TF_PLAIN_ATTRS;
    else
        t->flags &= ~TF_PLAIN_ATTRS;
    t->cache_version = type_attr_epoch;
}

/* Results of type_lookup() by (type, name). An entry holds while type_attr_epoch stays where it
 * was when the entry was filled: the epoch moves on any change to any class namespace
 * (OF_TYPEDICT), on class creation and at every collection (after which a freed type or name
 * may come back at the same address). Absent names are cached too (value 0). */
#define TYPE_CACHE_BITS 10
typedef struct TypeCacheEntry { Type *type; Val name; size_t epoch; Val value; } TypeCacheEntry;
static TypeCacheEntry type_cache[1 << TYPE_CACHE_BITS];

static Val type_lookup_uncached(Type *t, Val name)
{
    for (; t; t = t->base) {
        Val v = dict_get_str(t->dict, name);
        if (v)
            return v;
    }
    return V_NULL;
}

Val type_lookup(Type *t, Val name)
{
    uint64_t h = ((uintptr_t)name ^ ((uintptr_t)t << 7)) * 0x9E3779B97F4A7C15ull;
    TypeCacheEntry *e = &type_cache[h >> (64 - TYPE_CACHE_BITS)];
    if (e->type == t && e->name == name && e->epoch == type_attr_epoch)
        return e->value;
    Val v = type_lookup_uncached(t, name);
    e->type = t;
    e->name = name;
    e->epoch = type_attr_epoch;
    e->value = v;
    return v;
}

bool type_is_subtype(Type *t, Type *base)
{
    for (; t; t = t->base)
        if (t == base)
            return true;
    return false;
}

bool is_instance(Val v, Type *t) { return type_is_subtype(type_of(v), t); }

Val *dict_slot(Val obj)
{
    if (!IS_PTR(obj))
        return NULL;
    Type *t = AS_OBJ(obj)->type;
    switch (t->kind) {
    case K_INSTANCE: case K_OBJECT: return &((Instance *)obj)->dict;
    case K_EXC: return &((Exc *)obj)->dict;
    case K_FUNC: return &((Func *)obj)->dict;
    case K_MODULE: return &((Module *)obj)->dict;
    case K_DICT: return (t->flags & TF_USER) ? &((Dict *)obj)->idict : NULL;
    case K_LIST: return (t->flags & TF_USER) ? &((List *)obj)->idict : NULL;
    default: return NULL;
    }
}

static Val no_attr(Val obj, Val name)
{
    if (IS_PTR(obj) && type_of(obj)->kind == K_MODULE)
        return raise(e_AttributeError, "module '%s' has no attribute '%s'", CSTR(((Module *)obj)->name), CSTR(name));
    if (IS_PTR(obj) && type_of(obj)->kind == K_TYPE)
        return raise(e_AttributeError, "type object '%s' has no attribute '%s'", CSTR(((Type *)obj)->name), CSTR(name));
    Val e = raise(e_AttributeError, "'%s' object has no attribute '%s'", type_name(obj), CSTR(name));
    if (TS->cur_exc) {
        Val *d = dict_slot(TS->cur_exc);
        if (d && *d) {
            dict_set_cstr(*d, "name", name);
            dict_set_cstr(*d, "obj", obj);
        }
    }
    return e;
}

static bool name_is(Val name, const char *s) { return kstrcmp(CSTR(name), s) == 0; }

static Val mro_tuple(Type *t)
{
    Val l = list_new(0);
    for (; t; t = t->base)
        list_append(l, (Val)t);
    return tuple_from(LIST_ITEMS(l), LST(l)->len);
}

/* Attributes that builtin kinds expose without a dict entry. */
static Val special_attr(Val obj, Val name)
{
    const char *n = CSTR(name);
    if (n[0] == '_' && name_is(name, "__class__"))
        return (Val)type_of(obj);
    Type *t = type_of(obj);
    switch (t->kind) {
    case K_INT: case K_BOOL:
        if (name_is(name, "real") || name_is(name, "numerator")) return IS_INT(obj) || !IS_PTR(obj) ? (obj == V_TRUE ? MK_INT(1) : obj == V_FALSE ? MK_INT(0) : obj) : obj;
        if (name_is(name, "imag")) return MK_INT(0);
        if (name_is(name, "denominator")) return MK_INT(1);
        break;
    case K_FLOAT:
        if (name_is(name, "real")) return obj;
        if (name_is(name, "imag")) return float_new(0.0);
        break;
    case K_SLICE:
        if (name_is(name, "start")) return ((Slice *)obj)->start;
        if (name_is(name, "stop")) return ((Slice *)obj)->stop;
        if (name_is(name, "step")) return ((Slice *)obj)->step;
        break;
    case K_RANGE:
        if (name_is(name, "start")) return MK_INT(((Range *)obj)->start);
        if (name_is(name, "stop")) return MK_INT(((Range *)obj)->stop);
        if (name_is(name, "step")) return MK_INT(((Range *)obj)->step);
        break;
    case K_EXC: {
        Exc *e = (Exc *)obj;
        if (name_is(name, "args")) return e->args ? e->args : tuple_new(0);
        if (name_is(name, "__context__")) return e->context ? e->context : V_NONE;
        if (name_is(name, "__cause__")) return e->cause ? e->cause : V_NONE;
        if (name_is(name, "__suppress_context__")) return MK_BOOL(e->suppress_context);
        if (name_is(name, "__traceback__")) return e->tb && LST(e->tb)->len ? e->tb : V_NONE;
        if (name_is(name, "with_traceback")) return V_NULL;
        break;
    }
    case K_FUNC: {
        Func *f = (Func *)obj;
        if (name_is(name, "__name__")) return f->name;
        if (name_is(name, "__qualname__")) return f->qualname;
        if (name_is(name, "__module__")) return f->module ? f->module : V_NONE;
        if (name_is(name, "__defaults__")) return f->defaults ? f->defaults : V_NONE;
        if (name_is(name, "__kwdefaults__")) return f->kwdefaults ? f->kwdefaults : V_NONE;
        if (name_is(name, "__globals__")) return f->globals;
        if (name_is(name, "__code__")) return (Val)f->code;
        if (name_is(name, "__doc__")) {
            Val c0 = TUP(f->code->consts)->len ? TUP(f->code->consts)->items[0] : V_NONE;
            return IS_STR(c0) ? c0 : V_NONE;
        }
        if (name_is(name, "__dict__")) {
            if (!f->dict) f->dict = dict_new();
            return f->dict;
        }
        break;
    }
    case K_NATIVE:
        if (name_is(name, "__name__") || name_is(name, "__qualname__")) return ((Native *)obj)->name;
        if (name_is(name, "__self__")) return ((Native *)obj)->self ? ((Native *)obj)->self : V_NONE;
        break;
    case K_BOUND:
        if (name_is(name, "__self__")) return ((Bound *)obj)->self;
        if (name_is(name, "__func__")) return ((Bound *)obj)->func;
        return getattr_opt(((Bound *)obj)->func, name);
    case K_MODULE:
        if (name_is(name, "__dict__")) return ((Module *)obj)->dict;
        break;
    case K_GEN:
        if (name_is(name, "__name__")) return ((Gen *)obj)->name;
        if (name_is(name, "__qualname__")) return ((Gen *)obj)->qualname;
        if (name_is(name, "gi_running")) return MK_BOOL(((Gen *)obj)->running);
        break;
    case K_PROPERTY: {
        Property *p = (Property *)obj;
        if (name_is(name, "fget")) return p->fget ? p->fget : V_NONE;
        if (name_is(name, "fset")) return p->fset ? p->fset : V_NONE;
        if (name_is(name, "fdel")) return p->fdel ? p->fdel : V_NONE;
        if (name_is(name, "__doc__")) return p->doc ? p->doc : V_NONE;
        break;
    }
    case K_STATICM: case K_CLASSM:
        if (name_is(name, "__func__")) return ((Wrapper *)obj)->f;
        break;
    case K_MEMVIEW: {
        MemView *m = (MemView *)obj;
        if (name_is(name, "nbytes")) return MK_INT((intptr_t)m->len);
        if (name_is(name, "readonly")) return MK_BOOL(m->readonly);
        if (name_is(name, "obj")) return m->base;
        if (name_is(name, "format")) return str_intern_c("B");
        if (name_is(name, "itemsize")) return MK_INT(1);
        if (name_is(name, "ndim")) return MK_INT(1);
        if (name_is(name, "shape")) return tuple_pack(1, MK_INT((intptr_t)m->len));
        break;
    }
    case K_CODE:
        if (name_is(name, "co_name")) return ((Code *)obj)->name;
        if (name_is(name, "co_filename")) return ((Code *)obj)->filename;
        if (name_is(name, "co_argcount")) return MK_INT(((Code *)obj)->argcount);
        if (name_is(name, "co_firstlineno")) return MK_INT(((Code *)obj)->firstline);
        break;
    case K_CELL:
        if (name_is(name, "cell_contents")) return ((Cell *)obj)->v ? ((Cell *)obj)->v : raise(e_ValueError, "Cell is empty");
        break;
    case K_TYPE: {
        Type *ty = (Type *)obj;
        if (name_is(name, "__name__")) return ty->name;
        if (name_is(name, "__qualname__")) {
            Val q = dict_get_cstr(ty->dict, "__qualname__");
            return q ? q : ty->name;
        }
        if (name_is(name, "__module__")) return ty->module;
        if (name_is(name, "__dict__"))      /* a process reads a builtin type's dict, never writes it */
            return TS->user_mode && !(ty->flags & TF_USER) ? dict_copy(ty->dict) : ty->dict;
        if (name_is(name, "__base__")) return ty->base ? (Val)ty->base : V_NONE;
        if (name_is(name, "__bases__")) return ty->base ? tuple_pack(1, (Val)ty->base) : tuple_new(0);
        if (name_is(name, "__mro__")) return mro_tuple(ty);
        if (name_is(name, "__doc__")) {
            Val d = dict_get_cstr(ty->dict, "__doc__");
            return d ? d : V_NONE;
        }
        break;
    }
    default:
        break;
    }
    if (name_is(name, "__dict__")) {
        Val *d = dict_slot(obj);
        if (d) {
            if (!*d) *d = dict_new();
            return *d;
        }
    }
    if (name_is(name, "__doc__"))
        return V_NONE;
    return V_NULL;
}

static Val bind_descriptor(Val d, Val obj, Type *owner)
{
    if (!IS_PTR(d))
        return d;
    switch (AS_OBJ(d)->type->kind) {
    case K_FUNC:
        return bound_new(obj, d);
    case K_NATIVE: {
        Native *n = (Native *)d;
        if (n->flags & NF_CLASSMETHOD)
            return bound_new((Val)owner, d);
        if (n->flags & NF_METHOD)
            return bound_new(obj, d);
        return d;
    }
    case K_STATICM:
        return ((Wrapper *)d)->f;
    case K_CLASSM:
        return bound_new((Val)owner, ((Wrapper *)d)->f);
    case K_PROPERTY: {
        Property *p = (Property *)d;
        if (!p->fget || p->fget == V_NONE)
            return raise(e_AttributeError, "property object has no getter");
        return call1(p->fget, obj);
    }
    default:
        return d;
    }
}

static Val type_getattr(Type *t, Val name)
{
    Val d = type_lookup(t, name);
    if (d) {
        if (IS_PTR(d)) {
            uint32_t k = AS_OBJ(d)->type->kind;
            if (k == K_STATICM)
                return ((Wrapper *)d)->f;
            if (k == K_CLASSM)
                return bound_new((Val)t, ((Wrapper *)d)->f);
            if (k == K_NATIVE && (((Native *)d)->flags & NF_CLASSMETHOD))
                return bound_new((Val)t, d);
        }
        return d;
    }
    Val s = special_attr((Val)t, name);
    if (s)
        return s;
    /* methods of `type` itself (e.g. mro) */
    return V_NULL;
}

/* The generic lookup; returns 0 without an exception when simply missing. */
static Val generic_getattr(Val obj, Val name)
{
    if (TS->user_mode && user_attr_hidden(obj, name))
        return V_NULL;
    Type *t = type_of(obj);
    if (t->kind == K_TYPE)
        return type_getattr((Type *)obj, name);
    if (t->kind == K_MODULE) {
        Val v = dict_get_str(((Module *)obj)->dict, name);
        if (v)
            return v;
        return special_attr(obj, name);
    }
    Val d = type_lookup(t, name);
    if (d && IS_PTR(d) && AS_OBJ(d)->type->kind == K_PROPERTY)
        return bind_descriptor(d, obj, t);
    Val *slot = dict_slot(obj);
    if (slot && *slot) {
        Val v = dict_get_str(*slot, name);
        if (v)
            return v;
    }
    if (d)
        return bind_descriptor(d, obj, t);
    return special_attr(obj, name);
}

Val super_getattr(Val sv, Val name);

Val getattr_opt(Val obj, Val name)
{
    if (IS_PTR(obj) && AS_OBJ(obj)->type == kr_types[K_SUPER])
        return super_getattr(obj, name);
    Val v = generic_getattr(obj, name);
    if (v || TS->cur_exc)
        return v;
    Type *t = type_of(obj);
    if (t->flags & TF_USER) {
        Val ga = type_lookup(t, kr_dunder[D_GETATTR]);
        if (ga)
            return call2(ga, obj, name);
    }
    return V_NULL;
}

Val getattr(Val obj, Val name)
{
    Val v = getattr_opt(obj, name);
    if (v || TS->cur_exc)
        return v;
    return no_attr(obj, name);
}

Val getmethod(Val obj, Val name, Val *self)
{
    Type *t = type_of(obj);
    if (t->kind != K_TYPE && t->kind != K_MODULE && t->kind != K_SUPER) {
        Val d = type_lookup(t, name);
        if (d && IS_PTR(d)) {
            uint32_t k = AS_OBJ(d)->type->kind;
            bool plain = k == K_FUNC || (k == K_NATIVE && (((Native *)d)->flags & NF_METHOD));
            if (plain) {
                Val *slot = dict_slot(obj);
                if (!slot || !*slot || !dict_get_str(*slot, name)) {
                    *self = obj;
                    return d;
                }
            }
        }
    }
    *self = V_NULL;
    return getattr(obj, name);
}

static bool set_in_dict(Val obj, Val name, Val value)
{
    Val *slot = dict_slot(obj);
    if (!slot) {
        Type *t = type_of(obj);
        if (type_lookup(t, name))
            raise(e_AttributeError, "'%s' object attribute '%s' is read-only", type_name(obj), CSTR(name));
        else
            raise(e_AttributeError, "'%s' object has no attribute '%s'", type_name(obj), CSTR(name));
        return false;
    }
    Type *t = AS_OBJ(obj)->type;
    if (!*slot) {
        /* sized for what instances of the class held so far: no table rebuilds while they fill */
        *slot = dict_new_sized(t->idict_size);
        if (!*slot)
            return false;
    }
    if (!value) {
        int r = dict_del(*slot, name);
        if (r == 0)
            no_attr(obj, name);
        return r > 0;
    }
    if (!dict_set(*slot, name, value))
        return false;
    type_note_idict(t, *slot);
    return true;
}

static bool generic_setattr(Val obj, Val name, Val value)
{
    Type *t = type_of(obj);
    if (TS->user_mode && !user_may_modify(obj)) {
        raise(e_AttributeError, "'%s' object attribute '%s' is read-only", type_name(obj), CSTR(name));
        return false;
    }
    if (t->kind == K_TYPE) {
        Type *ty = (Type *)obj;
        if (!(ty->flags & TF_USER)) {
            raise(e_TypeError, "cannot set '%s' attribute of immutable type '%s'", CSTR(name), CSTR(ty->name));
            return false;
        }
        type_attr_epoch++;              /* a class changed: type_plain_attrs() answers are recomputed */
        if (!value) {
            int r = dict_del(ty->dict, name);
            if (r == 0) no_attr(obj, name);
            return r > 0;
        }
        if (name_is(name, "__name__")) ty->name = value;
        return dict_set(ty->dict, name, value);
    }
    if (t->kind == K_EXC && value) {
        const char *n = CSTR(name);
        if (kstrcmp(n, "args") == 0) {
            Val tv = seq_to_tuple(value);
            if (!tv) return false;
            ((Exc *)obj)->args = tv;
            return true;
        }
        if (kstrcmp(n, "__cause__") == 0) { ((Exc *)obj)->cause = value; ((Exc *)obj)->suppress_context = true; return true; }
        if (kstrcmp(n, "__context__") == 0) { ((Exc *)obj)->context = value; return true; }
        if (kstrcmp(n, "__suppress_context__") == 0) { ((Exc *)obj)->suppress_context = truthy(value) > 0; return true; }
        if (kstrcmp(n, "__traceback__") == 0) return true;
    }
    Val d = type_lookup(t, name);
    if (d && IS_PTR(d) && AS_OBJ(d)->type->kind == K_PROPERTY) {
        Property *p = (Property *)d;
        Val f = value ? p->fset : p->fdel;
        if (!f || f == V_NONE) {
            raise(e_AttributeError, value ? "property '%s' of '%s' object has no setter" : "property '%s' of '%s' object has no deleter",
                  CSTR(name), type_name(obj));
            return false;
        }
        Val r = value ? call2(f, obj, value) : call1(f, obj);
        return r != V_NULL;
    }
    return set_in_dict(obj, name, value);
}

bool type_store_plain(Type *t, Val name)
{
    if (type_plain_attrs(t))
        return true;
    Val sa = type_lookup(t, kr_dunder[D_SETATTR]);
    if (sa && IS_PTR(sa) && AS_OBJ(sa)->type->kind == K_FUNC)
        return false;
    Val d = type_lookup(t, name);
    return !(d && IS_PTR(d) && AS_OBJ(d)->type->kind == K_PROPERTY);
}

bool setattr(Val obj, Val name, Val value)
{
    Type *t = type_of(obj);
    if (t->kind == K_INSTANCE && value && !TS->user_mode && type_store_plain(t, name))
        return set_in_dict(obj, name, value);       /* nothing in the class chain intercepts it */
    if (t->flags & TF_USER) {
        Val sa = type_lookup(t, value ? kr_dunder[D_SETATTR] : kr_dunder[D_DELATTR]);
        if (sa && IS_PTR(sa) && AS_OBJ(sa)->type->kind == K_FUNC) {
            Val args[3] = {obj, name, value};
            return call(sa, args, value ? 3 : 2, V_NULL) != V_NULL;
        }
    }
    return generic_setattr(obj, name, value);
}

bool delattr(Val obj, Val name) { return setattr(obj, name, V_NULL); }

Val lookup_special(Val obj, Val name)
{
    Val d = type_lookup(type_of(obj), name);
    if (!d)
        return V_NULL;
    return bind_descriptor(d, obj, type_of(obj));
}

/* Call a dunder defined on obj's type; *found false when the type lacks it. */
Val call_special(Val obj, Val name, Val *args, int nargs, bool *found)
{
    Type *t = type_of(obj);
    Val d = type_lookup(t, name);
    if (!d) {
        *found = false;
        return V_NULL;
    }
    *found = true;
    Val buf[nargs + 1];
    if (IS_PTR(d) && (AS_OBJ(d)->type->kind == K_FUNC ||
                      (AS_OBJ(d)->type->kind == K_NATIVE && (((Native *)d)->flags & NF_METHOD))) && nargs < 3) {
        buf[0] = obj;
        for (int i = 0; i < nargs; i++)
            buf[i + 1] = args[i];
        return call(d, buf, nargs + 1, V_NULL);
    }
    Val f = bind_descriptor(d, obj, t);
    if (!f)
        return V_NULL;
    return call(f, args, nargs, V_NULL);
}

/* ---- instances and classes ---- */

Val instance_new(Type *t)
{
    switch (t->kind) {
    case K_EXC: {
        Exc *e = gc_alloc(t, sizeof(Exc));
        if (!e)
            return V_NULL;
        e->args = tuple_new(0);
        return (Val)e;
    }
    case K_DICT: {
        Val d = dict_new();
        if (d)
            AS_OBJ(d)->type = t;
        return d;
    }
    case K_LIST: {
        Val l = list_new(0);
        if (l)
            AS_OBJ(l)->type = t;
        return l;
    }
    case K_SET: {
        Val s = set_new(t);
        return s;
    }
    case K_INSTANCE: case K_OBJECT: {
        Instance *o = gc_alloc(t, sizeof(Instance));
        return (Val)o;
    }
    default:
        return raise(e_TypeError, "cannot create '%s' instances", CSTR(t->name));
    }
}

Val type_call(Type *t, Val *args, int nargs, Val kw)
{
    if (t == kr_types[K_TYPE]) {
        if (nargs == 1 && !kw)
            return (Val)type_of(args[0]);
        if (nargs == 3) {
            Val base = TUP(args[1])->len ? TUP(args[1])->items[0] : V_NULL;
            Type *nt = type_alloc(args[0], base ? (Type *)base : kr_types[K_OBJECT], base ? ((Type *)base)->kind : K_INSTANCE);
            if (!nt) return V_NULL;
            if (nt->kind == K_OBJECT) nt->kind = K_INSTANCE;
            nt->flags |= TF_USER | TF_BASETYPE;
            Val d = dict_copy(args[2]);
            if (!d) return V_NULL;
            type_set_dict(nt, d);
            return (Val)nt;
        }
        return raise(e_TypeError, "type() takes 1 or 3 arguments");
    }
    Val newf = type_lookup(t, kr_dunder[D_NEW]);
    Val obj;
    int total = nargs + KW_COUNT(kw);
    Val a2[total + 1];     /* exactly sized: no stale words for the stack scan */
    a2[0] = (Val)t;
    memcpy(a2 + 1, args, (size_t)total * sizeof(Val));
    bool user_new = false;
    if (newf && IS_PTR(newf) && AS_OBJ(newf)->type->kind == K_STATICM)
        newf = ((Wrapper *)newf)->f;
    if (newf && IS_PTR(newf) && AS_OBJ(newf)->type->kind == K_FUNC)
        user_new = true;
    if (!(t->flags & TF_USER)) {
        if (!newf)
            return raise(e_TypeError, "cannot create '%s' instances", CSTR(t->name));
        if (t->flags & TF_EXC)
            return exc_new(t, tuple_from(args, (size_t)nargs));
        return call(newf, a2, nargs + 1, kw);
    }
    /* a user class */
    if (user_new) {
        obj = call(newf, a2, nargs + 1, kw);
    } else if (t->kind == K_EXC) {
        obj = instance_new(t);
        if (obj) {
            ((Exc *)obj)->args = tuple_from(args, (size_t)nargs);
            /* Without a Python __init__, the builtin one fills errno/strerror (OSError),
               value (StopIteration) and code (SystemExit), as for the builtin classes. */
            Val own_init = type_lookup(t, kr_dunder[D_INIT]);
            if (!(own_init && IS_PTR(own_init) && AS_OBJ(own_init)->type->kind == K_FUNC) &&
                !exc_init_args(obj, args, nargs))
                return V_NULL;
        }
    } else if (t->kind == K_INSTANCE || t->kind == K_DICT || t->kind == K_LIST || t->kind == K_SET) {
        obj = instance_new(t);
    } else if (newf) {
        obj = call(newf, a2, nargs + 1, kw);
        if (obj && IS_PTR(obj))
            AS_OBJ(obj)->type = t;
    } else
        return raise(e_TypeError, "cannot create '%s' instances", CSTR(t->name));
    if (!obj)
        return V_NULL;
    if (!is_instance(obj, t))
        return obj;
    Val init = type_lookup(t, kr_dunder[D_INIT]);
    if (init && IS_PTR(init) && AS_OBJ(init)->type->kind == K_FUNC) {
        a2[0] = obj;
        Val r = call(init, a2, nargs + 1, kw);
        if (!r)
            return V_NULL;
        if (r != V_NONE)
            return raise(e_TypeError, "__init__() should return None, not '%s'", type_name(r));
    } else if (t->kind == K_DICT || t->kind == K_LIST || t->kind == K_SET) {
        if (nargs > 0 || kw) {
            Val r = call_method(obj, "update", args, nargs);
            if (t->kind == K_LIST) {
                if (TS->cur_exc) exc_clear();
                if (!list_extend(obj, args[0])) return V_NULL;
            } else if (!r)
                return V_NULL;
        }
    } else if (!user_new && t->kind == K_INSTANCE && (nargs > 0 || kw)) {
        if (!init || AS_OBJ(init)->type->kind == K_NATIVE)
            return raise(e_TypeError, "%s() takes no arguments", CSTR(t->name));
    }
    return obj;
}

static Val wrap_implicit(Val ns, const char *name, Type *wrapper)
{
    Val k = str_intern_c(name);
    Val f = dict_get_str(ns, k);
    if (f && IS_PTR(f) && AS_OBJ(f)->type->kind == K_FUNC) {
        Wrapper *w = gc_alloc(wrapper, sizeof(Wrapper));
        if (!w)
            return V_NULL;
        w->f = f;
        dict_set(ns, k, (Val)w);
    }
    return V_TRUE;
}

Val build_class(Val body, Val name, Val *bases, int nbases, Val kw)
{
    (void)kw;
    Type *base = kr_types[K_OBJECT];
    if (nbases == 1) {
        if (!IS_PTR(bases[0]) || type_of(bases[0])->kind != K_TYPE)
            return raise(e_TypeError, "bases must be types");
        base = (Type *)bases[0];
        if (!(base->flags & TF_BASETYPE))
            return raise(e_TypeError, "type '%s' is not an acceptable base type", CSTR(base->name));
    }
    Val ns = dict_new();
    if (!ns)
        return V_NULL;
    Val cell = run_class_body((Func *)body, ns);
    if (!cell)
        return V_NULL;
    uint32_t kind = base->kind == K_OBJECT ? K_INSTANCE : base->kind;
    Type *t = type_alloc(name, base, kind);
    if (!t)
        return V_NULL;
    t->flags |= TF_USER | TF_BASETYPE | (base->flags & TF_EXC);
    if (dict_get_str(ns, kr_dunder[D_EQ]) && !dict_get_str(ns, kr_dunder[D_HASH]))
        dict_set(ns, kr_dunder[D_HASH], V_NONE);
    wrap_implicit(ns, "__new__", kr_types[K_STATICM]);
    wrap_implicit(ns, "__init_subclass__", kr_types[K_CLASSM]);
    wrap_implicit(ns, "__class_getitem__", kr_types[K_CLASSM]);
    type_set_dict(t, ns);
    Val mod = dict_get_cstr(ns, "__module__");
    t->module = mod ? mod : V_NONE;
    if (IS_PTR(cell) && type_of(cell)->kind == K_CELL)
        ((Cell *)cell)->v = (Val)t;
    /* __set_name__ on descriptors */
    size_t pos = 0;
    Val k, v;
    Val setname = kr_dunder[D_SET_NAME];
    while (dict_next(ns, &pos, &k, &v)) {
        if (IS_PTR(v) && (type_of(v)->flags & TF_USER)) {
            Val f = lookup_special(v, setname);
            if (f) {
                if (!call2(f, (Val)t, k))
                    return V_NULL;
            } else if (TS->cur_exc)
                return V_NULL;
        }
    }
    /* __init_subclass__ of the nearest base that defines it */
    Val isc = type_lookup(base, kr_dunder[D_INIT_SUBCLASS]);
    if (isc && IS_PTR(isc) && AS_OBJ(isc)->type->kind == K_CLASSM) {
        if (!call1(((Wrapper *)isc)->f, (Val)t))
            return V_NULL;
    }
    return (Val)t;
}

/* ---- object, type, property, staticmethod, classmethod, super ---- */

static Val object_new(Val *args, int nargs, Val kw)
{
    (void)nargs; (void)kw;
    Type *t = (Type *)args[0];
    if (t == kr_types[K_OBJECT]) {
        Instance *o = gc_alloc(t, sizeof(Instance));
        return (Val)o;
    }
    return instance_new(t);
}

METHOD(object_init) { (void)args; (void)nargs; (void)kw; return V_NONE; }
METHOD(object_repr) { (void)nargs; (void)kw; return default_repr(args[0]); }
METHOD(object_str) { (void)nargs; (void)kw; return repr(args[0]); }
METHOD(object_eq) { (void)nargs; (void)kw; return args[0] == args[1] ? V_TRUE : V_NOTIMPL; }
METHOD(object_ne)
{
    (void)nargs; (void)kw;
    Val r = compare_op(CMP_EQ, args[0], args[1]);
    if (!r) return V_NULL;
    if (r == V_NOTIMPL) return r;
    int t = truthy(r);
    return t < 0 ? V_NULL : MK_BOOL(!t);
}
METHOD(object_hash) { (void)nargs; (void)kw; return MK_INT((intptr_t)((uintptr_t)args[0] >> 4)); }
METHOD(object_setattr) { (void)nargs; (void)kw; return generic_setattr(args[0], args[1], args[2]) ? V_NONE : V_NULL; }
METHOD(object_delattr) { (void)nargs; (void)kw; return generic_setattr(args[0], args[1], V_NULL) ? V_NONE : V_NULL; }
METHOD(object_getattribute)
{
    (void)nargs; (void)kw;
    Val v = generic_getattr(args[0], args[1]);
    if (!v && !TS->cur_exc)
        return no_attr(args[0], args[1]);
    return v;
}
METHOD(object_format)
{
    (void)nargs; (void)kw;
    if (IS_STR(args[1]) && STR(args[1])->len)
        return raise(e_TypeError, "unsupported format string passed to %s.__format__", type_name(args[0]));
    return to_str(args[0]);
}
METHOD(object_init_subclass) { (void)args; (void)nargs; (void)kw; return V_NONE; }

static Val property_make(Val *args, int nargs, Val kw)
{
    Property *p = gc_alloc(kr_types[K_PROPERTY], sizeof(Property));
    if (!p)
        return V_NULL;
    p->fget = nargs > 1 ? args[1] : V_NONE;
    p->fset = nargs > 2 ? args[2] : V_NONE;
    p->fdel = nargs > 3 ? args[3] : V_NONE;
    p->doc = nargs > 4 ? args[4] : V_NONE;
    Val k;
    if ((k = kwarg(args, nargs, kw, "fget"))) p->fget = k;
    if ((k = kwarg(args, nargs, kw, "fset"))) p->fset = k;
    if ((k = kwarg(args, nargs, kw, "fdel"))) p->fdel = k;
    if ((k = kwarg(args, nargs, kw, "doc"))) p->doc = k;
    if (p->doc == V_NONE && p->fget != V_NONE) {
        Val d = getattr_opt(p->fget, kr_dunder[D_DOC]);
        if (TS->cur_exc) exc_clear();
        if (d) p->doc = d;
    }
    return (Val)p;
}

static Val prop_copy(Val self, int which, Val f)
{
    Property *o = (Property *)self;
    Property *p = gc_alloc(kr_types[K_PROPERTY], sizeof(Property));
    if (!p)
        return V_NULL;
    p->doc = o->doc;
    p->fget = which == 0 ? f : o->fget;
    p->fset = which == 1 ? f : o->fset;
    p->fdel = which == 2 ? f : o->fdel;
    return (Val)p;
}

METHOD(prop_getter) { (void)nargs; (void)kw; return prop_copy(args[0], 0, args[1]); }
METHOD(prop_setter) { (void)nargs; (void)kw; return prop_copy(args[0], 1, args[1]); }
METHOD(prop_deleter) { (void)nargs; (void)kw; return prop_copy(args[0], 2, args[1]); }
METHOD(prop_get)
{
    (void)kw;
    if (nargs < 2 || args[1] == V_NONE) return args[0];
    return call1(((Property *)args[0])->fget, args[1]);
}
METHOD(prop_set) { (void)nargs; (void)kw; return call2(((Property *)args[0])->fset, args[1], args[2]); }

static Val wrapper_make(Val *args, int nargs, Val kw)
{
    (void)kw;
    if (!check_nargs("staticmethod", nargs, 2, 2))
        return V_NULL;
    Wrapper *w = gc_alloc((Type *)args[0], sizeof(Wrapper));
    if (!w)
        return V_NULL;
    w->f = args[1];
    return (Val)w;
}

static Val super_make(Val *args, int nargs, Val kw)
{
    (void)kw;
    if (nargs != 3)
        return raise(e_RuntimeError, "super(): no arguments");
    if (!IS_PTR(args[1]) || type_of(args[1])->kind != K_TYPE)
        return raise(e_TypeError, "super() argument 1 must be a type, not %s", type_name(args[1]));
    Super *s = gc_alloc(kr_types[K_SUPER], sizeof(Super));
    if (!s)
        return V_NULL;
    s->type = (Type *)args[1];
    s->obj = args[2];
    return (Val)s;
}

Val super_getattr(Val sv, Val name)
{
    Super *s = (Super *)sv;
    Type *start = s->type->base;
    bool is_cls = IS_PTR(s->obj) && type_of(s->obj)->kind == K_TYPE;
    Type *owner = is_cls ? (Type *)s->obj : type_of(s->obj);
    Val d = start ? type_lookup(start, name) : V_NULL;
    if (!d) {
        if (name_is(name, "__class__"))
            return (Val)kr_types[K_SUPER];
        return raise(e_AttributeError, "'super' object has no attribute '%s'", CSTR(name));
    }
    if (is_cls) {
        if (IS_PTR(d)) {
            uint32_t k = AS_OBJ(d)->type->kind;
            if (k == K_CLASSM) return bound_new(s->obj, ((Wrapper *)d)->f);
            if (k == K_STATICM) return ((Wrapper *)d)->f;
            if (k == K_NATIVE && (((Native *)d)->flags & NF_CLASSMETHOD)) return bound_new(s->obj, d);
        }
        return d;
    }
    return bind_descriptor(d, s->obj, owner);
}

static Val type_make(Val *args, int nargs, Val kw)
{
    return type_call(kr_types[K_TYPE], args + 1, nargs - 1, kw);
}

METHOD(type_mro) { (void)nargs; (void)kw; Val t = mro_tuple((Type *)args[0]); return t ? seq_to_list(t) : V_NULL; }
METHOD(type_subclasses) { (void)args; (void)nargs; (void)kw; return list_new(0); }

static const struct { int kind; const char *name; int base; } builtin_types[] = {
    {K_NONE, "NoneType", K_OBJECT}, {K_INT, "int", K_OBJECT}, {K_BOOL, "bool", K_INT},
    {K_FLOAT, "float", K_OBJECT}, {K_STR, "str", K_OBJECT}, {K_BYTES, "bytes", K_OBJECT},
    {K_BYTEARRAY, "bytearray", K_OBJECT}, {K_MEMVIEW, "memoryview", K_OBJECT},
    {K_TUPLE, "tuple", K_OBJECT}, {K_LIST, "list", K_OBJECT}, {K_DICT, "dict", K_OBJECT},
    {K_SET, "set", K_OBJECT}, {K_FROZENSET, "frozenset", K_OBJECT}, {K_RANGE, "range", K_OBJECT},
    {K_SLICE, "slice", K_OBJECT}, {K_FUNC, "function", K_OBJECT},
    {K_NATIVE, "builtin_function_or_method", K_OBJECT}, {K_BOUND, "method", K_OBJECT},
    {K_CODE, "code", K_OBJECT}, {K_CELL, "cell", K_OBJECT}, {K_MODULE, "module", K_OBJECT},
    {K_EXC, "BaseException", K_OBJECT}, {K_GEN, "generator", K_OBJECT},
    {K_PROPERTY, "property", K_OBJECT}, {K_STATICM, "staticmethod", K_OBJECT},
    {K_CLASSM, "classmethod", K_OBJECT}, {K_SUPER, "super", K_OBJECT},
    {K_ITER, "tuple_iterator", K_OBJECT}, {K_DICTVIEW, "dict_keys", K_OBJECT},
    {K_ELLIPSIS, "ellipsis", K_OBJECT}, {K_NOTIMPL, "NotImplementedType", K_OBJECT},
    {K_RAW, "raw", K_OBJECT}, {K_RAWVALS, "rawvals", K_OBJECT}, {K_FRAME, "frame", K_OBJECT},
};

void types_init(void)
{
    /* `type` and `object` first, by hand: everything else needs them. */
    Type *tt = gc_alloc(NULL, sizeof(Type));
    tt->h.type = tt;
    tt->kind = K_TYPE;
    kr_types[K_TYPE] = tt;
    Type *ot = gc_alloc(tt, sizeof(Type));
    ot->kind = K_OBJECT;
    kr_types[K_OBJECT] = ot;
    kr_types[K_INSTANCE] = ot;
    tt->base = ot;
    /* raw/str/dict types are needed to make names and dicts */
    Type *raw = gc_alloc(tt, sizeof(Type));
    raw->kind = K_RAW;
    kr_types[K_RAW] = raw;
    Type *rawv = gc_alloc(tt, sizeof(Type));
    rawv->kind = K_RAWVALS;
    kr_types[K_RAWVALS] = rawv;
    Type *st = gc_alloc(tt, sizeof(Type));
    st->kind = K_STR;
    kr_types[K_STR] = st;
    Type *dt = gc_alloc(tt, sizeof(Type));
    dt->kind = K_DICT;
    kr_types[K_DICT] = dt;
    str_init();
    Val bname = str_intern_c("builtins");
    Type *early[] = {tt, ot, raw, rawv, st, dt};
    const char *early_names[] = {"type", "object", "raw", "rawvals", "str", "dict"};
    for (int i = 0; i < 6; i++) {
        early[i]->name = str_intern_c(early_names[i]);
        type_set_dict(early[i], dict_new());
        early[i]->module = bname;
        early[i]->flags = TF_BASETYPE;
        if (early[i] != ot)
            early[i]->base = ot;
    }
    for (size_t i = 0; i < sizeof builtin_types / sizeof builtin_types[0]; i++) {
        int k = builtin_types[i].kind;
        if (kr_types[k])
            continue;
        kr_types[k] = type_new_builtin(builtin_types[i].name, kr_types[builtin_types[i].base], (uint32_t)k);
    }
    kr_types[K_EXC]->flags |= TF_EXC;
    kr_types[K_BOOL]->flags &= ~TF_BASETYPE;
    t_dict_keys = kr_types[K_DICTVIEW];
    t_dict_values = type_new_builtin("dict_values", ot, K_DICTVIEW);
    t_dict_items = type_new_builtin("dict_items", ot, K_DICTVIEW);
    gc_add_root((Val *)&t_dict_values);
    gc_add_root((Val *)&t_dict_items);

    type_add_static(ot, "__new__", object_new);
    type_add_method(ot, "__init__", object_init);
    type_add_method(ot, "__repr__", object_repr);
    type_add_method(ot, "__str__", object_str);
    type_add_method(ot, "__eq__", object_eq);
    type_add_method(ot, "__ne__", object_ne);
    type_add_method(ot, "__hash__", object_hash);
    type_add_method(ot, "__setattr__", object_setattr);
    type_add_method(ot, "__delattr__", object_delattr);
    type_add_method(ot, "__getattribute__", object_getattribute);
    type_add_method(ot, "__format__", object_format);
    type_add_classmethod(ot, "__init_subclass__", object_init_subclass);
    type_add_static(tt, "__new__", type_make);
    type_add_method(tt, "mro", type_mro);
    type_add_method(tt, "__subclasses__", type_subclasses);
    Type *pt = kr_types[K_PROPERTY];
    type_add_static(pt, "__new__", property_make);
    type_add_method(pt, "getter", prop_getter);
    type_add_method(pt, "setter", prop_setter);
    type_add_method(pt, "deleter", prop_deleter);
    type_add_method(pt, "__get__", prop_get);
    type_add_method(pt, "__set__", prop_set);
    type_add_static(kr_types[K_STATICM], "__new__", wrapper_make);
    type_add_static(kr_types[K_CLASSM], "__new__", wrapper_make);
    type_add_static(kr_types[K_SUPER], "__new__", super_make);
}
