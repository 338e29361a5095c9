"""Host tests of net/transport, net/udp, net/tcp: CPython with the shims for `machine` and `inet`."""
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
for path in (str(ROOT / "tests" / "shims"), str(ROOT), str(HERE)):
    if path not in sys.path:
        sys.path.insert(0, path)
