"""The serial console: bytes the UART interrupt collected, handed to the task
waiting for input; output goes straight to the UART through print()."""
import machine

from kernel import sched

SERIAL_IRQ = 4
_input_ready = sched.WaitQueue()


def _on_serial_irq(irq):
    _input_ready.wake_all()


def init():
    sched.irq_attach(SERIAL_IRQ, _on_serial_irq)


def read():
    """Blocks until input is available; returns the bytes received."""
    while True:
        # Check and sleep as one step: a soft IRQ between them would wake nobody.
        with sched.critical():
            data = machine.console_read()
            if data:
                return data
            _input_ready.wait()


def write(text):
    machine.console_write(text)
