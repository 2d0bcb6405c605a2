"""helpers.setup() in this process; what needs a fresh process with TensorFlow is in test_fresh_tensorflow.py."""

import os

import numpy as np
import pytest

import helpers


def test_setup_without_keras_seeds_numpy_and_prints_summary(capsys):
    info = helpers.setup(seed=3, keras=False)
    first = np.random.rand()
    helpers.setup(seed=3, keras=False, verbose=False)
    assert np.random.rand() == first
    out = capsys.readouterr().out
    assert "NumPy" in out and "seed 3" in out and "data mode" in out
    assert info.font == "NanumGothic" and info.seed == 3
    assert os.environ["TF_CPP_MIN_LOG_LEVEL"] == "3" and os.environ["TF_ENABLE_ONEDNN_OPTS"] == "0"


@pytest.mark.parametrize("seed", [-1, 2**32, 1.5, "1", True])
def test_bad_seed_is_named(seed):
    with pytest.raises(ValueError, match=r"^seed:"):
        helpers.setup(seed=seed, keras=False, verbose=False)


def test_bad_keras_flag_is_named():
    with pytest.raises(TypeError, match=r"^keras:"):
        helpers.setup(seed=1, keras="no", verbose=False)
