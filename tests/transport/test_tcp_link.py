"""Two independent stacks talking through an in-memory link that loses, duplicates
and reorders packets: the bytes must arrive exactly, both ways, and both ends close cleanly."""
import random

import machine
import pytest

from kit import FakeTimers, Hdr, Iface, Stats
from net import link as link_layer, tcp
from net.pkbuf import PacketBuffer
from net.transport import Transport

A_ADDR = 0x0A000001
B_ADDR = 0x0A000002


class LossyLink:
    def __init__(self, seed, loss, dup, reorder, latency_ms=1):
        self.rng = random.Random(seed)
        self.loss = loss
        self.dup = dup
        self.reorder = reorder
        self.latency = latency_ms
        self.queue = []             # [deliver_at, order, stack, raw, src, dst]
        self.order = 0
        self.stacks = {}
        self.carried = 0
        self.dropped = 0
        self.batch_end = []         # both stacks' work for the end of the batch being delivered

    def attach(self, addr, stack):
        self.stacks[addr] = stack

    def output_for(self, addr):
        def ip_output(pkb, src, dst, proto):
            assert src == addr and proto == 6
            raw = pkb.tobytes()
            pkb.release()
            copies = 1
            if self.rng.random() < self.loss:
                copies = 0
                self.dropped += 1
            elif self.rng.random() < self.dup:
                copies = 2
            for _ in range(copies):
                delay = self.latency
                if self.rng.random() < self.reorder:
                    delay += self.rng.randint(1, 6)
                self.order += 1
                self.queue.append([machine.ticks_ms() + delay, self.order, dst, raw, src])
        return ip_output

    def next_time(self):
        return min(e[0] for e in self.queue) if self.queue else None

    def deliver_due(self):
        now = machine.ticks_ms()
        due = sorted((e for e in self.queue if e[0] <= now), key=lambda e: (e[0], e[1]))
        if not due:
            return False
        for e in due:
            self.queue.remove(e)
        for _, _, dst, raw, src in due:
            self.carried += 1
            self.stacks[dst].tcp.input(Iface(), PacketBuffer.from_bytes(raw), Hdr(src, dst, 6))
        link_layer.receive_done(self.batch_end)     # what was due arrived as one batch, as from a NIC's ring
        return True


def run_transfer(seed, a_to_b, b_to_a, loss, dup, reorder, chunk=8192):
    machine.set_ms(5_000_000)
    timers = FakeTimers()
    link = LossyLink(seed, loss, dup, reorder)
    a = Transport(link.output_for(A_ADDR), timers, route=lambda d: (A_ADDR, 1500), stats=Stats(),
                  batch_end=link.batch_end.append)
    b = Transport(link.output_for(B_ADDR), timers, route=lambda d: (B_ADDR, 1500), stats=Stats(),
                  batch_end=link.batch_end.append)
    link.attach(A_ADDR, a)
    link.attach(B_ADDR, b)
    listener = b.tcp.listen(0, 9000)
    client = a.tcp.connect(B_ADDR, 9000)
    server = None
    sent = {"a": 0, "b": 0}
    got = {"a": bytearray(), "b": bytearray()}
    closed = {"a": False, "b": False}

    def pump(name, conn, data):
        if not conn.is_connected() and conn.state not in (tcp.CLOSE_WAIT,):
            return
        while sent[name] < len(data):
            n = conn.send(data[sent[name]:sent[name] + chunk])
            if n == 0:
                break
            sent[name] += n
        if sent[name] == len(data) and not closed[name]:
            conn.shutdown(tcp.SHUT_WR)
            closed[name] = True

    def drain(name, conn):
        while True:
            piece = conn.recv(65536)
            if not piece:
                return
            got[name] += piece

    for _ in range(2_000_000):
        if server is None:
            server = listener.accept()
        pump("a", client, a_to_b)
        drain("a", client)
        if server is not None:
            pump("b", server, b_to_a)
            drain("b", server)
        if link.deliver_due():
            continue
        timers.run_due()
        done = closed["a"] and closed["b"] and client.fin_received and server.fin_received \
            and not link.queue
        if done and client.state in (tcp.TIME_WAIT, tcp.CLOSED) and server.state in (tcp.TIME_WAIT, tcp.CLOSED):
            break
        candidates = [t for t in (link.next_time(), timers.next_deadline()) if t is not None]
        assert candidates, f"stalled: client {tcp.STATE_NAMES[client.state]} server {server and tcp.STATE_NAMES[server.state]}"
        machine.set_ms(max(machine.ticks_ms(), min(candidates)))
    return got, client, server, link, (a, b)


def blob(n, seed):
    rng = random.Random(seed)
    return rng.randbytes(n)


@pytest.mark.parametrize("seed,loss,dup,reorder", [(1, 0.02, 0.01, 0.05), (2, 0.05, 0.02, 0.2)])
def test_lossy_link_moves_megabytes_byte_exact(seed, loss, dup, reorder):
    a_to_b = blob(2_000_000, seed)
    b_to_a = blob(700_000, seed + 100)
    got, client, server, link, stacks = run_transfer(seed, a_to_b, b_to_a, loss, dup, reorder)
    assert bytes(got["b"]) == a_to_b
    assert bytes(got["a"]) == b_to_a
    assert link.dropped > 0
    a, b = stacks
    assert a.stats.get("tcp", "retrans_segs") + a.stats.get("tcp", "fast_retransmits") > 0
    # the close handshake finished: one side in TIME_WAIT, which expires
    machine.advance_ms(2 * tcp.TCP_MSL_MS)
    for _ in range(10):
        link.deliver_due()
        a.tcp.timers.run_due()
    assert client.state == tcp.CLOSED and server.state == tcp.CLOSED
    assert not a.tcp.conns and not b.tcp.conns
