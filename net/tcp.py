"""TCP (RFC 9293): the connection state machine, reliability and flow control.

Choices (see also tests/transport/):
- Options: MSS (ours: link MTU - 40; theirs honoured) and window scaling
  (RFC 7323; our shift is the smallest that covers the receive buffer, so 0
  for the default TCP_WINDOW_SIZE buffer, still sent so the peer may scale).
  Timestamps and SACK are not offered, so peers never send them; RTT is
  sampled from one timed segment per window (Karn's rule applies).
- Retransmission timer per RFC 6298 with a 200 ms floor (a LAN-only stack;
  RFC 6298 asks for 1 s) and a 60 s ceiling, doubling on each timeout;
  after TCP_MAX_RETRIES timeouts the connection fails with ETIMEDOUT (or the
  soft ICMP error seen meanwhile). A timeout resends from SND.UNA (go-back).
- Congestion control: RFC 5681 slow start / congestion avoidance, fast
  retransmit on the third duplicate ACK and NewReno recovery (RFC 6582).
- Zero-window and keepalive probes are empty segments with SEQ = SND.UNA-1
  (they draw an ACK carrying the current window, as Linux does) rather than
  one byte of data.
- RFC 5961: a RST is honoured only at exactly RCV.NXT (a challenge ACK for
  any other in-window RST), a SYN in a synchronized state draws a challenge
  ACK, ACKs outside [SND.UNA - MAX.SND.WND, SND.MAX] are challenged/dropped.
- Data carried on a SYN is not accepted (the peer resends it after the
  handshake); the urgent pointer is ignored (data is delivered in line).
- ICMP errors (RFC 5927): in SYN_SENT/SYN_RECEIVED, port/protocol
  unreachable and administratively prohibited abort the attempt; every other
  error, and all errors once synchronized, is soft: remembered and reported
  only if the connection then times out.
"""
from micropython import const
import struct
import machine
import inet
from net.config import TCP_WINDOW_SIZE, TCP_MAX_RETRIES, TCP_KEEPALIVE_MS, NET_PACKET_MTU
from net.pkbuf import PacketBuffer
from net.tcp_seq import seq_add, seq_diff, seq_lt, seq_le, seq_gt, seq_ge, seq_in_window
from net import isn as tcp_isn
from net.transport import (IPPROTO_TCP, TransportError,
                           format_endpoint, EPIPE, ENOTCONN, EISCONN, EINVAL, ECONNRESET,
                           ECONNREFUSED, ETIMEDOUT, EHOSTUNREACH, ENETUNREACH, EPROTO)

# Header flags
FIN = const(0x01)
SYN = const(0x02)
RST = const(0x04)
PSH = const(0x08)
ACK = const(0x10)
URG = const(0x20)

TCP_HEADER_LEN = const(20)
_HDR = "!HHIIBBHHH"

# States
CLOSED = const(0)
LISTEN = const(1)
SYN_SENT = const(2)
SYN_RECEIVED = const(3)
ESTABLISHED = const(4)
FIN_WAIT_1 = const(5)
FIN_WAIT_2 = const(6)
CLOSE_WAIT = const(7)
CLOSING = const(8)
LAST_ACK = const(9)
TIME_WAIT = const(10)
STATE_NAMES = ("CLOSED", "LISTEN", "SYN_SENT", "SYN_RECEIVED", "ESTABLISHED", "FIN_WAIT_1",
               "FIN_WAIT_2", "CLOSE_WAIT", "CLOSING", "LAST_ACK", "TIME_WAIT")

# Tunables
TCP_BUFFER_SIZE = const(65536)         # default send buffer, bytes (receive: TCP_WINDOW_SIZE)
TCP_MSL_MS = const(30000)              # maximum segment lifetime; TIME_WAIT lasts 2 * MSL
TCP_RTO_INITIAL_MS = const(1000)
TCP_RTO_MIN_MS = const(200)            # LAN-only floor (RFC 6298 says 1 s)
TCP_RTO_MAX_MS = const(60000)
TCP_DELACK_MS = const(40)
TCP_CORK_MS = const(200)               # longest a corked partial segment waits (Linux's ceiling)
TCP_KEEPALIVE_INTERVAL_MS = const(75000)
TCP_KEEPALIVE_PROBES = const(9)
TCP_DEFAULT_MSS = const(536)           # peer sent no MSS option (RFC 9293 3.7.1)
TCP_MAX_WSCALE = const(14)
CHALLENGE_ACKS_PER_SECOND = const(100)
TCP_OOO_MAX_SEGMENTS = const(64)       # out-of-order queue bound (the window bounds its bytes)

# poll() bits, Linux values
POLLIN = const(0x001)
POLLOUT = const(0x004)
POLLERR = const(0x008)
POLLHUP = const(0x010)
POLLRDHUP = const(0x2000)

SHUT_RD = const(0)
SHUT_WR = const(1)
SHUT_RDWR = const(2)

ICMP_DEST_UNREACH = const(3)
ICMP_SOURCE_QUENCH = const(4)
ICMP_TIME_EXCEEDED = const(11)
ICMP_PARAMETER_PROBLEM = const(12)
# Destination-unreachable codes that abort a connection attempt (RFC 1122 4.2.3.9, RFC 1812)
_HARD_UNREACH = {2: EPROTO, 3: ECONNREFUSED, 9: EHOSTUNREACH, 10: EHOSTUNREACH, 13: EHOSTUNREACH}

_SENDING_STATES = (ESTABLISHED, CLOSE_WAIT, FIN_WAIT_1, CLOSING, LAST_ACK)
_RECEIVING_STATES = (ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2)


_now = machine.ticks_ms


class TcpConn:
    """One transmission control block (also used for listeners)."""

    def __init__(self, tcp, local_addr, local_port, remote_addr, remote_port):
        self.tcp = tcp
        self.state = CLOSED
        self.local_addr = local_addr
        self.local_port = local_port
        self.remote_addr = remote_addr
        self.remote_port = remote_port
        self.owns_port = False          # listeners and active opens hold a port-table entry
        self.port_addr = 0
        self.parent = None              # listener of a passive-open child
        # listener
        self.backlog = 0
        self.syn_queue = []
        self.accept_queue = []
        # send side
        self.iss = 0
        self.snd_una = 0
        # A sender found the buffer full (send() took less than it was given, or poll() could not report
        # POLLOUT): the next ACK that frees room wakes the socket's waiters. Other ACKs wake nobody, as
        # Linux's write-space callback: an echo server waiting to read is not woken by the ACK of its reply.
        self.space_wanted = False
        self.snd_nxt = 0
        self.snd_max = 0                # highest sequence sent (SND.NXT before a go-back)
        self.snd_wnd = 0
        self.max_snd_wnd = 0
        self.snd_wl1 = 0
        self.snd_wl2 = 0
        self.snd_wscale = 0
        self.ws_ok = False              # both sides sent the window-scale option
        self.sndbuf = bytearray()       # unacknowledged + unsent data from sndbuf[snd_head], at buf_seq
        self.snd_head = 0               # acknowledged bytes still at the front (dropped in batches)
        self.buf_seq = 0
        self.sndbuf_size = TCP_BUFFER_SIZE
        self.wr_closed = False          # FIN queued after the buffered data
        self.mss = TCP_DEFAULT_MSS      # segment size we send
        self.our_mss = TCP_DEFAULT_MSS  # segment size we announced
        # receive side
        self.irs = 0
        self.rcv_nxt = 0
        self.rcv_adv = 0                # right edge of the window we advertised
        self.rcv_wscale = 0
        self.rcvbuf = bytearray()
        self.rcvbuf_size = TCP_WINDOW_SIZE
        self.ooo = []                   # out-of-order [seq, bytes, fin], sorted by seq
        self.fin_received = False
        self.rd_closed = False
        self.rcv_seg_max = TCP_DEFAULT_MSS
        self.delack_bytes = 0
        self.ack_queued = False         # in Tcp.batch_acks: acknowledged when the receive batch ends
        # congestion control and RTT (RFC 5681, 6582, 6298)
        self.cwnd = 0
        self.ssthresh = 0x7FFFFFFF
        self.dupacks = 0
        self.in_recovery = False
        self.recover = 0
        self.srtt = 0
        self.rttvar = 0
        self.rto = TCP_RTO_INITIAL_MS
        self.rtt_seq = None             # the timed segment ends here
        self.rtt_start = 0
        self.retries = 0
        self.persist_backoff = 0
        # timers (handles from transport.timers)
        self.rexmit_timer = None
        self.rexmit_fires = 0           # when rexmit_timer is due
        self.rexmit_at = 0              # when a retransmission is really due (later: see _restart_rexmit;
                                        # 0: nothing outstanding, the pending timer is stale)
        self.persist_timer = None
        self.delack_timer = None
        self.cork_timer = None
        self.keepalive_timer = None
        self.linger_timer = None        # an orphaned FIN_WAIT_2 (TIME_WAIT: Tcp's time_wait queue)
        self.tw_deadline = 0            # when TIME_WAIT ends
        # options and user-facing state
        self.nodelay = False
        self.cork = False               # TCP_CORK: partial segments wait (for more data, the FIN, uncork or 200 ms)
        self.cork_push = False          # the cork's time ran out: send what is queued now
        self.keepalive = False
        self.keepalive_ms = TCP_KEEPALIVE_MS
        self.keep_probes = 0
        self.last_rx_ms = _now()
        self.user_closed = False
        self.error = 0                  # pending errno, reported once
        self.soft_error = 0
        self.reset_seen = False
        self.waker = None               # called with the conn when poll() may have changed

    # ---------------- socket-layer API ----------------
    def poll(self):
        """Linux poll bits: POLLIN, POLLOUT, POLLERR, POLLHUP, POLLRDHUP. (Run for every socket at
        every poll(), twice when the caller waits: the state is read once and no tuple is built.)"""
        state = self.state
        if state == LISTEN:
            return POLLIN if self.accept_queue else 0
        ev = POLLERR if self.error else 0
        fin = self.fin_received
        if fin:
            ev |= POLLIN | POLLRDHUP
        elif self.rcvbuf or self.rd_closed:
            ev |= POLLIN
        if state == ESTABLISHED or state == CLOSE_WAIT:
            size = self.sndbuf_size
            if not self.wr_closed:
                if size - (len(self.sndbuf) - self.snd_head) >= size // 4:
                    ev |= POLLOUT
                else:
                    self.space_wanted = True
        elif state == CLOSED:
            ev |= POLLHUP | POLLIN
        return ev

    def readable(self):
        return self.poll() & (POLLIN | POLLERR | POLLHUP) != 0

    def writable(self):
        return self.poll() & (POLLOUT | POLLERR | POLLHUP) != 0

    def take_error(self):
        """SO_ERROR: the pending errno (0 if none), cleared."""
        err = self.error
        self.error = 0
        return err

    def is_connected(self):
        return self.state in (ESTABLISHED, CLOSE_WAIT, FIN_WAIT_1, FIN_WAIT_2)

    def accept(self):
        """The oldest established child, or None (EAGAIN: wait for POLLIN)."""
        if self.state != LISTEN:
            raise TransportError(EINVAL)
        if not self.accept_queue:
            return None
        child = self.accept_queue.pop(0)
        child.parent = None
        return child

    def send(self, data):
        """Copies as much of data as fits into the send buffer; returns the count
        (0: buffer full, wait for POLLOUT). Raises EPIPE after shutdown/reset."""
        if self.error:
            self._raise_error()
        st = self.state
        if st == LISTEN:
            raise TransportError(ENOTCONN)
        if self.wr_closed or st not in (SYN_SENT, SYN_RECEIVED, ESTABLISHED, CLOSE_WAIT):
            raise TransportError(EPIPE)
        room = self.sndbuf_size - (len(self.sndbuf) - self.snd_head)
        n = len(data)
        if n > room:
            n = room
            self.space_wanted = True
        if n <= 0:
            return 0
        self.sndbuf += data[:n] if n < len(data) else data
        if st != SYN_SENT and st != SYN_RECEIVED:
            self._output()
        return n

    def recv(self, maxlen):
        """Up to maxlen bytes; b"" at end of stream; None when nothing is there yet.
        A pending error (ECONNRESET, ETIMEDOUT, ...) is raised once."""
        buf = self.rcvbuf
        if buf and not self.rd_closed:
            # one copy out (a slice of the bytearray would be a second); del keeps the capacity
            if maxlen >= len(buf):
                out = bytes(buf)
                del buf[:]
            else:
                out = bytes(memoryview(buf)[:maxlen])
                del buf[:maxlen]
            self._maybe_window_update()
            return out
        if self.error:
            self._raise_error()
        if self.fin_received or self.rd_closed or self.state == CLOSED:
            return b""
        if self.state == LISTEN:
            raise TransportError(ENOTCONN)
        return None

    def shutdown(self, how):
        if self.state in (CLOSED, LISTEN, SYN_SENT):
            raise TransportError(ENOTCONN)
        if how == SHUT_RD or how == SHUT_RDWR:
            self.rd_closed = True
            self.rcvbuf = bytearray()
        if how == SHUT_WR or how == SHUT_RDWR:
            self._close_write()

    def close(self):
        """Graceful close: FIN after the queued data; RST if received data was left unread.
        The TCB stays until the closing handshake ends (the socket layer forgets it now)."""
        if self.user_closed:
            return
        self.user_closed = True
        self.waker = None
        st = self.state
        if st == LISTEN:
            self._close_listener()
        elif st == CLOSED:
            self._destroy()
        elif st == SYN_SENT:
            self._destroy()
        elif self.rcvbuf and not self.rd_closed:
            self._abort_with_reset()    # RFC 2525 2.17: unread data means reset
        else:
            self.rd_closed = True
            self._close_write()
            if self.state == FIN_WAIT_2:
                self._start_orphan_timer()

    def abort(self):
        """Immediate close: RST to the peer (when synchronized), TCB freed."""
        self.user_closed = True
        self.waker = None
        if self.state == LISTEN:
            self._close_listener()
        else:
            self._abort_with_reset()

    def set_nodelay(self, on):
        self.nodelay = bool(on)
        if on and self.state in _SENDING_STATES:
            self._output()

    def set_cork(self, on):
        """TCP_CORK, as on Linux: while on, only full segments leave; a partial one waits for more data, the
        FIN (close or shutdown sends the last data with it), the cork's removal, or TCP_CORK_MS."""
        self.cork = bool(on)
        if not on:
            self._cancel("cork_timer")
            if self.state in _SENDING_STATES:
                self._output()

    def _on_cork(self):
        self.cork_timer = None
        if self.cork and self.state in _SENDING_STATES:
            self.cork_push = True
            try:
                self._output()
            finally:
                self.cork_push = False

    def set_keepalive(self, on, idle_ms=None):
        self.keepalive = bool(on)
        if idle_ms is not None:
            self.keepalive_ms = idle_ms
        self._cancel("keepalive_timer")
        if self.keepalive and self.state in (ESTABLISHED, CLOSE_WAIT, FIN_WAIT_2):
            self._arm_keepalive(self.keepalive_ms)

    def set_buffer_sizes(self, sndbuf=None, rcvbuf=None):
        """Before connect/listen: the receive size also picks our window scale."""
        if sndbuf is not None:
            self.sndbuf_size = sndbuf
        if rcvbuf is not None:
            self.rcvbuf_size = rcvbuf

    def send_queue_len(self):
        return len(self.sndbuf) - self.snd_head

    def recv_queue_len(self):
        if self.state == LISTEN:
            return len(self.accept_queue)
        return len(self.rcvbuf)

    # ---------------- internals: life cycle ----------------
    def _wake(self):
        if self.waker is not None:
            self.waker(self)
        parent = self.parent
        if parent is not None and parent.waker is not None:
            parent.waker(parent)

    def _raise_error(self):
        if self.error:
            err = self.error
            self.error = 0
            raise TransportError(err)

    def _cancel(self, name):
        handle = getattr(self, name)
        if handle is not None:
            self.tcp.timers.cancel(handle)
            setattr(self, name, None)

    def _cancel_all_timers(self):
        self._cancel("rexmit_timer")
        self._cancel("persist_timer")
        self._cancel("delack_timer")
        self._cancel("cork_timer")
        self._cancel("keepalive_timer")
        self._cancel("linger_timer")

    def _destroy(self):
        """Frees the TCB: timers, demux entry, port, queue membership."""
        self._cancel_all_timers()
        self.state = CLOSED
        self.tcp._unregister(self)
        parent = self.parent
        if parent is not None:
            if self in parent.syn_queue:
                parent.syn_queue.remove(self)
            if self in parent.accept_queue:
                parent.accept_queue.remove(self)
            self.parent = None
        self._wake()

    def _fail(self, errno):
        self.error = errno
        self._destroy()

    def _abort_with_reset(self):
        if self.state in (SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT):
            self._emit(self.snd_nxt, 0, RST, None)
        self._destroy()

    def _close_listener(self):
        for child in self.syn_queue + self.accept_queue:
            child.parent = None
            child._abort_with_reset()
        self.syn_queue = []
        self.accept_queue = []
        self._destroy()

    def _close_write(self):
        if self.wr_closed:
            return
        self.wr_closed = True
        st = self.state
        if st == ESTABLISHED:
            self.state = FIN_WAIT_1
        elif st == CLOSE_WAIT:
            self.state = LAST_ACK
        else:
            return                      # SYN_RECEIVED: FIN follows once established
        self._output()

    def _enter_established(self):
        self.state = ESTABLISHED
        self.cwnd = _initial_window(self.mss)
        if self.retries and self.srtt == 0:
            self.rto = 3000             # RFC 6298 5.7: SYN was retransmitted
        self.retries = 0
        if self.keepalive:
            self._arm_keepalive(self.keepalive_ms)
        if self.wr_closed:
            self.state = FIN_WAIT_1

    def _enter_time_wait(self):
        self.state = TIME_WAIT
        self._cancel_all_timers()
        self.tcp._time_wait_add(self)
        self._wake()

    def _start_orphan_timer(self):
        # An orphaned FIN_WAIT_2 must not wait forever for a peer that never closes.
        self._cancel("linger_timer")
        self.linger_timer = self.tcp.timers.schedule(2 * self.tcp.msl_ms, self._on_linger)

    def _on_linger(self):
        self.linger_timer = None
        self._destroy()

    # ---------------- internals: segment output ----------------
    def _emit(self, seq, length, flags, options, data_offset=0):
        """Builds and sends one segment; payload is sndbuf[data_offset:data_offset+length]."""
        if flags & RST:
            window = 0
        else:
            window = self._window_field(flags & SYN)
        if self.state == SYN_SENT:
            ack = 0                     # nothing to acknowledge yet
        else:
            ack = self.rcv_nxt
            flags |= ACK
        pkb = PacketBuffer.alloc(length)
        data_sum = 0
        if length:
            # the payload is copied and summed for the checksum in one pass (PacketBuffer.append's job)
            end = pkb.end
            data_sum = inet.copy_sum(pkb.mem, end, self.sndbuf, data_offset, length)
            pkb.end = end + length
        self.tcp.emit(pkb, self.local_addr, self.remote_addr, self.local_port, self.remote_port,
                      seq, ack, flags, window, options, data_sum)
        if flags & ACK:
            # the delayed-ACK timer stays: it finds delack_bytes 0 and does nothing (no cancel per segment)
            self.delack_bytes = 0

    def _window_field(self, is_syn):
        """The window to advertise, with receiver silly-window avoidance (RFC 9293 3.8.6.2.2):
        the right edge moves only by at least min(buffer/2, MSS), and never back."""
        size = self.rcvbuf_size
        free = size - len(self.rcvbuf)
        if free < 0:
            free = 0
        rcv_nxt = self.rcv_nxt
        current = (self.rcv_adv - rcv_nxt) & 0xFFFFFFFF
        if current & 0x80000000:
            current = 0                 # (sequence arithmetic inline: this runs for every segment sent)
        step = size >> 1
        if self.our_mss < step:
            step = self.our_mss
        if free - current >= step or free == size:
            wnd = free
        else:
            wnd = current
        if is_syn:
            shift = 0
            field = wnd
        else:
            shift = self.rcv_wscale
            field = (wnd + (1 << shift) - 1) >> shift if wnd == current else wnd >> shift
        if field > 65535:
            field = 65535
        edge = (rcv_nxt + (field << shift)) & 0xFFFFFFFF
        ahead = (edge - self.rcv_adv) & 0xFFFFFFFF
        if ahead and not ahead & 0x80000000:
            self.rcv_adv = edge
        return field

    def _send_ack(self):
        self._emit(self.snd_nxt, 0, ACK, None)

    def _send_syn(self):
        flags = SYN | ACK if self.state == SYN_RECEIVED else SYN
        # RFC 7323 2.2: a SYN,ACK carries window scale only if their SYN did
        send_ws = self.state == SYN_SENT or self.ws_ok
        options = _syn_options(self.our_mss, self.rcv_wscale if send_ws else -1)
        self._emit(self.iss, 0, flags, options)
        self.snd_nxt = seq_add(self.iss, 1)
        if seq_gt(self.snd_nxt, self.snd_max) or self.snd_max == self.iss:
            self.snd_max = self.snd_nxt
        if self.retries == 0:
            self.rtt_seq = self.snd_nxt
            self.rtt_start = _now()
        self._arm_rexmit()

    def _send_segment_at(self, seq, max_len):
        """(Re)sends data from seq (with FIN if it reaches the end after close). Returns seq space used."""
        off = self.snd_head + seq_diff(seq, self.buf_seq)
        avail = len(self.sndbuf) - off
        n = max_len if max_len < avail else avail
        if n < 0:
            n = 0
        flags = ACK
        used = n
        if off + n == len(self.sndbuf):
            if n:
                flags |= PSH
            if self.wr_closed:
                flags |= FIN
                used += 1
        if used == 0:
            return 0
        self._emit(seq, n, flags, None, off)
        return used

    def _output(self):
        """Sends what the windows, Nagle and SWS avoidance allow. Returns segments sent."""
        st = self.state
        if st == SYN_SENT or st == SYN_RECEIVED:
            if self.snd_nxt == self.iss:
                self._send_syn()
                return 1
            return 0
        if st not in _SENDING_STATES:
            return 0
        sent = 0
        mss = self.mss
        while True:
            # sequence arithmetic inline (net.tcp_seq's seq_diff): this loop runs for every segment sent
            nxt = self.snd_nxt
            ahead = (nxt - self.buf_seq) & 0xFFFFFFFF
            if ahead & 0x80000000:
                ahead -= 0x100000000
            off = self.snd_head + ahead
            unsent = len(self.sndbuf) - off
            if unsent < 0 or (unsent == 0 and not self.wr_closed):
                break                   # all sent (FIN included)
            in_flight = (nxt - self.snd_una) & 0xFFFFFFFF
            if in_flight & 0x80000000:
                in_flight -= 0x100000000
            wnd = self.snd_wnd if self.snd_wnd < self.cwnd else self.cwnd
            usable = wnd - in_flight
            if unsent > 0:
                n = unsent
                if n > mss:
                    n = mss
                if n > usable:
                    n = usable
                if n <= 0:
                    break
                if n < mss:
                    if self.cork and not (n == unsent and self.wr_closed) and not self.cork_push:
                        if self.cork_timer is None:
                            self.cork_timer = self.tcp.timers.schedule(TCP_CORK_MS, self._on_cork)
                        break           # corked: a partial segment waits
                    if in_flight > 0 and not (n == unsent and (self.nodelay or self.wr_closed)):
                        break           # Nagle / sender SWS avoidance: wait for the ACK
            else:
                n = 0
            flags = ACK                 # as _send_segment_at
            used = n
            if n == unsent:
                if n:
                    flags |= PSH
                if self.wr_closed:
                    flags |= FIN
                    used += 1
                    if self.cork_timer is not None:
                        self._cancel("cork_timer")     # nothing can wait behind the FIN
            if used == 0:
                break
            self._emit(nxt, n, flags, None, off)
            new_data = not (nxt - self.snd_max) & 0x80000000
            nxt = (nxt + used) & 0xFFFFFFFF
            self.snd_nxt = nxt
            if new_data:
                self.snd_max = nxt
                if self.rtt_seq is None:
                    self.rtt_seq = nxt
                    self.rtt_start = _now()
            elif (self.snd_max - nxt) & 0x80000000:
                self.snd_max = nxt      # a resent segment reached past SND.MAX
            if self.rexmit_timer is None or self.rexmit_at == 0:
                self._arm_rexmit()
            sent += 1
        if self.snd_wnd == 0 or self.persist_timer is not None:
            self._check_persist()
        return sent

    def _check_persist(self):
        """Zero window with data waiting and nothing in flight: probe (RFC 9293 3.8.6.1)."""
        waiting = len(self.sndbuf) - self.snd_head - seq_diff(self.snd_nxt, self.buf_seq) > 0
        if waiting and self.snd_wnd == 0 and self.snd_nxt == self.snd_una:
            if self.persist_timer is None:
                self._cancel("rexmit_timer")
                self.persist_timer = self.tcp.timers.schedule(self._persist_delay(), self._on_persist)
        elif self.persist_timer is not None and self.snd_wnd > 0:
            self._cancel("persist_timer")
            self.persist_backoff = 0

    def _persist_delay(self):
        delay = self.rto << self.persist_backoff
        return delay if delay < TCP_RTO_MAX_MS else TCP_RTO_MAX_MS

    def _send_probe(self):
        # SEQ = SND.UNA - 1 is already acknowledged, so the peer answers with an ACK.
        self._emit(seq_add(self.snd_una, -1), 0, ACK, None)

    def _send_challenge_ack(self):
        if self.tcp.challenge_ack_allowed():
            self._send_ack()

    # ---------------- internals: timers ----------------
    def _arm_rexmit(self):
        if self.rexmit_timer is None:
            self._schedule_rexmit(_now() + self.rto)
        elif self.rexmit_at == 0:
            self._restart_rexmit()      # a stale timer left by _disarm_rexmit: time from now

    def _schedule_rexmit(self, at):
        now = _now()
        self.rexmit_at = at
        self.rexmit_fires = at
        self.rexmit_timer = self.tcp.timers.schedule(at - now, self._on_rexmit)

    def _restart_rexmit(self):
        """RTO from now. Most ACKs only move the deadline later: the pending timer stays and, when it
        fires early, re-arms itself for the rest (no cancel and insert per ACK)."""
        at = _now() + self.rto
        if self.rexmit_timer is not None and self.rexmit_fires <= at:
            self.rexmit_at = at
            return
        self._cancel("rexmit_timer")
        self._schedule_rexmit(at)

    def _disarm_rexmit(self):
        """Everything is acknowledged: the timer is left to fire into nothing, so that a request and
        response exchange does not cancel and insert a timer for every segment."""
        self.rexmit_at = 0

    def _on_rexmit(self):
        self.rexmit_timer = None
        if self.state in (CLOSED, LISTEN, TIME_WAIT) or self.snd_una == self.snd_max or self.rexmit_at == 0:
            return
        if _now() < self.rexmit_at:
            self._schedule_rexmit(self.rexmit_at)   # restarted since it was armed
            return
        if self.retries >= TCP_MAX_RETRIES:
            self.tcp.stats.inc("tcp", "timeouts")
            if self.parent is not None:
                self._destroy()         # a half-open child just disappears
            else:
                self._fail(self.soft_error or ETIMEDOUT)
            return
        self.retries += 1
        self.tcp.stats.inc("tcp", "retrans_segs")
        self.rto = min(self.rto * 2, TCP_RTO_MAX_MS)
        if self.state != SYN_SENT and self.state != SYN_RECEIVED:
            flight = seq_diff(self.snd_max, self.snd_una)
            self.ssthresh = max(flight // 2, 2 * self.mss)
            self.cwnd = self.mss
            self.in_recovery = False
            self.dupacks = 0
            self.recover = self.snd_max
        self.rtt_seq = None             # Karn: no sample from retransmitted data
        self.snd_nxt = self.snd_una
        if self._output() == 0 and self.state not in (SYN_SENT, SYN_RECEIVED):
            # the window is closed: still resend the first segment to learn the peer's state
            self.snd_nxt = seq_add(self.snd_una, self._send_segment_at(self.snd_una, self.mss))
        self._arm_rexmit()

    def _on_persist(self):
        self.persist_timer = None
        if self.state not in _SENDING_STATES:
            return
        if self.snd_wnd > 0:
            self._output()
            return
        self._send_probe()
        if self.persist_backoff < 16:
            self.persist_backoff += 1
        self.persist_timer = self.tcp.timers.schedule(self._persist_delay(), self._on_persist)

    def _on_delack(self):
        self.delack_timer = None
        if self.delack_bytes and self.state not in (CLOSED, LISTEN, TIME_WAIT):
            self._send_ack()

    def _on_batch_end(self):
        self.ack_queued = False
        if self.delack_bytes and self.state not in (CLOSED, LISTEN, TIME_WAIT):
            self._send_ack()        # (a segment sent since, with its ACK, left delack_bytes 0)

    def _arm_keepalive(self, delay):
        self.keepalive_timer = self.tcp.timers.schedule(delay, self._on_keepalive)

    def _on_keepalive(self):
        self.keepalive_timer = None
        if not self.keepalive or self.state not in (ESTABLISHED, CLOSE_WAIT, FIN_WAIT_2):
            return
        idle = _now() - self.last_rx_ms
        if self.keep_probes == 0 and idle < self.keepalive_ms:
            self._arm_keepalive(self.keepalive_ms - idle)
            return
        if self.snd_una != self.snd_max or self.send_queue_len():
            self._arm_keepalive(self.keepalive_ms)     # the retransmission timer watches the peer
            return
        if self.keep_probes >= TCP_KEEPALIVE_PROBES:
            self._fail(self.soft_error or ETIMEDOUT)
            return
        self.keep_probes += 1
        self._send_probe()
        self._arm_keepalive(TCP_KEEPALIVE_INTERVAL_MS)

    # ---------------- internals: segment arrival ----------------
    def _syn_sent_input(self, seq, ack, flags, wnd, mss_opt, ws_opt):
        """RFC 9293 3.10.7.3."""
        if flags & ACK:
            if seq_le(ack, self.iss) or seq_gt(ack, self.snd_max):
                if not flags & RST:
                    self.tcp.send_reset(self.local_addr, self.remote_addr, self.local_port,
                                        self.remote_port, ack, 0, RST)
                return
        if flags & RST:
            if flags & ACK:
                self.reset_seen = True
                self._fail(ECONNREFUSED)
            return
        if not flags & SYN:
            return
        self.irs = seq
        self.rcv_nxt = seq_add(seq, 1)
        self._apply_syn_options(mss_opt, ws_opt)
        self.rcv_adv = self.rcv_nxt
        if flags & ACK:
            self.snd_wnd = wnd          # never scaled in a SYN
            self.max_snd_wnd = wnd
            self.snd_wl1 = seq
            self.snd_wl2 = ack
            self._ack_advance(ack)
            self._cancel("rexmit_timer")
            self._enter_established()
            self._send_ack()
            self._output()
            self._wake()
        else:
            # Simultaneous open: SYN,ACK from SYN_RECEIVED, reusing our ISS.
            self.state = SYN_RECEIVED
            self.snd_wnd = wnd
            self.snd_wl1 = seq
            self.snd_nxt = self.iss
            self._cancel("rexmit_timer")
            self._send_syn()

    def _apply_syn_options(self, mss_opt, ws_opt):
        self.mss = min(self.our_mss, mss_opt if mss_opt > 0 else TCP_DEFAULT_MSS)
        self.ws_ok = ws_opt >= 0
        if self.ws_ok:
            self.snd_wscale = ws_opt if ws_opt <= TCP_MAX_WSCALE else TCP_MAX_WSCALE
        else:
            self.snd_wscale = 0
            self.rcv_wscale = 0

    def _acceptable(self, seq, seg_len):
        """RFC 9293 3.10.7.4 first check, with the window we advertised."""
        wnd = seq_diff(self.rcv_adv, self.rcv_nxt)
        if wnd < 0:
            wnd = 0
        if seg_len == 0:
            if wnd == 0:
                return seq == self.rcv_nxt
            return seq_in_window(seq, self.rcv_nxt, wnd)
        if wnd == 0:
            return seq == self.rcv_nxt  # taken for its ACK/RST; the data is trimmed off
        return seq_in_window(seq, self.rcv_nxt, wnd) or \
            seq_in_window(seq_add(seq, seg_len - 1), self.rcv_nxt, wnd)

    def _fast_input(self, seq, ack, flags, wnd, payload):
        """Header prediction: an ESTABLISHED segment with only ACK (and PSH) set, exactly at RCV.NXT, inside
        the window, acknowledging nothing unsent or old, no reordering queue. Returns False (nothing done)
        for anything else, which takes the full RFC 9293 path."""
        if flags & 0x37 != ACK or seq != self.rcv_nxt or self.state != ESTABLISHED or self.ooo \
                or self.user_closed:
            return False
        plen = len(payload)
        una = self.snd_una
        acked = (ack - una) & 0xFFFFFFFF
        room = (self.rcv_adv - seq) & 0xFFFFFFFF
        if acked > ((self.snd_max - una) & 0xFFFFFFFF) or plen > room or room & 0x80000000:
            return False
        self.last_rx_ms = _now()
        self.keep_probes = 0
        scaled_wnd = wnd << self.snd_wscale
        if acked:
            self._on_new_ack(ack)
        elif plen == 0 and scaled_wnd == self.snd_wnd and una != self.snd_max:
            self._on_dup_ack()
        wl1 = self.snd_wl1
        wl2 = self.snd_wl2
        if (wl1 - seq) & 0x80000000 or (wl1 == seq and (wl2 == ack or (wl2 - ack) & 0x80000000)):
            self.snd_wnd = scaled_wnd   # SND.WL1 < SEG.SEQ, or equal and SND.WL2 <= SEG.ACK
            if scaled_wnd > self.max_snd_wnd:
                self.max_snd_wnd = scaled_wnd
            self.snd_wl1 = seq
            self.snd_wl2 = ack
        if plen:
            self._receive_in_order(payload, plen)
            waker = self.waker
            if self.parent is not None:
                self._wake()
            elif waker is not None:
                waker(self)
        if self.snd_head == len(self.sndbuf) and not self.wr_closed:
            sent = 0                    # nothing queued to send
        else:
            sent = self._output()
        if sent == 0 and self.delack_bytes and self.delack_timer is None:
            self.delack_timer = self.tcp.timers.schedule(TCP_DELACK_MS, self._on_delack)
        return True

    def _segment_input(self, seq, ack, flags, wnd, payload):
        """RFC 9293 3.10.7.4: SYN_RECEIVED and the synchronized states."""
        self.last_rx_ms = _now()
        self.keep_probes = 0
        plen = len(payload)
        seg_len = plen + (1 if flags & SYN else 0) + (1 if flags & FIN else 0)
        st = self.state
        if st == SYN_RECEIVED and flags & SYN and seq == self.irs and not flags & RST:
            if not flags & ACK:
                self.snd_nxt = self.iss     # their SYN again: our SYN,ACK was lost
                self._send_syn()
                return
            flags &= ~SYN                   # simultaneous open: their SYN,ACK; the SYN is old
            seq = seq_add(seq, 1)
            seg_len -= 1
        # 1. sequence number
        if not self._acceptable(seq, seg_len):
            if flags & RST:
                return
            if st == TIME_WAIT and flags & FIN:
                self._enter_time_wait()     # their FIN again: restart 2 MSL
            self._send_ack()
            return
        # 2. RST (RFC 5961 3.2)
        if flags & RST:
            if seq == self.rcv_nxt:
                self._on_reset()
            else:
                self._send_challenge_ack()
            return
        # 4. SYN (RFC 5961 4.2)
        if flags & SYN:
            self._send_challenge_ack()
            return
        # 5. ACK
        if not flags & ACK:
            return
        ack_now = False
        # trim to the window: the front that was already received, the tail past our window
        skip = seq_diff(self.rcv_nxt, seq)
        if skip > 0:
            if skip > plen:
                flags &= ~FIN
                skip = plen
            payload = payload[skip:]
            plen -= skip
            seq = self.rcv_nxt
            ack_now = True
        room = seq_diff(self.rcv_adv, seq)
        if room < 0:
            room = 0
        if plen > room:
            payload = payload[:room]
            plen = room
            flags &= ~FIN
            ack_now = True
        if st == SYN_RECEIVED:
            if not (seq_lt(self.snd_una, ack) and seq_le(ack, self.snd_max)):
                self.tcp.send_reset(self.local_addr, self.remote_addr, self.local_port,
                                    self.remote_port, ack, 0, RST)
                return
            parent = self.parent
            if parent is not None:
                if len(parent.accept_queue) >= parent.backlog:
                    self.tcp.stats.drop("tcp", "listen_overflows")
                    return              # stays half-open; the SYN,ACK is retried
                parent.syn_queue.remove(self)
                parent.accept_queue.append(self)
            self.snd_wnd = wnd << self.snd_wscale
            self.max_snd_wnd = self.snd_wnd
            self.snd_wl1 = seq
            self.snd_wl2 = ack
            self._enter_established()
            st = self.state
            self._wake()
        if seq_gt(ack, self.snd_max):
            self._send_ack()            # acks something not yet sent
            return
        if seq_lt(ack, seq_add(self.snd_una, -self.max_snd_wnd)):
            self._send_challenge_ack()  # RFC 5961 5.2
            return
        scaled_wnd = wnd << self.snd_wscale
        if seq_gt(ack, self.snd_una):
            self._on_new_ack(ack)
        elif ack == self.snd_una and plen == 0 and not flags & FIN and scaled_wnd == self.snd_wnd \
                and self.snd_una != self.snd_max:
            self._on_dup_ack()
        if self.state == CLOSED:
            return
        if seq_lt(self.snd_wl1, seq) or (self.snd_wl1 == seq and seq_le(self.snd_wl2, ack)):
            self.snd_wnd = scaled_wnd
            if scaled_wnd > self.max_snd_wnd:
                self.max_snd_wnd = scaled_wnd
            self.snd_wl1 = seq
            self.snd_wl2 = ack
        if st == TIME_WAIT:
            if flags & FIN:
                self._enter_time_wait()
                self._send_ack()
            return
        if self.state == CLOSED:
            return
        # 7. text
        fin = flags & FIN
        if plen or fin:
            if self.state in _RECEIVING_STATES:
                if self.user_closed and plen:
                    self._abort_with_reset()   # nobody will read it
                    return
                if seq == self.rcv_nxt:
                    if plen:
                        self._receive_in_order(payload, plen)
                    if self.ooo:
                        fin = self._drain_ooo() or fin
                        ack_now = True
                    if fin:
                        self._on_fin()
                        ack_now = True
                    if plen:
                        self._wake()
                else:
                    self._ooo_insert(seq, payload, fin)
                    ack_now = True
            elif fin:
                ack_now = True          # a retransmitted FIN
        if self.state == CLOSED:
            return
        sent = self._output()
        if ack_now and sent == 0:
            self._send_ack()
        elif self.delack_bytes and self.delack_timer is None and sent == 0:
            self.delack_timer = self.tcp.timers.schedule(TCP_DELACK_MS, self._on_delack)

    def _receive_in_order(self, payload, plen):
        if not self.rd_closed:          # (shut down for reading: discarded)
            self.rcvbuf += payload
        self.rcv_nxt = (self.rcv_nxt + plen) & 0xFFFFFFFF
        if plen > self.rcv_seg_max:
            self.rcv_seg_max = plen if plen < self.our_mss else self.our_mss
        self.delack_bytes += plen
        if self.delack_bytes >= 2 * self.rcv_seg_max and not self.ack_queued:
            # Every second full segment is acknowledged, once the frames the driver is handing up now have
            # been through (Tcp.receive_done): a burst gets one ACK for all of it, as GRO gives Linux,
            # instead of one per two segments (each about as costly to send as a segment is to take in).
            tcp = self.tcp
            if tcp.batch_end is None:
                self._send_ack()
                return
            self.ack_queued = True
            if not tcp.batch_acks:
                tcp.batch_end(tcp.receive_done)
            tcp.batch_acks.append(self)

    def _ooo_insert(self, seq, payload, fin):
        self.tcp.stats.inc("tcp", "ofo_queue")
        entry = [seq, bytes(payload), fin]
        q = self.ooo
        i = len(q)
        while i > 0 and seq_gt(q[i - 1][0], seq):
            i -= 1
        if i > 0 and q[i - 1][0] == seq and len(q[i - 1][1]) >= len(entry[1]) and not fin:
            return                      # duplicate
        if len(q) >= TCP_OOO_MAX_SEGMENTS:
            self.tcp.stats.drop("tcp", "ofo_drop")
            return
        q.insert(i, entry)

    def _drain_ooo(self):
        """Moves queued segments that now follow RCV.NXT into the buffer; True if FIN reached."""
        fin = False
        q = self.ooo
        while q and seq_le(q[0][0], self.rcv_nxt):
            seq, data, seg_fin = q.pop(0)
            end = seq_add(seq, len(data))
            if seq_gt(end, self.rcv_nxt) or (seg_fin and end == self.rcv_nxt):
                part = data[seq_diff(self.rcv_nxt, seq):]
                if part:
                    if not self.rd_closed:
                        self.rcvbuf += part
                    self.rcv_nxt = end
                if seg_fin:
                    fin = True
                    self.ooo = []
                    break
        return fin

    def _on_fin(self):
        self.rcv_nxt = seq_add(self.rcv_nxt, 1)
        self.fin_received = True
        st = self.state
        if st == ESTABLISHED:
            self.state = CLOSE_WAIT
        elif st == FIN_WAIT_1:
            self.state = CLOSING        # our FIN is not acknowledged yet
        elif st == FIN_WAIT_2:
            self._enter_time_wait()
        self._wake()

    def _on_reset(self):
        self.reset_seen = True
        st = self.state
        self.tcp.stats.inc("tcp", "estab_resets")
        if st == SYN_RECEIVED:
            if self.parent is not None:
                self._destroy()         # back to the listener, which never saw it
            else:
                self._fail(ECONNREFUSED)
        elif st in (ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT):
            self._fail(ECONNRESET)
        else:
            self._destroy()

    def _on_new_ack(self, ack):
        # (sequence arithmetic inline, as net.tcp_seq's seq_diff: this runs for every new ACK)
        acked = (ack - self.snd_una) & 0xFFFFFFFF
        if acked & 0x80000000:
            acked -= 0x100000000
        data_acked = (ack - self.buf_seq) & 0xFFFFFFFF
        if data_acked & 0x80000000:
            data_acked -= 0x100000000
        queued = len(self.sndbuf) - self.snd_head
        if data_acked > queued:
            data_acked = queued
        if data_acked > 0:
            self._drop_acked(data_acked)
        self._ack_advance(ack)
        self.retries = 0
        self.persist_backoff = 0
        if self.in_recovery or self.cwnd >= self.ssthresh:
            self._congestion_on_ack(ack, acked)
        else:                           # slow start, _congestion_on_ack's common case
            self.dupacks = 0
            self.cwnd += acked if acked < self.mss else self.mss
        if self.snd_una == self.snd_max:
            self._disarm_rexmit()
        else:
            self._restart_rexmit()
        fin_acked = self.wr_closed and self.snd_una == self.snd_max and self.snd_head == len(self.sndbuf) \
            and seq_diff(self.snd_max, self.buf_seq) == 1
        st = self.state
        if fin_acked:
            if st == FIN_WAIT_1:
                self.state = FIN_WAIT_2
                if self.user_closed:
                    self._start_orphan_timer()
            elif st == CLOSING:
                self._enter_time_wait()
            elif st == LAST_ACK:
                self._destroy()
                return
        if data_acked > 0 and self.space_wanted:
            self.space_wanted = False
            self._wake()

    def _drop_acked(self, n):
        """Forgets n acknowledged bytes. The front is cut only once it is at least half of the buffer,
        so each byte is moved at most about once (cutting on every ACK moved the whole window)."""
        self.buf_seq = seq_add(self.buf_seq, n)
        head = self.snd_head + n
        size = len(self.sndbuf)
        if head == size:
            del self.sndbuf[:]          # keeps the capacity
            head = 0
        elif head >= 8192 and 2 * head >= size:
            del self.sndbuf[:head]
            head = 0
        self.snd_head = head

    def _ack_advance(self, ack):
        """SND.UNA moves to ack; an RTT sample if the timed segment is covered."""
        self.snd_una = ack
        if (self.snd_nxt - ack) & 0x80000000:                       # seq_lt(snd_nxt, ack)
            self.snd_nxt = ack
        rtt_seq = self.rtt_seq
        if rtt_seq is not None and not (ack - rtt_seq) & 0x80000000:  # seq_ge(ack, rtt_seq)
            self._rtt_sample(_now() - self.rtt_start)
            self.rtt_seq = None

    def _rtt_sample(self, r):
        """RFC 6298 2.2-2.4."""
        if r < 1:
            r = 1
        if self.srtt == 0:
            self.srtt = r
            self.rttvar = r // 2
        else:
            delta = self.srtt - r
            if delta < 0:
                delta = -delta
            self.rttvar = (3 * self.rttvar + delta) // 4
            self.srtt = (7 * self.srtt + r) // 8
        rto = self.srtt + (4 * self.rttvar if self.rttvar > 0 else 1)
        if rto < TCP_RTO_MIN_MS:
            rto = TCP_RTO_MIN_MS
        elif rto > TCP_RTO_MAX_MS:
            rto = TCP_RTO_MAX_MS
        self.rto = rto

    def _congestion_on_ack(self, ack, acked):
        mss = self.mss
        if self.in_recovery:
            if seq_ge(ack, self.recover):
                # full ACK (RFC 6582 3.2 step 3)
                flight = seq_diff(self.snd_max, self.snd_una)
                self.cwnd = min(self.ssthresh, max(flight, mss) + mss)
                self.in_recovery = False
                self.dupacks = 0
            else:
                # partial ACK: resend the next hole, deflate by what was acknowledged
                self._send_segment_at(self.snd_una, mss)
                self.cwnd -= acked
                if acked >= mss:
                    self.cwnd += mss
                if self.cwnd < mss:
                    self.cwnd = mss
            return
        self.dupacks = 0
        if self.cwnd < self.ssthresh:
            self.cwnd += acked if acked < mss else mss
        else:
            self.cwnd += max(1, mss * mss // self.cwnd)

    def _on_dup_ack(self):
        self.dupacks += 1
        mss = self.mss
        if self.in_recovery:
            self.cwnd += mss            # each dup ACK: a segment has left the network
            self._output()
        elif self.dupacks == 3 and seq_gt(self.snd_una, self.recover):
            self.tcp.stats.inc("tcp", "fast_retransmits")
            flight = seq_diff(self.snd_max, self.snd_una)
            self.ssthresh = max(flight // 2, 2 * mss)
            self.recover = self.snd_max
            self.in_recovery = True
            self.rtt_seq = None
            self._send_segment_at(self.snd_una, mss)
            self.cwnd = self.ssthresh + 3 * mss
            self._restart_rexmit()

    def _maybe_window_update(self):
        """After the user reads: tell the peer once the window has opened enough."""
        if self.state not in _RECEIVING_STATES:
            return
        free = self.rcvbuf_size - len(self.rcvbuf)
        current = seq_diff(self.rcv_adv, self.rcv_nxt)
        if current < 0:
            current = 0
        if free - current >= min(self.rcvbuf_size // 2, self.our_mss) and free >= 2 * current:
            self._send_ack()

    def icmp_error(self, kind, code, seq):
        """RFC 5927: checked against SND.UNA..SND.MAX, hard only while connecting."""
        if not (seq_ge(seq, self.snd_una) and seq_lt(seq, self.snd_max)):
            return
        if kind == ICMP_DEST_UNREACH:
            hard = _HARD_UNREACH.get(code)
            if hard is not None and self.state in (SYN_SENT, SYN_RECEIVED):
                if self.parent is not None:
                    self._destroy()
                else:
                    self._fail(hard)
                return
            if code == 4:
                return                  # fragmentation needed: no path MTU discovery on a LAN stack
            self.soft_error = ENETUNREACH if code in (0, 6, 11) else EHOSTUNREACH
        elif kind == ICMP_TIME_EXCEEDED:
            self.soft_error = EHOSTUNREACH
        elif kind == ICMP_PARAMETER_PROBLEM:
            self.soft_error = EPROTO


def mss_for_mtu(mtu):
    """The MSS we announce for a link MTU: IPv4 + TCP headers off, and never a segment
    whose datagram would pass IPv4's 65535-byte limit (lo's MTU is 65536)."""
    if mtu > 65535:
        mtu = 65535
    return mtu - 40


def _initial_window(mss):
    """RFC 5681 3.1: IW = min(4*MSS, max(2*MSS, 4380))."""
    return min(4 * mss, max(2 * mss, 4380))


def _syn_options(mss, wscale):
    if wscale < 0:
        return struct.pack("!BBH", 2, 4, mss)
    return struct.pack("!BBHBBBB", 2, 4, mss, 1, 3, 3, wscale)


def _wscale_for(bufsize):
    shift = 0
    while (65535 << shift) < bufsize and shift < TCP_MAX_WSCALE:
        shift += 1
    return shift


def parse_syn_options(data, start, end):
    """(mss, wscale) from the options in data[start:end]; -1 when absent or malformed."""
    mss = -1
    wscale = -1
    i = start
    while i < end:
        kind = data[i]
        if kind == 0:
            break
        if kind == 1:
            i += 1
            continue
        if i + 1 >= end:
            break
        length = data[i + 1]
        if length < 2 or i + length > end:
            break
        if kind == 2 and length == 4:
            mss = (data[i + 2] << 8) | data[i + 3]
        elif kind == 3 and length == 3:
            wscale = data[i + 2]
        i += length
    return mss, wscale


class Tcp:
    """The TCP endpoint of one stack: demux, listeners and the API the socket layer calls."""

    def __init__(self, transport):
        self.transport = transport
        self.timers = transport.timers
        self.stats = transport.stats
        self.counts = transport.stats.table("tcp", ("in_segs", "out_segs"))     # counted on every segment
        self.ports = transport.tcp_ports
        self.conns = {}                 # (local addr, local port, remote addr, remote port) -> TcpConn
        self.listeners = {}             # local port -> list of listening TcpConn
        self.msl_ms = TCP_MSL_MS
        self.isn = tcp_isn.initial_sequence     # replaceable (tests pin ISNs)
        self.challenge_window_start = 0
        self.challenge_count = 0
        # TIME_WAIT always lasts 2 MSL, so one queue in expiry order and one timer for its front replace a
        # timer per connection (thousands of them under a stream of short connections)
        self.time_wait = []             # (deadline, conn); entries before tw_head are done
        self.tw_head = 0
        self.tw_timer = None
        self.batch_end = transport.batch_end
        self.batch_acks = []            # connections owing an ACK at the end of this receive batch

    # ---------------- API ----------------
    def connect(self, remote_addr, remote_port, local_addr=0, local_port=0, nodelay=False,
                sndbuf=None, rcvbuf=None):
        """Active open; returns the TcpConn in SYN_SENT (POLLOUT once established,
        POLLERR with take_error() == ECONNREFUSED/ETIMEDOUT/... if it fails)."""
        if remote_port == 0 or remote_addr == 0:
            raise TransportError(EINVAL)
        src, mtu = self.transport.source_for(remote_addr, local_addr)
        conn = TcpConn(self, src, 0, remote_addr, remote_port)
        conn.set_buffer_sizes(sndbuf, rcvbuf)
        conn.nodelay = nodelay
        if local_port and (src, local_port, remote_addr, remote_port) in self.conns:
            raise TransportError(EISCONN)
        conn.local_port = self.ports.bind(src if local_addr else 0, local_port, conn)
        conn.owns_port = True
        conn.port_addr = src if local_addr else 0
        conn.our_mss = mss_for_mtu(mtu)
        conn.rcv_wscale = _wscale_for(conn.rcvbuf_size)
        conn.snd_wscale = 0
        conn.iss = self.isn(conn.local_addr, conn.local_port, remote_addr, remote_port)
        conn.snd_una = conn.iss
        conn.snd_nxt = conn.iss
        conn.snd_max = conn.iss
        conn.buf_seq = seq_add(conn.iss, 1)
        conn.recover = conn.iss
        conn.state = SYN_SENT
        self.conns[(conn.local_addr, conn.local_port, remote_addr, remote_port)] = conn
        self.stats.inc("tcp", "active_opens")
        conn._output()
        return conn

    def listen(self, local_addr, local_port, backlog=16, sndbuf=None, rcvbuf=None):
        """Passive open; accept() on the returned listener yields established children."""
        conn = TcpConn(self, local_addr, 0, 0, 0)
        conn.set_buffer_sizes(sndbuf, rcvbuf)
        conn.local_port = self.ports.bind(local_addr, local_port, conn)
        conn.owns_port = True
        conn.port_addr = local_addr
        conn.backlog = backlog if backlog > 0 else 1
        conn.state = LISTEN
        group = self.listeners.get(conn.local_port)
        if group is None:
            group = []
            self.listeners[conn.local_port] = group
        group.append(conn)
        return conn

    def connection_rows(self):
        rows = []
        for group in self.listeners.values():
            for conn in group:
                rows.append(("tcp", len(conn.accept_queue), 0,
                             format_endpoint(conn.local_addr, conn.local_port), "0.0.0.0:*", "LISTEN"))
        for conn in self.conns.values():
            rows.append(("tcp", len(conn.rcvbuf), conn.send_queue_len(),
                         format_endpoint(conn.local_addr, conn.local_port),
                         format_endpoint(conn.remote_addr, conn.remote_port), STATE_NAMES[conn.state]))
        return rows

    def format_connections(self):
        return self.transport.format_connections()

    # ---------------- plumbing ----------------
    def _time_wait_add(self, conn):
        now = _now()
        at = now + 2 * self.msl_ms
        conn.tw_deadline = at
        q = self.time_wait
        i = len(q)
        while i > self.tw_head and q[i - 1][0] > at:
            i -= 1                      # only if msl_ms was lowered meanwhile
        q.insert(i, (at, conn))
        if i == self.tw_head:
            if self.tw_timer is not None:
                self.timers.cancel(self.tw_timer)
            self.tw_timer = self.timers.schedule(at - now, self._reap_time_wait)

    def _reap_time_wait(self):
        """Ends the TIME_WAITs that are due (entries of connections gone or restarted are skipped)."""
        self.tw_timer = None
        now = _now()
        q = self.time_wait
        head = self.tw_head
        while head < len(q) and q[head][0] <= now:
            at, conn = q[head]
            q[head] = None
            head += 1
            if conn.state == TIME_WAIT and conn.tw_deadline == at:
                conn._destroy()
        if head == len(q):
            del q[:]
            head = 0
        elif head >= 64 and 2 * head >= len(q):
            del q[:head]
            head = 0
        self.tw_head = head
        if head < len(q):
            self.tw_timer = self.timers.schedule(q[head][0] - now, self._reap_time_wait)

    def _unregister(self, conn):
        key = (conn.local_addr, conn.local_port, conn.remote_addr, conn.remote_port)
        if self.conns.get(key) is conn:
            del self.conns[key]
        if conn.owns_port:
            conn.owns_port = False
            self.ports.release(conn.port_addr, conn.local_port, conn)
            group = self.listeners.get(conn.local_port)
            if group is not None and conn in group:
                group.remove(conn)
                if not group:
                    del self.listeners[conn.local_port]

    def challenge_ack_allowed(self):
        """RFC 5961 7: a global rate limit on challenge ACKs."""
        now = _now()
        if now - self.challenge_window_start >= 1000:
            self.challenge_window_start = now
            self.challenge_count = 0
        self.challenge_count += 1
        self.stats.inc("tcp", "challenge_acks")
        return self.challenge_count <= CHALLENGE_ACKS_PER_SECOND

    def emit(self, pkb, src, dst, sport, dport, seq, ack, flags, window, options, data_sum=None):
        """Pushes the TCP header (and options) in front of pkb's payload and sends it. data_sum: the
        payload's inet.sum16 when the caller has it (then only the header is summed here)."""
        optlen = len(options) if options is not None else 0
        hlen = TCP_HEADER_LEN + optlen
        hdr = pkb.push(hlen)
        struct.pack_into(_HDR, hdr, 0, sport, dport, seq, ack, (hlen >> 2) << 4, flags, window, 0, 0)
        if optlen:
            hdr[TCP_HEADER_LEN:hlen] = options
        # the pseudo-header sum (net.transport.pseudo_header_sum) inline
        pseudo = (src >> 16) + (src & 0xFFFF) + (dst >> 16) + (dst & 0xFFFF) + IPPROTO_TCP + pkb.end - pkb.start
        if data_sum is None:
            csum = inet.checksum(pkb.data(), pseudo)
        else:
            csum = inet.checksum(hdr, pseudo + data_sum)    # the header's length is even
        hdr[16] = csum >> 8
        hdr[17] = csum & 0xFF
        self.counts["out_segs"] += 1
        self.transport.ip_output(pkb, src, dst, IPPROTO_TCP)

    def send_reset(self, src, dst, sport, dport, seq, ack, flags):
        pkb = PacketBuffer.alloc(0)
        self.stats.inc("tcp", "out_rsts")
        self.emit(pkb, src, dst, sport, dport, seq, ack, flags, 0, None)

    def _reset_for(self, hdr, sport, dport, seq, ack, flags, seg_len):
        """RFC 9293 3.10.7.1: the reply to a segment for no connection."""
        if flags & RST:
            return
        if flags & ACK:
            self.send_reset(hdr.dst, hdr.src, dport, sport, ack, 0, RST)
        else:
            self.send_reset(hdr.dst, hdr.src, dport, sport, 0, seq_add(seq, seg_len), RST | ACK)

    def find_listener(self, addr, port):
        group = self.listeners.get(port)
        if not group:
            return None
        wildcard = None
        for conn in group:
            if conn.local_addr == addr:
                return conn
            if conn.local_addr == 0:
                wildcard = conn
        return wildcard

    # ---------------- input ----------------
    def receive_done(self):
        """The end of a receive batch (the frames one driver poll handed up): the ACKs held back for it go out."""
        conns = self.batch_acks
        if conns:
            self.batch_acks = []
            for conn in conns:
                conn._on_batch_end()

    def input(self, iface, pkb, hdr):
        try:
            self._input(iface, pkb, hdr)
        finally:
            pkb.release()

    def _input(self, iface, pkb, hdr):
        stats = self.stats
        data = pkb.data()
        n = len(data)
        if n < TCP_HEADER_LEN:
            stats.drop("tcp", "in_errs_short")
            return
        sport, dport, seq, ack, off, flags, wnd, _, _ = struct.unpack_from(_HDR, data, 0)
        hlen = (off >> 4) << 2
        if hlen < TCP_HEADER_LEN or hlen > n:
            stats.drop("tcp", "in_errs_offset")
            return
        src = hdr.src
        dst = hdr.dst
        # net.transport's pseudo_header_sum and is_multicast_or_broadcast, inline (every segment)
        if inet.checksum(data, (src >> 16) + (src & 0xFFFF) + (dst >> 16) + (dst & 0xFFFF) + IPPROTO_TCP + n):
            stats.drop("tcp", "in_csum_errors")
            return
        conn = self.conns.get((dst, dport, src, sport))
        if conn is None:
            # (a connection's own addresses and ports passed this test when it was made)
            if sport == 0 or dport == 0 or dst == 0xFFFFFFFF or src == 0xFFFFFFFF or (dst >> 28) == 0xE \
                    or (src >> 28) == 0xE:
                stats.drop("tcp", "in_errs_address")
                return
        elif conn.state == TIME_WAIT and flags & (SYN | ACK | RST) == SYN and seq_gt(seq, conn.rcv_nxt):
            conn._destroy()             # a new incarnation may reuse a TIME_WAIT pair (RFC 6191)
            conn = None
        self.counts["in_segs"] += 1
        payload = data[hlen:]
        if conn is None:
            listener = self.find_listener(hdr.dst, dport)
            if listener is None:
                seg_len = len(payload) + (1 if flags & SYN else 0) + (1 if flags & FIN else 0)
                stats.drop("tcp", "no_connection")
                self._reset_for(hdr, sport, dport, seq, ack, flags, seg_len)
                return
            self._listen_input(listener, iface, hdr, sport, dport, seq, ack, flags, wnd, data, hlen)
            return
        if conn.state == ESTABLISHED and conn._fast_input(seq, ack, flags, wnd, payload):
            return
        if conn.state == SYN_SENT:
            mss_opt, ws_opt = -1, -1
            if flags & SYN:
                mss_opt, ws_opt = parse_syn_options(data, TCP_HEADER_LEN, hlen)
            conn._syn_sent_input(seq, ack, flags, wnd, mss_opt, ws_opt)
        else:
            conn._segment_input(seq, ack, flags, wnd, payload)

    def _listen_input(self, listener, iface, hdr, sport, dport, seq, ack, flags, wnd, data, hlen):
        """RFC 9293 3.10.7.2."""
        if flags & RST:
            return
        if flags & ACK:
            self.send_reset(hdr.dst, hdr.src, dport, sport, ack, 0, RST)
            return
        if not flags & SYN:
            return
        if len(listener.syn_queue) >= listener.backlog or len(listener.accept_queue) >= listener.backlog:
            self.stats.drop("tcp", "listen_drops")
            return                      # the peer's SYN retry may find room
        mss_opt, ws_opt = parse_syn_options(data, TCP_HEADER_LEN, hlen)
        child = TcpConn(self, hdr.dst, dport, hdr.src, sport)
        child.parent = listener
        child.sndbuf_size = listener.sndbuf_size
        child.rcvbuf_size = listener.rcvbuf_size
        child.nodelay = listener.nodelay
        child.cork = listener.cork
        child.keepalive = listener.keepalive
        child.keepalive_ms = listener.keepalive_ms
        mtu = iface.mtu if iface is not None else NET_PACKET_MTU
        child.our_mss = mss_for_mtu(mtu)
        child.rcv_wscale = _wscale_for(child.rcvbuf_size)
        child._apply_syn_options(mss_opt, ws_opt)
        child.irs = seq
        child.rcv_nxt = seq_add(seq, 1)
        child.rcv_adv = child.rcv_nxt
        child.snd_wnd = wnd
        child.max_snd_wnd = wnd
        child.snd_wl1 = seq
        child.iss = self.isn(hdr.dst, dport, hdr.src, sport)
        child.snd_una = child.iss
        child.snd_nxt = child.iss
        child.snd_max = child.iss
        child.buf_seq = seq_add(child.iss, 1)
        child.recover = child.iss
        child.state = SYN_RECEIVED
        self.conns[(hdr.dst, dport, hdr.src, sport)] = child
        listener.syn_queue.append(child)
        self.stats.inc("tcp", "passive_opens")
        child._send_syn()

    def icmp_error(self, kind, code, orig_src, orig_dst, orig_transport_bytes):
        """An ICMP error quoting a segment we sent (orig_src is our address)."""
        if len(orig_transport_bytes) < 8:
            return
        sport, dport, seq = struct.unpack_from("!HHI", orig_transport_bytes, 0)
        conn = self.conns.get((orig_src, sport, orig_dst, dport))
        if conn is None:
            return
        conn.icmp_error(kind, code, seq)


# ---- the socket layer's entry points on the kernel's stack (net.transport's) ----
def _stack_tcp():
    from net import transport
    return transport.stack().tcp


def connect(remote_addr, remote_port, local_addr=0, local_port=0, nodelay=False, sndbuf=None, rcvbuf=None):
    """Active open on the kernel's stack; see Tcp.connect."""
    return _stack_tcp().connect(remote_addr, remote_port, local_addr, local_port, nodelay, sndbuf, rcvbuf)


def listen(local_addr, local_port, backlog=16, sndbuf=None, rcvbuf=None):
    """Passive open on the kernel's stack; see Tcp.listen."""
    return _stack_tcp().listen(local_addr, local_port, backlog, sndbuf, rcvbuf)


def format_connections():
    return _stack_tcp().transport.format_connections()
