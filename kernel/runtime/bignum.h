/* bignum: arbitrary-precision signed integers with Python's semantics.
 *
 * Freestanding C (only <stdint.h>, <stddef.h>, <stdbool.h>). Every result is a
 * fresh bn_t obtained from bn_alloc(), which the embedder provides: the VM
 * allocates a Python int object and returns the bn_t embedded in it; host tests
 * use malloc. bn_alloc never returns NULL (the VM raises MemoryError instead).
 * Inputs are never modified. Callers check for division by zero and negative
 * exponents/shift counts before calling. Scratch space (normalised division
 * operands, Karatsuba temporaries) also comes from bn_alloc() and is simply
 * dropped, so the embedder's collector must not reclaim the inputs or earlier
 * allocations of the same call while it runs.
 * Semantics follow CPython 3.11, except that the int_max_str_digits limit on
 * decimal conversions is left to the caller.
 */
#ifndef KRAIT_BIGNUM_H
#define KRAIT_BIGNUM_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint32_t bn_digit;
#define BN_DIGIT_BITS 32

typedef struct bn {
    int32_t len;      /* sign of the value is the sign of len; |len| = limbs in use; 0 means zero */
    uint32_t cap;     /* limbs allocated */
    bn_digit d[];     /* little-endian limbs, the top one non-zero */
} bn_t;

/* Provided by the embedder: a bn_t with cap >= ndigits and len == 0. */
bn_t *bn_alloc(size_t ndigits);

bn_t *bn_from_i64(int64_t v);
bn_t *bn_from_u64(uint64_t v);
bool bn_to_i64(const bn_t *a, int64_t *out);          /* false when it does not fit */
bool bn_to_u64(const bn_t *a, uint64_t *out);         /* false when negative or too big */
int bn_sign(const bn_t *a);                             /* -1, 0, 1 */
int bn_cmp(const bn_t *a, const bn_t *b);               /* -1, 0, 1 */
size_t bn_bit_length(const bn_t *a);                    /* of |a|, as int.bit_length() */

bn_t *bn_neg(const bn_t *a);
bn_t *bn_abs(const bn_t *a);
bn_t *bn_add(const bn_t *a, const bn_t *b);
bn_t *bn_sub(const bn_t *a, const bn_t *b);
bn_t *bn_mul(const bn_t *a, const bn_t *b);
/* Floor division and modulo as Python's // and % (b != 0). */
void bn_divmod(const bn_t *a, const bn_t *b, bn_t **q, bn_t **r);
bn_t *bn_floordiv(const bn_t *a, const bn_t *b);
bn_t *bn_mod(const bn_t *a, const bn_t *b);
/* Correctly rounded a / b as a double (b != 0); *overflow set when |result| is too large. */
double bn_truediv(const bn_t *a, const bn_t *b, bool *overflow);
bn_t *bn_pow(const bn_t *a, uint64_t e);
/* pow(a, e, m) with e >= 0 and m != 0; result has m's sign as in Python. */
bn_t *bn_powmod(const bn_t *a, const bn_t *e, const bn_t *m);

/* Shifts: n >= 0; right shift floors (as Python's >>). */
bn_t *bn_lshift(const bn_t *a, uint64_t n);
bn_t *bn_rshift(const bn_t *a, uint64_t n);
/* Bitwise ops on the infinite two's complement representation, as Python. */
bn_t *bn_and(const bn_t *a, const bn_t *b);
bn_t *bn_or(const bn_t *a, const bn_t *b);
bn_t *bn_xor(const bn_t *a, const bn_t *b);
bn_t *bn_invert(const bn_t *a);

/* Text. bn_to_str writes sign and digits in base 2..36 (lowercase, no prefix),
 * no terminator; returns the length. bn_str_size bounds the length needed. */
size_t bn_str_size(const bn_t *a, int base);
size_t bn_to_str(const bn_t *a, int base, char *buf);
/* Parses what int(s, base) accepts: surrounding whitespace, a sign, single
 * underscores between digits, base 0 = prefix (0x/0o/0b) detection with Python's
 * rules for leading zeros, base 2..36 with an optional matching prefix for
 * 2/8/16. Returns NULL when the text is invalid. */
bn_t *bn_from_str(const char *s, size_t len, int base);

/* CPython's first step for int(str) and float(str): rewrites UTF-8 text so
 * the ASCII parsers above (and flt_parse) accept what CPython accepts. ASCII
 * is copied, non-ASCII whitespace becomes ' ', Unicode decimal digits become
 * '0'..'9', anything else (including malformed UTF-8) becomes '?', which no
 * parser accepts. out needs len bytes; returns the new length (<= len). */
size_t bn_text_to_ascii(const char *s, size_t len, char *out);

/* int.to_bytes / int.from_bytes. to_bytes returns false on overflow (value does
 * not fit in len bytes, or negative and !is_signed). */
bool bn_to_bytes(const bn_t *a, uint8_t *buf, size_t len, bool big_endian, bool is_signed);
bn_t *bn_from_bytes(const uint8_t *buf, size_t len, bool big_endian, bool is_signed);

/* hash(int) exactly as CPython 3.11 on 64-bit (modulus 2**61 - 1, -1 maps to -2). */
int64_t bn_hash(const bn_t *a);
/* float(a), correctly rounded (round half to even); *overflow when too large. */
double bn_to_double(const bn_t *a, bool *overflow);
/* int(d) for finite d (truncates toward zero). */
bn_t *bn_from_double(double d);

#endif
