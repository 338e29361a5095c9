from pathlib import Path

import pytest

LANG_DIR = Path(__file__).resolve().parent


def pytest_configure(config):
    config.addinivalue_line("markers", "lang: language tests of the Krait runtime (tests/lang)")
    config.addinivalue_line("markers", "fuzz: randomized differential tests (hypothesis)")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if LANG_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.lang)
