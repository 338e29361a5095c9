/* num: int (tagged small ints with a bignum overflow path) and float. */
#include "obj.h"
#include "fltfmt.h"
#include "port.h"

#define HASH_MOD (((uint64_t)1 << 61) - 1)

bn_t *bn_alloc(size_t ndigits)
{
    Int *i = gc_alloc(kr_types[K_INT], sizeof(Int) + ndigits * sizeof(bn_digit));
    if (!i && TS->user_mode) {
        /* A process at its allowance: the bignum library cannot fail midway, so this
         * (bounded: user_int_fits) scratch comes from the kernel's share instead. */
        exc_clear();
        uint8_t account = TS->account;
        TS->user_mode = false;
        TS->account = 0;
        i = gc_alloc(kr_types[K_INT], sizeof(Int) + ndigits * sizeof(bn_digit));
        TS->user_mode = true;
        TS->account = account;
    }
    if (!i) {
        /* bignum.h promises non-NULL: fall back to a static scratch limb set is impossible,
         * so the VM treats exhaustion as fatal here after raising. */
        static struct { bn_t n; bn_digit d[16384]; } dummy;
        if (ndigits > 16384)
            port_panic("bignum allocation failed");
        dummy.n.len = 0;
        dummy.n.cap = 16384;
        return &dummy.n;
    }
    i->n.len = 0;
    i->n.cap = (uint32_t)ndigits;
    return &i->n;
}

static inline Int *int_of_bn(bn_t *b) { return (Int *)((char *)b - offsetof(Int, n)); }

Val int_from_bn(bn_t *b)
{
    if (!b)
        return V_NULL;
    if (TS->cur_exc && exc_pending_is(e_MemoryError))
        return V_NULL;
    int64_t v;
    if (bn_to_i64(b, &v) && FITS_SMALL(v))
        return MK_INT(v);
    return (Val)int_of_bn(b);
}

Val int_from_i64(int64_t n)
{
    if (FITS_SMALL(n))
        return MK_INT(n);
    return int_from_bn(bn_from_i64(n));
}

Val int_from_u64(uint64_t n)
{
    if (n <= (uint64_t)SMALL_MAX)
        return MK_INT((intptr_t)n);
    return int_from_bn(bn_from_u64(n));
}

bool is_int(Val v)
{
    if (IS_INT(v) || v == V_TRUE || v == V_FALSE)
        return true;
    return IS_PTR(v) && type_of(v)->kind == K_INT;
}

bn_t *int_to_bn(Val v)
{
    if (IS_INT(v))
        return bn_from_i64(INT_VAL(v));
    if (v == V_TRUE)
        return bn_from_i64(1);
    if (v == V_FALSE)
        return bn_from_i64(0);
    return &((Int *)v)->n;
}

bool int_to_i64_slow(Val v, int64_t *out)
{
    if (v == V_TRUE) { *out = 1; return true; }
    if (v == V_FALSE) { *out = 0; return true; }
    if (IS_PTR(v) && type_of(v)->kind == K_INT)
        return bn_to_i64(&((Int *)v)->n, out);
    return false;
}

static Val small_of(Val v)
{
    if (v == V_TRUE) return MK_INT(1);
    if (v == V_FALSE) return MK_INT(0);
    return v;
}

/* Limits for processes: a builtin is not preempted, so one bignum operation
 * must not tie the processor up for seconds; int <-> decimal str conversions
 * keep CPython 3.11's 4300-digit default limit (the kernel itself has none). */
#define USER_INT_BITS ((uint64_t)1 << 18)
#define USER_INT_DIGITS 4300

uint64_t int_bits(Val v)
{
    v = small_of(v);
    if (IS_INT(v)) {
        intptr_t n = INT_VAL(v);
        uint64_t u = n < 0 ? (uint64_t)(-(n + 1)) + 1 : (uint64_t)n;
        return u ? 64 - (uint64_t)__builtin_clzll(u) : 0;
    }
    return bn_bit_length(int_to_bn(v));
}

bool user_int_fits(uint64_t bits)
{
    if (!TS->user_mode || bits <= USER_INT_BITS)
        return true;
    raise(e_MemoryError, "integer too large for a process (over %d bits)", (int)USER_INT_BITS);
    return false;
}

static bool user_digits_fit(uint64_t digits)
{
    if (!TS->user_mode || digits <= USER_INT_DIGITS)
        return true;
    raise(e_ValueError, "Exceeds the limit (%d digits) for integer string conversion; "
          "use sys.set_int_max_str_digits() to increase the limit", USER_INT_DIGITS);
    return false;
}

static Val int_pow(Val a, Val b)
{
    if (int_cmp(b, MK_INT(0)) < 0) {
        double x, y;
        num_to_double(a, &x);
        num_to_double(b, &y);
        if (x == 0.0)
            return raise(e_ZeroDivisionError, "0.0 cannot be raised to a negative power");
        return float_new(flt_pow(x, y));
    }
    int64_t e;
    if (!int_to_i64(b, &e))
        return raise(e_OverflowError, "exponent too large");
    if (IS_INT(a)) {
        intptr_t base = INT_VAL(a), r = 1;
        int64_t ee = e;
        bool ok = true;
        intptr_t bb = base;
        while (ee > 0) {
            if (ee & 1) { if (__builtin_mul_overflow(r, bb, &r)) { ok = false; break; } }
            ee >>= 1;
            if (ee && __builtin_mul_overflow(bb, bb, &bb)) { ok = false; break; }
        }
        if (ok && FITS_SMALL(r))
            return MK_INT(r);
    }
    if (TS->user_mode && int_bits(a) > 1 && !user_int_fits(e > (int64_t)USER_INT_BITS ? USER_INT_BITS + 1 : int_bits(a) * (uint64_t)e))
        return V_NULL;
    return int_from_bn(bn_pow(int_to_bn(a), (uint64_t)e));
}

Val int_binop(int op, Val a, Val b)
{
    if ((a == V_TRUE || a == V_FALSE) && (b == V_TRUE || b == V_FALSE) && (op == OP_AND || op == OP_OR || op == OP_XOR)) {
        bool x = a == V_TRUE, y = b == V_TRUE;
        return MK_BOOL(op == OP_AND ? (x && y) : op == OP_OR ? (x || y) : (x != y));
    }
    a = small_of(a);
    b = small_of(b);
    if (IS_INT(a) && IS_INT(b)) {
        intptr_t x = INT_VAL(a), y = INT_VAL(b), r;
        switch (op) {
        case OP_ADD: return int_from_i64(x + y);
        case OP_SUB: return int_from_i64(x - y);
        case OP_MUL:
            if (!__builtin_mul_overflow(x, y, &r))
                return int_from_i64(r);
            break;
        case OP_FLOORDIV: case OP_MOD:
            if (y == 0)
                return raise(e_ZeroDivisionError, op == OP_MOD ? "integer modulo by zero" : "integer division or modulo by zero");
            {
                intptr_t q = x / y, m = x % y;
                if (m != 0 && ((m < 0) != (y < 0))) { m += y; q -= 1; }
                return op == OP_MOD ? MK_INT(m) : int_from_i64(q);
            }
        case OP_TRUEDIV:
            if (y == 0)
                return raise(e_ZeroDivisionError, "division by zero");
            if (x < ((intptr_t)1 << 53) && x > -((intptr_t)1 << 53) && y < ((intptr_t)1 << 53) && y > -((intptr_t)1 << 53))
                return float_new((double)x / (double)y);
            break;
        case OP_AND: return MK_INT(x & y);
        case OP_OR: return MK_INT(x | y);
        case OP_XOR: return MK_INT(x ^ y);
        case OP_LSHIFT:
            if (y < 0) return raise(e_ValueError, "negative shift count");
            if (y < 62 && x == ((x << y) >> y) && FITS_SMALL(x << y))
                return MK_INT(x << y);
            break;
        case OP_RSHIFT:
            if (y < 0) return raise(e_ValueError, "negative shift count");
            return MK_INT(y >= 63 ? (x < 0 ? -1 : 0) : x >> y);
        case OP_POW:
            return int_pow(a, b);
        default:
            break;
        }
    }
    switch (op) {
    case OP_ADD: return int_from_bn(bn_add(int_to_bn(a), int_to_bn(b)));
    case OP_SUB: return int_from_bn(bn_sub(int_to_bn(a), int_to_bn(b)));
    case OP_MUL:
        if (TS->user_mode && !user_int_fits(int_bits(a) + int_bits(b)))
            return V_NULL;
        return int_from_bn(bn_mul(int_to_bn(a), int_to_bn(b)));
    case OP_FLOORDIV: case OP_MOD: case OP_TRUEDIV: {
        bn_t *y = int_to_bn(b);
        if (bn_sign(y) == 0)
            return raise(e_ZeroDivisionError, op == OP_MOD ? "integer modulo by zero" :
                         op == OP_TRUEDIV ? "division by zero" : "integer division or modulo by zero");
        if (op == OP_TRUEDIV) {
            bool ovf = false;
            double d = bn_truediv(int_to_bn(a), y, &ovf);
            if (ovf)
                return raise(e_OverflowError, "integer division result too large for a float");
            return float_new(d);
        }
        return int_from_bn(op == OP_MOD ? bn_mod(int_to_bn(a), y) : bn_floordiv(int_to_bn(a), y));
    }
    case OP_AND: return int_from_bn(bn_and(int_to_bn(a), int_to_bn(b)));
    case OP_OR: return int_from_bn(bn_or(int_to_bn(a), int_to_bn(b)));
    case OP_XOR: return int_from_bn(bn_xor(int_to_bn(a), int_to_bn(b)));
    case OP_LSHIFT: case OP_RSHIFT: {
        if (int_cmp(b, MK_INT(0)) < 0)
            return raise(e_ValueError, "negative shift count");
        int64_t n;
        if (!int_to_i64(b, &n)) {
            if (op == OP_RSHIFT)
                return MK_INT(bn_sign(int_to_bn(a)) < 0 ? -1 : 0);
            return raise(e_OverflowError, "too many digits in integer");
        }
        if (op == OP_LSHIFT && TS->user_mode && int_cmp(a, MK_INT(0)) != 0 &&
            !user_int_fits(n > (int64_t)USER_INT_BITS ? USER_INT_BITS + 1 : int_bits(a) + (uint64_t)n))
            return V_NULL;
        return int_from_bn(op == OP_LSHIFT ? bn_lshift(int_to_bn(a), (uint64_t)n) : bn_rshift(int_to_bn(a), (uint64_t)n));
    }
    case OP_POW: return int_pow(a, b);
    default:
        return V_NOTIMPL;
    }
}

Val int_neg(Val a)
{
    a = small_of(a);
    if (IS_INT(a))
        return int_from_i64(-INT_VAL(a));
    return int_from_bn(bn_neg(int_to_bn(a)));
}

Val int_invert(Val a)
{
    a = small_of(a);
    if (IS_INT(a))
        return MK_INT(~INT_VAL(a));
    return int_from_bn(bn_invert(int_to_bn(a)));
}

int int_cmp(Val a, Val b)
{
    a = small_of(a);
    b = small_of(b);
    if (IS_INT(a) && IS_INT(b))
        return INT_VAL(a) < INT_VAL(b) ? -1 : INT_VAL(a) > INT_VAL(b);
    return bn_cmp(int_to_bn(a), int_to_bn(b));
}

int64_t int_hash(Val v)
{
    v = small_of(v);
    if (IS_INT(v)) {
        intptr_t n = INT_VAL(v);
        /* |n| < 2**61 - 1 always here except the extremes */
        int64_t h;
        if (n >= 0)
            h = (int64_t)((uint64_t)n % HASH_MOD);
        else
            h = -(int64_t)((uint64_t)(-n) % HASH_MOD);
        return h == -1 ? -2 : h;
    }
    return bn_hash(int_to_bn(v));
}

Val int_to_str(Val v, int base)
{
    v = small_of(v);
    char buf[80];
    if (IS_INT(v)) {
        intptr_t n = INT_VAL(v);
        bool neg = n < 0;
        uint64_t u = neg ? (uint64_t)(-(n + 1)) + 1 : (uint64_t)n;
        char *p = buf + sizeof buf;
        do {
            int d = (int)(u % (unsigned)base);
            *--p = (char)(d < 10 ? '0' + d : 'a' + d - 10);
            u /= (unsigned)base;
        } while (u);
        if (neg)
            *--p = '-';
        return str_new(p, (size_t)(buf + sizeof buf - p));
    }
    bn_t *b = int_to_bn(v);
    if (base == 10 && TS->user_mode && !user_digits_fit(bn_bit_length(b) * 30103 / 100000))
        return V_NULL;
    size_t need = bn_str_size(b, base);
    Raw *r = gc_alloc_raw(need + 1);
    if (!r)
        return V_NULL;
    size_t n = bn_to_str(b, base, (char *)r->d);
    return str_new((const char *)r->d, n);
}

Val int_parse(const char *s, size_t len, int base)
{
    /* fast path: plain short decimal */
    if (base == 10 && len > 0 && len < 18) {
        size_t i = 0;
        bool neg = false;
        if (s[0] == '-' || s[0] == '+') { neg = s[0] == '-'; i = 1; }
        if (i < len) {
            int64_t v = 0;
            size_t j = i;
            for (; j < len && s[j] >= '0' && s[j] <= '9'; j++)
                v = v * 10 + (s[j] - '0');
            if (j == len)
                return MK_INT(neg ? -v : v);
        }
    }
    if (TS->user_mode && !(base == 10 ? user_digits_fit(len) : user_int_fits((uint64_t)len * 6)))
        return V_NULL;
    bn_t *b = bn_from_str(s, len, base);
    if (!b) {
        Val sv = str_new(s, len);
        Val r = sv ? repr(sv) : V_NULL;
        if (!r)
            return V_NULL;
        return raise(e_ValueError, "invalid literal for int() with base %d: %s", base, CSTR(r));
    }
    return int_from_bn(b);
}

Val int_true_index(Val v, int64_t *out)
{
    if (int_to_i64(v, out))
        return V_TRUE;
    if (is_int(v))
        return raise(e_OverflowError, "Python int too large to convert to C ssize_t");
    return raise(e_TypeError, "'%s' object cannot be interpreted as an integer", type_name(v));
}

/* ---- float ---- */

Val float_new(double d)
{
    Float *f = gc_alloc(kr_types[K_FLOAT], sizeof(Float));
    if (!f)
        return V_NULL;
    f->d = d;
    return (Val)f;
}

bool num_to_double(Val v, double *out)
{
    if (IS_INT(v)) { *out = (double)INT_VAL(v); return true; }
    if (v == V_TRUE) { *out = 1.0; return true; }
    if (v == V_FALSE) { *out = 0.0; return true; }
    if (!IS_PTR(v))
        return false;
    uint32_t k = type_of(v)->kind;
    if (k == K_FLOAT) { *out = FLOAT_VAL(v); return true; }
    if (k == K_INT) {
        bool ovf = false;
        *out = bn_to_double(&((Int *)v)->n, &ovf);
        if (ovf) {
            raise(e_OverflowError, "int too large to convert to float");
            return false;
        }
        return true;
    }
    return false;
}

Val float_binop(int op, double a, double b)
{
    switch (op) {
    case OP_ADD: return float_new(a + b);
    case OP_SUB: return float_new(a - b);
    case OP_MUL: return float_new(a * b);
    case OP_TRUEDIV:
        if (b == 0.0) return raise(e_ZeroDivisionError, "float division by zero");
        return float_new(a / b);
    case OP_FLOORDIV: case OP_MOD: {
        if (b == 0.0)
            return raise(e_ZeroDivisionError, op == OP_MOD ? "float modulo" : "float floor division by zero");
        double mod = flt_fmod(a, b);
        double div = (a - mod) / b;
        if (mod != 0.0) {
            if ((b < 0) != (mod < 0)) { mod += b; div -= 1.0; }
        } else
            mod = b < 0 ? -0.0 : 0.0;
        double fd;
        if (div != 0.0) {
            fd = flt_floor(div);
            if (div - fd > 0.5) fd += 1.0;
        } else {
            double q = a / b;
            fd = (q < 0 || (q == 0 && 1.0 / q < 0)) ? -0.0 : 0.0;
        }
        return float_new(op == OP_MOD ? mod : fd);
    }
    case OP_POW:
        if (a == 0.0 && b < 0)
            return raise(e_ZeroDivisionError, "0.0 cannot be raised to a negative power");
        if (a < 0 && b != flt_floor(b))
            return raise(e_ValueError, "math domain error");
        {
            double r = flt_pow(a, b);
            if (flt_isinf(r) && !flt_isinf(a) && !flt_isinf(b))
                return raise_val(exc_new(e_OverflowError, tuple_pack(2, MK_INT(34), str_from_cstr("Numerical result out of range"))));
            return float_new(r);
        }
    default:
        return V_NOTIMPL;
    }
}

int64_t float_hash(double v)
{
    if (flt_isinf(v))
        return v > 0 ? 314159 : -314159;
    if (flt_isnan(v))
        return 0;
    int e;
    double m = flt_frexp(v, &e);
    int sign = 1;
    if (m < 0) { sign = -1; m = -m; }
    uint64_t x = 0;
    while (m != 0.0) {
        x = ((x << 28) & HASH_MOD) | x >> (61 - 28);
        m *= 268435456.0;
        e -= 28;
        uint64_t y = (uint64_t)m;
        m -= (double)y;
        x += y;
        if (x >= HASH_MOD)
            x -= HASH_MOD;
    }
    e = e >= 0 ? e % 61 : 61 - 1 - ((-1 - e) % 61);
    x = ((x << e) & HASH_MOD) | x >> (61 - e);
    x = x * (uint64_t)(int64_t)sign;
    if (x == (uint64_t)-1)
        x = (uint64_t)-2;
    return (int64_t)x;
}

Val float_repr(double d)
{
    char buf[FLT_BUF_MIN + 8];
    size_t n = flt_repr(d, buf);
    return str_new(buf, n);
}
