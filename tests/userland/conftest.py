"""The userland tool tests: namespace fixtures (tests/netns_fixtures.py) and the `slow` marker."""
from netns_fixtures import netns, netns_factory  # noqa: F401
from netns_fixtures import pytest_configure as _netns_configure


def pytest_configure(config):
    _netns_configure(config)
    config.addinivalue_line("markers", "slow: long transfers (minutes under TCG); deselect with -m 'not slow'")
