/* str: immutable UTF-8 strings indexed by code point, interning, methods. */
#include "obj.h"

Val kr_chars[128];
Val kr_empty_str;
static Val intern_tab;      /* RawVals open-addressed table of interned strs */
static size_t intern_count;

#define METHOD(n) static Val n(Val *args, int nargs, Val kw)

static bool is_ascii(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if ((uint8_t)s[i] >= 0x80)
            return false;
    return true;
}

size_t utf8_count(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if (((uint8_t)s[i] & 0xC0) != 0x80)
            n++;
    return n;
}

static Val str_alloc(size_t len)
{
    Str *s = gc_alloc(kr_types[K_STR], sizeof(Str) + len + 1);
    if (!s)
        return V_NULL;
    s->hash = -1;
    s->len = (uint32_t)len;
    return (Val)s;
}

Val str_new(const char *p, size_t len)
{
    if (len == 0 && kr_empty_str)
        return kr_empty_str;
    if (len == 1 && (uint8_t)p[0] < 128 && kr_chars[(uint8_t)p[0]])
        return kr_chars[(uint8_t)p[0]];
    Val v = str_alloc(len);
    if (!v)
        return V_NULL;
    Str *s = STR(v);
    memcpy(s->s, p, len);
    s->s[len] = 0;
    s->nchars = is_ascii(p, len) ? (uint32_t)len : (uint32_t)utf8_count(p, len);
    return v;
}

Val str_from_cstr(const char *s) { return str_new(s, kstrlen(s)); }

int64_t str_hash_compute(Val v)
{
    Str *s = STR(v);
    uint64_t h = 0xcbf29ce484222325ull;
    for (uint32_t i = 0; i < s->len; i++) {
        h ^= (uint8_t)s->s[i];
        h *= 0x100000001b3ull;
    }
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 32;
    int64_t r = (int64_t)(h >> 1);
    if (r == -1)
        r = -2;
    s->hash = r;
    return r;
}

bool str_eq(Val a, Val b)
{
    if (a == b)
        return true;
    Str *x = STR(a), *y = STR(b);
    if (x->len != y->len)
        return false;
    if ((x->h.flags & y->h.flags & OF_INTERNED))
        return false;
    if (x->hash != -1 && y->hash != -1 && x->hash != y->hash)
        return false;
    return memcmp(x->s, y->s, x->len) == 0;
}

int str_cmp(Val a, Val b)
{
    Str *x = STR(a), *y = STR(b);
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->s, y->s, n);
    if (c)
        return c < 0 ? -1 : 1;
    return x->len < y->len ? -1 : x->len > y->len ? 1 : 0;
}

static bool intern_grow(void)
{
    RawVals *old = (RawVals *)intern_tab;
    size_t ncap = old ? old->cap * 2 : 1024;
    size_t size = 1;
    while (size < ncap)
        size <<= 1;
    RawVals *t = gc_alloc_vals(size);
    if (!t)
        return false;
    size_t mask = size - 1;
    for (size_t i = 0; i < size; i++)
        t->v[i] = 0;
    if (old) {
        size_t om = 1;
        while (om * 2 <= old->cap)
            om *= 2;
        for (size_t i = 0; i < om; i++) {
            Val s = old->v[i];
            if (!s)
                continue;
            size_t j = (size_t)str_hash(s) & mask;
            while (t->v[j])
                j = (j + 1) & mask;
            t->v[j] = s;
        }
    }
    t->cap = size;
    intern_tab = (Val)t;
    return true;
}

Val str_intern(Val v)
{
    if (AS_OBJ(v)->flags & OF_INTERNED)
        return v;
    RawVals *t = (RawVals *)intern_tab;
    if (!t || intern_count * 2 >= t->cap) {
        if (!intern_grow())
            return V_NULL;
        t = (RawVals *)intern_tab;
    }
    size_t mask = t->cap - 1;
    size_t j = (size_t)str_hash(v) & mask;
    while (t->v[j]) {
        Val s = t->v[j];
        if (STR(s)->len == STR(v)->len && memcmp(CSTR(s), CSTR(v), STR(v)->len) == 0)
            return s;
        j = (j + 1) & mask;
    }
    AS_OBJ(v)->flags |= OF_INTERNED;
    t->v[j] = v;
    intern_count++;
    return v;
}

/* The intern table holds its strings weakly: the collector keeps the table
 * but not what only the table references (a process interning attribute names
 * by the million must not leave them behind). Called by gc_collect between
 * marking and sweeping; dead entries leave by backward-shift deletion, so
 * every probe chain stays unbroken without tombstones. */
static bool intern_between(size_t lo, size_t k, size_t hi)
{
    return lo <= hi ? (lo < k && k <= hi) : (lo < k || k <= hi);
}

static void intern_delete(RawVals *t, size_t i)
{
    size_t mask = t->cap - 1, j = i;
    for (;;) {
        t->v[i] = 0;
        for (;;) {
            j = (j + 1) & mask;
            if (!t->v[j])
                return;
            size_t home = (size_t)str_hash(t->v[j]) & mask;
            if (!intern_between(i, home, j))
                break;
        }
        t->v[i] = t->v[j];
        i = j;
    }
}

void str_intern_sweep(void)
{
    RawVals *t = (RawVals *)intern_tab;
    if (!t)
        return;
    t->h.flags |= OF_MARK;
    for (size_t i = 0; i < t->cap;) {
        Val s = t->v[i];
        if (s && gc_is_heap_ptr(s) && !(AS_OBJ(s)->flags & OF_MARK)) {
            intern_delete(t, i);
            intern_count--;
            continue;                  /* slot i now holds what shifted into it */
        }
        i++;
    }
}

Val str_intern_c(const char *s)
{
    Val v = str_from_cstr(s);
    return v ? str_intern(v) : V_NULL;
}

Val str_cat(Val a, Val b)
{
    Str *x = STR(a), *y = STR(b);
    if (x->len == 0)
        return b;
    if (y->len == 0)
        return a;
    Val v = str_alloc((size_t)x->len + y->len);
    if (!v)
        return V_NULL;
    Str *s = STR(v);
    memcpy(s->s, x->s, x->len);
    memcpy(s->s + x->len, y->s, y->len);
    s->s[s->len] = 0;
    s->nchars = x->nchars + y->nchars;
    return v;
}

size_t utf8_encode(uint32_t cp, char *o)
{
    if (cp < 0x80) { o[0] = (char)cp; return 1; }
    if (cp < 0x800) { o[0] = (char)(0xC0 | (cp >> 6)); o[1] = (char)(0x80 | (cp & 0x3F)); return 2; }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12)); o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F)); return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18)); o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

uint32_t utf8_decode(const char *p, size_t *adv)
{
    const uint8_t *s = (const uint8_t *)p;
    if (s[0] < 0x80) { *adv = 1; return s[0]; }
    if ((s[0] & 0xE0) == 0xC0) { *adv = 2; return ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3F); }
    if ((s[0] & 0xF0) == 0xE0) {
        *adv = 3;
        return ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    }
    *adv = 4;
    return ((uint32_t)(s[0] & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
           ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
}

const char *str_offset(Str *s, size_t idx)
{
    if (s->nchars == s->len)
        return s->s + idx;
    const char *p = s->s;
    while (idx > 0) {
        p++;
        while (((uint8_t)*p & 0xC0) == 0x80)
            p++;
        idx--;
    }
    return p;
}

Val str_from_codepoint(uint32_t cp)
{
    if (cp < 128)
        return kr_chars[cp];
    char buf[4];
    return str_new(buf, utf8_encode(cp, buf));
}

static Val substr(Str *s, size_t a, size_t b)     /* code point range */
{
    if (a >= b)
        return kr_empty_str;
    const char *p = str_offset(s, a);
    const char *q = s->nchars == s->len ? s->s + b : str_offset(s, b);
    return str_new(p, (size_t)(q - p));
}

Val str_getitem(Val v, Val idx)
{
    Str *s = STR(v);
    if (IS_PTR(idx) && type_of(idx)->kind == K_SLICE) {
        intptr_t start, stop, step, n;
        if (!slice_indices(idx, s->nchars, &start, &stop, &step, &n))
            return V_NULL;
        if (step == 1)
            return substr(s, (size_t)start, (size_t)(start + n));
        SBuf b;
        sb_init(&b, (size_t)n);
        for (intptr_t i = 0, j = start; i < n; i++, j += step) {
            const char *p = str_offset(s, (size_t)j);
            size_t adv;
            utf8_decode(p, &adv);
            sb_add(&b, p, adv);
        }
        return sb_to_str(&b);
    }
    intptr_t i;
    if (!index_of(idx, s->nchars, &i, "string"))
        return V_NULL;
    const char *p = str_offset(s, (size_t)i);
    size_t adv;
    utf8_decode(p, &adv);
    return str_new(p, adv);
}

static const char *find_bytes(const char *h, size_t hl, const char *n, size_t nl)
{
    if (nl == 0)
        return h;
    if (nl > hl)
        return NULL;
    for (size_t i = 0; i + nl <= hl; i++)
        if (h[i] == n[0] && memcmp(h + i, n, nl) == 0)
            return h + i;
    return NULL;
}

static const char *rfind_bytes(const char *h, size_t hl, const char *n, size_t nl)
{
    if (nl > hl)
        return NULL;
    for (size_t i = hl - nl + 1; i-- > 0;)
        if (memcmp(h + i, n, nl) == 0)
            return h + i;
    return NULL;
}

bool str_contains(Val hay, Val needle)
{
    return find_bytes(CSTR(hay), STR(hay)->len, CSTR(needle), STR(needle)->len) != NULL;
}

Val str_repr(Val v)
{
    Str *s = STR(v);
    bool sq = false, dq = false;
    for (uint32_t i = 0; i < s->len; i++) {
        if (s->s[i] == '\'') sq = true;
        else if (s->s[i] == '"') dq = true;
    }
    char q = (sq && !dq) ? '"' : '\'';
    SBuf b;
    sb_init(&b, s->len + 2);
    sb_addc(&b, q);
    static const char hex[] = "0123456789abcdef";
    for (uint32_t i = 0; i < s->len;) {
        uint8_t c = (uint8_t)s->s[i];
        if (c < 0x80) {
            i++;
            if (c == (uint8_t)q || c == '\\') { sb_addc(&b, '\\'); sb_addc(&b, (char)c); }
            else if (c == '\n') sb_adds(&b, "\\n");
            else if (c == '\r') sb_adds(&b, "\\r");
            else if (c == '\t') sb_adds(&b, "\\t");
            else if (c < 0x20 || c == 0x7f) {
                char e[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
                sb_add(&b, e, 4);
            } else sb_addc(&b, (char)c);
            continue;
        }
        size_t adv;
        uint32_t cp = utf8_decode(s->s + i, &adv);
        if (cp <= 0xA0 || cp == 0xAD) {
            char e[4] = {'\\', 'x', hex[(cp >> 4) & 15], hex[cp & 15]};
            sb_add(&b, e, 4);
        } else if ((cp >= 0xD800 && cp < 0xF900) || (cp >= 0x2000 && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202F) ||
                   (cp >= 0x205F && cp <= 0x206F) || cp == 0x3000 || cp == 0xFEFF || cp == 0x1680 || (cp >= 0xFFF9 && cp <= 0xFFFB)) {
            char e[6] = {'\\', 'u', hex[(cp >> 12) & 15], hex[(cp >> 8) & 15], hex[(cp >> 4) & 15], hex[cp & 15]};
            sb_add(&b, e, 6);
        } else {
            sb_add(&b, s->s + i, adv);
        }
        i += adv;
    }
    sb_addc(&b, q);
    return sb_to_str(&b);
}

/* ---- methods ---- */

static uint32_t to_upper_cp(uint32_t c);
static uint32_t to_lower_cp(uint32_t c);

static bool want_str(Val v, const char *what)
{
    if (!IS_STR(v)) {
        raise(e_TypeError, "%s arg must be str, not %s", what, type_name(v));
        return false;
    }
    return true;
}

static bool is_space(uint8_t c) { return c == ' ' || (c >= 9 && c <= 13) || c == 0x1c || c == 0x1d || c == 0x1e || c == 0x1f; }

static bool is_uspace(uint32_t c)
{
    if (c < 0x80) return is_space((uint8_t)c);
    return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 ||
           c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

static Val strip_impl(Val *args, int nargs, int which)
{
    Str *s = STR(args[0]);
    size_t a = 0, b = s->len;
    if (nargs > 1 && args[1] != V_NONE) {
        if (!want_str(args[1], "strip"))
            return V_NULL;
        Str *chars = STR(args[1]);
        /* ASCII-only char sets are compared bytewise; others by code point */
        if (which & 1)
            while (a < b) {
                size_t adv; uint32_t cp = utf8_decode(s->s + a, &adv);
                char enc[4]; size_t el = utf8_encode(cp, enc);
                if (!find_bytes(chars->s, chars->len, enc, el)) break;
                a += adv;
            }
        if (which & 2)
            while (b > a) {
                size_t st = b - 1;
                while (st > a && ((uint8_t)s->s[st] & 0xC0) == 0x80) st--;
                if (!find_bytes(chars->s, chars->len, s->s + st, b - st)) break;
                b = st;
            }
    } else {
        if (which & 1)
            while (a < b) {
                size_t adv;
                uint32_t c = utf8_decode(s->s + a, &adv);
                if (!is_uspace(c)) break;
                a += adv;
            }
        if (which & 2)
            while (b > a) {
                size_t st = b - 1;
                while (st > a && ((uint8_t)s->s[st] & 0xC0) == 0x80) st--;
                size_t adv;
                if (!is_uspace(utf8_decode(s->s + st, &adv))) break;
                b = st;
            }
    }
    if (a == 0 && b == s->len)
        return args[0];
    return str_new(s->s + a, b - a);
}

METHOD(m_strip) { (void)kw; return check_nargs("strip", nargs, 1, 2) ? strip_impl(args, nargs, 3) : V_NULL; }
METHOD(m_lstrip) { (void)kw; return check_nargs("lstrip", nargs, 1, 2) ? strip_impl(args, nargs, 1) : V_NULL; }
METHOD(m_rstrip) { (void)kw; return check_nargs("rstrip", nargs, 1, 2) ? strip_impl(args, nargs, 2) : V_NULL; }

static Val split_impl(Val *args, int nargs, Val kw, bool right)
{
    Val sep = nargs > 1 ? args[1] : V_NONE;
    Val maxv = nargs > 2 ? args[2] : MK_INT(-1);
    Val k;
    if ((k = kwarg(args, nargs, kw, "sep"))) sep = k;
    if ((k = kwarg(args, nargs, kw, "maxsplit"))) maxv = k;
    if (!IS_INT(maxv))
        return raise(e_TypeError, "maxsplit must be int");
    intptr_t maxsplit = INT_VAL(maxv);
    Str *s = STR(args[0]);
    Val out = list_new(0);
    if (!out)
        return V_NULL;
    const char *p = s->s;
    size_t n = s->len;
    if (sep == V_NONE) {
        if (!right) {
            size_t i = 0;
            while (i < n) {
                while (i < n && is_space((uint8_t)p[i])) i++;
                if (i >= n) break;
                if (maxsplit == 0) {
                    list_append(out, str_new(p + i, n - i));
                    break;
                }
                size_t j = i;
                while (j < n && !is_space((uint8_t)p[j])) j++;
                list_append(out, str_new(p + i, j - i));
                if (maxsplit > 0) maxsplit--;
                i = j;
            }
        } else {
            size_t e = n;
            while (e > 0) {
                while (e > 0 && is_space((uint8_t)p[e - 1])) e--;
                if (e == 0) break;
                if (maxsplit == 0) {
                    list_append(out, str_new(p, e));
                    break;
                }
                size_t b = e;
                while (b > 0 && !is_space((uint8_t)p[b - 1])) b--;
                list_append(out, str_new(p + b, e - b));
                if (maxsplit > 0) maxsplit--;
                e = b;
            }
            List *l = LST(out);
            for (size_t i = 0; i < l->len / 2; i++) {
                Val t = l->items->v[i]; l->items->v[i] = l->items->v[l->len - 1 - i]; l->items->v[l->len - 1 - i] = t;
            }
        }
        return out;
    }
    if (!want_str(sep, "split"))
        return V_NULL;
    Str *sp = STR(sep);
    if (sp->len == 0)
        return raise(e_ValueError, "empty separator");
    if (!right) {
        size_t i = 0;
        for (;;) {
            const char *f = maxsplit == 0 ? NULL : find_bytes(p + i, n - i, sp->s, sp->len);
            if (!f) {
                list_append(out, str_new(p + i, n - i));
                break;
            }
            list_append(out, str_new(p + i, (size_t)(f - (p + i))));
            i = (size_t)(f - p) + sp->len;
            if (maxsplit > 0) maxsplit--;
        }
    } else {
        size_t e = n;
        for (;;) {
            const char *f = maxsplit == 0 ? NULL : rfind_bytes(p, e, sp->s, sp->len);
            if (!f) {
                list_append(out, str_new(p, e));
                break;
            }
            size_t fe = (size_t)(f - p) + sp->len;
            list_append(out, str_new(p + fe, e - fe));
            e = (size_t)(f - p);
            if (maxsplit > 0) maxsplit--;
        }
        List *l = LST(out);
        for (size_t i = 0; i < l->len / 2; i++) {
            Val t = l->items->v[i]; l->items->v[i] = l->items->v[l->len - 1 - i]; l->items->v[l->len - 1 - i] = t;
        }
    }
    return out;
}

METHOD(m_split) { return split_impl(args, nargs, kw, false); }
METHOD(m_rsplit) { return split_impl(args, nargs, kw, true); }

METHOD(m_splitlines)
{
    bool keep = false;
    Val k = kwarg(args, nargs, kw, "keepends");
    if (nargs > 1) k = args[1];
    if (k) keep = truthy(k) > 0;
    Str *s = STR(args[0]);
    Val out = list_new(0);
    size_t i = 0, n = s->len;
    while (i < n) {
        size_t j = i;
        while (j < n && s->s[j] != '\n' && s->s[j] != '\r') j++;
        size_t e = j;
        if (j < n) {
            if (s->s[j] == '\r' && j + 1 < n && s->s[j + 1] == '\n') j += 2;
            else j++;
        }
        list_append(out, str_new(s->s + i, keep ? j - i : e - i));
        i = j;
    }
    return out;
}

METHOD(m_join)
{
    (void)kw;
    if (!check_nargs("join", nargs, 2, 2))
        return V_NULL;
    Val seq = args[1];
    if (!IS_PTR(seq) || (type_of(seq)->kind != K_LIST && type_of(seq)->kind != K_TUPLE)) {
        seq = seq_to_list(seq);
        if (!seq)
            return V_NULL;
    }
    Val *items;
    size_t n;
    seq_items(seq, &items, &n);
    if (n == 1 && IS_STR(items[0]))
        return items[0];
    Str *sep = STR(args[0]);
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        if (!IS_STR(items[i]))
            return raise(e_TypeError, "sequence item %d: expected str instance, %s found", (int)i, type_name(items[i]));
        total += STR(items[i])->len;
    }
    if (n > 1)
        total += sep->len * (n - 1);
    Val r = str_alloc(total);
    if (!r)
        return V_NULL;
    seq_items(seq, &items, &n);
    char *o = STR(r)->s;
    uint32_t nch = 0;
    for (size_t i = 0; i < n; i++) {
        if (i) { memcpy(o, sep->s, sep->len); o += sep->len; nch += sep->nchars; }
        memcpy(o, CSTR(items[i]), STR(items[i])->len);
        o += STR(items[i])->len;
        nch += STR(items[i])->nchars;
    }
    *o = 0;
    STR(r)->nchars = nch;
    return r;
}

/* start/end arguments (code points) to a byte range */
static bool sub_range(Str *s, Val *args, int nargs, int first, size_t *bs, size_t *be)
{
    intptr_t n = s->nchars, a = 0, b = n;
    if (nargs > first && args[first] != V_NONE) {
        int64_t x; if (!int_to_i64(args[first], &x)) { raise(e_TypeError, "slice indices must be integers"); return false; }
        if (x > n) { *bs = 1; *be = 0; return true; }
        a = x < 0 ? (x + n < 0 ? 0 : x + n) : (x > n ? n : x);
    }
    if (nargs > first + 1 && args[first + 1] != V_NONE) {
        int64_t x; if (!int_to_i64(args[first + 1], &x)) { raise(e_TypeError, "slice indices must be integers"); return false; }
        b = x < 0 ? (x + n < 0 ? 0 : x + n) : (x > n ? n : x);
    }
    if (b < a) {
        *bs = 1; *be = 0;    /* empty, flagged by bs > be */
        return true;
    }
    *bs = (size_t)(str_offset(s, (size_t)a) - s->s);
    *be = (size_t)(str_offset(s, (size_t)b) - s->s);
    return true;
}

static intptr_t cp_index(Str *s, const char *p) { return (intptr_t)utf8_count(s->s, (size_t)(p - s->s)); }

static Val find_impl(Val *args, int nargs, bool rev, bool raise_missing)
{
    if (!check_nargs("find", nargs, 2, 4) || !want_str(args[1], "find"))
        return V_NULL;
    Str *s = STR(args[0]), *n = STR(args[1]);
    size_t a, b;
    if (!sub_range(s, args, nargs, 2, &a, &b))
        return V_NULL;
    const char *f = NULL;
    if (a <= b)
        f = rev ? rfind_bytes(s->s + a, b - a, n->s, n->len) : find_bytes(s->s + a, b - a, n->s, n->len);
    if (!f) {
        if (raise_missing)
            return raise(e_ValueError, "substring not found");
        return MK_INT(-1);
    }
    return MK_INT(cp_index(s, f));
}

METHOD(m_find) { (void)kw; return find_impl(args, nargs, false, false); }
METHOD(m_rfind) { (void)kw; return find_impl(args, nargs, true, false); }
METHOD(m_index) { (void)kw; return find_impl(args, nargs, false, true); }
METHOD(m_rindex) { (void)kw; return find_impl(args, nargs, true, true); }

METHOD(m_count)
{
    (void)kw;
    if (!check_nargs("count", nargs, 2, 4) || !want_str(args[1], "count"))
        return V_NULL;
    Str *s = STR(args[0]), *n = STR(args[1]);
    size_t a, b;
    if (!sub_range(s, args, nargs, 2, &a, &b))
        return V_NULL;
    if (a > b)
        return MK_INT(0);
    if (n->len == 0)
        return MK_INT((intptr_t)utf8_count(s->s + a, b - a) + 1);
    intptr_t c = 0;
    size_t i = a;
    for (;;) {
        const char *f = find_bytes(s->s + i, b - i, n->s, n->len);
        if (!f) break;
        c++;
        i = (size_t)(f - s->s) + n->len;
    }
    return MK_INT(c);
}

static Val affix_impl(Val *args, int nargs, bool end)
{
    if (!check_nargs(end ? "endswith" : "startswith", nargs, 2, 4))
        return V_NULL;
    Str *s = STR(args[0]);
    size_t a, b;
    if (!sub_range(s, args, nargs, 2, &a, &b))
        return V_NULL;
    Val pre = args[1];
    Val *cands = &pre;
    size_t nc = 1;
    if (IS_PTR(pre) && type_of(pre)->kind == K_TUPLE)
        seq_items(pre, &cands, &nc);
    for (size_t i = 0; i < nc; i++) {
        if (!IS_STR(cands[i]))
            return raise(e_TypeError, "%s first arg must be str or a tuple of str, not %s",
                         end ? "endswith" : "startswith", type_name(cands[i]));
        Str *p = STR(cands[i]);
        if (a > b || p->len > b - a) continue;
        if (end ? memcmp(s->s + b - p->len, p->s, p->len) == 0 : memcmp(s->s + a, p->s, p->len) == 0)
            return V_TRUE;
    }
    return V_FALSE;
}

METHOD(m_startswith) { (void)kw; return affix_impl(args, nargs, false); }
METHOD(m_endswith) { (void)kw; return affix_impl(args, nargs, true); }

METHOD(m_replace)
{
    (void)kw;
    if (!check_nargs("replace", nargs, 3, 4) || !want_str(args[1], "replace") || !want_str(args[2], "replace"))
        return V_NULL;
    intptr_t count = nargs > 3 ? INT_VAL(args[3]) : -1;
    Str *s = STR(args[0]), *o = STR(args[1]), *n = STR(args[2]);
    SBuf b;
    sb_init(&b, s->len);
    if (o->len == 0) {
        size_t i = 0;
        intptr_t done = 0;
        while (true) {
            if (count < 0 || done < count) { sb_add(&b, n->s, n->len); done++; }
            if (i >= s->len) break;
            size_t adv; utf8_decode(s->s + i, &adv);
            sb_add(&b, s->s + i, adv);
            i += adv;
        }
        return sb_to_str(&b);
    }
    size_t i = 0;
    while (count != 0) {
        const char *f = find_bytes(s->s + i, s->len - i, o->s, o->len);
        if (!f) break;
        sb_add(&b, s->s + i, (size_t)(f - (s->s + i)));
        sb_add(&b, n->s, n->len);
        i = (size_t)(f - s->s) + o->len;
        if (count > 0) count--;
    }
    if (i == 0)
        return args[0];
    sb_add(&b, s->s + i, s->len - i);
    return sb_to_str(&b);
}

static uint32_t to_upper_cp(uint32_t c)
{
    if (c >= 'a' && c <= 'z') return c - 32;
    if (c < 0x80) return c;
    if ((c >= 0xE0 && c <= 0xFE && c != 0xF7)) return c - 32;
    if (c == 0xFF) return 0x178;
    if (c == 0xB5) return 0x39C;
    if (c >= 0x100 && c <= 0x17F) {
        if (c == 0x131) return 'I';
        if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) return (c & 1) ? c : c - 1;
        if (c == 0x17F) return 'S';
        if (c == 0x130 || c == 0x138 || c == 0x149 || c == 0x178) return c;
        return (c & 1) ? c - 1 : c;
    }
    if (c >= 0x3B1 && c <= 0x3C9 && c != 0x3C2) return c - 32;
    if (c == 0x3C2) return 0x3A3;
    if (c >= 0x3AC && c <= 0x3AF) return c == 0x3AC ? 0x386 : c - 37;
    if (c >= 0x430 && c <= 0x44F) return c - 32;
    if (c >= 0x450 && c <= 0x45F) return c - 80;
    return c;
}

static uint32_t to_lower_cp(uint32_t c)
{
    if (c >= 'A' && c <= 'Z') return c + 32;
    if (c < 0x80) return c;
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 32;
    if (c == 0x178) return 0xFF;
    if (c >= 0x100 && c <= 0x17F) {
        if (c == 0x130) return 'i';
        if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) return (c & 1) ? c + 1 : c;
        if (c == 0x131 || c == 0x138 || c == 0x149 || c == 0x17F) return c;
        return (c & 1) ? c : c + 1;
    }
    if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) return c + 32;
    if (c == 0x386) return 0x3AC;
    if (c >= 0x388 && c <= 0x38A) return c + 37;
    if (c >= 0x410 && c <= 0x42F) return c + 32;
    if (c >= 0x400 && c <= 0x40F) return c + 80;
    return c;
}

static Val map_case_unicode(Str *s, int mode)
{
    SBuf b;
    sb_init(&b, s->len + 8);
    for (uint32_t i = 0; i < s->len;) {
        size_t adv;
        uint32_t c = utf8_decode(s->s + i, &adv);
        i += (uint32_t)adv;
        if (mode == 0 && c == 0xDF) { sb_add(&b, "SS", 2); continue; }
        uint32_t u = to_upper_cp(c), l = to_lower_cp(c);
        uint32_t r = mode == 0 ? u : mode == 1 ? l : (u != c ? u : l);
        char o[4];
        sb_add(&b, o, utf8_encode(r, o));
    }
    return sb_to_str(&b);
}

static Val map_case(Val v, int mode)
{
    if (STR(v)->nchars != STR(v)->len)
        return map_case_unicode(STR(v), mode);
    Str *s = STR(v);
    Val r = str_new(s->s, s->len);
    if (!r || r == v || s->len <= 1) {
        if (!r) return V_NULL;
        if (s->len == 1 && s->s[0] >= 0) {
            char c = s->s[0];
            if (mode == 0 && c >= 'a' && c <= 'z') c -= 32;
            else if (mode == 1 && c >= 'A' && c <= 'Z') c += 32;
            return str_new(&c, 1);
        }
        if (r == v && s->len > 1) {
            r = str_alloc(s->len);
            if (!r) return V_NULL;
            memcpy(STR(r)->s, s->s, s->len + 1);
            STR(r)->nchars = s->nchars;
        } else
            return r;
    }
    char *p = STR(r)->s;
    for (uint32_t i = 0; i < s->len; i++) {
        if (mode == 0 && p[i] >= 'a' && p[i] <= 'z') p[i] -= 32;
        else if (mode == 1 && p[i] >= 'A' && p[i] <= 'Z') p[i] += 32;
        else if (mode == 2) {
            if (p[i] >= 'a' && p[i] <= 'z') p[i] -= 32;
            else if (p[i] >= 'A' && p[i] <= 'Z') p[i] += 32;
        }
    }
    return r;
}

METHOD(m_upper) { (void)kw; (void)nargs; return map_case(args[0], 0); }
METHOD(m_lower) { (void)kw; (void)nargs; return map_case(args[0], 1); }
METHOD(m_swapcase) { (void)kw; (void)nargs; return map_case(args[0], 2); }

/* Letters (Unicode category L*) of the scripts the case tables cover, plus
 * kana, CJK and Hangul; symbols such as U+20AC are not letters. */
static const uint32_t letter_ranges[][2] = {
    {0xAA, 0xAA}, {0xB5, 0xB5}, {0xBA, 0xBA}, {0xC0, 0xD6}, {0xD8, 0xF6}, {0xF8, 0x2C1}, {0x2C6, 0x2D1},
    {0x2E0, 0x2E4}, {0x2EC, 0x2EC}, {0x2EE, 0x2EE}, {0x370, 0x374}, {0x376, 0x377}, {0x37A, 0x37D},
    {0x37F, 0x37F}, {0x386, 0x386}, {0x388, 0x38A}, {0x38C, 0x38C}, {0x38E, 0x3A1}, {0x3A3, 0x3F5},
    {0x3F7, 0x481}, {0x48A, 0x52F}, {0x531, 0x556}, {0x559, 0x559}, {0x560, 0x588}, {0x5D0, 0x5EA},
    {0x5EF, 0x5F2}, {0x620, 0x64A}, {0x1E00, 0x1F15}, {0x1F18, 0x1F1D}, {0x1F20, 0x1F45}, {0x1F48, 0x1F4D},
    {0x1F50, 0x1F57}, {0x1F59, 0x1F59}, {0x1F5B, 0x1F5B}, {0x1F5D, 0x1F5D}, {0x1F5F, 0x1F7D},
    {0x1F80, 0x1FB4}, {0x1FB6, 0x1FBC}, {0x1FBE, 0x1FBE}, {0x1FC2, 0x1FC4}, {0x1FC6, 0x1FCC},
    {0x1FD0, 0x1FD3}, {0x1FD6, 0x1FDB}, {0x1FE0, 0x1FEC}, {0x1FF2, 0x1FF4}, {0x1FF6, 0x1FFC},
    {0x3041, 0x3096}, {0x309D, 0x309F}, {0x30A1, 0x30FA}, {0x30FC, 0x30FF}, {0x3400, 0x4DBF},
    {0x4E00, 0x9FFF}, {0xAC00, 0xD7A3},
};

static bool is_letter_cp(uint32_t c)
{
    if (c < 0x80)
        return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
    for (size_t i = 0; i < sizeof letter_ranges / sizeof letter_ranges[0]; i++)
        if (c >= letter_ranges[i][0] && c <= letter_ranges[i][1])
            return true;
    return false;
}

/* digits, superscripts and vulgar fractions: isalnum accepts them */
static bool is_numeric_latin1(uint32_t c)
{
    return (c >= '0' && c <= '9') || c == 0xB2 || c == 0xB3 || c == 0xB9 || (c >= 0xBC && c <= 0xBE);
}

/* isalpha (what 1) and isalnum (what 2) of a non-ASCII str */
static Val classify_letters(Str *s, int what)
{
    for (uint32_t i = 0; i < s->len;) {
        size_t adv;
        uint32_t c = utf8_decode(s->s + i, &adv);
        i += (uint32_t)adv;
        if (!is_letter_cp(c) && !(what == 2 && is_numeric_latin1(c)))
            return V_FALSE;
    }
    return V_TRUE;
}

static Val classify(Val v, int what)
{
    Str *s = STR(v);
    if (s->len == 0)
        return V_FALSE;
    if (s->nchars != s->len && (what == 1 || what == 2))
        return classify_letters(s, what);
    if (s->nchars != s->len && (what == 4 || what == 5)) {
        bool cased = false;
        for (uint32_t i = 0; i < s->len;) {
            size_t adv;
            uint32_t c = utf8_decode(s->s + i, &adv);
            i += (uint32_t)adv;
            bool up = to_lower_cp(c) != c, lo = to_upper_cp(c) != c || c == 0xDF;
            if ((what == 4 && lo) || (what == 5 && up))
                return V_FALSE;
            cased |= what == 4 ? up : lo;
        }
        return MK_BOOL(cased);
    }
    bool any_cased = false;
    for (uint32_t i = 0; i < s->len; i++) {
        uint8_t c = (uint8_t)s->s[i];
        bool up = c >= 'A' && c <= 'Z', lo = c >= 'a' && c <= 'z', dig = c >= '0' && c <= '9';
        bool ok;
        switch (what) {
        case 0: ok = dig; break;
        case 1: ok = up || lo; break;
        case 2: ok = up || lo || dig; break;
        case 3: ok = is_space(c); break;
        case 4: ok = !lo; any_cased |= up; break;
        case 5: ok = !up; any_cased |= lo; break;
        default: ok = c < 0x80; break;
        }
        if (!ok)
            return V_FALSE;
    }
    if ((what == 4 || what == 5) && !any_cased)
        return V_FALSE;
    return V_TRUE;
}

METHOD(m_isdigit) { (void)kw; (void)nargs; return classify(args[0], 0); }
METHOD(m_isalpha) { (void)kw; (void)nargs; return classify(args[0], 1); }
METHOD(m_isalnum) { (void)kw; (void)nargs; return classify(args[0], 2); }
METHOD(m_isspace) { (void)kw; (void)nargs; return classify(args[0], 3); }
METHOD(m_isupper) { (void)kw; (void)nargs; return classify(args[0], 4); }
METHOD(m_islower) { (void)kw; (void)nargs; return classify(args[0], 5); }
METHOD(m_isascii) { (void)kw; (void)nargs; return STR(args[0])->len == 0 ? V_TRUE : classify(args[0], 6); }

METHOD(m_encode)
{
    (void)kw; (void)nargs;
    Str *s = STR(args[0]);
    if (nargs > 1 && IS_STR(args[1])) {
        const char *enc = CSTR(args[1]);
        if (kstrcmp(enc, "ascii") == 0 || kstrcmp(enc, "latin-1") == 0 || kstrcmp(enc, "latin1") == 0) {
            bool latin = enc[0] == 'l';
            SBuf b;
            sb_init(&b, s->len);
            for (uint32_t i = 0; i < s->len;) {
                size_t adv;
                uint32_t cp = utf8_decode(s->s + i, &adv);
                if (cp >= (latin ? 256u : 128u)) {
                    bool strict = nargs < 3 || kstrcmp(CSTR(args[2]), "strict") == 0;
                    if (strict)
                        return raise(e_UnicodeEncodeError, "'%s' codec can't encode character in position %d: ordinal not in range(%d)",
                                     latin ? "latin-1" : "ascii", (int)utf8_count(s->s, i), latin ? 256 : 128);
                    if (kstrcmp(CSTR(args[2]), "replace") == 0) sb_addc(&b, '?');
                } else
                    sb_addc(&b, (char)cp);
                i += adv;
            }
            return sb_to_bytes(&b);
        }
    }
    return bytes_new((const uint8_t *)s->s, s->len);
}

static Val partition_impl(Val *args, int nargs, bool right)
{
    if (!check_nargs("partition", nargs, 2, 2) || !want_str(args[1], "partition"))
        return V_NULL;
    Str *s = STR(args[0]), *sep = STR(args[1]);
    if (sep->len == 0)
        return raise(e_ValueError, "empty separator");
    const char *f = right ? rfind_bytes(s->s, s->len, sep->s, sep->len) : find_bytes(s->s, s->len, sep->s, sep->len);
    if (!f)
        return right ? tuple_pack(3, kr_empty_str, kr_empty_str, args[0]) : tuple_pack(3, args[0], kr_empty_str, kr_empty_str);
    Val a = str_new(s->s, (size_t)(f - s->s));
    Val c = str_new(f + sep->len, s->len - (size_t)(f - s->s) - sep->len);
    return tuple_pack(3, a, args[1], c);
}

METHOD(m_partition) { (void)kw; return partition_impl(args, nargs, false); }
METHOD(m_rpartition) { (void)kw; return partition_impl(args, nargs, true); }

static Val str_new_v(Val *args, int nargs, Val kw)
{
    /* str(object='') / str(bytes, encoding[, errors]) */
    Val o = nargs > 1 ? args[1] : V_NULL;
    Val k;
    if ((k = kwarg(args, nargs, kw, "object"))) o = k;
    if (!o)
        return kr_empty_str;
    Val enc = nargs > 2 ? args[2] : kwarg(args, nargs, kw, "encoding");
    Val err = nargs > 3 ? args[3] : kwarg(args, nargs, kw, "errors");
    if (enc || err) {
        uint8_t *d; size_t n; bool w;
        if (!buffer_get(o, &d, &n, &w))
            return raise(e_TypeError, "decoding to str: need a bytes-like object, %s found", type_name(o));
        return bytes_decode(d, n, enc, err);
    }
    return to_str(o);
}

void str_init(void)
{
    gc_add_root(&kr_empty_str);        /* not intern_tab: gc.c keeps it (str_intern_sweep) */
    kr_empty_str = str_intern(str_new("", 0));
    for (int i = 0; i < 128; i++) {
        gc_add_root(&kr_chars[i]);
        char c = (char)i;
        kr_chars[i] = str_intern(str_new(&c, 1));
    }
}

void str_methods_init(void)
{
    Type *t = kr_types[K_STR];
    type_add_static(t, "__new__", str_new_v);
    type_add_method(t, "strip", m_strip);
    type_add_method(t, "lstrip", m_lstrip);
    type_add_method(t, "rstrip", m_rstrip);
    type_add_method(t, "split", m_split);
    type_add_method(t, "rsplit", m_rsplit);
    type_add_method(t, "splitlines", m_splitlines);
    type_add_method(t, "join", m_join);
    type_add_method(t, "find", m_find);
    type_add_method(t, "rfind", m_rfind);
    type_add_method(t, "index", m_index);
    type_add_method(t, "rindex", m_rindex);
    type_add_method(t, "count", m_count);
    type_add_method(t, "startswith", m_startswith);
    type_add_method(t, "endswith", m_endswith);
    type_add_method(t, "replace", m_replace);
    type_add_method(t, "upper", m_upper);
    type_add_method(t, "lower", m_lower);
    type_add_method(t, "swapcase", m_swapcase);
    type_add_method(t, "isdigit", m_isdigit);
    type_add_method(t, "isdecimal", m_isdigit);
    type_add_method(t, "isnumeric", m_isdigit);
    type_add_method(t, "isalpha", m_isalpha);
    type_add_method(t, "isalnum", m_isalnum);
    type_add_method(t, "isspace", m_isspace);
    type_add_method(t, "isupper", m_isupper);
    type_add_method(t, "islower", m_islower);
    type_add_method(t, "isascii", m_isascii);
    type_add_method(t, "encode", m_encode);
    type_add_method(t, "partition", m_partition);
    type_add_method(t, "rpartition", m_rpartition);
}
