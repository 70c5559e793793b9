"""I/O: save and load an index as plain files, never pickle.

Layout of one saved index (a folder per corpus, under the user's cache folder):
  manifest.json  format version, package version, settings, corpus fingerprints, build id (readable)
  index.npz      numeric arrays, plus vocabulary and articles as UTF-8 JSON bytes; read with allow_pickle=False
  lock           held while building, so two `qa index` runs do not write at once
Each file is written to a temporary name and renamed into place, so a crash or Ctrl-C mid-build leaves
the previous good index whole. A manifest and index.npz that disagree (build id) are treated as stale.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import hashlib
import json
import os
import tempfile
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from qa import __version__
from qa.errors import IndexStoreError
from qa.index import FieldIndex, Index
from qa.records import Article, Settings

FORMAT_VERSION = 1
_FIELDS = ("sentence_field", "context_field", "title_field")
_FIELD_ARRAYS = ("doc_len", "idf", "ptr", "docs", "tfs")
_SENTENCE_ARRAYS = ("sent_article", "sent_number", "sent_line", "sent_start", "sent_end", "sent_kind", "tok_ptr",
                    "tok_ids")


def index_folder(cache_root: Path, corpus_folder: Path) -> Path:
    """The folder that holds the saved index of one corpus folder (keyed by its absolute path)."""
    key = hashlib.sha256(str(corpus_folder.resolve()).encode()).hexdigest()[:16]
    return cache_root / "indexes" / f"{corpus_folder.resolve().name[:40]}-{key}"


def settings_key(settings: Settings) -> dict[str, object]:
    """The settings that shape the saved index (answer-time knobs do not invalidate it)."""
    full = dataclasses.asdict(settings)
    return {k: full[k] for k in ("variant", "k1", "b", "delta", "epsilon")}


def _atomic_write(path: Path, write) -> None:  # type: ignore[no-untyped-def]
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _json_bytes(value: object) -> np.ndarray:
    return np.frombuffer(json.dumps(value, ensure_ascii=False).encode("utf-8"), dtype=np.uint8)


def save_index(folder: Path, index: Index, manifest: dict[str, object]) -> None:
    """Write the index and its manifest atomically; raises IndexStoreError when the folder is not writable."""
    build_id = uuid.uuid4().hex
    arrays: dict[str, np.ndarray] = {name: getattr(index, name) for name in _SENTENCE_ARRAYS}
    for field_name in _FIELDS:
        field = getattr(index, field_name)
        for array_name in _FIELD_ARRAYS:
            arrays[f"{field_name}.{array_name}"] = getattr(field, array_name)
    terms = sorted(index.vocab, key=index.vocab.__getitem__)
    arrays["vocab"] = np.frombuffer("\n".join(terms).encode("utf-8"), dtype=np.uint8)
    arrays["articles"] = _json_bytes([
        {"source": a.source, "text": a.text, "title": a.title, "title_from_page": a.title_from_page,
         "date": a.date, "line_kinds": list(a.line_kinds)} for a in index.articles])
    arrays["build_id"] = _json_bytes(build_id)
    full_manifest = {
        "format_version": FORMAT_VERSION,
        "package_version": __version__,
        "settings": settings_key(index.settings),
        "build_id": build_id,
        "sentences": index.size,
        "terms": len(index.vocab),
        **manifest,
    }
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _atomic_write(folder / "index.npz", lambda h: np.savez(h, **arrays))
        _atomic_write(folder / "manifest.json",
                      lambda h: h.write(json.dumps(full_manifest, indent=2, ensure_ascii=False).encode("utf-8")))
    except OSError as error:
        raise IndexStoreError(f"cannot save the index in {folder}: {error.strerror or error}") from None


def read_manifest(folder: Path) -> dict[str, object] | None:
    """The manifest of a saved index, or None when there is none; raises IndexStoreError when unreadable."""
    path = folder / "manifest.json"
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise IndexStoreError(f"cannot read {path}: {error.strerror or error}") from None
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise IndexStoreError(f"{path} is corrupted (not JSON)") from None
    if not isinstance(manifest, dict):
        raise IndexStoreError(f"{path} is corrupted (not a JSON object)")
    return manifest


def load_index(folder: Path, manifest: dict[str, object], settings: Settings) -> Index:
    """Load a saved index; any damage becomes IndexStoreError (the caller rebuilds)."""
    path = folder / "index.npz"
    try:
        with np.load(path, allow_pickle=False) as data:
            arrays = {name: data[name] for name in data.files}
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as error:
        raise IndexStoreError(f"{path} is damaged ({type(error).__name__}): it will be rebuilt") from None
    try:
        if json.loads(arrays["build_id"].tobytes().decode("utf-8")) != manifest.get("build_id"):
            raise IndexStoreError(f"{path} does not belong to its manifest (an interrupted write?)")
        terms = arrays["vocab"].tobytes().decode("utf-8").split("\n") if arrays["vocab"].size else []
        articles = tuple(
            Article(source=a["source"], text=a["text"], title=a["title"], title_from_page=a["title_from_page"],
                    date=a["date"], line_kinds=tuple(a["line_kinds"]))
            for a in json.loads(arrays["articles"].tobytes().decode("utf-8"))
        )
        fields = {
            name: FieldIndex(**{a: arrays[f"{name}.{a}"] for a in _FIELD_ARRAYS}) for name in _FIELDS
        }
        index = Index(
            articles=articles,
            settings=settings,
            vocab={term: i for i, term in enumerate(terms)},
            **{name: arrays[name] for name in _SENTENCE_ARRAYS},
            **fields,
        )
    except (KeyError, TypeError, ValueError, UnicodeDecodeError) as error:
        raise IndexStoreError(f"{path} is damaged ({type(error).__name__}: {error}): it will be rebuilt") from None
    _check_shapes(index, path)
    return index


def _check_shapes(index: Index, path: Path) -> None:
    n = index.size
    ok = (
        all(getattr(index, name).shape[0] == n for name in _SENTENCE_ARRAYS[:6])
        and index.tok_ptr.shape[0] == n + 1
        and int(index.tok_ptr[-1]) == index.tok_ids.shape[0]
        and (index.tok_ids.size == 0 or int(index.tok_ids.max()) < len(index.vocab))
        and int(index.sent_article.max(initial=0)) < len(index.articles)
        and all(getattr(index, f).ptr.shape[0] == len(index.vocab) + 1 for f in _FIELDS[:2])
        and index.title_field.n_docs == len(index.articles)
    )
    if not ok:
        raise IndexStoreError(f"{path} is damaged (inconsistent arrays): it will be rebuilt")


@contextlib.contextmanager
def build_lock(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on the index folder while building (a second builder waits)."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "lock", "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
