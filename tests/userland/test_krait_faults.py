"""20 MB through the fault relay (tests/userland/relay.py: 5% of frames dropped, some reordered and duplicated,
both ways, fixed seed) between Krait's NIC (QEMU `-netdev dgram`) and a tap in a test namespace: the transfer
still completes byte-exact (QEMU, TCG)."""
import re

import pytest

import krait_tools as kt
from relay import FaultRelay
from tools import pattern_sha

pytestmark = [pytest.mark.qemu, pytest.mark.netns, pytest.mark.slow]     # about 2 minutes under TCG
BULK = 20_000_000
FAULTS = dict(drop=0.05, reorder=0.03, duplicate=0.02, seed=9)


@pytest.fixture
def relay(netns):
    r = FaultRelay(netns, **FAULTS)
    yield r
    r.stop()


def check_faults_happened(counts, direction):
    c = counts[direction]
    assert c["dropped"] > 0.03 * c["frames"] and c["reordered"] > 0 and c["duplicated"] > 0, counts


def test_20mb_through_drops_reordering_and_duplicates(boot, netns, relay):
    k = kt.boot_on_relay(boot, netns, relay, "e1000")
    # Krait -> Linux
    sink = kt.LinuxListener(netns, "sink")
    out = kt.run_fg(k, f"nc -N -s {BULK} --count {kt.LINUX} {sink.port}", timeout=900)
    assert re.search(rf"nc: sent {BULK} bytes, received 0 bytes in [\d.]+ s", out), out
    word, n, digest, seconds = sink.result()
    assert (int(n), digest) == (BULK, pattern_sha(BULK))
    # Linux -> Krait
    kt.start(k, "nc -l -v --verify 5001", r"nc: listening on 0.0.0.0 port 5001")
    kt.ns_connect(netns, 5001, BULK, timeout=900)
    m = kt.expect_line(k, r"nc: sent 0 bytes, received (\d+) bytes, (pattern [^\n]*?) in ([\d.]+) s", 120)
    assert (int(m.group(1)), m.group(2)) == (BULK, "pattern ok")
    counts = relay.stop()
    check_faults_happened(counts, "to_tap")
    check_faults_happened(counts, "to_qemu")
