/* inet: the Internet checksum (RFC 1071) over bytes-like objects, in C for speed. */
#include "obj.h"

/* One's-complement sum of big-endian 16-bit words, added to acc (64-bit, folded later). */
static uint64_t sum_words(const uint8_t *d, size_t n, uint64_t acc)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        acc += ((uint32_t)d[i] << 8 | d[i + 1]) + ((uint32_t)d[i + 2] << 8 | d[i + 3]) +
               ((uint32_t)d[i + 4] << 8 | d[i + 5]) + ((uint32_t)d[i + 6] << 8 | d[i + 7]);
    }
    for (; i + 2 <= n; i += 2)
        acc += (uint32_t)d[i] << 8 | d[i + 1];
    if (i < n)
        acc += (uint32_t)d[i] << 8;
    return acc;
}

static uint32_t fold32(uint64_t s)
{
    while (s >> 32)
        s = (s & 0xffffffffu) + (s >> 32);
    return (uint32_t)s;
}

static uint16_t fold16(uint64_t s)
{
    while (s >> 16)
        s = (s & 0xffffu) + (s >> 16);
    return (uint16_t)s;
}

static bool get_args(Val *args, int nargs, Val kw, const char *accname, uint8_t **d, size_t *n, uint64_t *acc)
{
    bool w;
    if (nargs < 1 || nargs > 2) {
        raise(e_TypeError, "expected 1 or 2 arguments, got %d", nargs);
        return false;
    }
    if (!buffer_get(args[0], d, n, &w)) {
        raise(e_TypeError, "a bytes-like object is required, not '%s'", type_name(args[0]));
        return false;
    }
    Val a = nargs > 1 ? args[1] : kwarg(args, nargs, kw, accname);
    *acc = 0;
    if (a) {
        int64_t v;
        if (!int_to_i64(a, &v) || v < 0) {
            raise(e_ValueError, "%s must be a non-negative int", accname);
            return false;
        }
        *acc = (uint64_t)v;
    }
    return true;
}

static Val inet_checksum(Val *args, int nargs, Val kw)
{
    uint8_t *d;
    size_t n;
    uint64_t acc;
    if (!get_args(args, nargs, kw, "start", &d, &n, &acc))
        return V_NULL;
    return MK_INT((uint16_t)~fold16(sum_words(d, n, acc)));
}

static Val inet_sum16(Val *args, int nargs, Val kw)
{
    uint8_t *d;
    size_t n;
    uint64_t acc;
    if (!get_args(args, nargs, kw, "acc", &d, &n, &acc))
        return V_NULL;
    return int_from_u64(fold32(sum_words(d, n, acc)));
}

static const vm_native_def inet_fns[] = {
    {"checksum", inet_checksum}, {"sum16", inet_sum16}, {NULL, NULL},
};

void mod_inet_init(void)
{
    native_module("inet", inet_fns);
}
