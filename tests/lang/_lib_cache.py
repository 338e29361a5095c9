"""Helper module for cache_globals_builtins.py: a module attribute read and rebound from both sides."""
value = "initial"


def get():
    return value


def set_value(v):
    global value
    value = v
