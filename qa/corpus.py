"""I/O: read a folder of articles, decide which files are text, and fingerprint them."""

from __future__ import annotations

import codecs
import errno
import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from qa import lazy_re as re  # patterns compile on first use: start-up pays only for those used
from qa.clean import clean_article
from qa.errors import CorpusError
from qa.records import Article

ARTICLE_SUFFIXES = (".txt", ".md")
MAX_FILE_BYTES = 32 * 1024 * 1024  # larger files are skipped with a note, not half-read
_NOT_CJK_RUN = re.compile(r"[^\u3400-\u4dbf\u4e00-\u9fff]+")
_ASCII_RUN = re.compile(r"[\x00-\x7f]+")
_BAD_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")
_HAS_WORD = re.compile(r"[^\W_]")  # what makes a sentence (qa.sentences)
_WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


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
            status = path.stat()
        except OSError:
            continue
        digest.update(f"{source_name(path.relative_to(folder).as_posix())}\0{status.st_size}\0{status.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def decode_article(data: bytes) -> tuple[str, str]:
    """Return (text, encoding); UTF-8 (with or without BOM) first, then GB18030 for Chinese pages.

    Raises ValueError with the reason when the bytes are not text.
    """
    if b"\x00" in data[:65536]:
        if data.startswith(_WIDE_BOMS):
            raise ValueError("binary file, or UTF-16/UTF-32 text (holds NUL bytes): save it as UTF-8")
        raise ValueError("binary file (holds NUL bytes)")
    try:
        text, encoding = data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        not_text = f"not UTF-8 text (bad byte at offset {utf8_error.start}), nor Chinese in GB18030: save it as UTF-8"
        try:
            text, encoding = data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError:
            raise ValueError(not_text) from None
        non_ascii = len(_ASCII_RUN.sub("", text))
        if not non_ascii or len(_NOT_CJK_RUN.sub("", text)) < 0.6 * non_ascii:
            raise ValueError(not_text)
    if len(_BAD_CONTROL.findall(text[:65536])) > 8:
        raise ValueError("binary file (control characters)")
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding


def read_article_bytes(path: Path) -> tuple[bytes, os.stat_result]:
    """The bytes of one article file and its status; raises ValueError with the reason it cannot be used.

    Only regular files are opened: a named pipe would wait for a writer and a device may never end. The
    size is checked before reading and the read is bounded, so a sparse or growing file is never read
    past the limit. A file written to while it is read is read again, a few times at most.
    """
    try:
        status = os.stat(path)
        if not stat.S_ISREG(status.st_mode):
            raise ValueError(f"not a regular file ({_file_kind(status.st_mode)})")
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        if path.is_symlink():
            raise ValueError(f"broken symbolic link (to {os.readlink(path)})") from None
        raise ValueError("removed while the corpus was being read") from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise ValueError("symbolic link loop") from None
        raise ValueError(f"cannot be read ({error.strerror or error})") from None
    try:
        for _attempt in range(3):
            before = os.fstat(fd)
            if not stat.S_ISREG(before.st_mode):  # replaced between stat and open
                raise ValueError(f"not a regular file ({_file_kind(before.st_mode)})")
            if before.st_size > MAX_FILE_BYTES:
                raise ValueError(_too_large(before.st_size))
            data = _read_at_most(fd, MAX_FILE_BYTES + 1)
            if len(data) > MAX_FILE_BYTES:
                raise ValueError(_too_large(len(data)))
            after = os.fstat(fd)
            if (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns):
                return data, before
        raise ValueError("kept changing while it was read: index again once it is written")
    except OSError as error:
        raise ValueError(f"cannot be read ({error.strerror or error})") from None
    finally:
        os.close(fd)


def _read_at_most(fd: int, limit: int) -> bytes:
    os.lseek(fd, 0, os.SEEK_SET)
    chunks: list[bytes] = []
    left = limit
    while left > 0:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _too_large(size: int) -> str:
    return (f"too large ({size / 1e6:.0f} MB; the limit is {MAX_FILE_BYTES // 2**20} MiB per file): "
            "split it into articles")


def _file_kind(mode: int) -> str:
    kinds = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"),
             (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))
    return next((name for test, name in kinds if test(mode)), "not a file")


def source_name(relative: str) -> str:
    """The name an article is cited by: its path in the folder, with bytes that are not UTF-8 shown as
    \\xNN (a name the file system gave as undecodable bytes could not be written to JSON or printed)."""
    return os.fsencode(relative).decode("utf-8", "backslashreplace")


def read_corpus(folder: Path) -> Corpus:
    """Read every article under the folder; unreadable files are skipped with a reason, not fatal."""
    folder = check_folder(folder)
    articles: list[Article] = []
    files: list[CorpusFile] = []
    skipped: list[Skipped] = []
    for path in list_article_paths(folder):
        source = source_name(path.relative_to(folder).as_posix())
        try:
            data, before = read_article_bytes(path)
            if not data.strip():
                raise ValueError("empty file")
            text, encoding = decode_article(data)
            if not _HAS_WORD.search(text):
                raise ValueError("no words in it")
        except ValueError as error:
            skipped.append(Skipped(source, str(error)))
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
