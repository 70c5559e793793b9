"""qa: answers a question with one verbatim, cited sentence from a folder of news articles."""

from __future__ import annotations

__version__ = "0.1.0"

from qa.answer import answer, answer_batch
from qa.errors import QAError
from qa.index import Index, build_index
from qa.records import Answer, Article, Hit, Sentence, Settings

__all__ = ["Answer", "Article", "Hit", "Index", "QAError", "Sentence", "Settings", "__version__", "answer",
           "answer_batch", "build_index"]
