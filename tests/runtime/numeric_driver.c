/* Host test driver for bignum.c and fltfmt.c.
 *
 * Reads one operation per line on stdin and prints one result line. Integers
 * travel as signed hex ("-1f", "0"), doubles as 16-digit hex bit patterns and
 * text as hex-encoded bytes ("-" for empty), so the driver never relies on
 * the conversions under test to decode its own input.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bignum.h"
#include "fltfmt.h"

bn_t *bn_alloc(size_t ndigits) {
    bn_t *r = malloc(sizeof(bn_t) + ndigits * sizeof(bn_digit));
    if (!r) abort();
    r->len = 0;
    r->cap = (uint32_t)ndigits;
    return r;
}

static int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return c - 'A' + 10;
}

static bn_t *read_int(const char *s) {
    int neg = *s == '-';
    if (neg) s++;
    size_t n = strlen(s), limbs = n / 8 + 1;
    bn_t *r = bn_alloc(limbs);
    memset(r->d, 0, limbs * sizeof(bn_digit));
    for (size_t i = 0; i < n; i++) {
        size_t pos = n - 1 - i;
        r->d[i / 8] |= (bn_digit)hexval(s[pos]) << (4 * (i % 8));
    }
    while (limbs && r->d[limbs - 1] == 0) limbs--;
    r->len = neg ? -(int32_t)limbs : (int32_t)limbs;
    return r;
}

static void print_int(const bn_t *a) {
    int32_t n = a->len < 0 ? -a->len : a->len;
    if (n == 0) {
        printf("0");
        return;
    }
    if (a->len < 0) printf("-");
    printf("%x", a->d[n - 1]);
    for (int32_t i = n - 2; i >= 0; i--) printf("%08x", a->d[i]);
}

static size_t read_bytes(const char *s, uint8_t *out) {
    if (strcmp(s, "-") == 0) return 0;
    size_t n = strlen(s) / 2;
    for (size_t i = 0; i < n; i++) out[i] = (uint8_t)(hexval(s[2 * i]) * 16 + hexval(s[2 * i + 1]));
    return n;
}

static void print_bytes(const uint8_t *b, size_t n) {
    if (n == 0) printf("-");
    for (size_t i = 0; i < n; i++) printf("%02x", b[i]);
}

static double read_double(const char *s) {
    uint64_t u = strtoull(s, NULL, 16);
    double d;
    memcpy(&d, &u, 8);
    return d;
}

static void print_double(double d) {
    uint64_t u;
    memcpy(&u, &d, 8);
    printf("%016llx", (unsigned long long)u);
}

#define MAXTOK 8

int main(void) {
    static char line[1 << 20];
    static char text[1 << 20];
    static uint8_t bytes[1 << 19];
    char *tok[MAXTOK];
    while (fgets(line, sizeof line, stdin)) {
        int nt = 0;
        for (char *p = strtok(line, " \n"); p && nt < MAXTOK; p = strtok(NULL, " \n")) tok[nt++] = p;
        if (nt == 0) continue;
        const char *op = tok[0];
        bool ovf;
        if (!strcmp(op, "add")) print_int(bn_add(read_int(tok[1]), read_int(tok[2])));
        else if (!strcmp(op, "sub")) print_int(bn_sub(read_int(tok[1]), read_int(tok[2])));
        else if (!strcmp(op, "mul")) print_int(bn_mul(read_int(tok[1]), read_int(tok[2])));
        else if (!strcmp(op, "divmod")) {
            bn_t *q, *r;
            bn_divmod(read_int(tok[1]), read_int(tok[2]), &q, &r);
            print_int(q);
            printf(" ");
            print_int(r);
        } else if (!strcmp(op, "floordiv")) print_int(bn_floordiv(read_int(tok[1]), read_int(tok[2])));
        else if (!strcmp(op, "mod")) print_int(bn_mod(read_int(tok[1]), read_int(tok[2])));
        else if (!strcmp(op, "pow")) print_int(bn_pow(read_int(tok[1]), strtoull(tok[2], NULL, 10)));
        else if (!strcmp(op, "powmod")) print_int(bn_powmod(read_int(tok[1]), read_int(tok[2]), read_int(tok[3])));
        else if (!strcmp(op, "lshift")) print_int(bn_lshift(read_int(tok[1]), strtoull(tok[2], NULL, 10)));
        else if (!strcmp(op, "rshift")) print_int(bn_rshift(read_int(tok[1]), strtoull(tok[2], NULL, 10)));
        else if (!strcmp(op, "and")) print_int(bn_and(read_int(tok[1]), read_int(tok[2])));
        else if (!strcmp(op, "or")) print_int(bn_or(read_int(tok[1]), read_int(tok[2])));
        else if (!strcmp(op, "xor")) print_int(bn_xor(read_int(tok[1]), read_int(tok[2])));
        else if (!strcmp(op, "invert")) print_int(bn_invert(read_int(tok[1])));
        else if (!strcmp(op, "neg")) print_int(bn_neg(read_int(tok[1])));
        else if (!strcmp(op, "abs")) print_int(bn_abs(read_int(tok[1])));
        else if (!strcmp(op, "cmp")) printf("%d", bn_cmp(read_int(tok[1]), read_int(tok[2])));
        else if (!strcmp(op, "sign")) printf("%d", bn_sign(read_int(tok[1])));
        else if (!strcmp(op, "bitlen")) printf("%zu", bn_bit_length(read_int(tok[1])));
        else if (!strcmp(op, "toi64")) {
            int64_t v;
            if (bn_to_i64(read_int(tok[1]), &v)) printf("%lld", (long long)v);
            else printf("None");
        } else if (!strcmp(op, "tou64")) {
            uint64_t v;
            if (bn_to_u64(read_int(tok[1]), &v)) printf("%llu", (unsigned long long)v);
            else printf("None");
        } else if (!strcmp(op, "fromi64")) print_int(bn_from_i64(strtoll(tok[1], NULL, 10)));
        else if (!strcmp(op, "fromu64")) print_int(bn_from_u64(strtoull(tok[1], NULL, 10)));
        else if (!strcmp(op, "str")) {
            bn_t *a = read_int(tok[1]);
            int base = atoi(tok[2]);
            size_t cap = bn_str_size(a, base);
            char *buf = malloc(cap + 1);
            size_t n = bn_to_str(a, base, buf);
            if (n > cap) printf("OVERRUN");
            else fwrite(buf, 1, n, stdout);
            free(buf);
        } else if (!strcmp(op, "parse")) {
            size_t n = read_bytes(tok[2], (uint8_t *)text);
            bn_t *r = bn_from_str(text, n, atoi(tok[1]));
            if (r) print_int(r);
            else printf("None");
        } else if (!strcmp(op, "uparse")) {
            /* text as CPython's int(str) sees it: normalised first */
            size_t n = read_bytes(tok[2], bytes);
            n = bn_text_to_ascii((const char *)bytes, n, text);
            bn_t *r = bn_from_str(text, n, atoi(tok[1]));
            if (r) print_int(r);
            else printf("None");
        } else if (!strcmp(op, "ufparse")) {
            size_t n = read_bytes(tok[1], bytes);
            n = bn_text_to_ascii((const char *)bytes, n, text);
            double d;
            if (flt_parse(text, n, &d)) print_double(d);
            else printf("None");
        } else if (!strcmp(op, "tobytes")) {
            size_t n = strtoull(tok[2], NULL, 10);
            if (bn_to_bytes(read_int(tok[1]), bytes, n, tok[3][0] == '1', tok[4][0] == '1')) print_bytes(bytes, n);
            else printf("None");
        } else if (!strcmp(op, "frombytes")) {
            size_t n = read_bytes(tok[1], bytes);
            print_int(bn_from_bytes(bytes, n, tok[2][0] == '1', tok[3][0] == '1'));
        } else if (!strcmp(op, "hash")) printf("%lld", (long long)bn_hash(read_int(tok[1])));
        else if (!strcmp(op, "todouble")) {
            double d = bn_to_double(read_int(tok[1]), &ovf);
            if (ovf) printf("ovf");
            else print_double(d);
        } else if (!strcmp(op, "truediv")) {
            double d = bn_truediv(read_int(tok[1]), read_int(tok[2]), &ovf);
            if (ovf) printf("ovf");
            else print_double(d);
        } else if (!strcmp(op, "fromdouble")) print_int(bn_from_double(read_double(tok[1])));
        else if (!strcmp(op, "repr")) {
            char buf[FLT_BUF_MIN];
            fwrite(buf, 1, flt_repr(read_double(tok[1]), buf), stdout);
        } else if (!strcmp(op, "reprbench")) {
            /* average nanoseconds per flt_repr call */
            double x = read_double(tok[1]);
            long count = atol(tok[2]);
            char buf[FLT_BUF_MIN];
            struct timespec t0, t1;
            size_t total = 0;
            clock_gettime(CLOCK_MONOTONIC, &t0);
            for (long i = 0; i < count; i++) total += flt_repr(x, buf);
            clock_gettime(CLOCK_MONOTONIC, &t1);
            double ns = (double)(t1.tv_sec - t0.tv_sec) * 1e9 + (double)(t1.tv_nsec - t0.tv_nsec);
            printf("%.0f %zu", ns / (double)count, total);
        } else if (!strcmp(op, "format")) {
            double x = read_double(tok[1]);
            int prec = atoi(tok[3]);
            size_t cap = flt_format_size(x, tok[2][0], prec);
            char *buf = malloc(cap);
            size_t n = flt_format(x, tok[2][0], prec, tok[4][0] == '1', buf);
            if (n > cap) printf("OVERRUN");
            else fwrite(buf, 1, n, stdout);
            free(buf);
        } else if (!strcmp(op, "fparse")) {
            size_t n = read_bytes(tok[1], (uint8_t *)text);
            double d;
            if (flt_parse(text, n, &d)) print_double(d);
            else printf("None");
        } else if (!strcmp(op, "round")) print_double(flt_round(read_double(tok[1]), atoi(tok[2])));
        else if (!strcmp(op, "floor")) print_double(flt_floor(read_double(tok[1])));
        else if (!strcmp(op, "ceil")) print_double(flt_ceil(read_double(tok[1])));
        else if (!strcmp(op, "trunc")) print_double(flt_trunc(read_double(tok[1])));
        else if (!strcmp(op, "sqrt")) print_double(flt_sqrt(read_double(tok[1])));
        else if (!strcmp(op, "exp")) print_double(flt_exp(read_double(tok[1])));
        else if (!strcmp(op, "log")) print_double(flt_log(read_double(tok[1])));
        else if (!strcmp(op, "fmod")) print_double(flt_fmod(read_double(tok[1]), read_double(tok[2])));
        else if (!strcmp(op, "pow")) print_double(flt_pow(read_double(tok[1]), read_double(tok[2])));
        else if (!strcmp(op, "fpow")) print_double(flt_pow(read_double(tok[1]), read_double(tok[2])));
        else if (!strcmp(op, "ldexp")) print_double(flt_ldexp(read_double(tok[1]), atoi(tok[2])));
        else if (!strcmp(op, "frexp")) {
            int e;
            print_double(flt_frexp(read_double(tok[1]), &e));
            printf(" %d", e);
        } else if (!strcmp(op, "isnan")) printf("%d", flt_isnan(read_double(tok[1])));
        else if (!strcmp(op, "isinf")) printf("%d", flt_isinf(read_double(tok[1])));
        else printf("BADOP");
        printf("\n");
    }
    return 0;
}
