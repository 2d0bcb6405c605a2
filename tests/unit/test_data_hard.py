"""The stand-ins are hard enough to teach with: measured by training the book's networks.

- the seeds' MNIST network (Dense 512 relu, Dense 10 softmax; adam, batch 128, 5 epochs)
  ends above 90 % and clearly below 100 % test accuracy on the digit stand-in;
- a 2-hidden-layer MLP (256, 128) on the garment stand-in visibly overfits within 20
  epochs: validation loss rises while training loss falls.

Each takes 10-30 s on 2 CPU cores; both are marked slow.
"""

import os

import numpy as np
import pytest

from helpers import data

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def keras():
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    keras = pytest.importorskip("keras")
    return keras


@pytest.fixture(autouse=True)
def standin(isolated):
    """Stand-in mode, the session's stand-ins (tests/conftest.py)."""


def mlp(keras, hidden):
    layers = [keras.Input(shape=(784,))] + [keras.layers.Dense(n, activation="relu") for n in hidden]
    model = keras.Sequential(layers + [keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def test_dense512_on_digits_ends_between_90_and_985_percent(keras):
    (x, y), (xt, yt) = data.load_mnist()
    keras.utils.set_random_seed(0)
    model = mlp(keras, [512])
    model.fit(x.reshape(-1, 784) / 255.0, y, epochs=5, batch_size=128, verbose=0)
    _, accuracy = model.evaluate(xt.reshape(-1, 784) / 255.0, yt, verbose=0)
    print(f"digit stand-in, Dense 512, 5 epochs: test accuracy {accuracy:.4f}")
    assert 0.90 < accuracy < 0.985


def test_mlp_on_garments_visibly_overfits_within_20_epochs(keras):
    (x, y), _ = data.load_fashion_mnist()
    x = x.reshape(-1, 784) / 255.0
    keras.utils.set_random_seed(0)
    model = mlp(keras, [256, 128])
    history = model.fit(
        x[:6000], y[:6000], validation_data=(x[6000:], y[6000:]), epochs=20, batch_size=128, verbose=0
    ).history
    val, train = np.array(history["val_loss"]), np.array(history["loss"])
    best = int(np.argmin(val))
    rise = val[-3:].mean() / val[best]
    print(
        f"garment stand-in, MLP 256-128: val loss lowest at epoch {best + 1} ({val[best]:.3f}), "
        f"last 3 epochs {val[-3:].mean():.3f} (x{rise:.2f}); train loss {train[best]:.3f} -> {train[-1]:.3f}"
    )
    assert best + 1 <= 15  # the validation loss turns within the first 15 epochs...
    assert rise > 1.12  # ...and then rises clearly,
    assert train[-1] < 0.95 * train[best]  # while the training loss keeps falling
