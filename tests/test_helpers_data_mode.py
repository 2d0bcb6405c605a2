import pytest

from helpers import data


@pytest.mark.parametrize("raw, mode", [("", "auto"), ("auto", "auto"), ("REAL", "real"), (" standin ", "standin")])
def test_data_mode_reads_the_environment(monkeypatch, raw, mode):
    monkeypatch.setenv(data.ENV_VAR, raw)
    assert data.data_mode() == mode


def test_data_mode_unset_is_auto(monkeypatch):
    monkeypatch.delenv(data.ENV_VAR, raising=False)
    assert data.data_mode() == "auto"


def test_unknown_data_mode_names_the_variable(monkeypatch):
    monkeypatch.setenv(data.ENV_VAR, "offline")
    with pytest.raises(ValueError, match=r"^KERAS_BOOK_DATA: unknown value 'offline'"):
        data.data_mode()


def test_served_records_and_standin_flag():
    data._reset_served()
    assert not data.standin_served()
    data.record_served("thoracic", "real")
    assert not data.standin_served()
    data.record_served("mnist", "standin")
    assert data.standin_served() and data.served() == {"thoracic": "real", "mnist": "standin"}
    with pytest.raises(ValueError, match=r"^mode:"):
        data.record_served("mnist", "fake")
    with pytest.raises(ValueError, match=r"^dataset:"):
        data.record_served("", "real")
    data._reset_served()
