"""Runs a user script on CPython against Krait's socket layer (see hostworld.py):
`python3 tests/sockets/run_host.py user/t_sock_tcp.py [args...]`. The script's
`import socket` / `import select` get user/socket.py and user/select.py."""
import runpy
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import hostworld  # noqa: E402


def main():
    program = sys.argv[1]
    sys.argv = sys.argv[1:]
    hostworld.new_world()
    mods = hostworld.load_user_modules()
    sys.modules["socket"] = mods["socket"]
    sys.modules["select"] = mods["select"]
    try:
        runpy.run_path(program, run_name="__main__")
    finally:
        sys.stdout.flush()
        hostworld.WORLD.process.exit()


main()
