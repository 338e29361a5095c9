"""CPython stand-in for the kernel's native `userland` module: the argument check the syscall dispatcher
uses. (The gate and the allocation accounts have no stand-in here; host tests that reach them stub them.)"""


def types_are(args, types):
    """Whether the tuple args holds, in order, one item of exactly each type (no subclasses)."""
    if type(args) is not tuple or type(types) is not tuple:
        raise TypeError("types_are(args: tuple, types: tuple)")
    return len(args) == len(types) and all(type(a) is t for a, t in zip(args, types))
