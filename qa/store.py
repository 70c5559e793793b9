"""I/O: save and load an index as plain files, never pickle.

Layout of one saved index (a folder per corpus, under the user's cache folder):
  manifest.json        format version, package version, reading fingerprint (see reading_fingerprint),
                       settings, corpus fingerprints, build id, and the name of the data folder it
                       describes (readable JSON)
  data-<build id>/     one .npy file per numeric array (np.load(..., allow_pickle=False) reads any of them),
                       vocab.txt (the terms, one per line: line i is term id i) and articles.json
  lock                 held while building, so two `qa index` runs do not write at once
Arrays are memory-mapped when loaded: loading costs the same for ten sentences or ten million, and pages
are read from disk only when a question touches them. An index of at most PLAIN_MAX_SENTENCES sentences
is mapped as memoryviews, without importing numpy (which alone costs more than answering a question over
it), and scored in plain Python with the same floats (see qa.index.Column). A new build writes a new data folder under a
temporary name, renames it into place, then replaces the manifest (atomically) and removes the old data
folder, so a crash or Ctrl-C mid-build leaves the previous good index whole.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import functools
import hashlib
import json
import mmap
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from qa import __version__
from qa.errors import IndexStoreError
from qa.index import Column, FieldIndex, Index
from qa.records import Article, Settings

if TYPE_CHECKING:
    import numpy as np

FORMAT_VERSION = 2  # 2: a data folder of .npy files, term ids in sorted order (1: one index.npz)
_FIELDS = ("sentence_field", "context_field", "title_field")
_FIELD_ARRAYS = ("doc_len", "idf", "ptr", "docs", "tfs")
_SENTENCE_ARRAYS = ("sent_article", "sent_number", "sent_line", "sent_start", "sent_end", "sent_kind", "tok_ptr",
                    "tok_ids")
_DATA_NAME = re.compile(r"data-[0-9a-f]{32}")
# Up to this many sentences an index is loaded as memoryviews and scored in plain Python, which spares
# numpy's import (~150 ms, more than answering a question). Plain scoring costs grow with the postings a
# question reads: on SQuAD dev pools it is as fast as numpy's up to about 5,000 sentences (4,272: 1.9 ms
# a question against 2.0; 5,521: 4.0 against 3.1; 10,290: 6.1 against 4.1), so below this bound no batch
# of questions is slowed either.
PLAIN_MAX_SENTENCES = 5_000


def index_folder(cache_root: Path, corpus_folder: Path) -> Path:
    """The folder that holds the saved index of one corpus folder (keyed by its absolute path)."""
    resolved = corpus_folder.resolve()
    key = hashlib.sha256(os.fsencode(resolved)).hexdigest()[:16]  # any path, even one that is not UTF-8
    name = resolved.name[:40].encode("utf-8", "backslashreplace").decode("ascii", "backslashreplace")
    return cache_root / "indexes" / f"{name.replace(chr(92), '_')}-{key}"


# The modules that decide what an index holds: how articles are read, cleaned, split into sentences and
# tokenized, and what the index keeps of them. A saved index built by other versions of them is rebuilt.
READING_MODULES = ("corpus", "clean", "sentences", "tokens", "segment", "index", "records")


@functools.lru_cache(maxsize=1)
def reading_fingerprint() -> str:
    """A digest of READING_MODULES' source (the package version where the source is not there to read).

    Why: the package version does not change with every edit, and an index tokenized by older rules than
    the questions are answers worse without a word of warning (a stopword dropped from one but not the other).
    """
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parent
    for name in READING_MODULES:
        try:
            digest.update((package / f"{name}.py").read_bytes())
        except OSError:
            return f"qa {__version__}"
    return digest.hexdigest()[:16]


def settings_key(settings: Settings) -> dict[str, object]:
    """The settings that shape the saved index (answer-time knobs do not invalidate it)."""
    full = dataclasses.asdict(settings)
    return {k: full[k] for k in ("variant", "k1", "b", "delta", "epsilon")}


def _write_file(path: Path, write: Callable[[BinaryIO], object]) -> None:
    with open(path, "wb") as handle:
        write(handle)
        handle.flush()
        os.fsync(handle.fileno())


def _atomic_write(path: Path, write: Callable[[BinaryIO], object]) -> None:
    import tempfile  # the writing functions import what only they need: loading stays quick to start

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


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every file system lets a folder be opened for syncing
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _arrays(index: Index) -> dict[str, np.ndarray]:
    arrays: dict[str, np.ndarray] = {name: getattr(index, name) for name in _SENTENCE_ARRAYS}
    for field_name in _FIELDS:
        field = getattr(index, field_name)
        for array_name in _FIELD_ARRAYS:
            arrays[f"{field_name}.{array_name}"] = getattr(field, array_name)
    return arrays


def _write_articles(handle: BinaryIO, articles: Sequence[Article]) -> None:
    """A JSON list of the articles, written one at a time (a large corpus is never one string in memory)."""
    handle.write(b"[")
    for i, a in enumerate(articles):
        record = {"source": a.source, "text": a.text, "title": a.title, "title_from_page": a.title_from_page,
                  "date": a.date, "line_kinds": list(a.line_kinds)}
        handle.write((", " if i else "").encode() + json.dumps(record, ensure_ascii=False).encode("utf-8"))
    handle.write(b"]")


def _write_manifest(folder: Path, manifest: dict[str, object]) -> None:
    _atomic_write(folder / "manifest.json",
                  lambda h: h.write(json.dumps(manifest, indent=2, ensure_ascii=False).encode("utf-8")))


def _remove_other_data(folder: Path, keep: str) -> None:
    """Old data folders, interrupted writes and a format-1 index.npz: none is needed any more."""
    import shutil

    for path in folder.iterdir():
        if path.name == keep:
            continue
        if path.is_dir() and (_DATA_NAME.fullmatch(path.name) or path.name.startswith(".data-")):
            shutil.rmtree(path, ignore_errors=True)
        elif path.name == "index.npz" or (path.name.startswith(".") and path.name.endswith(".tmp")):
            with contextlib.suppress(OSError):
                path.unlink()


def save_index(folder: Path, index: Index, manifest: dict[str, object]) -> dict[str, object]:
    """Write the index and its manifest (crash-safe, see above); returns the manifest as written.

    Raises IndexStoreError when the folder is not writable.
    """
    import shutil
    import uuid

    import numpy as np

    build_id = uuid.uuid4().hex
    data_name = f"data-{build_id}"
    full_manifest = {
        "format_version": FORMAT_VERSION,
        "package_version": __version__,
        "reading": reading_fingerprint(),
        "settings": settings_key(index.settings),
        "build_id": build_id,
        "data": data_name,
        "sentences": index.size,
        "terms": len(index.vocab),
        **manifest,
    }
    temporary = folder / f".{data_name}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temporary.mkdir()
        for name, array in _arrays(index).items():
            contiguous = np.ascontiguousarray(array)
            _write_file(temporary / f"{name}.npy",
                        lambda h, a=contiguous: np.lib.format.write_array(h, a, allow_pickle=False))  # type: ignore[misc]
        _write_file(temporary / "vocab.txt", lambda h: h.write("\n".join(index.terms).encode("utf-8")))
        _write_file(temporary / "articles.json", lambda h: _write_articles(h, index.articles))
        _fsync_folder(temporary)
        os.replace(temporary, folder / data_name)
        _fsync_folder(folder)
        _write_manifest(folder, full_manifest)
    except OSError as error:
        shutil.rmtree(temporary, ignore_errors=True)
        raise IndexStoreError(f"cannot save the index in {folder}: {error.strerror or error}") from None
    _remove_other_data(folder, keep=data_name)
    return full_manifest


def update_manifest(folder: Path, manifest: dict[str, object], changes: dict[str, object]) -> dict[str, object]:
    """Rewrite the manifest of a saved index with new corpus facts, keeping its data (a touched corpus)."""
    updated = {**manifest, **changes}
    try:
        _write_manifest(folder, updated)
    except OSError as error:
        raise IndexStoreError(f"cannot save the index in {folder}: {error.strerror or error}") from None
    return updated


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


def _map_array(path: Path) -> np.ndarray:
    """A read-only view of a .npy file, memory-mapped (a plain ndarray, not an np.memmap)."""
    import numpy as np

    mapped = np.load(path, mmap_mode="r", allow_pickle=False)
    if mapped.dtype.hasobject:
        raise ValueError("object arrays are not allowed")
    return np.asarray(mapped)


# .npy dtypes (as the header spells them) -> memoryview formats of the same size, on a little-endian machine
_VIEW_FORMATS = {"<i4": "i", "<i8": "q", "<f8": "d", "|i1": "b", "<f4": "f", "<i2": "h"}
_NPY_HEADER = re.compile(r"\{'descr': '([<>|][a-z]\d+)', 'fortran_order': (False|True), 'shape': \((\d+),\), \}\s*")


def _view_array(path: Path) -> memoryview | None:
    """A read-only memoryview of a one-dimensional .npy file's values, memory-mapped without numpy; None
    when only numpy can read it (anything but a little-endian number array in C order, on a little-endian
    machine). The header is the dict literal of the .npy format (numpy.lib.format), versions 1 to 3.
    """
    with open(path, "rb") as handle:
        mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    view = memoryview(mapped)
    if len(view) < 12 or view[:6] != b"\x93NUMPY" or view[6] not in (1, 2, 3):
        raise ValueError(f"{path.name} is not a .npy file")
    size_bytes = 2 if view[6] == 1 else 4
    offset = 8 + size_bytes + int.from_bytes(view[8 : 8 + size_bytes], "little")
    header = _NPY_HEADER.fullmatch(bytes(view[8 + size_bytes : offset]).decode("latin-1"))
    view_format = _VIEW_FORMATS.get(header.group(1)) if header else None
    if header is None or view_format is None or header.group(2) == "True" or sys.byteorder != "little":
        return None
    values = view[offset:].cast(view_format)  # type: ignore[call-overload]  # one of _VIEW_FORMATS
    if len(values) != int(header.group(3)):
        raise ValueError(f"{path.name} holds {len(values)} values, not {header.group(3)}")
    return values


def _view_arrays(data: Path, names: Sequence[str]) -> dict[str, Column] | None:
    """Every array as a memoryview (see _view_array), or None when one of them needs numpy."""
    views: dict[str, Column] = {}
    for name in names:
        view = _view_array(data / f"{name}.npy")
        if view is None:
            return None
        views[name] = view
    return views


def load_index(folder: Path, manifest: dict[str, object], settings: Settings, use_numpy: bool | None = None) -> Index:
    """Load a saved index; any damage becomes IndexStoreError (the caller rebuilds).

    `use_numpy`: numpy arrays (True) or memoryviews scored in plain Python (False); by default numpy only
    above PLAIN_MAX_SENTENCES sentences. Answers are the same either way.
    """
    data_name = manifest.get("data")
    if not isinstance(data_name, str) or not _DATA_NAME.fullmatch(data_name) \
            or data_name != f"data-{manifest.get('build_id')}":
        raise IndexStoreError(f"{folder / 'manifest.json'} names no data folder of its build: it will be rebuilt")
    data = folder / data_name
    if use_numpy is None:
        sentences = manifest.get("sentences")
        use_numpy = not isinstance(sentences, int) or sentences > PLAIN_MAX_SENTENCES
    names = (*_SENTENCE_ARRAYS, *(f"{f}.{a}" for f in _FIELDS for a in _FIELD_ARRAYS))
    try:
        arrays = None if use_numpy else _view_arrays(data, names)
        if arrays is None:
            arrays = {name: _map_array(data / f"{name}.npy") for name in names}
        vocab_text = (data / "vocab.txt").read_bytes().decode("utf-8")
        terms = tuple(vocab_text.split("\n")) if vocab_text else ()
        articles = tuple(
            Article(source=a["source"], text=a["text"], title=a["title"], title_from_page=a["title_from_page"],
                    date=a["date"], line_kinds=tuple(a["line_kinds"]))
            for a in json.loads((data / "articles.json").read_bytes().decode("utf-8"))
        )
        fields = {name: FieldIndex(**{a: arrays[f"{name}.{a}"] for a in _FIELD_ARRAYS}) for name in _FIELDS}
        index = Index(
            articles=articles,
            settings=settings,
            vocab=dict(zip(terms, range(len(terms)))),
            terms=terms,
            sent_article=arrays["sent_article"],
            sent_number=arrays["sent_number"],
            sent_line=arrays["sent_line"],
            sent_start=arrays["sent_start"],
            sent_end=arrays["sent_end"],
            sent_kind=arrays["sent_kind"],
            tok_ptr=arrays["tok_ptr"],
            tok_ids=arrays["tok_ids"],
            sentence_field=fields["sentence_field"],
            context_field=fields["context_field"],
            title_field=fields["title_field"],
        )
    except FileNotFoundError as error:
        raise IndexStoreError(f"{data} is incomplete ({Path(error.filename or '').name} is missing): "
                              "it will be rebuilt") from None
    except (OSError, ValueError, KeyError, TypeError, EOFError, UnicodeDecodeError) as error:
        raise IndexStoreError(f"{data} is damaged ({type(error).__name__}: {error}): it will be rebuilt") from None
    _check_shapes(index, data)
    return index


def _check_shapes(index: Index, path: Path) -> None:
    n = index.size
    ok = (
        all(getattr(index, name).shape[0] == n for name in _SENTENCE_ARRAYS[:6])
        and index.tok_ptr.shape[0] == n + 1
        and int(index.tok_ptr[-1]) == index.tok_ids.shape[0]
        and _largest(index.tok_ids) < len(index.vocab)
        and len(index.vocab) == len(index.terms)
        and max(_largest(index.sent_article), 0) < len(index.articles)
        and all(getattr(index, f).ptr.shape[0] == len(index.vocab) + 1 for f in _FIELDS)
        and all(int(getattr(index, f).ptr[-1]) == getattr(index, f).docs.shape[0] == getattr(index, f).tfs.shape[0]
                for f in _FIELDS)
        and index.sentence_field.n_docs == index.context_field.n_docs == n
        and index.title_field.n_docs == len(index.articles)
    )
    if not ok:
        raise IndexStoreError(f"{path} is damaged (inconsistent arrays): it will be rebuilt")


def _largest(column: Column) -> int:
    """The largest of a column of integers; -1 when it is empty."""
    if not len(column):
        return -1
    return int(max(column) if isinstance(column, memoryview) else column.max())


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
