"""Profile-guided optimisation of the kernel's copy of the VM (kernel/runtime/*.c).

Under QEMU's TCG every guest branch that leaves its 4 KiB page, and every return, costs a lookup of the
translated target; gcc given a profile puts the hot paths together and the cold ones aside, which
removes many of them (about a fifth of the host instructions per packet under TCG, measured with
QEMU's user-mode emulator over the hosted VM running bench/paths).

The profile comes from a training run on the host: the runtime's files compiled with the kernel's own
flags plus -fprofile-generate, linked with the hosted platform layer, run over the stack's hot paths
(bench/paths: an ICMP echo and a TCP echo exchange through the real net/ modules). The kernel's objects
are then compiled with -fprofile-use and -fprofile-partial-training (what the training did not run is
optimised as without a profile, not for size). The profile is made again only when the runtime's C,
the training programs or this build changes; a stale profile for Python changes costs nothing but
precision. `KRAIT_PGO=0 python3 build.py build --clean` builds without it."""
import os
import shutil
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from toolchain import hosted

ROOT = Path(__file__).resolve().parent.parent
RUNTIME = ROOT / "kernel" / "runtime"
PGO = ROOT / "images" / "pgo"
TRAIN_OBJ = PGO / "obj"             # the instrumented objects; the run writes their .gcda beside them
USE_DIR = PGO / "use"               # -fprofile-use=USE_DIR: gcc looks for USE_DIR/<object's path>.gcda
STAMP = PGO / "profile.stamp"
TRAINING = [("bench/paths/icmp_echo.py", "4000"), ("bench/paths/tcp_exchange.py", "3000")]
GENERATE_FLAGS = ["-fprofile-generate", "-fprofile-update=single"]


def enabled():
    return os.environ.get("KRAIT_PGO", "1") != "0"


def runtime_sources():
    return sorted(p for p in RUNTIME.glob("*.c") if not p.name.startswith("port_"))


def inputs():
    """What the profile depends on."""
    return [*RUNTIME.glob("*.c"), *RUNTIME.glob("*.h"), Path(__file__), ROOT / "toolchain" / "kbuild.py",
            *(ROOT / program for program, _ in TRAINING)]


def use_flags(use_dir=USE_DIR):
    """Flags for compiling a runtime file with its profile (filed under use_dir), when there is one."""
    if not enabled() or not STAMP.exists():
        return []
    return [f"-fprofile-use={use_dir}", "-fprofile-partial-training", "-fprofile-correction",
            "-Wno-missing-profile"]


def profile_path(obj, use_dir=USE_DIR):
    """Where gcc compiling into obj with -fprofile-use=use_dir looks for the profile: the object's
    absolute path, its suffix .gcda, under use_dir."""
    return Path(str(use_dir) + str(Path(obj).with_suffix(".gcda")))


def file_profile(obj, use_dir):
    """Puts the training run's profile of obj's source where gcc compiling into obj looks for it."""
    gcda = TRAIN_OBJ / Path(obj).with_suffix(".gcda").name
    if gcda.exists():
        target = profile_path(obj, use_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(gcda, target)


def link_hosted(objs, exe, flags):
    """A hosted VM from runtime objects: the hosted platform layer compiled and linked in."""
    port = Path(exe).parent / (Path(exe).name + "-port_hosted.o")
    cflags = [f for f in hosted.CFLAGS if f != "-ffreestanding"]
    _run(["gcc", *cflags, "-c", str(RUNTIME / "port_hosted.c"), "-o", str(port)], "compiling port_hosted.c")
    _run(["gcc", "-no-pie", *flags, "-o", str(exe), *map(str, objs), str(port)], f"linking {Path(exe).name}")


def current():
    return STAMP.exists() and all(p.stat().st_mtime <= STAMP.stat().st_mtime for p in inputs())


def make_profile(compile_one, object_name, include, log, opt_flags):
    """Build the instrumented VM (its files compiled with opt_flags, the runtime's own), run the training
    programs, file the profile for the kernel objects named by object_name(src). Returns True when a new
    profile was made."""
    if not enabled() or current():
        return False
    start = time.monotonic()
    shutil.rmtree(PGO, ignore_errors=True)
    TRAIN_OBJ.mkdir(parents=True)
    srcs = runtime_sources()
    objs = [TRAIN_OBJ / object_name(s).name for s in srcs]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        results = list(pool.map(lambda so: compile_one(so[0], opt_flags + GENERATE_FLAGS, include, out=so[1]),
                                zip(srcs, objs)))
    for src, r in results:
        if r.returncode != 0:
            raise RuntimeError(f"instrumented compile of {src.name} failed:\n{r.stderr}")
    vm = PGO / "krait-vm-train"
    link_hosted(objs, vm, opt_flags + GENERATE_FLAGS)
    for program, count in TRAINING:
        bundle = PGO / (Path(program).stem + ".bundle")
        hosted.compile_program(ROOT / program, bundle, search_paths=[ROOT, ROOT / "tests" / "shims"])
        _run([str(vm), str(bundle), count], f"training run {program}")
    for src in srcs:
        file_profile(object_name(src), USE_DIR)
    STAMP.touch()
    log(f"PGO profile from {len(TRAINING)} training runs ({time.monotonic() - start:.1f} s)")
    return True


def _run(cmd, what):
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"{what} failed:\n{r.stdout}{r.stderr}")
