"""I/O: open the index of a corpus folder: load the saved one if it is current, else build and save it."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from qa import __version__
from qa.corpus import check_folder, content_fingerprint, quick_fingerprint, read_corpus
from qa.errors import IndexStoreError
from qa.index import Index, build_index, default_workers
from qa.records import Article, Settings
from qa.store import (
    FORMAT_VERSION,
    build_lock,
    index_folder,
    load_index,
    read_manifest,
    reading_fingerprint,
    save_index,
    settings_key,
    update_manifest,
)

Note = Callable[[str], None]


def note_to_stderr(message: str) -> None:
    print(f"qa: {message}", file=sys.stderr)


@dataclass(frozen=True)
class OpenedIndex:
    index: Index
    folder: Path  # the corpus folder
    manifest: dict[str, object]
    rebuilt: bool


def _stale_reason(manifest: dict[str, object] | None, settings: Settings) -> str | None:
    if manifest is None:
        return "no saved index yet"
    version = manifest.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        return f"the saved index has format {version!r}, newer than this qa understands ({FORMAT_VERSION})"
    if version < FORMAT_VERSION:
        return f"the saved index has an old format ({version})"
    if manifest.get("package_version") != __version__:
        return f"the saved index was built by qa {manifest.get('package_version')}"
    if manifest.get("reading") != reading_fingerprint():
        return "qa reads articles differently since the saved index was built"
    if manifest.get("settings") != settings_key(settings):
        return "the index settings changed"
    return None


def _describe_change(old: dict[str, object], files: dict[str, str]) -> str:
    before = old.get("files") if isinstance(old.get("files"), dict) else {}
    assert isinstance(before, dict)
    added = len(set(files) - set(before))
    removed = len(set(before) - set(files))
    edited = sum(1 for k in set(files) & set(before) if files[k] != before[k])
    parts = [f"{n} file{'s' if n != 1 else ''} {what}" for n, what in ((added, "added"), (edited, "edited"),
                                                                      (removed, "removed")) if n]
    return "the corpus changed (" + ", ".join(parts or ["files touched"]) + ")"


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the CPUs this process may run on (Linux)
    except AttributeError:
        return os.cpu_count() or 1


def _build(articles: Sequence[Article], settings: Settings, progress: Callable[[int, int], None] | None) -> Index:
    """Build in as many processes as there are CPUs when the corpus is large (see default_workers)."""
    return build_index(articles, settings, progress=progress, workers=default_workers(articles, _cpus()))


def _load_current(store: Path, manifest: dict[str, object], settings: Settings) -> Index:
    """load_index; if another process replaced the index meanwhile (its old data folder is gone), the new one."""
    try:
        return load_index(store, manifest, settings)
    except IndexStoreError:
        latest = read_manifest(store)
        if (latest is None or latest.get("build_id") == manifest.get("build_id") or _stale_reason(latest, settings)
                or latest.get("quick_fingerprint") != manifest.get("quick_fingerprint")):
            raise
        return load_index(store, latest, settings)


def open_index(corpus_folder: Path, settings: Settings, cache: Path, note: Note = note_to_stderr,
               rebuild: bool = False, progress: Callable[[int, int], None] | None = None) -> OpenedIndex:
    """The current index of the folder; rebuilt (with a note) when missing, stale, damaged or changed."""
    folder = check_folder(corpus_folder).resolve()
    store = index_folder(cache, folder)
    quick = quick_fingerprint(folder)
    manifest: dict[str, object] | None = None
    try:
        manifest = read_manifest(store)
    except IndexStoreError as error:
        note(f"{error}: rebuilding the index")
    reason = "asked to rebuild" if rebuild else _stale_reason(manifest, settings)
    if reason is None and manifest is not None and manifest.get("quick_fingerprint") == quick:
        try:
            return OpenedIndex(_load_current(store, manifest, settings), folder, manifest, False)
        except IndexStoreError as error:
            note(str(error))
            reason = "the saved index was damaged"
    corpus = read_corpus(folder)
    files = {f.source: f.sha256 for f in corpus.files}
    fingerprint = content_fingerprint(corpus.files)
    if reason is None and manifest is not None:
        if manifest.get("corpus_fingerprint") == fingerprint:
            reason = None  # touched, not changed: reuse the index below
        else:
            reason = _describe_change(manifest, files)
    for skipped in corpus.skipped:
        note(f"skipped {skipped.source}: {skipped.reason}")
    new_manifest: dict[str, object] = {
        "corpus_folder": os.fsencode(folder).decode("utf-8", "backslashreplace"),  # any path is JSON
        "quick_fingerprint": quick,
        "corpus_fingerprint": fingerprint,
        "files": files,
        "skipped": {s.source: s.reason for s in corpus.skipped},
    }
    try:
        with build_lock(store):
            if reason is None and manifest is not None:
                try:
                    index = load_index(store, manifest, settings)
                except IndexStoreError as error:
                    note(str(error))
                    reason = "the saved index was damaged"
                else:
                    _keep_manifest_current(store, manifest, new_manifest, note)
                    return OpenedIndex(index, folder, new_manifest, False)
            if reason not in ("no saved index yet", "asked to rebuild"):
                note(f"{reason}: rebuilding the index")
            index = _build(corpus.articles, settings, progress)
            save_index(store, index, new_manifest)
    except IndexStoreError as error:
        note(f"{error}; answering from an index held in memory only")
        index = _build(corpus.articles, settings, progress)
    except OSError as error:
        note(f"cannot use the index folder {store} ({error.strerror or error}); answering from memory only")
        index = _build(corpus.articles, settings, progress)
    return OpenedIndex(index, folder, new_manifest, True)


def _keep_manifest_current(store: Path, manifest: dict[str, object], corpus_facts: dict[str, object],
                           note: Note) -> None:
    """A touched but unchanged corpus: record its new quick fingerprint so the next start loads at once."""
    try:
        update_manifest(store, manifest, corpus_facts)
    except IndexStoreError as error:
        note(f"{error}; the index is current but the next start will check the corpus again")
