"""Counters and their netstat-style report; the timer list."""
import machine
from hypothesis import given, settings, strategies as st

from net import stats, timer


def test_format_stats_reads_like_netstat():
    stats.reset()
    for _ in range(12):
        stats.inc("ip", "in_receives")
    stats.inc("ip", "in_hdr_errors")
    stats.drop("ip", "bad_checksum")
    stats.inc("icmp", "in_msgs", 3)
    assert stats.format_stats() == ("Ip:\n    12 total packets received\n    1 with invalid headers\n"
                                    "    1 bad checksum\nIcmp:\n    3 ICMP messages received\n")
    assert stats.get("ip", "bad_checksum") == 1
    assert stats.get("udp", "nothing") == 0
    stats.reset()
    assert stats.format_stats() == ""


def test_timers_fire_in_deadline_order_and_cancel():
    timer.reset()
    machine.set_ms(500)
    fired = []
    timer.schedule(30, fired.append, "c")
    handle = timer.schedule(10, fired.append, "x")
    timer.schedule(10, fired.append, "a")
    timer.schedule(20, fired.append, "b")
    timer.schedule(10, fired.append, "a2")
    timer.cancel(handle)
    timer.cancel(handle)
    assert timer.next_deadline() == 510
    assert timer.run_due(509) == 0
    assert timer.run_due(520) == 3
    assert fired == ["a", "a2", "b"]
    assert timer.run_due(1000) == 1 and fired[-1] == "c"
    assert timer.next_deadline() is None


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 50), st.booleans()), min_size=1, max_size=40))
def test_timers_fire_by_deadline_then_scheduling_order(plan):
    """Any mix of delays (repeats, increasing runs that take the append path, earlier ones that search),
    some cancelled: the live ones fire sorted by (deadline, order scheduled)."""
    timer.reset()
    machine.set_ms(1000)
    fired = []
    for n, (delay, cancel) in enumerate(plan):
        handle = timer.schedule(delay, fired.append, n)
        if cancel:
            timer.cancel(handle)
    timer.run_due(2000)
    live = [n for n, (_, cancel) in enumerate(plan) if not cancel]
    assert fired == sorted(live, key=lambda n: (plan[n][0], n))


def test_timer_scheduled_from_a_timer_runs_when_due():
    timer.reset()
    machine.set_ms(0)
    fired = []

    def first():
        fired.append(1)
        timer.schedule(0, fired.append, 2)
    timer.schedule(5, first)
    timer.run_due(5)
    assert fired == [1, 2]


def test_cancelled_timers_never_fire_and_do_not_pile_up():
    timer.reset()
    base = machine.ticks_ms()
    fired = []
    handles = [timer.schedule(10 + i, fired.append, i) for i in range(300)]
    for i, handle in enumerate(handles):
        if i % 10:
            timer.cancel(handle)
            timer.cancel(handle)                    # twice is harmless
    assert len(timer._pending) < 200                # compacted once the dead outnumbered the live
    assert timer.next_deadline() == base + 10
    timer.cancel(handles[0])
    assert timer.next_deadline() == base + 20       # a dead front entry is skipped
    assert timer.run_due(base + 1000) == 29
    assert fired == list(range(10, 300, 10))
    assert timer.next_deadline() is None and not timer._pending
