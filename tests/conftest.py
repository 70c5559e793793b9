"""Shared fixtures: the real bundled corpus, and a private HOME so tests never touch real user folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.corpus import read_corpus
from qa.index import Index, build_index
from qa.records import Settings

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"


@pytest.fixture(autouse=True)
def private_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    monkeypatch.delenv("QA_CORPUS", raising=False)
    return home


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private cache folder for the dictionary tables, shared by the tests of one run (built once)."""
    return tmp_path_factory.mktemp("lexicon-cache") / "qa"


@pytest.fixture(scope="session")
def lexicon(cache_dir: Path):  # type: ignore[no-untyped-def]
    from qa.lexicon import load_lexicon

    return load_lexicon(cache_dir)


@pytest.fixture(scope="session")
def corpus_index() -> Index:
    return build_index(read_corpus(CORPUS).articles, Settings())
