"""Host tests of the build: image checks, symbols, incremental builds, build.py's CLI."""
import shutil
import subprocess
import sys

import pytest

from toolchain import elfcheck, kbuild, pgo, qemu


def test_image_passes_checks(images):
    report = elfcheck.check_image(images.ELF, images.ELF64)
    assert any("multiboot header" in line for line in report)
    assert any(line.startswith("size: code") and "frozen Python bytecode" in line for line in report)


def test_corrupt_multiboot_checksum_is_rejected(images, tmp_path):
    data = bytearray(images.ELF.read_bytes())
    off = data.find((0x1BADB002).to_bytes(4, "little"))
    data[off + 8] ^= 0xFF
    bad = tmp_path / "bad.elf"
    bad.write_bytes(data)
    with pytest.raises(elfcheck.ImageError, match="multiboot header"):
        elfcheck.check_image(bad, images.ELF64)


def test_symbolizer_names_kernel_functions(images):
    sym = elfcheck.Symbolizer(images.ELF64)
    kmain = next(a for a, _, n in sym.funcs if n == "kmain")
    assert sym.lookup(kmain + 4) == "kmain+0x4"
    assert f"<kmain+0x4>" in sym.annotate(f"crash at 0x{kmain + 4:016x}\n")
    assert sym.lookup(0x10) is None


def test_map_lists_entry_and_kmain(images):
    text = images.MAP.read_text()
    assert " _start\n" in text and " kmain\n" in text


@pytest.mark.skipif(not pgo.enabled(), reason="KRAIT_PGO=0: built without the runtime's profile")
def test_runtime_is_built_with_its_profile(images):
    """Every runtime file has a profile from the training run, and the link puts the hot code first: the
    interpreter loop lands before the kernel's own C (linked ahead of the runtime) and its cold part after."""
    for src in pgo.runtime_sources():
        assert pgo.profile_path(kbuild.object_path(src)).is_file(), src.name    # where gcc looks for it
    funcs = {n: a for a, _, n in elfcheck.Symbolizer(images.ELF64).funcs}
    assert funcs["eval_frame"] < funcs["kmain"] < funcs["eval_frame.cold"]


def test_unchanged_tree_does_not_rebuild(images):
    before = [p.stat().st_mtime_ns for p in (images.ELF, images.ISO, images.MAP)]
    assert images.build(quiet_when_current=True)
    assert [p.stat().st_mtime_ns for p in (images.ELF, images.ISO, images.MAP)] == before


def test_compile_error_names_file_and_line(tmp_path):
    bad = tmp_path / "broken.c"
    bad.write_text("int ok(void) { return 0; }\nint broken(void) { return undefined_name; }\n")
    _, result = kbuild.compile_one(bad, [], kbuild.gcc_include_dir(), out=tmp_path / "broken.o")
    assert result.returncode != 0
    assert "broken.c:2:" in result.stderr


def test_user_networking_is_always_restricted():
    cmd = qemu.command(nics=[("e1000", "user"), ("rtl8139", "user")], hostfwd=["tcp:127.0.0.1:8080-:80"])
    netdevs = [cmd[i + 1] for i, a in enumerate(cmd) if a == "-netdev"]
    assert len(netdevs) == 2 and all("restrict=on" in n for n in netdevs)
    with pytest.raises(ValueError):
        qemu.command(nics=[("e1000", "user,net=10.9.0.0/24")])
    assert "-nodefaults" in cmd          # no default NIC with open networking


def test_build_py_help_lists_commands():
    out = subprocess.run([sys.executable, str(kbuild.ROOT / "build.py"), "--help"], capture_output=True,
                         text=True, check=True).stdout
    for command in ("build", "run", "test", "bench", "vm"):
        assert command in out


def test_run_dry_run_shows_the_qemu_line():
    out = subprocess.run([sys.executable, str(kbuild.ROOT / "build.py"), "run", "--dry-run", "--nic", "both",
                          "--append", "a=1"], capture_output=True, text=True, check=True).stdout
    assert "restrict=on" in out and "rtl8139" in out and "-append a=1" in out and "-accel tcg" in out
