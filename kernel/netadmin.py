"""Network administration beyond addresses and routes: the firewall and NAT
from the shell, the command line and userland (`fw` and `nat`, iptables-like,
net/guard.py; `fw=`/`nat=` at boot; the netadmin syscall, through which a
script started with `sudo` may run them while others get EPERM, as without
CAP_NET_ADMIN on Linux), and the netstats syscall (the stack's counters, for
httpd's /stats; reading them needs no privilege, like /proc/net/snmp)."""
from kernel import sched, shell, syscall
from net import guard, nat, stats

EPERM = 1


def configure(args):
    """Applies fw= and nat= from the kernel command line; bad items are reported."""
    with sched.critical():
        errors = []
        if "fw" in args:
            errors += guard.boot_rules(args["fw"])
        if "nat" in args:
            errors += nat.boot_rules(args["nat"])
    for error in errors:
        print(f"net: {error}")


@shell.register("fw", "the packet filter, iptables-like: fw -L | -A/-I/-D/-P/-F CHAIN ... | conntrack | stats")
def cmd_fw(args):
    with sched.critical():
        text = guard.command(args)
    print(text, end="")


@shell.register("nat", "NAT rules, iptables -t nat-like: nat -L | -A POSTROUTING -o IF -j MASQUERADE | ...")
def cmd_nat(args):
    with sched.critical():
        text = nat.command(args)
    print(text, end="")


@syscall.register(syscall.SYS_NETADMIN, "netadmin", (list,))
def sys_netadmin(proc, words):
    """["fw" | "nat", words...] -> the command's output; EPERM unless the process may administer the network."""
    if proc is None or not proc.net_admin:
        raise syscall.Error(EPERM)
    for word in words:
        if not isinstance(word, str):
            raise syscall.Error(syscall.EINVAL)
    with sched.critical():
        return guard.admin(words)


@syscall.register(syscall.SYS_NETSTATS, "netstats", ())
def sys_netstats(proc):
    """[(layer, counter, value)] of every counter `netstat -s` shows."""
    with sched.critical():
        snapshot = stats.snapshot()
    return [(layer, key, value) for layer, table in snapshot.items() for key, value in table.items()]
