"""KERAS_BOOK_DATA chooses the data mode; helpers.setup() reports it (SetupInfo.data_mode)."""

import pytest

import helpers
from helpers import data


def mode_reported():
    return helpers.setup(seed=0, keras=False, verbose=False).data_mode


@pytest.mark.parametrize("raw, mode", [("", "auto"), ("auto", "auto"), ("REAL", "real"), (" standin ", "standin")])
def test_data_mode_reads_the_environment(monkeypatch, raw, mode):
    monkeypatch.setenv("KERAS_BOOK_DATA", raw)
    assert mode_reported() == mode


def test_data_mode_unset_is_auto(monkeypatch):
    monkeypatch.delenv("KERAS_BOOK_DATA", raising=False)
    assert mode_reported() == "auto"


def test_unknown_data_mode_names_the_variable(monkeypatch):
    monkeypatch.setenv("KERAS_BOOK_DATA", "offline")
    with pytest.raises(ValueError, match=r"^KERAS_BOOK_DATA: unknown value 'offline'"):
        mode_reported()


def test_mode_of_reports_each_data_set_as_served(served_as):
    assert data.mode_of("thoracic") is None and data.mode_of("mnist") is None
    served_as("thoracic", "real")
    assert data.mode_of("thoracic") == "real" and data.mode_of("mnist") is None
    served_as("mnist", "standin")
    assert data.mode_of("mnist") == "standin"
