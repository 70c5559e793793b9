"""Ask in Chinese, get the English sentence; ask in English about Chinese text (the real dictionary)."""

from __future__ import annotations

from qa.answer import answer, places_not_held, question_places, read_turn
from qa.corpus import read_corpus
from qa.index import build_index


def _answer_text(index, question, lexicon) -> str:
    result = answer(index, question, lexicon=lexicon)
    assert result.hit is not None, result.reason
    return result.hit.sentence.text.replace("\u00a0", " ")


def test_chinese_question_finds_the_english_sentence_about_key_projects(corpus_index, lexicon) -> None:
    text = _answer_text(corpus_index, "张家港计划今年实施多少个智能制造重点项目？", lexicon)
    assert text.startswith("A total of 100 key projects related to smart manufacturing will be implemented")


def test_chinese_question_finds_suzhou_in_second_position(corpus_index, lexicon) -> None:
    result = answer(corpus_index, "苏州在榜单上排名第几？", lexicon=lexicon)
    assert result.hit is not None and "Suzhou securing the second position" in result.hit.sentence.text
    assert "suzhou" in result.translated_terms and "rank" in result.translated_terms


def test_traditional_characters_work_as_well_as_simplified(corpus_index, lexicon) -> None:
    simplified = answer(corpus_index, "苏州在榜单上排名第几？", lexicon=lexicon)
    traditional = answer(corpus_index, "蘇州在榜單上排名第幾？", lexicon=lexicon)
    assert traditional.hit is not None and simplified.hit is not None
    assert traditional.hit.sentence == simplified.hit.sentence
    assert traditional.question == "蘇州在榜單上排名第幾？"  # the question is kept as typed


def test_a_name_missing_from_the_dictionary_still_matches(corpus_index, lexicon) -> None:
    assert lexicon.glosses("谈诗谊") == []
    text = _answer_text(corpus_index, "谈诗谊是哪篇文章的编辑？", lexicon)
    assert text == "【Author:】 【Editor:谈诗谊】"


def test_english_question_about_a_chinese_sentence(tmp_path, lexicon) -> None:
    (tmp_path / "changzhou.txt").write_text(
        "常州智能制造新闻\n\n常州今年将新建三十个智能工厂。全市的新能源汽车产量增长了百分之二十。\n", encoding="utf-8")
    (tmp_path / "harbour.txt").write_text("The harbour opened in 2019 with 12 berths.\n", encoding="utf-8")
    index = build_index(read_corpus(tmp_path).articles)
    result = answer(index, "How many smart factories will Changzhou build this year?", lexicon=lexicon)
    assert result.hit is not None, result.reason
    assert result.hit.sentence.text == "常州今年将新建三十个智能工厂。"
    assert result.translated_terms  # the English words reached the Chinese ones through the dictionary


def test_english_question_over_english_articles_never_loads_the_dictionary(corpus_index) -> None:
    class Untouchable:
        def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
            raise AssertionError(f"the dictionary was consulted ({name}) for an English question")

    result = answer(corpus_index, "Who is the mayor of Changzhou?", lexicon=Untouchable())
    assert result.hit is not None


def test_a_chinese_question_about_a_place_the_articles_never_name_is_declined(corpus_index, lexicon) -> None:
    """Asked for Shanghai's GDP, the articles (which never name Shanghai) have only Changzhou's GDP target:
    declined, as the English question is ("Shanghai" never occurs)."""
    result = answer(corpus_index, "上海的GDP是多少？", lexicon=lexicon)
    assert result.hit is None
    assert '"上海" never occurs in the articles, as written or in translation' in (result.reason or "")
    assert "GDP" in result.closest.sentence.text


def test_a_chinese_question_about_a_country_the_articles_only_half_name_is_declined(corpus_index, lexicon) -> None:
    """美国 is "United States": the articles say "state" ("state planning") and "President Xi", never the
    United States, so who its president is goes unanswered."""
    result = answer(corpus_index, "谁是美国总统？", lexicon=lexicon)
    assert result.hit is None
    assert '"美国" never occurs in the articles' in (result.reason or "")


def test_a_chinese_question_about_a_named_city_that_the_best_sentence_lacks_is_declined(corpus_index,
                                                                                         lexicon) -> None:
    """The articles name Wuxi (in a ranking) but give only Changzhou's GDP target: declined, as "What is
    Wuxi's GDP target?" is, where it had quoted Changzhou's target at confidence 0.91."""
    result = answer(corpus_index, "无锡的GDP目标是多少？", lexicon=lexicon)
    assert result.hit is None
    assert result.reason == 'the closest sentence does not mention "无锡"'
    assert "Changzhou" in result.closest.sentence.text and "GDP target" in result.closest.sentence.text
    assert answer(corpus_index, "What is Wuxi's GDP target?", lexicon=lexicon).hit is None
    held = answer(corpus_index, "常州的GDP目标是多少？", lexicon=lexicon)  # the city the sentence is about
    assert held.hit is not None and "GDP target" in held.hit.sentence.text


def test_a_chinese_question_s_place_is_a_key_term_as_an_english_name_is(corpus_index, lexicon) -> None:
    """Is Shenzhen among the top 20 intelligent manufacturing cities? The sentence that says the list was
    released matches more of the words; the one that lists the cities names Shenzhen, and answers."""
    result = answer(corpus_index, "深圳在智能制造城市名单中吗？", lexicon=lexicon)
    assert result.hit is not None and "Shenzhen" in result.hit.sentence.text
    english = answer(corpus_index, "Is Shenzhen on the list of intelligent manufacturing cities?", lexicon=lexicon)
    assert english.hit is not None and english.hit.sentence == result.hit.sentence


def test_a_place_counts_as_held_by_its_translation_in_the_sentence_or_its_title(corpus_index, lexicon) -> None:
    query = read_turn("无锡和常州的GDP目标是多少？", lexicon)
    places = question_places(corpus_index, query, lexicon)
    assert [word for word, ids in places] == ["无锡", "常州"] and all(ids for word, ids in places)
    target = next(row for row in range(corpus_index.size) if "GDP target" in corpus_index.sentence(row).text)
    assert places_not_held(corpus_index, places, target) == ["无锡"]


def test_chinese_small_talk_that_meets_only_a_minor_sense_is_declined(corpus_index, lexicon) -> None:
    """叫 ("to be called") is also "to order"; the articles list cities "in alphabetical order". 今天
    ("today") is also "at present"; a sentence opens "Presently". Neither question is about the articles."""
    name = answer(corpus_index, "你叫什么名字？", lexicon=lexicon)
    assert name.hit is None
    assert name.reason == 'the question\'s words match the articles only in senses rarely meant ("叫" as "order")'
    assert "alphabetical order" in name.closest.sentence.text
    weather = answer(corpus_index, "今天天气怎么样？", lexicon=lexicon)
    assert weather.hit is None and "senses rarely meant" in (weather.reason or "")


def test_a_chinese_question_met_in_a_word_s_first_sense_is_answered(corpus_index, lexicon) -> None:
    """市长 is "mayor", its first sense: the minor-sense rule leaves the answer alone."""
    result = answer(corpus_index, "常州市长是谁？", lexicon=lexicon)
    assert result.hit is not None and "mayor of Changzhou" in result.hit.sentence.text


def _unseen_places(index, question, lexicon) -> list[str]:  # type: ignore[no-untyped-def]
    return [word for word, ids in question_places(index, read_turn(question, lexicon), lexicon) if not ids]


def test_a_word_jieba_tags_a_place_but_the_dictionary_does_not_is_no_missing_place(corpus_index, lexicon) -> None:
    """jieba tags 大桥 ("big bridge") a place; the dictionary knows it only as a person: not a missing place.
    常州 and 深圳 are places the articles name in English."""
    assert _unseen_places(corpus_index, "常州要建设哪座大桥？", lexicon) == []
    assert _unseen_places(corpus_index, "深圳和上海哪个更大？", lexicon) == ["上海"]


def test_a_chinese_question_about_a_post_that_only_a_deputy_is_named_for_is_declined(corpus_index, lexicon) -> None:
    """张家港市委书记 is the Party secretary; Han Wei is the deputy (副书记), who had been given as the holder."""
    declined = answer(corpus_index, "张家港市委书记是谁？", lexicon=lexicon)
    assert declined.hit is None and 'deputy ("deputy Party secretary")' in (declined.reason or "")
    deputy = answer(corpus_index, "张家港市委副书记是谁？", lexicon=lexicon)
    assert deputy.hit is not None and deputy.highlight_text == "Han Wei"


def test_a_chinese_question_for_the_day_is_answered_with_the_date(corpus_index, lexicon) -> None:
    result = answer(corpus_index, "张家港的政府工作报告是哪一天发布的？", lexicon=lexicon)
    assert result.hit is not None and result.highlight_text == "on Jan 6"
