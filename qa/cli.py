"""The shell: arguments, files, standard streams and exit codes (1 error, 2 usage, 130 interrupted)."""

from __future__ import annotations

import argparse
import dataclasses
import os
import signal
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Self, TextIO

from qa import __version__
from qa.errors import QAError
from qa.records import Settings

MAX_LINE_CHARS = 10_000
EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


class UsageError(QAError):
    """Wrong arguments: exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{message} (see '{self.prog} --help')")


def _add_corpus(parser: argparse.ArgumentParser, top_level: bool = False) -> None:
    # The subcommands' copy must not overwrite `qa --corpus DIR ask ...` with its default.
    parser.add_argument("--corpus", metavar="DIR", type=Path, default=None if top_level else argparse.SUPPRESS,
                        help="folder of .txt/.md articles (default: the bundled corpus, or $QA_CORPUS)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="qa", description="Answer questions about a folder of news articles with one verbatim, "
                     "cited sentence. With no command: the interactive prompt (or batch mode when input is piped).")
    parser.add_argument("--version", action="version", version=f"qa {__version__}")
    _add_corpus(parser, top_level=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    ask = commands.add_parser("ask", help="answer a question, or a batch of questions (one per line)",
                              description="Answer QUESTION, or every line of --file / standard input ('-').")
    ask.add_argument("question", nargs="*", help="the question (quotes optional); '-' or nothing reads stdin")
    ask.add_argument("--file", "-f", type=Path, metavar="FILE", help="read questions from FILE, one per line ('-': standard input)")
    ask.add_argument("--format", dest="output_format", choices=("text", "jsonl", "tsv"), default=None,
                     help="output: text (default), jsonl (one JSON object per line) or tsv")
    ask.add_argument("--json", action="store_true", help="same as --format jsonl")
    ask.add_argument("--explain", action="store_true", help="show matched terms and reranker features")
    ask.add_argument("--candidates", type=int, metavar="N", help="runner-up sentences to include (default 4)")
    ask.add_argument("--no-decline", action="store_true", help="always answer with the best sentence")
    _add_corpus(ask)

    chat = commands.add_parser("chat", help="the interactive prompt (also: qa with no command)")
    _add_corpus(chat)

    index = commands.add_parser("index", help="build (or rebuild) the saved index of a corpus folder")
    index.add_argument("--rebuild", action="store_true", help="rebuild even when the saved index is current")
    _add_corpus(index)

    articles = commands.add_parser("articles", help="list the articles of the corpus with their titles")
    _add_corpus(articles)

    evaluate = commands.add_parser("eval", help="score qa on the evaluation set (and public data sets)")
    evaluate.add_argument("--questions", type=Path, metavar="FILE", help="a questions.jsonl (default: eval/questions.jsonl)")
    evaluate.add_argument("--split", choices=("all", "dev", "test"), default="all",
                          help="which items of the hand-written set to score (default: all, reported per split)")
    evaluate.add_argument("--squad", type=Path, metavar="FILE", help="also run the ReQA-style SQuAD 1.1 pool")
    evaluate.add_argument("--cmrc", type=Path, metavar="FILE", help="also run the ReQA-style CMRC 2018 pool")
    evaluate.add_argument("--sample", type=int, metavar="N", help="only the first N articles of --squad/--cmrc")
    evaluate.add_argument("--no-baselines", action="store_true", help="skip the baseline rows")
    evaluate.add_argument("--report", type=Path, metavar="FILE", help="where to write the JSON report")
    evaluate.add_argument("--failures", type=int, default=15, metavar="N", help="failures to list (default 15)")
    _add_corpus(evaluate)
    return parser


def parse_arguments(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """build_parser().parse_args(argv). `qa ask WORDS...` without any option is read directly into the
    same namespace (a test compares them): building the parser, with the modules argparse then imports,
    costs more than answering the question."""
    words = list(sys.argv[1:] if argv is None else argv)
    if len(words) > 1 and words[0] == "ask" and not any(word.startswith("-") for word in words[1:]):
        return argparse.Namespace(corpus=None, command="ask", question=words[1:], file=None, output_format=None,
                                  json=False, explain=False, candidates=None, no_decline=False)
    return build_parser().parse_args(argv)


def _settings(args: argparse.Namespace) -> Settings:
    settings = Settings()
    changes: dict[str, Any] = {}
    if getattr(args, "candidates", None) is not None:
        if args.candidates < 0:
            raise UsageError("--candidates must be 0 or more")
        changes["candidates"] = args.candidates
    if getattr(args, "no_decline", False):
        changes["decline"] = False
    return dataclasses.replace(settings, **changes)


def lazy_lexicon():  # type: ignore[no-untyped-def]
    """The CC-CEDICT dictionary, loaded only if a question or the corpus has Chinese in it."""
    from qa.lexicon import LazyLexicon
    from qa.paths import cache_root

    return LazyLexicon(cache_root())


def _open(args: argparse.Namespace, settings: Settings, rebuild: bool = False, progress: bool = False):  # type: ignore[no-untyped-def]
    from qa.paths import cache_root, configure_jieba, default_corpus
    from qa.workspace import note_to_stderr, open_index

    configure_jieba()
    folder = args.corpus or default_corpus()
    bar = _progress_bar("indexing") if progress and sys.stderr.isatty() else None
    opened = open_index(folder, settings, cache_root(), note=lambda message: note_to_stderr(_safe(message)),
                        rebuild=rebuild, progress=bar)
    if opened.rebuilt:
        from qa.answer import index_has_chinese

        if index_has_chinese(opened.index):  # build the dictionary tables now, once, not on a question
            from qa.lexicon import load_lexicon

            load_lexicon(cache_root())
    return opened


def _progress_bar(label: str):  # type: ignore[no-untyped-def]
    def update(done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        sys.stderr.write(f"\r{label} [{'#' * filled}{' ' * (width - filled)}] {done}/{total}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()
    return update


def read_question_lines(stream: Iterable[bytes]) -> Iterator[tuple[int, str | None, str | None]]:
    """Yield (line number, question, error) for each non-blank line; bad lines carry an error instead.

    A line too long is refused before it is decoded. Escape sequences and control characters (NUL, ESC,
    backspace ...) are taken out of a question rather than refusing it.
    """
    from qa.clean import clean_question

    for number, raw in enumerate(stream, 1):
        if len(raw) > MAX_LINE_CHARS * 4:
            yield number, clean_question(raw[:80].decode("utf-8", "replace")), f"line {number} is too long ({len(raw):,} bytes; the limit is {MAX_LINE_CHARS:,} characters)"
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            yield number, clean_question(raw[:80].decode("utf-8", "replace")).strip(), f"line {number} is not valid UTF-8 (byte {error.start})"
            continue
        text = text.lstrip("\ufeff").strip()
        if not text:
            continue
        if len(text) > MAX_LINE_CHARS:
            yield number, clean_question(text[:80]), f"line {number} is too long ({len(text):,} characters; the limit is {MAX_LINE_CHARS:,})"
            continue
        question = clean_question(text).strip()
        if not question:
            yield number, "", f"line {number} holds only control characters: there is no question in it"
            continue
        yield number, question, None


def _rendered(output_format: str, obj: dict[str, object], text: str) -> str:
    from qa.render import format_tsv, json_line

    if output_format == "jsonl":
        return json_line(obj) + "\n"
    if output_format == "tsv":
        return format_tsv(obj) + "\n"
    return text + "\n"


# A batch of at least this many questions (known in advance: a file) is answered by one process per CPU.
PARALLEL_MIN_QUESTIONS = 500
_PARALLEL_CHUNK = 32
_batch_job: tuple[Any, ...] = ()  # what forked batch workers answer with (inherited, never sent)


def _answer_line(item: tuple[int, str | None, str | None], index, settings: Settings,  # type: ignore[no-untyped-def]
                 output_format: str, explain: bool, echo: bool, lexicon) -> tuple[int, bool, str]:
    """(line number, failed, what to print) for one input line."""
    from qa.answer import answer
    from qa.render import answer_to_json, error_to_json, format_text, one_line

    number, question, error = item
    as_text = output_format == "text"  # only the form that is printed is made
    obj: dict[str, object] = {}
    text = ""
    if error is not None:
        if as_text:
            text = (f"Q: {one_line(question or '')}\n" if echo else "") + f"qa: error: {error}\n"
        else:
            obj = error_to_json(question or "", error)
    else:
        assert question is not None
        result = answer(index, question, settings, lexicon=lexicon)
        if as_text:
            text = (f"Q: {one_line(question)}\n" if echo else "") + format_text(result, explain) + ("\n" if echo else "")
        else:
            obj = answer_to_json(result)
    return number, error is not None, _rendered(output_format, obj, text)


def _answer_line_in_worker(item: tuple[int, str | None, str | None]) -> tuple[int, bool, str]:
    return _answer_line(item, *_batch_job)


def batch_workers(total: int | None) -> int:
    """Processes for a batch: one per CPU (at most 4) for a big batch where fork is available, else 1."""
    if not total or total < PARALLEL_MIN_QUESTIONS or sys.platform != "linux":
        return 1  # (a single question never imports multiprocessing)
    import multiprocessing

    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return min(cpus, 4) if cpus > 1 and "fork" in multiprocessing.get_all_start_methods() else 1


def run_batch(index, lines: Iterable[bytes], settings: Settings, output_format: str, explain: bool,  # type: ignore[no-untyped-def]
              out: TextIO, show_progress: bool, total: int | None = None, echo: bool = True) -> int:
    """Answer every line in order; a bad line gets an object that says why and the batch goes on.

    `total` (the number of lines, when known in advance) turns on the progress bar and, for a big batch,
    worker processes; the output is the same either way, in the input's order.
    """
    from qa.render import TSV_COLUMNS

    global _batch_job
    failed = 0
    lexicon = lazy_lexicon()
    if output_format == "tsv":
        out.write("\t".join(TSV_COLUMNS) + "\n")
    bar = _progress_bar("answering") if show_progress and total and total >= 50 else None
    items = read_question_lines(lines)
    job = (index, settings, output_format, explain, echo, lexicon)
    workers = batch_workers(total)
    pool = None
    if workers > 1:
        from qa.workers import fork_pool

        _batch_job = job  # forked workers inherit the index (memory-mapped) and settings: nothing is pickled
        pool = fork_pool(workers)  # (they leave Ctrl-C to this process, which reports it once)
        results: Iterable[tuple[int, bool, str]] = pool.imap(_answer_line_in_worker, items, _PARALLEL_CHUNK)
    else:
        results = (_answer_line(item, *job) for item in items)
    try:
        for number, bad, text in results:
            failed += bad
            out.write(text)
            if bar and total:
                bar(min(number, total), total)
    finally:
        if pool is not None:
            pool.terminate()
            _batch_job = ()
    out.flush()
    return EXIT_ERROR if failed else EXIT_OK


def _stdin_bytes():  # type: ignore[no-untyped-def]
    """The binary standard input, or None when there is none (closed, or started without one)."""
    stream = sys.stdin
    if stream is None or getattr(stream, "closed", False):
        return None
    return getattr(stream, "buffer", None)


def _stdin_is_terminal() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (ValueError, OSError):  # closed
        return False


def _questions_file_bytes(path: Path) -> bytes:
    """The whole of --file, read at once so its lines are counted (the progress bar, the workers); '-' is
    standard input, as for most tools that take a file."""
    if str(path) == "-":
        stdin = _stdin_bytes()
        if stdin is None:
            raise UsageError("--file -: standard input is closed")
        if _stdin_is_terminal():
            raise UsageError("--file -: standard input is a terminal; pipe questions in, or name a file")
        try:
            return bytes(stdin.read())
        except OSError as error:
            raise QAError(f"cannot read standard input: {error.strerror or error}") from None
    try:
        return path.read_bytes()
    except OSError as error:
        raise QAError(f"cannot read {path}: {error.strerror or error}") from None


def _cmd_ask(args: argparse.Namespace) -> int:
    settings = _settings(args)
    output_format = "jsonl" if args.json else (args.output_format or "text")
    words = [w for w in args.question]
    if args.file and words:
        raise UsageError("give either a question or --file, not both")
    if args.file:
        data = _questions_file_bytes(args.file)
        opened = _open(args, settings)
        lines = data.splitlines()
        return run_batch(opened.index, lines, settings, output_format, args.explain, sys.stdout,
                         sys.stderr.isatty(), total=len(lines))
    if not words or words == ["-"]:
        stdin = _stdin_bytes()
        if stdin is None:
            raise UsageError("no question, and standard input is closed: give a question, or use --file")
        if not words and _stdin_is_terminal():
            raise UsageError("no question: give one, or pipe questions in, or use --file")
        opened = _open(args, settings)
        return run_batch(opened.index, stdin, settings, output_format, args.explain, sys.stdout, False)
    question = " ".join(words).strip()
    if not question:
        raise UsageError("the question is empty")
    opened = _open(args, settings)
    return run_batch(opened.index, [question.encode("utf-8", "surrogateescape")], settings, output_format,
                     args.explain, sys.stdout, False, echo=False)


def _cmd_index(args: argparse.Namespace) -> int:
    opened = _open(args, Settings(), rebuild=args.rebuild, progress=True)
    state = "built" if opened.rebuilt else "already current"
    print(f"index {state}: {len(opened.index.articles)} articles, {opened.index.size} sentences, "
          f"{len(opened.index.vocab)} terms ({_safe(str(opened.folder))})")
    return EXIT_OK


def _cmd_articles(args: argparse.Namespace) -> int:
    from qa.render import one_line

    opened = _open(args, Settings())
    for i, article in enumerate(opened.index.articles):
        rows = opened.index.rows_of_article(i)
        date = f", {article.date}" if article.date else ""
        derived = "" if article.title_from_page else " (no title on the page; from its first sentence)"
        print(f"{_safe(article.source)}: {one_line(article.title)}{derived}{date}; {len(rows)} sentences")
    skipped = opened.manifest.get("skipped") or {}
    if isinstance(skipped, dict):
        for source, reason in skipped.items():
            print(f"{_safe(str(source))}: skipped ({_safe(str(reason))})")
    return EXIT_OK


def _cmd_chat(args: argparse.Namespace) -> int:
    from qa.repl import run_repl

    opened = _open(args, Settings(), progress=True)
    return run_repl(opened.index, Settings(), lexicon=lazy_lexicon())


def _cmd_eval(args: argparse.Namespace) -> int:
    from qa.evaluate_cli import run_eval

    return run_eval(args)


def _safe(text: str) -> str:
    from qa.render import safe

    return safe(text)


class _CtrlC:
    """Ctrl-C, noted as it is raised: it can surface as another error. A Ctrl-C while a C extension is being
    imported (numpy, on the first build) comes out as that import's ImportError, with the KeyboardInterrupt
    gone from its chain; reported as a bug, it was an interrupt."""

    def __init__(self) -> None:
        self.pressed = False
        self.previous: Any = None  # the handler replaced, restored on exit

    def __call__(self, signum: int, frame: object) -> None:
        self.pressed = True
        raise KeyboardInterrupt

    def __enter__(self) -> Self:
        try:
            if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # (not when started ignoring it)
                self.previous = signal.signal(signal.SIGINT, self)
        except ValueError:  # not the main thread: signals are not ours to handle
            pass
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `qa` command; returns the exit code."""
    with _CtrlC() as ctrl_c:
        return _main(argv, ctrl_c)


def _main(argv: Sequence[str] | None, ctrl_c: _CtrlC) -> int:
    try:
        args = parse_arguments(argv)
        command = args.command
        if command is None:
            if _stdin_is_terminal():
                command = "chat"
            else:
                args.question, args.file, args.output_format, args.json = ["-"], None, None, False
                args.explain, args.candidates, args.no_decline = False, None, False
                command = "ask"
        handler = {"ask": _cmd_ask, "chat": _cmd_chat, "index": _cmd_index, "articles": _cmd_articles,
                   "eval": _cmd_eval}[command]
        return handler(args)
    except UsageError as error:
        print(f"qa: usage error: {_safe(str(error))}", file=sys.stderr)
        return EXIT_USAGE
    except QAError as error:
        print(f"qa: error: {_safe(str(error))}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("qa: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        sys.stderr.close()  # `qa ask ... | head`: the reader left; nothing more to say
        return EXIT_OK
    except Exception as error:  # the last resort: a bug in qa still gets one line, not a traceback
        if ctrl_c.pressed:
            print("qa: interrupted", file=sys.stderr)
            return EXIT_INTERRUPTED
        if os.environ.get("QA_DEBUG"):
            raise
        print(f"qa: internal error: {type(error).__name__}: {error} (set QA_DEBUG=1 for the traceback, "
              f"and please report it)", file=sys.stderr)
        return EXIT_ERROR
