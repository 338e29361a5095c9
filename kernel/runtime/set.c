/* set/frozenset: the open-addressing table of CPython's setobject (linear
 * probes then perturbation), so that iteration order matches CPython. */
#include "obj.h"

#define METHOD(n) static Val n(Val *args, int nargs, Val kw)
#define MINSIZE 8
#define LINEAR_PROBES 9
#define DUMMY ((Val)0x16)   /* an immediate no object uses */

static inline SetEntry *table(Set *s) { return (SetEntry *)s->table->d; }

static bool alloc_table(Set *s, size_t size)
{
    Raw *r = gc_alloc_raw(size * sizeof(SetEntry));
    if (!r)
        return false;
    memset(r->d, 0, size * sizeof(SetEntry));
    s->table = r;
    s->mask = size - 1;
    return true;
}

Val set_new(Type *t)
{
    Set *s = gc_alloc(t, sizeof(Set));
    if (!s || !alloc_table(s, MINSIZE))
        return V_NULL;
    s->hash = -1;
    return (Val)s;
}

static inline int64_t hkey(Val k, bool *ok)
{
    *ok = true;
    if (IS_INT(k))
        return int_hash(k);
    return hash_of(k, ok);
}

static void insert_clean(SetEntry *t, size_t mask, Val key, int64_t hash)
{
    uint64_t perturb = (uint64_t)hash;
    size_t i = (size_t)hash & mask;
    SetEntry *e;
    for (;;) {
        e = &t[i];
        if (!e->key)
            goto found;
        if (i + LINEAR_PROBES <= mask) {
            for (size_t j = 0; j < LINEAR_PROBES; j++) {
                e++;
                if (!e->key)
                    goto found;
            }
        }
        perturb >>= 5;
        i = (i * 5 + 1 + (size_t)perturb) & mask;
    }
found:
    e->key = key;
    e->hash = hash;
}

static bool table_resize(Set *s, size_t minused)
{
    size_t newsize = MINSIZE;
    while (newsize <= minused)
        newsize <<= 1;
    Raw *old = s->table;
    size_t oldmask = s->mask;
    if (!alloc_table(s, newsize))
        return false;
    SetEntry *ot = (SetEntry *)old->d;
    for (size_t i = 0; i <= oldmask; i++)
        if (ot[i].key && ot[i].key != DUMMY)
            insert_clean(table(s), s->mask, ot[i].key, ot[i].hash);
    s->fill = s->used;
    return true;
}

static int eqk(Val a, Val b)
{
    if (IS_PTR(a) && IS_PTR(b) && AS_OBJ(a)->type == kr_types[K_STR] && AS_OBJ(b)->type == kr_types[K_STR])
        return str_eq(a, b);
    return eq(a, b);
}

static bool add_entry(Set *s, Val key, int64_t hash)
{
restart:;
    size_t mask = s->mask;
    size_t i = (size_t)hash & mask;
    SetEntry *freeslot = NULL;
    uint64_t perturb = (uint64_t)hash;
    for (;;) {
        SetEntry *e = &table(s)[i];
        size_t probes = (i + LINEAR_PROBES <= mask) ? LINEAR_PROBES : 0;
        do {
            if (e->hash == 0 && e->key == 0) {
                if (freeslot) {
                    s->used++;
                    freeslot->key = key;
                    freeslot->hash = hash;
                    return true;
                }
                s->fill++;
                s->used++;
                e->key = key;
                e->hash = hash;
                if (s->fill * 5 < mask * 3)
                    return true;
                return table_resize(s, s->used > 50000 ? s->used * 2 : s->used * 4);
            }
            if (e->hash == hash && e->key != DUMMY) {
                if (e->key == key)
                    return true;
                Raw *t0 = s->table;
                int c = eqk(e->key, key);
                if (c < 0)
                    return false;
                if (t0 != s->table || s->mask != mask)
                    goto restart;
                if (c)
                    return true;
            } else if (e->key == DUMMY && !freeslot)
                freeslot = e;
            e++;
        } while (probes--);
        perturb >>= 5;
        i = (i * 5 + 1 + (size_t)perturb) & mask;
    }
}

static SetEntry *find_entry(Set *s, Val key, int64_t hash, bool *err)
{
    *err = false;
restart:;
    size_t mask = s->mask;
    size_t i = (size_t)hash & mask;
    uint64_t perturb = (uint64_t)hash;
    for (;;) {
        SetEntry *e = &table(s)[i];
        size_t probes = (i + LINEAR_PROBES <= mask) ? LINEAR_PROBES : 0;
        do {
            if (e->hash == 0 && e->key == 0)
                return NULL;
            if (e->hash == hash && e->key != DUMMY) {
                if (e->key == key)
                    return e;
                Raw *t0 = s->table;
                int c = eqk(e->key, key);
                if (c < 0) {
                    *err = true;
                    return NULL;
                }
                if (t0 != s->table || s->mask != mask)
                    goto restart;
                if (c)
                    return e;
            }
            e++;
        } while (probes--);
        perturb >>= 5;
        i = (i * 5 + 1 + (size_t)perturb) & mask;
    }
}

static bool is_setlike(Val v)
{
    if (!IS_PTR(v))
        return false;
    uint32_t k = type_of(v)->kind;
    return k == K_SET || k == K_FROZENSET;
}

int set_contains(Val sv, Val key)
{
    bool ok, err;
    int64_t h = hkey(key, &ok);
    if (!ok) {
        if (is_setlike(key) && exc_pending_is(e_TypeError)) {
            /* a set is looked up as the equal frozenset */
            exc_clear();
            Val f = set_from(kr_types[K_FROZENSET], key);
            if (!f)
                return -1;
            return set_contains(sv, f);
        }
        return -1;
    }
    SetEntry *e = find_entry((Set *)sv, key, h, &err);
    if (err)
        return -1;
    return e != NULL;
}

bool set_add(Val sv, Val key)
{
    bool ok;
    int64_t h = hkey(key, &ok);
    if (!ok)
        return false;
    return add_entry((Set *)sv, key, h);
}

int set_discard(Val sv, Val key)
{
    bool ok, err;
    int64_t h = hkey(key, &ok);
    if (!ok)
        return -1;
    SetEntry *e = find_entry((Set *)sv, key, h, &err);
    if (err)
        return -1;
    if (!e)
        return 0;
    e->key = DUMMY;
    e->hash = -1;
    ((Set *)sv)->used--;
    return 1;
}

bool set_next(Val sv, size_t *pos, Val *key)
{
    Set *s = (Set *)sv;
    while (*pos <= s->mask) {
        SetEntry *e = &table(s)[(*pos)++];
        if (e->key && e->key != DUMMY) {
            *key = e->key;
            return true;
        }
    }
    return false;
}

static bool set_merge(Set *so, Set *other)
{
    if (other->used == 0)
        return true;
    if ((so->fill + other->used) * 5 >= so->mask * 3)
        if (!table_resize(so, (so->used + other->used) * 2))
            return false;
    SetEntry *ot = table(other);
    if (so->fill == 0 && so->mask == other->mask && other->fill == other->used) {
        SetEntry *t = table(so);
        for (size_t i = 0; i <= other->mask; i++)
            if (ot[i].key && ot[i].key != DUMMY)
                t[i] = ot[i];
        so->fill = other->fill;
        so->used = other->used;
        return true;
    }
    if (so->fill == 0) {
        for (size_t i = 0; i <= other->mask; i++)
            if (ot[i].key && ot[i].key != DUMMY)
                insert_clean(table(so), so->mask, ot[i].key, ot[i].hash);
        so->fill = so->used = other->used;
        return true;
    }
    for (size_t i = 0; i <= other->mask; i++)
        if (ot[i].key && ot[i].key != DUMMY)
            if (!add_entry(so, ot[i].key, ot[i].hash))
                return false;
    return true;
}

bool set_update(Val sv, Val iterable)
{
    if (is_setlike(iterable))
        return set_merge((Set *)sv, (Set *)iterable);
    if (IS_PTR(iterable) && type_of(iterable)->kind == K_DICT) {
        size_t pos = 0;
        Val k;
        while (dict_next(iterable, &pos, &k, NULL))
            if (!set_add(sv, k))
                return false;
        return true;
    }
    Val it = get_iter(iterable);
    if (!it)
        return false;
    Val x;
    while ((x = iter_next(it)))
        if (!set_add(sv, x))
            return false;
    return !TS->cur_exc;
}

Val set_from(Type *t, Val iterable)
{
    Val s = set_new(t);
    if (!s || (iterable && !set_update(s, iterable)))
        return V_NULL;
    return s;
}

static Set *S(Val v) { return (Set *)v; }

static Val set_make(Val *args, int nargs, Val kw)
{
    (void)kw;
    Type *t = (Type *)args[0];
    if (nargs > 2)
        return raise(e_TypeError, "%s expected at most 1 argument, got %d", CSTR(t->name), nargs - 1);
    if (t->kind == K_FROZENSET && nargs == 2 && IS_PTR(args[1]) && AS_OBJ(args[1])->type == kr_types[K_FROZENSET] && t == kr_types[K_FROZENSET])
        return args[1];
    return set_from(t, nargs > 1 ? args[1] : V_NULL);
}

static Val copy_of(Val s, Type *t)
{
    Val r = set_new(t);
    if (!r || !set_merge(S(r), S(s)))
        return V_NULL;
    return r;
}

static Val as_set(Val v)
{
    if (is_setlike(v))
        return v;
    return set_from(kr_types[K_SET], v);
}

METHOD(s_add) { (void)kw; if (!check_nargs("add", nargs, 2, 2)) return V_NULL; return set_add(args[0], args[1]) ? V_NONE : V_NULL; }

METHOD(s_discard)
{
    (void)kw;
    if (!check_nargs("discard", nargs, 2, 2))
        return V_NULL;
    return set_discard(args[0], args[1]) < 0 ? V_NULL : V_NONE;
}

METHOD(s_remove)
{
    (void)kw;
    if (!check_nargs("remove", nargs, 2, 2))
        return V_NULL;
    int r = set_discard(args[0], args[1]);
    if (r < 0)
        return V_NULL;
    if (r == 0)
        return raise_val(exc_new(e_KeyError, tuple_pack(1, args[1])));
    return V_NONE;
}

METHOD(s_pop)
{
    (void)kw; (void)nargs;
    Set *s = S(args[0]);
    if (s->used == 0)
        return raise(e_KeyError, "pop from an empty set");
    size_t pos = 0;
    Val k = V_NONE;
    set_next(args[0], &pos, &k);
    set_discard(args[0], k);
    return k;
}

METHOD(s_clear) { (void)kw; (void)nargs; Set *s = S(args[0]); if (!alloc_table(s, MINSIZE)) return V_NULL; s->fill = s->used = 0; return V_NONE; }
METHOD(s_copy) { (void)kw; (void)nargs; return copy_of(args[0], type_of(args[0])); }

METHOD(s_update)
{
    (void)kw;
    for (int i = 1; i < nargs; i++)
        if (!set_update(args[0], args[i]))
            return V_NULL;
    return V_NONE;
}

Val set_union(Val a, Val b)
{
    Val r = copy_of(a, type_of(a)->kind == K_FROZENSET ? kr_types[K_FROZENSET] : kr_types[K_SET]);
    if (!r || !set_update(r, b))
        return V_NULL;
    return r;
}

Val set_intersection(Val a, Val b)
{
    Type *t = type_of(a)->kind == K_FROZENSET ? kr_types[K_FROZENSET] : kr_types[K_SET];
    Val r = set_new(t);
    if (!r)
        return V_NULL;
    if (is_setlike(b)) {
        Val small = a, big = b;
        if (S(b)->used < S(a)->used) { small = b; big = a; }
        size_t pos = 0;
        Val k;
        while (set_next(small, &pos, &k)) {
            int c = set_contains(big, k);
            if (c < 0 || (c && !set_add(r, k)))
                return V_NULL;
        }
        return r;
    }
    Val it = get_iter(b);
    if (!it)
        return V_NULL;
    Val k;
    while ((k = iter_next(it))) {
        int c = set_contains(a, k);
        if (c < 0 || (c && !set_add(r, k)))
            return V_NULL;
    }
    return TS->cur_exc ? V_NULL : r;
}

Val set_difference(Val a, Val b)
{
    Type *t = type_of(a)->kind == K_FROZENSET ? kr_types[K_FROZENSET] : kr_types[K_SET];
    Val bs = as_set(b);
    if (!bs)
        return V_NULL;
    Val r = set_new(t);
    if (!r)
        return V_NULL;
    size_t pos = 0;
    Val k;
    while (set_next(a, &pos, &k)) {
        int c = set_contains(bs, k);
        if (c < 0 || (!c && !set_add(r, k)))
            return V_NULL;
    }
    return r;
}

Val set_symdiff(Val a, Val b)
{
    Val bs = as_set(b);
    if (!bs)
        return V_NULL;
    Val r = copy_of(a, type_of(a)->kind == K_FROZENSET ? kr_types[K_FROZENSET] : kr_types[K_SET]);
    if (!r)
        return V_NULL;
    size_t pos = 0;
    Val k;
    while (set_next(bs, &pos, &k)) {
        int c = set_discard(r, k);
        if (c < 0)
            return V_NULL;
        if (c == 0 && !set_add(r, k))
            return V_NULL;
    }
    return r;
}

static Val fold(Val *args, int nargs, Val (*f)(Val, Val))
{
    Val r = args[0];
    if (nargs == 1)
        return copy_of(r, type_of(r)->kind == K_FROZENSET ? kr_types[K_FROZENSET] : kr_types[K_SET]);
    for (int i = 1; i < nargs; i++) {
        r = f(r, args[i]);
        if (!r)
            return V_NULL;
    }
    return r;
}

METHOD(s_union) { (void)kw; return fold(args, nargs, set_union); }
METHOD(s_intersection) { (void)kw; return fold(args, nargs, set_intersection); }
METHOD(s_difference) { (void)kw; return fold(args, nargs, set_difference); }
METHOD(s_symdiff) { (void)kw; if (!check_nargs("symmetric_difference", nargs, 2, 2)) return V_NULL; return set_symdiff(args[0], args[1]); }

static Val replace_contents(Val s, Val r)
{
    if (!r)
        return V_NULL;
    Set *d = S(s), *src = S(r);
    d->table = src->table;
    d->mask = src->mask;
    d->fill = src->fill;
    d->used = src->used;
    return V_NONE;
}

METHOD(s_intersection_update) { (void)kw; return replace_contents(args[0], fold(args, nargs, set_intersection)); }
METHOD(s_difference_update) { (void)kw; return replace_contents(args[0], fold(args, nargs, set_difference)); }
METHOD(s_symdiff_update) { (void)kw; (void)nargs; return replace_contents(args[0], set_symdiff(args[0], args[1])); }

int set_issubset(Val a, Val b)
{
    if (S(a)->used > S(b)->used)
        return 0;
    size_t pos = 0;
    Val k;
    while (set_next(a, &pos, &k)) {
        int c = set_contains(b, k);
        if (c <= 0)
            return c;
    }
    return 1;
}

METHOD(s_issubset)
{
    (void)kw; (void)nargs;
    Val b = as_set(args[1]);
    if (!b) return V_NULL;
    int r = set_issubset(args[0], b);
    return r < 0 ? V_NULL : MK_BOOL(r);
}

METHOD(s_issuperset)
{
    (void)kw; (void)nargs;
    Val b = as_set(args[1]);
    if (!b) return V_NULL;
    int r = set_issubset(b, args[0]);
    return r < 0 ? V_NULL : MK_BOOL(r);
}

METHOD(s_isdisjoint)
{
    (void)kw; (void)nargs;
    Val b = as_set(args[1]);
    if (!b) return V_NULL;
    size_t pos = 0;
    Val k;
    while (set_next(args[0], &pos, &k)) {
        int c = set_contains(b, k);
        if (c < 0) return V_NULL;
        if (c) return V_FALSE;
    }
    return V_TRUE;
}

void set_init(void)
{
    for (int i = 0; i < 2; i++) {
        Type *t = kr_types[i == 0 ? K_SET : K_FROZENSET];
        type_add_static(t, "__new__", set_make);
        type_add_method(t, "copy", s_copy);
        type_add_method(t, "union", s_union);
        type_add_method(t, "intersection", s_intersection);
        type_add_method(t, "difference", s_difference);
        type_add_method(t, "symmetric_difference", s_symdiff);
        type_add_method(t, "issubset", s_issubset);
        type_add_method(t, "issuperset", s_issuperset);
        type_add_method(t, "isdisjoint", s_isdisjoint);
    }
    Type *t = kr_types[K_SET];
    type_add_method(t, "add", s_add);
    type_add_method(t, "discard", s_discard);
    type_add_method(t, "remove", s_remove);
    type_add_method(t, "pop", s_pop);
    type_add_method(t, "clear", s_clear);
    type_add_method(t, "update", s_update);
    type_add_method(t, "intersection_update", s_intersection_update);
    type_add_method(t, "difference_update", s_difference_update);
    type_add_method(t, "symmetric_difference_update", s_symdiff_update);
}
