/* fltfmt: float <-> text conversions and the few math routines the runtime
 * needs, all freestanding and matching CPython 3.11 output exactly.
 *
 * Build note: compile with -fno-math-errno so that __builtin_sqrt becomes a
 * bare sqrtsd (without it flt_sqrt falls back to inline assembly rather than
 * calling libm's sqrt). Everything relies on SSE2 doubles (no x87 excess
 * precision) and on the absence of -ffast-math. */
#ifndef KRAIT_FLTFMT_H
#define KRAIT_FLTFMT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FLT_BUF_MIN 32   /* enough for flt_repr; flt_format needs flt_format_size() */

/* repr(x) / str(x): shortest text that round-trips ("1.0", "1e+16", "1.5e-07",
 * "inf", "-inf", "nan", "-0.0"). Returns the length; no terminator. */
size_t flt_repr(double x, char *buf);

/* format(x, spec) for the presentation types 'e' 'E' 'f' 'F' 'g' 'G' '%' and
 * 'r' (meaning no type: repr-like, with precision when precision >= 0).
 * precision < 0 means the default; alt is the '#' flag. Sign, fill, width,
 * grouping are the caller's job: the output carries '-' for negatives only.
 * Returns the length; no terminator. */
size_t flt_format_size(double x, char type, int precision);
size_t flt_format(double x, char type, int precision, bool alt, char *buf);

/* float(text) syntax: surrounding whitespace, sign, digits with single
 * underscores, '.', exponent, inf/infinity/nan (any case). Correctly rounded.
 * Returns false when invalid. ASCII only: non-ASCII text goes through
 * bn_text_to_ascii() first, as CPython does. */
bool flt_parse(const char *s, size_t len, double *out);

/* round(x, ndigits) as CPython (correctly rounded, half to even). For finite
 * x an infinite result means CPython's OverflowError. */
double flt_round(double x, int ndigits);

/* The double nearest to (mant + sticky*tiny) * 2**exp2, negated when
 * negative: one correct rounding (half to even, subnormals included), where
 * sticky says that nonzero bits below mant were dropped. *overflow is set
 * (and +-inf returned) when the result does not fit a double. */
double flt_make(uint64_t mant, int64_t exp2, bool sticky, bool negative, bool *overflow);

/* libm subset (freestanding). */
double flt_floor(double x);
double flt_ceil(double x);
double flt_trunc(double x);
double flt_fmod(double x, double y);
double flt_sqrt(double x);
double flt_pow(double x, double y);   /* exact for integral y where the result is representable */
double flt_exp(double x);
double flt_log(double x);
double flt_frexp(double x, int *exp);
double flt_ldexp(double x, int exp);
bool flt_isnan(double x);
bool flt_isinf(double x);

#endif
