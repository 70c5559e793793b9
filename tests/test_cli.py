from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPUS

from qa.cli import build_parser, main, parse_arguments

JSON_FIELDS = {"question", "answer", "source", "title", "sentence", "line", "start", "end", "highlight", "score",
               "confidence", "followup_of", "candidates"}


def run_qa(*args: str, stdin: bytes | None = None, env_home: Path) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "HOME": str(env_home), "XDG_CACHE_HOME": str(env_home / ".cache"),
           "XDG_STATE_HOME": str(env_home / ".state")}
    env.pop("QA_CORPUS", None)
    return subprocess.run([sys.executable, "-m", "qa", *args], input=stdin if stdin is not None else b"",
                          capture_output=True, env=env, timeout=120, check=False)


def test_ask_prints_sentence_and_citation_as_a_real_process(private_home) -> None:
    done = run_qa("ask", "How many key projects related to smart manufacturing will Zhangjiagang implement?",
                  env_home=private_home)
    out = done.stdout.decode()
    assert done.returncode == 0, done.stderr
    assert "100] key projects" in out or "[100 key projects" in out or "A total of [100]" in out
    assert "001_57f55d95d24c1fa4.txt, sentence 15, line 31" in out
    assert done.stderr == b""


def test_ask_json_has_exactly_the_documented_fields(private_home) -> None:
    done = run_qa("ask", "--json", "Who is the mayor of Changzhou?", env_home=private_home)
    obj = json.loads(done.stdout)
    assert set(obj) == JSON_FIELDS
    text = (CORPUS / obj["source"]).read_text(encoding="utf-8")
    assert text[obj["start"] : obj["end"]] == obj["answer"]
    assert text.split("\n")[obj["line"] - 1].startswith(obj["answer"][:20])
    assert 0 <= obj["confidence"] <= 1
    assert {"answer", "source", "sentence", "score"} == set(obj["candidates"][0])


def test_help_and_version(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("qa 0.")
    for argv in (["--help"], ["ask", "--help"]):
        with pytest.raises(SystemExit):
            main(argv)
        assert "usage: qa" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [
    ["ask", "Which city ranked second?"], ["ask", "Which", "city", "ranked", "second?"], ["ask", ""],
    ["ask", "ask"], ["ask", "year-on-year growth"], ["ask", "-"], ["ask", "--json", "Who?"], ["ask", "Who?", "-f", "x"],
    ["--corpus", "somewhere", "ask", "Who?"], ["ask", "Who?", "--corpus", "elsewhere"], ["index"], ["articles"]])
def test_arguments_read_without_the_parser_are_read_as_the_parser_reads_them(argv) -> None:
    assert parse_arguments(argv) == build_parser().parse_args(argv)


def test_missing_corpus_folder_is_a_one_line_error(tmp_path, capsys) -> None:
    assert main(["ask", "--corpus", str(tmp_path / "nope"), "anything?"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("qa: error: corpus folder") and "does not exist" in err


def test_empty_corpus_folder_is_a_one_line_error(tmp_path, capsys) -> None:
    assert main(["ask", "--corpus", str(tmp_path), "anything?"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no articles in" in err


def test_folder_of_only_non_utf8_files_is_a_clear_error(tmp_path, capsys) -> None:
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 cr\xe8me is a drink.".encode("latin-1"))
    assert main(["ask", "--corpus", str(tmp_path), "What is it?"]) == 1
    err = capsys.readouterr().err
    assert "latin1.txt: not UTF-8 text" in err and err.count("\n") == 1


def test_own_corpus_answers_and_names_skipped_files(tmp_path, capsys) -> None:
    (tmp_path / "notes.md").write_text("# Harbour news\n\nThe new harbour opened in 2019 with 12 berths.\n")
    (tmp_path / "broken.txt").write_bytes(b"\xff\xfe\x00\x01binary")
    assert main(["ask", "--corpus", str(tmp_path), "How many berths does the harbour have?"]) == 0
    captured = capsys.readouterr()
    assert "with [12] berths." in captured.out
    assert "Harbour news (notes.md, sentence 2, line 3)" in captured.out
    assert "skipped broken.txt: binary file" in captured.err


def test_usage_error_exits_2(capsys) -> None:
    assert main(["ask", "--format", "xml", "q"]) == 2
    assert capsys.readouterr().err.startswith("qa: usage error:")


def test_a_big_batch_answered_by_worker_processes_matches_one_process(corpus_index, monkeypatch) -> None:
    """A batch file big enough for worker processes prints exactly what one process prints, in order."""
    import io

    import qa.cli
    from qa.records import Settings

    questions = [json.loads(line)["question"] for line in (CORPUS.parent / "eval" / "questions.jsonl")
                 .read_text(encoding="utf-8").splitlines() if line.strip()]
    lines = [q.encode("utf-8") for q in questions[:60]] + [b"\xff not UTF-8", b"  ", b"?"]
    monkeypatch.setattr(qa.cli, "PARALLEL_MIN_QUESTIONS", 10)
    if qa.cli.batch_workers(len(lines)) < 2:
        pytest.skip("one CPU or no fork here: the batch runs in one process")
    outputs = []
    for workers_from in (10, 10**9):  # worker processes, then one process
        monkeypatch.setattr(qa.cli, "PARALLEL_MIN_QUESTIONS", workers_from)
        out = io.StringIO()
        code = qa.cli.run_batch(corpus_index, lines, Settings(), "jsonl", False, out, False, total=len(lines))
        outputs.append((code, out.getvalue()))
    assert outputs[0] == outputs[1]
    assert outputs[0][0] == 1  # the bad line is reported, the rest answered
    assert len(outputs[0][1].splitlines()) == 62  # the blank line is skipped


def test_file_dash_reads_the_questions_from_standard_input(private_home) -> None:
    questions = "Who is the mayor of Changzhou?\n张家港的主导产业有哪些？\n".encode()
    done = run_qa("ask", "--format", "jsonl", "--file", "-", stdin=questions, env_home=private_home)
    assert done.returncode == 0, done.stderr
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    assert [a["question"] for a in answers] == questions.decode().splitlines()
    assert "Sheng Lei" in answers[0]["answer"] and "eight leading industries" in answers[1]["answer"]
