"""Python drivers: PCI and the NICs."""
