"""The console line editor under CPython: keystrokes in, line and echo out."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "kernel"))
import lineedit  # noqa: E402
from lineedit import CANCELLED, DONE, PENDING, LineEditor  # noqa: E402


def type_keys(editor, keys):
    results = [editor.feed(b) for b in keys]
    return results


def new_editor():
    echo = []
    return LineEditor(echo.append), echo


def submit(editor, keys):
    editor.reset()
    results = type_keys(editor, keys)
    assert results[-1] == DONE and all(r == PENDING for r in results[:-1])
    return editor.line()


def test_plain_line_and_echo():
    ed, echo = new_editor()
    assert submit(ed, b"help\r") == "help"
    assert "".join(echo) == "help\n"


def test_backspace_and_delete():
    ed, _ = new_editor()
    assert submit(ed, b"mex\x7fm\r") == "mem"
    assert submit(ed, b"ab\x08\x08\x08cd\r") == "cd"


def test_ctrl_u_clears():
    ed, _ = new_editor()
    assert submit(ed, b"garbage\x15ps\r") == "ps"


def test_ctrl_c_cancels():
    ed, echo = new_editor()
    ed.reset()
    assert type_keys(ed, b"abc\x03")[-1] == CANCELLED
    assert "^C" in "".join(echo)


def test_history_up_down():
    ed, _ = new_editor()
    submit(ed, b"first\r")
    submit(ed, b"second\r")
    assert submit(ed, b"\x1b[A\r") == "second"          # a repeat is not stored twice
    assert submit(ed, b"\x1b[A\x1b[A\x1b[B\r") == "second"
    assert submit(ed, b"\x1b[A\x1b[B\r") == ""
    assert submit(ed, b"\x1b[A\x1b[A\r") == "first"
    assert ed.history == ["first", "second", "first"]


def test_cursor_movement_inserts_in_the_middle():
    ed, _ = new_editor()
    assert submit(ed, b"upme\x1b[D\x1b[Dti\r") == "uptime"
    assert submit(ed, b"ab\x1b[D\x1b[C\x1b[Cc\r") == "abc"


def test_crlf_is_one_enter_and_duplicates_not_in_history():
    ed, _ = new_editor()
    ed.reset()
    assert type_keys(ed, b"ps\r\n") == [PENDING, PENDING, DONE, PENDING]
    submit(ed, b"ps\r")
    assert ed.history == ["ps"]


def test_history_is_bounded():
    ed, _ = new_editor()
    for i in range(lineedit.HISTORY_MAX + 10):
        submit(ed, f"cmd{i}\r".encode())
    assert len(ed.history) == lineedit.HISTORY_MAX
    assert ed.history[0] == "cmd10"
