"""jieba's precise-mode segmentation, with its dictionary searched in a sorted file instead of loaded.

jieba.initialize() turns its 350,000-word dict.txt into a Python dict of words and prefixes before the first
cut: 1 to 1.5 s on this machine, more than the whole start-up budget of a Chinese question. This module runs
jieba's own algorithm (jieba 0.42.1, `Tokenizer.__cut_DAG`: the word graph of every dictionary word in the
text, the most probable route by word frequency, and jieba's own HMM, `jieba.finalseg`, for runs of single
characters) over the same dict.txt, sorted once into a cache file and searched by bisection. The output is
jieba.lcut(text, HMM=True), word for word: tests/test_segment.py checks it on real text.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import math
import mmap
import os
import re
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

TABLE_FORMAT = 2  # 2: each line also holds the word's part-of-speech tag (nr: a person's name, ns: a place ...)
SWITCH_AFTER_PROBES = 200_000  # about 1 s of bisections: past that, jieba's in-memory dictionary is cheaper
LARGE_TEXT = 20_000  # characters: a text this long is cut by jieba itself, with its dictionary loaded
_HAN = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+)")  # jieba's re_han_default
_SKIP = re.compile("(\r\n|\\s)")  # jieba's re_skip_default
_HMM_HAN = re.compile("([\u4E00-\u9FD5]+)")  # jieba.finalseg's re_han
_HMM_SKIP = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")  # jieba.finalseg's re_skip
_HMM_FLOOR = -3.14e100  # jieba.finalseg's MIN_FLOAT: the log probability of an unseen emission
_HMM_BEFORE = {"B": "ES", "M": "MB", "S": "SE", "E": "BM"}  # the states each state may follow


def _jieba_folder() -> Path:
    """jieba's package folder, found without importing jieba (whose import is what we are saving)."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("jieba is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def _jieba_dictionary() -> Path:
    return _jieba_folder() / "dict.txt"


@functools.cache
def _hmm_tables() -> tuple[dict[str, float], dict[str, dict[str, float]], dict[str, dict[str, float]]]:
    """jieba.finalseg's start, transition and emission log probabilities, read from its own modules without
    importing jieba: its package import (its tokenizer, its patterns) was 30 of the 45 ms that a process's
    first run of unknown characters cost, in `qa ask` and again in every batch worker."""
    folder = _jieba_folder() / "finalseg"
    tables = []
    for name in ("prob_start", "prob_trans", "prob_emit"):
        spec = importlib.util.spec_from_file_location(f"qa._jieba_{name}", folder / f"{name}.py")
        if spec is None or spec.loader is None:
            raise ModuleNotFoundError(f"jieba.finalseg.{name} is missing")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)  # (its bytecode is cached beside it, as for jieba's own import)
        tables.append(module.P)
    start, trans, emit = tables
    return start, trans, emit


def _hmm_states(text: str) -> list[str]:
    """The most probable B/M/E/S state of each character (jieba.finalseg.viterbi: the same sums in the same
    order, so the same floats and the same ties)."""
    start, trans, emit = _hmm_tables()
    probability = {y: start[y] + emit[y].get(text[0], _HMM_FLOOR) for y in "BMES"}
    path = {y: [y] for y in "BMES"}
    for char in text[1:]:
        step: dict[str, float] = {}
        new_path = {}
        for y in "BMES":
            emitted = emit[y].get(char, _HMM_FLOOR)
            best, before = max([(probability[y0] + trans[y0].get(y, _HMM_FLOOR) + emitted, y0) for y0 in _HMM_BEFORE[y]])
            step[y] = best
            new_path[y] = path[before] + [y]
        probability, path = step, new_path
    return path[max((probability[y], y) for y in "ES")[1]]


def _hmm_words(text: str) -> Iterator[str]:
    """jieba.finalseg.cut(text): words for a run of characters the dictionary does not join."""
    for block in _HMM_HAN.split(text):
        if _HMM_HAN.match(block):
            states = _hmm_states(block)
            begin = following = 0
            for i, (char, state) in enumerate(zip(block, states)):
                if state == "B":
                    begin = i
                elif state == "E":
                    yield block[begin : i + 1]
                    following = i + 1
                elif state == "S":
                    yield char
                    following = i + 1
            if following < len(block):
                yield block[following:]
        else:
            yield from (piece for piece in _HMM_SKIP.split(block) if piece)


def _import_jieba() -> None:
    """Import jieba without pkg_resources: jieba._compat imports it only to open jieba's own data files, which
    it opens directly when pkg_resources is missing (the default since Python 3.12). That import was 0.15 s of
    jieba's 0.2 s. (Only a large text, cut by jieba itself, imports jieba now: see _hmm_tables.)"""
    if "jieba" in sys.modules:
        return
    hidden = "pkg_resources" not in sys.modules
    if hidden:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # makes `import pkg_resources` fail
    try:
        import jieba  # noqa: F401
    finally:
        if hidden:
            del sys.modules["pkg_resources"]


def build_table(dictionary: bytes) -> bytes:
    """dict.txt ("word freq [tag]" lines) -> b"total\\n" + sorted b"word\\tfreq\\ttag\\n" lines (last entry of a
    word wins; the tag may be empty)."""
    entries: dict[bytes, tuple[int, bytes]] = {}
    total = 0
    for line in dictionary.splitlines():
        parts = line.strip().split(b" ")
        if len(parts) < 2:
            continue
        word, count = parts[0], int(parts[1])
        entries[word] = (count, parts[2] if len(parts) > 2 else b"")
        total += count
    body = b"".join(word + b"\t" + str(count).encode() + b"\t" + tag + b"\n"
                    for word, (count, tag) in sorted(entries.items()))
    return str(total).encode() + b"\n" + body


class Segmenter:
    """Cuts Chinese text exactly as jieba.lcut(text, HMM=True), from a table made by build_table."""

    def __init__(self, table: bytes | mmap.mmap, cache_dir: str | None = None) -> None:
        newline = table.find(b"\n")
        self._log_total = math.log(int(table[:newline]))
        self._table = table
        self._first_line = newline + 1  # (the table is not sliced: a mapped one would be copied)
        self._cache_dir = cache_dir
        self._probes = 0
        self._found: dict[str, tuple[bool, int]] = {}  # fragment -> _lookup's answer, for repeated questions
        self._tags: dict[str, str] = {}  # word -> tag(word)
        self._freq: dict[str, int] | None = None  # jieba's own dictionary, once the work is large

    def _switch_to_jieba_dictionary(self) -> None:
        """A bisection costs ~50 times a dict look-up: for a big text (indexing a Chinese corpus, a megabyte
        of Chinese) load jieba's dictionary once, as jieba itself would, and look words up there."""
        import logging

        _import_jieba()
        import jieba

        jieba.setLogLevel(logging.WARNING)  # no "Building prefix dict..." chatter on stderr
        if self._cache_dir:
            jieba.dt.tmp_dir = self._cache_dir
        jieba.initialize()
        self._freq = jieba.dt.FREQ
        self._found = {}
        self._jieba_lcut = jieba.lcut

    def _lower_bound(self, key: bytes) -> int:
        table = self._table
        lo, hi = self._first_line, len(table)
        while lo < hi:
            mid = (lo + hi) // 2
            start = table.rfind(b"\n", lo, mid) + 1 if mid > lo else lo
            start = max(start, lo)
            end = table.find(b"\n", start)
            tab = table.find(b"\t", start, end)
            if table[start:tab] < key:
                lo = end + 1
            else:
                hi = start
        return lo

    def _lookup(self, fragment: str) -> tuple[bool, int]:
        """(fragment starts some dictionary word, its frequency as a word or 0)."""
        if self._freq is not None:
            count = self._freq.get(fragment)
            return count is not None, count or 0
        found = self._found.get(fragment)
        if found is not None:
            return found
        self._probes += 1
        if self._probes > SWITCH_AFTER_PROBES:
            self._switch_to_jieba_dictionary()
            return self._lookup(fragment)
        entry = self._entry(fragment)
        found = (False, 0) if entry is None else (True, int(entry[1]) if entry[0] else 0)
        self._found[fragment] = found  # bounded: after SWITCH_AFTER_PROBES probes the dictionary takes over
        return found

    def tag(self, word: str) -> str:
        """jieba's part-of-speech tag of a dictionary word ("nr" a person's name, "ns" a place, "nt" a body),
        "" for any other string. Read from the sorted table whichever way words are looked up."""
        found = self._tags.get(word)
        if found is None:
            entry = self._entry(word)
            found = entry[2].decode("ascii", "replace") if entry is not None and entry[0] else ""
            self._tags[word] = found
        return found

    def _entry(self, fragment: str) -> tuple[bool, bytes, bytes] | None:
        """The first table line at or after `fragment` when it starts with it (None: no word starts so), as
        (the line's word is the fragment itself, its frequency, its tag)."""
        key = fragment.encode("utf-8")
        table = self._table
        position = self._lower_bound(key)
        if position >= len(table) or table[position : position + len(key)] != key:
            return None
        end = table.find(b"\n", position)
        tab = table.find(b"\t", position, end)
        second = table.find(b"\t", tab + 1, end)
        return tab - position == len(key), table[tab + 1 : second], table[second + 1 : end]

    def frequency(self, word: str) -> int:
        """The word's count in jieba's dictionary, 0 when it is not a dictionary word (jieba.get_FREQ)."""
        return self._lookup(word)[1] if word else 0

    def _cut_block(self, sentence: str) -> Iterator[str]:
        n = len(sentence)
        graph: dict[int, list[int]] = {}
        freq: dict[str, int] = {}
        for k in range(n):
            ends = []
            i = k
            fragment = sentence[k]
            while i < n:
                is_prefix, count = self._lookup(fragment)
                if not is_prefix:
                    break
                if count:
                    ends.append(i)
                    freq[fragment] = count
                i += 1
                fragment = sentence[k : i + 1]
            graph[k] = ends or [k]
        route: dict[int, tuple[float, int]] = {n: (0.0, 0)}
        for idx in range(n - 1, -1, -1):
            route[idx] = max((math.log(freq.get(sentence[idx : x + 1]) or 1) - self._log_total + route[x + 1][0], x)
                             for x in graph[idx])
        x = 0
        pending = ""
        while x < n:
            y = route[x][1] + 1
            word = sentence[x:y]
            if y - x == 1:
                pending += word
            else:
                if pending:
                    yield from self._flush(pending)
                    pending = ""
                yield word
            x = y
        if pending:
            yield from self._flush(pending)

    def _flush(self, pending: str) -> Iterator[str]:
        if len(pending) == 1:
            yield pending
        elif not self._lookup(pending)[1]:
            yield from _hmm_words(pending)  # jieba's HMM
        else:
            yield from pending

    def lcut(self, text: str) -> list[str]:
        if self._freq is None and len(text) > LARGE_TEXT:
            self._switch_to_jieba_dictionary()
        if self._freq is not None:
            return self._jieba_lcut(text, HMM=True)  # the same algorithm, in jieba's own faster loop
        words: list[str] = []
        for block in _HAN.split(text):
            if not block:
                continue
            if _HAN.match(block):
                words.extend(self._cut_block(block))
            else:
                for piece in _SKIP.split(block):
                    if _SKIP.match(piece):
                        words.append(piece)
                    else:
                        words.extend(piece)
        return words


def load_segmenter(cache_dir: str | None) -> Segmenter:
    """The segmenter, its table read from the cache folder, or built there from jieba's dict.txt (once)."""
    source = _jieba_dictionary()
    size = source.stat().st_size
    name = f"jieba-words-f{TABLE_FORMAT}-{size}.tsv"
    if cache_dir:
        path = Path(cache_dir) / name
        with contextlib.suppress(OSError, ValueError), open(path, "rb") as handle:
            # mapped, not read: a process looks at a few hundred of its 5 MB (5 ms to read)
            return Segmenter(mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ), cache_dir)
    table = build_table(source.read_bytes())
    if cache_dir:
        with contextlib.suppress(OSError):
            Path(cache_dir).mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=cache_dir, prefix=f".{name}.", suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(table)
                os.replace(tmp, Path(cache_dir) / name)
            except OSError:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
    return Segmenter(table, cache_dir)
