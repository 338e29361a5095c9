/* net_config.h: the network stack's tunables, the one source for C and Python
 * alike (build.py generates net/config.py from this file). */
#ifndef KRAIT_NET_CONFIG_H
#define KRAIT_NET_CONFIG_H

// Network Buffer Configuration
#define NET_RX_RING_SIZE    256   // Descriptors per NIC
#define NET_TX_RING_SIZE    128
#define NET_PACKET_MTU      1500  // Ethernet Standard

// TCP Tuning
#define TCP_WINDOW_SIZE     65535
#define TCP_MAX_RETRIES     5
#define TCP_KEEPALIVE_MS    7200000

#endif
