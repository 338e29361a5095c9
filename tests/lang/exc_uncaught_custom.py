# Ends with an uncaught user exception raised with a cause.
class ProtocolError(Exception):
    def __init__(self, state, event):
        super().__init__(f"event {event} invalid in state {state}")
        self.state = state
        self.event = event


TRANSITIONS = {("closed", "open"): "listen", ("listen", "syn"): "syn_rcvd", ("syn_rcvd", "ack"): "established"}


def step(state, event):
    try:
        return TRANSITIONS[(state, event)]
    except KeyError as e:
        raise ProtocolError(state, event) from e


state = "closed"
for event in ("open", "syn", "ack"):
    state = step(state, event)
    print(event, "->", state)
try:
    step(state, "syn")
except ProtocolError as e:
    print("rejected:", e, e.state, e.event)
    print("cause:", type(e.__cause__).__name__)
state = step(state, "fin")
print("unreachable", state)
