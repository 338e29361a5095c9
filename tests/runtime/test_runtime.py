"""Quick checks of the Krait runtime against CPython as the oracle."""
import random
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from toolchain import hosted  # noqa: E402
from toolchain.compiler import CompileError  # noqa: E402


def run_both(tmp_path, source, args=()):
    prog = tmp_path / "prog.py"
    prog.write_text(textwrap.dedent(source))
    expected = subprocess.run([sys.executable, str(prog), *args], capture_output=True, text=True)
    bundle = tmp_path / "prog.bundle"
    hosted.compile_program(str(prog), str(bundle))
    actual = subprocess.run([str(hosted.vm_path()), str(bundle), *args], capture_output=True, text=True)
    return expected, actual


def rfc1071(data, start=0):
    total = start
    if len(data) % 2:
        data = data + b"\0"
    for i in range(0, len(data), 2):
        total += (data[i] << 8) | data[i + 1]
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def test_inet_checksum_matches_reference(tmp_path):
    payloads = [b"", b"\x01", bytes(range(256)), b"\xff" * 1501, b"\x45\x00\x00\x54" * 5]
    lines = [f"print(inet.checksum({p!r}), inet.checksum({p!r}, 77))" for p in payloads]
    prog = tmp_path / "cks.py"
    prog.write_text("import inet\n" + "\n".join(lines) + "\n")
    bundle = tmp_path / "cks.bundle"
    hosted.compile_program(str(prog), str(bundle))
    out = subprocess.run([str(hosted.vm_path()), str(bundle)], capture_output=True, text=True).stdout
    want = "".join(f"{rfc1071(p)} {rfc1071(p, 77)}\n" for p in payloads)
    assert out == want


def test_inet_checksum_matches_reference_on_random_data(tmp_path):
    """Lengths across the 8-byte stride and its tail, every offset parity, sums that carry a lot (0xFF runs),
    zeros, and a starting sum: the same as RFC 1071 summed word by word."""
    rng = random.Random(1071)
    cases = []
    for n in list(range(0, 40)) + [63, 64, 65, 1447, 1448, 1500, 9000]:
        for kind in ("random", "ones", "zeros"):
            data = bytes(rng.randrange(256) for _ in range(n)) if kind == "random" else \
                (b"\xff" if kind == "ones" else b"\x00") * n
            cases.append((data, rng.randrange(0x40000)))
    prog = tmp_path / "cks.py"
    prog.write_text("import inet\n" + "\n".join(f"print(inet.checksum({d!r}, {a}), inet.checksum({d!r}, {a}, {min(1, len(d))}))"
                                                 for d, a in cases) + "\n")
    bundle = tmp_path / "cks.bundle"
    hosted.compile_program(str(prog), str(bundle))
    out = subprocess.run([str(hosted.vm_path()), str(bundle)], capture_output=True, text=True).stdout
    assert out == "".join(f"{rfc1071(d, a)} {rfc1071(d[1:], a)}\n" for d, a in cases)   # (d[1:] of b"" is b"")


def test_inet_checksum_of_a_range(tmp_path):
    data = bytes(range(7, 200))
    ranges = [(0, 20), (3, 20), (14, 21), (150, 43), (193, 0), (5, None)]
    lines = [f"print(inet.checksum(d, 9, {o}, {n}))" if n is not None else f"print(inet.checksum(d, 9, {o}))"
             for o, n in ranges]
    bad = ["inet.checksum(d, 0, 190, 4)", "inet.checksum(d, 0, -1, 2)", "inet.checksum(d, 0, 2, -5)"]
    lines += [f"try:\n    {b}\nexcept ValueError as e:\n    print('ValueError', e)" for b in bad]
    prog = tmp_path / "range.py"
    prog.write_text(f"import inet\nd = memoryview(bytearray({data!r}))\n" + "\n".join(lines) + "\n")
    bundle = tmp_path / "range.bundle"
    hosted.compile_program(str(prog), str(bundle))
    out = subprocess.run([str(hosted.vm_path()), str(bundle)], capture_output=True, text=True).stdout
    want = "".join(f"{rfc1071(data[o:] if n is None else data[o:o + n], 9)}\n" for o, n in ranges)
    want += "ValueError checksum() range out of bounds\n" * 3
    assert out == want


def test_struct_and_bigints_match_cpython(tmp_path):
    expected, actual = run_both(tmp_path, """
        import struct
        h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 84, 1, 0x4000, 64, 1, 0, b"\\x0a\\0\\0\\1", b"\\x0a\\0\\0\\2")
        print(h, struct.unpack("!BBHHHBBH4s4s", h), struct.calcsize("@bhiq"), struct.calcsize("<bhiq"))
        print(struct.unpack_from("<I", b"xx\\x01\\x02\\x03\\x04", 2), struct.pack("<q", -2))
        x = 3 ** 200
        print(x, x // 7 ** 50, x % 12345678901, -x >> 100, hex(x & (1 << 130) - 1), (x * x) // x == x)
        """)
    assert actual.stdout == expected.stdout
    assert actual.returncode == expected.returncode == 0


def test_uncaught_exception_traceback_and_exit_status(tmp_path):
    expected, actual = run_both(tmp_path, """
        import sys
        def f(n):
            if n == 0:
                raise ValueError("boom")
            f(n - 1)
        print(sys.argv[1:])
        f(2)
        """, args=("a", "b"))
    assert actual.stdout == expected.stdout
    assert actual.returncode == 1
    assert actual.stderr.startswith("Traceback (most recent call last):\n")
    assert actual.stderr.endswith("ValueError: boom\n")
    assert actual.stderr.count(", in f\n") == 3


def test_calls_run_in_one_loop_keep_cpythons_frames(tmp_path):
    """Python-to-Python calls run without recursing in C (their frames on the thread's frame arena, eval_frame
    switching to them): results, exceptions through several such frames with a finally on the way, recursion past
    the arena (the calls then recurse in C) and the recursion limit, calls from a generator, and the frames of an
    uncaught exception's traceback (file, line, function) as CPython lists them."""
    expected, actual = run_both(tmp_path, """
        class K:
            def m(self, n):
                return helper(n) + 1
        def helper(n):
            if n == 0:
                return {}["missing"]
            return helper(n - 1)
        def deep(n):
            return n if n == 0 else deep(n - 1) + 1
        def fin(log):
            try:
                return K().m(2)
            finally:
                log.append("fin")
        log = []
        try:
            fin(log)
        except KeyError as e:
            print("caught", type(e).__name__, e, log)
        print(deep(900))
        def rec(n):
            return rec(n + 1)
        for attempt in range(2):
            try:
                rec(0)
            except RecursionError:
                print("recursion error", deep(50))
        def twice(i):
            return i * 2
        def gen(n):
            for i in range(n):
                yield twice(i)
        print(list(gen(5)), sum(twice(i) for i in range(4)))
        K().m(1)
        """)
    assert actual.stdout == expected.stdout
    assert actual.returncode == expected.returncode == 1
    frames = [line.strip() for line in expected.stderr.splitlines() if line.startswith("  File ")]
    assert [line.strip() for line in actual.stderr.splitlines() if line.startswith("  File ")] == frames
    assert len(frames) == 4 and actual.stderr.endswith("KeyError: 'missing'\n")


def test_plain_calls_switch_frames_instead_of_recursing(tmp_path):
    """The opstats VM counts how calls ran: a call with exactly the function's positional parameters is run by the
    caller's loop (one more "calls run in the loop" per call, no new eval_frame entry), also through a bound
    method kept as a value (a handler); a call with a keyword argument recurses through func_call (one
    eval_frame entry per call)."""
    prog = tmp_path / "calls.py"
    prog.write_text(textwrap.dedent("""
        import sys
        def plain(a):
            return a + 1
        def keyword(a, b=1):
            return a + b
        class Nic:
            def interrupt(self, irq):
                return irq
        handler = Nic().interrupt
        n = int(sys.argv[1])
        i = 0
        while i < n:
            if sys.argv[2] == "plain":
                plain(i)
            elif sys.argv[2] == "bound":
                assert handler(i) == i
            else:
                keyword(i, b=2)
            i += 1
        """))
    bundle = tmp_path / "calls.bundle"
    hosted.compile_program(str(prog), str(bundle))

    def counts(n, kind):
        done = subprocess.run([str(hosted.vm_path("opstats")), str(bundle), str(n), kind], capture_output=True,
                              text=True, check=True)
        return {label: int(count) for tag, count, label in (line.split(" ", 2) for line in done.stderr.splitlines())
                if tag == "OPX"}

    for kind in ("plain", "bound"):
        few, many = counts(100, kind), counts(300, kind)
        assert many["calls run in the loop"] - few["calls run in the loop"] == 200, kind
        assert many["eval_frame entries"] == few["eval_frame entries"], kind
    few, many = counts(100, "keyword"), counts(300, "keyword")
    assert many["eval_frame entries"] - few["eval_frame entries"] == 200
    assert many["calls run in the loop"] == few["calls run in the loop"]


def test_error_in_a_fused_pair_reports_its_own_line(tmp_path):
    """`a = 5` then `return b + a` fuse into one dispatch (STORE_FAST, LOAD_FAST): the unbound `b` is on the
    second instruction's line, as CPython says."""
    expected, actual = run_both(tmp_path, """
        def f(flag):
            if flag:
                b = 1
            a = 5
            return b + a
        f(False)
        """)
    lines = [line for line in actual.stderr.splitlines() if line.strip().startswith("File ")]
    want = [line for line in expected.stderr.splitlines() if line.strip().startswith("File ")]
    assert actual.stderr.endswith("is not associated with a value\n"), actual.stderr
    assert [line.rsplit(",", 2)[1] for line in lines] == [line.rsplit(",", 2)[1] for line in want]


def test_fused_runs_leave_every_instruction_whole():
    """The compiler fuses right to left: a compare and its jump first, then a constant load into that pair
    (one dispatch for the three); each later instruction keeps a whole instruction of its own (fused with its
    successors, or plain) and every argument stays where it was."""
    from toolchain import opcodes as op
    from toolchain.compiler import fuse_pairs

    def code(*ops):
        return bytearray(b"".join(bytes((o, i, 0)) for i, o in enumerate(ops)))
    c = code(op.STORE_FAST, op.LOAD_FAST, op.LOAD_CONST, op.COMPARE_OP, op.POP_JUMP_IF_FALSE, op.RETURN_VALUE)
    fuse_pairs(c)
    assert list(c[0::3]) == [op.STORE_FAST__LOAD_FAST, op.LOAD_FAST, op.LOAD_CONST__COMPARE_JUMP_IF_FALSE,
                             op.COMPARE_JUMP_IF_FALSE, op.POP_JUMP_IF_FALSE, op.RETURN_VALUE]
    assert list(c[1::3]) == list(range(6))          # arguments untouched


def test_sys_exit_status(tmp_path):
    expected, actual = run_both(tmp_path, "import sys\nprint('x')\nsys.exit(3)\n")
    assert (actual.stdout, actual.returncode) == (expected.stdout, expected.returncode) == ("x\n", 3)


def test_recursion_error_is_catchable(tmp_path):
    expected, actual = run_both(tmp_path, """
        def r(n):
            return r(n + 1)
        try:
            r(0)
        except RecursionError as e:
            print("caught", type(e).__name__)
        """)
    assert actual.stdout == expected.stdout == "caught RecursionError\n"


def test_unsupported_construct_message(tmp_path):
    prog = tmp_path / "bad.py"
    prog.write_text("x = 1\nmatch x:\n    case 1:\n        pass\n")
    with pytest.raises(CompileError) as info:
        hosted.compile_program(str(prog), str(tmp_path / "bad.bundle"))
    assert str(info.value) == f"{prog}:2:1: unsupported: match statement"


def test_syntax_error_message(tmp_path):
    prog = tmp_path / "syn.py"
    prog.write_text("def f(:\n    pass\n")
    with pytest.raises(CompileError) as info:
        hosted.compile_program(str(prog), str(tmp_path / "syn.bundle"))
    assert str(info.value).startswith(f"{prog}:1:")
    assert ": syntax error: " in str(info.value)


def test_inet_siphash24_matches_python_and_reference(tmp_path):
    """The native SipHash-2-4 against the shim's Python rendering and the reference vectors."""
    sys.path.insert(0, str(REPO / "tests" / "shims"))
    try:
        import inet as shim
    finally:
        sys.path.remove(str(REPO / "tests" / "shims"))
    ref_key = bytes(range(16))
    reference = {0: 0x726FDB47DD0E0E31, 1: 0x74F839C593DC67FD, 8: 0x93F5F5799A932462, 15: 0xA129CA6149BE45E5}
    for n, want in reference.items():
        assert shim.siphash24(ref_key, bytes(range(n))) == want
    cases = [(ref_key, bytes(range(n))) for n in range(64)]
    cases += [(bytes(range(200, 216)), b"\xff" * n) for n in (7, 12, 100, 1500)]
    lines = [f"print(inet.siphash24({k!r}, {d!r}))" for k, d in cases]
    lines.append(f"print(inet.siphash24(bytearray({ref_key!r}), memoryview(b'0123456789ab')[2:]))")
    lines.append("try:\n    inet.siphash24(b'short', b'')\nexcept ValueError:\n    print('ValueError')")
    prog = tmp_path / "sip.py"
    prog.write_text("import inet\n" + "\n".join(lines) + "\n")
    bundle = tmp_path / "sip.bundle"
    hosted.compile_program(str(prog), str(bundle))
    out = subprocess.run([str(hosted.vm_path()), str(bundle)], capture_output=True, text=True)
    want = "".join(f"{shim.siphash24(k, d)}\n" for k, d in cases)
    want += f"{shim.siphash24(ref_key, b'23456789ab')}\nValueError\n"
    assert out.stdout == want, out.stderr


def test_inet_copy_sum_copies_and_sums_like_sum16(tmp_path):
    """copy_sum(dst, dst_off, src, src_off, n): the bytes land in dst and the sum is inet.sum16's."""
    prog = tmp_path / "cs.py"
    prog.write_text(textwrap.dedent("""
        import inet
        src = bytes((i * 37 + 11) & 255 for i in range(3000))
        for doff, soff, n in ((0, 0, 0), (54, 0, 1460), (54, 7, 1459), (3, 100, 1), (0, 2999, 1)):
            dst = bytearray(1600)
            view = memoryview(dst)
            s = inet.copy_sum(view, doff, src, soff, n)
            print(s, s == inet.sum16(src[soff:soff + n]), bytes(dst[doff:doff + n]) == src[soff:soff + n],
                  dst.count(0) >= 1600 - n)
        buf = bytearray(b"0123456789")
        print(inet.copy_sum(buf, 2, buf, 0, 6), bytes(buf))
        for args in ((bytearray(4), 2, b"abc", 0, 3), (bytearray(4), 0, b"abc", 1, 3), (bytearray(4), -1, b"a", 0, 1)):
            try:
                inet.copy_sum(*args)
            except ValueError:
                print("ValueError")
        try:
            inet.copy_sum(b"read-only", 0, b"x", 0, 1)
        except TypeError:
            print("TypeError")
        """))
    bundle = tmp_path / "cs.bundle"
    hosted.compile_program(str(prog), str(bundle))
    out = subprocess.run([str(hosted.vm_path()), str(bundle)], capture_output=True, text=True)
    sys.path.insert(0, str(REPO / "tests" / "shims"))
    try:
        import inet as shim
    finally:
        sys.path.remove(str(REPO / "tests" / "shims"))
    src = bytes((i * 37 + 11) & 255 for i in range(3000))
    want = ""
    for doff, soff, n in ((0, 0, 0), (54, 0, 1460), (54, 7, 1459), (3, 100, 1), (0, 2999, 1)):
        want += f"{shim.sum16(src[soff:soff + n])} True True True\n"
    want += f"{shim.sum16(b'012345')} {bytes(b'01012345' + b'89')!r}\n" + "ValueError\n" * 3 + "TypeError\n"
    assert out.stdout == want, out.stderr


def test_augmented_subscript_of_a_constant_is_one_instruction():
    """`d["k"] += 1` compiles to the key, the constant and SUBSCR_INPLACE (the constant's load fused into it); with
    any other right-hand side the long form stays, so o[k] is read before that side runs, as in CPython."""
    from toolchain import compiler, opcodes as op

    def opcodes(source):
        code = compiler.compile_source(source, "m.py", "m").code
        return list(code[0::op.INSTRUCTION_SIZE])
    short = opcodes("d = {}\nd['k'] += 1\n")
    assert op.SUBSCR_INPLACE in short and op.LOAD_CONST__SUBSCR_INPLACE in short
    assert op.BINARY_SUBSCR not in short and op.STORE_SUBSCR not in short
    long = opcodes("d = {}\nd['k'] += f()\n")
    assert op.SUBSCR_INPLACE not in long and op.DUP_TOP_TWO in long and op.STORE_SUBSCR in long
