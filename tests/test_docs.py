"""README is what a new user meets first: it must match the CLI and what CI runs."""

from __future__ import annotations

import argparse

from conftest import ROOT

from qa.cli import build_parser


def _readme() -> str:
    return (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_setup_commands_and_ci_runs_the_test_command() -> None:
    block = _readme().split("```")[1].strip().splitlines()
    assert len(block) == 2
    install_and_start, run_tests = block
    assert "pip install -e ." in install_and_start and install_and_start.endswith("qa")
    assert "pytest" in run_tests
    assert run_tests in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def test_every_subcommand_is_documented_in_readme() -> None:
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    readme = _readme()
    for name in commands.choices:
        assert f"qa {name}" in readme, name
