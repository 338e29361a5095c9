"""tests/netns.py: namespaces, taps, veths and processes are created as asked and nothing outlives close()."""
import os
import subprocess
import time

import pytest

import netns as nslib
from netns import Namespace

pytestmark = pytest.mark.netns


@pytest.fixture(autouse=True)
def needs_namespaces():
    reason = nslib.unavailable_reason()
    if reason:
        pytest.skip(reason)


def ours(name):
    """Leaves out what other processes made with the library (parallel test workers, other runs on the machine):
    they may create or remove theirs while a test of ours runs."""
    pid = os.getpid()
    for prefix, own in ((nslib.PREFIX, f"{nslib.PREFIX}{pid}-"), ("kt", f"kt{pid % 100000}"),
                        ("kv", f"kv{pid % 100000}")):
        if name.startswith(prefix):
            return name.startswith(own)
    return True


def snapshot():
    return ({n for n in nslib.list_namespaces() if ours(n)}, {n for n in nslib.list_links() if ours(n)})


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie still answers kill(0); it is gone for every practical purpose
    with open(f"/proc/{pid}/stat") as f:
        return f.read().rsplit(")", 1)[1].split()[0] != "Z"


def identify(pid):
    return subprocess.run([nslib.IP, "netns", "identify", str(pid)], capture_output=True, text=True).stdout.strip()


def test_names_are_unique_and_prefixed():
    a, b = Namespace(), Namespace()
    assert a.name != b.name
    assert a.name.startswith(f"krt-{os.getpid()}-")
    assert len(nslib.unique_ifname()) <= 15


def test_create_populate_and_clean_up_everything():
    before = snapshot()
    with Namespace() as ns:
        assert ns.name in nslib.list_namespaces()
        ns.add_tap("tap0", "10.9.0.1/24")
        inside, outside = ns.add_veth("veth0", "10.9.1.1/24")
        assert {"lo", "tap0", "veth0"} <= set(nslib.list_links(ns.name))
        assert outside in nslib.list_links()                  # the root end of the pair
        addrs = ns.run(["ip", "-o", "-4", "addr", "show"]).stdout
        assert "10.9.0.1/24" in addrs and "10.9.1.1/24" in addrs
        server = ns.popen(["sleep", "300"])
        group = ns.popen(["sh", "-c", "sleep 301 & sleep 302 & wait"])
        time.sleep(0.3)
        assert identify(server.pid) == ns.name                # ip netns exec execs: the PID is the command
        in_ns = [int(p) for p in nslib.ip("netns", "pids", ns.name).stdout.split()]
        assert server.pid in in_ns and group.pid in in_ns and len(in_ns) >= 4
    assert snapshot() == before
    for pid in in_ns:
        assert not alive(pid), f"process {pid} survived close()"


def test_cleanup_when_the_body_raises():
    before = snapshot()
    with pytest.raises(RuntimeError):
        with Namespace() as ns:
            ns.add_tap("tap0")
            ns.add_veth("veth0")
            p = ns.popen(["sleep", "300"])
            raise RuntimeError("test body failed")
    assert snapshot() == before
    assert not alive(p.pid)


def test_fixture_namespace_is_created(netns):
    assert netns.name in nslib.list_namespaces()
    assert "lo" in nslib.list_links(netns.name)


def test_veth_between_two_namespaces_carries_traffic(netns_factory):
    a, b = netns_factory(), netns_factory()
    a.add_veth("va", "10.9.2.1/24", outside="vb", outside_cidr="10.9.2.2/24", peer=b)
    done = a.run(["ping", "-c", "2", "-i", "0.2", "-W", "2", "10.9.2.2"], check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert " 0% packet loss" in done.stdout


def test_root_tap_moves_into_the_namespace():
    before = snapshot()
    with Namespace() as ns:
        tap = ns.add_root_tap()
        assert tap in nslib.list_links()
        ns.move_link(tap, "10.9.3.1/24")
        assert tap not in nslib.list_links()
        assert tap in nslib.list_links(ns.name)
        assert "10.9.3.1/24" in ns.ip("-o", "addr", "show", "dev", tap).stdout
    assert snapshot() == before


def test_unmoved_root_tap_is_deleted():
    before = snapshot()
    with Namespace() as ns:
        tap = ns.add_root_tap()
        assert tap in nslib.list_links()
    assert snapshot() == before
