"""net/net_config.h -> net/config.py: the stack's tunables have one source.

Only `#define NAME <integer>` lines carry values; anything else that looks like
a definition is an error naming file:line, so a typo never silently drops a
setting."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = ROOT / "net" / "net_config.h"
MODULE = ROOT / "net" / "config.py"
DEFINE = re.compile(r"#define\s+([A-Z][A-Z0-9_]*)\s+(\S+)\s*(?://\s*(.*)|/\*\s*(.*?)\s*\*/)?\s*$")


class ConfigError(Exception):
    pass


def parse(path=HEADER):
    """[(name, value, comment)] in header order."""
    values = []
    for lineno, line in enumerate(Path(path).read_text().splitlines(), 1):
        stripped = line.strip()
        if not stripped.startswith("#define") or re.fullmatch(r"#define\s+\w+_H", stripped):
            continue                     # not a definition, or the include guard
        m = DEFINE.match(stripped)
        if not m:
            raise ConfigError(f"{path}:{lineno}: cannot read this definition: {stripped}")
        name, value, comment = m.group(1), m.group(2), m.group(3) or m.group(4) or ""
        try:
            number = int(value, 0)
        except ValueError:
            raise ConfigError(f"{path}:{lineno}: {name} must be an integer, not {value!r}") from None
        values.append((name, number, comment))
    return values


def render(values):
    lines = ['"""Generated from net/net_config.h by build.py: edit the header, not this file."""', ""]
    for name, number, comment in values:
        lines.append(f"{name} = {number}" + (f"  # {comment}" if comment else ""))
    return "\n".join(lines) + "\n"


def generate():
    """Rewrites net/config.py when the header changed; returns True when it did."""
    text = render(parse())
    if MODULE.exists() and MODULE.read_text() == text:
        return False
    MODULE.write_text(text)
    return True
