/* fltfmt: exact float <-> decimal conversions and a small libm.
 *
 * Conversions are exact: a double is m * 2**e, so both directions reduce to
 * integer arithmetic on a small fixed-capacity big number (fb_t) kept on the
 * stack. Digit generation follows Steele & White / Burger & Dybvig for the
 * shortest repr and plain long division for fixed precision; the text layout
 * mirrors CPython's PyOS_double_to_string so every format matches.
 */
#include "fltfmt.h"

/* ------------------------------------------------------------------ */
/* Bit access                                                           */
/* ------------------------------------------------------------------ */

#define MANT_BITS 52
#define EXP_MASK 0x7ff
#define HIDDEN_BIT ((uint64_t)1 << MANT_BITS)
#define MANT_MASK (HIDDEN_BIT - 1)

static uint64_t bits_of(double x) {
    union { double d; uint64_t u; } v = { x };
    return v.u;
}

static double from_bits(uint64_t u) {
    union { uint64_t u; double d; } v = { u };
    return v.d;
}

bool flt_isnan(double x) { return (bits_of(x) << 1) > ((uint64_t)EXP_MASK << 53); }
bool flt_isinf(double x) { return (bits_of(x) << 1) == ((uint64_t)EXP_MASK << 53); }
static bool is_finite(double x) { return ((bits_of(x) >> 52) & EXP_MASK) != EXP_MASK; }
static bool sign_bit(double x) { return bits_of(x) >> 63; }

/* Splits finite nonzero |x| into an integer mantissa and exponent: |x| = m * 2**e. */
static void decompose(double x, uint64_t *m, int *e) {
    uint64_t u = bits_of(x);
    int be = (int)((u >> 52) & EXP_MASK);
    *m = u & MANT_MASK;
    if (be) {
        *m |= HIDDEN_BIT;
        *e = be - 1075;
    } else {
        *e = -1074;
    }
}

static int bitlen64(uint64_t v) { return v ? 64 - __builtin_clzll(v) : 0; }

double flt_make(uint64_t mant, int64_t exp2, bool sticky, bool negative, bool *overflow) {
    uint64_t sign = negative ? (uint64_t)1 << 63 : 0;
    *overflow = false;
    if (mant == 0) return from_bits(sign);
    int64_t top = (int64_t)bitlen64(mant) - 1 + exp2; /* value in [2**top, 2**(top+1)) */
    if (top > 1023) {
        *overflow = true;
        return from_bits(sign | ((uint64_t)EXP_MASK << 52));
    }
    int64_t lsb = top - 52 < -1074 ? -1074 : top - 52;
    int64_t drop = lsb - exp2;
    uint64_t m;
    if (drop <= 0) {
        m = mant << -drop;
    } else if (drop > 64) {
        m = 0;
    } else {
        uint64_t half = (uint64_t)1 << (drop - 1);
        uint64_t rest = drop == 64 ? mant : mant & ((half << 1) - 1);
        m = drop == 64 ? 0 : mant >> drop;
        if (rest > half || (rest == half && (sticky || (m & 1)))) m++;
    }
    if (m == HIDDEN_BIT << 1) {
        m >>= 1;
        lsb++;
    }
    if (m < HIDDEN_BIT) return from_bits(sign | m); /* subnormal or zero */
    int64_t biased = lsb + 52 + 1023;
    if (biased >= EXP_MASK) {
        *overflow = true;
        return from_bits(sign | ((uint64_t)EXP_MASK << 52));
    }
    return from_bits(sign | ((uint64_t)biased << 52) | (m & MANT_MASK));
}

/* ------------------------------------------------------------------ */
/* Fixed-capacity big numbers                                           */
/* ------------------------------------------------------------------ */

/* Limbs live in caller-declared arrays so each use pays only for what it
 * needs: digit generation stays below 2**1100 (r, s and the interval widths,
 * normalised and times ten), parsing needs up to 10**1140 scaled by 2**96
 * (800 kept digits and exponents down to the subnormal range). */
#define FB_SMALL 44
#define FB_LARGE 140

typedef struct {
    int n;
    int cap;
    uint32_t *d;
} fb_t;

#define FB_DECL(name, limbs) \
    uint32_t name##_limbs[limbs]; \
    fb_t name = { 0, limbs, name##_limbs }

static void fb_set(fb_t *a, uint64_t v) {
    a->d[0] = (uint32_t)v;
    a->d[1] = (uint32_t)(v >> 32);
    a->n = v >> 32 ? 2 : v ? 1 : 0;
}

static void fb_copy(fb_t *dst, const fb_t *src) {
    dst->n = src->n;
    for (int i = 0; i < src->n; i++) dst->d[i] = src->d[i];
}

static bool fb_is_zero(const fb_t *a) { return a->n == 0; }

static void fb_trim(fb_t *a) {
    while (a->n && a->d[a->n - 1] == 0) a->n--;
}

static void fb_mul_small(fb_t *a, uint32_t m) {
    uint64_t carry = 0;
    for (int i = 0; i < a->n; i++) {
        carry += (uint64_t)a->d[i] * m;
        a->d[i] = (uint32_t)carry;
        carry >>= 32;
    }
    if (carry && a->n < a->cap) a->d[a->n++] = (uint32_t)carry;
}

static void fb_add_small(fb_t *a, uint32_t v) {
    uint64_t carry = v;
    for (int i = 0; i < a->n && carry; i++) {
        carry += a->d[i];
        a->d[i] = (uint32_t)carry;
        carry >>= 32;
    }
    if (carry && a->n < a->cap) a->d[a->n++] = (uint32_t)carry;
}

static const uint32_t pow10_small[10] = {
    1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000,
};

static void fb_mul_pow10(fb_t *a, int k) {
    for (; k >= 9; k -= 9) fb_mul_small(a, pow10_small[9]);
    if (k) fb_mul_small(a, pow10_small[k]);
}

static void fb_shl(fb_t *a, int bits) {
    if (a->n == 0 || bits == 0) return;
    int limbs = bits / 32, b = bits % 32;
    int n = a->n + limbs + 1;
    if (n > a->cap) n = a->cap;
    for (int i = n - 1; i >= 0; i--) {
        int src = i - limbs;
        uint32_t hi = src >= 0 && src < a->n ? a->d[src] : 0;
        uint32_t lo = src - 1 >= 0 && src - 1 < a->n ? a->d[src - 1] : 0;
        a->d[i] = b ? (hi << b) | (lo >> (32 - b)) : hi;
    }
    a->n = n;
    fb_trim(a);
}

static int fb_bitlen(const fb_t *a) {
    return a->n ? (a->n - 1) * 32 + bitlen64(a->d[a->n - 1]) : 0;
}

static int fb_cmp(const fb_t *a, const fb_t *b) {
    if (a->n != b->n) return a->n < b->n ? -1 : 1;
    for (int i = a->n - 1; i >= 0; i--)
        if (a->d[i] != b->d[i]) return a->d[i] < b->d[i] ? -1 : 1;
    return 0;
}

/* a -= b, requires a >= b. */
static void fb_sub(fb_t *a, const fb_t *b) {
    uint32_t borrow = 0;
    for (int i = 0; i < a->n; i++) {
        uint64_t t = (uint64_t)a->d[i] - (i < b->n ? b->d[i] : 0) - borrow;
        a->d[i] = (uint32_t)t;
        borrow = (uint32_t)(t >> 63);
    }
    fb_trim(a);
}

/* r = a + b (r may be a). */
static void fb_add(fb_t *r, const fb_t *a, const fb_t *b) {
    int n = a->n > b->n ? a->n : b->n;
    uint64_t carry = 0;
    for (int i = 0; i < n; i++) {
        carry += (uint64_t)(i < a->n ? a->d[i] : 0) + (i < b->n ? b->d[i] : 0);
        r->d[i] = (uint32_t)carry;
        carry >>= 32;
    }
    r->n = n;
    if (carry && n < r->cap) r->d[r->n++] = (uint32_t)carry;
}

/* Returns floor(num / den) and leaves the remainder in num. Requires
 * num < 2**32 * den and den's top limb >= 2**31, which makes the estimate
 * from the leading limbs low by at most a few units. */
static uint32_t fb_quot(fb_t *num, const fb_t *den) {
    int t = den->n;
    if (num->n < t) return 0;
    uint64_t top = num->n > t ? ((uint64_t)num->d[t] << 32) | num->d[t - 1] : num->d[t - 1];
    uint64_t q = top / ((uint64_t)den->d[t - 1] + 1);
    if (q) {
        uint64_t mulc = 0;
        uint32_t borrow = 0;
        for (int i = 0; i < num->n; i++) {
            if (i < t) mulc += q * den->d[i];
            uint64_t s = (uint64_t)num->d[i] - (uint32_t)mulc - borrow;
            num->d[i] = (uint32_t)s;
            borrow = (uint32_t)(s >> 63);
            mulc >>= 32;
        }
        fb_trim(num);
    }
    while (fb_cmp(num, den) >= 0) {
        fb_sub(num, den);
        q++;
    }
    return (uint32_t)q;
}

/* Shift that brings the top limb of a's top bit to bit 31. */
static int fb_norm_shift(const fb_t *a) { return __builtin_clz(a->d[a->n - 1]); }

/* ------------------------------------------------------------------ */
/* Double -> decimal digits                                             */
/* ------------------------------------------------------------------ */

#define DIGITS_MAX 800 /* a double has at most 767 significant decimal digits */

enum dtoa_mode { MODE_SHORTEST = 0, MODE_SIGNIFICANT = 2, MODE_FIXED = 3 };

typedef struct {
    char d[DIGITS_MAX];
    int len;
    int decpt; /* value = 0.d1d2d3... * 10**decpt */
} digits_t;

/* floor(log10(m * 2**e)) or one less; refined by the caller. */
static int estimate_k(uint64_t m, int e) {
    double l = (double)(e + bitlen64(m) - 1) * 0.30102999566398120 - 1e-9;
    int k = (int)l;
    if ((double)k > l) k--;
    return k;
}

/* Scales so that 1 <= r/s < 10 with r/s = v / 10**k; the extra values
 * (the rounding-interval half-widths) are scaled along with r. */
static int scale_to_first_digit(fb_t *r, fb_t *s, fb_t *mp, fb_t *mm, int k) {
    if (k >= 0) {
        fb_mul_pow10(s, k);
    } else {
        fb_mul_pow10(r, -k);
        if (mp) fb_mul_pow10(mp, -k);
        if (mm) fb_mul_pow10(mm, -k);
    }
    FB_DECL(s10, FB_SMALL);
    for (;;) {
        fb_copy(&s10, s);
        fb_mul_small(&s10, 10);
        if (fb_cmp(r, &s10) >= 0) {
            fb_copy(s, &s10);
            k++;
        } else if (fb_cmp(r, s) < 0) {
            fb_mul_small(r, 10);
            if (mp) fb_mul_small(mp, 10);
            if (mm) fb_mul_small(mm, 10);
            k--;
        } else {
            return k;
        }
    }
}

static void normalise_all(fb_t *r, fb_t *s, fb_t *mp, fb_t *mm) {
    int sh = fb_norm_shift(s);
    fb_shl(r, sh);
    fb_shl(s, sh);
    if (mp) fb_shl(mp, sh);
    if (mm) fb_shl(mm, sh);
}

/* Adds one unit in the last place of the digit string, carrying. */
static void round_up_digits(digits_t *out) {
    int i = out->len - 1;
    while (i >= 0 && out->d[i] == '9') i--;
    if (i < 0) {
        out->d[0] = '1';
        out->len = 1;
        out->decpt++;
        return;
    }
    out->d[i]++;
    out->len = i + 1;
}

static void strip_zeros(digits_t *out) {
    while (out->len > 0 && out->d[out->len - 1] == '0') out->len--;
}

static void shortest_digits(uint64_t f, int e, digits_t *out) {
    FB_DECL(r, FB_SMALL);
    FB_DECL(s, FB_SMALL);
    FB_DECL(mp, FB_SMALL);
    FB_DECL(mm, FB_SMALL);
    bool special = f == HIDDEN_BIT && e > -1074; /* lower gap is half the upper */
    int low_shift = special ? 2 : 1;
    if (e >= 0) {
        fb_set(&r, f);
        fb_shl(&r, e + low_shift);
        fb_set(&s, (uint64_t)1 << low_shift);
        fb_set(&mp, 1);
        fb_shl(&mp, e + low_shift - 1);
        fb_set(&mm, 1);
        fb_shl(&mm, e);
    } else {
        fb_set(&r, f << low_shift);
        fb_set(&s, 1);
        fb_shl(&s, -e + low_shift);
        fb_set(&mp, (uint64_t)1 << (low_shift - 1));
        fb_set(&mm, 1);
    }
    int k = scale_to_first_digit(&r, &s, &mp, &mm, estimate_k(f, e));
    normalise_all(&r, &s, &mp, &mm);
    bool even = (f & 1) == 0;
    out->len = 0;
    out->decpt = k + 1;
    FB_DECL(sum, FB_SMALL);
    for (;;) {
        uint32_t d = fb_quot(&r, &s);
        int j = fb_cmp(&r, &mm);
        fb_add(&sum, &r, &mp);
        int j1 = fb_cmp(&sum, &s);
        bool done = true;
        if (j1 == 0 && even) {
            if (j > 0) d++;
        } else if (j < 0 || (j == 0 && even)) {
            if (j1 > 0 && !fb_is_zero(&r)) {
                fb_add(&sum, &r, &r);
                int c = fb_cmp(&sum, &s);
                if (c > 0 || (c == 0 && (d & 1))) d++;
            }
        } else if (j1 > 0) {
            d++;
        } else {
            done = false;
        }
        if (d == 10) {
            out->d[out->len++] = '9';
            round_up_digits(out);
            break;
        }
        out->d[out->len++] = (char)('0' + d);
        if (done || out->len == DIGITS_MAX) break;
        fb_mul_small(&r, 10);
        fb_mul_small(&mp, 10);
        fb_mul_small(&mm, 10);
    }
    strip_zeros(out);
}

/* Correctly rounded (half to even) digits: ndigits significant digits in
 * MODE_SIGNIFICANT, ndigits after the decimal point in MODE_FIXED. */
static void rounded_digits(uint64_t f, int e, enum dtoa_mode mode, int ndigits, digits_t *out) {
    FB_DECL(r, FB_SMALL);
    FB_DECL(s, FB_SMALL);
    fb_set(&r, f);
    fb_set(&s, 1);
    if (e >= 0) fb_shl(&r, e);
    else fb_shl(&s, -e);
    int k = scale_to_first_digit(&r, &s, 0, 0, estimate_k(f, e));
    out->len = 0;
    out->decpt = k + 1;
    long n = mode == MODE_SIGNIFICANT ? (ndigits < 1 ? 1 : ndigits) : (long)k + 1 + ndigits;
    if (n <= 0) {
        /* nothing survives unless the value rounds up to one unit */
        FB_DECL(s5, FB_SMALL);
        fb_copy(&s5, &s);
        fb_mul_small(&s5, 5);
        if (n == 0 && fb_cmp(&r, &s5) > 0) {
            out->d[0] = '1';
            out->len = 1;
            out->decpt = k + 2;
        } else {
            out->decpt = -ndigits;
        }
        return;
    }
    normalise_all(&r, &s, 0, 0);
    for (;;) {
        uint32_t d = fb_quot(&r, &s);
        out->d[out->len++] = (char)('0' + d);
        if (fb_is_zero(&r) || out->len == DIGITS_MAX) break;
        if (out->len == n) {
            FB_DECL(twice, FB_SMALL);
            fb_add(&twice, &r, &r);
            int c = fb_cmp(&twice, &s);
            if (c > 0 || (c == 0 && (d & 1))) round_up_digits(out);
            break;
        }
        fb_mul_small(&r, 10);
    }
    strip_zeros(out);
}

/* Digits of finite |x| (zero gives "0" with decpt 1, as dtoa does). */
static void dtoa(double x, enum dtoa_mode mode, int ndigits, digits_t *out) {
    uint64_t f;
    int e;
    if (x == 0) {
        out->d[0] = '0';
        out->len = 1;
        out->decpt = 1;
        return;
    }
    decompose(x, &f, &e);
    if (mode == MODE_SHORTEST) shortest_digits(f, e, out);
    else rounded_digits(f, e, mode, ndigits, out);
}

/* ------------------------------------------------------------------ */
/* Layout (CPython's format_float_short)                                */
/* ------------------------------------------------------------------ */

static char *put_zeros(char *p, long n) {
    for (long i = 0; i < n; i++) *p++ = '0';
    return p;
}

static char *put_chars(char *p, const char *s, long n) {
    for (long i = 0; i < n; i++) *p++ = s[i];
    return p;
}

static char *put_exponent(char *p, int exp, bool upper) {
    *p++ = upper ? 'E' : 'e';
    *p++ = exp < 0 ? '-' : '+';
    unsigned v = exp < 0 ? (unsigned)-exp : (unsigned)exp;
    char tmp[12];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    if (n < 2) tmp[n++] = '0';
    while (n) *p++ = tmp[--n];
    return p;
}

/* type is one of 'e' 'f' 'g' 'r'. */
static size_t format_short(double x, char type, int precision, bool add_dot_0, bool alt, bool upper, char *buf) {
    char *p = buf;
    if (!is_finite(x)) {
        if (flt_isnan(x)) return (size_t)(put_chars(p, upper ? "NAN" : "nan", 3) - buf);
        if (sign_bit(x)) *p++ = '-';
        return (size_t)(put_chars(p, upper ? "INF" : "inf", 3) - buf);
    }
    enum dtoa_mode mode = MODE_SHORTEST;
    if (type == 'e') {
        mode = MODE_SIGNIFICANT;
        precision++;
    } else if (type == 'f') {
        mode = MODE_FIXED;
    } else if (type == 'g') {
        mode = MODE_SIGNIFICANT;
        if (precision == 0) precision = 1;
    }
    digits_t dg;
    dtoa(x < 0 ? -x : x, mode, precision, &dg);
    long decpt = dg.decpt, digits_len = dg.len, vdigits_end = digits_len, vdigits_start;
    bool use_exp = false;
    int exp = 0;
    switch (type) {
    case 'e':
        use_exp = true;
        vdigits_end = precision;
        break;
    case 'f':
        vdigits_end = decpt + precision;
        break;
    case 'g':
        if (decpt <= -4 || decpt > (add_dot_0 ? precision - 1 : precision)) use_exp = true;
        if (alt) vdigits_end = precision;
        break;
    default: /* 'r': exponent form from 1e16 on */
        if (decpt <= -4 || decpt > 16) use_exp = true;
        break;
    }
    if (use_exp) {
        exp = (int)decpt - 1;
        decpt = 1;
    }
    vdigits_start = decpt <= 0 ? decpt - 1 : 0;
    if (!use_exp && add_dot_0) vdigits_end = vdigits_end > decpt ? vdigits_end : decpt + 1;
    else vdigits_end = vdigits_end > decpt ? vdigits_end : decpt;

    if (sign_bit(x)) *p++ = '-';
    if (decpt <= 0) {
        p = put_zeros(p, decpt - vdigits_start);
        *p++ = '.';
        p = put_zeros(p, -decpt);
    } else {
        p = put_zeros(p, -vdigits_start);
    }
    if (0 < decpt && decpt <= digits_len) {
        p = put_chars(p, dg.d, decpt);
        *p++ = '.';
        p = put_chars(p, dg.d + decpt, digits_len - decpt);
    } else {
        p = put_chars(p, dg.d, digits_len);
    }
    if (digits_len < decpt) {
        p = put_zeros(p, decpt - digits_len);
        *p++ = '.';
        p = put_zeros(p, vdigits_end - decpt);
    } else {
        p = put_zeros(p, vdigits_end - digits_len);
    }
    if (p[-1] == '.' && !alt) p--;
    if (use_exp) p = put_exponent(p, exp, upper);
    return (size_t)(p - buf);
}

size_t flt_repr(double x, char *buf) {
    return format_short(x, 'r', 0, true, false, false, buf);
}

size_t flt_format_size(double x, char type, int precision) {
    (void)x;
    (void)type;
    /* 311 integer digits at most (1.8e308 * 100 for '%'), a sign, a point,
     * an exponent, a '%', and the requested precision. */
    return 330 + (size_t)(precision < 0 ? 17 : precision);
}

size_t flt_format(double x, char type, int precision, bool alt, char *buf) {
    bool pct = type == '%';
    bool upper = type == 'E' || type == 'F' || type == 'G';
    bool add_dot_0 = false;
    if (pct) {
        x *= 100;
        type = 'f';
    }
    if (upper) type = (char)(type | 0x20);
    if (type == 'r') {
        add_dot_0 = true;
        if (precision < 0) precision = 0;
        else type = 'g';
    } else if (precision < 0) {
        precision = 6;
    }
    size_t n = format_short(x, type, precision, add_dot_0, alt, upper, buf);
    if (pct) buf[n++] = '%';
    return n;
}

/* ------------------------------------------------------------------ */
/* Decimal -> double                                                    */
/* ------------------------------------------------------------------ */

/* Enough digits to decide the rounding of any decimal: halfway points
 * between doubles have at most 768 significant digits. */
#define PARSE_DIGITS_MAX 800

/* Correctly rounded digits * 10**exp10; sticky says nonzero digits were
 * dropped after the given ones. digits has no leading zeros. */
static double decimal_to_double(const char *digits, int n, long exp10, bool sticky, bool neg) {
    bool overflow;
    while (n > 0 && digits[n - 1] == '0') {
        n--;
        exp10++;
    }
    if (n == 0) return neg ? -0.0 : 0.0;
    if (n + exp10 > 310) return flt_make(1, 2000, false, neg, &overflow);
    if (n + exp10 < -330) return neg ? -0.0 : 0.0;
    FB_DECL(num, FB_LARGE);
    FB_DECL(den, FB_LARGE);
    for (int i = 0; i < n; i++) {
        fb_mul_small(&num, 10);
        fb_add_small(&num, (uint32_t)(digits[i] - '0'));
    }
    if (sticky) { /* a trailing nonzero digit stands for everything dropped */
        fb_mul_small(&num, 10);
        fb_add_small(&num, 1);
        exp10--;
    }
    if (exp10 >= 0) {
        fb_mul_pow10(&num, (int)exp10);
        int shift = fb_bitlen(&num) - 64;
        if (shift < 0) shift = 0;
        bool lost = false;
        for (int i = 0; i < shift / 32; i++)
            if (num.d[i]) lost = true;
        if (shift % 32 && (num.d[shift / 32] & ((1u << (shift % 32)) - 1))) lost = true;
        uint64_t top = 0;
        for (int b = 63; b >= 0; b--) {
            int bit = shift + b;
            if (bit / 32 < num.n && (num.d[bit / 32] >> (bit % 32)) & 1) top |= (uint64_t)1 << b;
        }
        return flt_make(top, shift, lost, neg, &overflow);
    }
    fb_set(&den, 1);
    fb_mul_pow10(&den, (int)-exp10);
    /* scale so the quotient has 63 or 64 bits */
    int s = fb_bitlen(&den) - fb_bitlen(&num) + 63;
    if (s >= 0) fb_shl(&num, s);
    else fb_shl(&den, -s);
    int sh = fb_norm_shift(&den);
    fb_shl(&num, sh);
    fb_shl(&den, sh);
    FB_DECL(den_hi, FB_LARGE);
    fb_set(&den_hi, 0);
    den_hi.n = den.n + 1;
    den_hi.d[0] = 0;
    for (int i = 0; i < den.n; i++) den_hi.d[i + 1] = den.d[i];
    uint64_t q = (uint64_t)fb_quot(&num, &den_hi) << 32;
    q |= fb_quot(&num, &den);
    return flt_make(q, -s, !fb_is_zero(&num), neg, &overflow);
}

static bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static bool match_word(const char *p, const char *end, const char *word) {
    for (; *word; word++, p++)
        if (p >= end || (*p | 0x20) != *word) return false;
    return p == end;
}

/* An underscore is only allowed between two digits. */
static bool underscore_ok(const char *p, const char *start, const char *end) {
    return p > start && p + 1 < end && is_digit(p[-1]) && is_digit(p[1]);
}

typedef struct {
    char digits[PARSE_DIGITS_MAX];
    int n;
    bool sticky;
    long exp10;
    bool any_digit;
} decimal_t;

static void take_digit(decimal_t *dec, char c, bool fraction) {
    dec->any_digit = true;
    if (dec->n == 0 && c == '0') {
        if (fraction) dec->exp10--;
        return;
    }
    if (dec->n < PARSE_DIGITS_MAX) {
        dec->digits[dec->n++] = c;
        if (fraction) dec->exp10--;
    } else {
        if (c != '0') dec->sticky = true;
        if (!fraction) dec->exp10++;
    }
}

bool flt_parse(const char *s, size_t len, double *out) {
    const char *p = s, *end = s + len;
    while (p < end && is_space(*p)) p++;
    while (end > p && is_space(end[-1])) end--;
    bool neg = false;
    if (p < end && (*p == '+' || *p == '-')) neg = *p++ == '-';
    if (match_word(p, end, "inf") || match_word(p, end, "infinity")) {
        *out = from_bits(((uint64_t)neg << 63) | ((uint64_t)EXP_MASK << 52));
        return true;
    }
    if (match_word(p, end, "nan")) {
        *out = from_bits(((uint64_t)neg << 63) | ((uint64_t)EXP_MASK << 52) | ((uint64_t)1 << 51));
        return true;
    }
    const char *start = p;
    decimal_t dec;
    dec.n = 0;
    dec.sticky = false;
    dec.exp10 = 0;
    dec.any_digit = false;
    bool fraction = false;
    for (; p < end; p++) {
        if (is_digit(*p)) take_digit(&dec, *p, fraction);
        else if (*p == '_' && underscore_ok(p, start, end)) continue;
        else if (*p == '.' && !fraction) fraction = true;
        else break;
    }
    if (!dec.any_digit) return false;
    if (p < end && (*p == 'e' || *p == 'E')) {
        p++;
        bool eneg = false;
        if (p < end && (*p == '+' || *p == '-')) eneg = *p++ == '-';
        const char *estart = p;
        long ev = 0;
        for (; p < end; p++) {
            if (is_digit(*p)) {
                if (ev < 100000000) ev = ev * 10 + (*p - '0');
            } else if (!(*p == '_' && underscore_ok(p, estart, end))) {
                break;
            }
        }
        if (p == estart) return false;
        dec.exp10 += eneg ? -ev : ev;
    }
    if (p != end) return false;
    *out = decimal_to_double(dec.digits, dec.n, dec.exp10, dec.sticky, neg);
    return true;
}

/* ------------------------------------------------------------------ */
/* round()                                                              */
/* ------------------------------------------------------------------ */

#define NDIGITS_MAX 323  /* beyond: every double rounds to itself */
#define NDIGITS_MIN -308 /* below: every double rounds to zero */

double flt_round(double x, int ndigits) {
    if (!is_finite(x) || ndigits > NDIGITS_MAX) return x;
    if (ndigits < NDIGITS_MIN) return sign_bit(x) ? -0.0 : 0.0;
    digits_t dg;
    dtoa(x < 0 ? -x : x, MODE_FIXED, ndigits, &dg);
    return decimal_to_double(dg.d, dg.len, (long)dg.decpt - dg.len, false, sign_bit(x));
}

/* ------------------------------------------------------------------ */
/* libm subset                                                          */
/* ------------------------------------------------------------------ */

double flt_trunc(double x) {
    uint64_t u = bits_of(x);
    int be = (int)((u >> 52) & EXP_MASK);
    if (be >= 1075) return x; /* integral, inf or nan */
    if (be < 1023) return from_bits(u & ((uint64_t)1 << 63));
    uint64_t frac_mask = MANT_MASK >> (be - 1023);
    return from_bits(u & ~frac_mask);
}

double flt_floor(double x) {
    double t = flt_trunc(x);
    return (t != x && x < 0) ? t - 1.0 : t;
}

double flt_ceil(double x) {
    double t = flt_trunc(x);
    if (t != x && x > 0) return t + 1.0;
    return t;
}

double flt_fmod(double x, double y) {
    if (flt_isnan(x) || flt_isnan(y) || flt_isinf(x) || y == 0) return from_bits(((uint64_t)EXP_MASK << 52) | ((uint64_t)1 << 51));
    if (flt_isinf(y) || x == 0) return x;
    double ax = x < 0 ? -x : x, ay = y < 0 ? -y : y;
    if (ax < ay) return x;
    uint64_t mx, my;
    int ex, ey;
    decompose(ax, &mx, &ex);
    decompose(ay, &my, &ey);
    /* exact long division of mx * 2**(ex-ey) by my, 11 bits at a time */
    uint64_t r = mx % my;
    int gap = ex - ey;
    while (gap > 0 && r) {
        int step = gap < 11 ? gap : 11;
        r = (r << step) % my;
        gap -= step;
    }
    bool overflow;
    return flt_make(r, ey, false, sign_bit(x), &overflow);
}

double flt_sqrt(double x) {
#ifdef __NO_MATH_ERRNO__
    return __builtin_sqrt(x);
#else
    double r;
    __asm__("sqrtsd %1, %0" : "=x"(r) : "x"(x));
    return r;
#endif
}

double flt_frexp(double x, int *exp) {
    *exp = 0;
    if (x == 0 || !is_finite(x)) return x;
    uint64_t m;
    int e;
    decompose(x, &m, &e);
    int shift = 53 - bitlen64(m); /* normalise subnormals */
    m <<= shift;
    e -= shift;
    *exp = e + 53;
    return from_bits((bits_of(x) & ((uint64_t)1 << 63)) | ((uint64_t)1022 << 52) | (m & MANT_MASK));
}

double flt_ldexp(double x, int exp) {
    if (x == 0 || !is_finite(x)) return x;
    uint64_t m;
    int e;
    decompose(x, &m, &e);
    bool overflow;
    return flt_make(m, (int64_t)e + exp, false, sign_bit(x), &overflow);
}

/* Double-double arithmetic: hi + lo carries about 106 bits, enough for
 * exp/log/pow to round correctly in all but extraordinarily rare cases. */
typedef struct {
    double hi, lo;
} dd_t;

static dd_t dd_make(double hi, double lo) {
    dd_t r = { hi, lo };
    return r;
}

static dd_t quick_two_sum(double a, double b) {
    double s = a + b;
    return dd_make(s, b - (s - a));
}

static dd_t two_sum(double a, double b) {
    double s = a + b, bb = s - a;
    return dd_make(s, (a - (s - bb)) + (b - bb));
}

static void split(double a, double *hi, double *lo) {
    double t = 134217729.0 * a; /* 2**27 + 1 */
    *hi = t - (t - a);
    *lo = a - *hi;
}

static dd_t two_prod(double a, double b) {
    double p = a * b, ah, al, bh, bl;
    split(a, &ah, &al);
    split(b, &bh, &bl);
    return dd_make(p, ((ah * bh - p) + ah * bl + al * bh) + al * bl);
}

static dd_t dd_add(dd_t a, dd_t b) {
    dd_t s = two_sum(a.hi, b.hi), t = two_sum(a.lo, b.lo);
    s.lo += t.hi;
    s = quick_two_sum(s.hi, s.lo);
    s.lo += t.lo;
    return quick_two_sum(s.hi, s.lo);
}

static dd_t dd_neg(dd_t a) { return dd_make(-a.hi, -a.lo); }

static dd_t dd_mul(dd_t a, dd_t b) {
    dd_t p = two_prod(a.hi, b.hi);
    p.lo += a.hi * b.lo + a.lo * b.hi;
    return quick_two_sum(p.hi, p.lo);
}

static dd_t dd_mul_d(dd_t a, double b) { return dd_mul(a, dd_make(b, 0)); }

static dd_t dd_div(dd_t a, dd_t b) {
    double q1 = a.hi / b.hi;
    dd_t r = dd_add(a, dd_neg(dd_mul_d(b, q1)));
    double q2 = r.hi / b.hi;
    r = dd_add(r, dd_neg(dd_mul_d(b, q2)));
    double q3 = r.hi / b.hi;
    return dd_add(quick_two_sum(q1, q2), dd_make(q3, 0));
}

static const dd_t LN2 = { 6.93147180559945286227e-01, 2.31904681384629955842e-17 };

/* log(x) for finite x > 0. */
static dd_t dd_log(double x) {
    int e;
    double m = flt_frexp(x, &e); /* m in [0.5, 1) */
    if (m < 0.70710678118654752440) {
        m *= 2;
        e--;
    }
    /* log(m) = 2 atanh(s), s = (m - 1) / (m + 1), |s| <= 0.1716 */
    dd_t s = dd_div(dd_make(m - 1.0, 0), two_sum(m, 1.0));
    dd_t s2 = dd_mul(s, s);
    dd_t sum = dd_div(dd_make(1, 0), dd_make(45, 0));
    for (int k = 21; k >= 0; k--)
        sum = dd_add(dd_mul(sum, s2), dd_div(dd_make(1, 0), dd_make(2 * k + 1, 0)));
    dd_t logm = dd_mul_d(dd_mul(s, sum), 2.0);
    return dd_add(dd_mul_d(LN2, (double)e), logm);
}

/* v * 2**k for positive v, rounded once even when the result is subnormal. */
static double dd_scale(dd_t v, int64_t k) {
    uint64_t m;
    int e;
    bool overflow;
    decompose(v.hi, &m, &e);
    if (bitlen64(m) - 1 + e + k >= -1022) return flt_make(m, e + k, false, false, &overflow);
    /* below the normal range: lo decides the direction of the one rounding */
    bool sticky = v.lo != 0;
    if (v.lo < 0) m--;
    return flt_make(m, e + k, sticky, false, &overflow);
}

/* exp(a) as a double; a is a double-double. */
static double dd_exp(dd_t a) {
    if (a.hi > 710) return from_bits((uint64_t)EXP_MASK << 52);
    if (a.hi < -746) return 0.0;
    double k = flt_floor(a.hi / LN2.hi + 0.5);
    dd_t r = dd_add(a, dd_neg(dd_mul_d(LN2, k))); /* |r| <= ln2/2 */
    /* expm1 of r / 1024 by Taylor series, then undo the scaling by squaring */
    dd_t t = dd_make(flt_ldexp(r.hi, -10), flt_ldexp(r.lo, -10));
    dd_t term = t, p = t;
    for (int n = 2; n <= 12; n++) {
        term = dd_div(dd_mul(term, t), dd_make(n, 0));
        p = dd_add(p, term);
    }
    for (int i = 0; i < 10; i++) /* (1 + p)**2 - 1 = 2p + p*p */
        p = dd_add(dd_mul_d(p, 2.0), dd_mul(p, p));
    return dd_scale(dd_add(dd_make(1, 0), p), (int64_t)k);
}

static double quiet_nan(void) { return from_bits(((uint64_t)EXP_MASK << 52) | ((uint64_t)1 << 51)); }
static double infinity(void) { return from_bits((uint64_t)EXP_MASK << 52); }

double flt_exp(double x) {
    if (flt_isnan(x)) return x;
    if (flt_isinf(x)) return x > 0 ? x : 0.0;
    return dd_exp(dd_make(x, 0));
}

double flt_log(double x) {
    if (flt_isnan(x) || (flt_isinf(x) && x > 0)) return x;
    if (x == 0) return -infinity();
    if (x < 0) return quiet_nan();
    if (x == 1) return 0.0;
    dd_t l = dd_log(x);
    return l.hi + l.lo;
}

static bool is_integral(double y) { return flt_trunc(y) == y; }

static bool is_odd_integer(double y) {
    if (!is_integral(y)) return false;
    double half = y * 0.5;
    return flt_trunc(half) != half;
}

/* |x|**n for integral n >= 1 by squaring in double-double, with the binary
 * exponent kept apart so intermediate values never overflow. */
static double pow_integral(double ax, double n, bool invert) {
    int be;
    dd_t base = dd_make(flt_frexp(ax, &be), 0), acc = dd_make(1, 0);
    int64_t bexp = be, aexp = 0;
    const int64_t limit = (int64_t)1 << 24;
    while (n >= 1) {
        double half = flt_floor(n * 0.5);
        if (n != half * 2) {
            acc = dd_mul(acc, base);
            aexp += bexp;
            int e;
            double m = flt_frexp(acc.hi, &e);
            acc = dd_make(m, flt_ldexp(acc.lo, -e));
            aexp += e;
        }
        n = half;
        if (n < 1) break;
        if (bexp > limit || bexp < -limit) {
            /* the result is certainly out of range in this direction */
            bool huge = bexp > 0;
            if (invert) huge = !huge;
            return huge ? infinity() : 0.0;
        }
        base = dd_mul(base, base);
        bexp *= 2;
        int e;
        double m = flt_frexp(base.hi, &e);
        base = dd_make(m, flt_ldexp(base.lo, -e));
        bexp += e;
    }
    if (invert) {
        acc = dd_div(dd_make(1, 0), acc);
        aexp = -aexp;
    }
    if (aexp > limit) return infinity();
    if (aexp < -limit) return 0.0;
    return dd_scale(acc, aexp);
}

double flt_pow(double x, double y) {
    if (y == 0 || x == 1) return 1.0;
    if (flt_isnan(x) || flt_isnan(y)) return quiet_nan();
    double ax = x < 0 ? -x : x;
    bool odd = is_odd_integer(y);
    if (flt_isinf(y)) {
        if (ax == 1) return 1.0;
        return (ax < 1) == (y < 0) ? infinity() : 0.0;
    }
    if (flt_isinf(x)) {
        double mag = y < 0 ? 0.0 : infinity();
        return (x < 0 && odd) ? -mag : mag;
    }
    if (x == 0) {
        double mag = y < 0 ? infinity() : 0.0;
        return (sign_bit(x) && odd) ? -mag : mag;
    }
    if (x < 0 && !is_integral(y)) return quiet_nan();
    double r;
    double ay = y < 0 ? -y : y;
    if (ax == 1) {
        r = 1.0;
    } else if (ay > 18446744073709551616.0) {
        /* |y * log|x|| > 2000 since |log|x|| >= 2**-53: out of range */
        r = (ax > 1) == (y > 0) ? infinity() : 0.0;
    } else if (is_integral(y) && ay < 9007199254740992.0) {
        r = pow_integral(ax, ay, y < 0);
    } else {
        dd_t l = dd_mul_d(dd_log(ax), y);
        r = dd_exp(l);
    }
    return (x < 0 && odd) ? -r : r;
}
