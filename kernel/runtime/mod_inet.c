/* inet: the Internet checksum (RFC 1071) over bytes-like objects (also fused with the copy of a transmitted
   payload), and SipHash-2-4 for TCP's initial sequence numbers (RFC 6528), in C for speed. */
#include "obj.h"

static uint16_t fold16(uint64_t s)
{
    while (s >> 16)
        s = (s & 0xffffu) + (s >> 16);
    return (uint16_t)s;
}

/* One's-complement sum of big-endian 16-bit words, added to acc (64-bit, folded later).
 * Eight bytes at a time are read in one load, as little-endian words: the sum does not depend on the
 * byte order (RFC 1071 2(B)), so the little-endian sum, folded and byte-swapped, is the big-endian one.
 * (A load per byte was most of a transmitted segment's checksum under an emulator.) */
static uint64_t sum_words(const uint8_t *d, size_t n, uint64_t acc)
{
    size_t i = 0;
    if (n >= 8) {
        uint64_t le = 0;
        for (; i + 8 <= n; i += 8) {
            uint64_t w;
            __builtin_memcpy(&w, d + i, 8);
            le += (w & 0xffffffffu) + (w >> 32);    /* < 2**33 a step: no overflow below 16 GB */
        }
        uint16_t s = fold16(le);
        acc += (uint16_t)(s << 8 | s >> 8);
    }
    for (; i + 2 <= n; i += 2)
        acc += (uint32_t)d[i] << 8 | d[i + 1];
    if (i < n)
        acc += (uint32_t)d[i] << 8;
    return acc;
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

/* checksum(buf, start=0, offset=0, length=rest): the checksum of buf[offset:offset+length] plus the
   partial sum start, without a slice of the buffer first (the stack checks headers in place). */
static Val inet_checksum(Val *args, int nargs, Val kw)
{
    uint8_t *d;
    size_t n;
    uint64_t acc;
    int64_t off = 0, len = 0;
    int given = nargs;
    if (nargs > 2 && !KW_COUNT(kw)) {
        if (nargs > 4 || !int_to_i64(args[2], &off) || (nargs == 4 && !int_to_i64(args[3], &len)))
            return raise(e_TypeError, "checksum(buf, start, offset, length): offset and length are ints");
        nargs = 2;
    }
    if (!get_args(args, nargs, kw, "start", &d, &n, &acc))
        return V_NULL;
    bool rest = given < 4;
    if (rest)
        len = (int64_t)n - off;
    if (off < 0 || len < 0 || (uint64_t)off + (uint64_t)len > n)
        return raise(e_ValueError, "checksum() range out of bounds");
    return MK_INT((uint16_t)~fold16(sum_words(d + off, (size_t)len, acc)));
}

static Val inet_sum16(Val *args, int nargs, Val kw)
{
    uint8_t *d;
    size_t n;
    uint64_t acc;
    if (!get_args(args, nargs, kw, "acc", &d, &n, &acc))
        return V_NULL;
    return MK_INT(fold16(sum_words(d, n, acc)));
}

/* copy_sum(dst, dst_off, src, src_off, n): copies n bytes of src from src_off into the writable dst at
   dst_off and returns their running one's-complement sum (as sum16's), so that a transmit path copies
   its payload and sums it for the checksum in one pass. */
static Val inet_copy_sum(Val *args, int nargs, Val kw)
{
    (void)kw;
    uint8_t *dst, *src;
    size_t dlen, slen;
    bool dw, sw;
    int64_t doff, soff, n;
    if (nargs != 5) {
        raise(e_TypeError, "copy_sum() takes 5 arguments (%d given)", nargs);
        return V_NULL;
    }
    if (!buffer_get(args[0], &dst, &dlen, &dw) || !buffer_get(args[2], &src, &slen, &sw)) {
        raise(e_TypeError, "a bytes-like object is required");
        return V_NULL;
    }
    if (!dw) {
        raise(e_TypeError, "copy_sum() needs a writable destination");
        return V_NULL;
    }
    if (!int_to_i64(args[1], &doff) || !int_to_i64(args[3], &soff) || !int_to_i64(args[4], &n)) {
        raise(e_TypeError, "copy_sum() offsets and length must be ints");
        return V_NULL;
    }
    if (doff < 0 || soff < 0 || n < 0 || (uint64_t)doff + (uint64_t)n > dlen || (uint64_t)soff + (uint64_t)n > slen) {
        raise(e_ValueError, "copy_sum() range out of bounds");
        return V_NULL;
    }
    memmove(dst + doff, src + soff, (size_t)n);
    return MK_INT(fold16(sum_words(dst + doff, (size_t)n, 0)));
}

static uint64_t rotl64(uint64_t x, int bits)
{
    return (x << bits) | (x >> (64 - bits));
}

static uint64_t load_le64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

static void sip_rounds(uint64_t v[4], int count)
{
    for (int i = 0; i < count; i++) {
        v[0] += v[1];
        v[1] = rotl64(v[1], 13) ^ v[0];
        v[0] = rotl64(v[0], 32);
        v[2] += v[3];
        v[3] = rotl64(v[3], 16) ^ v[2];
        v[0] += v[3];
        v[3] = rotl64(v[3], 21) ^ v[0];
        v[2] += v[1];
        v[1] = rotl64(v[1], 17) ^ v[2];
        v[2] = rotl64(v[2], 32);
    }
}

/* SipHash-2-4 (Aumasson and Bernstein) of d[0..n) under a 16-byte key. */
static uint64_t siphash24(const uint8_t *key, const uint8_t *d, size_t n)
{
    uint64_t k0 = load_le64(key), k1 = load_le64(key + 8);
    uint64_t v[4] = {k0 ^ 0x736f6d6570736575ull, k1 ^ 0x646f72616e646f6dull,
                     k0 ^ 0x6c7967656e657261ull, k1 ^ 0x7465646279746573ull};
    size_t full = n & ~(size_t)7;
    for (size_t off = 0; off < full; off += 8) {
        uint64_t m = load_le64(d + off);
        v[3] ^= m;
        sip_rounds(v, 2);
        v[0] ^= m;
    }
    uint64_t last = (uint64_t)(n & 0xff) << 56;
    for (size_t i = 0; i < n - full; i++)
        last |= (uint64_t)d[full + i] << (8 * i);
    v[3] ^= last;
    sip_rounds(v, 2);
    v[0] ^= last;
    v[2] ^= 0xff;
    sip_rounds(v, 4);
    return v[0] ^ v[1] ^ v[2] ^ v[3];
}

static Val inet_siphash24(Val *args, int nargs, Val kw)
{
    (void)kw;
    uint8_t *key, *d;
    size_t keylen, n;
    bool w;
    if (nargs != 2) {
        raise(e_TypeError, "siphash24() takes 2 arguments (%d given)", nargs);
        return V_NULL;
    }
    if (!buffer_get(args[0], &key, &keylen, &w) || !buffer_get(args[1], &d, &n, &w)) {
        raise(e_TypeError, "a bytes-like object is required");
        return V_NULL;
    }
    if (keylen != 16) {
        raise(e_ValueError, "siphash24 key must be 16 bytes");
        return V_NULL;
    }
    return int_from_u64(siphash24(key, d, n));
}

static const vm_native_def inet_fns[] = {
    {"checksum", inet_checksum}, {"sum16", inet_sum16}, {"siphash24", inet_siphash24},
    {"copy_sum", inet_copy_sum}, {NULL, NULL},
};

void mod_inet_init(void)
{
    native_module("inet", inet_fns);
}
