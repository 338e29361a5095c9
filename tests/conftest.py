"""Shared fixtures: the built images and the QEMU boot harness."""
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from harness import Krait  # noqa: E402


def pytest_configure(config):
    config.addinivalue_line("markers", "qemu: boots Krait in QEMU (slower; deselect with -m 'not qemu')")


@pytest.fixture(scope="session")
def images():
    """The built images (kbuild serialises parallel workers' builds)."""
    from toolchain import kbuild
    assert kbuild.build(quiet_when_current=True), "the kernel does not build"
    return kbuild


@pytest.fixture
def boot(images):
    """Factory: boot(nics=..., append=..., mem=..., iso=...) -> Krait session; all are killed afterwards."""
    sessions = []

    def start(**kwargs):
        k = Krait(**kwargs)
        sessions.append(k)
        return k

    yield start
    for k in sessions:
        k.close()
