/* bytes, bytearray and memoryview (zero-copy views over the other two). */
#include "obj.h"

#define METHOD(n) static Val n(Val *args, int nargs, Val kw)

Val bytes_alloc(size_t len)
{
    Bytes *b = gc_alloc(kr_types[K_BYTES], sizeof(Bytes) + len + 1);
    if (!b)
        return V_NULL;
    b->len = len;
    b->hash = -1;
    return (Val)b;
}

Val bytes_new(const uint8_t *d, size_t len)
{
    Val b = bytes_alloc(len);
    if (b && len)
        memcpy(((Bytes *)b)->d, d, len);
    return b;
}

Val bytearray_new(const uint8_t *d, size_t len)
{
    ByteArray *b = gc_alloc(kr_types[K_BYTEARRAY], sizeof(ByteArray));
    if (!b)
        return V_NULL;
    b->buf = gc_alloc_raw(len < 8 ? 8 : len);
    if (!b->buf)
        return V_NULL;
    b->len = len;
    if (d)
        memcpy(b->buf->d, d, len);
    else
        memset(b->buf->d, 0, len);
    return (Val)b;
}

bool bytearray_resize(ByteArray *b, size_t len)
{
    if (len > b->buf->cap) {
        size_t cap = b->buf->cap * 2;
        if (cap < len)
            cap = len;
        Raw *r = gc_alloc_raw(cap);
        if (!r)
            return false;
        memcpy(r->d, b->buf->d, b->len);
        b->buf = r;
    }
    if (len > b->len)
        memset(b->buf->d + b->len, 0, len - b->len);
    b->len = len;
    return true;
}

static uint8_t *external_span(Val base, size_t *len);

bool buffer_get(Val v, uint8_t **data, size_t *len, bool *writable)
{
    if (!IS_PTR(v))
        return false;
    switch (type_of(v)->kind) {
    case K_BYTES:
        *data = ((Bytes *)v)->d;
        *len = ((Bytes *)v)->len;
        *writable = false;
        return true;
    case K_BYTEARRAY:
        *data = ((ByteArray *)v)->buf->d;
        *len = ((ByteArray *)v)->len;
        *writable = true;
        return true;
    case K_MEMVIEW: {
        MemView *m = (MemView *)v;
        if (!memview_live(m) && memview_released(v)) {  /* (which raises; its call off the common path) */
            static uint8_t nothing[1];
            *data = nothing;          /* callers that do not check see no bytes */
            *len = 0;
            *writable = false;
            return false;
        }
        uint8_t *d;
        size_t n;
        bool w;
        if (m->step != 1 && m->step != 0) {
            /* a strided view: hand out a contiguous copy (read-only) */
            size_t bl;
            uint8_t *b = memview_base(m, &bl);
            Val copy = bytes_alloc(m->len);
            if (!copy)
                return false;
            for (size_t i = 0; i < m->len; i++)
                ((Bytes *)copy)->d[i] = b[(intptr_t)m->off + (intptr_t)i * m->step];
            *data = ((Bytes *)copy)->d;
            *len = m->len;
            *writable = false;
            return true;
        }
        if ((d = external_span(m->base, &n)) != NULL) {   /* see memview_external */
            w = true;
        } else if (!buffer_get(m->base, &d, &n, &w))
            return false;
        if (m->off + m->len > n) {
            *data = d;
            *len = 0;
        } else {
            *data = d + m->off;
            *len = m->len;
        }
        *writable = w && !m->readonly;
        return true;
    }
    default:
        return false;
    }
}

Val bytes_repr(const uint8_t *d, size_t len, const char *prefix)
{
    bool sq = false, dq = false;
    for (size_t i = 0; i < len; i++) {
        if (d[i] == '\'') sq = true;
        else if (d[i] == '"') dq = true;
    }
    char q = (sq && !dq) ? '"' : '\'';
    static const char hex[] = "0123456789abcdef";
    SBuf b;
    sb_init(&b, len + 8);
    sb_adds(&b, prefix);
    sb_addc(&b, q);
    for (size_t i = 0; i < len; i++) {
        uint8_t c = d[i];
        if (c == (uint8_t)q || c == '\\') { sb_addc(&b, '\\'); sb_addc(&b, (char)c); }
        else if (c == '\n') sb_adds(&b, "\\n");
        else if (c == '\r') sb_adds(&b, "\\r");
        else if (c == '\t') sb_adds(&b, "\\t");
        else if (c < 0x20 || c >= 0x7f) {
            char e[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
            sb_add(&b, e, 4);
        } else sb_addc(&b, (char)c);
    }
    sb_addc(&b, q);
    if (prefix[0] == 'b' && prefix[1] == 'y')
        sb_addc(&b, ')');
    return sb_to_str(&b);
}

uint8_t *memview_base(MemView *m, size_t *baselen)
{
    uint8_t *d = NULL;
    size_t n = 0;
    bool w;
    if ((d = external_span(m->base, &n)) != NULL) {       /* see memview_external */
        *baselen = n;
        return d;
    }
    buffer_get(m->base, &d, &n, &w);
    *baselen = n;
    return d;
}

/* A writable memoryview over memory outside the GC heap (the kernel's DMA
 * buffers). Its base is a small Raw owner holding the address and length,
 * flagged OF_EXTERNAL; slices share that owner, so the memory stays alive
 * while any view of it does, and when the owner is collected the embedder's
 * hook (vm_set_external_free_hook) gives the memory back. */

static uint8_t *external_span(Val base, size_t *len)
{
    if (!IS_PTR(base) || !(AS_OBJ(base)->flags & OF_EXTERNAL))
        return NULL;
    ExternalSpan *span = (ExternalSpan *)((Raw *)base)->d;
    *len = span->len;
    return span->ptr;
}

void *memview_external_owner(Val view) { return (void *)((MemView *)view)->base; }

void external_disown(void *owner)
{
    ((Obj *)owner)->flags &= ~OF_EXTERNAL;
}

void external_finalize(Obj *o, void (*hook)(void *, size_t))
{
    ExternalSpan *span = (ExternalSpan *)((Raw *)o)->d;
    o->flags &= ~OF_EXTERNAL;
    if (hook)
        hook(span->ptr, span->len);
}

Val memview_external(uint8_t *p, size_t len)
{
    Raw *owner = gc_alloc_raw(sizeof(ExternalSpan));
    if (!owner)
        return V_NULL;
    ExternalSpan *span = (ExternalSpan *)owner->d;
    span->ptr = p;
    span->len = len;
    owner->h.flags |= OF_EXTERNAL;
    MemView *m = gc_alloc(kr_types[K_MEMVIEW], sizeof(MemView));
    if (!m)
        return V_NULL;
    m->base = (Val)owner;
    m->off = 0;
    m->len = len;
    m->step = 1;
    m->readonly = false;
    return (Val)m;
}

/* The bytes of a plain view (not released, contiguous, within its base; writable when for_write)
 * for the interpreter's subscript fast path, or NULL: the generic path then decides and raises. */
uint8_t *memview_span_slow(Val v, bool for_write)
{
    MemView *m = (MemView *)v;
    if (m->released || (m->step != 1 && m->step != 0) || (for_write && m->readonly))
        return NULL;
    uint8_t *d;
    size_t n;
    bool w = true;
    if ((d = external_span(m->base, &n)) == NULL && !buffer_get(m->base, &d, &n, &w))
        return NULL;                  /* also an external view freed explicitly (its owner is plain Raw) */
    if (m->off + m->len > n || (for_write && !w))
        return NULL;
    return d + m->off;
}

bool memview_released(Val v)
{
    if (!IS_PTR(v) || type_of(v)->kind != K_MEMVIEW)
        return false;
    MemView *m = (MemView *)v;
    /* A view of external memory that was freed explicitly counts as released. */
    bool freed = IS_PTR(m->base) && type_of(m->base)->kind == K_RAW && !(AS_OBJ(m->base)->flags & OF_EXTERNAL);
    if (!m->released && !freed)
        return false;
    raise(e_ValueError, "operation forbidden on released memoryview object");
    return true;
}

Val memview_new(Val base)
{
    uint8_t *d;
    size_t n;
    bool w;
    if (memview_released(base))
        return V_NULL;
    if (!buffer_get(base, &d, &n, &w))
        return raise(e_TypeError, "memoryview: a bytes-like object is required, not '%s'", type_name(base));
    MemView *m = gc_alloc(kr_types[K_MEMVIEW], sizeof(MemView));
    if (!m)
        return V_NULL;
    if (type_of(base)->kind == K_MEMVIEW) {
        MemView *o = (MemView *)base;
        m->base = o->base;
        m->off = o->off;
        m->len = o->len;
        m->readonly = o->readonly;
        m->step = o->step;
    } else {
        m->base = base;
        m->off = 0;
        m->len = n;
        m->readonly = !w;
        m->step = 1;
    }
    return (Val)m;
}

/* bytes(x) / bytearray(x): from an int count, an iterable of ints, a buffer, or str+encoding. */
Val bytes_from_obj(Val v, Type *t)
{
    bool mk_array = t->kind == K_BYTEARRAY;
    uint8_t *d;
    size_t n;
    bool w;
    if (buffer_get(v, &d, &n, &w))
        return mk_array ? bytearray_new(d, n) : bytes_new(d, n);
    if (is_int(v)) {
        int64_t k;
        if (!int_to_i64(v, &k) || k < 0)
            return raise(e_ValueError, "negative count");
        if (mk_array)
            return bytearray_new(NULL, (size_t)k);
        Val b = bytes_alloc((size_t)k);
        return b;
    }
    if (IS_STR(v))
        return raise(e_TypeError, "string argument without an encoding");
    if (IS_PTR(v) && type_of(v)->kind == K_FLOAT)
        return raise(e_TypeError, "cannot convert '%s' object to %s", type_name(v), CSTR(t->name));
    Val l = seq_to_list(v);
    if (!l)
        return V_NULL;
    size_t len = LST(l)->len;
    Val r = mk_array ? bytearray_new(NULL, len) : bytes_alloc(len);
    if (!r)
        return V_NULL;
    buffer_get(r, &d, &n, &w);
    for (size_t i = 0; i < len; i++) {
        Val x = LIST_ITEMS(l)[i];
        int64_t k;
        if (!int_to_i64(x, &k)) {
            if (is_int(x))
                return raise(e_ValueError, "bytes must be in range(0, 256)");
            return raise(e_TypeError, "'%s' object cannot be interpreted as an integer", type_name(x));
        }
        if (k < 0 || k > 255)
            return raise(e_ValueError, "bytes must be in range(0, 256)");
        d[i] = (uint8_t)k;
    }
    return r;
}

static Val bytes_make(Val *args, int nargs, Val kw)
{
    Type *t = (Type *)args[0];
    Val src = nargs > 1 ? args[1] : V_NULL;
    Val enc = nargs > 2 ? args[2] : kwarg(args, nargs, kw, "encoding");
    if (!src) {
        Val k = kwarg(args, nargs, kw, "source");
        src = k;
    }
    if (!src)
        return t->kind == K_BYTEARRAY ? bytearray_new(NULL, 0) : bytes_alloc(0);
    if (IS_STR(src)) {
        if (!enc)
            return raise(e_TypeError, "string argument without an encoding");
        Val a[3] = {src, enc, nargs > 3 ? args[3] : V_NULL};
        Val b = call_method(src, "encode", a + 1, a[2] ? 2 : 1);
        if (!b || t->kind != K_BYTEARRAY)
            return b;
        return bytearray_new(((Bytes *)b)->d, ((Bytes *)b)->len);
    }
    return bytes_from_obj(src, t);
}

static Val mv_make(Val *args, int nargs, Val kw)
{
    (void)kw;
    if (!check_nargs("memoryview", nargs, 2, 2))
        return V_NULL;
    return memview_new(args[1]);
}

static Val hexstr(const uint8_t *d, size_t n, Val sep, intptr_t per)
{
    static const char hex[] = "0123456789abcdef";
    SBuf b;
    sb_init(&b, n * 2);
    if (per == 0) per = 1;
    for (size_t i = 0; i < n; i++) {
        bool boundary = per > 0 ? ((n - i) % (size_t)per == 0) : (i % (size_t)(-per) == 0);
        if (i && sep && IS_STR(sep) && boundary)
            sb_addv(&b, sep);
        sb_addc(&b, hex[d[i] >> 4]);
        sb_addc(&b, hex[d[i] & 15]);
    }
    return sb_to_str(&b);
}

METHOD(b_hex)
{
    uint8_t *d; size_t n; bool w;
    if (!buffer_get(args[0], &d, &n, &w))
        return V_NULL;
    Val sep = nargs > 1 ? args[1] : kwarg(args, nargs, kw, "sep");
    Val per = nargs > 2 ? args[2] : kwarg(args, nargs, kw, "bytes_per_sep");
    if (sep && IS_PTR(sep) && type_of(sep)->kind == K_BYTES)
        sep = str_new((const char *)((Bytes *)sep)->d, ((Bytes *)sep)->len);
    return hexstr(d, n, sep, per && IS_INT(per) ? INT_VAL(per) : 1);
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static Val b_fromhex(Val *args, int nargs, Val kw)
{
    (void)kw;
    if (!check_nargs("fromhex", nargs, 2, 2) || !IS_STR(args[1]))
        return V_NULL;
    Str *s = STR(args[1]);
    SBuf b;
    sb_init(&b, s->len / 2);
    for (uint32_t i = 0; i < s->len;) {
        if (s->s[i] == ' ') { i++; continue; }
        int hi = hexval(s->s[i]), lo = i + 1 < s->len ? hexval(s->s[i + 1]) : -1;
        if (hi < 0 || lo < 0)
            return raise(e_ValueError, "non-hexadecimal number found in fromhex() arg at position %d", (int)(hi < 0 ? i : i + 1));
        sb_addc(&b, (char)(hi * 16 + lo));
        i += 2;
    }
    Val r = sb_to_bytes(&b);
    if (r && ((Type *)args[0])->kind == K_BYTEARRAY)
        return bytearray_new(((Bytes *)r)->d, ((Bytes *)r)->len);
    return r;
}

/* Length of the well-formed UTF-8 sequence at d (n > 0 bytes left), or 0 with
 * *bad the length of the maximal ill-formed subpart (what one U+FFFD stands for,
 * as in CPython) and *why the reason. */
static size_t utf8_seq(const uint8_t *d, size_t n, bool ascii, size_t *bad, const char **why)
{
    uint8_t c = d[0], lo = 0x80, hi = 0xBF;
    size_t need;
    if (c < 0x80)
        return 1;
    *bad = 1;
    if (ascii) {
        *why = "ordinal not in range(128)";
        return 0;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        need = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        if (c == 0xE0) lo = 0xA0;        /* overlong */
        if (c == 0xED) hi = 0x9F;        /* surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        if (c == 0xF0) lo = 0x90;        /* overlong */
        if (c == 0xF4) hi = 0x8F;        /* beyond U+10FFFF */
    } else {
        *why = "invalid start byte";
        return 0;
    }
    for (size_t j = 1; j < need; j++, lo = 0x80, hi = 0xBF) {
        *bad = j;
        if (j >= n) {
            *why = "unexpected end of data";
            return 0;
        }
        if (d[j] < lo || d[j] > hi) {
            *why = "invalid continuation byte";
            return 0;
        }
    }
    return need;
}

static Val decode_error(const uint8_t *d, size_t at, size_t bad, bool ascii, const char *why)
{
    const char *codec = ascii ? "ascii" : "utf-8";
    if (bad == 1)
        return raise(e_UnicodeDecodeError, "'%s' codec can't decode byte 0x%x in position %d: %s",
                     codec, (int)d[at], (int)at, why);
    return raise(e_UnicodeDecodeError, "'%s' codec can't decode bytes in position %d-%d: %s",
                 codec, (int)at, (int)(at + bad - 1), why);
}

/* Decode UTF-8 (or ASCII) with errors 'strict', 'replace' or 'ignore'. */
static Val decode_utf8(const uint8_t *d, size_t n, bool ascii, const char *errors)
{
    bool replace = kstrcmp(errors, "replace") == 0;
    bool ignore = kstrcmp(errors, "ignore") == 0;
    SBuf b;
    bool rebuilding = false;
    size_t i = 0;
    while (i < n) {
        size_t bad;
        const char *why;
        size_t len = utf8_seq(d + i, n - i, ascii, &bad, &why);
        if (len) {
            if (rebuilding)
                sb_add(&b, (const char *)d + i, len);
            i += len;
            continue;
        }
        if (!replace && !ignore) {
            if (kstrcmp(errors, "strict") != 0)
                return raise(e_LookupError, "unknown error handler name '%s'", errors);
            return decode_error(d, i, bad, ascii, why);
        }
        if (!rebuilding) {
            sb_init(&b, n + 8);
            sb_add(&b, (const char *)d, i);
            rebuilding = true;
        }
        if (replace)
            sb_adds(&b, "\xef\xbf\xbd");
        i += bad;
    }
    return rebuilding ? sb_to_str(&b) : str_new((const char *)d, n);
}

/* bytes.decode / str(bytes, ...): encoding and errors are str or V_NULL (defaults). */
Val bytes_decode(const uint8_t *d, size_t n, Val encoding, Val errors)
{
    const char *enc = encoding && IS_STR(encoding) ? CSTR(encoding) : "utf-8";
    if (kstrcmp(enc, "latin-1") == 0 || kstrcmp(enc, "latin1") == 0) {
        SBuf b;
        sb_init(&b, n);
        for (size_t i = 0; i < n; i++) {
            char o[4];
            sb_add(&b, o, utf8_encode(d[i], o));
        }
        return sb_to_str(&b);
    }
    const char *err = errors && IS_STR(errors) ? CSTR(errors) : "strict";
    return decode_utf8(d, n, kstrcmp(enc, "ascii") == 0, err);
}

METHOD(b_decode)
{
    uint8_t *d; size_t n; bool w;
    buffer_get(args[0], &d, &n, &w);
    Val enc = nargs > 1 ? args[1] : V_NULL, err = nargs > 2 ? args[2] : V_NULL, k;
    if ((k = kwarg(args, nargs, kw, "encoding"))) enc = k;
    if ((k = kwarg(args, nargs, kw, "errors"))) err = k;
    return bytes_decode(d, n, enc, err);
}

static const uint8_t *bfind(const uint8_t *h, size_t hl, const uint8_t *n, size_t nl, bool rev)
{
    if (nl > hl)
        return NULL;
    if (!rev) {
        for (size_t i = 0; i + nl <= hl; i++)
            if (memcmp(h + i, n, nl) == 0)
                return h + i;
    } else {
        for (size_t i = hl - nl + 1; i-- > 0;)
            if (memcmp(h + i, n, nl) == 0)
                return h + i;
    }
    return NULL;
}

static bool needle_of(Val v, uint8_t *tmp, const uint8_t **d, size_t *n)
{
    bool w;
    if (buffer_get(v, (uint8_t **)d, n, &w))
        return true;
    int64_t k;
    if (int_to_i64(v, &k) && k >= 0 && k < 256) {
        *tmp = (uint8_t)k;
        *d = tmp;
        *n = 1;
        return true;
    }
    raise(e_TypeError, "argument should be integer or bytes-like object, not '%s'", type_name(v));
    return false;
}

static bool range_args(Val *args, int nargs, int first, size_t n, size_t *a, size_t *b)
{
    int64_t x;
    *a = 0;
    *b = n;
    if (nargs > first && args[first] != V_NONE && int_to_i64(args[first], &x)) {
        if (x < 0) x += (int64_t)n;
        if (x < 0) x = 0;
        *a = (size_t)x > n ? n : (size_t)x;
    }
    if (nargs > first + 1 && args[first + 1] != V_NONE && int_to_i64(args[first + 1], &x)) {
        if (x < 0) x += (int64_t)n;
        if (x < 0) x = 0;
        *b = (size_t)x > n ? n : (size_t)x;
    }
    return *a <= *b;
}

static Val find_impl(Val *args, int nargs, bool rev, bool must)
{
    uint8_t *d; size_t n; bool w;
    buffer_get(args[0], &d, &n, &w);
    uint8_t tmp;
    const uint8_t *nd;
    size_t nl;
    if (nargs < 2 || !needle_of(args[1], &tmp, &nd, &nl))
        return V_NULL;
    size_t a, b;
    const uint8_t *f = range_args(args, nargs, 2, n, &a, &b) ? bfind(d + a, b - a, nd, nl, rev) : NULL;
    if (!f)
        return must ? raise(e_ValueError, "subsection not found") : MK_INT(-1);
    return MK_INT(f - d);
}

METHOD(b_find) { (void)kw; return find_impl(args, nargs, false, false); }
METHOD(b_rfind) { (void)kw; return find_impl(args, nargs, true, false); }
METHOD(b_index) { (void)kw; return find_impl(args, nargs, false, true); }

METHOD(b_count)
{
    (void)kw;
    uint8_t *d; size_t n; bool w;
    buffer_get(args[0], &d, &n, &w);
    uint8_t tmp;
    const uint8_t *nd;
    size_t nl;
    if (nargs < 2 || !needle_of(args[1], &tmp, &nd, &nl))
        return V_NULL;
    intptr_t c = 0;
    if (nl == 0)
        return MK_INT((intptr_t)n + 1);
    for (size_t i = 0; i + nl <= n;) {
        if (memcmp(d + i, nd, nl) == 0) { c++; i += nl; }
        else i++;
    }
    return MK_INT(c);
}

/* A start index past the end matches nothing, not even an empty affix. */
static bool start_past_end(Val *args, int nargs, size_t n)
{
    int64_t x;
    return nargs > 2 && args[2] != V_NONE && int_to_i64(args[2], &x) && x > (int64_t)n;
}

static Val affix(Val *args, int nargs, bool end)
{
    const char *name = end ? "endswith" : "startswith";
    uint8_t *d; size_t n; bool w;
    buffer_get(args[0], &d, &n, &w);
    if (nargs < 2)
        return raise(e_TypeError, "%s() takes at least 1 argument (0 given)", name);
    if (nargs > 4)
        return raise(e_TypeError, "%s() takes at most 3 arguments (%d given)", name, nargs - 1);
    for (int i = 2; i < nargs; i++) {
        if (args[i] != V_NONE && !is_int(args[i]))
            return raise(e_TypeError, "slice indices must be integers or None or have an __index__ method");
    }
    size_t a, b;
    if (!range_args(args, nargs, 2, n, &a, &b) || start_past_end(args, nargs, n))
        return V_FALSE;
    Val *cands = &args[1];
    size_t nc = 1;
    if (IS_PTR(args[1]) && type_of(args[1])->kind == K_TUPLE)
        seq_items(args[1], &cands, &nc);
    for (size_t i = 0; i < nc; i++) {
        uint8_t *p; size_t pl;
        if (!buffer_get(cands[i], &p, &pl, &w))
            return raise(e_TypeError, "%s first arg must be bytes or a tuple of bytes, not %s",
                         name, type_name(cands[i]));
        if (pl <= b - a && memcmp(end ? d + b - pl : d + a, p, pl) == 0)
            return V_TRUE;
    }
    return V_FALSE;
}

METHOD(b_startswith) { (void)kw; return affix(args, nargs, false); }
METHOD(b_endswith) { (void)kw; return affix(args, nargs, true); }

static Val same_kind(Val self, const uint8_t *d, size_t n)
{
    if (type_of(self)->kind == K_BYTEARRAY)
        return bytearray_new(d, n);
    return bytes_new(d, n);
}

METHOD(b_join)
{
    (void)kw; (void)nargs;
    uint8_t *sep; size_t sl; bool w;
    buffer_get(args[0], &sep, &sl, &w);
    Val l = seq_to_list(args[1]);
    if (!l)
        return V_NULL;
    SBuf b;
    sb_init(&b, 64);
    for (size_t i = 0; i < LST(l)->len; i++) {
        uint8_t *p; size_t pl;
        if (memview_released(LIST_ITEMS(l)[i]))
            return V_NULL;
        if (!buffer_get(LIST_ITEMS(l)[i], &p, &pl, &w))
            return raise(e_TypeError, "sequence item %d: expected a bytes-like object, %s found", (int)i, type_name(LIST_ITEMS(l)[i]));
        buffer_get(args[0], &sep, &sl, &w);
        if (i) sb_add(&b, (const char *)sep, sl);
        sb_add(&b, (const char *)p, pl);
    }
    Val r = sb_to_bytes(&b);
    return r && type_of(args[0])->kind == K_BYTEARRAY ? same_kind(args[0], ((Bytes *)r)->d, ((Bytes *)r)->len) : r;
}

METHOD(b_split)
{
    uint8_t *d; size_t n; bool w;
    buffer_get(args[0], &d, &n, &w);
    Val sep = nargs > 1 ? args[1] : kwarg(args, nargs, kw, "sep");
    Val mx = nargs > 2 ? args[2] : kwarg(args, nargs, kw, "maxsplit");
    intptr_t maxsplit = mx ? INT_VAL(mx) : -1;
    Val out = list_new(0);
    if (!sep || sep == V_NONE) {
        size_t i = 0;
        while (i < n) {
            while (i < n && (d[i] == ' ' || (d[i] >= 9 && d[i] <= 13))) i++;
            if (i >= n) break;
            size_t j = i;
            if (maxsplit == 0) j = n;
            else while (j < n && !(d[j] == ' ' || (d[j] >= 9 && d[j] <= 13))) j++;
            list_append(out, same_kind(args[0], d + i, j - i));
            buffer_get(args[0], &d, &n, &w);
            if (maxsplit > 0) maxsplit--;
            i = j;
        }
        return out;
    }
    uint8_t *s; size_t sl;
    if (!buffer_get(sep, &s, &sl, &w))
        return raise(e_TypeError, "a bytes-like object is required, not '%s'", type_name(sep));
    if (sl == 0)
        return raise(e_ValueError, "empty separator");
    size_t i = 0;
    for (;;) {
        const uint8_t *f = maxsplit == 0 ? NULL : bfind(d + i, n - i, s, sl, false);
        if (!f) {
            list_append(out, same_kind(args[0], d + i, n - i));
            break;
        }
        size_t at = (size_t)(f - d);
        list_append(out, same_kind(args[0], d + i, at - i));
        buffer_get(args[0], &d, &n, &w);
        i = at + sl;
        if (maxsplit > 0) maxsplit--;
    }
    return out;
}

static bool memchr_k(const uint8_t *s, size_t n, uint8_t c)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] == c)
            return true;
    return false;
}

METHOD(b_strip)
{
    (void)kw;
    uint8_t *d; size_t n; bool w;
    buffer_get(args[0], &d, &n, &w);
    size_t a = 0, b = n;
    uint8_t *cs = (uint8_t *)" \t\n\r\x0b\x0c";
    size_t cl = 6;
    if (nargs > 1 && args[1] != V_NONE)
        buffer_get(args[1], &cs, &cl, &w);
    while (a < b && memchr_k(cs, cl, d[a])) a++;
    while (b > a && memchr_k(cs, cl, d[b - 1])) b--;
    return same_kind(args[0], d + a, b - a);
}

METHOD(b_replace)
{
    (void)kw;
    if (!check_nargs("replace", nargs, 3, 4))
        return V_NULL;
    uint8_t *d, *o, *r; size_t n, ol, rl; bool w;
    buffer_get(args[0], &d, &n, &w);
    if (!buffer_get(args[1], &o, &ol, &w) || !buffer_get(args[2], &r, &rl, &w))
        return raise(e_TypeError, "a bytes-like object is required");
    SBuf b;
    sb_init(&b, n);
    size_t i = 0;
    intptr_t count = nargs > 3 ? INT_VAL(args[3]) : -1;
    if (ol == 0) {
        for (size_t k = 0; k <= n; k++) {
            if (count != 0) { sb_add(&b, (const char *)r, rl); if (count > 0) count--; }
            if (k < n) sb_addc(&b, (char)d[k]);
        }
        Val res0 = sb_to_bytes(&b);
        return res0 && type_of(args[0])->kind == K_BYTEARRAY ? same_kind(args[0], ((Bytes *)res0)->d, ((Bytes *)res0)->len) : res0;
    }
    while (i <= n && count != 0 && ol > 0) {
        const uint8_t *f = bfind(d + i, n - i, o, ol, false);
        if (!f) break;
        sb_add(&b, (const char *)d + i, (size_t)(f - d) - i);
        sb_add(&b, (const char *)r, rl);
        i = (size_t)(f - d) + ol;
        if (count > 0) count--;
    }
    sb_add(&b, (const char *)d + i, n - i);
    Val res = sb_to_bytes(&b);
    return res && type_of(args[0])->kind == K_BYTEARRAY ? same_kind(args[0], ((Bytes *)res)->d, ((Bytes *)res)->len) : res;
}

static Val case_map(Val self, bool upper)
{
    uint8_t *d; size_t n; bool w;
    buffer_get(self, &d, &n, &w);
    Val r = same_kind(self, d, n);
    if (!r)
        return V_NULL;
    buffer_get(r, &d, &n, &w);
    for (size_t i = 0; i < n; i++) {
        if (upper && d[i] >= 'a' && d[i] <= 'z') d[i] -= 32;
        else if (!upper && d[i] >= 'A' && d[i] <= 'Z') d[i] += 32;
    }
    return r;
}

METHOD(b_upper) { (void)kw; (void)nargs; return case_map(args[0], true); }
METHOD(b_lower) { (void)kw; (void)nargs; return case_map(args[0], false); }

/* bytearray mutation */
METHOD(ba_append)
{
    (void)kw;
    if (!check_nargs("append", nargs, 2, 2))
        return V_NULL;
    int64_t k;
    if (!int_to_i64(args[1], &k))
        return raise(e_TypeError, "'%s' object cannot be interpreted as an integer", type_name(args[1]));
    if (k < 0 || k > 255)
        return raise(e_ValueError, "byte must be in range(0, 256)");
    ByteArray *b = (ByteArray *)args[0];
    if (!bytearray_resize(b, b->len + 1))
        return V_NULL;
    b->buf->d[b->len - 1] = (uint8_t)k;
    return V_NONE;
}

METHOD(ba_extend)
{
    (void)kw;
    if (!check_nargs("extend", nargs, 2, 2))
        return V_NULL;
    ByteArray *b = (ByteArray *)args[0];
    uint8_t *d; size_t n; bool w;
    Val src = args[1];
    if (!buffer_get(src, &d, &n, &w)) {
        src = bytes_from_obj(src, kr_types[K_BYTES]);
        if (!src)
            return V_NULL;
        buffer_get(src, &d, &n, &w);
    }
    size_t old = b->len;
    if (!bytearray_resize(b, old + n))
        return V_NULL;
    buffer_get(src, &d, &n, &w);
    memmove(b->buf->d + old, d, n);
    return V_NONE;
}

METHOD(ba_pop)
{
    (void)kw;
    ByteArray *b = (ByteArray *)args[0];
    if (b->len == 0)
        return raise(e_IndexError, "pop from empty bytearray");
    intptr_t i = (intptr_t)b->len - 1;
    if (nargs > 1 && !index_of(args[1], (intptr_t)b->len, &i, "pop"))
        return V_NULL;
    uint8_t v = b->buf->d[i];
    memmove(b->buf->d + i, b->buf->d + i + 1, b->len - (size_t)i - 1);
    b->len--;
    return MK_INT(v);
}

METHOD(ba_clear) { (void)kw; (void)nargs; ((ByteArray *)args[0])->len = 0; return V_NONE; }
METHOD(ba_copy) { (void)kw; (void)nargs; ByteArray *b = (ByteArray *)args[0]; return bytearray_new(b->buf->d, b->len); }

METHOD(mv_tobytes)
{
    (void)kw; (void)nargs;
    uint8_t *d; size_t n; bool w;
    if (!buffer_get(args[0], &d, &n, &w))
        return V_NULL;
    return bytes_new(d, n);
}

METHOD(mv_tolist)
{
    (void)kw; (void)nargs;
    uint8_t *d; size_t n; bool w;
    if (!buffer_get(args[0], &d, &n, &w))
        return V_NULL;
    Val l = list_new(n);
    if (!l)
        return V_NULL;
    buffer_get(args[0], &d, &n, &w);
    for (size_t i = 0; i < n; i++)
        LIST_ITEMS(l)[i] = MK_INT(d[i]);
    return l;
}

/* A released view forbids every later use of its memory. */
METHOD(mv_release) { (void)kw; (void)nargs; ((MemView *)args[0])->released = true; return V_NONE; }
METHOD(mv_enter) { (void)kw; (void)nargs; return memview_released(args[0]) ? V_NULL : args[0]; }
METHOD(mv_exit) { (void)kw; (void)nargs; ((MemView *)args[0])->released = true; return V_FALSE; }

void bytes_init(void)
{
    for (int i = 0; i < 3; i++) {
        Type *t = kr_types[i == 0 ? K_BYTES : i == 1 ? K_BYTEARRAY : K_MEMVIEW];
        type_add_method(t, "hex", b_hex);
        if (i == 2) break;
        type_add_static(t, "__new__", bytes_make);
        type_add_classmethod(t, "fromhex", b_fromhex);
        type_add_method(t, "decode", b_decode);
        type_add_method(t, "find", b_find);
        type_add_method(t, "rfind", b_rfind);
        type_add_method(t, "index", b_index);
        type_add_method(t, "count", b_count);
        type_add_method(t, "startswith", b_startswith);
        type_add_method(t, "endswith", b_endswith);
        type_add_method(t, "join", b_join);
        type_add_method(t, "split", b_split);
        type_add_method(t, "strip", b_strip);
        type_add_method(t, "replace", b_replace);
        type_add_method(t, "upper", b_upper);
        type_add_method(t, "lower", b_lower);
    }
    Type *ba = kr_types[K_BYTEARRAY];
    type_add_method(ba, "append", ba_append);
    type_add_method(ba, "extend", ba_extend);
    type_add_method(ba, "pop", ba_pop);
    type_add_method(ba, "clear", ba_clear);
    type_add_method(ba, "copy", ba_copy);
    Type *mv = kr_types[K_MEMVIEW];
    type_add_static(mv, "__new__", mv_make);
    type_add_method(mv, "tobytes", mv_tobytes);
    type_add_method(mv, "tolist", mv_tolist);
    type_add_method(mv, "release", mv_release);
    type_add_method(mv, "__enter__", mv_enter);
    type_add_method(mv, "__exit__", mv_exit);
}
