"""The stand-ins drawn with helpers.plots: recognisable, and always marked as stand-in data.

The PNGs go to _build/test-artifacts/ (git-ignored) so that a person can look at them.
"""

import numpy as np
import pytest
from _book import ARTIFACTS

from helpers import data, fonts, plots


@pytest.fixture(autouse=True)
def standin(isolated):
    """Stand-in mode, the session's stand-ins (tests/conftest.py), Hangul labels."""
    fonts.use_korean_font()


def first_of_each_class(y, per_class):
    return np.concatenate([np.flatnonzero(y == k)[:per_class] for k in range(10)])


def has_standin_mark(fig):
    return any(t.get_text() == "stand-in data · 대체 데이터" for t in fig.texts)


@pytest.mark.parametrize(
    "loader, names, png",
    [
        (data.load_mnist, None, "standin_digits.png"),
        (data.load_fashion_mnist, data.FASHION_CLASSES, "standin_garments.png"),
    ],
)
def test_image_grid_of_the_standin_is_marked_and_saved(loader, names, png):
    (x, y), _ = loader()
    idx = first_of_each_class(y, 4).reshape(10, 4).T.ravel()  # four rows, classes 0..9 in each
    fig = plots.plot_image_grid(x[idx], y[idx], class_names=names, ncols=10)
    assert len(fig.axes) == 40 and has_standin_mark(fig)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    fig.savefig(ARTIFACTS / png, dpi=110, bbox_inches="tight")  # for people to look at


def test_figures_from_real_data_carry_no_mark(served_as):
    served_as("mnist", "real")
    fig = plots.plot_image_grid(np.zeros((2, 28, 28), dtype=np.uint8), [0, 1])
    assert not has_standin_mark(fig)
