"""The packet filter (net.guard): rule parsing, matching, order and policies,
counters and the iptables-like listing, REJECT's RST and ICMP (parsed by
scapy), stateful forwarding, the boot syntax and the admin entry point.
The hooks are driven as net.ip will call them (guard_helpers.Router)."""
import pytest
from scapy.layers.inet import ICMP, IP, TCP, UDP, IPerror, UDPerror

from guard_helpers import (GW, HOST_A, HOST_B, IN_IP, OUT_IP, REMOTE, SERVER, Router, fw, nat_rules,
                           router)  # noqa: F401  (router is a fixture)
from ipv4_helpers import checksum_ok
from net import conntrack, guard, stats
from net.guard import ACCEPT, DROP, REJECT, RuleError


def syn(src, dst, sport, dport, seq=1000):
    return IP(src=src, dst=dst) / TCP(sport=sport, dport=dport, flags="S", seq=seq)


# --- parsing -----------------------------------------------------------------------------------

GOOD_RULES = [
    "-A FORWARD -p tcp -s 10.1.0.0/24 -d 10.2.0.0/24 --dport 80 -i eth0 -o eth1 -m state "
    "--state NEW,ESTABLISHED -j ACCEPT",
    "-A INPUT -p tcp --dport 22 -j REJECT --reject-with tcp-reset",
    "-A INPUT -p udp --sport 1000:2000 -j REJECT --reject-with icmp-host-prohibited",
    "-A FORWARD ! -s 10.0.0.0/8 ! -p udp -j DROP",
    "-A FORWARD -i eth+ ! -o lo -j ACCEPT",
    "-A FORWARD -p icmp --icmp-type 3/3 -j ACCEPT",
    "-A FORWARD -p tcp --syn ! --dport 1024:65535 -j DROP",
    "-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
    "-A OUTPUT -d 192.168.1.20 -p 47 -j DROP",
    "-A FORWARD -s 10.1.0.0/24",
]


@pytest.mark.parametrize("line", GOOD_RULES)
def test_good_rules_round_trip_through_the_S_listing(router, line):
    rule = guard.parse_rule(line.split())
    assert rule.op == "A"
    again = guard.parse_rule(["-A", rule.chain] + rule.spec())
    assert again.spec() == rule.spec()
    fw(line)
    listed = guard.format_rules(chain_name=rule.chain).splitlines()[-1]
    assert guard.parse_rule(listed.split()).spec() == rule.spec()


def test_parse_fields(router):
    rule = guard.parse_rule(GOOD_RULES[0].split())
    assert (rule.chain, rule.proto, rule.dport_lo, rule.dport_hi) == ("FORWARD", 6, 80, 80)
    assert (rule.src, rule.src_len, rule.dst_len) == (0x0A010000, 24, 24)
    assert (rule.in_iface, rule.out_iface, rule.target, rule.verdict) == ("eth0", "eth1", "ACCEPT", ACCEPT)
    assert rule.states == conntrack.NEW | conntrack.ESTABLISHED
    rule = guard.parse_rule("-I forward 2 -s 10.1.0.7/16 -j drop".split())
    assert (rule.op, rule.chain, rule.index, rule.src, rule.target) == ("I", "FORWARD", 2, 0x0A010000, "DROP")
    rule = guard.parse_rule("-P FORWARD DROP".split())
    assert (rule.op, rule.chain, rule.policy) == ("P", "FORWARD", "DROP")
    assert guard.parse_rule(["-F"]).chain is None
    assert guard.parse_rule("-D INPUT 3".split()).index == 3
    rule = guard.parse_rule("-A POSTROUTING -o eth1 -p udp -j MASQUERADE --to-ports 2000-3000".split(), "nat")
    assert (rule.to_port_lo, rule.to_port_hi) == (2000, 3000)
    rule = guard.parse_rule("nat -A PREROUTING -p tcp --dport 8080 -j DNAT --to 10.1.0.2:80".split())
    assert (rule.table, rule.to_addr, rule.to_port_lo) == ("nat", 0x0A010002, 80)


BAD_RULES = [
    ("-A FORWARD -p tcp --dprot 80 -j ACCEPT", "unknown option '--dprot'"),
    ("-A FORWARD -s 10.0.0.300 -j ACCEPT", "bad address '10.0.0.300' for -s"),
    ("-A FORWARD -d 10.0.0.0/33 -j ACCEPT", "bad address '10.0.0.0/33' for -d"),
    ("-A FORWARD --dport 80 -j ACCEPT", "--sport/--dport need -p tcp or -p udp"),
    ("-A FORWARD -p icmp --dport 80 -j ACCEPT", "--sport/--dport need -p tcp or -p udp"),
    ("-A FORWARD -p tcp --dport 70000 -j ACCEPT", "bad port '70000' for --dport"),
    ("-A FORWARD -p tcp --dport 90:80 -j ACCEPT", "bad port range '90:80'"),
    ("-A FORWARD -p foo -j ACCEPT", "unknown protocol 'foo'"),
    ("-A FORWARD -j FROB", "target 'FROB' is not valid in the FORWARD chain"),
    ("-A FOO -j ACCEPT", "unknown chain 'FOO'"),
    ("-A INPUT -o eth0 -j ACCEPT", "-o cannot be used in the INPUT chain"),
    ("-A OUTPUT -i eth0 -j ACCEPT", "-i cannot be used in the OUTPUT chain"),
    ("-A FORWARD -m state --state NEW,BOGUS -j ACCEPT", "bad state 'BOGUS'"),
    ("-A FORWARD -m state -j ACCEPT", "-m state needs --state"),
    ("-A FORWARD -m multiport -j ACCEPT", "unknown match module 'multiport'"),
    ("-A FORWARD -j REJECT --reject-with tcp-reset", "--reject-with tcp-reset needs -p tcp"),
    ("-A FORWARD -j DROP --reject-with icmp-port-unreachable", "--reject-with needs -j REJECT"),
    ("-A FORWARD -p tcp -j REJECT --reject-with bogus", "bad --reject-with 'bogus'"),
    ("-A FORWARD --syn -j DROP", "--syn needs -p tcp"),
    ("-A FORWARD -p icmp --icmp-type pong -j ACCEPT", "bad ICMP type 'pong'"),
    ("-A FORWARD -s 10.0.0.0/8 -s 10.1.0.0/16 -j DROP", "-s given twice"),
    ("-A FORWARD -s", "option '-s' needs a value"),
    ("-A FORWARD ! ! -s 10.0.0.0/8 -j DROP", "'!' twice in a row"),
    ("-A FORWARD ! -j DROP", "'!' cannot negate -j"),
    ("-A FORWARD -j DROP !", "'!' at the end"),
    ("-A FORWARD -j DROP -A INPUT", "only one command at a time"),
    ("-s 10.0.0.0/8 -j DROP", "no command given"),
    ("-P FORWARD REJECT", "bad policy 'REJECT' (ACCEPT or DROP)"),
    ("-P FORWARD DROP -s 10.0.0.0/8", "-P takes no rule options"),
    ("-I FORWARD 0 -j DROP", "bad rule number '0'"),
    ("-R FORWARD -j DROP", "-R needs a rule number"),
    ("-D FORWARD", "-D needs a rule number or the rule to delete"),
    ("-D FORWARD 1 -j DROP", "-D takes a rule number or a rule, not both"),
    ("-A FORWARD -j DROP extra", "unexpected word 'extra'"),
    ("-A FORWARD -i eth0/1 -j DROP", "bad interface name 'eth0/1'"),
    ("-t mangle -L", "unknown table 'mangle'"),
]


@pytest.mark.parametrize("line,message", BAD_RULES)
def test_bad_rules_name_what_is_wrong(router, line, message):
    with pytest.raises(RuleError) as info:
        guard.parse_rule(line.split())
    assert message in str(info.value)
    assert guard.command(line.split()) == f"fw: {info.value}\n"
    assert not guard.active


BAD_NAT_RULES = [
    ("-A POSTROUTING -o eth1 -j DNAT --to 1.2.3.4", "target 'DNAT' is not valid in the POSTROUTING chain"),
    ("-A PREROUTING -j DNAT", "-j DNAT needs --to-destination"),
    ("-A PREROUTING -j DNAT --to-source 1.2.3.4", "--to-source does not go with -j DNAT"),
    ("-A PREROUTING -j DNAT --to 1.2.3.4:80", "a port in --to-destination needs -p tcp or -p udp"),
    ("-A PREROUTING -p tcp -j DNAT --to 1.2.3.999", "bad address '1.2.3.999'"),
    ("-A POSTROUTING -j MASQUERADE --to-ports 100-200", "--to-ports needs -p tcp or -p udp"),
    ("-A POSTROUTING -p tcp -j SNAT --to 1.2.3.4:300-200", "bad port range '300-200'"),
    ("-A POSTROUTING -j ACCEPT --to 1.2.3.4", "--to needs -j DNAT or -j SNAT"),
    ("-A INPUT -j ACCEPT", "unknown chain 'INPUT' (the nat table has PREROUTING, POSTROUTING)"),
    ("-P POSTROUTING DROP", "the nat table's policies are always ACCEPT"),
    ("-A PREROUTING -j REJECT", "target 'REJECT' is not valid in the PREROUTING chain"),
]


@pytest.mark.parametrize("line,message", BAD_NAT_RULES)
def test_bad_nat_rules_name_what_is_wrong(router, line, message):
    with pytest.raises(RuleError) as info:
        guard.parse_rule(line.split(), "nat")
    assert message in str(info.value)
    from net import nat
    assert nat.command(line.split()) == f"nat: {info.value}\n"


# --- matching, order, policies -----------------------------------------------------------------

def test_no_rules_means_inactive_and_untouched(router):
    assert not guard.active
    out = router.receive(router.eth1, syn(HOST_A, SERVER, 40000, 22))
    assert out.where == "forward" and out.raw == bytes(syn(HOST_A, SERVER, 40000, 22))
    assert guard.chain("FORWARD").packets == 0 and conntrack.count() == 0


@pytest.mark.parametrize("rule,hits", [
    ("-s 10.1.0.0/24", [True, True, False]),
    ("-s 10.1.0.2", [True, False, False]),
    ("! -s 10.1.0.2/32", [False, True, True]),
    ("-d 192.168.1.0/24", [True, True, True]),
    ("-d 8.8.8.8", [False, False, False]),
    ("-p tcp", [True, False, True]),
    ("! -p tcp", [False, True, False]),
    ("-p udp --dport 53", [False, True, False]),
    ("-p tcp --dport 20:80", [True, False, False]),
    ("-p tcp ! --dport 20:80", [False, False, True]),
    ("-p tcp --sport 40000-40005", [True, False, False]),
    ("-i eth1", [True, True, False]),
    ("-i eth+", [True, True, True]),
    ("! -i eth1", [False, False, True]),
    ("-o eth0", [True, True, True]),
    ("-o eth1", [False, False, False]),
    ("-p tcp --syn", [True, False, False]),
])
def test_matches(router, rule, hits):
    fw(f"-A FORWARD {rule} -j DROP")
    packets = [(router.eth1, syn(HOST_A, SERVER, 40000, 80)),
               (router.eth1, IP(src=HOST_B, dst=SERVER) / UDP(sport=5000, dport=53)),
               (router.eth0, IP(src=GW, dst=SERVER) / TCP(sport=80, dport=443, flags="A"))]
    got = [router.receive(iface, packet).verdict == DROP for iface, packet in packets]
    assert got == hits


def test_first_matching_rule_decides_and_the_policy_catches_the_rest(router):
    fw("-P FORWARD DROP",
       "-A FORWARD -p tcp --dport 22 -j DROP",
       "-A FORWARD -s 10.1.0.0/24 -j ACCEPT")
    assert router.receive(router.eth1, syn(HOST_A, SERVER, 40000, 22)).verdict == DROP
    assert router.receive(router.eth1, syn(HOST_A, SERVER, 40000, 80)).verdict == ACCEPT
    assert router.receive(router.eth0, syn(GW, HOST_A, 40000, 80)).verdict == DROP
    fw("-I FORWARD -p tcp --dport 22 -j ACCEPT")
    assert router.receive(router.eth1, syn(HOST_A, SERVER, 40000, 22)).verdict == ACCEPT
    fw("-D FORWARD 1")
    assert router.receive(router.eth1, syn(HOST_A, SERVER, 40000, 22)).verdict == DROP
    fw("-D FORWARD -p tcp --dport 22 -j DROP")
    assert router.receive(router.eth1, syn(HOST_A, SERVER, 40000, 22)).verdict == ACCEPT
    fw("-R FORWARD 1 -s 10.1.0.3 -j ACCEPT")
    assert router.receive(router.eth1, syn(HOST_A, SERVER, 40000, 22)).verdict == DROP
    fw("-F FORWARD")
    assert guard.chain("FORWARD").rules == [] and guard.chain("FORWARD").policy == "DROP"
    fw("-P FORWARD ACCEPT")
    assert not guard.active


def test_rule_edits_out_of_range(router):
    fw("-A FORWARD -j ACCEPT")
    for line, message in [("-I FORWARD 3 -j DROP", "index of insertion too big: FORWARD has 1 rules"),
                          ("-D FORWARD 2", "no rule 2 to delete"),
                          ("-R FORWARD 2 -j DROP", "no rule 2 to replace"),
                          ("-D FORWARD -p udp -j DROP", "no such rule in FORWARD: -p udp -j DROP")]:
        with pytest.raises(RuleError, match=message):
            guard.run(line.split())
    assert len(guard.chain("FORWARD").rules) == 1


def test_a_rule_without_target_only_counts(router):
    fw("-P FORWARD DROP", "-A FORWARD -s 10.1.0.0/24", "-A FORWARD -p tcp -j ACCEPT")
    packet = syn(HOST_A, SERVER, 40000, 80)
    assert router.receive(router.eth1, packet).verdict == ACCEPT
    counting, accepting = guard.chain("FORWARD").rules
    assert (counting.packets, counting.bytes) == (1, len(packet))
    assert (accepting.packets, accepting.bytes) == (1, len(packet))


def test_counters_and_listing(router):
    fw("-P FORWARD DROP",
       "-A FORWARD -p icmp --icmp-type echo-request -j ACCEPT",
       "-A FORWARD -s 10.1.0.0/24 -p tcp --dport 80 -j ACCEPT")
    ping = IP(src=HOST_A, dst=SERVER) / ICMP(id=1, seq=1) / (b"x" * 56)
    for _ in range(3):
        router.receive(router.eth1, ping)
    router.receive(router.eth1, syn(HOST_A, SERVER, 40000, 80))
    router.receive(router.eth1, syn(HOST_A, SERVER, 40000, 22))
    text = guard.command(["-L", "-v", "-n"])
    assert text == (
        "Chain INPUT (policy ACCEPT 0 packets, 0 bytes)\n"
        " pkts bytes target     prot opt in     out     source               destination\n"
        "\n"
        "Chain FORWARD (policy DROP 1 packets, 40 bytes)\n"
        " pkts bytes target     prot opt in     out     source               destination\n"
        "    3   252 ACCEPT     icmp --  *      *       0.0.0.0/0            0.0.0.0/0            icmptype 8\n"
        "    1    40 ACCEPT     tcp  --  *      *       10.1.0.0/24          0.0.0.0/0            tcp dpt:80\n"
        "\n"
        "Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)\n"
        " pkts bytes target     prot opt in     out     source               destination\n")
    numbered = guard.command("-L FORWARD --line-numbers -x".split()).splitlines()
    assert numbered[1] == "num      pkts    bytes target     prot opt in     out     source               destination"
    assert numbered[2].startswith("1           3      252 ACCEPT     icmp --")
    fw("-Z FORWARD")
    assert "Chain FORWARD (policy DROP 0 packets, 0 bytes)" in guard.command(["-L"])
    assert all(r.packets == 0 and r.bytes == 0 for r in guard.chain("FORWARD").rules)


def test_big_counters_use_iptables_units(router):
    fw("-A INPUT -j ACCEPT")
    rule = guard.chain("INPUT").rules[0]
    rule.packets, rule.bytes = 99999, 123456789
    guard.chain("INPUT").packets, guard.chain("INPUT").bytes = 100000, 5 * 10 ** 12
    lines = guard.command("-L INPUT".split()).splitlines()
    assert lines[0] == "Chain INPUT (policy ACCEPT 100K packets, 5000G bytes)"
    assert lines[2].startswith("99999  123M ACCEPT     all  --")
    exact = guard.command("-L INPUT -x".split()).splitlines()
    assert exact[0] == "Chain INPUT (policy ACCEPT 100000 packets, 5000000000000 bytes)"
    assert exact[2].startswith("   99999 123456789 ACCEPT")


def test_nat_listing(router):
    nat_rules("-A POSTROUTING -o eth0 -j MASQUERADE",
              "-A PREROUTING -i eth0 -p tcp --dport 8080 -j DNAT --to 10.1.0.2:80",
              "-A POSTROUTING -s 10.9.0.0/16 -p udp -j SNAT --to-source 192.168.1.10:2000-2100")
    text = guard.admin(["nat", "-L"])
    assert ("    0     0 DNAT       tcp  --  eth0   *       0.0.0.0/0            0.0.0.0/0            "
            "tcp dpt:8080 to:10.1.0.2:80") in text
    assert "    0     0 MASQUERADE  all  --  *      eth0    0.0.0.0/0            0.0.0.0/0\n" in text
    assert ("SNAT       udp  --  *      *       10.9.0.0/16          0.0.0.0/0            "
            "to:192.168.1.10:2000-2100") in text
    assert guard.admin(["nat", "-S", "PREROUTING"]) == (
        "-P PREROUTING ACCEPT\n"
        "-A PREROUTING -i eth0 -p tcp --dport 8080 -j DNAT --to-destination 10.1.0.2:80\n")


# --- REJECT ------------------------------------------------------------------------------------

def test_reject_with_tcp_reset_answers_a_syn(router):
    fw("-A FORWARD -p tcp --dport 22 -j REJECT --reject-with tcp-reset")
    out = router.receive(router.eth1, IP(src=HOST_A, dst=SERVER) / TCP(sport=40000, dport=22, flags="S",
                                                                          seq=123456))
    assert out.verdict == REJECT
    [rst] = router.sent(router.eth1)
    assert (rst.src, rst.dst) == (SERVER, HOST_A)
    assert (rst[TCP].sport, rst[TCP].dport) == (22, 40000)
    assert rst[TCP].flags == "RA" and rst[TCP].seq == 0 and rst[TCP].ack == 123457
    assert checksum_ok(rst)
    assert stats.get("guard", "tcp_resets") == 1


def test_reject_with_tcp_reset_answers_an_ack_with_its_ack_number(router):
    fw("-A INPUT -p tcp --dport 80 -j REJECT --reject-with tcp-reset")
    segment = IP(src=SERVER, dst=OUT_IP) / TCP(sport=3333, dport=80, flags="PA", seq=5, ack=987654) / b"GET /"
    assert router.receive(router.eth0, segment).verdict == REJECT
    [rst] = router.sent(router.eth0)
    assert (rst.src, rst.dst, rst[TCP].sport, rst[TCP].dport) == (OUT_IP, SERVER, 80, 3333)
    assert rst[TCP].flags == "R" and rst[TCP].seq == 987654
    assert checksum_ok(rst)
    # A RST is never answered.
    assert router.receive(router.eth0, IP(src=SERVER, dst=OUT_IP) / TCP(sport=3333, dport=80,
                                                                          flags="R")).verdict == REJECT
    assert router.sent(router.eth0) == []


@pytest.mark.parametrize("option,code", [("", 3), ("--reject-with icmp-host-prohibited", 10),
                                         ("--reject-with icmp-net-unreachable", 0),
                                         ("--reject-with icmp-admin-prohibited", 13)])
def test_reject_with_icmp_quotes_the_datagram(router, option, code):
    fw(f"-A FORWARD -p udp -j REJECT {option}")
    probe = IP(src=HOST_A, dst=SERVER, id=4242) / UDP(sport=5000, dport=53) / b"query"
    assert router.receive(router.eth1, probe).verdict == REJECT
    [error] = router.sent(router.eth1)
    assert (error.src, error.dst) == (IN_IP, HOST_A)
    assert (error[ICMP].type, error[ICMP].code) == (3, code)
    assert bytes(error[ICMP].payload) == bytes(probe)[:28]
    assert error[IPerror].id == 4242 and error[UDPerror].dport == 53
    assert checksum_ok(error)


def test_issue_scenario_only_ping_and_port_80_from_a_to_b(router):
    fw("-P FORWARD DROP",
       "-A FORWARD -m state --state ESTABLISHED,RELATED -j ACCEPT",
       "-A FORWARD -i eth1 -o eth0 -p icmp --icmp-type echo-request -j ACCEPT",
       "-A FORWARD -i eth1 -o eth0 -p tcp --dport 80 -m state --state NEW -j ACCEPT",
       "-A FORWARD -i eth1 -o eth0 -p tcp --dport 23 -j REJECT --reject-with tcp-reset")
    # ping and its reply
    assert router.receive(router.eth1, IP(src=HOST_A, dst=SERVER) / ICMP(id=5, seq=1)).verdict == ACCEPT
    assert router.receive(router.eth0, IP(src=SERVER, dst=HOST_A) / ICMP(type=0, id=5, seq=1)).verdict == ACCEPT
    # a web connection: handshake, data and replies
    assert router.receive(router.eth1, syn(HOST_A, SERVER, 40000, 80, 100)).verdict == ACCEPT
    assert router.receive(router.eth0, IP(src=SERVER, dst=HOST_A) / TCP(sport=80, dport=40000, flags="SA",
                                                                          seq=900, ack=101)).verdict == ACCEPT
    request = IP(src=HOST_A, dst=SERVER) / TCP(sport=40000, dport=80, flags="PA", seq=101, ack=901) / b"GET /"
    assert router.receive(router.eth1, request).verdict == ACCEPT
    # ssh is dropped, telnet rejected, unsolicited traffic from B dropped
    assert router.receive(router.eth1, syn(HOST_A, SERVER, 40001, 22)).verdict == DROP
    assert router.receive(router.eth1, syn(HOST_A, SERVER, 40002, 23)).verdict == REJECT
    assert router.receive(router.eth0, syn(SERVER, HOST_A, 5555, 80)).verdict == DROP
    assert router.receive(router.eth0, IP(src=SERVER, dst=HOST_A) / TCP(sport=80, dport=40003,
                                                                          flags="A")).verdict == DROP
    assert router.receive(router.eth0, IP(src=SERVER, dst=HOST_A) / ICMP(id=6)).verdict == DROP
    established, ping, web, telnet = guard.chain("FORWARD").rules
    assert (established.packets, ping.packets, web.packets, telnet.packets) == (3, 1, 1, 1)
    assert guard.chain("FORWARD").packets == 4
    assert established.bytes == 28 + 40 + 45      # echo reply, SYN-ACK, 5 bytes of data


def test_related_icmp_errors_pass_a_stateful_forward_chain(router):
    fw("-P FORWARD DROP", "-A FORWARD -m state --state ESTABLISHED,RELATED -j ACCEPT",
       "-A FORWARD -i eth1 -m state --state NEW -j ACCEPT")
    probe = IP(src=HOST_A, dst=REMOTE, ttl=2) / UDP(sport=33000, dport=33434)
    assert router.receive(router.eth1, probe).verdict == ACCEPT
    expired = IP(src=GW, dst=HOST_A) / ICMP(type=11) / bytes(probe)[:28]
    assert router.receive(router.eth0, expired).verdict == ACCEPT
    forged = IP(src=GW, dst=HOST_A) / ICMP(type=11) / bytes(IP(src=HOST_A, dst=REMOTE) / UDP(sport=1, dport=2))[:28]
    assert router.receive(router.eth0, forged).verdict == DROP


def test_invalid_state_can_be_dropped_on_input(router):
    fw("-A INPUT -m state --state INVALID -j DROP")
    stray = IP(src=SERVER, dst=OUT_IP) / TCP(sport=80, dport=40000, flags="A")
    assert router.receive(router.eth0, stray).verdict == DROP
    assert router.receive(router.eth0, syn(SERVER, OUT_IP, 3000, 80)).verdict == ACCEPT
    assert guard.chain("INPUT").rules[0].packets == 1


def test_input_filtering_of_own_services_with_counters(router):
    fw("-P INPUT DROP", "-A INPUT -m state --state ESTABLISHED -j ACCEPT",
       "-A INPUT -i eth1 -p tcp --dport 80 -j ACCEPT")
    assert router.receive(router.eth1, syn(HOST_A, IN_IP, 40000, 80)).where == "local"
    assert router.receive(router.eth0, syn(SERVER, OUT_IP, 40000, 80)).dropped
    # the server's answer leaves through OUTPUT, and the client's next segment is ESTABLISHED
    assert router.send(IP(src=IN_IP, dst=HOST_A) / TCP(sport=80, dport=40000, flags="SA", ack=1001)).where == "out"
    ack = IP(src=HOST_A, dst=IN_IP) / TCP(sport=40000, dport=80, flags="A", seq=1001, ack=1)
    assert router.receive(router.eth1, ack).where == "local"
    established, web = guard.chain("INPUT").rules
    assert (established.packets, web.packets, guard.chain("INPUT").packets) == (1, 1, 1)


def test_output_chain(router):
    fw("-A OUTPUT -o eth0 -p udp --dport 53 -j DROP")
    assert router.send(IP(src=OUT_IP, dst=SERVER) / UDP(sport=1234, dport=53)).dropped
    assert router.send(IP(src=IN_IP, dst=HOST_A) / UDP(sport=1234, dport=53)).where == "out"
    assert guard.chain("OUTPUT").rules[0].packets == 1


def test_stateless_rules_track_nothing(router):
    fw("-P FORWARD DROP", "-A FORWARD -p tcp --dport 80 -j ACCEPT")
    assert router.receive(router.eth1, syn(HOST_A, SERVER, 40000, 80)).verdict == ACCEPT
    assert conntrack.count() == 0
    fw("-A FORWARD -m state --state ESTABLISHED -j ACCEPT")
    router.receive(router.eth1, syn(HOST_A, SERVER, 40000, 80))
    assert conntrack.count() == 1
    fw("-D FORWARD 2")
    assert conntrack.count() == 0                  # nothing needs the table any more


def test_fragments_are_reassembled_before_prerouting(router):
    fw("-P FORWARD DROP", "-A FORWARD -p udp --dport 53 -j ACCEPT")
    datagram = IP(src=HOST_A, dst=SERVER, id=77) / UDP(sport=5000, dport=53) / (b"d" * 100)
    raw = bytes(datagram)
    first = IP(src=HOST_A, dst=SERVER, id=77, proto=17, flags="MF") / raw[20:68]
    second = IP(src=HOST_A, dst=SERVER, id=77, proto=17, frag=6) / raw[68:]
    pkb, hdr = Router.buffer(first)
    assert guard.defrag(router.eth1, pkb, hdr) == (None, None)
    pkb, hdr = Router.buffer(second)
    whole, hdr = guard.defrag(router.eth1, pkb, hdr)
    assert whole.tobytes() == raw and not hdr.is_fragment()
    assert guard.prerouting(router.eth1, whole, hdr) == ACCEPT
    assert guard.forward(router.eth1, router.eth0, whole, hdr) == ACCEPT
    # a fragment that reaches the hooks anyway matches no port rule
    pkb, hdr = Router.buffer(first)
    assert guard.prerouting(router.eth1, pkb, hdr) == ACCEPT
    assert guard.forward(router.eth1, router.eth0, pkb, hdr) == DROP


# --- commands ----------------------------------------------------------------------------------

def test_boot_rules(router):
    errors = guard.boot_rules("FORWARD:DROP;FORWARD,-m,state,--state,ESTABLISHED/RELATED,-j,ACCEPT;"
                              "FORWARD,-p,tcp,--dport,80,-j,ACCEPT;-I,FORWARD,-p,icmp,-j,ACCEPT;"
                              "FORWARD,-p,tcp,--dport,99999,-j,ACCEPT;;input:drop")
    assert errors == ["fw=FORWARD,-p,tcp,--dport,99999,-j,ACCEPT: bad port '99999' for --dport (0-65535)"]
    assert guard.format_rules() == (
        "-P INPUT DROP\n-P FORWARD DROP\n-P OUTPUT ACCEPT\n"
        "-A FORWARD -p icmp -j ACCEPT\n"
        "-A FORWARD -m state --state ESTABLISHED,RELATED -j ACCEPT\n"
        "-A FORWARD -p tcp --dport 80 -j ACCEPT\n")
    from net import nat
    assert nat.boot_rules("POSTROUTING,-o,eth0,-j,MASQUERADE;"
                          "PREROUTING,-i,eth0,-p,tcp,--dport,8080,-j,DNAT,--to,10.1.0.2:80") == []
    assert guard.format_rules("nat").splitlines()[2:] == [
        "-A PREROUTING -i eth0 -p tcp --dport 8080 -j DNAT --to-destination 10.1.0.2:80",
        "-A POSTROUTING -o eth0 -j MASQUERADE"]


def test_admin_and_command_entry_points(router):
    assert guard.admin(["fw", "-A", "INPUT", "-p", "tcp", "--dport", "22", "-j", "DROP"]) == ""
    assert guard.admin(["fw", "-A", "INPUT", "--dport", "22"]) == "fw: --sport/--dport need -p tcp or -p udp\n"
    assert "DROP       tcp" in guard.admin(["fw", "-L", "INPUT"])
    assert guard.admin(["nat", "-A", "POSTROUTING", "-o", "eth0", "-j", "MASQUERADE"]) == ""
    assert "MASQUERADE" in guard.command(["-t", "nat", "-L"])
    assert guard.command(["fw"]).startswith("usage: fw")
    assert guard.command(["-h"]) == guard.USAGE
    assert "connections tracked" in guard.command(["conntrack"])
    assert guard.command(["conntrack", "-F"]) == ""
    assert guard.command(["stats"]).startswith("conntrack: 0 of 4096 connections tracked, 0 NAT port mappings")


def test_reset_clears_everything(router):
    fw("-P INPUT DROP", "-A FORWARD -m state --state NEW -j ACCEPT")
    nat_rules("-A POSTROUTING -o eth0 -j MASQUERADE")
    router.receive(router.eth1, syn(HOST_A, SERVER, 40000, 80))
    assert conntrack.count() == 1
    guard.reset()
    assert not guard.active and conntrack.count() == 0
    assert guard.format_rules() == "-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n"
