"""One home for every default. A user file, the environment and CLI flags override it, in that order.

The user file is TOML (``faultline.toml`` in the working directory, or the path in
``$FAULTLINE_CONFIG``) with the setting names as keys; the environment uses ``FAULTLINE_<NAME>``.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from faultline.errors import ConfigError


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    default: Any
    help: str
    low: float | None = None  # the smallest value that works, for numbers
    high: float | None = None  # the largest


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "faultline.duckdb", "Path of the DuckDB store."),
    Setting(
        "max_doc_bytes",
        20_000_000,
        "Largest single document (bytes, after decompression) an ingest accepts; larger ones are "
        "rejected as too-large, never loaded whole.",
        low=1,
    ),
    Setting(
        "max_line_bytes",
        20_000_000,
        "Largest single line of a .jsonl/.csv file; a longer record is rejected.",
        low=1,
    ),
    Setting(
        "extract",
        True,
        "Run annotation and extraction (mentions, times, quantities, claims, events) on new articles "
        "during ingest.",
    ),
    Setting("batch_size", 200, "Articles written per store transaction during ingest.", low=1),
    Setting(
        "workers",
        0,
        "Processes cleaning and extracting documents in parallel during ingest (0: one per core; "
        "1: all in the main process). They start only for inputs of more than 64 records. "
        "Reading, dedup and the store stay in the main process.",
        low=0,
    ),
    Setting(
        "minhash_perm",
        128,
        "MinHash permutations for near-duplicate detection (more: slower, more exact).",
        low=2,
    ),
    Setting(
        "near_dup_threshold",
        0.8,
        "Estimated Jaccard similarity of word 5-gram shingles above which two articles are "
        "near-duplicates (syndicated copies keep ~0.9 after boilerplate differs).",
        low=0.0,
        high=1.0,
    ),
    Setting("shingle_size", 5, "Words per shingle for near-duplicate detection.", low=1),
)

_BY_NAME = {s.name: s for s in SETTINGS}
_BOOLEANS = {"1": True, "true": True, "yes": True, "on": True, "0": False, "false": False, "no": False, "off": False}


def _coerce(setting: Setting, value: Any, origin: str) -> Any:
    kind = type(setting.default)
    if isinstance(value, kind):
        return value if kind is bool else _bounded(setting, value, origin)
    if kind is bool and isinstance(value, str) and value.strip().lower() in _BOOLEANS:
        return _BOOLEANS[value.strip().lower()]
    if kind is bool:
        raise ConfigError(f"setting {setting.name}={value!r} from {origin} is not true or false", f"fix it in {origin}")
    try:
        coerced = kind(value)
    except (TypeError, ValueError):
        raise ConfigError(
            f"setting {setting.name}={value!r} from {origin} is not a {kind.__name__}",
            f"fix it in {origin}",
        ) from None
    return _bounded(setting, coerced, origin)


def _bounded(setting: Setting, value: Any, origin: str) -> Any:
    """A number inside the setting's range, or a ConfigError naming the range."""
    if (setting.low is not None and value < setting.low) or (setting.high is not None and value > setting.high):
        bounds = f"at least {setting.low}" if setting.high is None else f"between {setting.low} and {setting.high}"
        raise ConfigError(f"setting {setting.name}={value!r} from {origin} is out of range", f"use a value {bounds} in {origin}")
    return value


def load_settings(overrides: dict[str, Any] | None = None, cwd: Path | None = None) -> dict[str, Any]:
    """Resolve every setting: default, then user file, then environment, then `overrides` (CLI)."""
    values = {s.name: s.default for s in SETTINGS}
    config_path = Path(os.environ.get("FAULTLINE_CONFIG", (cwd or Path.cwd()) / "faultline.toml"))
    if config_path.is_file():
        try:
            user = tomllib.loads(config_path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
            raise ConfigError(f"cannot parse {config_path}: {err}", "fix the TOML syntax") from None
        for key, value in user.items():
            if key not in _BY_NAME:
                raise ConfigError(
                    f"unknown setting {key!r} in {config_path}",
                    f"known settings: {', '.join(sorted(_BY_NAME))}",
                )
            values[key] = _coerce(_BY_NAME[key], value, str(config_path))
    for setting in SETTINGS:
        env = os.environ.get(f"FAULTLINE_{setting.name.upper()}")
        if env is not None:
            values[setting.name] = _coerce(setting, env, f"$FAULTLINE_{setting.name.upper()}")
    for key, value in (overrides or {}).items():
        if value is not None:
            values[key] = _coerce(_BY_NAME[key], value, f"--{key.replace('_', '-')}")
    return values
