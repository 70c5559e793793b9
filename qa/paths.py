"""I/O: where qa keeps its files (XDG base directories) and where the bundled corpus is."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _xdg(variable: str, fallback: str) -> Path:
    value = os.environ.get(variable, "")
    return Path(value) if value and Path(value).is_absolute() else Path.home() / fallback


def cache_root() -> Path:
    """$XDG_CACHE_HOME/qa: saved indexes and jieba's dictionary cache (safe to delete)."""
    return _xdg("XDG_CACHE_HOME", ".cache") / "qa"


def state_root() -> Path:
    """$XDG_STATE_HOME/qa: the prompt's history."""
    return _xdg("XDG_STATE_HOME", ".local/state") / "qa"


def default_corpus() -> Path:
    """$QA_CORPUS, else the corpus/ folder of this checkout."""
    value = os.environ.get("QA_CORPUS")
    return Path(value) if value else PROJECT_ROOT / "corpus"


def configure_jieba() -> None:
    """Point jieba's dictionary cache at our cache folder instead of the system temp folder."""
    from qa.tokens import use_jieba_cache_dir

    folder = cache_root() / "jieba"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return  # jieba falls back to the temp folder
    use_jieba_cache_dir(str(folder))
