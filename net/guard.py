"""net_guard: the stateful packet filter, its rules and counters, and the hooks
net.ip calls (netfilter's order); NAT mechanics are in net.nat, connection
tracking in net.conntrack.

Tables and chains (iptables' names): filter has INPUT (datagrams delivered
here), FORWARD (routed through) and OUTPUT (sent from here), each with a
policy ACCEPT or DROP; nat has PREROUTING (DNAT) and POSTROUTING (SNAT,
MASQUERADE), whose policy is always ACCEPT. Rules are tried in order; the
first whose matches all hold decides (a rule without -j only counts). Each
rule counts the packets and bytes (IP total length) it matched, each policy
those it decided. nat rules only see the first packet of each connection.

Hooks. Each returns ACCEPT (0), DROP (1) or REJECT (2); anything but ACCEPT
means the caller drops the datagram (releasing pkb, as it does for its own
drops); for REJECT the TCP RST or ICMP error was already sent. `pkb` is the
datagram's buffer, `hdr` its net.ip.Header with `offset` set (the hooks read
and rewrite pkb.mem[hdr.offset:hdr.offset + hdr.total_len]); None for hdr
means "parse it from pkb's window", for locally built datagrams. Every hook
returns at once when `guard.active` is False (no rule, every policy ACCEPT),
so the caller may also test `guard.active` itself and skip the calls.
  prerouting(iface, pkb, hdr)  every received datagram, after its header
      checks and the martian tests, BEFORE the routing decision (is_local /
      broadcast / forward). Tracks the connection and applies DNAT (and the
      reverse translation of replies to source-NATed flows): it may rewrite
      the destination address and port, and updates hdr.dst (hdr.src and
      hdr.dst are kept in step with every rewrite; hdr.fields is not), so the
      routing decision that follows must read hdr.dst again.
  input(iface, pkb, hdr)  datagrams for this host, after prerouting, before
      the protocol handler. Filter INPUT; confirms the connection.
  forward(in_iface, out_iface, pkb, hdr)  forwarded datagrams, after the
      route lookup, the TTL and MTU checks and the TTL decrement (Linux's
      order: an expiring datagram gets its time-exceeded whatever FORWARD
      says). Filter FORWARD.
  output(out_iface, pkb, hdr=None)  datagrams built here (transport, ICMP,
      the guard's own rejects), once the IP header is written and the route
      chosen. Tracks the connection, translates replies of NATed flows,
      filter OUTPUT. On DROP/REJECT ip.output returns EPERM (1), as Linux.
  postrouting(out_iface, pkb, hdr=None)  every datagram leaving, forwarded or
      local, after output/forward, BEFORE fragmentation and ARP. Applies
      SNAT / MASQUERADE (may rewrite the source address and port; hdr.src is
      updated) and confirms the connection; DROP when no NAT port is left
      (an ICMP administratively-prohibited went to the sender), when the
      connection table is full, or when an INVALID packet (untracked, so
      untranslatable) would have been source-NATed: it would leak an inside
      address.
  defrag(iface, pkb, hdr) -> (pkb, hdr)  reassembly for prerouting, below.

Fragments: connection tracking and NAT need whole datagrams, so while
`guard.active` net.ip reassembles every fragmented datagram before
prerouting (guard.defrag wraps net.reasm and reparses the header), like
Linux's nf_defrag_ipv4. Forwarding then re-fragments to the outgoing MTU
(ip._forward already does when DF is clear). A fragment that reaches a hook
anyway is INVALID, never NATed, and matches no port, --syn or --icmp-type
rule (it can still match addresses, protocol and interfaces).

Where net.ip calls them (pseudo-diff of net/ip.py, as it is being optimised):
    def input(iface, pkb):
        ...parse, trim, martian source check...
  +     if guard.active:
  +         if hdr.flags & (FLAG_MF | OFFSET_MASK):          # hdr.is_fragment()
  +             pkb, hdr = guard.defrag(iface, pkb, hdr)
  +             if pkb is None:
  +                 return
  +         if guard.prerouting(iface, pkb, hdr):
  +             pkb.release()
  +             return
  +         dst = hdr.dst                                   # DNAT may have changed it: re-read the local
        if dst in _local or (looped and dst >> 24 == 127):
            _deliver(iface, pkb, hdr)
        ...
    def _deliver(iface, pkb, hdr):
        ...reassembly (unchanged: no fragment arrives here while active)...
  +     if guard.active and guard.input(iface, pkb, hdr):     # before the demux, as LOCAL_IN
  +         pkb.release()
  +         return
        handler = _protocols.get(hdr.proto)
        ...
    def _forward(iface, pkb, hdr):
        ...martian, ttl check, route lookup (out), frag-needed check...
        _decrement_ttl(view)
  +     if guard.active and (guard.forward(iface, out, pkb, hdr) or guard.postrouting(out, pkb, hdr)):
  +         pkb.release()
  +         return
        stats.inc("ip", "forwarded")
        ...
    def output(pkb, src, dst, proto, ...):
        ...route lookup (iface, next_hop), source selection, flags, total_len, mtu...
  +     if guard.active:      # the header goes in front even when fragmenting: the hooks see it whole
  +         if total_len > 65535 or (df and total_len > mtu):
  +             ...the existing EMSGSIZE path...
  +         write_header(pkb.push(HEADER_LEN), HEADER_LEN, tos, total_len, _new_ident(), flags, ttl,
  +                      proto, src, dst)
  +         if guard.output(iface, pkb) or guard.postrouting(iface, pkb):
  +             pkb.release()
  +             return EPERM                                  # 1
  +         if total_len <= mtu:
  +             _to_link(iface, next_hop, dst, pkb)           # dst and next_hop are unchanged
  +             return 0
  +         header = bytes(pkb.pull(HEADER_LEN))              # holds the translated source
  +         return _fragment(pkb, header, iface, next_hop, dst, iface.mtu)
        ...the existing code, unchanged, when not active...
    def _loopback(...):
        after write_header: the same guard.output / guard.postrouting pair with out_iface = lo
        (None when there is no lo: the hooks call it "lo") before lo.transmit / the timer; the
        datagram then comes back through input -> prerouting -> input, as on Linux.
Senders: REJECT uses `icmp_error_sender(orig_view, type, code, info)` (None:
net.icmp.send_error) and `ip_output(pkb, src, dst, proto)` for TCP RSTs
(None: net.ip.output); the kernel needs no wiring, tests may replace them.
The hooks keep the packet being processed in a one-entry slot, so the hooks
after the first reuse its parse and tracking; hooks may be re-entered (a
reject sent from inside one goes through output/postrouting itself).

Conntrack runs only while a rule needs it (a --state match, or any nat
rule); when none does, the table and the NAT mappings are emptied. Policy and
rule counters count only while the guard is active.

Commands (`fw` and `nat` in the shell; `admin(words)` for the syscall):
  fw [-t filter|nat] -A CHAIN RULE | -I CHAIN [N] RULE | -D CHAIN N|RULE |
     -R CHAIN N RULE | -P CHAIN ACCEPT|DROP | -F [CHAIN] | -Z [CHAIN] |
     -L [CHAIN] [-v] [-n] [-x] [--line-numbers] | -S [CHAIN]
  fw conntrack [-F]     the tracked connections (or forget them)
  fw stats              guard, conntrack and NAT counters
  nat ...               the same words for the nat table
RULE: [!] -p tcp|udp|icmp|all|N, [!] -s CIDR, [!] -d CIDR, [!] -i IF, [!] -o IF
  (IF+ matches a prefix), [!] --sport P[:P], [!] --dport P[:P] (with -p tcp/udp;
  P-P also accepted), --syn (-p tcp), [!] --icmp-type NAME|T[/C] (-p icmp),
  -m state|conntrack [!] --state|--ctstate NEW,ESTABLISHED,RELATED,INVALID,
  -m tcp|udp|icmp (accepted, no effect), -j TARGET:
  filter: ACCEPT, DROP, REJECT [--reject-with icmp-port-unreachable (default) |
    icmp-net-unreachable | icmp-host-unreachable | icmp-proto-unreachable |
    icmp-net-prohibited | icmp-host-prohibited | icmp-admin-prohibited |
    tcp-reset (-p tcp)];
  nat PREROUTING: DNAT --to-destination|--to ADDR[:PORT], ACCEPT (no NAT);
  nat POSTROUTING: SNAT --to-source|--to ADDR[:PORT[-PORT]], MASQUERADE
    [--to-ports PORT[-PORT]], ACCEPT.
-i is refused in OUTPUT/POSTROUTING and -o in INPUT/PREROUTING. Chain and
target names may be given in any case.

Kernel command line: `fw=ITEM;ITEM;...` (filter) and `nat=ITEM;...` (nat),
one word each, applied in order (boot_rules(text) / nat.boot_rules(text);
the parameters may also repeat, each applied as it comes). An ITEM is
  CHAIN:POLICY                        fw=FORWARD:DROP
  the command's words joined by ","   FORWARD,-p,icmp,-j,ACCEPT  (-A is implied
                                      when the first word is a chain; -I,... works)
with "/" instead of "," inside a state list:
  fw=FORWARD:DROP;FORWARD,-m,state,--state,ESTABLISHED/RELATED,-j,ACCEPT;FORWARD,-p,tcp,--dport,80,-j,ACCEPT
  nat=POSTROUTING,-o,eth1,-j,MASQUERADE;PREROUTING,-i,eth1,-p,tcp,--dport,8080,-j,DNAT,--to,10.1.0.2:80
"""
import struct
import inet
from net import addr, conntrack, nat, stats
from net.pkbuf import PacketBuffer

ACCEPT = 0
DROP = 1
REJECT = 2
_VERDICTS = {"ACCEPT": ACCEPT, "DROP": DROP, "REJECT": REJECT}

PROTO_ICMP = 1
PROTO_TCP = 6
PROTO_UDP = 17
TCP_FIN = 0x01
TCP_SYN = 0x02
TCP_RST = 0x04
TCP_ACK = 0x10
ICMP_DEST_UNREACH = 3
CODE_ADMIN_PROHIBITED = 13

_PROTO_NAMES = {"all": 0, "tcp": PROTO_TCP, "udp": PROTO_UDP, "icmp": PROTO_ICMP}
_PROTO_BY_NUMBER = {0: "all", PROTO_TCP: "tcp", PROTO_UDP: "udp", PROTO_ICMP: "icmp"}
_REJECT_CODES = {"icmp-net-unreachable": 0, "icmp-host-unreachable": 1, "icmp-proto-unreachable": 2,
                 "icmp-port-unreachable": 3, "icmp-net-prohibited": 9, "icmp-host-prohibited": 10,
                 "icmp-admin-prohibited": 13, "tcp-reset": -1}
_ICMP_TYPE_NAMES = {"echo-reply": (0, -1), "destination-unreachable": (3, -1), "network-unreachable": (3, 0),
                    "host-unreachable": (3, 1), "protocol-unreachable": (3, 2), "port-unreachable": (3, 3),
                    "fragmentation-needed": (3, 4), "communication-prohibited": (3, 13),
                    "source-quench": (4, -1), "redirect": (5, -1), "echo-request": (8, -1),
                    "router-advertisement": (9, -1), "router-solicitation": (10, -1),
                    "time-exceeded": (11, -1), "ttl-zero-during-transit": (11, 0),
                    "ttl-zero-during-reassembly": (11, 1), "parameter-problem": (12, -1),
                    "timestamp-request": (13, -1), "timestamp-reply": (14, -1),
                    "address-mask-request": (17, -1), "address-mask-reply": (18, -1)}
_STATE_BITS = {"NEW": conntrack.NEW, "ESTABLISHED": conntrack.ESTABLISHED, "RELATED": conntrack.RELATED,
               "INVALID": conntrack.INVALID, "UNTRACKED": conntrack.UNTRACKED}

_COMMANDS = {"-A": "A", "--append": "A", "-I": "I", "--insert": "I", "-D": "D", "--delete": "D",
             "-R": "R", "--replace": "R", "-P": "P", "--policy": "P", "-F": "F", "--flush": "F",
             "-Z": "Z", "--zero": "Z", "-L": "L", "--list": "L", "-S": "S", "--list-rules": "S",
             "-h": "H", "--help": "H"}
_OPTIONS = {"-p": "-p", "--protocol": "-p", "-s": "-s", "--source": "-s", "--src": "-s",
            "-d": "-d", "--destination": "-d", "--dst": "-d", "-i": "-i", "--in-interface": "-i",
            "-o": "-o", "--out-interface": "-o", "--sport": "--sport", "--source-port": "--sport",
            "--dport": "--dport", "--destination-port": "--dport", "--state": "--state",
            "--ctstate": "--state", "--icmp-type": "--icmp-type", "--syn": "--syn", "-m": "-m",
            "--match": "-m", "-j": "-j", "--jump": "-j", "--reject-with": "--reject-with",
            "--to-destination": "--to-destination", "--to-source": "--to-source", "--to": "--to",
            "--to-ports": "--to-ports"}
_NEGATABLE = ("-p", "-s", "-d", "-i", "-o", "--sport", "--dport", "--state", "--icmp-type")
_LIST_FLAGS = ("-v", "--verbose", "-n", "--numeric", "-x", "--exact", "--line-numbers")
_MODULES = ("state", "conntrack", "tcp", "udp", "icmp")
_TABLE_CHAINS = {"filter": ("INPUT", "FORWARD", "OUTPUT"), "nat": ("PREROUTING", "POSTROUTING")}
_TARGETS = {"INPUT": ("ACCEPT", "DROP", "REJECT"), "FORWARD": ("ACCEPT", "DROP", "REJECT"),
            "OUTPUT": ("ACCEPT", "DROP", "REJECT"), "PREROUTING": ("DNAT", "ACCEPT"),
            "POSTROUTING": ("SNAT", "MASQUERADE", "ACCEPT")}
_NO_IN = ("OUTPUT", "POSTROUTING")
_NO_OUT = ("INPUT", "PREROUTING")

USAGE = """usage: fw [-t filter|nat] COMMAND            (nat ...: the same for the nat table)
  -A CHAIN RULE            append            -I CHAIN [N] RULE    insert (at 1 by default)
  -D CHAIN N|RULE          delete            -R CHAIN N RULE      replace
  -P CHAIN ACCEPT|DROP     policy            -F [CHAIN]           flush the rules
  -Z [CHAIN]               zero counters     -S [CHAIN]           rules as commands
  -L [CHAIN] [-x] [--line-numbers]           rules with packet and byte counters
  conntrack [-F]           tracked connections (-F: forget them)
  stats                    guard, conntrack and NAT counters
RULE: [!] -p tcp|udp|icmp|all|N  [!] -s CIDR  [!] -d CIDR  [!] -i IF[+]  [!] -o IF[+]
      [!] --sport P[:P]  [!] --dport P[:P]  --syn  [!] --icmp-type NAME|T[/C]
      -m state [!] --state NEW,ESTABLISHED,RELATED,INVALID
      -j ACCEPT | DROP | REJECT [--reject-with icmp-port-unreachable|icmp-host-prohibited|tcp-reset|...]
nat:  PREROUTING -j DNAT --to ADDR[:PORT]     POSTROUTING -j SNAT --to-source ADDR[:P-P]
      POSTROUTING -j MASQUERADE [--to-ports P-P]      (-j ACCEPT: no NAT)
"""


class RuleError(ValueError):
    """Bad fw/nat input; the message names what is wrong."""


class Chain:
    def __init__(self, name, table):
        self.name = name
        self.table = table
        self.policy = "ACCEPT"
        self.verdict = ACCEPT
        self.rules = []
        self.packets = 0
        self.bytes = 0


class Rule:
    """A parsed fw/nat command line: the command (op, chain, index, policy) and, for -A/-I/-D/-R,
    the rule itself: its matches, target and counters."""

    def __init__(self, table):
        self.table = table
        self.op = None              # "A" "I" "D" "R" "P" "F" "Z" "L" "S" "H"
        self.chain = None
        self.index = 0              # -I/-D/-R rule number (1-based), 0 when not given
        self.policy = None
        self.exact = False          # -L -x
        self.line_numbers = False
        self.has_spec = False       # any match or target given
        self.proto = -1             # -1: any
        self.proto_neg = False
        self.src = 0
        self.src_len = -1           # -1: any
        self.src_mask = 0
        self.src_neg = False
        self.dst = 0
        self.dst_len = -1
        self.dst_mask = 0
        self.dst_neg = False
        self.in_iface = None
        self.in_prefix = False
        self.in_neg = False
        self.out_iface = None
        self.out_prefix = False
        self.out_neg = False
        self.sport_lo = -1
        self.sport_hi = -1
        self.sport_neg = False
        self.dport_lo = -1
        self.dport_hi = -1
        self.dport_neg = False
        self.syn = False
        self.icmp_type = -1
        self.icmp_code = -1
        self.icmp_neg = False
        self.states = 0
        self.states_neg = False
        self.state_module = "state"
        self.target = None
        self.verdict = -1           # filter targets: ACCEPT/DROP/REJECT; -1: count only / nat
        self.reject_name = None
        self.reject_code = 3
        self.to_addr = 0
        self.to_port_lo = -1
        self.to_port_hi = -1
        self.packets = 0
        self.bytes = 0

    def matches(self, pkt, in_name, out_name):
        if self.proto > 0 and (pkt.proto == self.proto) == self.proto_neg:
            return False
        if self.src_len >= 0 and ((pkt.src & self.src_mask) == self.src) == self.src_neg:
            return False
        if self.dst_len >= 0 and ((pkt.dst & self.dst_mask) == self.dst) == self.dst_neg:
            return False
        if self.in_iface is not None and _iface_hit(in_name, self.in_iface, self.in_prefix) == self.in_neg:
            return False
        if self.out_iface is not None and _iface_hit(out_name, self.out_iface, self.out_prefix) == self.out_neg:
            return False
        if self.sport_lo >= 0:
            if not pkt.ports_ok or (self.sport_lo <= pkt.sport <= self.sport_hi) == self.sport_neg:
                return False
        if self.dport_lo >= 0:
            if not pkt.ports_ok or (self.dport_lo <= pkt.dport <= self.dport_hi) == self.dport_neg:
                return False
        if self.syn and (not pkt.ports_ok or pkt.flags & (TCP_FIN | TCP_SYN | TCP_RST | TCP_ACK) != TCP_SYN):
            return False
        if self.icmp_type >= 0:
            if not pkt.ports_ok:
                return False
            hit = pkt.icmp_type == self.icmp_type and (self.icmp_code < 0 or pkt.icmp_code == self.icmp_code)
            if hit == self.icmp_neg:
                return False
        if self.states and ((pkt.state & self.states) != 0) == self.states_neg:
            return False
        return True

    def spec(self):
        """The rule's matches and target as words, iptables -S style (without -A CHAIN)."""
        words = []
        if self.src_len >= 0:
            words += _neg(self.src_neg) + ["-s", _fmt_net(self.src, self.src_len, True)]
        if self.dst_len >= 0:
            words += _neg(self.dst_neg) + ["-d", _fmt_net(self.dst, self.dst_len, True)]
        if self.in_iface is not None:
            words += _neg(self.in_neg) + ["-i", self.in_iface + ("+" if self.in_prefix else "")]
        if self.out_iface is not None:
            words += _neg(self.out_neg) + ["-o", self.out_iface + ("+" if self.out_prefix else "")]
        if self.proto >= 0:
            words += _neg(self.proto_neg) + ["-p", _PROTO_BY_NUMBER.get(self.proto, str(self.proto))]
        if self.sport_lo >= 0:
            words += _neg(self.sport_neg) + ["--sport", _fmt_range(self.sport_lo, self.sport_hi, ":")]
        if self.dport_lo >= 0:
            words += _neg(self.dport_neg) + ["--dport", _fmt_range(self.dport_lo, self.dport_hi, ":")]
        if self.syn:
            words.append("--syn")
        if self.icmp_type >= 0:
            code = f"/{self.icmp_code}" if self.icmp_code >= 0 else ""
            words += _neg(self.icmp_neg) + ["--icmp-type", f"{self.icmp_type}{code}"]
        if self.states:
            option = "--ctstate" if self.state_module == "conntrack" else "--state"
            words += ["-m", self.state_module] + _neg(self.states_neg) + [option, _fmt_states(self.states)]
        if self.target is not None:
            words += ["-j", self.target]
        if self.reject_name is not None:
            words += ["--reject-with", self.reject_name]
        if self.target == "DNAT":
            words += ["--to-destination", _fmt_to(self.to_addr, self.to_port_lo, self.to_port_hi)]
        elif self.target == "SNAT":
            words += ["--to-source", _fmt_to(self.to_addr, self.to_port_lo, self.to_port_hi)]
        elif self.target == "MASQUERADE" and self.to_port_lo >= 0:
            words += ["--to-ports", _fmt_range(self.to_port_lo, self.to_port_hi, "-")]
        return words


def _neg(flag):
    return ["!"] if flag else []


def _iface_hit(name, want, prefix):
    if name is None:
        return False
    return name.startswith(want) if prefix else name == want


# --- the tables --------------------------------------------------------------------------------

_input = Chain("INPUT", "filter")
_forward = Chain("FORWARD", "filter")
_output = Chain("OUTPUT", "filter")
_prerouting = Chain("PREROUTING", "nat")
_postrouting = Chain("POSTROUTING", "nat")
_tables = {"filter": {"INPUT": _input, "FORWARD": _forward, "OUTPUT": _output},
           "nat": {"PREROUTING": _prerouting, "POSTROUTING": _postrouting}}

active = False              # any rule or a non-ACCEPT policy: the hooks have work to do
_need_ct = False            # a rule matches states, or NAT is configured
_nat_pre = False
_nat_post = False
icmp_error_sender = None    # fn(orig_view, type, code, info); None: net.icmp.send_error
ip_output = None            # fn(pkb, src, dst, proto); None: net.ip.output
_slot_pkb = None            # the datagram the hooks are processing, and its parse
_slot_pkt = None


def chain(name, table="filter"):
    return _tables[table][name]


def _changed():
    """Recomputes what the hooks must do after any rule or policy change."""
    global active, _need_ct, _nat_pre, _nat_post
    busy = False
    need = False
    for chains in _tables.values():
        for ch in chains.values():
            if ch.rules or ch.verdict != ACCEPT:
                busy = True
            for rule in ch.rules:
                if rule.states:
                    need = True
    _nat_pre = len(_prerouting.rules) > 0
    _nat_post = len(_postrouting.rules) > 0
    if _nat_pre or _nat_post:
        need = True
    _need_ct = need
    active = busy
    if not need:
        conntrack.flush()
        nat.reset()


def reset():
    """No rules, every policy ACCEPT, counters zero, nothing tracked (tests, and the kernel at boot)."""
    global icmp_error_sender, ip_output
    for chains in _tables.values():
        for ch in chains.values():
            ch.rules = []
            ch.policy = "ACCEPT"
            ch.verdict = ACCEPT
            ch.packets = 0
            ch.bytes = 0
    icmp_error_sender = None
    ip_output = None
    _clear()
    conntrack.reset()
    nat.reset()
    _changed()


# --- parsing -----------------------------------------------------------------------------------

def parse_rule(words, table="filter"):
    """Parses fw/nat words (iptables syntax, see the module doc) into a Rule; raises RuleError."""
    words = list(words)
    if words and (words[0] == "fw" or words[0] == "nat"):
        if words[0] == "nat":
            table = "nat"
        words = words[1:]
    rest = []
    i = 0
    while i < len(words):
        if words[i] == "-t" or words[i] == "--table":
            if i + 1 >= len(words):
                raise RuleError(f"option '{words[i]}' needs a value")
            table = words[i + 1]
            i += 2
        else:
            rest.append(words[i])
            i += 1
    if table not in _tables:
        raise RuleError(f"unknown table '{table}' (filter or nat)")
    return _Parser(rest, table).parse()


class _Parser:
    def __init__(self, words, table):
        self.words = words
        self.i = 0
        self.table = table
        self.rule = Rule(table)
        self.seen = {}
        self.to_text = None
        self.modules = []

    def next_value(self, option):
        if self.i >= len(self.words):
            raise RuleError(f"option '{option}' needs a value")
        value = self.words[self.i]
        self.i += 1
        return value

    def optional_word(self):
        if self.i < len(self.words):
            word = self.words[self.i]
            if word and word[0] != "-" and word != "!":
                self.i += 1
                return word
        return None

    def parse(self):
        rule = self.rule
        negate = False
        while self.i < len(self.words):
            word = self.words[self.i]
            self.i += 1
            if word == "!":
                if negate:
                    raise RuleError("'!' twice in a row")
                negate = True
                continue
            if word in _COMMANDS:
                if negate:
                    raise RuleError(f"'!' cannot negate {word}")
                self.command(word, _COMMANDS[word])
                continue
            if word in _LIST_FLAGS:
                if negate:
                    raise RuleError(f"'!' cannot negate {word}")
                if word == "-x" or word == "--exact":
                    rule.exact = True
                elif word == "--line-numbers":
                    rule.line_numbers = True
                continue
            option = _OPTIONS.get(word)
            if option is None:
                raise RuleError(f"unknown option '{word}'" if word.startswith("-")
                                else f"unexpected word '{word}'")
            if negate and option not in _NEGATABLE:
                raise RuleError(f"'!' cannot negate {word}")
            if option != "-m":
                if option in self.seen:
                    raise RuleError(f"{word} given twice")
                self.seen[option] = True
            rule.has_spec = True
            self.option(word, option, negate)
            negate = False
        if negate:
            raise RuleError("'!' at the end: nothing to negate")
        self.check()
        return rule

    def command(self, word, op):
        rule = self.rule
        if rule.op is not None:
            raise RuleError(f"only one command at a time ({word} after -{rule.op})")
        rule.op = op
        if op == "H":
            return
        if op in ("F", "Z", "L", "S"):
            name = self.optional_word()
            if name is not None:
                rule.chain = self.chain_name(name)
            return
        rule.chain = self.chain_name(self.next_value(word))
        if op == "P":
            rule.policy = self.next_value(word).upper()
        elif op == "I" or op == "D" or op == "R":
            if self.i < len(self.words) and self.words[self.i].isdigit():
                rule.index = self.rule_number(self.words[self.i])
                self.i += 1
            elif op == "R":
                raise RuleError("-R needs a rule number")

    def chain_name(self, name):
        upper = name.upper()
        chains = _TABLE_CHAINS[self.table]
        if upper not in chains:
            raise RuleError(f"unknown chain '{name}' (the {self.table} table has {', '.join(chains)})")
        return upper

    def rule_number(self, text):
        number = int(text)
        if number < 1:
            raise RuleError(f"bad rule number '{text}' (rules count from 1)")
        return number

    def option(self, word, option, negate):
        rule = self.rule
        if option == "--syn":
            rule.syn = True
            return
        value = self.next_value(word)
        if option == "-p":
            rule.proto = _parse_proto(value)
            rule.proto_neg = negate
        elif option == "-s":
            rule.src, rule.src_len = _parse_net(value, word)
            rule.src_mask = addr.prefix_mask(rule.src_len)
            rule.src_neg = negate
        elif option == "-d":
            rule.dst, rule.dst_len = _parse_net(value, word)
            rule.dst_mask = addr.prefix_mask(rule.dst_len)
            rule.dst_neg = negate
        elif option == "-i":
            rule.in_iface, rule.in_prefix = _parse_iface(value)
            rule.in_neg = negate
        elif option == "-o":
            rule.out_iface, rule.out_prefix = _parse_iface(value)
            rule.out_neg = negate
        elif option == "--sport":
            rule.sport_lo, rule.sport_hi = _parse_ports(value, word)
            rule.sport_neg = negate
        elif option == "--dport":
            rule.dport_lo, rule.dport_hi = _parse_ports(value, word)
            rule.dport_neg = negate
        elif option == "--state":
            rule.states = _parse_states(value)
            rule.states_neg = negate
            if word == "--ctstate":
                rule.state_module = "conntrack"
        elif option == "--icmp-type":
            rule.icmp_type, rule.icmp_code = _parse_icmp_type(value)
            rule.icmp_neg = negate
        elif option == "-m":
            module = value.lower()
            if module not in _MODULES:
                raise RuleError(f"unknown match module '{value}' (state, conntrack, tcp, udp, icmp)")
            self.modules.append(module)
            if module == "conntrack":
                rule.state_module = "conntrack"
        elif option == "-j":
            rule.target = value.upper()
        elif option == "--reject-with":
            name = value.lower()
            if name == "tcp-rst":
                name = "tcp-reset"
            if name not in _REJECT_CODES:
                raise RuleError(f"bad --reject-with '{value}' (tcp-reset or icmp-port-unreachable, "
                                "icmp-host-prohibited, icmp-net-unreachable, ...)")
            rule.reject_name = name
            rule.reject_code = _REJECT_CODES[name]
        elif option == "--to-ports":
            rule.to_port_lo, rule.to_port_hi = _parse_ports(value, word, "-")
        else:                                   # --to, --to-destination, --to-source
            self.to_text = (option, value)

    def check(self):
        rule = self.rule
        op = rule.op
        if op is None:
            raise RuleError("no command given (-A, -I, -D, -R, -P, -F, -Z, -L or -S)")
        if op == "H":
            return
        if op == "D" and not rule.index and not rule.has_spec:
            raise RuleError("-D needs a rule number or the rule to delete")
        if op in ("P", "F", "Z", "L", "S") or (op == "D" and rule.index):
            if rule.has_spec:
                raise RuleError(f"-{op} takes no rule options" if op != "D"
                                else "-D takes a rule number or a rule, not both")
            if op == "P":
                if rule.policy not in ("ACCEPT", "DROP"):
                    raise RuleError(f"bad policy '{rule.policy}' (ACCEPT or DROP)")
                if self.table == "nat" and rule.policy != "ACCEPT":
                    raise RuleError("the nat table's policies are always ACCEPT")
            return
        self.check_rule()

    def check_rule(self):
        rule = self.rule
        name = rule.chain
        if rule.in_iface is not None and name in _NO_IN:
            raise RuleError(f"-i cannot be used in the {name} chain (no input interface there)")
        if rule.out_iface is not None and name in _NO_OUT:
            raise RuleError(f"-o cannot be used in the {name} chain (no output interface yet)")
        ports_ok = rule.proto in (PROTO_TCP, PROTO_UDP) and not rule.proto_neg
        if (rule.sport_lo >= 0 or rule.dport_lo >= 0) and not ports_ok:
            raise RuleError("--sport/--dport need -p tcp or -p udp")
        if rule.syn and (rule.proto != PROTO_TCP or rule.proto_neg):
            raise RuleError("--syn needs -p tcp")
        if rule.icmp_type >= 0 and (rule.proto != PROTO_ICMP or rule.proto_neg):
            raise RuleError("--icmp-type needs -p icmp")
        if ("state" in self.modules or "conntrack" in self.modules) and not rule.states:
            raise RuleError("-m state needs --state")
        target = rule.target
        if target is not None:
            allowed = _TARGETS[name]
            if target not in allowed:
                raise RuleError(f"target '{target}' is not valid in the {name} chain ({', '.join(allowed)})")
            if self.table == "filter":
                rule.verdict = _VERDICTS[target]
        if rule.reject_name is not None:
            if target != "REJECT":
                raise RuleError("--reject-with needs -j REJECT")
            if rule.reject_code < 0 and (rule.proto != PROTO_TCP or rule.proto_neg):
                raise RuleError("--reject-with tcp-reset needs -p tcp")
        if rule.to_port_lo >= 0:
            if target != "MASQUERADE":
                raise RuleError("--to-ports needs -j MASQUERADE")
            if not ports_ok:
                raise RuleError("--to-ports needs -p tcp or -p udp")
        self.check_to(target, ports_ok)

    def check_to(self, target, ports_ok):
        rule = self.rule
        given = self.to_text
        if target == "DNAT" or target == "SNAT":
            wanted = "--to-destination" if target == "DNAT" else "--to-source"
            if given is None:
                raise RuleError(f"-j {target} needs {wanted} ADDRESS")
            if given[0] != "--to" and given[0] != wanted:
                raise RuleError(f"{given[0]} does not go with -j {target} (use {wanted})")
            rule.to_addr, rule.to_port_lo, rule.to_port_hi = _parse_to(given[1], target == "SNAT")
            if rule.to_port_lo >= 0 and not ports_ok:
                raise RuleError(f"a port in {wanted} needs -p tcp or -p udp")
        elif given is not None:
            raise RuleError(f"{given[0]} needs -j DNAT or -j SNAT")


def _parse_proto(text):
    lower = text.lower()
    if lower in _PROTO_NAMES:
        return _PROTO_NAMES[lower]
    if text.isdigit() and int(text) <= 255:
        return int(text)
    raise RuleError(f"unknown protocol '{text}' (tcp, udp, icmp, all or 0-255)")


def _parse_net(text, option):
    try:
        address, prefix_len = addr.parse_cidr(text)
        mask = addr.prefix_mask(prefix_len)
    except ValueError:
        raise RuleError(f"bad address '{text}' for {option} (want A.B.C.D or A.B.C.D/N)")
    return address & mask, prefix_len


def _parse_iface(text):
    prefix = text.endswith("+")
    name = text[:-1] if prefix else text
    if len(name) > 15 or (not name and not prefix) or "/" in name or "," in name:
        raise RuleError(f"bad interface name '{text}'")
    return name, prefix


def _parse_port(text, option):
    if not text.isdigit() or int(text) > 65535:
        raise RuleError(f"bad port '{text}' for {option} (0-65535)")
    return int(text)


def _parse_ports(text, option, separators=":-"):
    sep = -1
    for ch in separators:
        sep = text.find(ch)
        if sep >= 0:
            break
    if sep < 0:
        port = _parse_port(text, option)
        return port, port
    lo_text = text[:sep]
    hi_text = text[sep + 1:]
    lo = _parse_port(lo_text, option) if lo_text else 0
    hi = _parse_port(hi_text, option) if hi_text else 65535
    if lo > hi:
        raise RuleError(f"bad port range '{text}' for {option} (first port above the last)")
    return lo, hi


def _parse_states(text):
    bits = 0
    for name in text.replace("/", ",").split(","):
        bit = _STATE_BITS.get(name.upper())
        if bit is None:
            raise RuleError(f"bad state '{name}' (NEW, ESTABLISHED, RELATED, INVALID, UNTRACKED)")
        bits |= bit
    return bits


def _parse_icmp_type(text):
    lower = text.lower()
    if lower in _ICMP_TYPE_NAMES:
        return _ICMP_TYPE_NAMES[lower]
    kind_text, _, code_text = text.partition("/")
    if not kind_text.isdigit() or int(kind_text) > 255 or (code_text and (not code_text.isdigit()
                                                                          or int(code_text) > 255)):
        raise RuleError(f"bad ICMP type '{text}' (a name like echo-request, or TYPE[/CODE])")
    return int(kind_text), (int(code_text) if code_text else -1)


def _parse_to(text, port_range):
    address_text, _, port_text = text.partition(":")
    try:
        address = addr.parse_ipv4(address_text)
    except ValueError:
        raise RuleError(f"bad address '{address_text}' in '{text}'")
    if not port_text:
        return address, -1, -1
    if port_range:
        lo, hi = _parse_ports(port_text, "--to-source", "-")
    else:
        lo = hi = _parse_port(port_text, "--to-destination")
    if lo == 0:
        raise RuleError(f"bad port in '{text}' (1-65535)")
    return address, lo, hi


# --- commands ----------------------------------------------------------------------------------

def run(words, table="filter"):
    """Runs one fw (or nat, with table="nat") command; returns its output, raises RuleError."""
    words = list(words)
    if words and (words[0] == "fw" or words[0] == "nat"):
        if words[0] == "nat":
            table = "nat"
        words = words[1:]
    if not words or words[0] == "help":
        return USAGE
    if words[0] == "conntrack":
        if words[1:] == ["-F"]:
            conntrack.flush()
            return ""
        if len(words) > 1:
            raise RuleError("usage: conntrack [-F]")
        return conntrack.format_table()
    if words[0] == "stats":
        return format_stats()
    return execute(parse_rule(words, table))


def command(words, table="filter"):
    """The fw shell command (nat's with table="nat"): output text, errors as 'fw: message'."""
    try:
        return run(words, table)
    except RuleError as e:
        return f"{'nat' if table == 'nat' else 'fw'}: {e}\n"


def admin(words):
    """For the admin syscall (the caller's permission is checked before): ["fw" | "nat", words...] -> text."""
    words = list(words)
    if words and words[0] == "nat":
        return command(words[1:], "nat")
    if words and words[0] == "fw":
        words = words[1:]
    return command(words, "filter")


def execute(rule):
    """Carries out a parsed command; returns its output text."""
    op = rule.op
    table = rule.table
    chains = _tables[table]
    if op == "H":
        return USAGE
    if op == "L":
        return format_table(table, rule.chain, rule.exact, rule.line_numbers)
    if op == "S":
        return format_rules(table, rule.chain)
    selected = [chains[rule.chain]] if rule.chain is not None else list(chains.values())
    if op == "F":
        for ch in selected:
            ch.rules = []
    elif op == "Z":
        for ch in selected:
            ch.packets = 0
            ch.bytes = 0
            for r in ch.rules:
                r.packets = 0
                r.bytes = 0
    elif op == "P":
        ch = chains[rule.chain]
        ch.policy = rule.policy
        ch.verdict = _VERDICTS[rule.policy]
    else:
        _edit(chains[rule.chain], rule)
    _changed()
    return ""


def _edit(ch, rule):
    count = len(ch.rules)
    op = rule.op
    if op == "A":
        ch.rules.append(rule)
    elif op == "I":
        index = rule.index or 1
        if index > count + 1:
            raise RuleError(f"index of insertion too big: {ch.name} has {count} rules")
        ch.rules.insert(index - 1, rule)
    elif op == "R":
        if rule.index > count:
            raise RuleError(f"no rule {rule.index} to replace: {ch.name} has {count} rules")
        ch.rules[rule.index - 1] = rule
    elif rule.index:
        if rule.index > count:
            raise RuleError(f"no rule {rule.index} to delete: {ch.name} has {count} rules")
        del ch.rules[rule.index - 1]
    else:
        wanted = rule.spec()
        for i in range(count):
            if ch.rules[i].spec() == wanted:
                del ch.rules[i]
                return
        raise RuleError(f"no such rule in {ch.name}: {' '.join(wanted)}")


def boot_rules(text, table="filter"):
    """Applies a kernel command line value (fw=... or nat=..., syntax in the module doc).

    Every item is tried; returns the error messages of those that failed (empty: all applied)."""
    errors = []
    for item in text.split(";"):
        item = item.strip()
        if not item:
            continue
        try:
            run(_boot_words(item), table)
        except RuleError as e:
            errors.append(f"{'nat' if table == 'nat' else 'fw'}={item}: {e}")
    return errors


def _boot_words(item):
    if "," not in item and item.count(":") == 1 and item[0] != "-":
        chain_name, _, policy = item.partition(":")
        return ["-P", chain_name, policy]
    words = item.split(",")
    if words[0] and words[0][0] != "-":
        words.insert(0, "-A")
    return words


# --- listing -----------------------------------------------------------------------------------

def _fmt_net(address, prefix_len, always_len=False):
    if prefix_len < 0:
        return "0.0.0.0/0"
    if prefix_len == 32 and not always_len:
        return addr.format_ipv4(address)
    return f"{addr.format_ipv4(address)}/{prefix_len}"


def _fmt_range(lo, hi, sep):
    return str(lo) if lo == hi else f"{lo}{sep}{hi}"


def _fmt_to(address, lo, hi):
    if lo < 0:
        return addr.format_ipv4(address)
    return f"{addr.format_ipv4(address)}:{_fmt_range(lo, hi, '-')}"


def _fmt_states(bits):
    names = []
    for bit, name in conntrack.STATE_NAMES:
        if bits & bit:
            names.append(name)
    return ",".join(names)


def _count(n, exact):
    """A counter column like iptables -L -v: 5 wide, K/M/G/T past 99999 (-x: exact, 8 wide)."""
    if exact:
        return f"{n:>8} "
    if n <= 99999:
        return f"{n:>5} "
    for suffix in "KMGT":
        n = (n + 500) // 1000
        if n <= 9999 or suffix == "T":
            return f"{n:>4}{suffix} "
    return ""


def _count_plain(n, exact):
    if exact or n <= 99999:
        return str(n)
    for suffix in "KMGT":
        n = (n + 500) // 1000
        if n <= 9999 or suffix == "T":
            return f"{n}{suffix}"
    return ""


def _extras(rule):
    parts = []
    if rule.proto in (PROTO_TCP, PROTO_UDP) and (rule.sport_lo >= 0 or rule.dport_lo >= 0 or rule.syn):
        text = _PROTO_BY_NUMBER[rule.proto]
        if rule.sport_lo >= 0:
            text += (" spt:" if rule.sport_lo == rule.sport_hi else " spts:") + \
                ("!" if rule.sport_neg else "") + _fmt_range(rule.sport_lo, rule.sport_hi, ":")
        if rule.dport_lo >= 0:
            text += (" dpt:" if rule.dport_lo == rule.dport_hi else " dpts:") + \
                ("!" if rule.dport_neg else "") + _fmt_range(rule.dport_lo, rule.dport_hi, ":")
        if rule.syn:
            text += " flags:0x17/0x02"
        parts.append(text)
    if rule.icmp_type >= 0:
        text = ("!" if rule.icmp_neg else "") + f"icmptype {rule.icmp_type}"
        if rule.icmp_code >= 0:
            text += f" code {rule.icmp_code}"
        parts.append(text)
    if rule.states:
        word = "ctstate" if rule.state_module == "conntrack" else "state"
        parts.append(f"{word} {'!' if rule.states_neg else ''}{_fmt_states(rule.states)}")
    if rule.target == "REJECT":
        parts.append("reject-with " + (rule.reject_name or "icmp-port-unreachable"))
    elif rule.target == "DNAT" or rule.target == "SNAT":
        parts.append("to:" + _fmt_to(rule.to_addr, rule.to_port_lo, rule.to_port_hi))
    elif rule.target == "MASQUERADE" and rule.to_port_lo >= 0:
        parts.append("masq ports: " + _fmt_range(rule.to_port_lo, rule.to_port_hi, "-"))
    return parts


def _iface_col(name, prefix, negated):
    if name is None:
        return "*"
    return ("!" if negated else "") + name + ("+" if prefix else "")


def _row(rule, exact):
    prot = _PROTO_BY_NUMBER.get(rule.proto, str(rule.proto)) if rule.proto >= 0 else "all"
    line = (_count(rule.packets, exact) + _count(rule.bytes, exact) + f"{rule.target or '':<9} " +
            ("!" if rule.proto_neg else " ") + f"{prot:<5}" + "-- " +
            f" {_iface_col(rule.in_iface, rule.in_prefix, rule.in_neg):<6} " +
            f"{_iface_col(rule.out_iface, rule.out_prefix, rule.out_neg):<6} " +
            ("!" if rule.src_neg else " ") + f"{_fmt_net(rule.src, rule.src_len):<19} " +
            ("!" if rule.dst_neg else " ") + f"{_fmt_net(rule.dst, rule.dst_len):<19} ")
    for part in _extras(rule):
        line += " " + part
    return line.rstrip()


def format_table(table="filter", chain_name=None, exact=False, line_numbers=False):
    """The listing of `iptables -L -v -n` (with -x: exact counts; --line-numbers: a num column)."""
    chains = _tables[table]
    names = [chain_name] if chain_name is not None else list(chains)
    blocks = []
    for name in names:
        ch = chains[name]
        lines = [f"Chain {name} (policy {ch.policy} {_count_plain(ch.packets, exact)} packets, "
                 f"{_count_plain(ch.bytes, exact)} bytes)"]
        head = "num  " if line_numbers else ""
        head += ("    pkts    bytes " if exact else " pkts bytes ")
        head += "target     prot opt in     out     source               destination"
        lines.append(head)
        number = 0
        for rule in ch.rules:
            number += 1
            lines.append((f"{number:<4} " if line_numbers else "") + _row(rule, exact))
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)


def format_rules(table="filter", chain_name=None):
    """The rules as commands, like iptables -S (policies first)."""
    chains = _tables[table]
    names = [chain_name] if chain_name is not None else list(chains)
    lines = []
    for name in names:
        lines.append(f"-P {name} {chains[name].policy}")
    for name in names:
        for rule in chains[name].rules:
            lines.append(" ".join([f"-A {name}"] + rule.spec()))
    return "\n".join(lines) + "\n"


def format_stats():
    """Counters of the guard, connection tracking and NAT (only the non-zero ones, plus the table size)."""
    lines = [f"conntrack: {conntrack.count()} of {conntrack.max_conns} connections tracked, "
             f"{nat.mapping_count()} NAT port mappings"]
    for layer in ("guard", "conntrack", "nat"):
        for key, value in stats.snapshot().get(layer, {}).items():
            lines.append(f"    {layer} {key.replace('_', ' ')}: {value}")
    return "\n".join(lines) + "\n"


# --- hooks -------------------------------------------------------------------------------------

def _name(iface):
    return "lo" if iface is None else iface.name


def _clear():
    global _slot_pkb, _slot_pkt
    _slot_pkb = None
    _slot_pkt = None


def _start(pkb, hdr):
    """Parses and tracks a datagram seen for the first time; None means drop it (counted)."""
    global _slot_pkb, _slot_pkt
    if hdr is not None:
        pkt = conntrack.packet_from_header(pkb.mem, hdr)
    else:
        pkt = conntrack.packet_at(pkb.mem, pkb.start, pkb.end)
    if pkt is None:
        stats.drop("guard", "malformed")
        _clear()
        return None
    if _need_ct and not conntrack.classify(pkt):
        _clear()
        return None
    _slot_pkb = pkb
    _slot_pkt = pkt
    return pkt


def _current(pkb, hdr):
    if pkb is _slot_pkb and _slot_pkt is not None:
        return _slot_pkt
    return _start(pkb, hdr)


def _sync(hdr, pkt):
    if hdr is not None:
        hdr.src = pkt.src
        hdr.dst = pkt.dst


def prerouting(iface, pkb, hdr):
    """Every received datagram, before the routing decision: tracking, DNAT. See the module doc."""
    if not active:
        return ACCEPT
    pkt = _start(pkb, hdr)
    if pkt is None:
        return DROP
    conn = pkt.conn
    if conn is not None:
        if _nat_pre and not conn.confirmed and pkt.dir == 0 and pkt.state == conntrack.NEW:
            _nat_chain(_prerouting, pkt, _name(iface), None, None)
        if conn.nat:
            nat.translate(pkt, False)
            _sync(hdr, pkt)
    return ACCEPT


def input(iface, pkb, hdr):
    """Datagrams for this host, before their protocol handler: filter INPUT, confirm."""
    if not active:
        return ACCEPT
    pkt = _current(pkb, hdr)
    if pkt is None:
        return DROP
    verdict = _filter(_input, pkt, _name(iface), None)
    if verdict == ACCEPT:
        verdict = _finish(pkt, hdr)
    _clear()
    return verdict


def forward(in_iface, out_iface, pkb, hdr):
    """Forwarded datagrams, after the route lookup and the TTL decrement: filter FORWARD."""
    if not active:
        return ACCEPT
    pkt = _current(pkb, hdr)
    if pkt is None:
        return DROP
    verdict = _filter(_forward, pkt, _name(in_iface), _name(out_iface))
    if verdict != ACCEPT:
        _clear()
    return verdict


def output(out_iface, pkb, hdr=None):
    """Datagrams built here, header written, route chosen: tracking, filter OUTPUT."""
    if not active:
        return ACCEPT
    pkt = _start(pkb, hdr)
    if pkt is None:
        return DROP
    conn = pkt.conn
    if conn is not None and conn.nat:
        nat.translate(pkt, False)
        _sync(hdr, pkt)
    verdict = _filter(_output, pkt, None, _name(out_iface))
    if verdict != ACCEPT:
        _clear()
    return verdict


def postrouting(out_iface, pkb, hdr=None):
    """Every datagram leaving, before fragmentation and ARP: SNAT / MASQUERADE, confirm."""
    if not active:
        return ACCEPT
    pkt = _current(pkb, hdr)
    if pkt is None:
        return DROP
    conn = pkt.conn
    if _nat_post and conn is not None and not conn.confirmed and pkt.dir == 0 and pkt.state == conntrack.NEW:
        verdict = _nat_chain(_postrouting, pkt, None, _name(out_iface), out_iface)
        if verdict != ACCEPT:
            _clear()
            return verdict
    elif _nat_post and pkt.state == conntrack.INVALID and _would_snat(pkt, out_iface):
        stats.drop("nat", "invalid_untranslated")
        _clear()
        return DROP
    verdict = _finish(pkt, hdr)
    _clear()
    return verdict


def defrag(iface, pkb, hdr):
    """Reassembly before prerouting: (pkb, hdr) of the whole datagram, or (None, None) while its
    other fragments are awaited (the fragment is consumed either way, as net.reasm.add does)."""
    from net import ip, reasm
    whole = reasm.add(iface, pkb, hdr)
    if whole is None:
        return None, None
    whole.iface = iface
    new_hdr, _ = ip.parse_header(whole.data())
    if new_hdr is None:
        whole.release()
        return None, None
    new_hdr.offset = whole.start
    new_hdr.broadcast = hdr.broadcast
    return whole, new_hdr


def _finish(pkt, hdr):
    """The last hook of a datagram: the source side of NAT, then the connection is confirmed."""
    conn = pkt.conn
    if conn is None:
        return ACCEPT
    if conn.nat:
        nat.translate(pkt, True)
        _sync(hdr, pkt)
    if not conn.confirmed and pkt.state == conntrack.NEW:
        if not conntrack.confirm(conn):
            nat.release(conn)
            return DROP
    return ACCEPT


def _would_snat(pkt, out_iface):
    """True when the first POSTROUTING rule matching pkt would give it another source (nothing is
    counted); the router's own packets already carry the NAT address and pass."""
    out_name = _name(out_iface)
    for rule in _postrouting.rules:
        if rule.target is not None and rule.matches(pkt, None, out_name):
            if rule.target == "MASQUERADE":
                return nat.masquerade_address(out_iface, pkt.dst) != pkt.src
            return rule.target == "SNAT" and rule.to_addr != pkt.src
    return False


def _filter(ch, pkt, in_name, out_name):
    for rule in ch.rules:
        if rule.matches(pkt, in_name, out_name):
            rule.packets += 1
            rule.bytes += pkt.length
            verdict = rule.verdict
            if verdict < 0:
                continue
            if verdict == REJECT:
                _reject(pkt, rule)
            return verdict
    ch.packets += 1
    ch.bytes += pkt.length
    return ch.verdict


def _nat_chain(ch, pkt, in_name, out_name, out_iface):
    """The nat chain for a new connection: decides its translation (edits conn.reply)."""
    for rule in ch.rules:
        if not rule.matches(pkt, in_name, out_name):
            continue
        rule.packets += 1
        rule.bytes += pkt.length
        target = rule.target
        if target is None:
            continue
        if target == "ACCEPT":
            return ACCEPT
        conn = pkt.conn
        if target == "DNAT":
            nat.set_dnat(conn, rule.to_addr, max(rule.to_port_lo, 0))
            return ACCEPT
        if target == "MASQUERADE":
            nat_addr = nat.masquerade_address(out_iface, pkt.dst)
            if nat_addr is None:
                stats.drop("nat", "no_address")
                return DROP
        else:
            nat_addr = rule.to_addr
        if nat.set_snat(conn, nat_addr, rule.to_port_lo, rule.to_port_hi):
            return ACCEPT
        _send_icmp(pkt, CODE_ADMIN_PROHIBITED)          # RFC 5508 REQ-8
        return DROP
    ch.packets += 1
    ch.bytes += pkt.length
    return ACCEPT


# --- rejects -----------------------------------------------------------------------------------

def _reject(pkt, rule):
    if rule.reject_code < 0:
        if pkt.proto == PROTO_TCP and pkt.ports_ok:
            send_tcp_reset(pkt)
        return
    _send_icmp(pkt, rule.reject_code)


def _send_icmp(pkt, code):
    fn = icmp_error_sender
    if fn is None:
        from net import icmp
        fn = icmp.send_error
    stats.inc("guard", "icmp_rejects")
    fn(pkt.mem[pkt.ip_off:pkt.end], ICMP_DEST_UNREACH, code, 0)


def send_tcp_reset(pkt):
    """The RST answering pkt (RFC 9293 3.10.7.1), from its destination; never about a RST."""
    flags = pkt.flags
    if flags & TCP_RST:
        return False
    if flags & TCP_ACK:
        seq = pkt.ack
        ack = 0
        out_flags = TCP_RST
    else:
        seg_len = pkt.end - pkt.l4 - pkt.tcp_hlen
        if flags & TCP_SYN:
            seg_len += 1
        if flags & TCP_FIN:
            seg_len += 1
        seq = 0
        ack = (pkt.seq + seg_len) & 0xFFFFFFFF
        out_flags = TCP_RST | TCP_ACK
    rst = PacketBuffer.alloc(20)
    rst.append(bytes(20))
    view = rst.data()
    struct.pack_into("!HHIIBBHHH", view, 0, pkt.dport, pkt.sport, seq, ack, 5 << 4, out_flags, 0, 0, 0)
    src = pkt.dst
    dst = pkt.src
    pseudo = (src >> 16) + (src & 0xFFFF) + (dst >> 16) + (dst & 0xFFFF) + PROTO_TCP + 20
    struct.pack_into("!H", view, 16, inet.checksum(view, pseudo))
    send = ip_output
    if send is None:
        from net import ip
        send = ip.output
    stats.inc("guard", "tcp_resets")
    send(rst, src, dst, PROTO_TCP)
    return True
