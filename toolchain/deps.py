"""Installs what Krait's build, run and test commands need on a Debian machine.

System packages come from apt-get (as root; otherwise the exact commands are
printed). Python packages are pinned in requirements.txt and live in the
project's virtual environment, .venv/, because a stock Debian Python refuses
plain pip installs. build.py calls ensure() first, which re-executes build.py
inside the virtual environment when it is not already running there.
"""
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
REQUIREMENTS = ROOT / "requirements.txt"
STAMP = VENV / ".requirements.sha256"

# Debian package -> how to tell it is present.
BUILD_PACKAGES = {
    "gcc": lambda: shutil.which("gcc"),
    "binutils": lambda: shutil.which("ld") and shutil.which("objcopy"),
    "grub-common": lambda: shutil.which("grub-mkrescue"),
    "grub-pc-bin": lambda: Path("/usr/lib/grub/i386-pc/multiboot2.mod").exists(),
    "xorriso": lambda: shutil.which("xorriso"),
    "mtools": lambda: shutil.which("mformat"),
}
RUN_PACKAGES = {
    "qemu-system-x86": lambda: shutil.which("qemu-system-x86_64"),
}
TEST_PACKAGES = {
    "iproute2": lambda: shutil.which("ip"),
    "iputils-ping": lambda: shutil.which("ping"),
    "curl": lambda: shutil.which("curl"),
    "netcat-openbsd": lambda: shutil.which("nc"),
}
VENV_PACKAGES = {"python3-venv": None}

NEEDS = {
    "build": [BUILD_PACKAGES],
    "run": [BUILD_PACKAGES, RUN_PACKAGES],
    "test": [BUILD_PACKAGES, RUN_PACKAGES, TEST_PACKAGES],
    "bench": [BUILD_PACKAGES, RUN_PACKAGES, TEST_PACKAGES],
    "vm": [BUILD_PACKAGES],
    "symbolize": [],
}


def say(msg):
    print(f"[deps] {msg}", flush=True)


def is_root():
    return os.geteuid() == 0


def apt_install(packages):
    packages = sorted(packages)
    commands = [["apt-get", "update", "-q"],
                ["apt-get", "install", "-y", "-q", "--no-install-recommends", *packages]]
    if not is_root():
        say("missing system packages: " + " ".join(packages))
        say("run as root, then try again:")
        for c in commands:
            print("    sudo " + " ".join(c))
        sys.exit(1)
    say("installing with apt-get: " + " ".join(packages))
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for c in commands:
        if subprocess.run(c, env=env).returncode != 0:
            sys.exit(f"[deps] failed: {' '.join(c)}")


def ensure_system(command):
    missing = {pkg for group in NEEDS.get(command, []) for pkg, present in group.items() if not present()}
    if missing:
        apt_install(missing)


def in_venv():
    return Path(sys.prefix).resolve() == VENV.resolve()


def venv_python():
    return VENV / "bin" / "python3"


def requirements_hash():
    return hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()


def ensure_venv():
    if not venv_python().exists():
        say(f"creating the virtual environment {VENV.relative_to(ROOT)}/")
        if subprocess.run([sys.executable, "-m", "venv", str(VENV)]).returncode != 0:
            shutil.rmtree(VENV, ignore_errors=True)
            apt_install(VENV_PACKAGES)          # Debian splits venv/ensurepip out
            subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    want = requirements_hash()
    if not STAMP.exists() or STAMP.read_text().strip() != want:
        say("installing pinned Python packages from requirements.txt: "
            + ", ".join(l.split("#")[0].strip() for l in REQUIREMENTS.read_text().splitlines()
                        if l.split("#")[0].strip()))
        pip = [str(venv_python()), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
        if subprocess.run([*pip, "-r", str(REQUIREMENTS)]).returncode != 0:
            sys.exit("[deps] pip install failed")
        STAMP.write_text(want + "\n")


def ensure(command, argv):
    """Make the machine ready for `command`; may re-execute build.py in the venv."""
    ensure_system(command)
    if not in_venv():
        ensure_venv()
        os.execv(str(venv_python()), [str(venv_python()), str(ROOT / "build.py"), *argv])
