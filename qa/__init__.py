"""qa: answers a question with one verbatim, cited sentence from a folder of news articles.

The public names are imported on first use, not here: the `qa` command imports this package before its
main() can take over Ctrl-C, and importing the answerer eagerly (about 50 ms) left a Ctrl-C in that time
to print Python's traceback.
"""

from __future__ import annotations

from importlib import import_module

__version__ = "0.1.0"
TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing in that time

if TYPE_CHECKING:
    from qa.answer import answer, answer_batch
    from qa.errors import QAError
    from qa.index import Index, build_index
    from qa.records import Answer, Article, Hit, Sentence, Settings

_HOMES = {"answer": "qa.answer", "answer_batch": "qa.answer", "QAError": "qa.errors", "Index": "qa.index",
          "build_index": "qa.index", "Answer": "qa.records", "Article": "qa.records", "Hit": "qa.records",
          "Sentence": "qa.records", "Settings": "qa.records"}

__all__ = ["Answer", "Article", "Hit", "Index", "QAError", "Sentence", "Settings", "__version__", "answer",
           "answer_batch", "build_index"]


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'qa' has no attribute {name!r}")
    value = getattr(import_module(home), name)
    globals()[name] = value  # once: later lookups do not come here
    return value
