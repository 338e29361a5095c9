"""Krait's network stack: one module per layer (see README.md)."""
