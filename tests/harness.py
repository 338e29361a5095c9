"""Boots Krait in QEMU and drives its serial console with pexpect.

Every later test suite uses this: `Krait(nics=[("e1000", "user")], append="...")`
starts QEMU (always TCG, always restricted user networking), `prompt()` waits for
`krait> `, `cmd("mem")` returns a command's output, and `close()` kills QEMU by
the PID it recorded. The transcript of each boot is kept in `log` for messages.
"""
import io
import os
import re
import signal
import sys
import time
from pathlib import Path

import pexpect

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from toolchain import qemu  # noqa: E402

PROMPT = "krait> "
BOOT_TIMEOUT = 60          # generous: TCG on a loaded 2-core machine
CMD_TIMEOUT = 30
EXIT_OK = 0                # ACPI power-off
EXIT_PANIC = 3             # isa-debug-exit code 1
EXIT_EXCEPTION = 5         # isa-debug-exit code 2


class Krait:
    def __init__(self, nics=(("e1000", "user"),), append="", mem="128M", iso=False, hostfwd=(), extra=(),
                 image=None, pcap=None):
        self.command = qemu.command(iso=iso, mem=mem, nics=list(nics), append=append, hostfwd=hostfwd,
                                    extra=extra, image=image, pcap=pcap)
        self.transcript = io.StringIO()
        self.child = pexpect.spawn(self.command[0], self.command[1:], encoding="utf-8", codec_errors="replace",
                                   timeout=CMD_TIMEOUT, echo=False, dimensions=(50, 200))
        self.child.logfile_read = self.transcript
        self.pid = self.child.pid
        self.exitstatus = None

    @staticmethod
    def lines(text):
        """The kernel ends lines with \r\n and QEMU's stdio pty adds a \r of its own."""
        return text.replace("\r\r\n", "\n").replace("\r\n", "\n")

    @property
    def log(self):
        return self.lines(self.transcript.getvalue())

    def expect(self, pattern, timeout=CMD_TIMEOUT):
        """Waits for a regex; returns the text before it. Fails with the transcript."""
        try:
            self.child.expect(pattern, timeout=timeout)
        except (pexpect.TIMEOUT, pexpect.EOF) as e:
            raise AssertionError(f"expected {pattern!r}, got {type(e).__name__}; console log:\n{self.log[-4000:]}") \
                from None
        return self.lines(self.child.before)

    def prompt(self, timeout=BOOT_TIMEOUT):
        return self.expect(re.escape(PROMPT), timeout)

    def send(self, text):
        self.child.send(text)

    def cmd(self, line, timeout=CMD_TIMEOUT):
        """Types a command line; returns its output (without the echo) once the prompt is back."""
        self.child.send(line + "\r")
        out = self.expect(re.escape(PROMPT), timeout)
        echo, _, rest = out.partition("\n")
        return rest

    def sync(self, timeout=CMD_TIMEOUT):
        """Consumes everything printed so far, up to a fresh prompt (the shell's `echo`)."""
        self.syncs = getattr(self, "syncs", 0) + 1
        token = f"sync-{self.syncs}-{self.pid}"
        self.child.send(f"echo {token}\r")
        self.expect(rf"\n{token}\r*\n", timeout)
        self.expect(re.escape(PROMPT), timeout)

    def wait_exit(self, timeout=CMD_TIMEOUT):
        """Waits for QEMU to exit; returns its exit status."""
        try:
            self.child.expect(pexpect.EOF, timeout=timeout)
        except pexpect.TIMEOUT:
            raise AssertionError(f"QEMU did not exit; console log:\n{self.log[-4000:]}") from None
        self.child.close()
        self.exitstatus = self.child.exitstatus if self.child.exitstatus is not None else -self.child.signalstatus
        return self.exitstatus

    def close(self):
        if self.child.isalive():
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        # On a loaded machine the killed QEMU may take a moment to be reaped.
        for _ in range(100):
            try:
                self.child.close(force=True)
                return
            except pexpect.ExceptionPexpect:
                time.sleep(0.1)
        self.child.close(force=True)
