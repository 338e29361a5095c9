"""Generated from net/net_config.h by build.py: edit the header, not this file."""

NET_RX_RING_SIZE = 256  # Descriptors per NIC
NET_TX_RING_SIZE = 128
NET_PACKET_MTU = 1500  # Ethernet Standard
TCP_WINDOW_SIZE = 65535
TCP_MAX_RETRIES = 5
TCP_KEEPALIVE_MS = 7200000
