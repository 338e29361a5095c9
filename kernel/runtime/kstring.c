/* kstring: the memory and string primitives gcc may call, and a growable
 * byte buffer in the GC heap used to build strings. */
#include "obj.h"

void *memcpy(void *dst, const void *src, size_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;
    while (n >= 16) {
        uint64_t w0, w1;
        __builtin_memcpy(&w0, s, 8);
        __builtin_memcpy(&w1, s + 8, 8);
        __builtin_memcpy(d, &w0, 8);
        __builtin_memcpy(d + 8, &w1, 8);
        d += 16;
        s += 16;
        n -= 16;
    }
    if (n >= 8) {
        uint64_t w;
        __builtin_memcpy(&w, s, 8);
        __builtin_memcpy(d, &w, 8);
        d += 8;
        s += 8;
        n -= 8;
    }
    while (n--)
        *d++ = *s++;
    return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;
    if (d == s || n == 0)
        return dst;
    if (d < s || d >= s + n)
        return memcpy(dst, src, n);
    /* Overlapping with dst above src (list.insert, bytearray growth at the front): from the end, a word
     * at a time; each word is loaded before it is stored, so what it overwrites was already moved. */
    while (n >= 8) {
        uint64_t w;
        n -= 8;
        __builtin_memcpy(&w, s + n, 8);
        __builtin_memcpy(d + n, &w, 8);
    }
    while (n--)
        d[n] = s[n];
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    uint8_t *d = dst;
    uint64_t w = (uint8_t)c * 0x0101010101010101ull;
    while (n >= 16) {
        __builtin_memcpy(d, &w, 8);
        __builtin_memcpy(d + 8, &w, 8);
        d += 16;
        n -= 16;
    }
    if (n >= 8) {
        __builtin_memcpy(d, &w, 8);
        d += 8;
        n -= 8;
    }
    while (n--)
        *d++ = (uint8_t)c;
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const uint8_t *x = a, *y = b;
    for (size_t i = 0; i < n; i++)
        if (x[i] != y[i])
            return x[i] < y[i] ? -1 : 1;
    return 0;
}

size_t kstrlen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

int kstrcmp(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return (uint8_t)*a - (uint8_t)*b;
}

/* ---- SBuf ---- */

void sb_init(SBuf *b, size_t cap)
{
    b->raw = gc_alloc_raw(cap < 16 ? 16 : cap);
    b->len = 0;
}

static bool sb_reserve(SBuf *b, size_t extra)
{
    if (!b->raw)
        return false;
    if (b->len + extra + 1 <= b->raw->cap)
        return true;
    size_t cap = b->raw->cap * 2;
    while (cap < b->len + extra + 1)
        cap *= 2;
    Raw *r = gc_alloc_raw(cap);
    if (!r) {
        b->raw = NULL;
        return false;
    }
    memcpy(r->d, b->raw->d, b->len);
    b->raw = r;
    return true;
}

bool sb_add(SBuf *b, const char *s, size_t n)
{
    if (!sb_reserve(b, n))
        return false;
    memcpy(b->raw->d + b->len, s, n);
    b->len += n;
    return true;
}

bool sb_addc(SBuf *b, char c) { return sb_add(b, &c, 1); }
bool sb_adds(SBuf *b, const char *s) { return sb_add(b, s, kstrlen(s)); }
bool sb_addv(SBuf *b, Val s) { return sb_add(b, CSTR(s), STR(s)->len); }

Val sb_to_str(SBuf *b)
{
    if (!b->raw)
        return V_NULL;
    return str_new((const char *)b->raw->d, b->len);
}

Val sb_to_bytes(SBuf *b)
{
    if (!b->raw)
        return V_NULL;
    return bytes_new(b->raw->d, b->len);
}
