from pathlib import Path

import pytest

from faultline.errors import ConfigError
from faultline.settings import load_settings


def test_precedence_default_file_env_flag(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FAULTLINE_CONFIG", raising=False)
    assert load_settings(cwd=tmp_path)["batch_size"] == 200
    (tmp_path / "faultline.toml").write_text("batch_size = 50\nextract = false\n", encoding="utf-8")
    assert load_settings(cwd=tmp_path)["batch_size"] == 50
    monkeypatch.setenv("FAULTLINE_BATCH_SIZE", "70")
    monkeypatch.setenv("FAULTLINE_EXTRACT", "yes")
    values = load_settings(cwd=tmp_path)
    assert (values["batch_size"], values["extract"]) == (70, True)
    assert load_settings({"batch_size": 9, "db": None}, cwd=tmp_path)["batch_size"] == 9


def test_bad_values_name_their_origin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAULTLINE_EXTRACT", "maybe")
    with pytest.raises(ConfigError, match=r"FAULTLINE_EXTRACT"):
        load_settings(cwd=tmp_path)
    monkeypatch.delenv("FAULTLINE_EXTRACT")
    (tmp_path / "faultline.toml").write_text("nonsense = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown setting 'nonsense'"):
        load_settings(cwd=tmp_path)
