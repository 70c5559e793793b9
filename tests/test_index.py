from __future__ import annotations

import math

import numpy as np
import pytest
from rank_bm25 import BM25L, BM25Okapi, BM25Plus

from qa.clean import clean_article
from qa.index import build_index, score_field
from qa.question import read_question
from qa.records import Settings
from qa.tokens import tokenize


def test_bm25plus_score_checked_by_hand() -> None:
    article = clean_article("two.txt", "Suzhou ranked second in the list. Nanjing entered the top ten.")
    index = build_index([article])
    scores = score_field(index.sentence_field, [(index.vocab["suzhou"], 1.0)], Settings())
    # N = 2, n = 1: idf = ln((N + 1) / n) = ln 3. Both sentences have 4 terms, so dl / avgdl = 1 and the
    # tf part is 1 * 2.5 / (1.5 * 1 + 1) = 1. With delta = 1: ln 3 * (1 + 1); the other gets ln 3 * delta.
    assert scores[0] == pytest.approx(2 * math.log(3))
    assert scores[1] == pytest.approx(math.log(3))


@pytest.mark.parametrize("variant,reference", [("okapi", BM25Okapi), ("plus", BM25Plus), ("l", BM25L)])
def test_postings_scores_equal_rank_bm25_get_scores(corpus_index, variant, reference) -> None:
    from conftest import CORPUS

    from qa.corpus import read_corpus

    settings = Settings(variant=variant, delta=0.5 if variant == "l" else 1.0)
    index = build_index(read_corpus(CORPUS).articles, settings)
    documents = [tokenize(index.sentence(i).text) for i in range(index.size)]
    bm25 = reference(documents) if variant == "okapi" else reference(documents, delta=settings.delta)
    for question in ("Which city ranked second in the 2023 list?", "How many key projects will Zhangjiagang build?",
                     "Changzhou Changzhou NEV trillion yuan 2025", "苏州排名第二"):
        terms = read_question(question).terms
        ours = score_field(index.sentence_field, [(index.vocab.get(t, -1), 1.0) for t in terms], settings)
        np.testing.assert_allclose(ours, bm25.get_scores(list(terms)), rtol=1e-12, atol=1e-12)
        rows = [3, 10, 40]
        np.testing.assert_allclose(ours[rows], bm25.get_batch_scores(list(terms), rows), rtol=1e-12, atol=1e-12)


def test_okapi_silences_a_term_found_in_half_the_sentences() -> None:
    """Why the default is BM25Plus: Okapi's idf for a term in >= half the passages is floored near zero."""
    text = "Changzhou grew. Changzhou built parks. Changzhou hired staff. Suzhou grew fast."
    index_okapi = build_index([clean_article("c.txt", text)], Settings(variant="okapi"))
    index_plus = build_index([clean_article("c.txt", text)], Settings(variant="plus"))
    idf_okapi = index_okapi.sentence_field.idf
    common, rare = index_okapi.vocab["changzhou"], index_okapi.vocab["suzhou"]
    # ln((4 - 3 + 0.5) / (3 + 0.5)) < 0, so rank-bm25 floors it at 0.25 * the mean idf: a quarter of a rare term's
    assert idf_okapi[common] < 0.25 * idf_okapi[rare]
    assert index_plus.sentence_field.idf[common] == pytest.approx(math.log(5 / 3))


def test_neighbours_and_title_are_indexed_as_context(corpus_index) -> None:
    row = next(i for i in range(corpus_index.size) if corpus_index.sentence(i).text.startswith("More than 170"))
    clusters = corpus_index.vocab["cluster"]
    docs, _ = corpus_index.context_field.postings(clusters)
    assert row in docs.tolist()  # the sentence before names the 45 clusters
    assert clusters not in corpus_index.sentence_terms(row)


def test_every_sentence_quotes_its_source_exactly(corpus_index) -> None:
    for i in range(corpus_index.size):
        sentence = corpus_index.sentence(i)
        article = corpus_index.articles[sentence.article]
        assert article.text[sentence.start : sentence.end] == sentence.text
        assert article.text.split("\n")[sentence.line - 1].find(sentence.text.split("\n")[0]) >= 0
