"""20 MB through the fault relay (tests/userland/relay.py: 5% of frames dropped, some reordered and duplicated,
both ways, fixed seed) between Krait's NIC (QEMU `-netdev dgram`) and a tap in a test namespace: the transfer
still completes byte-exact (QEMU, TCG)."""
import pytest

import krait_tools as kt
from relay import FaultRelay

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
    kt.krait_sends_pattern(k, netns, BULK, timeout=900)
    # Linux -> Krait
    kt.start(k, "nc -l -v --verify 5001", r"nc: listening on 0.0.0.0 port 5001")
    kt.ns_connect(netns, 5001, BULK, timeout=900)
    m = kt.expect_line(k, r"nc: sent 0 bytes, received (\d+) bytes, (pattern [^\n]*?) in ([\d.]+) s", 120)
    assert (int(m.group(1)), m.group(2)) == (BULK, "pattern ok")
    counts = relay.stop()
    check_faults_happened(counts, "to_tap")
    check_faults_happened(counts, "to_qemu")
