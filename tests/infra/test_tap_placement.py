"""Where QEMU's tap may live: besides a tap pre-created in the namespace (test_linux_guest.py), QEMU creating it
inside the namespace and a root tap moved in after QEMU opened it both carry traffic. A module of its own so that
only one QEMU runs at a time (test_linux_guest.py keeps a guest per module)."""
import os
import shutil

import pytest

import netns as nslib
from toolchain import bench_net, linux_guest

pytestmark = [pytest.mark.qemu, pytest.mark.netns]
ADDR = bench_net.GUEST_ADDR


@pytest.mark.parametrize("tap", ["qemu", "moved"])
def test_other_tap_placements_carry_traffic(netns, tap):
    if not shutil.which("qemu-system-x86_64"):
        pytest.skip("QEMU is not installed")
    linux_guest.build()
    session = bench_net.LinuxGuestSession(netns, "e1000", tap=tap)
    try:
        session.wait_ready()
        assert bench_net.wait_reachable(netns, ADDR), session.console()[-3000:]
        done = netns.run(["ping", "-c", "3", "-i", "0.5", "-W", "5", ADDR], check=False)
        assert bench_net.parse_ping(done.stdout)["received"] == 3, done.stdout
        if tap == "moved":     # root taps this process made (others' come and go in parallel runs)
            mine = [n for n in nslib.list_links() if n.startswith(f"kt{os.getpid() % 100000}")]
            assert mine == [], "the moved tap is still in the root namespace"
    finally:
        session.close()
