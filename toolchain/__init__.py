"""Host-side toolchain of Krait: the Python-subset compiler and the hosted VM build."""
