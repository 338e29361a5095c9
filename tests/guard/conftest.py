"""The namespace fixtures and the `netns` marker for the firewall and NAT tests."""
from netns_fixtures import netns, netns_factory, pytest_configure  # noqa: F401
