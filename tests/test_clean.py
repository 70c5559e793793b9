from __future__ import annotations

import re

from conftest import CORPUS
from hypothesis import given
from hypothesis import strategies as st

from qa.clean import CJK_CLASS, HAS_CJK, classify_lines, clean_article, normalize_chars
from qa.records import BODY, FURNITURE, TITLE


def _article(name: str):
    path = CORPUS / name
    return clean_article(name, path.read_text(encoding="utf-8"))


def _kind_of(article, fragment: str) -> str:
    for line, kind in zip(article.text.split("\n"), article.line_kinds):
        if fragment in line:
            return kind
    raise AssertionError(f"no line holds {fragment!r}")


def test_normalisation_keeps_every_offset() -> None:
    raw = "Mayor\u2019s \u201cplan\u201d\u00a0costs\u3000１０％ \u2014 ok"
    clean = normalize_chars(raw)
    assert len(clean) == len(raw)
    assert clean == "Mayor's \"plan\" costs 10% - ok"


def test_changzhou_page_furniture_is_labelled_and_body_kept() -> None:
    article = _article("000_80778301e84d020f.txt")
    assert article.title == "Changzhou in the list of 2023 Top 100 Cities in Advanced Manufacturing"
    assert _kind_of(article, "中国竞彩网首页") == FURNITURE  # the spam header line
    assert _kind_of(article, "Home | Simplified Chinese") == FURNITURE
    assert _kind_of(article, "Mayor\u2019s Mailbox Government Bulletin") == FURNITURE
    assert _kind_of(article, "Font:") == FURNITURE
    assert _kind_of(article, "扫一扫在手机打开当前页") == FURNITURE
    assert _kind_of(article, "苏ICP备05003616号") == FURNITURE
    assert _kind_of(article, "Best viewed in IE 6.0") == FURNITURE
    assert _kind_of(article, "Suzhou securing the second position") == BODY


def test_zhangjiagang_page_gives_title_date_and_drops_widgets() -> None:
    article = _article("001_57f55d95d24c1fa4.txt")
    assert article.title == "Zhangjiagang to bolster quality development through innovation"
    assert article.date == "2021-01-15"
    assert _kind_of(article, "Print Mail Large Medium") == FURNITURE
    assert _kind_of(article, "0120-zjg_副本.png") == FURNITURE  # the image file name
    assert _kind_of(article, "Copyright © China Daily") == FURNITURE
    assert _kind_of(article, "A total of 100 key projects") == BODY


def test_page_without_title_line_gets_one_from_its_first_sentence() -> None:
    article = _article("002_660ed08ea921d3a1.txt")
    assert not article.title_from_page
    assert article.title.startswith("The Changzhou delegation deliberated")


def test_byline_and_comment_widget_are_furniture() -> None:
    assert _kind_of(_article("003_1a3fec1e15024b34.txt"), "【Editor:谈诗谊】") == FURNITURE
    assert _kind_of(_article("004_419d53de9b1592ca.txt"), "Post a Comment") == FURNITURE


def test_first_heading_before_prose_is_the_title() -> None:
    kinds = classify_lines("Home | News | Sport\nA short heading here\n\nThe first sentence of the body is long enough. It goes on.")
    assert kinds == (FURNITURE, TITLE, "blank", BODY)


@given(st.text(max_size=60) | st.text(alphabet="苏州a1 。", max_size=20))
def test_has_cjk_finds_what_its_pattern_finds(text: str) -> None:
    """It answers ASCII text without compiling its pattern; on any text, the pattern's own answers."""
    pattern = re.compile(f"[{CJK_CLASS}]")
    found = HAS_CJK.search(text)
    assert (found.span() if found else None) == (m.span() if (m := pattern.search(text)) else None)
    assert bool(HAS_CJK.match(text)) == bool(pattern.match(text))
    assert [m.span() for m in HAS_CJK.finditer(text)] == [m.span() for m in pattern.finditer(text)]
