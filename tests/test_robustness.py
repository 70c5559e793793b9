"""Nothing a user types or drops into the corpus breaks qa, corrupts its index, or reaches the terminal raw."""

from __future__ import annotations

import io
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import CORPUS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import qa.cli
import qa.corpus
from qa.answer import answer
from qa.clean import clean_article, clean_question, normalize_chars
from qa.cli import MAX_LINE_CHARS, main, read_question_lines, run_batch
from qa.corpus import list_article_paths, read_article_bytes, read_corpus
from qa.errors import CorpusError
from qa.index import Index, build_index
from qa.records import Settings
from qa.render import answer_to_json, format_text, format_tsv, json_line, safe
from qa.repl import ReplState, handle_line
from qa.sentences import split_block, split_sentences
from qa.store import index_folder, load_index, read_manifest
from qa.tokens import iter_terms, tokenize
from qa.workspace import open_index

# What must never reach a terminal: C0 controls but tab and newline, DEL, C1, bidi embeddings/overrides/isolates.
TERMINAL_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# What json.dumps leaves raw but json_line must escape.
JSON_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
MAYOR = "Who is the mayor of Changzhou?"
PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

BAD_QUESTIONS = {
    "empty": "",
    "whitespace only": " \t\u3000  ",
    "punctuation only": "?!.,;:…？！。()",
    "stopwords only": "what is the",
    "NUL bytes": "Who\x00 is the mayor\x00 of Changzhou?",
    "control characters and escapes": "\x1b[2J\x1b]0;pwned\x07Who is the \x1b[31mmayor\x1b[0m of Changzhou?\x08\x7f\x9b",
    "emoji": "🏭🚢 how many 🏙️ smart manufacturing projects? 👍🏽",
    "right-to-left": "\u202eWho is the mayor\u202c مرحبا بالعالم שלום עולם",
    "Chinese only": "张家港今年计划实施多少个智能制造重点项目？",
    "mixed scripts": "Wie viele 项目 will Zhangjiagang реализовать in 2021?",
    "regex metacharacters": r".*+?[](){}^$|\ (a+)+$ \d{1,99999} (?P<x>) \1",
    "a 100 KB line": "Who is the mayor of Changzhou? " * 3_300,
}


@pytest.fixture(scope="module")
def shared_caches(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The CC-CEDICT tables (seconds to build) built once for this module, and a folder for jieba's cache."""
    from qa.lexicon import load_lexicon

    folder = tmp_path_factory.mktemp("shared-cache")
    load_lexicon(folder)
    (folder / "jieba").mkdir()
    return folder


@pytest.fixture(autouse=True)
def _reuse_shared_caches(private_home: Path, shared_caches: Path) -> None:
    """Link the shared caches into this test's private cache folder (nothing outside tmp is touched)."""
    cache = private_home / ".cache" / "qa"
    cache.mkdir(parents=True, exist_ok=True)
    for entry in shared_caches.iterdir():
        (cache / entry.name).symlink_to(entry)


def _text_is_terminal_safe(text: str) -> bool:
    return not TERMINAL_UNSAFE.search(text)


def _batch(index: Index, lines: list[bytes], output_format: str = "jsonl") -> tuple[int, str]:
    out = io.StringIO()
    code = run_batch(index, lines, Settings(), output_format, False, out, False)
    return code, out.getvalue()


# ------------------------------------------------------------------------------------------------------------
# Bad questions: at the prompt, with `qa ask`, and in batch


@pytest.mark.parametrize("question", list(BAD_QUESTIONS.values()), ids=list(BAD_QUESTIONS))
def test_bad_question_in_batch_gets_an_answer_or_a_clear_decline(corpus_index, question) -> None:
    code, out = _batch(corpus_index, [question.encode("utf-8"), MAYOR.encode()])
    objects = [json.loads(line) for line in out.splitlines()]
    assert objects[-1]["answer"] and "Sheng Lei" in objects[-1]["answer"]  # the batch went on
    if question.strip():
        assert len(objects) == 2
        first = objects[0]
        assert first["answer"] is not None or first["reason"], first
        assert first["question"] == clean_question(question).strip()[: len(first["question"])]
    else:
        assert len(objects) == 1  # blank lines are skipped
    assert code in (0, 1)
    _, text = _batch(corpus_index, [question.encode("utf-8")], "text")
    assert _text_is_terminal_safe(text)
    _, tsv = _batch(corpus_index, [question.encode("utf-8")], "tsv")
    assert all(_text_is_terminal_safe(cell) for row in tsv.split("\n") for cell in row.split("\t"))
    assert not JSON_UNSAFE.search(out)


@pytest.mark.parametrize("question", list(BAD_QUESTIONS.values()), ids=list(BAD_QUESTIONS))
def test_bad_question_at_the_prompt_gets_a_reply(corpus_index, question) -> None:
    reply = handle_line(ReplState(corpus_index, Settings()), question)
    assert not reply.quit
    assert _text_is_terminal_safe(reply.text)
    if question.strip(" \t\u3000?!.,;:…？！。()"):
        assert reply.text.strip()


@pytest.mark.parametrize("name", ["whitespace only", "punctuation only", "stopwords only", "NUL bytes",
                                  "control characters and escapes", "emoji", "right-to-left", "Chinese only",
                                  "mixed scripts", "regex metacharacters"])
def test_bad_question_with_qa_ask_exits_cleanly(name, capsys) -> None:
    code = main(["ask", BAD_QUESTIONS[name]])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert _text_is_terminal_safe(captured.out) and _text_is_terminal_safe(captured.err)
    if name == "whitespace only":
        assert code == 2 and captured.err.startswith("qa: usage error: the question is empty")
    else:
        assert code == 0, captured.err
        assert captured.out.strip()


def test_control_characters_are_taken_out_of_a_question_not_refused(corpus_index) -> None:
    _, out = _batch(corpus_index, [BAD_QUESTIONS["control characters and escapes"].encode()])
    obj = json.loads(out)
    assert obj["question"] == MAYOR  # escapes gone, the rest of the controls a space, then stripped
    assert obj["answer"] and "Sheng Lei" in obj["answer"]


def test_a_line_of_only_control_characters_is_an_error_and_the_batch_goes_on(corpus_index) -> None:
    code, out = _batch(corpus_index, [b"\x00\x00\x1b[0m", MAYOR.encode()])
    first, second = (json.loads(line) for line in out.splitlines())
    assert code == 1 and "only control characters" in first["reason"]
    assert second["answer"]


def test_a_megabyte_line_is_refused_before_it_is_decoded(corpus_index) -> None:
    huge_invalid = b"\xff" * 2**20  # were it decoded first, the error would be about UTF-8
    lines = list(read_question_lines([huge_invalid, b"a" * 2**20, MAYOR.encode()]))
    assert [n for n, _, _ in lines] == [1, 2, 3]
    for _, question, error in lines[:2]:
        assert error and "too long" in error and f"{MAX_LINE_CHARS:,}" in error
        assert question is not None and len(question) <= 80
    assert lines[2] == (3, MAYOR, None)
    code, out = _batch(corpus_index, [b"a" * 2**20, MAYOR.encode()])
    assert code == 1 and len(out) < 10_000 and "Sheng Lei" in out.splitlines()[1]


def test_invalid_utf8_line_is_an_error_object_and_the_batch_goes_on(corpus_index) -> None:
    code, out = _batch(corpus_index, [b"Who is \xff\xfe the mayor?", MAYOR.encode()])
    first, second = (json.loads(line) for line in out.splitlines())
    assert code == 1 and first["answer"] is None and "line 1 is not valid UTF-8 (byte 7)" in first["reason"]
    assert second["answer"]


def test_invalid_utf8_on_real_stdin_and_windows_line_endings(private_home) -> None:
    done = _run_qa(["ask", "--json"], private_home, stdin=b"\xc3\x28 broken?\r\n\r\n" + MAYOR.encode() + b"\r\n")
    assert done.returncode == 1 and b"Traceback" not in done.stderr
    first, second = (json.loads(line) for line in done.stdout.splitlines())
    assert "not valid UTF-8" in first["reason"] and "Sheng Lei" in second["answer"]


@PROPERTY
@given(st.lists(st.binary(max_size=120), max_size=8))
def test_batch_mode_survives_random_bytes(corpus_index, lines) -> None:
    code, out = _batch(corpus_index, lines)
    assert code in (0, 1)
    for line in out.splitlines():
        obj = json.loads(line)
        assert obj["answer"] is not None or obj["reason"]
    assert not JSON_UNSAFE.search(out)
    _, text = _batch(corpus_index, lines, "text")
    assert _text_is_terminal_safe(text)


def test_no_standard_input_at_all_is_a_usage_error_not_a_crash(private_home, monkeypatch, capsys) -> None:
    monkeypatch.setattr(sys, "stdin", None)
    assert main([]) == 2
    assert main(["ask"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 2 and "standard input is closed" in err
    closed = _run_qa([], private_home, stdin=None, close_stdin=True)
    assert closed.returncode == 2 and closed.stderr.count(b"\n") == 1 and b"standard input is closed" in closed.stderr
    empty = _run_qa([], private_home, stdin=b"")
    assert empty.returncode == 0 and empty.stdout == b"" and empty.stderr == b""


# ------------------------------------------------------------------------------------------------------------
# Properties of cleaning, splitting, tokenizing and answering

INTERESTING = st.sampled_from(list("aZé中文。！？.!?,;:'\"”’」)] \t\n\r\x00\x1b\x85\u2028\u202e\ufeff\u3000０９％%_-|()")
                              + ["No. ", "Mr. ", "e.g. ", "J. ", "7.4", "1,462", "www.a.com", "2023-01-05",
                                 "张家港", "Copyright ", "Home > ", "\r\n", "\n\n", "(a.com)", "ICP备"])
ANY_TEXT = st.one_of(st.text(max_size=300), st.lists(INTERESTING, max_size=80).map("".join))


@PROPERTY
@given(ANY_TEXT)
def test_sentences_point_at_their_text_and_cover_every_word(text) -> None:
    article = clean_article("x.txt", text)
    assert len(article.line_kinds) == text.count("\n") + 1
    sentences = split_sentences(article, 2)
    clean = normalize_chars(text)
    covered = bytearray(len(text))
    previous_end = 0
    for number, s in enumerate(sentences, 1):
        assert previous_end <= s.start < s.end <= len(text)
        assert text[s.start : s.end] == s.text and s.number == number and s.article == 2
        assert clean[s.start : s.end] == clean[s.start : s.end].strip()
        assert s.line == text.count("\n", 0, s.start) + 1
        covered[s.start : s.end] = b"\x01" * (s.end - s.start)
        previous_end = s.end
    for match in re.finditer(r"[^\W_]", clean):
        assert covered[match.start()], (match, text)


@PROPERTY
@given(ANY_TEXT)
def test_split_block_spans_are_trimmed_and_in_order(text) -> None:
    previous = 0
    for start, end in split_block(text):
        assert previous <= start < end <= len(text)
        assert text[start:end] == text[start:end].strip()
        previous = end


@PROPERTY
@given(ANY_TEXT)
def test_tokenize_and_iter_terms_agree_and_offsets_point_at_the_words(text) -> None:
    terms = list(iter_terms(text))
    assert tokenize(text) == [t for t, _, _ in terms]
    clean = normalize_chars(text)
    for term, start, end in terms:
        assert 0 <= start < end <= len(text) and term
        if re.fullmatch(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+", clean[start:end]):
            assert clean[start:end] == term


@PROPERTY
@given(ANY_TEXT)
def test_answering_anything_gives_terminal_safe_text_and_faithful_json(corpus_index, text) -> None:
    result = answer(corpus_index, text)
    assert result.hit is not None or result.reason
    assert _text_is_terminal_safe(format_text(result, explain=True))
    obj = answer_to_json(result)
    line = json_line(obj)
    assert "\n" not in line and not JSON_UNSAFE.search(line) and json.loads(line) == obj
    assert all(_text_is_terminal_safe(cell) for cell in format_tsv(obj).split("\t"))


@PROPERTY
@given(st.text(max_size=200))
def test_safe_leaves_no_control_or_bidi_character(text) -> None:
    assert _text_is_terminal_safe(safe(text))


def test_escape_sequences_are_neutralised_without_hiding_the_text_after_them() -> None:
    assert safe("a\x1b]0;title\x07b") == "a\ufffdb"  # a whole OSC (title change) goes
    assert safe("a\x1b]unterminated\nrest") == "a\ufffdunterminated\nrest"  # no terminator: nothing swallowed
    assert safe("\x1b[2J\x1b[1;1Hx\x9b31m\u202ey") == "\ufffd\ufffdx\ufffd31m\ufffdy"


def test_pathological_inputs_split_and_tokenize() -> None:
    """Inputs that made the old patterns backtrack for minutes; this only checks the results."""
    assert split_block("." * 50_000) == []
    assert split_block("a" + "." * 50_000) == [(0, 50_001)]
    assert split_block("a" + "." * 50_000 + " B") == [(0, 50_001), (50_002, 50_003)]
    assert clean_article("x.txt", "(" + "a.com" * 20_000 + "x)").line_kinds == ("furniture",)
    assert clean_article("x.txt", "(www.example.com.cn/about)\nText").line_kinds[0] == "furniture"
    assert tokenize("a" * 100_000 + " harbour " + "1," * 50_000 + "1") == ["harbour"]


# ------------------------------------------------------------------------------------------------------------
# Bad corpora

HARBOUR = "Harbour news today\n\nThe new harbour opened in 2019 with 12 berths for container ships.\n"
CHINESE = ("张家港新闻\n\n张家港今年将实施100个智能制造重点项目，推动500家工业企业上云。"
           "该市还计划培育一批智能工厂和数字化车间。\n")


@contextmanager
def _no_hang(seconds: int) -> Iterator[None]:
    """Fail instead of waiting forever (a named pipe that was opened would block the read)."""
    def fail(_signum: int, _frame: object) -> None:
        raise AssertionError(f"still running after {seconds} s: something blocked")
    previous = signal.signal(signal.SIGALRM, fail)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture()
def messy_corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "messy"
    folder.mkdir()
    (folder / "good.txt").write_text(HARBOUR, encoding="utf-8")
    (folder / "gbk.txt").write_bytes(CHINESE.encode("gbk"))
    (folder / "windows.txt").write_bytes(HARBOUR.replace("harbour", "port").replace("\n", "\r\n").encode())
    (folder / "bom.md").write_bytes(b"\xef\xbb\xbf" + HARBOUR.replace("harbour", "marina").encode())
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_bytes(b"  \r\n\n\t")
    (folder / "underscores.txt").write_bytes(b"____ ... ----\n")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "utf16.txt").write_bytes(HARBOUR.encode("utf-16"))
    (folder / "latin1.txt").write_bytes("Caf\xe9 cr\xe8me is a drink.".encode("latin-1"))
    with open(folder / "huge.txt", "wb") as handle:
        handle.truncate(100 * 2**20)  # sparse: 100 MB of NUL bytes on paper, no disk used
    os.mkfifo(folder / "pipe.txt")
    os.symlink("loop.txt", folder / "loop.txt")
    os.symlink("missing.txt", folder / "dangling.txt")
    os.symlink("..", folder / "parent")  # a folder link back up: never followed
    os.symlink(".", folder / "self.txt")  # a folder link named like an article
    (folder / "folder.txt").mkdir()  # a folder named like an article: its articles are read
    (folder / "folder.txt" / "inner.txt").write_text(HARBOUR.replace("harbour", "dock"), encoding="utf-8")
    return folder


EXPECTED_SKIPS = {
    "empty.txt": "empty file",
    "blank.txt": "empty file",
    "underscores.txt": "no words in it",
    "binary.txt": "binary file",
    "utf16.txt": "UTF-16",
    "latin1.txt": "not UTF-8 text",
    "huge.txt": "too large",
    "pipe.txt": "not a regular file (a named pipe)",
    "loop.txt": "symbolic link loop",
    "dangling.txt": "broken symbolic link",
}


def test_every_readable_article_is_indexed_and_every_skip_has_a_reason(messy_corpus) -> None:
    with _no_hang(30):
        corpus = read_corpus(messy_corpus)
    assert {a.source for a in corpus.articles} == {"good.txt", "gbk.txt", "windows.txt", "bom.md",
                                                    "folder.txt/inner.txt"}
    reasons = {s.source: s.reason for s in corpus.skipped}
    assert set(reasons) == set(EXPECTED_SKIPS), reasons
    for source, expected in EXPECTED_SKIPS.items():
        assert expected in reasons[source], (source, reasons[source])
    assert "save it as UTF-8" in reasons["utf16.txt"] and "MiB" in reasons["huge.txt"]
    encodings = {f.source: f.encoding for f in corpus.files}
    assert encodings["gbk.txt"] == "gb18030" and encodings["bom.md"] == "utf-8"


def test_gbk_article_is_decoded_and_answers_a_chinese_question(messy_corpus) -> None:
    with _no_hang(30):
        index = build_index(read_corpus(messy_corpus).articles, Settings())
    result = answer(index, "张家港今年将实施多少个智能制造重点项目？")
    assert result.hit is not None and result.hit.sentence.source == "gbk.txt"
    assert result.hit.sentence.text.startswith("张家港今年将实施100个智能制造重点项目")


def test_windows_line_endings_and_bom_leave_no_trace_in_sentences(messy_corpus) -> None:
    with _no_hang(30):
        articles = {a.source: a for a in read_corpus(messy_corpus).articles}
    for source in ("windows.txt", "bom.md"):
        article = articles[source]
        assert "\r" not in article.text and not article.text.startswith("\ufeff")
        assert article.title == "Harbour news today"
        sentences = split_sentences(article)
        assert [(s.line, s.text) for s in sentences][-1][0] == 3
        assert all("\r" not in s.text and "\ufeff" not in s.text for s in sentences)


def test_skipped_files_are_named_on_stderr_and_in_qa_articles(messy_corpus, capsys) -> None:
    with _no_hang(60):
        assert main(["ask", "--corpus", str(messy_corpus), "How many berths does the new harbour have?"]) == 0
        captured = capsys.readouterr()
        assert "12" in captured.out and "good.txt" in captured.out
        for source in EXPECTED_SKIPS:
            assert f"skipped {source}: " in captured.err
        assert main(["articles", "--corpus", str(messy_corpus)]) == 0
    listing = capsys.readouterr().out
    assert "folder.txt/inner.txt: " in listing and "pipe.txt: skipped (not a regular file" in listing


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file_is_skipped(tmp_path) -> None:
    (tmp_path / "good.txt").write_text(HARBOUR)
    locked = tmp_path / "locked.txt"
    locked.write_text(HARBOUR)
    locked.chmod(0)
    try:
        corpus = read_corpus(tmp_path)
    finally:
        locked.chmod(0o644)
    assert [s.source for s in corpus.skipped] == ["locked.txt"]
    assert "Permission denied" in corpus.skipped[0].reason


def test_a_folder_with_no_articles_and_one_with_only_bad_files_are_one_line_errors(tmp_path, capsys) -> None:
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    assert main(["ask", "--corpus", str(tmp_path), "anything?"]) == 1
    assert "no articles in" in capsys.readouterr().err
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.md").write_bytes(b"\x00\x01\x02")
    with pytest.raises(CorpusError, match=r"no readable article in .*binary.md: binary file .*1 more skipped"):
        read_corpus(tmp_path)


def test_a_file_removed_between_listing_and_reading_is_skipped(tmp_path) -> None:
    (tmp_path / "a.txt").write_text(HARBOUR)
    (tmp_path / "b.txt").write_text(HARBOUR)
    listed = list_article_paths(tmp_path)
    listed[0].unlink()
    with pytest.raises(ValueError, match="removed while the corpus was being read"):
        read_article_bytes(listed[0])
    data, _status = read_article_bytes(listed[1])
    assert data == HARBOUR.encode()


def test_a_file_written_to_while_it_is_read_is_read_again(tmp_path, monkeypatch) -> None:
    path = tmp_path / "growing.txt"
    path.write_text(HARBOUR)
    real_read = os.read
    writer = {"times": 1}  # how many reads from the start of the file another program writes during

    def read_while_someone_writes(fd: int, size: int) -> bytes:
        at_start = os.lseek(fd, 0, os.SEEK_CUR) == 0
        chunk = real_read(fd, size)
        if at_start and writer["times"]:
            writer["times"] -= 1
            with open(path, "a", encoding="utf-8") as handle:
                handle.write("A later sentence was added.\n")
        return chunk

    monkeypatch.setattr(qa.corpus.os, "read", read_while_someone_writes)  # only the timing is simulated
    data, _status = read_article_bytes(path)
    assert data.decode() == HARBOUR + "A later sentence was added.\n"
    writer["times"] = 100
    with pytest.raises(ValueError, match="kept changing while it was read"):
        read_article_bytes(path)


def test_file_names_that_are_not_utf8_or_hold_escapes_are_cited_safely(tmp_path, capsys) -> None:
    folder = tmp_path / "names"
    folder.mkdir()
    (folder / os.fsdecode(b"bad\xff\x1b]0;pwned\x07.txt")).write_text(HARBOUR)
    assert main(["ask", "--corpus", str(folder), "How many berths does the new harbour have?"]) == 0
    captured = capsys.readouterr()
    assert "12" in captured.out and "bad\\xff" in captured.out
    assert _text_is_terminal_safe(captured.out) and "pwned" not in captured.out
    assert main(["articles", "--corpus", str(folder)]) == 0
    assert _text_is_terminal_safe(capsys.readouterr().out)


# ------------------------------------------------------------------------------------------------------------
# Terminal safety of corpus text

EVIL = ("Harbour news\n\nThe new harbour opened in 2019 with 12 berths \x1b[2J\x1b]0;pwned\x07and a "
        "\u202egnol\u202c pier\x9b31m, said the mayor.\x1b[8m hidden\n")


@pytest.mark.parametrize("output_format", ["text", "jsonl", "tsv"])
def test_an_article_cannot_move_the_cursor_change_the_title_or_hide_text(tmp_path, capsys, output_format) -> None:
    (tmp_path / "evil.txt").write_text(EVIL)
    question = "How many berths does the new harbour have?"
    assert main(["ask", "--corpus", str(tmp_path), "--format", output_format, "--explain", question]) == 0
    out = capsys.readouterr().out
    assert "12" in out and "berths" in out and "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    if output_format == "jsonl":
        obj = json.loads(out)
        assert obj["answer"] == EVIL[EVIL.index("The new") : EVIL.index(" hidden") - len("\x1b[8m")]
        assert not JSON_UNSAFE.search(out)
    else:
        assert all(_text_is_terminal_safe(cell) for cell in out.split("\t"))


# ------------------------------------------------------------------------------------------------------------
# The saved index: concurrent builds and Ctrl-C


def _env(home: Path) -> dict[str, str]:
    env = {**os.environ, "HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache"),
           "XDG_STATE_HOME": str(home / ".state")}
    env.pop("QA_CORPUS", None)
    return env


def _run_qa(args: list[str], home: Path, stdin: bytes | None = b"", close_stdin: bool = False
            ) -> subprocess.CompletedProcess[bytes]:
    command = [sys.executable, "-m", "qa", *args]
    if close_stdin:  # started with no standard input at all (file descriptor 0 closed)
        command = ["/bin/sh", "-c", 'exec "$@" <&-', "sh", *command]
    return subprocess.run(command, input=stdin, capture_output=True, env=_env(home), timeout=180, check=False)


QUESTIONS = [MAYOR, "How many key projects related to smart manufacturing will Zhangjiagang implement?",
             "Which city ranked second in the 2023 list?"]


def _answers(index: Index) -> list[dict[str, object]]:
    return [answer_to_json(answer(index, q)) for q in QUESTIONS]


def _write_generated_articles(folder: Path, chars: int, seed: int) -> None:
    """Chinese articles, `chars` characters in all: jieba makes them slow enough to interrupt on any machine."""
    rng = random.Random(seed)
    words = ["张家港", "城市", "制造", "智能", "项目", "企业", "发展", "经济", "创新", "产业", "集群", "政府", "报告",
             "会议", "代表", "市长", "今年", "计划", "实施", "重点", "工业", "互联网", "数字", "转型", "质量", "提升",
             "建设", "推进", "全省", "排名", "港口", "码头", "船舶", "集装箱"]
    written, number = 0, 0
    while written < chars:
        text = "\n\n".join("".join(rng.choice(words) for _ in range(12)) + "。" for _ in range(400))
        (folder / f"gen_{number:04d}.txt").write_text(f"生成的文章{number}\n\n{text}\n", encoding="utf-8")
        written += len(text)
        number += 1


def test_two_qa_index_runs_at_the_same_time_both_succeed(private_home, tmp_path) -> None:
    folder = tmp_path / "articles"
    shutil.copytree(CORPUS, folder)
    _write_generated_articles(folder, 50_000, seed=1)
    command = [sys.executable, "-m", "qa", "index", "--corpus", str(folder)]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(private_home))
            for _ in range(2)]
    results = [run.communicate(timeout=180) for run in runs]
    for run, (out, err) in zip(runs, results):
        assert run.returncode == 0, err
        assert out.startswith(b"index ") and b"Traceback" not in err
    notes: list[str] = []
    opened = open_index(folder, Settings(), private_home / ".cache" / "qa", note=notes.append)
    assert not opened.rebuilt and notes == []
    assert "Sheng Lei" in str(_answers(opened.index)[0]["answer"])


@contextmanager
def _ctrl_c_as_at_a_terminal() -> Iterator[None]:
    """A shell starts a background job (`pytest &`) with SIGINT ignored, and a child inherits "ignored" (a
    handler becomes "default" in it): what runs or starts here must meet Ctrl-C as it would at a terminal."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _start_interrupted_build(folder: Path, home: Path) -> subprocess.Popen[bytes]:
    with _ctrl_c_as_at_a_terminal():
        return subprocess.Popen([sys.executable, "-m", "qa", "index", "--rebuild", "--corpus", str(folder)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(home),
                                start_new_session=True)


def _wait_until_locked(lock: Path, build: subprocess.Popen[bytes], timeout: float = 120.0) -> None:
    import fcntl

    deadline = time.monotonic() + timeout
    with open(lock, "a+b") as handle:
        while build.poll() is None and time.monotonic() < deadline:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return  # held by the build
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
            time.sleep(0.01)
    raise AssertionError("the build never took its lock")


def _index_with_generated_articles(home: Path, tmp_path: Path, chars: int) -> tuple[Path, Path, dict, list]:
    """A saved index of the bundled articles, then `chars` characters of new articles added to the folder."""
    folder = tmp_path / "articles"
    shutil.copytree(CORPUS, folder)
    cache = home / ".cache" / "qa"
    before = open_index(folder, Settings(), cache, note=lambda _: None)
    store = index_folder(cache, folder)
    manifest = read_manifest(store)
    assert manifest is not None
    _write_generated_articles(folder, chars, seed=2)
    return folder, store, manifest, _answers(before.index)


def _assert_interrupted_and_previous_index_whole(build: subprocess.Popen[bytes], store: Path,
                                                 manifest: dict, expected: list) -> None:
    os.killpg(build.pid, signal.SIGINT)  # what Ctrl-C does: signal the whole foreground process group
    out, err = build.communicate(timeout=120)
    assert build.returncode == 130, (out, err)
    assert err == b"qa: interrupted\n" and out == b""
    assert read_manifest(store) == manifest
    assert _answers(load_index(store, manifest, Settings())) == expected


# Runs qa with each forked worker pausing before its first step (where it starts ignoring Ctrl-C), after
# touching the file named by argv[1]: the moment a Ctrl-C used to raise inside the worker. argv[2] says
# whether reading a corpus goes to workers even for the small bundled one; argv[3:] are qa's arguments.
_SLOW_WORKER_START = """
import sys, time
from pathlib import Path
import qa.index, qa.workers
first_step = qa.workers._start
def paused_first_step(*args):
    Path(sys.argv[1]).touch()
    time.sleep(3.0)
    first_step(*args)
qa.workers._start = paused_first_step
if sys.argv[2] == "read in workers":
    qa.index.PARALLEL_MIN_CHARS, qa.index._CHUNK_CHARS = 0, 2_000
from qa.cli import main
sys.exit(main(sys.argv[3:]))
"""


@pytest.mark.parametrize("job", ["batch", "build"])
def test_ctrl_c_as_workers_start_prints_one_line_and_no_worker_traceback(job, private_home, tmp_path) -> None:
    forked = tmp_path / "forked"
    if job == "batch":  # a file of 600 questions: answered by one worker per CPU
        questions = tmp_path / "questions.txt"
        questions.write_text((MAYOR + "\n") * 600, encoding="utf-8")
        args = ["-", "ask", "--format", "jsonl", "--file", str(questions)]
    else:
        args = ["read in workers", "index", "--rebuild"]
    with _ctrl_c_as_at_a_terminal():
        run = subprocess.Popen([sys.executable, "-c", _SLOW_WORKER_START, str(forked), *args],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(private_home),
                               start_new_session=True)
    deadline = time.monotonic() + 120
    while not forked.exists() and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert forked.exists(), run.communicate()
    os.killpg(run.pid, signal.SIGINT)  # Ctrl-C: the whole process group, workers still in their first step
    out, err = run.communicate(timeout=60)
    assert run.returncode == 130, (out, err)
    assert err == b"qa: interrupted\n" and out == b""


# Runs the `qa` command as its installed script does, with a Ctrl-C arriving as the module named by
# $CTRL_C_ON_IMPORT is first imported: the moment before qa's own handler is in place.
_CTRL_C_DURING_AN_IMPORT = """
import os, signal, sys
class CtrlCOnImport:
    def find_spec(self, name, path=None, target=None):
        if name == os.environ["CTRL_C_ON_IMPORT"]:
            os.kill(os.getpid(), signal.SIGINT)
        return None
sys.meta_path.insert(0, CtrlCOnImport())
from qa.__main__ import main
sys.exit(main())
"""


@pytest.mark.parametrize("module", ["argparse", "qa.answer"])
def test_ctrl_c_while_qa_starts_prints_one_line(module, private_home) -> None:
    # argparse: the shell's first imports; qa.answer: the answerer, which `import qa` used to import at once
    with _ctrl_c_as_at_a_terminal():
        run = subprocess.run([sys.executable, "-c", _CTRL_C_DURING_AN_IMPORT, "ask", MAYOR], check=False,
                             capture_output=True, env={**_env(private_home), "CTRL_C_ON_IMPORT": module}, timeout=60)
    assert (run.returncode, run.stderr, run.stdout) == (130, b"qa: interrupted\n", b"")


def test_ctrl_c_that_surfaces_as_another_error_is_an_interrupt_not_a_bug(private_home, monkeypatch, capsys) -> None:
    # A Ctrl-C during the import of a C extension (numpy's, on the first build) comes out as an ImportError,
    # with the KeyboardInterrupt gone from its chain: the test below met it in 4 of 21 runs before this was handled.
    def build_interrupted_in_an_import(args: object) -> int:
        try:
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(5)  # (the signal is handled before this returns)
        except KeyboardInterrupt:
            pass
        raise ImportError('PyCapsule_Import could not import module "datetime"')

    monkeypatch.setattr(qa.cli, "_cmd_index", build_interrupted_in_an_import)
    with _ctrl_c_as_at_a_terminal():
        assert main(["index"]) == 130
    assert capsys.readouterr().err == "qa: interrupted\n"
    monkeypatch.setattr(qa.cli, "_cmd_index", lambda args: 1 // 0)  # no Ctrl-C: a bug is still reported as one
    assert main(["index"]) == 1
    assert "internal error: ZeroDivisionError" in capsys.readouterr().err


def test_ctrl_c_mid_build_exits_130_and_keeps_the_previous_index(private_home, tmp_path) -> None:
    folder, store, manifest, expected = _index_with_generated_articles(private_home, tmp_path, 1_500_000)
    build = _start_interrupted_build(folder, private_home)
    # Past start-up (a Ctrl-C while Python imports qa is Python's to report), inside reading and indexing:
    # the build holds its lock from then until it has saved the index, which takes far longer.
    _wait_until_locked(store / "lock", build)
    assert build.poll() is None, "the build ended before it could be interrupted"
    _assert_interrupted_and_previous_index_whole(build, store, manifest, expected)
