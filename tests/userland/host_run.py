"""Runs a user/ tool under CPython the way Krait runs it: `python3 -P host_run.py user/NAME.py ARGS...`.

user/ goes at the END of sys.path, so the tools' own helper modules (httpmsg, pattern, sha256) are found while
CPython's socket, select and time are not shadowed by Krait's user-space versions of them; sys.argv is
[NAME, ARGS...] as in a Krait process."""
import runpy
import sys
from pathlib import Path

USER = Path(__file__).resolve().parents[2] / "user"

if __name__ == "__main__":
    sys.stdout.reconfigure(line_buffering=True)      # a console, not a pipe: every line as it is printed
    sys.path.append(str(USER))
    script = Path(sys.argv[1])
    sys.argv = [script.stem] + sys.argv[2:]
    runpy.run_path(str(script), run_name="__main__")
