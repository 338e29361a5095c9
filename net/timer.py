"""One-shot timers kept in one list sorted by deadline.

The kernel's network task calls run_due(now) when it wakes and sleeps until
next_deadline(). Handles are the entries themselves; cancel() marks one dead,
so a cancelled timer never fires. Dead entries stay in the list until they
reach its front (or a compaction, once they outnumber the live ones): TCP
re-arms its timers on most segments, and unlinking from the middle of a long
list on every cancel cost more than the timers' whole work.
"""
from bisect import insort

import machine

_DEADLINE = 0
_SEQ = 1                # ties fire in scheduling order
_FN = 2
_ARGS = 3
_LIVE = 4

_pending = []
_seq = 0
_dead = 0               # cancelled entries still in _pending
wakeup_hook = None      # fn(): a new timer became the earliest (the kernel wakes its network task)


def schedule(delay_ms, fn, *args):
    """Runs fn(*args) once, delay_ms from now; returns a handle for cancel()."""
    global _seq
    _seq += 1
    entry = [machine.ticks_ms() + max(0, delay_ms), _seq, fn, args, True]
    # Entries compare as lists: by deadline, then by sequence number, which is unique (fn is never reached);
    # the newest goes after every equal deadline.
    insort(_pending, entry)
    if wakeup_hook is not None and _pending[0] is entry:
        wakeup_hook()
    return entry


def cancel(handle):
    """Stops a pending timer; harmless on None or on one that already fired."""
    global _dead, _pending
    if handle is None or not handle[_LIVE]:
        return
    handle[_LIVE] = False
    _dead += 1
    if _dead > 64 and _dead * 2 > len(_pending):
        _pending = [entry for entry in _pending if entry[_LIVE]]
        _dead = 0


def _drop_dead_front():
    global _dead
    while _pending and not _pending[0][_LIVE]:
        _pending.pop(0)
        _dead -= 1


def active(handle):
    return handle is not None and handle[_LIVE]


def run_due(now_ms=None):
    """Fires every timer whose deadline has passed; returns how many ran."""
    global _dead
    if now_ms is None:
        now_ms = machine.ticks_ms()
    ran = 0
    while _pending and _pending[0][_DEADLINE] <= now_ms:
        entry = _pending.pop(0)
        if not entry[_LIVE]:
            _dead -= 1
            continue
        entry[_LIVE] = False
        entry[_FN](*entry[_ARGS])
        ran += 1
    return ran


def next_deadline():
    """The earliest deadline in ms, or None when nothing is pending."""
    _drop_dead_front()
    if _pending:
        return _pending[0][_DEADLINE]
    return None


def reset():
    global _dead
    for entry in _pending:
        entry[_LIVE] = False
    _pending.clear()
    _dead = 0
