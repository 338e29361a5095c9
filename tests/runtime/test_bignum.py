"""bignum.c against CPython's int, in batches through the host numeric."""
import pathlib
import random
import unicodedata

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from numeric_codec import EXAMPLES, dbits, from_bits, hexbytes, hexint, unhexint

# Each example is a whole batch; shrinking one would rerun the numeric for
# minutes, so a failure is reported as found (the assertion names the case).
BATCH = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck),
                 phases=[Phase.explicit, Phase.reuse, Phase.generate])

EDGES = [0, 1, 2, 3, 7, 10, 2**31 - 1, 2**31, 2**32 - 1, 2**32, 2**32 + 1, 2**63 - 1, 2**63,
         2**63 + 1, 2**64 - 1, 2**64, 2**64 + 1, 2**96 - 1, 2**128, 10**19, 10**20, 2**53 + 1]


def limb_pattern(limbs: list[int], neg: bool) -> int:
    """Numbers made of extreme limbs provoke the rare corrections of division."""
    v = 0
    for limb in limbs:
        v = (v << 32) | limb
    return -v if neg else v


LIMB = st.sampled_from([0, 1, 0xFFFFFFFF, 0x80000000, 0x7FFFFFFF, 0xFFFFFFFE]) | st.integers(0, 2**32 - 1)

LIMBS = [0, 1, 0xFFFFFFFF, 0x80000000, 0x7FFFFFFF, 0xFFFFFFFE]


def gen_int(rnd: random.Random, max_bits: int = 5000) -> int:
    """Edge values, small values, random magnitudes, powers of two +-1 and
    numbers made of extreme limbs (which provoke division's rare corrections)."""
    kind = rnd.randrange(6)
    sign = rnd.choice([1, -1])
    if kind == 0:
        return sign * rnd.choice([e for e in EDGES if e.bit_length() <= max_bits])
    if kind == 1:
        return rnd.randint(-2**64, 2**64)
    if kind == 2:
        return sign * rnd.getrandbits(rnd.randint(1, min(max_bits, 300)))
    if kind == 3:
        return sign * rnd.getrandbits(rnd.randint(1, max_bits))
    if kind == 4:
        return sign * (2**rnd.randint(1, max_bits - 1) + rnd.randint(-1, 1))
    limbs = [rnd.choice(LIMBS) if rnd.random() < 0.6 else rnd.getrandbits(32)
             for _ in range(rnd.randint(1, max(1, max_bits // 32)))]
    return sign * limb_pattern(limbs, False)


# Hypothesis supplies a few values of its own choosing plus the seed of a
# larger pseudo-random batch, which keeps its data small and the runs fast.
SMALL = st.sampled_from(EDGES + [-e for e in EDGES]) | st.integers(-2**130, 2**130)
SEED = st.integers(0, 2**63).map(random.Random)


def batch(rnd, extra, n, make):
    return list(extra) + [make(rnd) for _ in range(n)]


def pair_cases(rnd, extra, nonzero=False):
    def make(r):
        a, b = gen_int(r), gen_int(r)
        return (a, b or 1) if nonzero else (a, b)
    return batch(rnd, [(a, b or 1) if nonzero else (a, b) for a, b in extra], 300, make)


PAIRS = st.lists(st.tuples(SMALL, SMALL), max_size=8)


def describe(line: str) -> str:
    """The failing request, with hex-encoded text decoded for reading."""
    parts = line.split(" ")
    if parts[0] == "parse":
        return f"parse base {parts[1]}: {bytes.fromhex(parts[2]) if parts[2] != '-' else b''!r}"
    return line[:300]


def check(numeric, lines, expected):
    got = numeric.run(lines)
    for line, g, e in zip(lines, got, expected):
        assert g == e, describe(line)


@BATCH
@given(SEED, PAIRS)
def test_add_sub_mul_cmp(numeric, rnd, extra):
    cases = pair_cases(rnd, extra)
    lines, expected = [], []
    for a, b in cases:
        for op, val in (("add", hexint(a + b)), ("sub", hexint(a - b)), ("mul", hexint(a * b)),
                        ("cmp", str((a > b) - (a < b)))):
            lines.append(f"{op} {hexint(a)} {hexint(b)}")
            expected.append(val)
    check(numeric, lines, expected)


@BATCH
@given(SEED, PAIRS)
def test_division(numeric, rnd, extra):
    cases = pair_cases(rnd, extra, nonzero=True)
    lines, expected = [], []
    for a, b in cases:
        q, r = divmod(a, b)
        lines += [f"divmod {hexint(a)} {hexint(b)}", f"floordiv {hexint(a)} {hexint(b)}",
                  f"mod {hexint(a)} {hexint(b)}"]
        expected += [f"{hexint(q)} {hexint(r)}", hexint(q), hexint(r)]
    check(numeric, lines, expected)


@BATCH
@given(st.lists(st.tuples(st.integers(1, 12000), st.integers(1, 12000), st.booleans(), st.booleans()),
                min_size=20, max_size=20), SEED)
def test_large_mul_div(numeric, sizes, rnd):
    """Sizes well beyond the Karatsuba cutoff, both balanced and lopsided."""
    lines, expected = [], []
    for abits, bbits, aneg, bneg in sizes:
        a = rnd.getrandbits(abits) | 1 << (abits - 1)
        b = rnd.getrandbits(bbits) | 1 << (bbits - 1)
        a, b = (-a if aneg else a), (-b if bneg else b)
        lines += [f"mul {hexint(a)} {hexint(b)}", f"divmod {hexint(a * b + a)} {hexint(b)}"]
        q, r = divmod(a * b + a, b)
        expected += [hexint(a * b), f"{hexint(q)} {hexint(r)}"]
    check(numeric, lines, expected)


@BATCH
@given(SEED, st.lists(st.tuples(SMALL, st.integers(0, 200)), max_size=8))
def test_shifts(numeric, rnd, extra):
    cases = batch(rnd, extra, 300, lambda r: (gen_int(r), r.randint(0, 5000)))
    lines, expected = [], []
    for a, n in cases:
        lines += [f"lshift {hexint(a)} {n}", f"rshift {hexint(a)} {n}", f"rshift {hexint(a)} {n * 1000}"]
        expected += [hexint(a << n), hexint(a >> n), hexint(a >> (n * 1000))]
    check(numeric, lines, expected)


@BATCH
@given(SEED, PAIRS)
def test_bitwise(numeric, rnd, extra):
    cases = pair_cases(rnd, extra)
    lines, expected = [], []
    for a, b in cases:
        for op, val in (("and", a & b), ("or", a | b), ("xor", a ^ b)):
            lines.append(f"{op} {hexint(a)} {hexint(b)}")
            expected.append(hexint(val))
        lines += [f"invert {hexint(a)}", f"neg {hexint(a)}", f"abs {hexint(a)}", f"sign {hexint(a)}",
                  f"bitlen {hexint(a)}"]
        expected += [hexint(~a), hexint(-a), hexint(abs(a)), str((a > 0) - (a < 0)), str(a.bit_length())]
    check(numeric, lines, expected)


@BATCH
@given(SEED, st.lists(st.tuples(SMALL, st.integers(0, 40)), max_size=8))
def test_pow(numeric, rnd, extra):
    cases = batch(rnd, extra, 150, lambda r: (gen_int(r, 600), r.randint(0, 40)))
    lines = [f"pow {hexint(a)} {e}" for a, e in cases]
    check(numeric, lines, [hexint(a**e) for a, e in cases])


@BATCH
@given(SEED, st.lists(st.tuples(SMALL, st.integers(0, 2**70), SMALL.filter(lambda v: v != 0)), max_size=8))
def test_powmod(numeric, rnd, extra):
    cases = batch(rnd, extra, 80, lambda r: (gen_int(r, 1500), abs(gen_int(r, 300)), gen_int(r, 1200) or 7))
    cases += [(5, 0, 1), (5, 0, -1), (5, 0, -3), (3, 2, -5), (-7, 3, 10), (0, 0, 7), (2, 100, 2**64)]
    lines = [f"powmod {hexint(a)} {hexint(e)} {hexint(m)}" for a, e, m in cases]
    check(numeric, lines, [hexint(pow(a, e, m)) for a, e, m in cases])


@BATCH
@given(SEED, st.lists(SMALL, max_size=8))
def test_machine_ints_hash_double(numeric, rnd, extra):
    values = batch(rnd, extra, 300, gen_int)
    lines, expected = [], []
    for v in values:
        lines += [f"toi64 {hexint(v)}", f"tou64 {hexint(v)}", f"hash {hexint(v)}", f"todouble {hexint(v)}"]
        expected += [str(v) if -2**63 <= v < 2**63 else "None", str(v) if 0 <= v < 2**64 else "None",
                     str(hash(v))]
        try:
            expected.append(dbits(float(v)))
        except OverflowError:
            expected.append("ovf")
        if -2**63 <= v < 2**63:
            lines.append(f"fromi64 {v}")
            expected.append(hexint(v))
        if 0 <= v < 2**64:
            lines.append(f"fromu64 {v}")
            expected.append(hexint(v))
    check(numeric, lines, expected)


def test_hash_and_double_edges(numeric):
    values = [-1, -2, 2**61 - 1, 2**61 - 2, 2**61, -(2**61 - 1), 2**122 - 1, -(2**64), 2**1024 - 2**970,
              2**1024 - 2**970 - 1, 2**1024 - 2**971, 2**1024, 2**53 + 1, 2**54 + 2, 2**54 + 3, 2**64 - 1]
    lines, expected = [], []
    for v in values:
        lines += [f"hash {hexint(v)}", f"todouble {hexint(v)}"]
        expected.append(str(hash(v)))
        try:
            expected.append(dbits(float(v)))
        except OverflowError:
            expected.append("ovf")
    check(numeric, lines, expected)


@BATCH
@given(SEED, PAIRS)
def test_truediv(numeric, rnd, extra):
    cases = pair_cases(rnd, extra, nonzero=True)
    extra = [(1, 3), (-1, 3), (0, -5), (0, 5), (2**1100, 3), (-1, 2**1100), (1, 2**1074), (3, 2**1075),
             (1, 2**1075), (2**1075 + 1, 2**2150), (10**400, 10**92), (10**400, 10**91), (7, -2**1080)]
    extra += [(rnd.getrandbits(1100), rnd.getrandbits(2000) + 1) for _ in range(20)]
    lines, expected = [], []
    for a, b in list(cases) + extra:
        lines.append(f"truediv {hexint(a)} {hexint(b)}")
        try:
            expected.append(dbits(a / b))
        except OverflowError:
            expected.append("ovf")
    check(numeric, lines, expected)


@BATCH
def random_finite(r: random.Random) -> float:
    while True:
        x = from_bits(format(r.getrandbits(64), "016x"))
        if x == x and abs(x) != float("inf"):
            return x


@given(SEED, st.lists(st.floats(allow_nan=False, allow_infinity=False), max_size=20))
def test_from_double(numeric, rnd, extra):
    values = batch(rnd, extra, 300, random_finite)
    lines = [f"fromdouble {dbits(x)}" for x in values]
    check(numeric, lines, [hexint(int(x)) for x in values])


# ---------------------------------------------------------------------------- text

def digits_in_base(v: int, base: int) -> str:
    """Reference rendering; its inverse is checked with CPython's int()."""
    if v == 0:
        return "0"
    out, n = [], abs(v)
    while n:
        n, d = divmod(n, base)
        out.append("0123456789abcdefghijklmnopqrstuvwxyz"[d])
    return ("-" if v < 0 else "") + "".join(reversed(out))


@BATCH
@given(SEED, st.lists(st.tuples(SMALL, st.integers(2, 36)), max_size=8))
def test_to_str(numeric, rnd, extra):
    cases = batch(rnd, extra, 200, lambda r: (gen_int(r, 3000), r.randint(2, 36)))
    cases += [(v, 10) for v in (0, -1, 10**9, 10**9 - 1, 10**18, 2**64, -(10**50))]
    lines, expected = [], []
    for v, base in cases:
        lines.append(f"str {hexint(v)} {base}")
        ref = digits_in_base(v, base)
        assert int(ref, base) == v
        if base == 10:
            assert ref == str(v)
        expected.append(ref)
    check(numeric, lines, expected)


def decorate(text: str, rnd: random.Random) -> str:
    """Adds the syntax int() tolerates: whitespace, sign, case, underscores."""
    chars = []
    for i, c in enumerate(text):
        if i and rnd.random() < 0.15:
            chars.append("_")
        chars.append(c.upper() if rnd.random() < 0.3 else c)
    body = "".join(chars)
    sign = rnd.choice(["", "", "-", "+"])
    ws = lambda: rnd.choice(["", "", " ", "\t", "\n ", "\v\f\r"])
    return ws() + sign + body + ws()


PREFIX = {2: "0b", 8: "0o", 16: "0x"}


def mutate(text: str, rnd: random.Random) -> str:
    """Random damage; CPython decides whether the result is still valid."""
    pos = rnd.randrange(len(text) + 1)
    junk = rnd.choice(["_", "__", " ", "0", "x", "0x", "-", "+", "z", "9", ".", "\x00", "é"])  # int() also takes non-ASCII digits: not ours
    if rnd.random() < 0.5 or not text:
        return text[:pos] + junk + text[pos:]
    return text[:pos] + text[pos + 1:]


@BATCH
@given(SEED, st.lists(st.tuples(SMALL, st.sampled_from([0, 2, 8, 10, 16])), max_size=8))
def test_parse(numeric, rnd, extra):
    cases = batch(rnd, extra, 200, lambda r: (gen_int(r, 2000), r.choice([0, 2, 3, 8, 10, 16, 36, 7, 0, 0])))
    texts = []
    for v, base in cases:
        show = base if base else rnd.choice([2, 8, 10, 16])
        body = digits_in_base(abs(v), show)
        if base == 0 and show != 10 or base in PREFIX and rnd.random() < 0.5:
            body = PREFIX[show] + ("_" if rnd.random() < 0.2 else "") + body
        text = decorate(body, rnd)
        if v < 0:
            text = text.replace(text.strip(), "-" + text.strip().lstrip("+-"))
        texts.append((text, base))
        texts.append((mutate(text, rnd), base))
    fixed = ["0", "00", "0_0", "007", "0_7", "-0", "0x", "0x_", "0x_f", "0x__f", "_1", "1_", "1__2", " 1 2 ", "",
             " ", "+", "- 5", "0b102", "0o78", "0O17", "0B1", "0XfF", "1e5", "0x1f", "00x1", "0_x1", "+_5",
             "0" * 50 + "1", "9" * 2000]
    for t in fixed:
        for base in (0, 10, 16, 2, 8):
            texts.append((t, base))
    lines, expected = [], []
    for text, base in texts:
        lines.append(f"parse {base} {hexbytes(text.encode())}")
        try:
            expected.append(hexint(int(text, base)))
        except ValueError:
            expected.append("None")
    check(numeric, lines, expected)


# ---------------------------------------------------------------------------- bytes

@BATCH
@given(SEED, st.lists(st.tuples(SMALL, st.integers(0, 20), st.booleans(), st.booleans()), max_size=8))
def test_bytes(numeric, rnd, extra):
    cases = batch(rnd, extra, 150, lambda r: (gen_int(r, 700), r.randint(0, 100), r.random() < 0.5,
                                               r.random() < 0.5))
    lines, expected = [], []
    for v, extra, big, signed in cases:
        need = (v.bit_length() + 8) // 8
        for length in {max(need - 1, 0), need, need + 1, max(need - 2, 0), extra}:
            order = "big" if big else "little"
            lines.append(f"tobytes {hexint(v)} {length} {int(big)} {int(signed)}")
            try:
                expected.append(hexbytes(v.to_bytes(length, order, signed=signed)))
            except OverflowError:
                expected.append("None")
            raw = abs(v).to_bytes(need, order)[:length]
            lines.append(f"frombytes {hexbytes(raw)} {int(big)} {int(signed)}")
            expected.append(hexint(int.from_bytes(raw, order, signed=signed)))
    for length in range(0, 10):
        for v in (-2**(8 * length - 1) if length else 0, -2**(8 * length - 1) - 1 if length else -1, -1,
                  2**(8 * length - 1) if length else 1, 2**(8 * length) - 1):
            for signed in (True, False):
                lines.append(f"tobytes {hexint(v)} {length} 1 {int(signed)}")
                try:
                    expected.append(hexbytes(v.to_bytes(length, "big", signed=signed)))
                except OverflowError:
                    expected.append("None")
        for raw in (b"\x80" + b"\x00" * length, b"\xff" * length, b"\x00" * length):
            for signed in (True, False):
                lines.append(f"frombytes {hexbytes(raw)} 0 {int(signed)}")
                expected.append(hexint(int.from_bytes(raw, "little", signed=signed)))
    check(numeric, lines, expected)


# ---------------------------------------------------------------------------- unicode text

UNICODE_ZEROS = [c for c in range(0x110000) if unicodedata.decimal(chr(c), None) == 0]
UNICODE_SPACES = [chr(c) for c in range(0x80, 0x110000) if chr(c).isspace()]
ODD_CHARS = ["\x7f", "\x1c", "é", "\u00b2", "\u2155", "\u19da", "\ud7ff", "\U0001f600", "\u0663\u0301"]


def unicode_text(ascii_text: str, rnd: random.Random) -> str:
    """Swaps ASCII digits for another script's and adds Unicode whitespace."""
    zero = rnd.choice(UNICODE_ZEROS)
    body = "".join(chr(zero + int(c)) if c.isdigit() and rnd.random() < 0.7 else c for c in ascii_text)
    if rnd.random() < 0.3:
        pos = rnd.randrange(len(body) + 1)
        body = body[:pos] + rnd.choice(ODD_CHARS + UNICODE_SPACES) + body[pos:]
    return rnd.choice(UNICODE_SPACES + [""]) + body + rnd.choice(UNICODE_SPACES + [" ", ""])


def test_unicode_tables_match_cpython():
    """The C tables were derived from this Unicode database; keep them in sync."""
    source = (pathlib.Path(__file__).resolve().parents[2] / "kernel/runtime/bignum.c").read_text()
    for zero in UNICODE_ZEROS[1:]:
        assert f"{zero:#x}," in source
    for ch in UNICODE_SPACES:
        assert f"{ord(ch):#x}" in source or 0x2000 <= ord(ch) <= 0x200a


@BATCH
@given(SEED, st.lists(st.integers(-2**70, 2**70), max_size=8))
def test_parse_unicode(numeric, rnd, extra):
    values = batch(rnd, extra, 200, lambda r: gen_int(r, 300))
    texts = [(unicode_text(str(v), rnd), rnd.choice([0, 10, 16])) for v in values]
    texts += [(unicode_text(hex(v), rnd), 0) for v in values[:50]]
    texts += [(ch + "1", 10) for ch in ODD_CHARS] + [("1" + ch, 10) for ch in ODD_CHARS]
    texts += [("\xff1", 10), ("\xe2\x80", 10)]  # not valid UTF-8 once encoded below
    lines, expected = [], []
    for text, base in texts:
        raw = text.encode("utf-8", "surrogatepass") if not text.startswith(("\xff", "\xe2")) else \
            text.encode("latin-1")
        lines.append(f"uparse {base} {hexbytes(raw)}")
        try:
            expected.append(hexint(int(raw.decode("utf-8"), base)))
        except (ValueError, UnicodeDecodeError):
            expected.append("None")
    check(numeric, lines, expected)
