"""Question -> what is asked: the terms to match, the kind of answer wanted, and the key terms.

Also reads a thin follow-up ("And Changsha?", "When was that?") in the light of the previous question.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from qa import lazy_re as re  # patterns compile on first use: start-up pays only for those used
from qa.clean import HAS_CJK
from qa.tokens import NUMBER_WORDS, iter_terms, tokenize

NUMBER, DATE, PERSON, ORGANISATION, PLACE, LIST, REASON, OTHER = (
    "number", "date", "person", "organisation", "place", "list", "reason", "other")

class Cue:
    """A question pattern behind a cheap test: the regular expression (several microseconds a search on a
    question) runs only when the lowercased question holds one of the words every match must hold.

    `english_hints`: the hints cover the pattern's English alternatives only, so a question that is not
    ASCII (it may match a Chinese one) is always searched.
    """

    def __init__(self, hints: tuple[str, ...], pattern: str, flags: int = 0, english_hints: bool = False) -> None:
        self.hints = hints
        self.pattern = re.compile(pattern, flags)
        self.english_hints = english_hints

    def search(self, question: str) -> re.Match[str] | None:
        hinted = not self.english_hints or question.isascii()  # else a Chinese alternative may match unhinted
        if hinted and not any(map(question.lower().__contains__, self.hints)):
            return None
        return self.pattern.search(question)


# The answer kinds, each with the words one of which every English match holds (see Cue).
_TYPE_HINTS: dict[str, tuple[str, ...]] = {
    DATE: ("when", "what", "which"),
    NUMBER: ("how", "what", "which", "number"),
    PERSON: ("who", "which"),
    ORGANISATION: ("which", "what"),
    PLACE: ("where", "which", "what"),
    REASON: ("why", "what"),
    LIST: ("which", "what", "list", "name"),
}
# "Which three cities ...?" asks for places as "Which cities ...?" does.
_HOW_MANY = r"(?:(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several|some|many|other) )?"
_TYPE_RULES: tuple[tuple[str, Cue], ...] = tuple(
    (kind, Cue(_TYPE_HINTS[kind], pattern, re.IGNORECASE, english_hints=True))
    for kind, pattern in (
        (DATE, (r"\b(when|what (years?|dates?|days?|months?|time|century|centuries|decades?|season|period|era)"
                r"|which (years?|dates?|days?|months?|century|centuries|decades?|period|era)|since when"
                r"|what (?:is|was|were) the (?:[\w-]+ )?(?:date|year))\b"
                r"|何时|什么时候|哪年|哪一年|何年|几月|哪个月|哪一月|哪天|哪一天|哪日|哪一日|日期|時候")),
        (NUMBER, (r"\bhow (many|much|large|big|fast|high|long)\b|\b(what|which) (number|percentage|percent|share|"
                  r"proportion|amount|rate|value|figure|total)\b|\bby how\b|\bwhat (is|was|were) the (total|number|"
                  r"value|amount|rate|scale|output|growth)\b|\b(phone|telephone|registration|record|icp|id) number\b"
                  r"|\bwhat rank|\bhow (old|far|tall|wide|deep|heavy|often|long ago)\b"
                  r"|\bwhat (age|temperature|size|distance|height|population|speed|price|cost|weight)\b|多少|几个|几家|几项|几座|几年|多久|多长时间|第几|多大|百分之")),
        (PERSON, r"\b(who|whom|whose)\b|\bwhich " + _HOW_MANY + r"(person|official|deputy|mayor|leader|editor)\b|谁|哪位|何人"),
        (ORGANISATION, (r"\b(which|what) " + _HOW_MANY + r"(organi[sz]ation|ministry|department|body|agency|company|institution|"
                        r"centre|center|office|bureau|government|group|research|team|university|school|college|band|club|"
                        r"firm|newspaper|network|station|league)\b|哪个部门|什么机构|哪家")),
        (PLACE, (r"\bwhere\b|\b(which|what) " + _HOW_MANY + r"(city|cities|province|place|region|country|countries|town|county|port|state|"
                 r"continent|island|river|area|location|village|neighborhood|neighbourhood)\b"
                 r"|哪里|哪儿|哪个城市|哪座城市|在哪|哪个省|哪些城市")),
        (REASON, r"\bwhy\b|\b(for what|what for)\b|\bwhat (is|was|are) the (aim|purpose|goal|reason)\b|为什么|为何|原因|目的"),
        (LIST, r"\b(which|what) \w+ (are|were|include|includes)\b|\blist\b(?! of)|\bname (the|all)\b|哪些|包括"),
    )
)

# Words that frame a question about "the article" rather than ask about the world.
_SCAFFOLDING = re.compile(
    r"^\s*(according to (the )?(article|report|text|page|story),?|in the (article|text|story),?)"
    r"|\b(does|did|do) the (article|text|page|story) (say|mention|state|report)\b"
    r"|\b(the )?(article|text|page|story) (says|mentions|states)\b",
    re.IGNORECASE,
)
# Words that ask about the page itself (byline, registration, phone, sponsor...), which lives in furniture lines.
_ABOUT_PAGE = Cue(
    ("site", "page", "byline", "edit", "author", "wrote", "written", "copyright", "rights reserved", "sponsor",
     "powered", "phone", "icp", "registration", "record number", "updated", "published", "picture", "photo",
     "image", "file", "font", "browser", "resolution", "navigation", "menu", "comment", "advertorial",
     "public security", "identification code"),
    r"\b(web ?site|site|web ?page|page|byline|editor|edited|edit|author|wrote|written|copyright|rights reserved|"
    r"sponsor\w*|powered|phone|telephone|icp|registration|record number|updated|published|picture|photo|image|"
    r"file ?name|font|browser|resolution|navigation|menu|comment|advertorial|public security|identification code)\b"
    r"|编辑|作者|网站|备案|电话|版权|主办|图片|更新",
    re.IGNORECASE,
    english_hints=True,
)
# Question words whose answer the articles write otherwise: "What percentage ...?" is answered by "26.7%"
# (the term "percent", as "%" and "percent" give), where "percentage" itself is rarely written.
ASKED_AS = {"percentag": "percent"}
# Stems that frame the question ("in the article") and never carry its content.
QUESTION_STOPWORDS = frozenset({"articl", "page", "stori", "passag", "text", "mention", "accord", "tell"})
_FOLLOWUP_OPENERS = re.compile(
    r"^\s*(and|what about|how about|also|and what about|then|same for|那|那么|还有)\b", re.IGNORECASE)
_ANAPHORA = re.compile(r"\b(that|it|this|they|them|those|these|there|he|she|him|her|its|their)\b|它|那个|这个|他们|她|他",
                       re.IGNORECASE)


# An ordinal pins the answer down as a number does ("which city ranked third"): a sentence without it
# answers another question.
_ORDINALS = frozenset({"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"})
_CHINESE_ORDINAL = re.compile(r"第[一二三四五六七八九十百\d]+")


def _is_key(term: str, surface: str, first_word: bool) -> bool:
    """Numbers, ordinals and proper names: what the answer must be about."""
    return (term[0].isdigit() or term in _ORDINALS or (surface.isupper() and not first_word)
            or bool(_CHINESE_ORDINAL.fullmatch(term)))


@dataclass(frozen=True)
class Query:
    """A question read for retrieval."""

    text: str
    terms: tuple[str, ...]  # content terms, in question order
    answer_type: str
    key_terms: tuple[str, ...]  # numbers, ordinals and proper names: the answer must be about these
    is_chinese: bool
    followup_of: str | None = None
    about_page: bool = False  # asks about the page itself, so furniture lines are fair answers
    reading: str | None = None  # the text as read (Traditional characters made Simplified), when not `text`
    short_form: str | None = None  # what a "What does X stand for?" question asks to be written out (X)


_WH_WORD = re.compile(r"\b(?:what|which|who|whom|whose|where|why|how)\b", re.IGNORECASE)
_WHEN_CLAUSE_THEN_WH = re.compile(r",\s*(?:what|which|who|whom|whose|where|why|how)\b", re.IGNORECASE)


def _frames_a_clause(question: str, match: re.Match[str]) -> bool:
    """A bare "when" or "who" that opens a clause rather than asks: after the question's own wh-word ("What
    happens when the lobes clap?", "What does a teacher do for someone who is timid?"), or, for "when",
    before one ("When Fox left, who replaced him?")."""
    word = match.group().lower()
    if word not in ("when", "who", "whom", "whose"):
        return False
    if _WH_WORD.search(question, 0, match.start()):
        return True
    return word == "when" and bool(_WHEN_CLAUSE_THEN_WH.search(question, match.end()))


def answer_type_of(question: str) -> str:
    """The kind of thing the question asks for (a number, a date, a person, ...), or OTHER.

    The cue that comes first in the question wins: "How old was she when ...?" asks for an age, and its
    "when" only frames it (rules earlier in _TYPE_RULES win a tie)."""
    found = OTHER
    earliest = len(question) + 1
    for kind, cue in _TYPE_RULES:
        match = cue.search(question)
        if match and kind in (DATE, PERSON) and _frames_a_clause(question, match):
            continue
        if match and match.start() < earliest:
            found, earliest = kind, match.start()
            if not earliest:  # nothing comes sooner, and a tie goes to the rule tried first
                break
    return found


# 什么 X, 哪个 X, 哪些 X, 哪两家 X, 何种 X: the question asks for an X (为什么 asks why, not for a 么).
_CHINESE_WHICH = re.compile(r"(?<!为)什么|哪(?:一|[两二三四五六七八九十几]+)?[个家些项座位种类所条名批部]?|何种")
MAX_HEAD_WORDS = 2


def chinese_head_words(question: str, terms: Sequence[str]) -> list[str]:
    """The words right after 什么 / 哪个 / 哪些 ... (at most two, stopping at a function word): the noun
    phrase whose thing the question asks for, so the highlight can look for it in an English sentence.

    `terms` are the question's content words in order (Query.terms: jieba's words, function words
    dropped), so the question is not segmented again.
    "常州靠什么发展蓝图冲刺万亿GDP目标？" -> 发展, 蓝图; "哪个项目将成为常州的标志性项目？" -> 项目.
    """
    match = _CHINESE_WHICH.search(question)
    if not match:
        return []
    words: list[str] = []
    cursor = 0
    position = match.end()
    for term in terms:
        start = question.find(term, cursor)
        if start < 0:
            continue  # carried over from an earlier question, or not spelled as in the text
        cursor = start + len(term)
        if cursor <= position:
            continue
        if start != position or not HAS_CJK.match(term) or len(words) == MAX_HEAD_WORDS:
            break
        words.append(term)
        position = cursor
    return words


# "审议了什么", "发布了什么", "包括什么": a verb, perhaps 了/过, then 什么 ("what") as its object.
_CHINESE_WHAT_OBJECT = re.compile(r"(?:了|过|的)?(?<!为)什么(?:[？?。]|$)")


def chinese_verb_word(question: str, terms: Sequence[str]) -> str | None:
    """The verb whose object a Chinese question asks for with 什么 at its end: 常州代表团审议了什么？ -> 审议.
    `terms` as for chinese_head_words."""
    match = _CHINESE_WHAT_OBJECT.search(question)
    if not match:
        return None
    cursor = 0
    verb = None
    for term in terms:
        start = question.find(term, cursor)
        if start < 0:
            continue
        cursor = start + len(term)
        if cursor == match.start() and HAS_CJK.match(term):
            verb = term
    return verb


# "What is the population of Changsha?": the attribute asked for must be in the answer, as a name must;
# a corpus that never says "population" cannot answer (the generic words below say nothing of the kind).
_ATTRIBUTE = re.compile(r"\bwhat (?:is|was|are|were) (?:the|its|their) ([a-z-]+) of\b", re.IGNORECASE)
_NOT_ATTRIBUTES = frozenset({"name", "names", "number", "total", "value", "amount", "title", "role", "aim", "purpose",
                             "goal", "reason", "main", "first", "last", "kind", "type", "size", "rate", "share",
                             "scale", "part", "result", "meaning", "use", "focus", "level"})

# What a question may ask about that only a sentence saying it answers, however it is put ("Where is X
# headquartered?", "X的总部设在哪里？"), and the terms that say it: every gold sentence of the 6 SQuAD and 14
# CMRC dev questions that name headquarters names them too.
NAMED_ATTRIBUTES: dict[str, frozenset[str]] = {"headquart": frozenset({"headquart"}),
                                               "总部": frozenset({"总部", "headquart"})}


def named_attribute(terms: Sequence[str]) -> str | None:
    """The question term that names such an attribute (see NAMED_ATTRIBUTES), if any."""
    return next((term for term in terms if term in NAMED_ATTRIBUTES), None)


# "What day ...?", "On what date ...?", "What was the date of ...?": a question for a day (see spans.asks_day).
ASKED_DAY_PATTERN = (r"\b(?:what|which)\s+(?:exact\s+)?(day|date)s?\b"
                     r"|\bwhat\s+(?:is|was|were|are)\s+the\s+(?:exact\s+)?(day|date)\b")
# The noun right after "what" / "which" that only says what kind of answer is wanted, a word of the question's
# frame and not of its content: the sentence that answers "What year ...?", "What type of engine ...?" or
# "On what date ...?" says "in 1899", "a steam engine", "on May 30". Chosen on SQuAD `tune`: in the gold
# sentences of its "what / which X" questions these nouns occur at most 1 time in 10 (year 165 questions,
# type 163, kind 53, famous 18, date 15, entity 16, time 10, organization 8, decade 5; "day" 1 in 2, but
# "the day" is not what the sentence says of it either).
_FRAME_NOUN = Cue(("day", "date", "year", "type", "kind", "sort", "time", "decade", "entit", "organi", "famous"),
                  r"\b(?:what|which)\s+(?:exact\s+)?(years?|types?|kinds?|sorts?|time|decades?|entity|entities|"
                  r"organi[sz]ations?|famous)\b|" + ASKED_DAY_PATTERN, re.IGNORECASE)


def read_question(question: str) -> Query:
    """Terms, answer type and key terms of a self-contained question."""
    text = _SCAFFOLDING.sub(" ", question)
    terms: list[str] = []
    keys: list[str] = []
    opening = len(text) - len(text.lstrip(" \t\"'("))  # where the first word starts
    for term, start, _end in iter_terms(text):
        first_word = start == opening  # capitalised only because it opens the question
        if term in QUESTION_STOPWORDS:
            continue
        term = ASKED_AS.get(term, term)
        terms.append(term)
        if _is_key(term, text[start], first_word):
            keys.append(term)
    for match in _ATTRIBUTE.finditer(text):
        if match.group(1).lower() not in _NOT_ATTRIBUTES:
            keys.extend(t for t in tokenize(match.group(1)) if t in terms)
    frame = _FRAME_NOUN.search(text)
    noun = tokenize(next(group for group in frame.groups() if group)) if frame is not None else []
    if noun and noun[0] in terms:
        terms.remove(noun[0])  # the first: "What day was media day switched to?" keeps the second
    short_form = asks_long_form(question)
    if short_form is not None:  # "stand for" asks for a long form, which never says "stand"
        terms = [term for term in terms if term not in _LONG_FORM_FRAME]
        keys = [term for term in keys if term not in _LONG_FORM_FRAME]
    return Query(
        text=question,
        terms=tuple(terms),
        answer_type=answer_type_of(question),
        key_terms=tuple(dict.fromkeys(keys)),
        is_chinese=bool(HAS_CJK.search(question)),
        about_page=bool(_ABOUT_PAGE.search(question)),
        short_form=short_form,
    )


# "Besides A, B and C, what other ...?" sets A, B and C aside: a sentence that lists only them does not answer.
_SET_ASIDE = Cue(
    ("besides", "other than", "apart from", "aside from", "in addition to", "except"),
    r"^\s*(?:besides|other than|apart from|aside from|in addition to|except(?: for)?)\s+(.+?),\s*"
    r"(?:what|which|who|whom|where|when|how|name)\b"
    r"|\b(?:besides|other than|apart from|aside from|in addition to)\s+([^,?]+?)\s*\??\s*$",
    re.IGNORECASE,
    english_hints=True,
)
_LIST_BREAK = re.compile(r"\s*[,;]\s*(?:and\s+|or\s+)?|\s+(?:and|or|as well as)\s+")


def list_item_spans(text: str) -> list[tuple[int, int]]:
    """Where the items of a list written out in words are: "A, B, and C" -> A, B, C."""
    spans, start = [], 0
    for match in [*_LIST_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        item = text[start:end]
        if item.strip():
            spans.append((start + len(item) - len(item.lstrip()), end - (len(item) - len(item.rstrip()))))
        if match:
            start = match.end()
    return spans


def list_items(text: str) -> list[str]:
    """The items of a list written out in words: "A, B, and C" -> A, B, C."""
    return [text[start:end] for start, end in list_item_spans(text)]


def set_aside_items(question: str) -> list[str]:
    """What a "Besides A and B, what else ...?" question sets aside (A, B): the answer is something else."""
    match = _SET_ASIDE.search(question)
    return list_items(match.group(1) or match.group(2)) if match else []


# "What does AFC stand for?", "What did the LMP acronym stand for regarding ...?", "What is QED short for?",
# 'What does the "532" in Changzhou's blueprint stand for?': the short form asked to be written out.
_LONG_FORM_ASKED = Cue(("stand", "stood", "short for", "abbreviat", "mean"),
                       r"\bwhat\s+(?:does|did|do|is|was)\s+(?:the\s+)?(?:(?:acronym|abbreviation|initials|letters)\s+)?"
                       r"[\"'“‘]?([\w&.-]+?)[\"'”’]?(?:\s+(?!(?:stand|stands|stood)\b)[^\s?]+){0,6}?\s+"
                       r"(?:stands?\s+for|stood\s+for|short\s+for|an?\s+(?:abbreviation|acronym)\s+(?:for|of))\b"
                       r"|\bwhat\s+(?:does|did|do)\s+(?:the\s+)?[\"'“‘]?([\w&.-]+?)[\"'”’]?\s+(?:mean|stand)\s*\??\s*$"
                       # "MIIT是什么的缩写？", "NEV代表什么？", "MIIT的全称是什么？": the short form in Latin letters
                       r"|^\s*[\"'“‘]?([A-Za-z][A-Za-z&.]{1,9})[\"'”’]?\s*(?:是什么的?(?:缩写|简称)|的?全称是什么|"
                       r"代表(?:着|的是)?什么|是什么意思|指的是什么)",
                       re.IGNORECASE, english_hints=True)


# The terms of "stand stands stood short abbreviation acronym initials letters mean" and of "缩写 简称 全称 代表 意思
# 指的是", written out: tokenizing Chinese at import would load jieba's dictionary for every start (0.3 s).
_LONG_FORM_FRAME = frozenset({"stand", "stood", "short", "abbrevi", "acronym", "initi", "letter", "mean",
                              "缩写", "简称", "全称", "代表", "意思", "指"})


def asks_long_form(question: str) -> str | None:
    """The short form a "What does X stand for?" question ("What does X mean?", "X是什么的缩写？") asks to be
    written out, as typed: an acronym (two capitals at least: "AFC", "vBNS") or a number ("532"). None for
    any other question, and for a word ("What does the red stripe stand for?" asks what it means, which no
    initials tell)."""
    match = _LONG_FORM_ASKED.search(question)
    if match is None:
        return None
    short_form = next(group for group in match.groups() if group).strip(".")
    if sum(ch.isupper() for ch in short_form) >= 2 or short_form.isdigit():
        return short_form
    return None


_COUNT_WORDS = {word: str(value) for value, word in enumerate(NUMBER_WORDS[:11])}  # zero to ten
# "Which three cities ...?" asks which they are, not how many.
_WHICH_COUNTED = Cue(("which", "what"), r"\b(?:which|what)\s+(?:(?:are|were)\s+the\s+)?(?:\d{1,3}|two|three|four|five|six|"
                     r"seven|eight|nine|ten)\s+[a-z]", re.IGNORECASE, english_hints=True)


def asks_which_of_counted(question: str) -> bool:
    """Whether the question names how many things it asks for ("Which three cities ...?")."""
    return _WHICH_COUNTED.search(question) is not None


# "Which 3 cities ...?", "What are the 16 second-level indicators of ...?": the number, and the words up to
# the first that cannot be part of the thing counted (a preposition, a verb, a name, the end).
_COUNTED_THING = re.compile(
    r"\b(?:which|what)\s+(?:(?:are|were)\s+the\s+)?(\d{1,3}|two|three|four|five|six|seven|eight|nine|ten)\s+"
    r"((?:(?!(?:of|in|for|on|at|to|from|by|with|under|that|which|who|are|were|is|was|do|does|did|have|has|had|"
    r"will|can)\b)(?-i:[a-z])[\w'-]*\s*){1,4})", re.IGNORECASE)  # (a capital starts the next clause: "... Jiangsu is")
# Where a sentence that counts the things may go on to name them, anywhere after the count: a comma, a
# colon, a dash or a bracket, or "are", "called", "including" ... ("The two symbols most commonly
# associated with pharmacy ... are the mortar and pestle and ..."). Only a sentence with none of these
# after its count is taken to say how many and not which.
_NAMES_FOLLOW = re.compile(r"[:;,(—]|\s-{1,2}\s|\b(?:are|were|is|was|namely|including|includes?|such as|called|known as|"
                           r"named|i\.e\.)\b")
# ... unless what follows is a breakdown by numbers: "3 cities under separate state planning, including 30 in
# the eastern region, 8 in the central region, ..." (the 30 and the 8 are clusters; no city is named).
_BREAKDOWN = re.compile(r"\s*(?:including\s+|includes?\s+|such as\s+|namely\s+)?\d")
# ... or names them first: "In Keck and Mithouard two importers claimed ...".
_NAMES_BEFORE = re.compile(r"(?:,|\band\b)\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*\s*$")


def counted_not_named(question: str, text: str) -> str | None:
    """The words of `text` that count the things a "Which three cities ...?" question asks to be named,
    when the sentence only counts them ("16 advanced manufacturing clusters and 50 key industrial chains to
    accelerate ..."): it says how many, not which. None when it names them, or does not count them."""
    asked = _COUNTED_THING.search(question)
    if asked is None:
        return None
    number = asked.group(1).lower()
    spelled = {number, _COUNT_WORDS.get(number, number)} | {w for w, d in _COUNT_WORDS.items() if d == number}
    head = tokenize(asked.group(2).split()[-1])
    if not head:
        return None
    counted = re.compile(rf"\b(?:{'|'.join(sorted(spelled))})\s+(?:[\w'’-]+\s+){{0,4}}?{re.escape(head[0])}\w*",
                         re.IGNORECASE)
    found = None
    for match in counted.finditer(text):
        follow = _NAMES_FOLLOW.search(text, match.end())
        if (follow and not _BREAKDOWN.match(text, follow.end())) or _NAMES_BEFORE.search(text, 0, match.start()):
            return None
        found = found or match.group(0)
    return found


# "Which stage was Changzhou placed in: leaping, expansion, development or initial period?", "Which scored
# higher, Changsha or Wuhan?": a which-question that ends by offering the things to choose among.
_CHOICE_QUESTION = Cue((" or ",), r"^\s*(?:which|what)\b[^?]*?[:,]\s*((?:[\w'’.-]+(?: [\w'’.-]+){0,3}, )*"
                       r"[\w'’.-]+(?: [\w'’.-]+){0,3},? or [\w'’.-]+(?: [\w'’.-]+){0,3})\s*\?\s*$",
                       re.IGNORECASE, english_hints=True)


def offered_choices(question: str) -> list[str]:
    """The things a "Which ..., A, B or C?" question offers to choose among (none for any other question)."""
    match = _CHOICE_QUESTION.search(question)
    if match is None:
        return []
    return [option for option in re.split(r",\s*(?:or\s+)?|\s+or\s+", match.group(1)) if option]


def count_terms(terms: Sequence[str]) -> set[str]:
    """Terms with number words as digits ("three" -> "3"): "3 cities" says what "three cities" says."""
    return {_COUNT_WORDS.get(term, term) for term in terms}


def is_followup(question: str, query: Query) -> bool:
    """A question too thin to stand alone: 'And Changsha?', 'When was that?', 'What about 2022?'."""
    if _FOLLOWUP_OPENERS.match(question) and len(query.terms) <= 3:
        return True
    if not query.terms:  # "When was that?" follows up; "???" or "what is the" asks nothing
        return bool(_ANAPHORA.search(question)) or query.answer_type != OTHER
    return len(query.terms) <= 2 and bool(_ANAPHORA.search(question))


def read_followup(question: str, previous: Query) -> Query:
    """Carry the previous question's topic into a thin follow-up; new names replace old ones."""
    current = read_question(question)
    if not is_followup(question, current):
        return current
    new_keys = set(current.key_terms)
    carried = [t for t in previous.terms if not (new_keys and t in previous.key_terms)]
    terms = tuple(dict.fromkeys([*current.terms, *carried]))
    keys = tuple(dict.fromkeys([*current.key_terms, *(k for k in previous.key_terms if not new_keys)]))
    answer_type = current.answer_type if current.answer_type != OTHER else previous.answer_type
    return Query(text=question, terms=terms, answer_type=answer_type, key_terms=keys,
                 is_chinese=current.is_chinese or previous.is_chinese, followup_of=previous.text,
                 about_page=current.about_page or previous.about_page, short_form=current.short_form)
