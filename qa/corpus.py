"""I/O: read a folder of articles, decide which files are text, and fingerprint them."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from qa.clean import clean_article
from qa.errors import CorpusError
from qa.records import Article

ARTICLE_SUFFIXES = (".txt", ".md")
MAX_FILE_BYTES = 32 * 1024 * 1024  # larger files are skipped with a note, not half-read
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_BAD_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")


@dataclass(frozen=True)
class Skipped:
    """A file that is not indexed, and why (shown to the user)."""

    source: str
    reason: str


@dataclass(frozen=True)
class CorpusFile:
    source: str
    size: int
    mtime_ns: int
    sha256: str
    encoding: str


@dataclass(frozen=True)
class Corpus:
    folder: Path
    articles: tuple[Article, ...]
    files: tuple[CorpusFile, ...]
    skipped: tuple[Skipped, ...]


def list_article_paths(folder: Path) -> list[Path]:
    """Article files under the folder, sorted; directory symlinks are not followed (no loops)."""
    found: list[Path] = []
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if name.lower().endswith(ARTICLE_SUFFIXES) and not name.startswith(".") and name.lower() != "readme.md":
                found.append(Path(root) / name)
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())


def check_folder(folder: Path) -> Path:
    if not folder.exists():
        raise CorpusError(f"corpus folder {folder} does not exist; pass --corpus with a folder of .txt or .md articles")
    if not folder.is_dir():
        raise CorpusError(f"corpus path {folder} is not a folder; pass --corpus with a folder of .txt or .md articles")
    return folder


def quick_fingerprint(folder: Path) -> str:
    """A hash of every article file's path, size and modification time: cheap enough for each start."""
    digest = hashlib.sha256()
    for path in list_article_paths(check_folder(folder)):
        try:
            stat = path.stat()
        except OSError:
            continue
        digest.update(f"{path.relative_to(folder).as_posix()}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def decode_article(data: bytes) -> tuple[str, str]:
    """Return (text, encoding); UTF-8 (with or without BOM) first, then GB18030 for Chinese pages.

    Raises ValueError with the reason when the bytes are not text.
    """
    if b"\x00" in data[:65536]:
        raise ValueError("binary file (holds NUL bytes)")
    try:
        text, encoding = data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            text, encoding = data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError:
            raise ValueError(f"not UTF-8 text (bad byte at offset {utf8_error.start})") from None
        non_ascii = [c for c in text if ord(c) > 127]
        if not non_ascii or len(_CJK.findall(text)) < 0.6 * len(non_ascii):
            raise ValueError(f"not UTF-8 text (bad byte at offset {utf8_error.start})")
    if len(_BAD_CONTROL.findall(text[:65536])) > 8:
        raise ValueError("binary file (control characters)")
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding


def read_corpus(folder: Path) -> Corpus:
    """Read every article under the folder; unreadable files are skipped with a reason, not fatal."""
    folder = check_folder(folder)
    articles: list[Article] = []
    files: list[CorpusFile] = []
    skipped: list[Skipped] = []
    for path in list_article_paths(folder):
        source = path.relative_to(folder).as_posix()
        try:
            before = path.stat()
            if before.st_size > MAX_FILE_BYTES:
                skipped.append(Skipped(source, f"too large ({before.st_size / 1e6:.0f} MB; the limit is "
                                               f"{MAX_FILE_BYTES // 2**20} MiB per file): split it into articles"))
                continue
            data = path.read_bytes()
        except OSError as error:
            skipped.append(Skipped(source, f"cannot be read ({error.strerror or error})"))
            continue
        if not data.strip():
            skipped.append(Skipped(source, "empty file"))
            continue
        try:
            text, encoding = decode_article(data)
        except ValueError as error:
            skipped.append(Skipped(source, str(error)))
            continue
        if not re.search(r"\w", text):
            skipped.append(Skipped(source, "no words in it"))
            continue
        articles.append(clean_article(source, text))
        files.append(CorpusFile(source, len(data), before.st_mtime_ns, hashlib.sha256(data).hexdigest(), encoding))
    if not articles:
        if skipped:
            raise CorpusError(f"no readable article in {folder}: {skipped[0].source}: {skipped[0].reason}"
                              + (f" (and {len(skipped) - 1} more skipped)" if len(skipped) > 1 else ""))
        raise CorpusError(f"no articles in {folder}: put .txt or .md files in it")
    return Corpus(folder, tuple(articles), tuple(files), tuple(skipped))


def content_fingerprint(files: tuple[CorpusFile, ...]) -> str:
    """A hash of the articles' names and bytes: what an index was built from."""
    digest = hashlib.sha256()
    for f in files:
        digest.update(f"{f.source}\0{f.sha256}\n".encode())
    return digest.hexdigest()
