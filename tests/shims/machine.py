"""CPython stand-in for the kernel's native `machine` module: a clock the tests
control (ticks_ms/ticks_us) and nothing that touches hardware."""
_now_us = 0


def ticks_ms():
    return _now_us // 1000


def ticks_us():
    return _now_us


def advance_ms(ms):
    """Test helper: moves the clock forward."""
    global _now_us
    _now_us += int(ms * 1000)


def set_ms(ms):
    global _now_us
    _now_us = int(ms * 1000)
