"""What only a fresh Python process that imports TensorFlow can show, run ONCE for all the tests here.

TensorFlow and Keras read their environment (log level, ``KERAS_HOME``) once, at import, so these
facts need a process of their own; importing TensorFlow costs seconds, so one process reports them
all (as JSON) and each test below asserts one of them:

- ``helpers.setup()`` before TensorFlow makes two trainings bit-identical, with nothing on stderr
  (TF 2.21 logs an ERROR-level line, ``NodeDef mentions attribute use_unbounded_threadpool``,
  under deterministic ops at log level 2; ``setup()`` sets 3);
- ``setup()`` warns when TensorFlow is loaded and its log settings were not made first;
- ``helpers.data`` finds Keras' cache folder by Keras' own rule, with and without ``KERAS_HOME``;
- ``helpers.data.FASHION_CLASSES`` is the label table of Keras' own documentation.
"""

import json
import os
import re
import subprocess
import sys

import pytest

from helpers import data

pytestmark = pytest.mark.slow

PROCESS = r"""
import importlib, json, os, sys, warnings
import numpy as np
import helpers
facts = {}

def train():
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

a, b = train(), train()
facts["bit_identical"] = a.tobytes() == b.tobytes()

import keras
from keras.src.backend import config  # private: Keras has no public accessor of its folder
from helpers.data import _cache, _real  # the rule under test (helpers.data's own, private)
facts["keras_home"] = [[config.keras_home(), str(_cache.keras_home()), str(_real.keras_datasets_dir())]]
os.environ.pop("KERAS_HOME")
importlib.reload(config)  # Keras reads KERAS_HOME at import: read it again, now unset
facts["keras_home"].append([config.keras_home(), str(_cache.keras_home()), str(_real.keras_datasets_dir())])
facts["fashion_doc"] = keras.datasets.fashion_mnist.load_data.__doc__

# TensorFlow is loaded; a setup() whose log settings come too late must say so.
for k in ("TF_CPP_MIN_LOG_LEVEL", "TF_ENABLE_ONEDNN_OPTS"):
    os.environ.pop(k)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    helpers.setup(seed=1, keras=False, verbose=False)
facts["late_warning"] = [str(w.message) for w in caught]
print(json.dumps(facts))
"""


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    """Run PROCESS once with TensorFlow's variables unset, HOME and KERAS_HOME in tmp; return (facts, stderr)."""
    tmp = tmp_path_factory.mktemp("fresh-tf")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TF_")}
    env.update(HOME=str(tmp / "home"), KERAS_HOME=str(tmp / "kh"), KERAS_BACKEND="tensorflow")
    (tmp / "home").mkdir()
    proc = subprocess.run(
        [sys.executable, "-c", PROCESS], capture_output=True, text=True, env=env, cwd=tmp, timeout=600
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1]), proc.stderr, tmp


def test_keras_training_is_bit_reproducible(fresh):
    facts, _, _ = fresh
    assert facts["bit_identical"], "two trainings after helpers.setup(seed=11) gave different weights"


def test_nothing_on_stderr_not_even_tf_221_error_line(fresh):
    """TF_CPP_MIN_LOG_LEVEL=2 lets TF 2.21's deterministic-ops ERROR line through (and so into the book); 3 not."""
    _, stderr, _ = fresh
    assert stderr.strip() == "", f"stderr is not empty:\n{stderr}"


def test_setup_warns_when_tensorflow_came_first(fresh):
    facts, _, _ = fresh
    assert any("before importing tensorflow" in m for m in facts["late_warning"]), facts["late_warning"]


def test_keras_datasets_dir_follows_keras_rule(fresh):
    """helpers.data finds Keras' cache by Keras' own rule (KERAS_HOME, else ~/.keras), without importing Keras."""
    facts, _, tmp = fresh
    (theirs, ours, datasets), (theirs_unset, ours_unset, datasets_unset) = facts["keras_home"]
    assert ours == theirs == str(tmp / "kh") and datasets == f"{ours}/datasets"
    assert ours_unset == theirs_unset == str(tmp / "home" / ".keras") and datasets_unset == f"{ours_unset}/datasets"


def test_fashion_classes_are_keras_own_table(fresh):
    """FASHION_CLASSES is the label table of keras.datasets.fashion_mnist.load_data's documentation."""
    facts, _, _ = fresh
    table = re.findall(r"^\s*\|\s*(\d)\s*\|\s*([^|]+?)\s*\|\s*$", facts["fashion_doc"], re.M)
    assert [int(label) for label, _ in table] == list(range(10))
    assert tuple(name for _, name in table) == data.FASHION_CLASSES
