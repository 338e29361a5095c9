"""The kernel command line as a dict: `key=value` words (a bare word maps to "")."""
import machine


def args():
    parsed = {}
    for word in machine.cmdline().split():
        key, _, value = word.partition("=")
        parsed[key] = value
    return parsed
