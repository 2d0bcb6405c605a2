import os
import subprocess
import sys

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
    assert info.font == "NanumGothic" and info.seed == 3 and info.on_colab is False
    assert os.environ["TF_CPP_MIN_LOG_LEVEL"] == "3" and os.environ["TF_ENABLE_ONEDNN_OPTS"] == "0"


@pytest.mark.parametrize("seed", [-1, 2**32, 1.5, "1", True])
def test_bad_seed_is_named(seed):
    with pytest.raises(ValueError, match=r"^seed:"):
        helpers.setup(seed=seed, keras=False, verbose=False)


def test_bad_keras_flag_is_named():
    with pytest.raises(TypeError, match=r"^keras:"):
        helpers.setup(seed=1, keras="no", verbose=False)


TRAIN_TWICE = r"""
import helpers, numpy as np
def run():
    helpers.setup(seed=11, verbose=False)
    import keras
    x = np.random.rand(256, 5).astype("float32"); y = (x.sum(1) > 2.5).astype("float32")
    m = keras.Sequential([keras.Input((5,)), keras.layers.Dense(8, activation="relu"),
                          keras.layers.Dropout(0.3), keras.layers.Dense(1, activation="sigmoid")])
    m.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    m.fit(x, y, epochs=1, batch_size=32, verbose=0)
    # With deterministic ops, TF 2.21 logs an ERROR-level line around here at log level 2.
    m.fit(x, y, epochs=1, batch_size=32, verbose=0, validation_split=0.25)
    m.evaluate(x, y, verbose=0)
    m.predict(x, verbose=0)
    return np.concatenate([w.ravel() for w in m.get_weights()])
a, b = run(), run()
assert a.tobytes() == b.tobytes(), "training is not bit-reproducible"
print("OK", a[:3])
"""


def test_keras_training_is_bit_reproducible_and_quiet():
    """In a fresh process: setup() before TF makes two trainings identical, with nothing on stderr."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TF_")}
    proc = subprocess.run([sys.executable, "-c", TRAIN_TWICE], capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("OK")
    assert proc.stderr.strip() == "", f"stderr is not empty:\n{proc.stderr}"


def test_setup_warns_when_tensorflow_came_first():
    code = (
        "import tensorflow, warnings, helpers\nwith warnings.catch_warnings(record=True) as w:\n"
        "    warnings.simplefilter('always'); helpers.setup(seed=1, keras=False, verbose=False)\n"
        "print(any('before importing tensorflow' in str(x.message) for x in w))"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("TF_")}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
    assert proc.stdout.strip() == "True", proc.stderr


KNOWN_TF_NOISE = r"""
import helpers, numpy as np
helpers.setup(seed=11, verbose=False)
import keras
x = np.random.rand(256, 5).astype("float32"); y = (x.sum(1) > 2.5).astype("float32")
m = keras.Sequential([keras.Input((5,)), keras.layers.Dense(8, activation="relu"),
                      keras.layers.Dense(1, activation="sigmoid")])
m.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
m.fit(x, y, epochs=2, batch_size=32, verbose=0)
m.fit(x, y, epochs=2, batch_size=32, verbose=0, validation_split=0.2)
m.evaluate(x, y, verbose=0)
"""


def test_setup_hides_tf_221_error_line_under_deterministic_ops():
    """TF 2.21 logs 'NodeDef mentions attribute use_unbounded_threadpool' at ERROR level here;
    TF_CPP_MIN_LOG_LEVEL=2 lets it through to stderr (and so into the book), 3 does not."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TF_")}
    proc = subprocess.run([sys.executable, "-c", KNOWN_TF_NOISE], capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.strip() == "", f"stderr is not empty:\n{proc.stderr}"
