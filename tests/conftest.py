"""Fixtures shared across the suite: where the repository and ../shared live."""

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared"
SAMPLES = REPO_ROOT / "corpus" / "samples"
SEED = SAMPLES / "000_0ba59ea2cf4a0462.txt"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    """The reference article, as bundled in the sample corpus."""
    return SEED


@pytest.fixture(scope="session")
def pipeline():
    """The full newsmine spaCy pipeline, loaded once for the whole test session."""
    from newsmine.nlp.pipeline import get_pipeline

    return get_pipeline()


@pytest.fixture(scope="session")
def dev_gold_path() -> Path:
    """The dev gold set beside the project; tests that need it skip when it is absent."""
    path = SHARED / "eval" / "dev" / "gold.jsonl"
    if not path.exists():
        pytest.skip(f"{path} not present")
    return path
