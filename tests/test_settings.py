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


def test_numbers_out_of_range_are_refused_naming_the_range(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FAULTLINE_CONFIG", raising=False)
    monkeypatch.setenv("FAULTLINE_SHINGLE_SIZE", "0")
    with pytest.raises(ConfigError) as caught:
        load_settings(cwd=tmp_path)
    assert (caught.value.message, caught.value.fix) == (
        "setting shingle_size=0 from $FAULTLINE_SHINGLE_SIZE is out of range",
        "use a value at least 1 in $FAULTLINE_SHINGLE_SIZE",
    )
    monkeypatch.delenv("FAULTLINE_SHINGLE_SIZE")
    (tmp_path / "faultline.toml").write_text("near_dup_threshold = 1.5\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"near_dup_threshold=1.5 .* out of range") as caught:
        load_settings(cwd=tmp_path)
    assert caught.value.fix == f"use a value between 0.0 and 1.0 in {tmp_path / 'faultline.toml'}"
    (tmp_path / "faultline.toml").write_text("near_dup_threshold = 1.0\n", encoding="utf-8")
    assert load_settings({"workers": 0, "batch_size": 1}, cwd=tmp_path)["near_dup_threshold"] == 1.0
    with pytest.raises(ConfigError, match=r"workers=-1 from --workers is out of range"):
        load_settings({"workers": -1}, cwd=tmp_path)
