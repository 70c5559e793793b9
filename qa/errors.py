"""The errors qa raises; the CLI turns them into one-line messages and exit codes."""

from __future__ import annotations


class QAError(Exception):
    """Base of every error qa raises on purpose: catch this to catch all of ours."""


class CorpusError(QAError):
    """The corpus folder cannot be used: missing, empty, or holding no readable article."""


class IndexStoreError(QAError):
    """A saved index cannot be read or written."""


class QuestionError(QAError):
    """A question that cannot be asked at all (not the same as one qa declines to answer)."""
