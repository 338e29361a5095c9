# A TCP-like connection state machine driven by an event table, with invalid-event handling.
CLOSED, LISTEN, SYN_RCVD, SYN_SENT, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, LAST_ACK, TIME_WAIT = (
    "CLOSED", "LISTEN", "SYN_RCVD", "SYN_SENT", "ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2", "CLOSE_WAIT",
    "LAST_ACK", "TIME_WAIT")
TABLE = {
    (CLOSED, "passive_open"): (LISTEN, None),
    (CLOSED, "active_open"): (SYN_SENT, "SYN"),
    (LISTEN, "rcv_syn"): (SYN_RCVD, "SYN+ACK"),
    (SYN_SENT, "rcv_syn_ack"): (ESTABLISHED, "ACK"),
    (SYN_RCVD, "rcv_ack"): (ESTABLISHED, None),
    (ESTABLISHED, "close"): (FIN_WAIT_1, "FIN"),
    (ESTABLISHED, "rcv_fin"): (CLOSE_WAIT, "ACK"),
    (FIN_WAIT_1, "rcv_ack"): (FIN_WAIT_2, None),
    (FIN_WAIT_2, "rcv_fin"): (TIME_WAIT, "ACK"),
    (CLOSE_WAIT, "close"): (LAST_ACK, "FIN"),
    (LAST_ACK, "rcv_ack"): (CLOSED, None),
    (TIME_WAIT, "timeout"): (CLOSED, None),
}


class InvalidTransition(Exception):
    pass


class Connection:
    def __init__(self, name):
        self.name = name
        self.state = CLOSED
        self.sent = []
        self.history = [CLOSED]

    def handle(self, event):
        try:
            new_state, reply = TABLE[(self.state, event)]
        except KeyError:
            raise InvalidTransition(f"{self.name}: {event} in {self.state}") from None
        if reply:
            self.sent.append(reply)
        self.state = new_state
        self.history.append(new_state)
        return new_state


server = Connection("server")
for ev in ("passive_open", "rcv_syn", "rcv_ack", "rcv_fin", "close", "rcv_ack"):
    print(ev, "->", server.handle(ev))
print(server.sent, len(server.history))
client = Connection("client")
for ev in ("active_open", "rcv_syn_ack", "close", "rcv_ack", "rcv_fin", "timeout", "close"):
    try:
        print(ev, "->", client.handle(ev))
    except InvalidTransition as e:
        print("invalid:", e, "| cause:", e.__cause__, "| state:", client.state)
print(client.sent)
print(" > ".join(client.history))
reachable = sorted({dst for (_, _), (dst, _) in TABLE.items()})
print(reachable)
