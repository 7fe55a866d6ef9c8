"""Shared fixtures: where ../shared is (tests that need it skip when it is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SAMPLES = REPO / "src" / "faultline" / "data" / "samples"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or a clean skip when this checkout has none beside it."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: shared evaluation data is only beside the project's own checkout")
    return path


@pytest.fixture
def settings() -> dict[str, object]:
    from faultline.settings import load_settings

    return load_settings()
