"""fwtool: the packet filter and NAT from userland, through the netadmin syscall.

usage: fwtool [nat] ARGS...   (the fw / nat shell commands' words; needs `sudo fwtool ...`)
"""
import sys

import _syscall


def main(argv):
    words = argv[1:]
    if not words:
        print(__doc__.strip().splitlines()[2])
        return 2
    if words[0] != "nat":
        words = ["fw"] + words
    try:
        text = _syscall.call(_syscall.SYS_NETADMIN, words)
    except PermissionError:
        print("fwtool: Operation not permitted (run it with sudo)")
        return 1
    print(text, end="")
    return 1 if text.startswith(("fw: ", "nat: ")) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
