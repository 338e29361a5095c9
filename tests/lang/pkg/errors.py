class NetError(Exception):
    """Base for the helper package's errors."""


class TimeoutError_(NetError):
    def __init__(self, seconds):
        super().__init__(f"timed out after {seconds}s")
        self.seconds = seconds


def explode(kind):
    if kind == "value":
        raise ValueError("bad value")
    if kind == "timeout":
        raise TimeoutError_(5)
    return "no error"
