"""Pathological input stays fast: time cleaning, splitting, tokenizing, indexing and answering on 1 MB inputs.

Run from the checkout: `python eval/robustness_bench.py` (add `--quick` for 100 KB inputs). It prints one row
per input with the seconds each stage took; the goal is under a second per stage for a megabyte. It is a
measurement, not a test: machines differ, so nothing here fails on time.

Stages: clean (clean_article), split (split_sentences), tokenize (the whole text), index (build_index over
the one article), answer (a short question against that index, whose best sentence may be the huge one),
ask (the input cut to the batch-mode limit of 10,000 characters, asked as a question of the bundled corpus),
batch (the whole input as one line of batch mode: it must be refused at once, not read).
"""

from __future__ import annotations

import argparse
import io
import math
import signal
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TypeVar

from qa.answer import answer
from qa.clean import clean_article
from qa.cli import MAX_LINE_CHARS, run_batch
from qa.corpus import read_corpus
from qa.errors import QAError
from qa.index import Index, build_index
from qa.records import Settings
from qa.sentences import split_sentences
from qa.tokens import tokenize

T = TypeVar("T")
CORPUS = Path(__file__).resolve().parents[1] / "corpus"
LIMIT = 30.0  # seconds: a stage still running then is stopped and shown as "> 30"


def inputs(size: int) -> dict[str, tuple[str, str]]:
    """name -> (text of about `size` characters, a short question to ask of it)."""
    return {
        '"a." repeated': ("a." * (size // 2), "What is a?"),
        '"a. " repeated': ("a. " * (size // 3), "What is a?"),
        '"A. " repeated': ("A. " * (size // 3), "What is A?"),
        '"Ab. " repeated': ("Ab. " * (size // 4), "What is Ab?"),
        '"." repeated': ("." * size, "What is it?"),
        '"。" repeated': ("。" * size, "这是什么？"),
        '"a。" repeated': ("a。" * (size // 2), "What is a?"),
        "one 1 MB sentence": (("word " * (size // 5)).strip() + ".", "Which word?"),
        "one 1 MB word": ("a" * size, "What is a?"),
        "one 1 MB number": ("1," * (size // 2) + "1", "How many?"),
        "Chinese run": ("张家港实施智能制造重点项目" * (size // 13), "张家港实施多少个项目？"),
        "(a.com a.com ...)": ("(" + "a.com" * (size // 5) + ")", "Which site?"),
        "escape sequences": ("\x1b[31m\x1b]0;title\x07x " * (size // 20), "What is x?"),
        "words and pipes": ("Home | News | " * (size // 14), "What news?"),
        "brackets of a short form": (("a " * 20 + "(ABCDEF) ") * (size // 49), "What does ABCDEF stand for?"),
    }


class _TooSlow(Exception):
    pass


def _stop(_signum: int, _frame: object) -> None:
    raise _TooSlow


def timed(action: Callable[[], T], limit: float = LIMIT) -> tuple[float, T | None]:
    """Seconds the action took and its result; (inf, None) when it is stopped after `limit` seconds."""
    previous = signal.signal(signal.SIGALRM, _stop)
    signal.setitimer(signal.ITIMER_REAL, limit)
    start = time.perf_counter()
    try:
        result: T | None = action()
    except _TooSlow:
        return math.inf, None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    return time.perf_counter() - start, result


def measure(text: str, question: str, bundled: Index, settings: Settings) -> tuple[list[float], int]:
    """Seconds of each stage for one input (nan: not run, nothing to index), and its number of sentences."""
    times: list[float] = []
    t, article = timed(partial(clean_article, "bench.txt", text))
    times.append(t)
    if article is None:
        return times + [math.nan] * 6, 0
    t, sentences = timed(partial(split_sentences, article))
    times.append(t)
    times.append(timed(partial(tokenize, text))[0])
    try:
        t, index = timed(partial(build_index, [article], settings))
        times.append(t)
        times.append(timed(partial(answer, index, question, settings))[0] if index is not None else math.nan)
    except QAError:  # nothing to index: "." and "。" hold no words
        times.extend([math.nan, math.nan])
    times.append(timed(partial(answer, bundled, text[:MAX_LINE_CHARS], settings))[0])
    line = [text.encode("utf-8", "surrogateescape")]
    times.append(timed(partial(run_batch, bundled, line, settings, "jsonl", False, io.StringIO(), False))[0])
    return times, len(sentences) if isinstance(sentences, list) else 0


def _cell(seconds: float) -> str:
    if math.isnan(seconds):
        return f"{'-':>10}"
    return f"{'> ' + format(LIMIT, 'g'):>10}" if math.isinf(seconds) else f"{seconds:10.3f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="100 KB inputs instead of 1 MB")
    args = parser.parse_args()
    size = 100_000 if args.quick else 1_000_000
    settings = Settings()
    bundled = build_index(read_corpus(CORPUS).articles, settings)
    answer(bundled, "张家港实施多少个项目？")  # load jieba's dictionary before timing anything
    stages = ("clean", "split", "tokenize", "index", "answer", "ask", "batch")
    print(f"{'input (' + format(size, ',') + ' chars)':28}" + "".join(f"{s:>10}" for s in stages) + "   sentences")
    worst = 0.0
    for name, (text, question) in inputs(size).items():
        times, sentences = measure(text, question, bundled, settings)
        worst = max(worst, *(t for t in times if not math.isnan(t)))
        print(f"{name:28}" + "".join(_cell(t) for t in times) + f"   {sentences:,}")
    print(f"slowest stage: {_cell(worst).strip()} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
