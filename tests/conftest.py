import os

# Unit tests draw off-screen. Not through MPLBACKEND: that would leak into the notebook
# kernels nbval and the book build start, and a kernel on Agg shows no figures at all.
import matplotlib  # noqa: E402

matplotlib.use("Agg")
from helpers.notebook import QUIET_TF_ENV  # noqa: E402

os.environ.update(QUIET_TF_ENV)

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")
