"""The interactive prompt: `qa` on a terminal, or `qa chat`.

`handle_line(state, line)` does all the work for one line and returns a `Reply` (styled text and whether to
quit); `run_repl` only reads lines with prompt-toolkit and writes replies, so tests feed `handle_line` lines.
Commands start with "/" so that no question is ever taken for one; they all come from `COMMANDS`, and the
help screen is generated from that table.
"""

from __future__ import annotations

import difflib
import os
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TextIO

from prompt_toolkit import PromptSession, print_formatted_text
from prompt_toolkit.auto_suggest import AutoSuggestFromHistory
from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document
from prompt_toolkit.formatted_text import FormattedText, StyleAndTextTuples
from prompt_toolkit.history import FileHistory, History, InMemoryHistory
from prompt_toolkit.input import Input
from prompt_toolkit.output import Output
from prompt_toolkit.styles import Style

from qa.answer import answer_query, read_turn
from qa.clean import clean_question
from qa.errors import QAError
from qa.index import Index
from qa.question import Query
from qa.records import Answer, Settings
from qa.render import display_width, explain_lines, format_candidates, format_text, one_line, safe
from qa.translate import Dictionary

PREFIX = "/"
PROMPT = "qa> "
CONTEXT_SENTENCES = 2  # sentences shown before and after the cited one by /context
MAX_HISTORY_CHARS = 10_000  # a longer pasted line is kept in the history file only up to this length

# Marks around the short answer in format_text's output. They are control characters, which `safe` turns
# into U+FFFD in corpus and question text, so they can only come from these marks.
_MARK_OPEN, _MARK_CLOSE = "\x02", "\x03"
_MARKS = re.compile(f"([{_MARK_OPEN}{_MARK_CLOSE}])")

STYLE = Style.from_dict({
    "highlight": "bold reverse",
    "citation": "ansicyan",
    "note": "italic",
    "declined": "ansiyellow",
    "error": "ansired",
    "cited": "bold",
    "command": "bold",
})

Write = Callable[[StyleAndTextTuples], None]


@dataclass
class ReplState:
    """What the prompt remembers between lines: the index and the last turn."""

    index: Index
    settings: Settings
    lexicon: Dictionary | None = None  # for Chinese questions (and English ones over Chinese articles)
    last_query: Query | None = None
    last_answer: Answer | None = None


@dataclass(frozen=True)
class Reply:
    """What one line produces: styled text fragments (prompt-toolkit's (style, text) pairs) and a quit flag."""

    fragments: tuple[tuple[str, str], ...] = ()
    quit: bool = False

    @property
    def text(self) -> str:
        """The reply as plain text (what a test or a pipe sees)."""
        return "".join(text for _style, text in self.fragments)


def _lines(lines: Iterable[str], style: str = "") -> Reply:
    """A reply of whole lines, each already safe for the terminal, in one style."""
    return Reply(tuple((style, line + "\n") for line in lines))


@dataclass(frozen=True)
class Command:
    name: str
    aliases: tuple[str, ...]
    help: str  # one line, shown by /help and beside completions
    handler: Callable[[ReplState], Reply]


def _need_answer(state: ReplState) -> Answer | Reply:
    if state.last_answer is None:
        return _lines(["No question yet: ask one first."])
    return state.last_answer


def _cmd_help(state: ReplState) -> Reply:
    names = [f"{PREFIX}{c.name}" + "".join(f", {PREFIX}{a}" for a in c.aliases) for c in COMMANDS]
    width = max(display_width(n) for n in names) + 2
    fragments: list[tuple[str, str]] = [
        ("", ("Ask a question about the articles, in English or Chinese. A short question such as\n"
              "\"And Changsha?\" is read as a follow-up to the one before.\n\nCommands:\n")),
    ]
    for name, command in zip(names, COMMANDS):
        padding = " " * (width - display_width(name))
        fragments += [("", "  "), ("class:command", name), ("", f"{padding}{command.help}\n")]
    fragments.append(("", ("\nKeys: Tab completes a command, Up/Down and Ctrl-R search the history, "
                           "Right arrow takes a suggestion,\nCtrl-C drops the line, Ctrl-D quits.\n")))
    return Reply(tuple(fragments))


def _cmd_more(state: ReplState) -> Reply:
    answer = _need_answer(state)
    if isinstance(answer, Reply):
        return answer
    if answer.hit is None and answer.closest is not None:
        # A decline's candidates start with the closest sentence, which the answer already showed.
        answer = replace(answer, candidates=tuple(c for c in answer.candidates if c is not answer.closest))
    return _lines([f"Other candidates for: {one_line(answer.question)}", format_candidates(answer)])


def _cmd_context(state: ReplState) -> Reply:
    answer = _need_answer(state)
    if isinstance(answer, Reply):
        return answer
    hit = answer.hit or answer.closest
    if hit is None:
        return _lines(["The last answer cites no sentence."])
    cited = hit.sentence
    index = state.index
    rows = index.rows_of_article(cited.article)
    row = next((r for r in rows if int(index.sent_number[r]) == cited.number), None)
    if row is None:
        return _lines([f"Sentence {cited.number} of {safe(cited.source)} is not in the index."], "class:error")
    fragments: list[tuple[str, str]] = [
        ("class:citation", f"{one_line(hit.title)} ({safe(cited.source)})\n")]
    for r in range(max(rows.start, row - CONTEXT_SENTENCES), min(rows.stop, row + CONTEXT_SENTENCES + 1)):
        sentence = index.sentence(r)
        label = f"s{sentence.number}"
        if r == row:
            fragments += [("class:cited", f"> {label:>4}  {one_line(sentence.text)}"), ("", "\n")]
        else:
            fragments.append(("", f"  {label:>4}  {one_line(sentence.text)}\n"))
    return Reply(tuple(fragments))


def _cmd_articles(state: ReplState) -> Reply:
    index = state.index
    lines = [f"{len(index.articles)} articles, {index.size} sentences:"]
    for i, article in enumerate(index.articles):
        date = f", {safe(article.date)}" if article.date else ""
        lines.append(f"  {i + 1}. {one_line(article.title)}  ({safe(article.source)}{date}, "
                     f"{len(index.rows_of_article(i))} sentences)")
    return _lines(lines)


def _cmd_explain(state: ReplState) -> Reply:
    answer = _need_answer(state)
    if isinstance(answer, Reply):
        return answer
    return _lines([f"Why this answer to: {one_line(answer.question)}", *explain_lines(answer)])


def _cmd_new(state: ReplState) -> Reply:
    state.last_query = None
    state.last_answer = None
    return _lines(["Starting afresh: the next question will not be read as a follow-up."], "class:note")


def _cmd_quit(state: ReplState) -> Reply:
    return Reply(quit=True)


COMMANDS: tuple[Command, ...] = (
    Command("help", ("h", "?"), "show this help", _cmd_help),
    Command("more", (), "the runner-up sentences for the last question", _cmd_more),
    Command("context", (), "the cited sentence with the two sentences before and after it", _cmd_context),
    Command("explain", (), "why that answer: matched terms and scores", _cmd_explain),
    Command("articles", (), "list the articles: title, file, number of sentences", _cmd_articles),
    Command("new", (), "forget the last question, so the next one is not read as a follow-up", _cmd_new),
    Command("quit", ("exit", "q"), "leave (Ctrl-D does too)", _cmd_quit),
)
_BY_NAME = {name: c for c in COMMANDS for name in (c.name, *c.aliases)}


def join_lines(line: str) -> str:
    """One question from what was typed or pasted: lines joined with spaces, outer white space removed."""
    return " ".join(part.strip() for part in line.replace("\ufeff", "").splitlines() if part.strip())


def run_command(state: ReplState, text: str) -> Reply:
    """Run a "/command" line."""
    word, _, rest = text[len(PREFIX):].partition(" ")
    command = _BY_NAME.get(word.lower())
    if command is None:
        shown = safe(word[:40]) + ("…" if len(word) > 40 else "")
        close = difflib.get_close_matches(word.lower(), list(_BY_NAME), n=1)
        hint = f" Did you mean {PREFIX}{_BY_NAME[close[0]].name}?" if close else ""
        return _lines([f"Unknown command {PREFIX}{shown}.{hint} Type {PREFIX}help to see the commands."],
                      "class:error")
    if rest.strip():
        return _lines([f"{PREFIX}{command.name} takes nothing after it; type {PREFIX}{command.name} alone."],
                      "class:error")
    return command.handler(state)


def answer_fragments(answer: Answer) -> list[tuple[str, str]]:
    """format_text's answer, styled: the short answer highlighted, the citation and notes set apart."""
    fragments: list[tuple[str, str]] = []
    for line in format_text(answer, mark=(_MARK_OPEN, _MARK_CLOSE)).split("\n"):
        if line.startswith("(read as a follow-up"):
            style = "class:note"
        elif line.startswith("I could not find"):
            style = "class:declined"
        elif line.startswith(("  — ", "           ")):
            style = "class:citation"
        elif line.startswith("  confidence"):
            style = "class:note"
        else:
            style = ""
        current = style
        for piece in _MARKS.split(line):
            if piece == _MARK_OPEN:
                current = "class:highlight"
            elif piece == _MARK_CLOSE:
                current = style
            elif piece:
                fragments.append((current, piece))
        fragments.append(("", "\n"))
    return fragments


def ask(state: ReplState, question: str) -> Reply:
    """Answer a question, read as a follow-up when there is a previous turn; remember this turn."""
    fragments: list[tuple[str, str]] = []
    limit = state.settings.max_question_chars
    if len(question) > limit:
        note = f"(the question is {len(question):,} characters long: only its first {limit:,} were read)\n"
        fragments.append(("class:note", note))
        question = question[:limit]
    query = read_turn(clean_question(question), state.lexicon, state.last_query)
    answer = answer_query(state.index, query, state.settings, state.lexicon)
    state.last_query, state.last_answer = query, answer  # kept after a decline too
    fragments += answer_fragments(answer)
    return Reply(tuple(fragments))


def handle_line(state: ReplState, line: str) -> Reply:
    """Everything the prompt does with one line: a command, a question, or nothing for a blank line."""
    text = join_lines(line)
    if not text:
        return Reply()
    if text.startswith(PREFIX):
        return run_command(state, text)
    return ask(state, text)


def respond(state: ReplState, line: str) -> Reply:
    """handle_line, with a failure turned into a one-line reply so that the session goes on."""
    try:
        return handle_line(state, line)
    except KeyboardInterrupt:
        return _lines(["(interrupted)"], "class:note")
    except Exception as error:  # noqa: BLE001  the shell: report it on one line and keep the session
        return error_reply(error)


def error_reply(error: BaseException) -> Reply:
    """One line for a failure while handling a line; the session goes on."""
    message = str(error) if isinstance(error, QAError) else f"{type(error).__name__}: {error}"
    return _lines([f"error: {one_line(message)}"], "class:error")


class CommandCompleter(Completer):
    """Completes the prompt's own commands, and only on a line that starts with the command prefix."""

    def get_completions(self, document: Document, complete_event: CompleteEvent) -> Iterable[Completion]:
        text = document.text_before_cursor.lstrip()
        if not text.startswith(PREFIX) or " " in text:
            return
        typed = text[len(PREFIX):].lower()
        for command in COMMANDS:
            names = [command.name] if command.name.startswith(typed) else [
                a for a in command.aliases if a.startswith(typed)]
            for name in names:
                yield Completion(PREFIX + name, start_position=-len(text), display_meta=command.help)


class _KeptHistory(FileHistory):
    """FileHistory that caps what it stores and survives a write failure (with one warning)."""

    failed = False

    def store_string(self, string: str) -> None:
        try:
            super().store_string(string[:MAX_HISTORY_CHARS])
        except OSError as error:
            if not self.failed:
                self.failed = True
                _warn(f"cannot write the prompt history to {self.filename!s} ({error.strerror or error})")


def _warn(message: str) -> None:
    print(f"qa: warning: {message}", file=sys.stderr)


def history_path() -> Path:
    """$XDG_STATE_HOME/qa/history."""
    from qa.paths import state_root

    return state_root() / "history"


def open_history(path: Path | None = None) -> tuple[History, str | None]:
    """The persistent history, or an in-memory one and a warning when the file cannot be written."""
    try:
        path = path or history_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))  # questions can be private
    except (OSError, RuntimeError) as error:  # RuntimeError: no home folder to be found
        where = f" in {path}" if path else ""
        reason = getattr(error, "strerror", None) or error
        return InMemoryHistory(), f"cannot keep the prompt history{where} ({reason}); it lasts for this session only"
    return _KeptHistory(str(path)), None


def banner(index: Index) -> StyleAndTextTuples:
    return [("", f"qa: ask about {len(index.articles)} articles ({index.size} sentences). "),
            ("class:command", f"{PREFIX}help"), ("", " for commands, Ctrl-D to quit.\n")]


def _printer(output: Output) -> Write:
    def write(fragments: StyleAndTextTuples) -> None:
        print_formatted_text(FormattedText(fragments), style=STYLE, output=output, end="")
    return write


def run_repl(index: Index, settings: Settings, *, lexicon: Dictionary | None = None, prompt_input: Input | None = None,
             prompt_output: Output | None = None, write: Write | None = None,
             history: History | None = None) -> int:
    """Read lines until Ctrl-D or /quit, answering each; returns the exit code (0).

    Without a terminal on standard input (and no `prompt_input`), lines are read plainly (run_plain).

    `prompt_input`/`prompt_output` replace the terminal (tests pass a pipe and DummyOutput); `write`
    receives each reply's styled fragments (default: print them to the prompt's output); `history`
    replaces the history file under $XDG_STATE_HOME/qa.
    """
    if prompt_input is None and not sys.stdin.isatty():
        lines = (raw.decode("utf-8", "replace") for raw in sys.stdin.buffer)
        return run_plain(index, settings, lines, sys.stdout, lexicon)
    if history is None:
        history, warning = open_history()
        if warning:
            _warn(warning)
    session: PromptSession[str] = PromptSession(
        PROMPT, history=history, auto_suggest=AutoSuggestFromHistory(), completer=CommandCompleter(),
        complete_while_typing=True, style=STYLE, input=prompt_input, output=prompt_output)
    emit = write or _printer(session.output)
    state = ReplState(index, settings, lexicon)
    emit(banner(index))
    while True:
        try:
            line = session.prompt()
        except KeyboardInterrupt:  # Ctrl-C: drop the line
            continue
        except EOFError:  # Ctrl-D
            break
        reply = respond(state, line)
        if reply.fragments:
            emit(list(reply.fragments))
        if reply.quit:
            break
    return 0


def run_plain(index: Index, settings: Settings, lines: Iterable[str], out: TextIO,
              lexicon: Dictionary | None = None) -> int:
    """The same conversation without a terminal (`qa chat < questions.txt`): one line in, plain text out."""
    state = ReplState(index, settings, lexicon)
    for line in lines:
        reply = respond(state, line)
        out.write(reply.text)
        out.flush()
        if reply.quit:
            break
    return 0
