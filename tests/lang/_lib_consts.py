MTU = 1500
ETH_HEADER = 14
IP_HEADER = 20
PROTOCOLS = {1: "icmp", 6: "tcp", 17: "udp"}


def payload_room(extra=0):
    return MTU - IP_HEADER - extra
