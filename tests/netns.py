"""Network namespaces for tests and benchmarks, cleaned up by name and recorded PID.

    with Namespace() as ns:                       # ip netns add krt-<pid>-<random>
        ns.add_tap("tap0", "10.0.0.1/24")         # a persistent tap inside the namespace
        qemu = ns.popen([...qemu..., "-netdev", "tap,id=n0,ifname=tap0,script=no,downscript=no", ...])
        ns.run(["ping", "-c", "1", "10.0.0.2"])
    # every recorded process is killed, every link created in the root namespace is
    # deleted, then the namespace itself: also when the body raised.

Where QEMU's tap should live: all three ways work (tests/infra/test_tap_placement.py boots the Linux guest each way):
- Pre-created in the namespace with add_tap(), QEMU started inside it (`ip netns exec NS qemu-system-x86_64 ...`):
  the address is configured before QEMU starts, so nothing races. The default of the tests and benchmarks.
- Created by QEMU itself, started inside the namespace: the tap appears only once QEMU has opened it, so the
  caller waits for it (wait_link()) before adding the address.
- Created in the root namespace (add_root_tap()), QEMU started there, then moved in with move_link(): QEMU keeps
  its descriptor and traffic flows, but the move drops the tap's addresses and sets it down, so it is configured
  after the move. Move it only once QEMU holds it (wait_tap_attached()): moved earlier, QEMU would not find it and
  would create a fresh tap in the root namespace.
Deleting a namespace destroys the taps and veths inside it (they do not fall back into the root namespace), and a
veth pair dies with either end.

`ip netns exec` sets the namespace and then execs the command, so the PID popen() records is the command itself.
"""
import atexit
import os
import secrets
import shutil
import signal
import subprocess
import time
from pathlib import Path

PREFIX = "krt-"
IP = shutil.which("ip") or "/usr/sbin/ip"
TERM_GRACE = 3.0            # seconds between SIGTERM and SIGKILL
_open = []                  # namespaces not yet closed: closed at interpreter exit as a last resort


class NetnsError(RuntimeError):
    pass


def unavailable_reason():
    """Why namespaces cannot be used here, or None when they can."""
    if os.geteuid() != 0:
        return "network namespaces need root"
    if not shutil.which("ip"):
        return "iproute2 (ip) is not installed"
    if not Path("/dev/net/tun").exists():
        return "/dev/net/tun is missing (no tap devices)"
    return None


def unique_name(prefix=PREFIX):
    return f"{prefix}{os.getpid()}-{secrets.token_hex(3)}"


def unique_ifname(prefix="kt"):
    """An interface name unique in the root namespace; at most 15 characters (IFNAMSIZ - 1)."""
    return f"{prefix}{os.getpid() % 100000}{secrets.token_hex(2)}"[:15]


def ip(*args, check=True, netns=None):
    cmd = [IP] + (["-n", netns] if netns else []) + [str(a) for a in args]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if check and done.returncode != 0:
        raise NetnsError(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr.strip()}")
    return done


def list_namespaces():
    out = ip("netns", "list").stdout
    return [line.split()[0] for line in out.splitlines() if line.strip()]


def list_links(netns=None):
    """Interface names (without the @peer suffix)."""
    out = ip("-o", "link", "show", netns=netns).stdout
    return [line.split(":")[1].strip().split("@")[0] for line in out.splitlines() if line.strip()]


def wait_tap_attached(dev, pid, timeout=10.0):
    """Waits until process `pid` holds tap `dev` open: its /dev/net/tun descriptor's fdinfo names the device
    ("iff:\tDEV"). The carrier cannot tell: a tap that is down has none to read."""
    fdinfo = Path(f"/proc/{pid}/fdinfo")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for f in fdinfo.glob("*"):
            try:
                if f"iff:\t{dev}\n" in f.read_text():
                    return True
            except OSError:
                pass
        time.sleep(0.05)
    return False


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _reap(pid):
    """Collects our own child's exit status; harmless for processes that are not our children."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass


def terminate(pid, group=False, grace=TERM_GRACE):
    """SIGTERM, then SIGKILL after `grace` seconds; group=True signals the process group led by pid."""
    send = (lambda s: os.killpg(pid, s)) if group else (lambda s: os.kill(pid, s))
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 2.0)):
        try:
            send(sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            _reap(pid)
            if not _alive(pid):
                return
            time.sleep(0.02)


@atexit.register
def _close_leftovers():
    for ns in list(_open):
        ns.close()


class Namespace:
    """One network namespace this process created, with everything started or made in it."""

    def __init__(self, prefix=PREFIX):
        self.name = unique_name(prefix)
        self.created = False
        self.pids = []              # (pid, group) in start order
        self.popens = []
        self.root_links = []        # links we made in the root namespace (deleted on close)

    # -- lifetime -------------------------------------------------------------------------------------------------
    def create(self):
        ip("netns", "add", self.name)
        self.created = True
        _open.append(self)
        ip("link", "set", "lo", "up", netns=self.name)
        return self

    def __enter__(self):
        try:
            return self.create()
        except BaseException:
            self.close()
            raise

    def __exit__(self, *exc):
        self.close()
        return False

    def close(self):
        """Kills recorded processes (newest first), deletes root links, then the namespace; never raises."""
        errors = []
        for pid, group in reversed(self.pids):
            try:
                terminate(pid, group)
            except OSError as e:
                errors.append(f"pid {pid}: {e}")
        for p in self.popens:
            try:
                p.wait(timeout=0.5)
            except subprocess.TimeoutExpired:
                errors.append(f"pid {p.pid} survived SIGKILL")
        self.pids.clear()
        self.popens.clear()
        if self.created:
            self._kill_strays()
        for link in self.root_links:
            if link in list_links():
                ip("link", "del", link, check=False)
        self.root_links.clear()
        if self.created:
            done = ip("netns", "delete", self.name, check=False)
            if done.returncode != 0 and self.name in list_namespaces():
                errors.append(done.stderr.strip())
            self.created = False
        if self in _open:
            _open.remove(self)
        return errors

    def _kill_strays(self):
        """Processes still inside our namespace were started by us (e.g. a server's forked children)."""
        done = ip("netns", "pids", self.name, check=False)
        for word in done.stdout.split():
            if word.isdigit() and int(word) != os.getpid():
                terminate(int(word), grace=1.0)

    # -- processes ------------------------------------------------------------------------------------------------
    def exec_prefix(self):
        """Prepend to a command to run it inside the namespace."""
        return [IP, "netns", "exec", self.name]

    def run(self, cmd, check=True, timeout=60, **kwargs):
        """Runs a command inside the namespace to completion; returns the CompletedProcess (text output)."""
        kwargs.setdefault("capture_output", True)
        kwargs.setdefault("text", True)
        done = subprocess.run(self.exec_prefix() + [str(c) for c in cmd], timeout=timeout, **kwargs)
        if check and done.returncode != 0:
            raise NetnsError(f"in {self.name}: {' '.join(map(str, cmd))} failed ({done.returncode}):\n"
                             f"{done.stdout}{done.stderr}")
        return done

    def popen(self, cmd, **kwargs):
        """Starts a background process inside the namespace, in its own process group; recorded for close()."""
        kwargs.setdefault("stdin", subprocess.DEVNULL)
        kwargs.setdefault("start_new_session", True)
        p = subprocess.Popen(self.exec_prefix() + [str(c) for c in cmd], **kwargs)
        self.popens.append(p)
        self.track(p.pid, group=kwargs["start_new_session"])
        return p

    def track(self, pid, group=False):
        """Records a process started elsewhere (e.g. by pexpect) so close() kills it."""
        self.pids.append((pid, group))

    # -- links and addresses --------------------------------------------------------------------------------------
    def ip(self, *args, check=True):
        """`ip -n NS ARGS...`"""
        return ip(*args, check=check, netns=self.name)

    def configure(self, dev, cidr=None):
        if cidr:
            self.ip("addr", "add", cidr, "dev", dev)
        self.ip("link", "set", dev, "up")

    def add_tap(self, dev="tap0", cidr=None):
        """A persistent tap inside the namespace for QEMU's `-netdev tap,ifname=DEV,script=no,downscript=no`."""
        self.ip("tuntap", "add", "dev", dev, "mode", "tap")
        self.configure(dev, cidr)
        return dev

    def add_root_tap(self):
        """A persistent tap in the root namespace (to move in later with move_link); recorded until moved."""
        dev = unique_ifname()
        ip("tuntap", "add", "dev", dev, "mode", "tap")
        self.root_links.append(dev)
        return dev

    def move_link(self, dev, cidr=None):
        """Moves a root-namespace link in (the move drops its addresses and sets it down), then configures it."""
        ip("link", "set", dev, "netns", self.name)
        if dev in self.root_links:
            self.root_links.remove(dev)
        self.configure(dev, cidr)
        return dev

    def add_veth(self, inside="veth0", cidr=None, outside=None, outside_cidr=None, peer=None):
        """A veth pair: `inside` here, the other end in the root namespace or in `peer` (another Namespace).
        Deleting either end deletes both, so deleting our namespace cleans the pair up."""
        outside = outside or unique_ifname("kv")
        if peer is None:
            ip("link", "add", outside, "type", "veth", "peer", "name", inside, "netns", self.name)
            self.root_links.append(outside)
            if outside_cidr:
                ip("addr", "add", outside_cidr, "dev", outside)
            ip("link", "set", outside, "up")
        else:
            self.ip("link", "add", inside, "type", "veth", "peer", "name", outside, "netns", peer.name)
            peer.configure(outside, outside_cidr)
        self.configure(inside, cidr)
        return inside, outside

    def wait_link(self, dev, timeout=10.0):
        """Waits for an interface to appear in the namespace (e.g. a tap QEMU creates itself)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.ip("link", "show", dev, check=False).returncode == 0:
                return True
            time.sleep(0.05)
        return False
