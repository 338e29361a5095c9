"""Line editing for the serial console: a pure state machine fed one byte at a
time, so it runs the same in the kernel and under CPython in the host tests.

Keys: printable characters insert at the cursor; Backspace/DEL delete before
it; Ctrl-U clears the line; Left/Right move the cursor; Up/Down walk the
history; Ctrl-C abandons the line; Enter (CR or LF) completes it.
"""

BACKSPACE = 0x08
DELETE = 0x7F
CTRL_C = 0x03
CTRL_U = 0x15
ESC = 0x1B
CR = 0x0D
LF = 0x0A
HISTORY_MAX = 50

# Results of feed()
PENDING = 0
DONE = 1
CANCELLED = 2


class LineEditor:
    def __init__(self, write):
        self.write = write            # write(str): echo back to the terminal
        self.history = []
        self.reset()

    def reset(self):
        self.buf = []
        self.cursor = 0
        self.escape = b""
        self.browse = len(self.history)
        self.last_was_cr = False

    def line(self):
        return "".join(self.buf)

    def _redraw_from_cursor(self, erased=0):
        tail = "".join(self.buf[self.cursor:])
        self.write(tail + " " * erased + "\b" * (len(tail) + erased))

    def _replace(self, text):
        self.write("\b" * self.cursor + " " * len(self.buf) + "\b" * len(self.buf))
        self.buf = list(text)
        self.cursor = len(self.buf)
        self.write(text)

    def _escape_sequence(self, seq):
        if seq == b"[A" and self.browse > 0:
            self.browse -= 1
            self._replace(self.history[self.browse])
        elif seq == b"[B" and self.browse < len(self.history):
            self.browse += 1
            self._replace(self.history[self.browse] if self.browse < len(self.history) else "")
        elif seq == b"[C" and self.cursor < len(self.buf):
            self.write(self.buf[self.cursor])
            self.cursor += 1
        elif seq == b"[D" and self.cursor > 0:
            self.write("\b")
            self.cursor -= 1

    def feed(self, byte):
        """Processes one input byte; returns PENDING, DONE or CANCELLED."""
        if self.escape:
            self.escape += bytes([byte])
            if len(self.escape) == 2 and byte != 0x5B:      # not ESC [: drop it
                self.escape = b""
            elif len(self.escape) >= 3 and 0x40 <= byte <= 0x7E:
                seq = self.escape[1:]
                self.escape = b""
                self._escape_sequence(seq)
            elif len(self.escape) > 8:
                self.escape = b""
            return PENDING
        if byte == LF and self.last_was_cr:                # CR LF counts once
            self.last_was_cr = False
            return PENDING
        self.last_was_cr = byte == CR
        if byte == CR or byte == LF:
            self.write("\n")
            text = self.line()
            if text.strip() and (not self.history or self.history[-1] != text):
                self.history.append(text)
                if len(self.history) > HISTORY_MAX:
                    self.history.pop(0)
            return DONE
        if byte == ESC:
            self.escape = b"\x1b"
        elif byte == BACKSPACE or byte == DELETE:
            if self.cursor > 0:
                self.cursor -= 1
                del self.buf[self.cursor]
                self.write("\b")
                self._redraw_from_cursor(1)
        elif byte == CTRL_U:
            self._replace("")
        elif byte == CTRL_C:
            self.write("^C\n")
            return CANCELLED
        elif 0x20 <= byte < 0x7F:
            self.buf.insert(self.cursor, chr(byte))
            self.cursor += 1
            self.write(chr(byte))
            if self.cursor < len(self.buf):
                self._redraw_from_cursor()
        return PENDING
