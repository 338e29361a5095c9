"""The namespace fixtures and the `netns` marker for the IPv4 tests."""
from netns_fixtures import netns, netns_factory, pytest_configure  # noqa: F401
