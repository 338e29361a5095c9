"""QEMU tests of processes: one Krait per test module, its console ready for Ctrl-C."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import Krait  # noqa: E402
from prockit import no_tty_signals  # noqa: E402


@pytest.fixture(scope="module")
def krait(images):
    k = Krait(mem="128M")
    try:
        k.prompt()
        no_tty_signals(k)
        yield k
    finally:
        k.close()
