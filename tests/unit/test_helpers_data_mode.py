import pytest

from helpers import data
from helpers.data import _mode


@pytest.mark.parametrize("raw, mode", [("", "auto"), ("auto", "auto"), ("REAL", "real"), (" standin ", "standin")])
def test_data_mode_reads_the_environment(monkeypatch, raw, mode):
    monkeypatch.setenv(_mode.ENV_VAR, raw)
    assert _mode.data_mode() == mode


def test_data_mode_unset_is_auto(monkeypatch):
    monkeypatch.delenv(_mode.ENV_VAR, raising=False)
    assert _mode.data_mode() == "auto"


def test_unknown_data_mode_names_the_variable(monkeypatch):
    monkeypatch.setenv(_mode.ENV_VAR, "offline")
    with pytest.raises(ValueError, match=r"^KERAS_BOOK_DATA: unknown value 'offline'"):
        _mode.data_mode()


def test_what_was_served_and_the_standin_flag():
    _mode._reset_served()
    assert not _mode.standin_served()
    _mode._record("thoracic", "real")
    assert not _mode.standin_served() and data.mode_of("thoracic") == "real"
    _mode._record("mnist", "standin")
    assert _mode.standin_served() and data.mode_of("mnist") == "standin"
    _mode._reset_served()
