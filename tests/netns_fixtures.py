"""pytest fixtures over tests/netns.py. A test directory's conftest.py makes them available with
`from netns_fixtures import netns, netns_factory  # noqa: F401` (tests/ is on sys.path)."""
import pytest

from netns import Namespace, unavailable_reason


def pytest_configure(config):
    config.addinivalue_line("markers", "netns: creates network namespaces and tap devices (needs root)")


def require_netns():
    reason = unavailable_reason()
    if reason:
        pytest.skip(reason)


@pytest.fixture
def netns_factory():
    """Factory: netns_factory() -> a created Namespace; all are closed after the test, also when it fails."""
    require_netns()
    made = []

    def make():
        ns = Namespace()
        made.append(ns)
        return ns.create()

    yield make
    for ns in reversed(made):
        ns.close()


@pytest.fixture
def netns(netns_factory):
    """One created Namespace, closed (processes, links, namespace) after the test."""
    return netns_factory()
