"""Sequence arithmetic and RFC 6528 ISNs."""
import machine
from hypothesis import given, strategies as st

from net import isn
from net.tcp_seq import seq_add, seq_diff, seq_lt, seq_le, seq_gt, seq_ge, seq_in_window

u32 = st.integers(0, 2**32 - 1)
dist = st.integers(-(2**31) + 1, 2**31 - 1)


def test_comparisons_exactly_half_the_space_apart():
    # (a - b) mod 2**32 == 2**31: seq_diff says -2**31 both ways, and every comparison follows it
    for a in (0, 5, 0x80000000, 0xFFFFFFFF):
        b = (a + 2**31) % 2**32
        assert seq_diff(a, b) == seq_diff(b, a) == -(2**31)
        assert seq_lt(a, b) and seq_le(a, b) and not seq_gt(a, b) and not seq_ge(a, b)


@given(u32, dist)
def test_comparisons_follow_the_unwrapped_distance(a, d):
    b = (a + d) % 2**32
    assert seq_diff(b, a) == d
    assert seq_lt(a, b) == (d > 0)
    assert seq_le(a, b) == (d >= 0)
    assert seq_gt(a, b) == (d < 0)
    assert seq_ge(a, b) == (d <= 0)
    assert seq_add(a, d) == b
    for x, y in ((a, b), (b, a), (a, a)):
        assert seq_lt(x, y) == (seq_diff(x, y) < 0) and seq_le(x, y) == (seq_diff(x, y) <= 0)
        assert seq_gt(x, y) == (seq_diff(x, y) > 0) and seq_ge(x, y) == (seq_diff(x, y) >= 0)


@given(u32, st.integers(0, 2**20), st.integers(0, 2**20))
def test_window_membership(start, size, off):
    assert seq_in_window((start + off) % 2**32, start, size) == (off < size)


def test_wraparound_examples():
    assert seq_lt(0xFFFFFFF0, 0x10)
    assert seq_diff(0x10, 0xFFFFFFF0) == 0x20
    assert seq_add(0xFFFFFFFF, 1) == 0


def test_siphash_reference_vectors():
    # From the SipHash reference implementation (vectors.h) and paper, key 00..0f, message 00..(n-1)
    key = bytes(range(16))
    assert isn.siphash24(key, b"") == 0x726FDB47DD0E0E31
    assert isn.siphash24(key, bytes(range(1))) == 0x74F839C593DC67FD
    assert isn.siphash24(key, bytes(range(15))) == 0xA129CA6149BE45E5
    assert isn.siphash24(key, bytes(range(8))) == 0x93F5F5799A932462


def test_isn_follows_the_4us_clock_and_depends_on_the_tuple():
    isn.set_secret(bytes(range(16)))
    machine.set_ms(1000)
    a = isn.initial_sequence(1, 2, 3, 4)
    machine.advance_ms(4)                     # 4000 us = 1000 ticks of 4 us
    assert (isn.initial_sequence(1, 2, 3, 4) - a) % 2**32 == 1000
    assert isn.initial_sequence(1, 2, 3, 5) != isn.initial_sequence(1, 2, 3, 4)
    isn.set_secret(bytes(range(1, 17)))
    assert isn.initial_sequence(1, 2, 3, 4) != (a + 1000) % 2**32
