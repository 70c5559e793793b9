"""The interactive prompt: handle_line fed lines, the real prompt-toolkit loop on a pipe, and once in a pty.

HOME and XDG_* point at a temp folder in every test (conftest's autouse `private_home`).
"""

from __future__ import annotations

import dataclasses
import io
import os
import sys
from pathlib import Path

import pexpect
import pytest
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.history import InMemoryHistory
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from qa.index import Index
from qa.records import Settings
from qa.repl import COMMANDS, CommandCompleter, ReplState, handle_line, open_history, run_plain, run_repl

PROJECTS = "How many key projects related to smart manufacturing will Zhangjiagang implement this year?"
SECOND_CITY = "Which city ranked second in the 2023 list?"
CHINESE = "张家港今年将实施多少个智能制造重点项目？"


@pytest.fixture
def state(corpus_index: Index) -> ReplState:
    return ReplState(corpus_index, Settings())


def history_file(home: Path) -> Path:
    return home / ".local" / "state" / "qa" / "history"


# --- handle_line: one line in, one reply out ---------------------------------------------------------------

def test_answer_shows_sentence_citation_and_confidence_with_the_short_answer_highlighted(state) -> None:
    reply = handle_line(state, PROJECTS)
    answer = state.last_answer
    assert answer is not None and answer.hit is not None
    assert "100 key projects related to smart manufacturing" in reply.text
    assert f"{answer.hit.sentence.source}, sentence {answer.hit.sentence.number}, line {answer.hit.sentence.line}" \
        in reply.text
    assert answer.hit.title in reply.text
    assert "confidence" in reply.text
    if answer.highlight_text:
        assert ("class:highlight", answer.highlight_text) in reply.fragments
    assert not reply.quit


def test_help_lists_every_command_of_the_table(state) -> None:
    text = handle_line(state, "/help").text
    for command in COMMANDS:
        assert f"/{command.name}" in text
        assert command.help in text
        for alias in command.aliases:
            assert f"/{alias}" in text
    assert handle_line(state, "/h").text == text
    assert handle_line(state, "/HELP").text == text


def test_commands_about_the_last_answer_need_a_question_first(state) -> None:
    for command in ("/more", "/context", "/explain"):
        assert "ask one first" in handle_line(state, command).text


def test_more_context_and_explain_after_a_question(state) -> None:
    handle_line(state, PROJECTS)
    answer = state.last_answer
    assert answer is not None and answer.hit is not None
    cited = answer.hit.sentence

    more = handle_line(state, "/more").text
    assert "Other candidates" in more
    assert more.count("\n  2. ") == 1 and " s" in more

    context = handle_line(state, "/context").text.splitlines()
    marked = [line for line in context if line.startswith(">")]
    assert len(marked) == 1 and f"s{cited.number} " in marked[0] and "100 key projects" in marked[0]
    numbers = [int(line[1:].split()[0].removeprefix("s")) for line in context[1:]]
    assert numbers == list(range(max(1, cited.number - 2), cited.number + 3))
    assert answer.hit.title in context[0]

    explain = handle_line(state, "/explain").text
    assert "question terms:" in explain and "matched:" in explain and "score" in explain


def test_articles_lists_every_article_with_its_sentence_count(state) -> None:
    text = handle_line(state, "/articles").text
    index = state.index
    assert f"{len(index.articles)} articles, {index.size} sentences" in text
    for i, article in enumerate(index.articles):
        assert f"({article.source}" in text
        assert f"{len(index.rows_of_article(i))} sentences)" in text


def test_unknown_command_suggests_the_nearest_and_help(state) -> None:
    text = handle_line(state, "/mroe").text
    assert "Unknown command /mroe" in text and "/more" in text and "/help" in text
    assert "/help" in handle_line(state, "/").text
    assert "alone" in handle_line(state, "/more please").text


def test_thin_question_is_read_as_a_follow_up(state) -> None:
    handle_line(state, SECOND_CITY)
    reply = handle_line(state, "And Changsha?")
    assert f"(read as a follow-up to: {SECOND_CITY})" in reply.text
    assert state.last_answer is not None and state.last_answer.followup_of == SECOND_CITY


def test_new_forgets_the_previous_turn(state) -> None:
    handle_line(state, SECOND_CITY)
    assert "Starting afresh" in handle_line(state, "/new").text
    assert state.last_query is None and state.last_answer is None
    reply = handle_line(state, "And Changsha?")
    assert "follow-up" not in reply.text
    assert state.last_answer is not None and state.last_answer.followup_of is None


def test_a_declined_question_still_becomes_the_previous_turn(state) -> None:
    reply = handle_line(state, "What is the capital of Mars?")
    assert "could not find the answer in the articles" in reply.text
    assert state.last_query is not None and state.last_query.text == "What is the capital of Mars?"


def test_chinese_question_does_not_raise(state) -> None:
    reply = handle_line(state, CHINESE)
    assert reply.text.strip()
    assert state.last_query is not None and state.last_query.is_chinese


def test_multi_line_paste_is_one_question(state) -> None:
    reply = handle_line(state, "How many key projects related to\n  smart manufacturing will\r\nZhangjiagang implement this year?")
    assert state.last_query is not None and "\n" not in state.last_query.text
    assert "100 key projects" in reply.text


def test_long_question_is_truncated_with_a_note(state) -> None:
    settings = dataclasses.replace(Settings(), max_question_chars=200)
    state = dataclasses.replace(state, settings=settings)
    reply = handle_line(state, PROJECTS + " and" * 30_000)
    assert "only its first 200 were read" in reply.text
    assert state.last_query is not None and len(state.last_query.text) == 200


def test_blank_lines_do_nothing_and_quit_quits(state) -> None:
    assert handle_line(state, "").fragments == () and handle_line(state, "  \n ").fragments == ()
    for line in ("/quit", "/exit", "/q"):
        assert handle_line(state, line).quit


def test_odd_lines_never_raise_and_never_reach_the_terminal_raw(state) -> None:
    lines = ["?", "???", "😀", "Wie viel? 多少 how many", "\x1b[31mred\x1b[0m question\x07", "/\x1b]0;title\x07",
             "\u202eevil", "\u202e/help", "0" * 5000]
    lines += [PROJECTS[:n] for n in range(0, len(PROJECTS), 7)] + [CHINESE[:n] for n in range(len(CHINESE))]
    for line in lines:
        text = handle_line(state, line).text
        assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text


def test_completion_offers_commands_only_after_the_prefix() -> None:
    completer = CommandCompleter()

    def complete(text: str) -> list[str]:
        return [c.text for c in completer.get_completions(Document(text), CompleteEvent(completion_requested=True))]

    assert complete("/mo") == ["/more"]
    assert complete("/e") == ["/explain", "/exit"]
    assert set(complete("/")) == {f"/{c.name}" for c in COMMANDS}
    assert complete("more") == [] and complete("what is /mo") == [] and complete("/more x") == []


def test_history_falls_back_to_memory_with_a_warning_when_the_folder_cannot_be_made(tmp_path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    history, warning = open_history(blocker / "qa" / "history")
    assert isinstance(history, InMemoryHistory)
    assert warning is not None and "this session only" in warning


# --- the real prompt-toolkit loop, on a pipe ----------------------------------------------------------------

def run_on_pipe(index: Index, keys: list[str], settings: Settings | None = None) -> tuple[int, str]:
    written: list[StyleAndTextTuples] = []
    with create_pipe_input() as pipe:
        for chunk in keys:
            pipe.send_text(chunk)
        code = run_repl(index, settings or Settings(), prompt_input=pipe, prompt_output=DummyOutput(),
                        write=written.append)
    return code, "".join(text for fragments in written for _style, text, *_ in fragments)


def test_prompt_answers_keeps_history_and_exits_0_on_ctrl_d(corpus_index, private_home, capsys) -> None:
    code, shown = run_on_pipe(corpus_index, [PROJECTS + "\r", "/help\r", CHINESE + "\r", "\x04"])
    assert code == 0
    assert "100 key projects" in shown and "Commands:" in shown
    saved = history_file(private_home).read_text(encoding="utf-8")
    for line in (PROJECTS, "/help", CHINESE):
        assert f"+{line}\n" in saved
    assert capsys.readouterr().err == ""


def test_prompt_drops_the_line_on_ctrl_c_and_reads_a_bracketed_paste_as_one_question(corpus_index,
                                                                                    private_home) -> None:
    paste = "\x1b[200~How many key projects related to\nsmart manufacturing will Zhangjiagang implement this year?\x1b[201~"
    code, shown = run_on_pipe(corpus_index, ["What is the capi\x03", paste + "\r", "/quit\r", "never read\r"])
    assert code == 0
    assert shown.count("confidence") == 1 and "100 key projects" in shown and "could not find" not in shown
    saved = history_file(private_home).read_text(encoding="utf-8")
    assert "capi" not in saved and "never read" not in saved


def test_an_error_while_answering_is_one_line_and_the_session_goes_on(corpus_index, capsys) -> None:
    broken = dataclasses.replace(corpus_index, sentence_field=None)
    code, shown = run_on_pipe(broken, [PROJECTS + "\r", "/articles\r", "\x04"])
    assert code == 0
    errors = [line for line in shown.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1
    assert f"{len(corpus_index.articles)} articles" in shown


def test_unwritable_history_warns_once_and_the_prompt_still_works(corpus_index, private_home, monkeypatch,
                                                                  capsys) -> None:
    blocker = private_home / "state-is-a-file"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocker))
    code, shown = run_on_pipe(corpus_index, [PROJECTS + "\r", "\x04"])
    assert code == 0 and "100 key projects" in shown
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("qa: warning: cannot keep the prompt history")


def test_without_a_terminal_the_same_conversation_runs_on_plain_lines(corpus_index) -> None:
    out = io.StringIO()
    lines = [PROJECTS + "\n", "\n", "And what about 500?\n", "/more\n", "/quit\n", "never read\n"]
    assert run_plain(corpus_index, Settings(), lines, out) == 0
    text = out.getvalue()
    assert "100 key projects" in text and f"(read as a follow-up to: {PROJECTS})" in text
    assert "Other candidates" in text and "\x1b" not in text


# --- once for real, in a pseudo-terminal --------------------------------------------------------------------

def test_chat_in_a_real_terminal(private_home, tmp_path) -> None:
    env = {**os.environ, "HOME": str(private_home), "XDG_CACHE_HOME": str(private_home / ".cache"),
           "XDG_STATE_HOME": str(private_home / ".local" / "state"), "TERM": "xterm-256color",
           # pexpect does not answer cursor-position requests; prompt-toolkit would wait 1 s for each.
           "PROMPT_TOOLKIT_NO_CPR": "1"}
    env.pop("QA_CORPUS", None)
    # The first start in a fresh cache builds the index and the dictionary tables: generous on a busy machine.
    child = pexpect.spawn(sys.executable, ["-m", "qa", "chat"], env=env, cwd=str(tmp_path), encoding="utf-8",
                          timeout=120, dimensions=(40, 200))
    try:
        child.expect_exact("qa>")
        child.send(PROJECTS + "\r")
        child.expect_exact("key projects related to smart manufacturing will be implemented this year")
        child.expect_exact("qa>")
        child.sendcontrol("d")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0
    assert PROJECTS in history_file(private_home).read_text(encoding="utf-8")
