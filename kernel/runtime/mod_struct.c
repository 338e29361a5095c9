/* struct: pack/unpack of C-style binary records, as CPython's struct module. */
#include "obj.h"

static Type *struct_error;

typedef struct Item { size_t count; size_t offset; uint8_t size; char code; } Item;
typedef struct Layout { bool big; bool native; size_t size; int nitems; int nvalues; Item items[64]; } Layout;

static size_t code_size(char c, bool native)
{
    switch (c) {
    case 'x': case 'c': case 'b': case 'B': case '?': case 's': case 'p': return 1;
    case 'h': case 'H': case 'e': return 2;
    case 'i': case 'I': case 'f': return 4;
    case 'l': case 'L': return native ? 8 : 4;
    case 'q': case 'Q': case 'd': case 'n': case 'N': case 'P': return 8;
    default: return 0;
    }
}

static bool parse_text(const char *s, size_t len, Layout *L)
{
    size_t i = 0;
    L->big = false;
    L->native = true;
    if (len > 0) {
        switch (s[0]) {
        case '@': i = 1; break;
        case '=': L->native = false; i = 1; break;
        case '<': L->native = false; i = 1; break;
        case '>': case '!': L->native = false; L->big = true; i = 1; break;
        default: break;
        }
    }
    size_t off = 0;
    L->nitems = 0;
    L->nvalues = 0;
    while (i < len) {
        char c = s[i];
        if (c == ' ' || c == '\t' || c == '\n') { i++; continue; }
        size_t count = 1;
        bool has_count = false;
        if (c >= '0' && c <= '9') {
            count = 0;
            while (i < len && s[i] >= '0' && s[i] <= '9')
                count = count * 10 + (size_t)(s[i++] - '0');
            has_count = true;
            if (i >= len) {
                raise_val(exc_new(struct_error, tuple_pack(1, str_from_cstr("repeat count given without format specifier"))));
                return false;
            }
            c = s[i];
        }
        i++;
        size_t sz = code_size(c, L->native);
        if (sz == 0 || (!L->native && (c == 'n' || c == 'N' || c == 'P'))) {
            raise_val(exc_new(struct_error, tuple_pack(1, str_from_cstr("bad char in struct format"))));
            return false;
        }
        if (L->native && c != 's' && c != 'p' && c != 'x' && c != 'c') {
            size_t a = sz;
            off = (off + a - 1) / a * a;
        }
        if (L->nitems >= 64) {
            raise_val(exc_new(struct_error, tuple_pack(1, str_from_cstr("format too long"))));
            return false;
        }
        Item *it = &L->items[L->nitems++];
        it->code = c;
        it->count = count;
        it->size = (uint8_t)sz;
        it->offset = off;
        if (c == 's' || c == 'p') {
            off += count;
            L->nvalues += 1;
        } else if (c == 'x') {
            off += count;
        } else {
            off += sz * count;
            L->nvalues += (int)count;
        }
        (void)has_count;
    }
    L->size = off;
    return true;
}

/* Parsed layouts of recent formats. Looked up by the format object's address but matched by its
 * text, so a format string freed and another made at the same address can only match when it
 * says the same. Callers get a copy: packing may run Python (__index__) that uses struct too. */
#define LAYOUT_CACHE_SIZE 8             /* a power of 2 */
#define LAYOUT_FMT_MAX 32
typedef struct LayoutCacheEntry { uint32_t len_plus_1; char fmt[LAYOUT_FMT_MAX]; Layout L; } LayoutCacheEntry;
static LayoutCacheEntry layout_cache[LAYOUT_CACHE_SIZE];

static void layout_copy(Layout *dst, const Layout *src)
{
    memcpy(dst, src, offsetof(Layout, items) + (size_t)src->nitems * sizeof(Item));
}

static bool parse_fmt(Val fmt, Layout *L)
{
    const char *s;
    size_t len;
    if (IS_STR(fmt)) {
        s = CSTR(fmt);
        len = STR(fmt)->len;
    } else if (IS_PTR(fmt) && type_of(fmt)->kind == K_BYTES) {
        s = (const char *)((Bytes *)fmt)->d;
        len = ((Bytes *)fmt)->len;
    } else {
        raise(e_TypeError, "Struct() argument 1 must be a str or bytes object, not %s", type_name(fmt));
        return false;
    }
    if (len >= LAYOUT_FMT_MAX)
        return parse_text(s, len, L);
    LayoutCacheEntry *e = &layout_cache[((uintptr_t)fmt >> 4) & (LAYOUT_CACHE_SIZE - 1)];
    if (e->len_plus_1 == len + 1 && memcmp(e->fmt, s, len) == 0) {
        layout_copy(L, &e->L);
        return true;
    }
    if (!parse_text(s, len, L))
        return false;
    layout_copy(&e->L, L);
    memcpy(e->fmt, s, len);
    e->len_plus_1 = (uint32_t)len + 1;
    return true;
}

static Val err(const char *msg)
{
    return raise_val(exc_new(struct_error, tuple_pack(1, str_from_cstr(msg))));
}

/* The n-byte integer at p, in network (big) or x86's own (little) byte order: one load or store and a
 * byte swap for the usual sizes (every header field goes through here). */
static inline void put_uint(uint8_t *p, uint64_t v, size_t n, bool big)
{
    switch (n) {
    case 1:
        p[0] = (uint8_t)v;
        return;
    case 2: {
        uint16_t x = big ? __builtin_bswap16((uint16_t)v) : (uint16_t)v;
        __builtin_memcpy(p, &x, 2);
        return;
    }
    case 4: {
        uint32_t x = big ? __builtin_bswap32((uint32_t)v) : (uint32_t)v;
        __builtin_memcpy(p, &x, 4);
        return;
    }
    case 8: {
        uint64_t x = big ? __builtin_bswap64(v) : v;
        __builtin_memcpy(p, &x, 8);
        return;
    }
    }
    for (size_t i = 0; i < n; i++)
        p[big ? n - 1 - i : i] = (uint8_t)(v >> (8 * i));
}

static inline uint64_t get_uint(const uint8_t *p, size_t n, bool big)
{
    switch (n) {
    case 1:
        return p[0];
    case 2: {
        uint16_t x;
        __builtin_memcpy(&x, p, 2);
        return big ? __builtin_bswap16(x) : x;
    }
    case 4: {
        uint32_t x;
        __builtin_memcpy(&x, p, 4);
        return big ? __builtin_bswap32(x) : x;
    }
    case 8: {
        uint64_t x;
        __builtin_memcpy(&x, p, 8);
        return big ? __builtin_bswap64(x) : x;
    }
    }
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++)
        v |= (uint64_t)p[big ? n - 1 - i : i] << (8 * i);
    return v;
}

static inline bool is_uint_code(char c)
{
    return c == 'B' || c == 'H' || c == 'I' || c == 'L' || c == 'Q' || c == 'N' || c == 'P';
}

static bool pack_one(char c, size_t sz, uint8_t *p, Val v, bool big)
{
    switch (c) {
    case 'c': {
        uint8_t *d; size_t n; bool w;
        if (!IS_PTR(v) || (type_of(v)->kind != K_BYTES && type_of(v)->kind != K_BYTEARRAY) || !buffer_get(v, &d, &n, &w) || n != 1) {
            err("char format requires a bytes object of length 1");
            return false;
        }
        *p = d[0];
        return true;
    }
    case '?': {
        int t = truthy(v);
        if (t < 0) return false;
        *p = (uint8_t)t;
        return true;
    }
    case 'f': case 'd': case 'e': {
        double d;
        if (!num_to_double(v, &d)) {
            if (!TS->cur_exc) err("required argument is not a float");
            return false;
        }
        if (c == 'f') {
            float f = (float)d;
            uint32_t u;
            memcpy(&u, &f, 4);
            put_uint(p, u, 4, big);
        } else if (c == 'd') {
            uint64_t u;
            memcpy(&u, &d, 8);
            put_uint(p, u, 8, big);
        } else {
            err("format 'e' is not supported");
            return false;
        }
        return true;
    }
    default:
        break;
    }
    if (!is_int(v)) {
        bool found = false;
        Val r = IS_PTR(v) ? call_special(v, kr_dunder[D_INDEX], NULL, 0, &found) : V_NULL;
        if (!found || !r) {
            if (!TS->cur_exc) err("required argument is not an integer");
            return false;
        }
        v = r;
    }
    bool is_unsigned = is_uint_code(c);
    int64_t x;
    uint64_t u;
    if (is_unsigned && IS_INT(v) && INT_VAL(v) >= 0 && (sz == 8 || !((uint64_t)INT_VAL(v) >> (8 * sz)))) {
        /* A small int in range (nearly every value packed): no bignum to build for the check. */
        u = (uint64_t)INT_VAL(v);
    } else if (is_unsigned) {
        if (int_cmp(v, MK_INT(0)) < 0 || !bn_to_u64(int_to_bn(v), &u) || (sz < 8 && u >> (8 * sz))) {
            if (c == 'B') err("ubyte format requires 0 <= number <= 255");
            else if (sz < 8) {
                Val msg = format_c("'%s' format requires 0 <= number <= %S", c == 'H' ? "H" : c == 'I' ? "I" : "L",
                                   int_from_u64((1ull << (8 * sz)) - 1));
                raise_val(exc_new(struct_error, tuple_pack(1, msg)));
            } else err("argument out of range");
            return false;
        }
    } else {
        if (!int_to_i64(v, &x) || (sz < 8 && (x < -((int64_t)1 << (8 * sz - 1)) || x >= ((int64_t)1 << (8 * sz - 1))))) {
            if (c == 'b') err("byte format requires -128 <= number <= 127");
            else if (sz < 8) {
                Val msg = format_c("'%s' format requires %S <= number <= %S", c == 'h' ? "h" : c == 'i' ? "i" : "l",
                                   int_from_i64(-((int64_t)1 << (8 * sz - 1))), int_from_i64(((int64_t)1 << (8 * sz - 1)) - 1));
                raise_val(exc_new(struct_error, tuple_pack(1, msg)));
            } else err("argument out of range");
            return false;
        }
        u = (uint64_t)x;
    }
    put_uint(p, u, sz, big);
    return true;
}

static Val unpack_one(char c, size_t sz, const uint8_t *p, bool big)
{
    switch (c) {
    case 'c': return bytes_new(p, 1);
    case '?': return MK_BOOL(*p != 0);
    case 'f': {
        uint32_t u = (uint32_t)get_uint(p, 4, big);
        float f;
        memcpy(&f, &u, 4);
        return float_new((double)f);
    }
    case 'd': {
        uint64_t u = get_uint(p, 8, big);
        double d;
        memcpy(&d, &u, 8);
        return float_new(d);
    }
    case 'B': case 'H': case 'I': case 'L': case 'Q': case 'N': case 'P':
        return int_from_u64(get_uint(p, sz, big));
    default: {
        uint64_t u = get_uint(p, sz, big);
        if (sz < 8 && (u >> (8 * sz - 1)))
            u |= ~0ull << (8 * sz);
        return int_from_i64((int64_t)u);
    }
    }
}

/* Page-aligned, as unpack_buf: each header field's turn of the loop crossed a page boundary when the function
 * straddled one, a lookup of translated code per crossing under TCG (bench/paths/lookups.py: 63 per RTL8139
 * flood reply for the two). */
static __attribute__((aligned(4096))) bool pack_into_buf(Layout *L, uint8_t *out, Val *vals, int nvals)
{
    if (nvals != L->nvalues) {
        Val msg = format_c("pack expected %d items for packing (got %d)", L->nvalues, nvals);
        raise_val(exc_new(struct_error, tuple_pack(1, msg)));
        return false;
    }
    memset(out, 0, L->size);
    int vi = 0;
    for (int i = 0; i < L->nitems; i++) {
        Item *it = &L->items[i];
        if (it->code == 'x')
            continue;
        if (it->code == 's' || it->code == 'p') {
            uint8_t *d; size_t n; bool w;
            Val v = vals[vi++];
            if (!IS_PTR(v) || (type_of(v)->kind != K_BYTES && type_of(v)->kind != K_BYTEARRAY) || !buffer_get(v, &d, &n, &w)) {
                err(it->code == 's' ? "argument for 's' must be a bytes object" : "argument for 'p' must be a bytes object");
                return false;
            }
            if (it->code == 's') {
                memcpy(out + it->offset, d, n < it->count ? n : it->count);
            } else if (it->count > 0) {
                size_t m = n < it->count - 1 ? n : it->count - 1;
                out[it->offset] = (uint8_t)(m > 255 ? 255 : m);
                memcpy(out + it->offset + 1, d, m);
            }
            continue;
        }
        bool uint = is_uint_code(it->code);
        for (size_t k = 0; k < it->count; k++) {
            Val v = vals[vi++];
            uint8_t *p = out + it->offset + k * it->size;
            if (uint && IS_INT(v) && INT_VAL(v) >= 0 && (it->size == 8 || !((uint64_t)INT_VAL(v) >> (8 * it->size)))) {
                put_uint(p, (uint64_t)INT_VAL(v), it->size, L->big);      /* pack_one's common case */
                continue;
            }
            if (!pack_one(it->code, it->size, p, v, L->big))
                return false;
        }
    }
    return true;
}

static __attribute__((aligned(4096))) Val unpack_buf(Layout *L, const uint8_t *d)
{
    Val t = tuple_new((size_t)L->nvalues);
    if (!t)
        return V_NULL;
    int vi = 0;
    for (int i = 0; i < L->nitems; i++) {
        Item *it = &L->items[i];
        if (it->code == 'x')
            continue;
        if (it->code == 's') {
            Val b = bytes_new(d + it->offset, it->count);
            if (!b) return V_NULL;
            TUP(t)->items[vi++] = b;
            continue;
        }
        if (it->code == 'p') {
            size_t n = it->count ? d[it->offset] : 0;
            if (it->count && n > it->count - 1) n = it->count - 1;
            Val b = bytes_new(d + it->offset + 1, n);
            if (!b) return V_NULL;
            TUP(t)->items[vi++] = b;
            continue;
        }
        bool uint = is_uint_code(it->code) && it->size < 8;        /* (these always fit a small int) */
        for (size_t k = 0; k < it->count; k++) {
            const uint8_t *p = d + it->offset + k * it->size;
            Val v = uint ? MK_INT((intptr_t)get_uint(p, it->size, L->big)) : unpack_one(it->code, it->size, p, L->big);
            if (!v) return V_NULL;
            TUP(t)->items[vi++] = v;
        }
    }
    return t;
}

static Val s_calcsize(Val *args, int nargs, Val kw)
{
    (void)kw;
    Layout L;
    if (nargs != 1)
        return raise(e_TypeError, "calcsize() takes exactly one argument (%d given)", nargs);
    if (!parse_fmt(args[0], &L))
        return V_NULL;
    return MK_INT((intptr_t)L.size);
}

static Val s_pack(Val *args, int nargs, Val kw)
{
    (void)kw;
    Layout L;
    if (nargs < 1)
        return raise(e_TypeError, "pack expected at least 1 argument, got 0");
    if (!parse_fmt(args[0], &L))
        return V_NULL;
    Val b = bytes_alloc(L.size);
    if (!b || !pack_into_buf(&L, ((Bytes *)b)->d, args + 1, nargs - 1))
        return V_NULL;
    return b;
}

static Val s_pack_into(Val *args, int nargs, Val kw)
{
    (void)kw;
    Layout L;
    if (nargs < 3)
        return raise(e_TypeError, "pack_into expected at least 3 arguments, got %d", nargs);
    if (!parse_fmt(args[0], &L))
        return V_NULL;
    uint8_t *d; size_t n; bool w;
    if (!buffer_get(args[1], &d, &n, &w) || !w)
        return raise(e_TypeError, "argument must be read-write bytes-like object, not %s", type_name(args[1]));
    int64_t off;
    if (!int_to_i64(args[2], &off))
        return raise(e_TypeError, "'%s' object cannot be interpreted as an integer", type_name(args[2]));
    if (off < 0) off += (int64_t)n;
    if (off < 0 || (size_t)off + L.size > n) {
        Val msg = format_c("pack_into requires a buffer of at least %d bytes for packing %d bytes at offset %d (actual buffer size is %d)",
                           (int)((size_t)off + L.size), (int)L.size, (int)off, (int)n);
        return raise_val(exc_new(struct_error, tuple_pack(1, msg)));
    }
    /* Packed aside first (an __index__ may run Python that changes the buffer), on the stack when
     * small: a heap temporary for every header written cost more than the packing. */
    uint8_t small[256];
    uint8_t *out = small;
    if (L.size > sizeof small) {
        Raw *tmp = gc_alloc_raw(L.size + 1);
        if (!tmp)
            return V_NULL;
        out = tmp->d;
    }
    if (!pack_into_buf(&L, out, args + 3, nargs - 3))
        return V_NULL;
    buffer_get(args[1], &d, &n, &w);
    memcpy(d + off, out, L.size);
    return V_NONE;
}

static Val s_unpack(Val *args, int nargs, Val kw)
{
    (void)kw;
    Layout L;
    if (nargs != 2)
        return raise(e_TypeError, "unpack expected 2 arguments, got %d", nargs);
    if (!parse_fmt(args[0], &L))
        return V_NULL;
    uint8_t *d; size_t n; bool w;
    if (!buffer_get(args[1], &d, &n, &w))
        return raise(e_TypeError, "a bytes-like object is required, not '%s'", type_name(args[1]));
    if (n != L.size) {
        Val msg = format_c("unpack requires a buffer of %d bytes", (int)L.size);
        return raise_val(exc_new(struct_error, tuple_pack(1, msg)));
    }
    return unpack_buf(&L, d);
}

static Val s_unpack_from(Val *args, int nargs, Val kw)
{
    Layout L;
    Val offv = nargs > 2 ? args[2] : kwarg(args, nargs, kw, "offset");
    if (nargs < 2)
        return raise(e_TypeError, "unpack_from expected at least 2 arguments");
    if (!parse_fmt(args[0], &L))
        return V_NULL;
    uint8_t *d; size_t n; bool w;
    if (!buffer_get(args[1], &d, &n, &w))
        return raise(e_TypeError, "a bytes-like object is required, not '%s'", type_name(args[1]));
    int64_t off = 0;
    if (offv && !int_to_i64(offv, &off))
        return raise(e_TypeError, "'%s' object cannot be interpreted as an integer", type_name(offv));
    if (off < 0) {
        if (off + (int64_t)n < 0)
            return err("offset out of range");
        off += (int64_t)n;
    }
    if ((size_t)off + L.size > n) {
        Val msg = format_c("unpack_from requires a buffer of at least %d bytes for unpacking %d bytes at offset %d (actual buffer size is %d)",
                           (int)((size_t)off + L.size), (int)L.size, (int)off, (int)n);
        return raise_val(exc_new(struct_error, tuple_pack(1, msg)));
    }
    return unpack_buf(&L, d + off);
}

static Val s_iter_unpack(Val *args, int nargs, Val kw)
{
    (void)kw;
    Layout L;
    if (nargs != 2)
        return raise(e_TypeError, "iter_unpack expected 2 arguments, got %d", nargs);
    if (!parse_fmt(args[0], &L))
        return V_NULL;
    uint8_t *d; size_t n; bool w;
    if (!buffer_get(args[1], &d, &n, &w))
        return raise(e_TypeError, "a bytes-like object is required, not '%s'", type_name(args[1]));
    if (L.size == 0)
        return err("cannot iteratively unpack with a struct of length 0");
    if (n % L.size)
        return raise_val(exc_new(struct_error, tuple_pack(1, format_c("iterative unpacking requires a buffer of a multiple of %d bytes", (int)L.size))));
    Val l = list_new(0);
    for (size_t off = 0; off < n; off += L.size) {
        buffer_get(args[1], &d, &n, &w);
        Val t = unpack_buf(&L, d + off);
        if (!t || !list_append(l, t))
            return V_NULL;
    }
    return get_iter(l);
}

static const vm_native_def struct_fns[] = {
    {"calcsize", s_calcsize}, {"pack", s_pack}, {"pack_into", s_pack_into},
    {"unpack", s_unpack}, {"unpack_from", s_unpack_from}, {"iter_unpack", s_iter_unpack},
    {NULL, NULL},
};

void mod_struct_init(void)
{
    Val m = native_module("struct", struct_fns);
    struct_error = type_new_builtin("error", e_Exception, K_EXC);
    struct_error->module = str_intern_c("struct");
    gc_add_root((Val *)&struct_error);
    dict_set_cstr(((Module *)m)->dict, "error", (Val)struct_error);
}
