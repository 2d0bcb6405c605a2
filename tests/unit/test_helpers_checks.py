import numpy as np
import pytest

from helpers._checks import as_array, one_of, positive_int


def test_as_array_accepts_good_input():
    assert as_array("x", [1.0, 2.0], ndim=1).shape == (2,)
    assert as_array("x", np.zeros((2, 3)), ndim=(2, 3)).ndim == 2


@pytest.mark.parametrize(
    "value, kwargs, message",
    [
        ([[1, 2]], {"ndim": 1}, r"^x: expected a 1-D array, got shape \(1, 2\)"),
        ([1.0, np.nan], {}, r"^x: contains 1 NaN or infinite"),
        ([np.inf], {}, r"^x: contains 1 NaN"),
        (["a", "b"], {}, r"^x: expected numbers"),
        ([], {"ndim": 1}, r"^x: expected at least 1 element"),
    ],
)
def test_as_array_names_the_argument(value, kwargs, message):
    with pytest.raises((ValueError, TypeError), match=message):
        as_array("x", value, **kwargs)


def test_one_of_and_positive_int():
    assert one_of("mode", "a", "ab") == "a"
    with pytest.raises(ValueError, match=r"^mode: unknown value 'c'"):
        one_of("mode", "c", ("a", "b"))
    assert positive_int("n", 3) == 3
    for bad in (0, -1, 2.5, True, "3"):
        with pytest.raises(ValueError, match=r"^n: expected a positive integer"):
            positive_int("n", bad)
