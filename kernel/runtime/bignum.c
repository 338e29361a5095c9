/* bignum: arbitrary-precision integers with Python's semantics.
 *
 * Values are sign + magnitude; the magnitude routines (mag_*) work on plain
 * little-endian limb arrays so the public functions only deal with signs,
 * allocation and normalisation. Scratch space comes from bn_alloc() too (the
 * only allocator we have), so the embedder sees it as short-lived garbage.
 */
#include "bignum.h"
#include "fltfmt.h"

typedef uint64_t bn_wide;

#define KARATSUBA_CUTOFF 48

/* ------------------------------------------------------------------ */
/* Small helpers                                                        */
/* ------------------------------------------------------------------ */

static size_t ulen(const bn_t *a) { return a->len < 0 ? (size_t)-(int64_t)a->len : (size_t)a->len; }
static bool is_neg(const bn_t *a) { return a->len < 0; }

static bn_t *new_bn(size_t n) {
    bn_t *r = bn_alloc(n ? n : 1);
    r->len = 0;
    return r;
}

static size_t mag_norm(const bn_digit *a, size_t n) {
    while (n && a[n - 1] == 0) n--;
    return n;
}

/* Trims leading zero limbs and stores the sign. */
static bn_t *finish(bn_t *r, size_t n, bool neg) {
    n = mag_norm(r->d, n);
    r->len = neg ? -(int32_t)n : (int32_t)n;
    return r;
}

static void mag_copy(bn_digit *dst, const bn_digit *src, size_t n) {
    for (size_t i = 0; i < n; i++) dst[i] = src[i];
}

static void mag_zero(bn_digit *dst, size_t n) {
    for (size_t i = 0; i < n; i++) dst[i] = 0;
}

static bn_t *make_copy(const bn_t *a, bool neg) {
    size_t n = ulen(a);
    bn_t *r = new_bn(n);
    mag_copy(r->d, a->d, n);
    return finish(r, n, neg);
}

static int clz32(uint32_t x) { return x ? __builtin_clz(x) : 32; }

static size_t mag_bit_length(const bn_digit *a, size_t n) {
    if (n == 0) return 0;
    return (n - 1) * BN_DIGIT_BITS + (size_t)(32 - clz32(a[n - 1]));
}

/* ------------------------------------------------------------------ */
/* Magnitude arithmetic                                                 */
/* ------------------------------------------------------------------ */

static int mag_cmp(const bn_digit *a, size_t an, const bn_digit *b, size_t bn) {
    if (an != bn) return an < bn ? -1 : 1;
    for (size_t i = an; i-- > 0;)
        if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
    return 0;
}

/* r = a + b with an >= bn; r holds an limbs; returns the carry. */
static bn_digit mag_add(bn_digit *r, const bn_digit *a, size_t an, const bn_digit *b, size_t bn) {
    bn_wide carry = 0;
    size_t i = 0;
    for (; i < bn; i++) {
        carry += (bn_wide)a[i] + b[i];
        r[i] = (bn_digit)carry;
        carry >>= 32;
    }
    for (; i < an; i++) {
        carry += a[i];
        r[i] = (bn_digit)carry;
        carry >>= 32;
    }
    return (bn_digit)carry;
}

/* r = a - b with an >= bn; returns the borrow (0 when a >= b). */
static bn_digit mag_sub(bn_digit *r, const bn_digit *a, size_t an, const bn_digit *b, size_t bn) {
    bn_digit borrow = 0;
    size_t i = 0;
    for (; i < bn; i++) {
        bn_wide t = (bn_wide)a[i] - b[i] - borrow;
        r[i] = (bn_digit)t;
        borrow = (bn_digit)(t >> 63);
    }
    for (; i < an; i++) {
        bn_wide t = (bn_wide)a[i] - borrow;
        r[i] = (bn_digit)t;
        borrow = (bn_digit)(t >> 63);
    }
    return borrow;
}

/* r[0..an+bn) = a * b, schoolbook; r must not overlap the inputs. */
static void mag_mul_school(bn_digit *r, const bn_digit *a, size_t an, const bn_digit *b, size_t bn) {
    mag_zero(r, an + bn);
    for (size_t i = 0; i < an; i++) {
        bn_wide carry = 0, ai = a[i];
        if (ai == 0) continue;
        for (size_t j = 0; j < bn; j++) {
            carry += ai * b[j] + r[i + j];
            r[i + j] = (bn_digit)carry;
            carry >>= 32;
        }
        r[i + bn] = (bn_digit)carry;
    }
}

/* Adds b into r (r long enough to absorb the carry). */
static void mag_add_into(bn_digit *r, size_t rn, const bn_digit *b, size_t bn) {
    bn_digit c = mag_add(r, r, rn, b, bn);
    (void)c;
}

static void mag_sub_into(bn_digit *r, size_t rn, const bn_digit *b, size_t bn) {
    bn_digit c = mag_sub(r, r, rn, b, bn);
    (void)c;
}

static size_t karatsuba_scratch(size_t n) {
    /* per level: two sums of h+1 limbs and their product of 2h+2 limbs */
    size_t total = 0;
    while (n > KARATSUBA_CUTOFF) {
        size_t h = (n + 1) / 2;
        total += 4 * h + 4;
        n = h + 1;
    }
    return total + 4;
}

/* r[0..2n) = a * b for two n-limb operands (Karatsuba). */
static void mag_mul_kara(bn_digit *r, const bn_digit *a, const bn_digit *b, size_t n, bn_digit *scratch) {
    if (n <= KARATSUBA_CUTOFF) {
        mag_mul_school(r, a, n, b, n);
        return;
    }
    size_t h = n / 2, hi = n - h; /* low half h limbs, high half hi limbs (hi >= h) */
    bn_digit *sa = scratch, *sb = sa + hi + 1, *mid = sb + hi + 1, *rest = mid + 2 * (hi + 1);
    /* sa = a_lo + a_hi, sb = b_lo + b_hi */
    sa[hi] = mag_add(sa, a + h, hi, a, h);
    sb[hi] = mag_add(sb, b + h, hi, b, h);
    /* low and high products straight into r */
    mag_mul_kara(r, a, b, h, rest);
    mag_mul_kara(r + 2 * h, a + h, b + h, hi, rest);
    /* mid = sa*sb - lo - hi */
    mag_mul_kara(mid, sa, sb, hi + 1, rest);
    size_t midn = 2 * (hi + 1);
    mag_sub_into(mid, midn, r, 2 * h);
    mag_sub_into(mid, midn, r + 2 * h, 2 * hi);
    /* the middle term is below 2**(32(n+1)), so it fits the n+hi limbs above r+h */
    mag_add_into(r + h, 2 * n - h, mid, mag_norm(mid, midn));
}

/* r[0..an+bn) = a * b, choosing the algorithm by size. */
static void mag_mul(bn_digit *r, const bn_digit *a, size_t an, const bn_digit *b, size_t bn) {
    if (an < bn) {
        const bn_digit *t = a; a = b; b = t;
        size_t tn = an; an = bn; bn = tn;
    }
    if (bn <= KARATSUBA_CUTOFF) {
        mag_mul_school(r, a, an, b, bn);
        return;
    }
    /* Split the longer operand into bn-sized slices; each slice product is
     * balanced and so benefits from Karatsuba. */
    bn_t *tmp = new_bn(2 * bn + karatsuba_scratch(bn));
    bn_digit *prod = tmp->d, *scratch = tmp->d + 2 * bn;
    bn_t *pad = new_bn(bn);
    mag_zero(r, an + bn);
    for (size_t off = 0; off < an; off += bn) {
        size_t sn = an - off < bn ? an - off : bn;
        const bn_digit *slice = a + off;
        if (sn < bn) {
            mag_zero(pad->d, bn);
            mag_copy(pad->d, a + off, sn);
            slice = pad->d;
        }
        mag_mul_kara(prod, slice, b, bn, scratch);
        size_t pn = mag_norm(prod, 2 * bn);
        size_t room = an + bn - off;
        mag_add_into(r + off, room, prod, pn < room ? pn : room);
    }
}

/* Divides a[0..n) in place by a single limb; returns the remainder. */
static bn_digit mag_divrem_1(bn_digit *a, size_t n, bn_digit d) {
    bn_wide rem = 0;
    for (size_t i = n; i-- > 0;) {
        bn_wide cur = (rem << 32) | a[i];
        a[i] = (bn_digit)(cur / d);
        rem = cur % d;
    }
    return (bn_digit)rem;
}

/* a[0..n) = a * m + add; returns the carry limb. */
static bn_digit mag_muladd_1(bn_digit *a, size_t n, bn_digit m, bn_digit add) {
    bn_wide carry = add;
    for (size_t i = 0; i < n; i++) {
        carry += (bn_wide)a[i] * m;
        a[i] = (bn_digit)carry;
        carry >>= 32;
    }
    return (bn_digit)carry;
}

/* Knuth algorithm D. q gets an-bn+1 limbs, r gets bn limbs (either may be
 * NULL). Requires an >= bn >= 1 and b[bn-1] != 0. */
static void mag_divmod(const bn_digit *a, size_t an, const bn_digit *b, size_t bn, bn_digit *q, bn_digit *r) {
    if (bn == 1) {
        bn_t *t = new_bn(an);
        mag_copy(t->d, a, an);
        bn_digit rem = mag_divrem_1(t->d, an, b[0]);
        if (q) mag_copy(q, t->d, an);
        if (r) r[0] = rem;
        return;
    }
    int s = clz32(b[bn - 1]);
    bn_t *tmp = new_bn(an + 1 + bn);
    bn_digit *un = tmp->d, *vn = tmp->d + an + 1;
    /* normalise so the divisor's top bit is set */
    for (size_t i = bn; i-- > 0;)
        vn[i] = (b[i] << s) | (s && i ? b[i - 1] >> (32 - s) : 0);
    un[an] = s ? a[an - 1] >> (32 - s) : 0;
    for (size_t i = an; i-- > 0;)
        un[i] = (a[i] << s) | (s && i ? a[i - 1] >> (32 - s) : 0);
    bn_wide vtop = vn[bn - 1], vnext = vn[bn - 2];
    for (size_t j = an - bn + 1; j-- > 0;) {
        bn_wide num = ((bn_wide)un[j + bn] << 32) | un[j + bn - 1];
        bn_wide qhat = num / vtop, rhat = num % vtop;
        while (qhat >> 32 || qhat * vnext > ((rhat << 32) | un[j + bn - 2])) {
            qhat--;
            rhat += vtop;
            if (rhat >> 32) break;
        }
        /* un[j..j+bn] -= qhat * vn */
        bn_wide mulc = 0;
        bn_digit borrow = 0;
        for (size_t i = 0; i < bn; i++) {
            mulc += qhat * vn[i];
            bn_wide t = (bn_wide)un[i + j] - (bn_digit)mulc - borrow;
            un[i + j] = (bn_digit)t;
            borrow = (bn_digit)(t >> 63);
            mulc >>= 32;
        }
        bn_wide t = (bn_wide)un[j + bn] - mulc - borrow;
        un[j + bn] = (bn_digit)t;
        if (t >> 63) { /* qhat was one too large: add the divisor back */
            qhat--;
            bn_digit c = mag_add(un + j, un + j, bn, vn, bn);
            un[j + bn] += c;
        }
        if (q) q[j] = (bn_digit)qhat;
    }
    if (r)
        for (size_t i = 0; i < bn; i++)
            r[i] = (un[i] >> s) | (s ? un[i + 1] << (32 - s) : 0);
}

/* ------------------------------------------------------------------ */
/* Conversions with machine integers                                    */
/* ------------------------------------------------------------------ */

static bn_t *from_mag64(uint64_t m, bool neg) {
    bn_t *r = new_bn(2);
    r->d[0] = (bn_digit)m;
    r->d[1] = (bn_digit)(m >> 32);
    return finish(r, 2, neg);
}

bn_t *bn_from_i64(int64_t v) {
    return v < 0 ? from_mag64(-(uint64_t)v, true) : from_mag64((uint64_t)v, false);
}

bn_t *bn_from_u64(uint64_t v) { return from_mag64(v, false); }

static bool mag_to_u64(const bn_t *a, uint64_t *out) {
    size_t n = ulen(a);
    if (n > 2) return false;
    *out = (n > 0 ? a->d[0] : 0) | (n > 1 ? (uint64_t)a->d[1] << 32 : 0);
    return true;
}

bool bn_to_i64(const bn_t *a, int64_t *out) {
    uint64_t m;
    if (!mag_to_u64(a, &m)) return false;
    if (is_neg(a)) {
        if (m > (uint64_t)1 << 63) return false;
        *out = (int64_t)(0 - m);
    } else {
        if (m >> 63) return false;
        *out = (int64_t)m;
    }
    return true;
}

bool bn_to_u64(const bn_t *a, uint64_t *out) {
    return !is_neg(a) && mag_to_u64(a, out);
}

int bn_sign(const bn_t *a) { return a->len < 0 ? -1 : a->len > 0; }

int bn_cmp(const bn_t *a, const bn_t *b) {
    if (is_neg(a) != is_neg(b)) return is_neg(a) ? -1 : 1;
    int c = mag_cmp(a->d, ulen(a), b->d, ulen(b));
    return is_neg(a) ? -c : c;
}

size_t bn_bit_length(const bn_t *a) { return mag_bit_length(a->d, ulen(a)); }

/* ------------------------------------------------------------------ */
/* Arithmetic                                                           */
/* ------------------------------------------------------------------ */

bn_t *bn_neg(const bn_t *a) { return make_copy(a, !is_neg(a) && a->len != 0); }
bn_t *bn_abs(const bn_t *a) { return make_copy(a, false); }

static bn_t *add_signed(const bn_digit *a, size_t an, bool aneg, const bn_digit *b, size_t bn, bool bneg) {
    if (aneg == bneg) {
        if (an < bn) {
            const bn_digit *t = a; a = b; b = t;
            size_t tn = an; an = bn; bn = tn;
        }
        bn_t *r = new_bn(an + 1);
        r->d[an] = mag_add(r->d, a, an, b, bn);
        return finish(r, an + 1, aneg);
    }
    int c = mag_cmp(a, an, b, bn);
    if (c == 0) return new_bn(1);
    if (c < 0) {
        const bn_digit *t = a; a = b; b = t;
        size_t tn = an; an = bn; bn = tn;
        aneg = bneg;
    }
    bn_t *r = new_bn(an);
    mag_sub(r->d, a, an, b, bn);
    return finish(r, an, aneg);
}

bn_t *bn_add(const bn_t *a, const bn_t *b) {
    return add_signed(a->d, ulen(a), is_neg(a), b->d, ulen(b), is_neg(b));
}

bn_t *bn_sub(const bn_t *a, const bn_t *b) {
    return add_signed(a->d, ulen(a), is_neg(a), b->d, ulen(b), !is_neg(b) && b->len != 0);
}

bn_t *bn_mul(const bn_t *a, const bn_t *b) {
    size_t an = ulen(a), bn = ulen(b);
    if (an == 0 || bn == 0) return new_bn(1);
    bn_t *r = new_bn(an + bn);
    mag_mul(r->d, a->d, an, b->d, bn);
    return finish(r, an + bn, is_neg(a) != is_neg(b));
}

void bn_divmod(const bn_t *a, const bn_t *b, bn_t **q, bn_t **r) {
    size_t an = ulen(a), bn = ulen(b);
    bool qneg = is_neg(a) != is_neg(b);
    size_t qcap = an >= bn ? an - bn + 2 : 1;
    bn_t *qq = new_bn(qcap), *rr = new_bn(bn);
    mag_zero(qq->d, qcap);
    if (an < bn) {
        mag_copy(rr->d, a->d, an);
        mag_zero(rr->d + an, bn - an);
    } else {
        mag_divmod(a->d, an, b->d, bn, qq->d, rr->d);
    }
    size_t rn = mag_norm(rr->d, bn);
    if (qneg && rn != 0) {
        /* floor: q = -(Q + 1), r = |b| - R */
        bn_digit one = 1;
        mag_add(qq->d, qq->d, qcap, &one, 1);
        mag_sub(rr->d, b->d, bn, rr->d, rn);
        rn = mag_norm(rr->d, bn);
    }
    if (q) *q = finish(qq, qcap, qneg);
    if (r) *r = finish(rr, rn, is_neg(b));
}

bn_t *bn_floordiv(const bn_t *a, const bn_t *b) {
    bn_t *q;
    bn_divmod(a, b, &q, NULL);
    return q;
}

bn_t *bn_mod(const bn_t *a, const bn_t *b) {
    bn_t *r;
    bn_divmod(a, b, NULL, &r);
    return r;
}

/* Top 64 bits of |a| >> shift (shift may be negative: a left shift), and
 * whether any dropped bit was set. Used for the double conversions. */
static bn_t *mag_shifted(const bn_digit *a, size_t an, int64_t shift, bool *sticky) {
    bn_t *t;
    *sticky = false;
    if (shift >= 0) {
        size_t limbs = (size_t)shift / 32, bits = (size_t)shift % 32;
        for (size_t i = 0; i < limbs && i < an; i++)
            if (a[i]) *sticky = true;
        if (bits && limbs < an && (a[limbs] & ((1u << bits) - 1))) *sticky = true;
        size_t n = an > limbs ? an - limbs : 0;
        t = new_bn(n + 1);
        for (size_t i = 0; i < n; i++)
            t->d[i] = (a[i + limbs] >> bits) | (bits && i + limbs + 1 < an ? a[i + limbs + 1] << (32 - bits) : 0);
        return finish(t, n, false);
    }
    size_t up = (size_t)(-shift), limbs = up / 32, bits = up % 32;
    size_t n = an + limbs + 1;
    t = new_bn(n);
    mag_zero(t->d, limbs);
    t->d[an + limbs] = bits ? a[an - 1] >> (32 - bits) : 0;
    for (size_t i = an; i-- > 0;)
        t->d[i + limbs] = (a[i] << bits) | (bits && i ? a[i - 1] >> (32 - bits) : 0);
    return finish(t, n, false);
}

static uint64_t low_u64(const bn_t *a) {
    size_t n = ulen(a);
    return (n > 0 ? a->d[0] : 0) | (n > 1 ? (uint64_t)a->d[1] << 32 : 0);
}

double bn_truediv(const bn_t *a, const bn_t *b, bool *overflow) {
    bool neg = is_neg(a) != is_neg(b);
    *overflow = false;
    if (a->len == 0) return neg ? -0.0 : 0.0;
    size_t an = ulen(a), bn = ulen(b);
    /* scale so the integer quotient has 63 or 64 bits */
    int64_t shift = (int64_t)mag_bit_length(a->d, an) - (int64_t)mag_bit_length(b->d, bn) - 63;
    bool sticky;
    bn_t *num = mag_shifted(a->d, an, shift, &sticky);
    size_t nn = ulen(num);
    bn_t *q = new_bn(nn + 1);
    bn_t *r = new_bn(bn);
    mag_zero(q->d, nn + 1);
    if (nn >= bn) {
        mag_divmod(num->d, nn, b->d, bn, q->d, r->d);
        if (mag_norm(r->d, bn)) sticky = true;
    } else if (nn) {
        sticky = true;
    }
    finish(q, nn + 1, false);
    return flt_make(low_u64(q), shift, sticky, neg, overflow);
}

double bn_to_double(const bn_t *a, bool *overflow) {
    *overflow = false;
    size_t n = ulen(a);
    int64_t shift = (int64_t)mag_bit_length(a->d, n) - 64;
    if (shift < 0) shift = 0;
    bool sticky;
    bn_t *top = mag_shifted(a->d, n, shift, &sticky);
    return flt_make(low_u64(top), shift, sticky, is_neg(a), overflow);
}

bn_t *bn_from_double(double d) {
    union { double d; uint64_t u; } v = { d };
    bool neg = v.u >> 63;
    int exp = (int)((v.u >> 52) & 0x7ff);
    uint64_t mant = (v.u & (((uint64_t)1 << 52) - 1)) | ((uint64_t)1 << 52);
    if (exp < 1023) return new_bn(1); /* |d| < 1, also zero and subnormals */
    int e = exp - 1075;                 /* d = mant * 2**e */
    if (e <= 0) return from_mag64(mant >> -e, neg);
    bn_t *m = from_mag64(mant, false);
    bn_t *r = bn_lshift(m, (uint64_t)e);
    return neg ? bn_neg(r) : r;
}

bn_t *bn_pow(const bn_t *a, uint64_t e) {
    bool e_odd = e & 1;
    bn_t *result = bn_from_i64(1), *base = make_copy(a, false);
    for (;;) {
        if (e & 1) result = bn_mul(result, base);
        e >>= 1;
        if (!e) break;
        base = bn_mul(base, base);
    }
    if (is_neg(a) && (e_odd)) result->len = -result->len;
    return result;
}

/* r = (x * y) mod m, all m-limb magnitudes; prod has 2*mn limbs. */
static void mulmod(bn_digit *r, const bn_digit *x, const bn_digit *y, const bn_digit *m, size_t mn, bn_digit *prod) {
    size_t xn = mag_norm(x, mn), yn = mag_norm(y, mn);
    if (xn == 0 || yn == 0) {
        mag_zero(r, mn);
        return;
    }
    mag_mul(prod, x, xn, y, yn);
    size_t pn = mag_norm(prod, xn + yn);
    mag_zero(r, mn);
    if (mag_cmp(prod, pn, m, mn) < 0) {
        mag_copy(r, prod, pn);
        return;
    }
    mag_divmod(prod, pn, m, mn, NULL, r);
}

bn_t *bn_powmod(const bn_t *a, const bn_t *e, const bn_t *m) {
    size_t mn = ulen(m);
    bn_t *absm = make_copy(m, false);
    /* base = a mod |m| in [0, |m|) */
    bn_t *base = bn_mod(a, absm);
    bn_t *work = new_bn(4 * mn);
    bn_digit *acc = work->d, *b = acc + mn, *prod = b + mn;
    mag_zero(acc, mn);
    mag_zero(b, mn);
    mag_copy(b, base->d, ulen(base));
    acc[0] = 1;
    if (mn == 1 && m->d[0] == 1) acc[0] = 0;
    size_t bits = bn_bit_length(e);
    for (size_t i = bits; i-- > 0;) {
        mulmod(acc, acc, acc, m->d, mn, prod);
        if ((e->d[i / 32] >> (i % 32)) & 1) mulmod(acc, acc, b, m->d, mn, prod);
    }
    bn_t *r = new_bn(mn);
    mag_copy(r->d, acc, mn);
    finish(r, mn, false);
    if (is_neg(m) && r->len != 0) return bn_sub(r, absm);
    return r;
}

/* ------------------------------------------------------------------ */
/* Shifts and bitwise operations                                        */
/* ------------------------------------------------------------------ */

bn_t *bn_lshift(const bn_t *a, uint64_t n) {
    size_t an = ulen(a);
    if (an == 0) return new_bn(1);
    bool sticky;
    bn_t *r = mag_shifted(a->d, an, -(int64_t)n, &sticky);
    r->len = is_neg(a) ? -r->len : r->len;
    return r;
}

bn_t *bn_rshift(const bn_t *a, uint64_t n) {
    size_t an = ulen(a);
    bool neg = is_neg(a);
    if ((uint64_t)mag_bit_length(a->d, an) <= n) return neg ? bn_from_i64(-1) : new_bn(1);
    bool sticky;
    bn_t *r = mag_shifted(a->d, an, (int64_t)n, &sticky);
    if (neg && sticky) {
        /* floor for negatives: round the magnitude up */
        bn_digit one = 1;
        return add_signed(r->d, ulen(r), true, &one, 1, true);
    }
    if (neg) r->len = -r->len;
    return r;
}

/* Writes a as n limbs of two's complement (n > ulen(a)). */
static void to_twos(const bn_t *a, bn_digit *out, size_t n) {
    size_t an = ulen(a);
    mag_copy(out, a->d, an);
    mag_zero(out + an, n - an);
    if (!is_neg(a)) return;
    bn_wide carry = 1;
    for (size_t i = 0; i < n; i++) {
        carry += (bn_digit)~out[i];
        out[i] = (bn_digit)carry;
        carry >>= 32;
    }
}

/* Converts n limbs of two's complement back into a signed bn_t in place. */
static bn_t *from_twos(bn_t *r, size_t n) {
    bool neg = r->d[n - 1] >> 31;
    if (neg) {
        bn_wide carry = 1;
        for (size_t i = 0; i < n; i++) {
            carry += (bn_digit)~r->d[i];
            r->d[i] = (bn_digit)carry;
            carry >>= 32;
        }
    }
    return finish(r, n, neg);
}

enum bitop { OP_AND, OP_OR, OP_XOR };

static bn_t *bitwise(const bn_t *a, const bn_t *b, enum bitop op) {
    size_t an = ulen(a), bn = ulen(b);
    size_t n = (an > bn ? an : bn) + 1;
    bn_t *r = new_bn(n), *t = new_bn(n);
    to_twos(a, r->d, n);
    to_twos(b, t->d, n);
    for (size_t i = 0; i < n; i++) {
        if (op == OP_AND) r->d[i] &= t->d[i];
        else if (op == OP_OR) r->d[i] |= t->d[i];
        else r->d[i] ^= t->d[i];
    }
    return from_twos(r, n);
}

bn_t *bn_and(const bn_t *a, const bn_t *b) { return bitwise(a, b, OP_AND); }
bn_t *bn_or(const bn_t *a, const bn_t *b) { return bitwise(a, b, OP_OR); }
bn_t *bn_xor(const bn_t *a, const bn_t *b) { return bitwise(a, b, OP_XOR); }

bn_t *bn_invert(const bn_t *a) {
    /* ~a == -(a + 1) */
    bn_digit one = 1;
    bn_t *r = add_signed(a->d, ulen(a), is_neg(a), &one, 1, false);
    r->len = -r->len;
    return r;
}

/* ------------------------------------------------------------------ */
/* Text                                                                 */
/* ------------------------------------------------------------------ */

static const char digit_chars[] = "0123456789abcdefghijklmnopqrstuvwxyz";

static int floor_log2(int base) { return 31 - clz32((uint32_t)base); }
static int ceil_log2(int base) { return 32 - clz32((uint32_t)base - 1); }

size_t bn_str_size(const bn_t *a, int base) {
    return bn_bit_length(a) / (size_t)floor_log2(base) + 2;
}

/* Largest power of base fitting a limb, and its exponent. */
static bn_digit chunk_power(int base, int *count) {
    bn_wide p = (bn_wide)base;
    int k = 1;
    while (p * (bn_wide)base <= 0xffffffffu) {
        p *= (bn_wide)base;
        k++;
    }
    *count = k;
    return (bn_digit)p;
}

static void reverse(char *s, size_t n) {
    for (size_t i = 0, j = n ? n - 1 : 0; i < j; i++, j--) {
        char t = s[i]; s[i] = s[j]; s[j] = t;
    }
}

size_t bn_to_str(const bn_t *a, int base, char *buf) {
    size_t an = ulen(a), pos = 0;
    if (an == 0) {
        buf[0] = '0';
        return 1;
    }
    if ((base & (base - 1)) == 0) {
        int k = floor_log2(base);
        size_t bits = bn_bit_length(a);
        for (size_t bit = 0; bit < bits; bit += (size_t)k) {
            size_t limb = bit / 32, off = bit % 32;
            bn_wide w = a->d[limb] | (limb + 1 < an ? (bn_wide)a->d[limb + 1] << 32 : 0);
            buf[pos++] = digit_chars[(w >> off) & (bn_wide)(base - 1)];
        }
    } else {
        int count;
        bn_digit chunk = chunk_power(base, &count);
        bn_t *t = new_bn(an);
        mag_copy(t->d, a->d, an);
        size_t n = an;
        while (n) {
            bn_digit rem = mag_divrem_1(t->d, n, chunk);
            n = mag_norm(t->d, n);
            for (int i = 0; i < count && (n || rem); i++) {
                buf[pos++] = digit_chars[rem % (bn_digit)base];
                rem /= (bn_digit)base;
            }
        }
    }
    if (is_neg(a)) buf[pos++] = '-';
    reverse(buf, pos);
    return pos;
}

static bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

static int digit_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'z') return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
    return 99;
}

static bool has_prefix(const char *p, const char *end, int base) {
    if (end - p < 2 || p[0] != '0') return false;
    char c = (char)(p[1] | 0x20);
    return (base == 16 && c == 'x') || (base == 8 && c == 'o') || (base == 2 && c == 'b');
}

bn_t *bn_from_str(const char *s, size_t len, int base) {
    const char *p = s, *end = s + len;
    while (p < end && is_space(*p)) p++;
    while (end > p && is_space(end[-1])) end--;
    bool neg = false;
    if (p < end && (*p == '+' || *p == '-')) neg = *p++ == '-';
    bool zero_only = false;
    if (base == 0) {
        if (p < end && *p == '0' && end - p >= 2) {
            char c = (char)(p[1] | 0x20);
            base = c == 'x' ? 16 : c == 'o' ? 8 : c == 'b' ? 2 : 0;
        }
        if (base == 0) {
            base = 10;
            zero_only = p < end && *p == '0';
        }
    }
    if (base < 2 || base > 36) return NULL;
    if (has_prefix(p, end, base)) {
        p += 2;
        if (p < end && *p == '_') p++;
    }
    /* validate: digits, single underscores strictly between digits */
    size_t ndigits = 0;
    bool nonzero = false;
    for (const char *q = p; q < end; q++) {
        if (*q == '_') {
            if (q == p || q + 1 == end || q[1] == '_') return NULL;
            continue;
        }
        int v = digit_value(*q);
        if (v >= base) return NULL;
        if (v) nonzero = true;
        ndigits++;
    }
    if (ndigits == 0 || (zero_only && nonzero)) return NULL;
    size_t cap = ndigits * (size_t)ceil_log2(base) / 32 + 2;
    bn_t *r = new_bn(cap);
    mag_zero(r->d, cap);
    size_t n = 0;
    if ((base & (base - 1)) == 0) {
        int k = floor_log2(base);
        size_t bit = 0;
        for (const char *q = end; q-- > p;) {
            if (*q == '_') continue;
            bn_wide v = (bn_wide)digit_value(*q) << (bit % 32);
            r->d[bit / 32] |= (bn_digit)v;
            if (v >> 32) r->d[bit / 32 + 1] |= (bn_digit)(v >> 32);
            bit += (size_t)k;
        }
        n = cap;
    } else {
        int count;
        chunk_power(base, &count);
        bn_digit acc = 0, scale = 1;
        int in_chunk = 0;
        for (const char *q = p; q < end; q++) {
            if (*q == '_') continue;
            acc = acc * (bn_digit)base + (bn_digit)digit_value(*q);
            scale *= (bn_digit)base;
            if (++in_chunk == count) {
                r->d[n] = mag_muladd_1(r->d, n, scale, acc);
                n++;
                n = mag_norm(r->d, n);
                acc = 0, scale = 1, in_chunk = 0;
            }
        }
        if (in_chunk) {
            r->d[n] = mag_muladd_1(r->d, n, scale, acc);
            n++;
        }
    }
    return finish(r, n, neg);
}

/* Code points of the digit zero of every run of Unicode decimal digits
 * (Unicode 14, as CPython 3.11); each run holds the digits 0..9. */
static const uint32_t unicode_zeros[] = {
    0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66, 0xde6, 0xe50,
    0xed0, 0xf20, 0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0, 0x1a80, 0x1a90, 0x1b50, 0x1bb0, 0x1c40,
    0x1c50, 0xa620, 0xa8d0, 0xa900, 0xa9d0, 0xa9f0, 0xaa50, 0xabf0, 0xff10, 0x104a0, 0x10d30, 0x11066,
    0x110f0, 0x11136, 0x111d0, 0x112f0, 0x11450, 0x114d0, 0x11650, 0x116c0, 0x11730, 0x118e0, 0x11950,
    0x11c50, 0x11d50, 0x11da0, 0x16a60, 0x16ac0, 0x16b50, 0x1d7ce, 0x1d7d8, 0x1d7e2, 0x1d7ec, 0x1d7f6,
    0x1e140, 0x1e2f0, 0x1e950, 0x1fbf0,
};

static bool unicode_space(uint32_t c) {
    return c == 0x85 || c == 0xa0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 ||
           c == 0x2029 || c == 0x202f || c == 0x205f || c == 0x3000;
}

static int unicode_decimal(uint32_t c) {
    for (size_t i = 0; i < sizeof unicode_zeros / sizeof unicode_zeros[0]; i++)
        if (c >= unicode_zeros[i] && c < unicode_zeros[i] + 10) return (int)(c - unicode_zeros[i]);
    return -1;
}

/* Decodes one UTF-8 sequence at s (n bytes left); returns its length, or 0
 * when malformed. */
static size_t utf8_decode(const uint8_t *s, size_t n, uint32_t *cp) {
    size_t len = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc0 ? 2 : 0;
    if (len == 0 || len > n || s[0] >= 0xf8) return 0;
    uint32_t c = s[0] & (0x7f >> len);
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80) return 0;
        c = (c << 6) | (s[i] & 0x3f);
    }
    static const uint32_t min_for_len[5] = { 0, 0, 0x80, 0x800, 0x10000 };
    if (c < min_for_len[len] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) return 0;
    *cp = c;
    return len;
}

size_t bn_text_to_ascii(const char *s, size_t len, char *out) {
    const uint8_t *p = (const uint8_t *)s;
    size_t i = 0, n = 0;
    while (i < len) {
        if (p[i] < 0x7f) {
            out[n++] = (char)p[i++];
            continue;
        }
        uint32_t c = 0;
        size_t step = p[i] < 0x80 ? 1 : utf8_decode(p + i, len - i, &c);
        if (p[i] == 0x7f) c = 0x7f;
        if (step == 0) step = 1;
        int d = unicode_decimal(c);
        out[n++] = unicode_space(c) ? ' ' : d >= 0 ? (char)('0' + d) : '?';
        i += step;
    }
    return n;
}

/* ------------------------------------------------------------------ */
/* Bytes                                                                */
/* ------------------------------------------------------------------ */

static uint8_t mag_byte(const bn_t *a, size_t i) {
    size_t limb = i / 4;
    return limb < ulen(a) ? (uint8_t)(a->d[limb] >> (8 * (i % 4))) : 0;
}

bool bn_to_bytes(const bn_t *a, uint8_t *buf, size_t len, bool big_endian, bool is_signed) {
    bool neg = is_neg(a);
    if (neg && !is_signed) return false;
    size_t bits = bn_bit_length(a), room = 8 * len;
    if (!is_signed && bits > room) return false;
    if (is_signed && !neg && bits != 0 && bits >= room) return false;
    /* CPython's quirk: -1 fits in zero bytes (nothing but sign bits) */
    if (neg && len == 0) return a->len == -1 && a->d[0] == 1;
    if (is_signed && neg && bits > room) return false;
    unsigned carry = 1;
    for (size_t i = 0; i < len; i++) {
        uint8_t b = mag_byte(a, i);
        if (neg) {
            carry += (uint8_t)~b;
            b = (uint8_t)carry;
            carry >>= 8;
        }
        buf[i] = b;
    }
    /* a negative value needs its sign bit set in the top byte */
    if (neg && len && bits == room) {
        /* |a| has all room bits: only -2**(room-1) fits */
        bool pow2 = true;
        for (size_t i = 0; i + 1 < len && pow2; i++)
            if (mag_byte(a, i)) pow2 = false;
        if (mag_byte(a, len - 1) != 0x80) pow2 = false;
        if (!pow2) return false;
    }
    if (big_endian) {
        for (size_t i = 0, j = len ? len - 1 : 0; i < j; i++, j--) {
            uint8_t t = buf[i]; buf[i] = buf[j]; buf[j] = t;
        }
    }
    return true;
}

bn_t *bn_from_bytes(const uint8_t *buf, size_t len, bool big_endian, bool is_signed) {
    size_t n = (len + 3) / 4;
    bn_t *r = new_bn(n);
    mag_zero(r->d, n);
    for (size_t i = 0; i < len; i++) {
        uint8_t b = big_endian ? buf[len - 1 - i] : buf[i];
        r->d[i / 4] |= (bn_digit)b << (8 * (i % 4));
    }
    uint8_t top = len ? (big_endian ? buf[0] : buf[len - 1]) : 0;
    if (!is_signed || !(top & 0x80)) return finish(r, n, false);
    /* negative: magnitude = 2**(8*len) - value */
    if (len % 4) r->d[n - 1] |= ~(bn_digit)0 << (8 * (len % 4));
    bn_wide carry = 1;
    for (size_t i = 0; i < n; i++) {
        carry += (bn_digit)~r->d[i];
        r->d[i] = (bn_digit)carry;
        carry >>= 32;
    }
    if (carry) { /* value was -2**(32n): needs one more limb */
        bn_t *big = new_bn(n + 1);
        mag_zero(big->d, n);
        big->d[n] = 1;
        return finish(big, n + 1, true);
    }
    return finish(r, n, true);
}

/* ------------------------------------------------------------------ */
/* Hash                                                                 */
/* ------------------------------------------------------------------ */

#define HASH_BITS 61
#define HASH_MODULUS (((uint64_t)1 << HASH_BITS) - 1)

int64_t bn_hash(const bn_t *a) {
    /* |a| mod (2**61 - 1), using 2**61 == 1 to fold the high bits */
    uint64_t x = 0;
    for (size_t i = ulen(a); i-- > 0;) {
        x = ((x << 32) & HASH_MODULUS) | (x >> (HASH_BITS - 32));
        x += a->d[i];
        if (x >= HASH_MODULUS) x -= HASH_MODULUS;
    }
    int64_t h = is_neg(a) ? -(int64_t)x : (int64_t)x;
    return h == -1 ? -2 : h;
}
