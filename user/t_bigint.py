"""Test script: big integer work within a process's limits, and past them."""
def attempt(label, fn):
    try:
        value = fn()
        print(label, "ok", value if isinstance(value, int) and value < 10 ** 30 else len(str(value)) if isinstance(value, (int, str)) else value)
    except (MemoryError, ValueError) as e:
        print(label, type(e).__name__)


attempt("3**2000 digits", lambda: len(str(3 ** 2000)))
attempt("2**100000 bits", lambda: (2 ** 100000).bit_length())
attempt("3**1000000", lambda: 3 ** 1000000)
attempt("1 << 10**7", lambda: 1 << 10 ** 7)
attempt("x*x huge", lambda: (1 << 200000) * (1 << 200000))
attempt("str of 5000 digits", lambda: str(10 ** 5000))
attempt("int of 5000 digits", lambda: int("7" * 5000))
attempt("pow mod rsa", lambda: pow(65537, 2 ** 2047 + 3, 2 ** 2048 - 159) > 0)
attempt("pow mod huge", lambda: pow(3, 1 << 100000, (1 << 100000) + 1))
attempt("from_bytes huge", lambda: int.from_bytes(bytes(100000), "big"))
attempt("0 ** big", lambda: 0 ** (10 ** 9))
attempt("1 ** big", lambda: 1 ** (10 ** 9))
