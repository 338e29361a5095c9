"""The Linux guest baseline boots under QEMU on a tap in a namespace, answers ping and serves HTTP, echo, sink
and source: the peers every Krait network benchmark is compared with."""
import shutil

import pytest

import netns as nslib
from netns import Namespace
from toolchain import bench_net, linux_guest

pytestmark = [pytest.mark.qemu, pytest.mark.netns]
ADDR = bench_net.GUEST_ADDR


def skip_reason():
    return nslib.unavailable_reason() or (None if shutil.which("qemu-system-x86_64") else "QEMU is not installed")


@pytest.fixture(scope="module", params=["e1000", "rtl8139"])
def guest(request):
    """One boot per NIC model (one QEMU at a time); the namespace, tap and QEMU are removed afterwards."""
    reason = skip_reason()
    if reason:
        pytest.skip(reason)
    linux_guest.build()
    with Namespace() as ns:
        session = bench_net.LinuxGuestSession(ns, request.param)
        try:
            session.wait_ready()
            yield session
        finally:
            session.close()


def in_ns(guest, shell):
    return guest.ns.run(["sh", "-c", shell], check=False, timeout=60)


def test_boots_to_the_marker_and_answers_ping(guest):
    assert bench_net.wait_reachable(guest.ns, ADDR), guest.console()[-3000:]
    done = guest.ns.run(["ping", "-c", "5", "-i", "0.5", "-W", "5", ADDR], check=False)
    p = bench_net.parse_ping(done.stdout)
    assert (p["transmitted"], p["received"]) == (5, 5), done.stdout
    assert 0 < p["min"] <= p["avg"] <= p["max"]


def test_http_page(guest):
    done = guest.ns.run(["curl", "-sS", "-m", "20", "-w", "\n%{http_code}", f"http://{ADDR}/"], check=False)
    body, _, code = done.stdout.rpartition("\n")          # -w appends "\n<code>" after the body
    assert (code, body) == ("200", linux_guest.INDEX_HTML), done.stderr


def test_echo_port(guest):
    done = in_ns(guest, f"printf 'krait echo test\\n' | nc -N -w 20 {ADDR} {linux_guest.PORTS['echo']}")
    assert done.stdout == "krait echo test\n", done.stderr


def test_sink_counts_bytes_after_eof(guest):
    n = 300_000
    done = in_ns(guest, f"head -c {n} /dev/urandom | nc -N -w 20 {ADDR} {linux_guest.PORTS['sink']}")
    assert done.stdout.split() == [str(n)], done.stderr


def test_source_sends_the_asked_count(guest):
    n = 300_000
    done = in_ns(guest, f"echo {n} | nc -w 20 {ADDR} {linux_guest.PORTS['source']} | wc -c")
    assert done.stdout.split() == [str(n)], done.stderr


