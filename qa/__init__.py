"""qa: answers a question with one verbatim, cited sentence from a folder of news articles."""

from __future__ import annotations

__version__ = "0.1.0"

from qa.answer import answer, answer_batch  # noqa: E402
from qa.errors import QAError  # noqa: E402
from qa.index import Index, build_index  # noqa: E402
from qa.records import Answer, Article, Hit, Sentence, Settings  # noqa: E402

__all__ = ["answer", "answer_batch", "build_index", "Index", "Answer", "Article", "Hit", "Sentence", "Settings",
           "QAError", "__version__"]
