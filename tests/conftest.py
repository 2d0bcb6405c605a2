import os

os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.update({"TF_CPP_MIN_LOG_LEVEL": "2", "TF_ENABLE_ONEDNN_OPTS": "0"})

import pytest  # noqa: E402


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: measured properties that take tens of seconds")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")
