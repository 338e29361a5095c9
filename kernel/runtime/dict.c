/* dict: insertion-ordered hash table (dense entries + sparse int32 index). */
#include "obj.h"

#define METHOD(n) static Val n(Val *args, int nargs, Val kw)
#define EMPTY (-1)
#define DELETED (-2)

static inline DictEntry *entries(Dict *d) { return (DictEntry *)d->entries->d; }
static inline int32_t *indices(Dict *d) { return (int32_t *)d->index->d; }

/* Source of keys-version tags. Every tag is used once, by one dict, so a cache holding a tag
 * can never match another dict, even one later allocated at the same address. */
static uint64_t keys_clock;

/* The set of keys or their entry positions changed (insert, delete, new tables): caches that
 * remember where a key lives in d, or that it is absent, no longer hold. */
static inline void keys_changed(Dict *d)
{
    d->keys_version = ++keys_clock;
    if (d->h.flags & OF_TYPEDICT)
        type_attr_epoch++;
}

/* Only a value changed: caches of entry positions still hold, caches of class attributes not. */
static inline void value_changed(Dict *d)
{
    if (d->h.flags & OF_TYPEDICT)
        type_attr_epoch++;
}

static bool dict_alloc_tables(Dict *d, size_t isize)
{
    size_t ecap = isize * 2 / 3;
    if (ecap < 1) ecap = 1;
    Raw *idx = gc_alloc_raw(isize * sizeof(int32_t));
    if (!idx)
        return false;
    Raw *ent = gc_alloc_raw(ecap * sizeof(DictEntry));
    if (!ent)
        return false;
    memset(idx->d, 0xff, isize * sizeof(int32_t));
    d->index = idx;
    d->entries = ent;
    d->isize = isize;
    d->ecap = ecap;
    keys_changed(d);
    return true;
}

#define MIN_INDEX_SIZE 8

/* Index table size that holds n entries (entries capacity is 2/3 of it). */
static size_t index_size_for(size_t n)
{
    size_t isize = MIN_INDEX_SIZE;
    while (isize * 2 / 3 < n)
        isize <<= 1;
    return isize;
}

Val dict_new_sized(size_t n)
{
    Dict *d = gc_alloc(kr_types[K_DICT], sizeof(Dict));
    if (!d || !dict_alloc_tables(d, index_size_for(n)))
        return V_NULL;
    return (Val)d;
}

Val dict_new(void) { return dict_new_sized(0); }

static inline int64_t key_hash(Val k, bool *ok)
{
    *ok = true;
    if (IS_INT(k))
        return int_hash(k);
    if (IS_PTR(k) && AS_OBJ(k)->type == kr_types[K_STR])
        return str_hash(k);
    return hash_of(k, ok);
}

static inline int key_eq(Val a, Val b)
{
    if (a == b)
        return 1;
    if (IS_PTR(a) && IS_PTR(b) && AS_OBJ(a)->type == kr_types[K_STR] && AS_OBJ(b)->type == kr_types[K_STR])
        return str_eq(a, b);
    if (IS_INT(a) && IS_INT(b))
        return 0;
    return eq(a, b);
}

/* Index slot for key: >= 0 entry index found; otherwise -1 and *slot = free slot. -2 error. */
static intptr_t lookup(Dict *d, Val key, int64_t h, size_t *slot)
{
    size_t mask = d->isize - 1;
    size_t i = (size_t)h & mask;
    uint64_t perturb = (uint64_t)h;
    size_t freeslot = (size_t)-1;
    for (;;) {
        int32_t ix = indices(d)[i];
        if (ix == EMPTY) {
            if (slot)
                *slot = freeslot != (size_t)-1 ? freeslot : i;
            return -1;
        }
        if (ix == DELETED) {
            if (freeslot == (size_t)-1)
                freeslot = i;
        } else {
            DictEntry *e = &entries(d)[ix];
            if (e->key == key)
                return ix;
            if (e->hash == h) {
                Raw *before = d->entries;
                int c = key_eq(e->key, key);
                if (c < 0)
                    return -2;
                if (d->entries != before)
                    return lookup(d, key, h, slot);
                if (c)
                    return ix;
            }
        }
        perturb >>= 5;
        i = (i * 5 + 1 + (size_t)perturb) & mask;
    }
}

static bool dict_resize(Dict *d, size_t minused)
{
    size_t isize = 8;
    while (isize * 2 / 3 <= minused)
        isize <<= 1;
    Raw *oe = d->entries;
    size_t on = d->nentries;
    if (!dict_alloc_tables(d, isize)) {
        return false;
    }
    DictEntry *src = (DictEntry *)oe->d, *dst = entries(d);
    size_t n = 0;
    size_t mask = isize - 1;
    for (size_t i = 0; i < on; i++) {
        if (!src[i].key)
            continue;
        dst[n] = src[i];
        size_t j = (size_t)src[i].hash & mask;
        uint64_t perturb = (uint64_t)src[i].hash;
        while (indices(d)[j] != EMPTY) {
            perturb >>= 5;
            j = (j * 5 + 1 + (size_t)perturb) & mask;
        }
        indices(d)[j] = (int32_t)n;
        n++;
    }
    d->nentries = n;
    return true;
}

Val dict_get(Val dv, Val key)
{
    Dict *d = DICT(dv);
    bool ok;
    int64_t h = key_hash(key, &ok);
    if (!ok)
        return V_NULL;
    intptr_t ix = lookup(d, key, h, NULL);
    if (ix < 0)
        return V_NULL;
    return entries(d)[ix].value;
}

static inline __attribute__((always_inline)) intptr_t index_str(Dict *d, Val key)
{
    int64_t h = STR(key)->hash;
    if (h == -1)
        h = str_hash(key);
    size_t mask = d->isize - 1;
    size_t i = (size_t)h & mask;
    uint64_t perturb = (uint64_t)h;
    for (;;) {
        int32_t ix = indices(d)[i];
        if (ix == EMPTY)
            return -1;
        if (ix >= 0) {
            DictEntry *e = &entries(d)[ix];
            if (e->key == key)
                return ix;
            if (e->hash == h && IS_PTR(e->key) && AS_OBJ(e->key)->type == kr_types[K_STR] && str_eq(e->key, key))
                return ix;
        }
        perturb >>= 5;
        i = (i * 5 + 1 + (size_t)perturb) & mask;
    }
}

intptr_t dict_index_str(Val d, Val key) { return index_str(DICT(d), key); }

Val dict_get_str(Val dv, Val key)
{
    intptr_t ix = index_str(DICT(dv), key);
    return ix < 0 ? V_NULL : entries(DICT(dv))[ix].value;
}

Val dict_get_cstr(Val d, const char *key)
{
    Val k = str_from_cstr(key);
    return k ? dict_get(d, k) : V_NULL;
}

/* Store key: value in d; the entry index used, or -1 with an exception raised. */
static intptr_t set_item(Dict *d, Val key, Val value)
{
    if (!value || !key)
        return -1;
    bool ok;
    int64_t h = key_hash(key, &ok);
    if (!ok)
        return -1;
    size_t slot;
    intptr_t ix = lookup(d, key, h, &slot);
    if (ix == -2)
        return -1;
    if (ix >= 0) {
        entries(d)[ix].value = value;
        value_changed(d);
        return ix;
    }
    if (d->nentries >= d->ecap) {
        if (!dict_resize(d, d->used + 1))
            return -1;
        lookup(d, key, h, &slot);
    }
    ix = (intptr_t)d->nentries;
    DictEntry *e = &entries(d)[ix];
    e->key = key;
    e->value = value;
    e->hash = h;
    indices(d)[slot] = (int32_t)ix;
    d->nentries++;
    d->used++;
    keys_changed(d);
    return ix;
}

bool dict_set(Val dv, Val key, Val value)
{
    return set_item(DICT(dv), key, value) >= 0;
}

bool dict_set_hinted_slow(Val dv, Val key, Val value, uint32_t *hint)
{
    Dict *d = DICT(dv);
    uint32_t i = *hint;
    if (i < d->nentries && entries(d)[i].key == key && value) {
        entries(d)[i].value = value;
        value_changed(d);
        return true;
    }
    intptr_t ix = set_item(d, key, value);
    if (ix < 0)
        return false;
    *hint = (uint32_t)ix;
    return true;
}

/* d[key] = value for an exact str key: an existing key is found by the str probe alone. */
bool dict_set_str(Val dv, Val key, Val value)
{
    Dict *d = DICT(dv);
    intptr_t ix = index_str(d, key);
    if (ix >= 0 && value) {
        entries(d)[ix].value = value;
        value_changed(d);
        return true;
    }
    return set_item(d, key, value) >= 0;
}

bool dict_set_cstr(Val d, const char *key, Val v)
{
    Val k = str_intern_c(key);
    return k && dict_set(d, k, v);
}

int dict_del(Val dv, Val key)
{
    Dict *d = DICT(dv);
    bool ok;
    int64_t h = key_hash(key, &ok);
    if (!ok)
        return -1;
    size_t mask = d->isize - 1;
    size_t i = (size_t)h & mask;
    uint64_t perturb = (uint64_t)h;
    for (;;) {
        int32_t ix = indices(d)[i];
        if (ix == EMPTY)
            return 0;
        if (ix >= 0) {
            DictEntry *e = &entries(d)[ix];
            int c = e->key == key ? 1 : (e->hash == h ? key_eq(e->key, key) : 0);
            if (c < 0)
                return -1;
            if (c) {
                indices(d)[i] = DELETED;
                e->key = 0;
                e->value = 0;
                d->used--;
                keys_changed(d);
                return 1;
            }
        }
        perturb >>= 5;
        i = (i * 5 + 1 + (size_t)perturb) & mask;
    }
}

bool dict_next(Val dv, size_t *pos, Val *k, Val *v)
{
    Dict *d = DICT(dv);
    while (*pos < d->nentries) {
        DictEntry *e = &entries(d)[(*pos)++];
        if (e->key) {
            if (k) *k = e->key;
            if (v) *v = e->value;
            return true;
        }
    }
    return false;
}

bool dict_update(Val d, Val other)
{
    if (IS_PTR(other) && type_of(other)->kind == K_DICT) {
        size_t pos = 0;
        Val k, v;
        while (dict_next(other, &pos, &k, &v))
            if (!dict_set(d, k, v))
                return false;
        return true;
    }
    Val keys = getattr_opt(other, str_intern_c("keys"));
    if (keys) {
        Val ks = call0(keys);
        if (!ks)
            return false;
        Val it = get_iter(ks);
        if (!it)
            return false;
        Val k;
        while ((k = iter_next(it))) {
            Val v = getitem(other, k);
            if (!v || !dict_set(d, k, v))
                return false;
        }
        return !TS->cur_exc;
    }
    if (TS->cur_exc)
        exc_clear();
    Val it = get_iter(other);
    if (!it)
        return false;
    Val item;
    intptr_t n = 0;
    while ((item = iter_next(it))) {
        Val *kv;
        size_t len;
        Val seq = item;
        if (!seq_items(seq, &kv, &len)) {
            seq = seq_to_tuple(item);
            if (!seq) {
                exc_clear();
                return raise(e_TypeError, "cannot convert dictionary update sequence element #%d to a sequence", (int)n), false;
            }
            seq_items(seq, &kv, &len);
        }
        if (len != 2)
            return raise(e_ValueError, "dictionary update sequence element #%d has length %d; 2 is required", (int)n, (int)len), false;
        if (!dict_set(d, kv[0], kv[1]))
            return false;
        n++;
    }
    return !TS->cur_exc;
}

Val dict_copy(Val d)
{
    Val r = dict_new();
    if (!r || !dict_update(r, d))
        return V_NULL;
    return r;
}

/* ---- methods ---- */

static Val dict_make(Val *args, int nargs, Val kw)
{
    Type *t = (Type *)args[0];
    Val d;
    if (t == kr_types[K_DICT])
        d = dict_new();
    else {
        d = dict_new();
        if (d)
            AS_OBJ(d)->type = t;
    }
    if (!d)
        return V_NULL;
    if (nargs > 2)
        return raise(e_TypeError, "dict expected at most 1 argument, got %d", nargs - 1);
    if (nargs == 2 && !dict_update(d, args[1]))
        return V_NULL;
    int nk = KW_COUNT(kw);
    for (int i = 0; i < nk; i++)
        if (!dict_set(d, TUP(kw)->items[i], args[nargs + i]))
            return V_NULL;
    return d;
}

METHOD(d_get)
{
    (void)kw;
    if (!check_nargs("get", nargs, 2, 3))
        return V_NULL;
    Val v = dict_get(args[0], args[1]);
    if (v)
        return v;
    if (TS->cur_exc)
        return V_NULL;
    return nargs > 2 ? args[2] : V_NONE;
}

METHOD(d_setdefault)
{
    (void)kw;
    if (!check_nargs("setdefault", nargs, 2, 3))
        return V_NULL;
    Val v = dict_get(args[0], args[1]);
    if (v)
        return v;
    if (TS->cur_exc)
        return V_NULL;
    v = nargs > 2 ? args[2] : V_NONE;
    return dict_set(args[0], args[1], v) ? v : V_NULL;
}

METHOD(d_pop)
{
    (void)kw;
    if (!check_nargs("pop", nargs, 2, 3))
        return V_NULL;
    Val v = dict_get(args[0], args[1]);
    if (!v) {
        if (TS->cur_exc)
            return V_NULL;
        if (nargs > 2)
            return args[2];
        return raise_val(exc_new(e_KeyError, tuple_pack(1, args[1])));
    }
    if (dict_del(args[0], args[1]) < 0)
        return V_NULL;
    return v;
}

METHOD(d_popitem)
{
    (void)kw; (void)nargs;
    Dict *d = DICT(args[0]);
    for (size_t i = d->nentries; i-- > 0;) {
        DictEntry *e = &entries(d)[i];
        if (e->key) {
            Val k = e->key, v = e->value;
            dict_del(args[0], k);
            d->nentries = i;
            return tuple_pack(2, k, v);
        }
    }
    return raise(e_KeyError, "popitem(): dictionary is empty");
}

static Val view_new(Val d, int kind)
{
    Type *t = kind == IT_DICT_KEYS ? t_dict_keys : kind == IT_DICT_VALUES ? t_dict_values : t_dict_items;
    DictView *v = gc_alloc(t, sizeof(DictView));
    if (!v)
        return V_NULL;
    v->dict = d;
    v->kind = kind;
    return (Val)v;
}

METHOD(d_keys) { (void)kw; (void)nargs; return view_new(args[0], IT_DICT_KEYS); }
METHOD(d_values) { (void)kw; (void)nargs; return view_new(args[0], IT_DICT_VALUES); }
METHOD(d_items) { (void)kw; (void)nargs; return view_new(args[0], IT_DICT_ITEMS); }

METHOD(d_update)
{
    if (nargs > 2)
        return raise(e_TypeError, "update expected at most 1 argument, got %d", nargs - 1);
    if (nargs == 2 && !dict_update(args[0], args[1]))
        return V_NULL;
    int nk = KW_COUNT(kw);
    for (int i = 0; i < nk; i++)
        if (!dict_set(args[0], TUP(kw)->items[i], args[nargs + i]))
            return V_NULL;
    return V_NONE;
}

METHOD(d_clear)
{
    (void)kw; (void)nargs;
    Dict *d = DICT(args[0]);
    if (!dict_alloc_tables(d, 8))
        return V_NULL;
    d->used = d->nentries = 0;
    return V_NONE;
}

METHOD(d_copy) { (void)kw; (void)nargs; return dict_copy(args[0]); }

static Val d_fromkeys(Val *args, int nargs, Val kw)
{
    (void)kw;
    if (!check_nargs("fromkeys", nargs, 2, 3))
        return V_NULL;
    Val d = dict_new();
    Val v = nargs > 2 ? args[2] : V_NONE;
    Val it = d ? get_iter(args[1]) : V_NULL;
    if (!it)
        return V_NULL;
    Val k;
    while ((k = iter_next(it)))
        if (!dict_set(d, k, v))
            return V_NULL;
    return TS->cur_exc ? V_NULL : d;
}

void dict_init(void)
{
    Type *t = kr_types[K_DICT];
    type_add_static(t, "__new__", dict_make);
    type_add_method(t, "get", d_get);
    type_add_method(t, "setdefault", d_setdefault);
    type_add_method(t, "pop", d_pop);
    type_add_method(t, "popitem", d_popitem);
    type_add_method(t, "keys", d_keys);
    type_add_method(t, "values", d_values);
    type_add_method(t, "items", d_items);
    type_add_method(t, "update", d_update);
    type_add_method(t, "clear", d_clear);
    type_add_method(t, "copy", d_copy);
    type_add_classmethod(t, "fromkeys", d_fromkeys);
}
