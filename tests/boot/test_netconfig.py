"""net/net_config.h is the one source of the stack's tunables: the build turns it into net/config.py."""
import pytest

from toolchain import netconfig

SEED_VALUES = {"NET_RX_RING_SIZE": 256, "NET_TX_RING_SIZE": 128, "NET_PACKET_MTU": 1500,
               "TCP_WINDOW_SIZE": 65535, "TCP_MAX_RETRIES": 5, "TCP_KEEPALIVE_MS": 7200000}


def test_header_holds_the_seed_defaults():
    assert {name: value for name, value, _ in netconfig.parse()} == SEED_VALUES


def test_generated_module_matches_the_header(images):
    namespace = {}
    exec(netconfig.MODULE.read_text(), namespace)
    assert {k: namespace[k] for k in SEED_VALUES} == SEED_VALUES
    assert netconfig.MODULE.read_text() == netconfig.render(netconfig.parse())


def test_bad_definition_names_file_and_line(tmp_path):
    header = tmp_path / "net_config.h"
    header.write_text("#ifndef X_H\n#define X_H\n#define NET_RX_RING_SIZE 256\n#define TCP_WINDOW_SIZE big\n#endif\n")
    with pytest.raises(netconfig.ConfigError, match=r"net_config\.h:4: TCP_WINDOW_SIZE must be an integer"):
        netconfig.parse(header)
