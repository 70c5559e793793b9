"""Spans of answer-like things inside a sentence: numbers, dates, names, organisations, places, lists.

Used twice: to tell whether a sentence holds the kind of thing a question asks for, and to mark the
short answer inside the chosen sentence. Patterns are plain alternations (no nested quantifiers).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from functools import lru_cache

from qa import lazy_re as re  # patterns compile on first use: start-up pays only for those used
from qa.clean import CJK_CLASS, HAS_CJK
from qa.question import (
    ASKED_DAY_PATTERN,
    DATE,
    LIST,
    NUMBER,
    ORGANISATION,
    OTHER,
    PERSON,
    PLACE,
    REASON,
    Cue,
    list_item_spans,
    offered_choices,
)
from qa.tokens import chinese_word_tag, segment_chinese, stem_word, tokenize

_NUMBER_WORDS = (r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|"
                 r"fifty|hundred|thousand|dozens?|first|second|third|fourth|fifth|tenth")
_UNIT = (r"(?:\s?%|\s(?:percent|per cent|trillion|billion|million|thousand|hundred)(?:\s(?:yuan|dollars|US dollars))?"
         r"|\s(?:yuan|km|kilometers|square kilometers|tons|units|cities|enterprises|projects|clusters|provinces|"
         r"industries|indicators|factories|centers|first-level|second-level|years|months|days|square (?:kilometres|"
         r"kilometers|miles|metres|meters|feet)|kilometres|kilometers|metres|meters|miles|feet|yards|acres|hectares|"
         r"tonnes|pounds|people|inhabitants|residents|students|members|employees|copies|points|games|times)\b)?")
COUNT = "count"  # a number that counts things: the kind a "How many X ...?" question wants
SHARE = "share"  # a percentage or a fraction: the kind a "What percentage / share of ...?" question wants
MONEY = "sum of money"  # a number in a currency: the kind a "How much money / 多少资金 ...?" question wants
DAY = "day"  # a date down to the day ("May 30", "Monday", "5月30日"): what "On what day ...?" / 哪一天 wants
PHONE = "phone number"  # "0519-85685023", "(555) 123-4567": what a question for a phone number wants
NAMED = "proper name"  # a capitalised word inside a sentence: what may answer "which company / country"
FILE = "file name"  # "0120-zjg_副本.png": what a question for a picture's file name wants
_SPAN_PATTERNS: dict[str, re.Pattern[str]] = {
    NUMBER: re.compile(
        rf"(?:more than |over |about |nearly |top )?(?:[$£€¥]\s?)?(?:\d+(?:[.,/]\d+)*(?:-\d+)?|\b(?:{_NUMBER_WORDS})\b)"
        rf"(?: to (?:\d+(?:[.,]\d+)*|\b(?:{_NUMBER_WORDS})\b))?(?:{_UNIT})"
        r"|[一二三四五六七八九十百千万亿两零\d]+(?:个|家|项|座|位|名|亿元|万元|%)|第[一二三四五六七八九十\d]+"
        r"|\b(?:one|two|three|four|five)-(?:trillion|billion|million)\b",
        re.IGNORECASE),
    DATE: re.compile(
        r"\b(?:(?:on |in |by |since )?(?:the afternoon of |the morning of )?"
        r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|"
        r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.? (?:\d{1,2}\b(?:, \d{4}\b)?|\d{4}\b))"
        r"|\b\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|November|December)(?: \d{4})?\b"
        r"|\b(?:January|February|April|June|July|August|September|October|November|December)\b"
        r"|\b(?:in|of|by|until|since|every|early|late) (?:March|May)\b"
        r"|\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)s?\b"
        r"|\b(?:[\d.]+ (?:million |billion |thousand )?|(?:a )?(?:few |several )?)(?:years|decades|centuries) ago\b"
        r"|\bc\.? ?\d{3,4}\b|\b\d{1,2}(?:st|nd|rd|th)(?= and \d{1,2}(?:st|nd|rd|th)[ -]centur)"
        r"|\b\d{4}-\d{2}-\d{2}\b|\b(?:in |by |since )?(?:1[0-9]|20)\d{2}s?\b|\b\d{1,2}(?:st|nd|rd|th)[ -]centur(?:y|ies)\b"
        r"|\b(?:this|last|next) year\b|\bthe (?:past|next) (?:few|five|three) years\b|\bwithin [\w ]{1,20} years\b"
        r"|\d{4}年(?:\d{1,2}月)?(?:\d{1,2}日)?|\d{1,2}月\d{1,2}日|今年|去年|明年"),
    PERSON: re.compile(
        r"(?:(?:President|Deputy|Mayor|Mr\.?|Ms\.?|Mrs\.?|Dr\.?|Premier|Secretary|Director) )?"
        r"\b(?!(?:The|An?|It|Its|This|That|These|Those|There|They|Their|He|She|His|Her|We|Our|In|On|At|As|By|For|"
        r"From|With|After|Before|During|Since|According)\b)"
        r"[A-Z][a-z]{1,5} [A-Z][a-z]{1,9}(?:[a-z]*)\b(?<! No)(?=,| said| also|\s+deputy|\s+party|\s+mayor|\.|$)"
        r"|\bPresident [A-Z][a-z]+\b|(?<=said )[A-Z][a-z]+ [A-Z][a-z]+"
        r"|(?<=Editor:)[\u4e00-\u9fff]{2,4}|(?<=Author:)[\u4e00-\u9fff]{2,4}|(?<=编辑[:：])[\u4e00-\u9fff]{2,4}"),
    ORGANISATION: re.compile(
        r"(?:the )?(?:[A-Z][\w'’-]*\s(?:(?:of|and|for|on)\s(?:the\s)?)?){0,8}"
        r"(?:Ministry|Department|Center|Centre|Office|Group|Company|Bureau|Institute|University|Association|"
        r"Commission|Committee|Government|Congress|Council|Daily|Laboratory|Lab|Park|Consulting|Forum|Zone)"
        r"(?:\s(?:of|for)\s(?:the\s)?(?:[A-Z][\w-]*\s?(?:and\s)?){1,6})?"
        r"|[\u4e00-\u9fff]{2,12}(?:部|局|委员会|政府|中心|集团|公司|研究院|大学)"),
    PLACE: re.compile(
        # a capitalised word (not a sentence's opening article or pronoun) before a place word or a verb
        r"\b(?!(?:The|An?|It|Its|This|That|These|Those|There|They|Their|He|She|His|Her|We|Our|In|On|At|As|By|For|"
        r"From|With|After|Before|During|Since|According)\b)(?:[A-Z][a-z]+(?:['’][a-z]+)?(?:-[A-Z][a-z]+)?(?: [A-Z][a-z]+)?)"
        r"(?=(?: province| city| region| district| county| and| in| is| has| made| securing| entering| ranking)\b|,|\.| \()"
        r"|[\u4e00-\u9fff]{2,4}(?:省|市|区|县)"),
    LIST: re.compile(r"(?:(?<=including )|(?<=such as )|(?<=includes )|(?<=include )|(?<=namely )|(?<=: ))[^.;]{3,300}"),
    "enumeration": re.compile(r"(?:[^,;:]{2,60}, ){2,}(?:and |or )?[^,;:.]{2,60}"
                              r"|[^，。；：、,;:]{1,20}(?:、[^，。；：、,;:]{1,20})+(?:[和及与][^，。；：、,;:]{1,20})?"),
    # Two named things joined by "and" ("Bosch Changsha Factory and Sany Group No. 18 Factory"): a short list.
    "named pair": re.compile(r"\b[A-Z][\w'’-]*(?:\s+(?:No\.\s*)?[A-Z0-9][\w'’-]*)*\s+and\s+[A-Z][\w'’-]*"
                             r"(?:\s+(?:No\.\s*)?[A-Z0-9][\w'’-]*)*"),
    PHONE: re.compile(r"(?<![\w-])(?:\+\d{1,3}[\s-]?)?(?:\(\d{2,5}\)\s?|\d{2,5}-)\d{3,4}-?\d{4}(?![\w-])"),
    FILE: re.compile(r"[^\s/\\\[\](){}<>\"]+\.(?:png|jpe?g|gif|bmp|webp|svg|pdf|docx?|xlsx?)\b", re.IGNORECASE),
    REASON: re.compile(r"\b(?:not only to|to|so as to|in order to|because|due to|aiming to|aim to|for) "
                       r"(?:[^,;.]|\.(?=\d)|, but also){4,160}"
                       r"|(?:因为|由于|为了|以便|以免|从而|所以|因此|导致|因)[^，。；！？]{2,60}", re.IGNORECASE),
}


# Any other name: a run of two to four capitalised words (a particle or an initial may sit inside), not
# opened by a function word, none of whose words is one that names a body, a place, a work or a time.
# Words that open a sentence or clause, capitalised only for that: never the first word of a name.
_OPENERS = ("The", "A", "An", "It", "Its", "This", "That", "These", "Those", "There", "They", "Their", "He", "She",
            "His", "Her", "We", "Our", "In", "On", "At", "As", "By", "For", "From", "With", "After", "Before",
            "During", "Since", "According", "If", "When", "While", "Although", "But", "And", "Or", "Of", "To")
_NAME_RUN = re.compile(
    rf"\b(?!(?:{'|'.join(_OPENERS)})\b)"
    r"[A-Z][a-zà-ÿ]+(?:-[A-Z][a-zà-ÿ]+)?(?: (?:de|van|von|da|di|del|der|la|le|bin|ibn) | [A-Z]\. | )"
    r"(?:[A-Z][a-zà-ÿ]+(?:-[A-Z][a-zà-ÿ]+)? ){0,2}[A-Z][a-zà-ÿ]+(?:-[A-Z][a-zà-ÿ]+)?\b")
_NOT_NAME_TEXT = """
    About Academy Act Administration Advanced Affairs Agency Airport Alliance American Army Assembly
    Association Authority Avenue Award Bank Battle Bay Bowl Bridge Bulletin Bureau Cathedral Center Centre
    Championship Chinese Church City Cities Club College Commission Committee Company Conference Congress
    Consulting Copyright Corporation Council County Court Cup Daily Delta Department Development District
    Dynasty Economic Electronic Empire English Enterprise Enterprises Factory Factories Federal Festival Force
    Forum Foundation Free General Government Group Hall Highway Home House Index Industrial Industries
    Industry Information Innovation Innovative Institute Intelligent International Island Japanese Kingdom
    Korean Lab Laboratory Lake Latest Laws League Library List Mailbox Manufacturing Ministry Mountain
    Mountains Municipal Museum National Navy News Ocean Office Olympic Olympics Park Parliament Party People
    Peoples Plan Port Powered Prize Program Programme Project Province Provincial Railway Regulations Report
    Republic Research Reserved Rights River Road Royal School Science Sciences Sea Senate Simplified Smart
    Society Square Stadium State States Station Street Support System Technical Technology Top Traditional
    Treaty Union United University Valley War Week Zone January February March April May June July August
    September October November December Monday Tuesday Wednesday Thursday Friday Saturday Sunday North South
    East West Northern Southern Eastern Western Central Northeast Northwest Southeast Southwest China Europe
    Asia Africa America
"""
_NOT_NAME_WORDS = frozenset(_NOT_NAME_TEXT.split())


def _names(text: str) -> Iterator[tuple[int, int]]:
    for match in _NAME_RUN.finditer(text):
        if not any(word in _NOT_NAME_WORDS for word in re.split(r"[ -]", match.group())):
            yield match.start(), match.end()


_PHONE_QUESTION = Cue(("phone", "电话"), r"\b(?:tele)?phone\b|电话", re.IGNORECASE)
_FILE_QUESTION = Cue(("file", "文件"), r"\bfile ?names?\b|\b(?:image|picture|photo) files?\b|文件名", re.IGNORECASE)
# What a count of things is not: a span of time, a share, a sum of money, a measure, a year, a rank.
_NOT_A_COUNT = re.compile(
    r"(?:\b(?:years?|months?|days?|weeks?|hours?|minutes?|decades?|centuries|percent|per cent|yuan|dollars|km|"
    r"kilometres|kilometers|metres|meters|miles|feet|yards|acres|hectares|tons|tonnes|pounds|first|second|third|"
    r"fourth|fifth|tenth|times)|%)$|^(?:in |by |since )?(?:1[0-9]|20)\d{2}$|^\d+\.\d+$|^[$£€¥]",
    re.IGNORECASE)


# "Sany Group No. 18 Factory", "Route No.5": the number names one thing, it counts nothing.
_NUMBERED = re.compile(r"\b(?:No|Nos|Number)\.?\s?$")
_SHARE_TEXT = re.compile(r"%|％|percent|per cent|/|百分之")
_SHARE_WORDS = re.compile(r"\bhalf\b|\b(?:one|two|three|four|a)[ -](?:thirds?|fourths?|quarters?|fifths?)\b"
                          r"|[一二三四五六七八九十\d]+成|[一二三四五六七八九十]+分之[一二三四五六七八九十]+|一半", re.IGNORECASE)
# A day of a month ("May 30", "30 May 2023", "5月30日"): the number in it counts nothing.
_MONTH_DAY = re.compile(r"[A-Z][a-z]+\.? \d{1,2}\b|\b\d{1,2} [A-Z][a-z]+|\d{1,2}日")


# A currency, written right after a number ("6 million Lira", "19 trillion yuan", "4亿5000万加元") or inside it
# ("$5 million", "¥300", "50万元").
_CURRENCY_AFTER = re.compile(
    r"[\s-]?(?:(?:trillion|billion|million)[\s-])?(?:(?:US|U\.S\.|Hong Kong|HK|Canadian|Australian|Singapore)\s)?(?:yuan|renminbi|RMB|dollars?|euros?|"
    r"pounds? sterling|lira|lire|francs?|marks|pesos?|rupees?|yen|rubles?|roubles?|guilders?|shillings?)\b"
    r"|\s?[亿万千]?(?:元|美元|美金|港元|港币|欧元|英镑|日元|加元|澳元|块钱)", re.IGNORECASE)
_CURRENCY_IN = re.compile(r"[$£€¥]|\b(?:yuan|dollars|US dollars)\b|元", re.IGNORECASE)


# A year that opens a quoted title ("2023 Top 100 Cities in Advanced Manufacturing", 《2023年政府工作报告》)
# names the work: it is not when anything happened ("When was the research center founded?").
_OPENING_QUOTES = frozenset('"“‘《「')
_TITLE_YEAR = re.compile(r"(?:1[0-9]|20)\d{2}(?= ?[A-Z0-9]|年)")


# A day: a month with its day ("May 30", "30 May", "Feb. 7"), a weekday, a written-out date, a feast day,
# 5月30日 / 五月三十日 / 30号; or at least the month of a year ("November 2006", 2023年5月), as a date is
# often known (never a bare year).
_MONTHS = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
           r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?")
_DAY = re.compile(
    rf"\b{_MONTHS},? (?:\d{{1,2}}(?:st|nd|rd|th)?|\d{{4}})\b|\b\d{{1,2}}(?:st|nd|rd|th)? (?:of )?{_MONTHS}(?![a-z])"
    r"|\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)s?\b|\b\d{4}-\d{2}-\d{2}\b"
    r"|\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b(?:Christmas(?: Eve| Day)?|New Year's (?:Eve|Day)|Easter(?: Sunday| Monday)?|"
    r"Thanksgiving(?: Day)?|Independence Day|Boxing Day|(?:yester|to)day|tomorrow)\b"
    r"|(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:\d{1,2}|[一二三四五六七八九十]{1,3})[日号]|\d{4}年\d{1,2}月(?:\d{1,2}[日号])?"
    r"|(?<![\d一二三四五六七八九十])(?:\d{1,2}|[一二三四五六七八九十]{1,3})[日号](?![\w])"
    r"|元旦|除夕|春节|国庆节|中秋节|端午节|今天|昨天|明天|当天|当日")


def _iter_spans(text: str, kind: str) -> Iterator[tuple[int, int]]:
    if kind == DAY:  # "On what day was the plan released?" is not answered by "By 2025"
        yield from (m.span() for m in _DAY.finditer(text))
        return
    if kind == DATE:
        for start, end in _iter_pattern_spans(text, DATE):
            if not (start and text[start - 1] in _OPENING_QUOTES and _TITLE_YEAR.match(text, start)):
                yield start, end
        return
    if kind == MONEY:  # "How much money ...?" is not answered by "within three to five years"
        for start, end in _iter_pattern_spans(text, NUMBER):
            if _CURRENCY_IN.search(text, start, end) or _CURRENCY_AFTER.match(text, end):
                yield start, end
        return
    if kind == SHARE:  # "What percentage of ...?" is not answered by "the one-trillion-yuan GDP target"
        shares = [sp for sp in _iter_pattern_spans(text, NUMBER) if _SHARE_TEXT.search(text, sp[0], sp[1])]
        yield from sorted(shares + [m.span() for m in _SHARE_WORDS.finditer(text)])
        return
    if kind == COUNT:  # "How many counties ...?" is not answered by "within three to five years"
        dated: list[tuple[int, int]] | None = None
        for sp in _iter_pattern_spans(text, NUMBER):
            if _NOT_A_COUNT.search(text[sp[0]:sp[1]]) or _NUMBERED.search(text, max(0, sp[0] - 8), sp[0]):
                continue
            if dated is None:  # (the long date pattern only where a month and day may be)
                dated = ([d for d in _iter_pattern_spans(text, DATE) if _MONTH_DAY.search(text, d[0], d[1])]
                         if _MONTH_DAY.search(text) else [])
            if not any(d[0] < sp[1] and sp[0] < d[1] for d in dated):
                yield sp
        return
    if kind == PERSON:
        found = list(_iter_pattern_spans(text, kind))
        found += [(s, e) for s, e in _names(text) if not any(s < fe and fs < e for fs, fe in found)]
        yield from sorted(found)
    else:
        yield from _iter_pattern_spans(text, kind)


def _iter_pattern_spans(text: str, kind: str) -> Iterator[tuple[int, int]]:
    pattern = _SPAN_PATTERNS.get(kind)
    if pattern is None:
        return
    for match in pattern.finditer(text):
        start, end = match.start(), match.end()
        while start < end and text[start] in " ,;:":
            start += 1
        while end > start and text[end - 1] in " ,;:.":
            end -= 1
        if end > start:
            yield start, end


def find_spans(text: str, kind: str) -> list[tuple[int, int]]:
    """Offsets of every span of the given kind in the text (OTHER finds none)."""
    return list(_kept_spans(text, kind))


@lru_cache(maxsize=4096)
def _kept_spans(text: str, kind: str) -> tuple[tuple[int, int], ...]:
    """The spans of a sentence, remembered: a batch's questions pick the same sentences again and again."""
    return tuple(_iter_spans(text, kind))


# A run of capitalised words (names, organisations, places), allowing "of", "and", "the", "No." inside.
_CAPITALISED_RUN = re.compile(
    r"(?:No\.|[A-Z0-9][\w'’-]*[\w’]|[A-Z])(?:\s+(?:(?:of|and|for|on|the|de)\s+)*(?:No\.|[A-Z0-9][\w'’-]*[\w’]|[A-Z]))*")
_SHARE_QUESTION = Cue(("share", "percent", "proportion", "fraction", "ratio", "百分之", "比例", "比重"),
                      r"\b(share|percentage|percent|proportion|fraction|ratio)\b|百分之|比例|比重", re.IGNORECASE)
_COUNT_QUESTION = Cue(("how many", "how much", "多少", "几"), r"\bhow (many|much)\b|多少|(?<!第)几(?!乎)", re.IGNORECASE)
_NUMBER_CORE = re.compile(r"\d+(?:[.,/]\d+)*|[一二三四五六七八九十百千万亿两零]+|\b[a-z]+\b", re.IGNORECASE)
# Untyped to the ranker, but the wanted kind is plain: "What output value ...?", "哪个机构 ...?".
_QUANTITY_QUESTION = Cue(
    ("value", "amount", "number", "total", "rate", "scale", "size", "sum", "figure", "percentage", "share",
     "proportion", "多大", "多高", "多长", "多久"),
    r"\b(?:what|which)\s+(?:[\w-]+\s+)?(?:value|amount|number|total|rate|scale|size|sum|figure|percentage|share|"
    r"proportion)\b|有多大|多高|多长|多久", re.IGNORECASE)
_ORGANISATION_QUESTION = Cue(
    ("机构", "单位", "组织", "部门", "公司", "企业", "协会", "机关", "研究院", "研究所", "大学", "银行", "集团", "司局",
     "enterprise", "firm", "institute", "university", "association", "committee", "commission", "organisation",
     "organization"),
    r"哪(?:个|家|一家|一个)?(?:机构|单位|组织|部门|公司|企业|协会|机关|研究院|研究所|大学|银行|集团|司局)"
    r"|什么(?:机构|单位|组织|部门|公司)|\b(?:which|what) (?:enterprise|firm|institute|university|association|"
    r"committee|commission|organisation|organization)\b", re.IGNORECASE)
_REACH_QUESTION = Cue(("exceed", "reach", "surpass", "top", "hit", "amount to", "total"),
                      r"^\W*what\b[^?]*\b(?:exceed|reach|surpass|top|hit|amount to|total)\s*\?*\s*$", re.IGNORECASE)
_PARTS_QUESTION = Cue(("includ", "consist", "compris", "made up of"),
                      r"\b(?:include|includes|included|consist|consists|comprise|comprises|made up of)\b",
                      re.IGNORECASE)
_HELD_POSITION = Cue(("position", "post"),
                     r"\bwhat (?:position|post)\b[^?]*?\b(?:hold|holds|held|serve|serves|served|occupy|occupies)\b",
                     re.IGNORECASE)
_PLACE_IN_RANKING = Cue(("where",),
                        r"\bwhere (?:did|does|do|will|has|have)\b[^?]{0,80}?\b(?:place|rank|finish|stand)\b",
                        re.IGNORECASE)
_CHANGE_QUESTION = Cue(("year-on-year",), r"\byear-on-year\b", re.IGNORECASE)


def _refined_kind(kind: str, question: str) -> str:
    """The kind of span an untyped question still plainly asks for (the ranker's own type is left alone):
    an amount ("What output value ...?", "What will the market value exceed?"), an organisation (哪个机构),
    the parts of something ("What does the plan include?"). "What year-on-year growth ...?" reads as a
    date question to the ranker ("what year"), but asks for an amount; "What position does X hold?" reads
    as a rank, but asks for a post; "Where did Suzhou place?" reads as a place, but asks for a rank."""
    if kind == DATE and _CHANGE_QUESTION.search(question):
        return NUMBER
    if kind == NUMBER and _HELD_POSITION.search(question):  # a post, not a place in a ranking
        return OTHER
    if kind == PLACE and _PLACE_IN_RANKING.search(question):  # "Where did Suzhou place?": a rank, not a city
        return NUMBER
    if kind != OTHER:
        return kind
    if _QUANTITY_QUESTION.search(question) or _REACH_QUESTION.search(question):
        return NUMBER
    if _ORGANISATION_QUESTION.search(question):
        return ORGANISATION
    if _PARTS_QUESTION.search(question):
        return LIST
    return kind


_PHRASE_WORD = re.compile(r"[\w“”\"'’-]+")
_PHRASE_STOP = frozenset(["the", "a", "an", "of", "in", "on", "at", "to", "and", "or", "but", "with", "by", "for", "from", "as", "is", "are", "was", "were", "be", "will", "has", "have", "its", "their", "his", "her", "this", "that", "these", "those", "which", "who"])
WeightedSpan = tuple[int, int, float]
_CLAUSE_BREAK = re.compile(r"[,;，；]")
MAX_WEIGHED_WORDS = 64  # bounds on the short-answer search, so a megabyte sentence stays linear
MAX_CANDIDATE_SPANS = 400


class _Said:
    """The question's words found in the sentence, in text order, with the clause of each: the sums over a
    stretch of text that every candidate asks for are found by bisection, not by a walk over every word."""

    def __init__(self, spans: list[WeightedSpan], breaks: list[int]) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _, _ in self.spans]
        self.clauses = [bisect.bisect_left(breaks, s) for s in self.starts]

    def weight_within(self, start: int, end: int) -> float:
        """Weight of the words lying wholly inside text[start:end]."""
        first, last = bisect.bisect_left(self.starts, start), bisect.bisect_left(self.starts, end)
        return sum(w for _, e, w in self.spans[first:last] if e <= end)

    def overlapping(self, start: int, end: int) -> list[WeightedSpan]:
        """The words that share at least one character with text[start:end]."""
        first = max(0, bisect.bisect_right(self.starts, start) - 1)
        last = bisect.bisect_left(self.starts, end)
        return [sp for sp in self.spans[first:last] if sp[1] > start]


def _closeness(breaks: list[int], span: tuple[int, int], said: _Said) -> tuple[float, float]:
    """How close a span sits to the question's matched words, each weighted by its rarity (idf).

    First the weight of the words in the same clause (between commas or semicolons; `breaks` are their
    offsets): in "Suzhou securing the second position, ..., and Nantong ranking among the top 20", asked
    which city ranked second, Suzhou shares its clause with the rarer word. Then nearness, decaying with the
    gap; a span after a word is a little closer than one the same distance before it ("accounting for 70%").
    """
    clause = bisect.bisect_left(breaks, span[0])
    same_clause = 0.0
    nearness = 0.0
    for (start, end, weight), word_clause in zip(said.spans, said.clauses):
        if span[0] >= end:
            gap: float = span[0] - end
        elif span[1] <= start:
            gap = 1.5 * (start - span[1])
        else:
            gap = 0
        nearness += weight / (1.0 + gap / 8.0)
        if word_clause == clause:
            same_clause += weight
    return same_clause, nearness


def _question_overlap(text: str, span: tuple[int, int], kind: str, said: _Said) -> float:
    """Share of the span that the question already says; for a number only its digits count."""
    start, end = span
    if kind == NUMBER:
        core = _NUMBER_CORE.search(text, start, end)
        if core:
            start, end = core.span()
    covered = sum(min(end, e) - max(start, s) for s, e, _ in said.overlapping(start, end))
    return covered / max(1, end - start)


_LABEL_START = re.compile(r"[\d.,;|:：()（）]")
_LABELLED_CODE = re.compile(r"[:：][ \t]*([^\s:：]*\d[^\s:：]*)")
MAX_LABEL_CHARS = 40
MAX_LABEL_WORDS = 4


def _label_weight(text: str, span: tuple[int, int], said: _Said) -> float:
    """Weight of the question's words in the label of a "Label: value" field whose value the span is.

    "... 苏ICP备05003616号 Technical Support Phone:0519-85685023": the phone number belongs to "Technical
    Support Phone", though 05003616 stands nearer to "Technical Support". The label runs back from the
    colon to the previous digit, punctuation or colon (at most MAX_LABEL_CHARS); 0 when there is no colon
    or the "label" is longer than a field name (MAX_LABEL_WORDS).
    """
    colon = span[0]
    while colon > 0 and text[colon - 1] in " \t":
        colon -= 1
    if colon == 0 or text[colon - 1] not in ":：":
        return 0.0
    colon -= 1
    start = max(0, colon - MAX_LABEL_CHARS)
    for mark in _LABEL_START.finditer(text, start, colon):
        start = mark.end()
    if len(text[start:colon].split()) > MAX_LABEL_WORDS:  # "distributed as follows: 30 in ...": prose, not a field
        return 0.0
    return said.weight_within(start, colon)


def _labelled_codes(text: str, said: _Said) -> list[tuple[int, int]]:
    """Values holding a digit right after a colon whose label the question names ("网站标识码:3204000002")."""
    spans = []
    for match in _LABELLED_CODE.finditer(text):
        span = match.span(1)
        while span[1] > span[0] and text[span[1] - 1] in ".,;":
            span = (span[0], span[1] - 1)
        if _label_weight(text, span, said) > 0:
            spans.append(span)
        if len(spans) >= MAX_CANDIDATE_SPANS:
            break
    return spans


_NUMBER_IN_COMPOUND = rf"\b(?:{_NUMBER_WORDS}|million|billion|trillion)-|-(?:{_NUMBER_WORDS}|million|billion|trillion)\b"
# A word that names or counts something: "Super Bowl XLIV", "77 passes", "one-trillion-yuan" (a number word
# alone is too often an ordinal the question leaves out: "the second most populous city").
_NAMING = re.compile(rf"[A-Z0-9]|{_NUMBER_IN_COMPOUND}")


def _has_new_word(text: str, span: tuple[int, int], said: _Said, like: re.Pattern[str] | None = None) -> bool:
    """Whether the span holds a word the question does not say (and that `like` finds in, when given)."""
    for word in _PHRASE_WORD.finditer(text, span[0], span[1]):
        if (word.group().lower() not in _PHRASE_STOP and not said.overlapping(word.start(), word.end())
                and (like is None or like.search(word.group()))):
            return True
    return False


_TOTAL_QUESTION = Cue(("total", "in all", "altogether", "总数", "总共", "一共", "共有", "合计", "总计", "总量"),
                      r"\b(?:total|in all|altogether)\b|总数|总共|一共|共有|合计|总计|总量", re.IGNORECASE)
_TOTAL_BEFORE = re.compile(r"\btotal\b", re.IGNORECASE)
_TOTAL_AFTER = re.compile(r"\s*(?:in total|in all|altogether)\b", re.IGNORECASE)


def _called_total(text: str, breaks: list[int], span: tuple[int, int]) -> bool:
    """Whether the sentence calls the number a total: "total" earlier in its clause (at most 60 characters
    before: "bringing the city's total number of such enterprises to 1,462"), or "in total" after it."""
    clause = bisect.bisect_left(breaks, span[0])
    start = max(breaks[clause - 1] if clause > 0 else 0, span[0] - 60)
    return bool(_TOTAL_BEFORE.search(text, start, span[0]) or _TOTAL_AFTER.match(text, span[1]))


_RANK_QUESTION = Cue(("第几", "排名", "名次", "position", "place", "rank", "where"),
                     r"第几|排名|名次|\bwhat (?:position|place|rank)|\bwhich (?:position|place)\b|\branks?\b"
                     r"|\bwhere (?:did|does|do|will|has|have)\b[^?]{0,80}?\b(?:place|finish|stand)\b",
                     re.IGNORECASE)
_ORDINAL_WORDS = r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th)"
_ORDINAL = re.compile(rf"(?:top )?(?:{_ORDINAL_WORDS})\b|第", re.IGNORECASE)
_TOP_N = re.compile(r"(?:top )?(?:\d+|ten|twenty|fifty|hundred)(?=\s*(?:[,.;]|$))", re.IGNORECASE)


def _is_rank(text: str, span: tuple[int, int]) -> bool:
    """An ordinal, or "the top N" ending its phrase: what a rank question asks for ("ranking first
    nationwide", "entering the top ten,"; not "top 50 intelligent manufacturing enterprises", a list)."""
    top = text[max(0, span[0] - 4):span[0]].lower() == "top " or text[span[0]:span[0] + 4].lower() == "top "
    return bool(_ORDINAL.match(text, span[0], span[1]) or (top and _TOP_N.match(text, span[0], len(text))))


# "Where did Suzhou rank on the list?", "What rank did Yangzhou get?", 苏州排名第几: a place in a ranking. Not
# "Where did the game take place?" nor "the resting place of": the verb ends its clause or a preposition follows.
# Narrower than _RANK_QUESTION, which only steers the highlight: "排名前十的城市" and "What position does he
# hold?" ask for no rank, and a decline must not follow from them.
_ASKS_RANK = Cue(("rank", "place", "finish", "stand", "第几", "名次"),
                 r"\bwhere (?:did|does|do|will|has|have|was|is|were|are)\b[^?]{0,80}?"
                 r"(?<!\btake )(?<!\btook )(?<!\btaken )(?<!\btakes )(?<!\bthe )(?<!\ba )"
                 r"\b(?:rank|place|finish|stand)(?:ed|s)?\b(?=\s*(?:[?,]|$|(?:in|among|amongst|on|at|overall|"
                 r"nationally|globally|worldwide|out of|within|by|compared|relative|after|behind)\b))"
                 r"|\bwhat (?:rank|ranking)\b|第几|名次", re.IGNORECASE)
# What says where something stands: an ordinal, "the top ten" ending its phrase, "No. 3", a superlative,
# "topped", "runner-up", "ranked above", 第二, 榜首, 前十. A list of the top 20 in alphabetical order says none of it.
_GIVES_RANK = re.compile(
    rf"\b(?:{_ORDINAL_WORDS})\b"
    r"|\btop (?:\d+|ten|twenty|fifty|hundred)(?=\s*(?:[,.;)]|$|(?:in|on|of|among|nationwide|worldwide)\b))"
    r"|\bNo\. ?\d+|\bnumber (?:one|two|three|\d+)\b|\b(?:most|least|best|worst|largest|biggest|highest|lowest|"
    r"greatest|smallest|led|leads|topped|tops|last|runner-up|above|below|ahead|behind|higher|lower|superior|"
    r"inferior)\b"
    r"|第[一二三四五六七八九十百\d]+|首位|榜首|冠军|亚军|季军|前[一二三四五六七八九十百\d]+", re.IGNORECASE)


def rank_not_given(question: str, text: str) -> bool:
    """Whether the question asks where something ranks and the sentence ranks nothing: "Where did Shenzhen
    rank among the top 20 ...?" against the top 20 listed in alphabetical order."""
    return _ASKS_RANK.search(question) is not None and _GIVES_RANK.search(text) is None


def _names_something(text: str, span: tuple[int, int]) -> bool:
    """A year that leads a name ("the 2023 Zhongguancun Forum", "2023 Top 100 Cities") tells which
    edition, not when something happened."""
    return bool(re.match(r"\s+[A-Z]", text[span[1]:span[1] + 2])) and text[span[0]:span[1]].isdigit()


_COUNTED_END = re.compile(r"\d|,|;|\b(?:and|or)\b (?=\d)")
_COUNTED_BEFORE = re.compile(r"\d|,|;")  # searched in the reversed text before a number
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_YEAR = re.compile(r"(?:in |by |since )?(?:1[0-9]|20)\d{2}")
_YEAR_QUESTION = Cue(("year", "年"), r"\byears?\b|年", re.IGNORECASE)
_SPACED_WORD = re.compile(r"\s*\S+")


def _counted_by(text: str, span: tuple[int, int], said: _Said) -> tuple[float, int, int]:
    """Weight of the question's words in the phrase a number counts: from it up to the next number or comma;
    and where that phrase lies (for _unsaid_words, which breaks ties).

    "9 provincial ... enterprises and 16 ... workshops": asked about enterprises, 9 is the number. A number
    with at most one word of its own before "and"/"or" and the next number shares that number's noun:
    in "7 first-level and 16 second-level quantitative indicators" 7 counts first-level indicators (the
    next number's own modifier, "second-level", is skipped, so 16 still wins for second-level ones).
    "13 in the field of high-end equipment, ..., 5 in the field of biomedicine and high-end medical
    equipment": asked about high-end equipment, both phrases hold the words, 13's holds nothing more.
    A number that ends its clause counts the words before it, back to the previous number or comma.
    """
    stop = min(len(text), span[1] + 80)
    following = _COUNTED_END.search(text, span[1], stop)
    if following:
        stop = following.start()
    ends_clause = following is None or following.group() in ",;"
    if ends_clause and not text[span[1]:stop].strip(" .!?)"):  # "... networked vehicles 3,": the phrase comes first
        before = _COUNTED_BEFORE.search(text[max(0, span[0] - 80):span[0]][::-1])
        start = span[0] - before.start() if before else max(0, span[0] - 80)
        return said.weight_within(start, span[0]), start, span[0]
    weight = said.weight_within(span[0], stop)
    if not following:
        return weight, span[1], stop
    core = _NUMBER_CORE.search(text, span[0], span[1])
    own = text[core.end() if core else span[1]:stop].split()
    other = _DIGITS.match(text, following.end())
    if following.group()[0] in "ao" and len(own) <= 1 and other:
        shared_start = other.end()
        for _ in own:  # the other number's modifier, in the place of this number's own
            word = _SPACED_WORD.match(text, shared_start)
            shared_start = word.end() if word else shared_start
        end = _COUNTED_END.search(text, shared_start, shared_start + 80)
        shared_end = end.start() if end else min(len(text), shared_start + 80)
        weight += said.weight_within(shared_start, shared_end)
    return weight, span[1], stop


def _unsaid_words(text: str, start: int, end: int, said: _Said) -> int:
    """How many content words of text[start:end] the question does not say."""
    return sum(1 for word in _PHRASE_WORD.finditer(text, start, end)
               if word.group().lower() not in _PHRASE_STOP and not said.overlapping(word.start(), word.end()))


_HEAD_WORD = re.compile(r"[A-Za-z][\w'’-]+")
_NOT_HEADS = frozenset(["do", "does", "did", "can", "could", "should", "would", "kind", "type", "happened", "happens",
                        "else"])
_NUMBER_ONLY = re.compile(rf"\d+|{_NUMBER_WORDS}", re.IGNORECASE)
# Head nouns that say what kind of thing is asked for ("Which player ...?": a person), for the ranker and the
# highlight alike.
_HEAD_KINDS = {
    **dict.fromkeys(["city", "cities", "province", "provinces", "county", "counties", "district", "districts",
                     "country", "countries", "town", "towns", "region", "regions", "port", "ports"], PLACE),
    **dict.fromkeys(["official", "officials", "mayor", "mayors", "leader", "leaders", "director", "directors",
                     "secretary", "deputy", "deputies", "person", "people", "speaker", "editor", "author", "president",
                     "king", "queen", "emperor", "pope", "bishop", "priest", "monk", "minister", "governor", "senator",
                     "general", "commander", "officer", "pilot", "astronaut", "chemist", "physicist", "scientist",
                     "mathematician", "economist", "philosopher", "theologian", "reformer", "inventor", "engineer",
                     "architect", "explorer", "founder", "writer", "poet", "composer", "painter", "artist", "musician",
                     "singer", "actor", "actress", "performer", "performers", "player", "players", "coach",
                     "quarterback", "linebacker", "professor", "teacher", "student", "politician", "man", "woman",
                     "son", "daughter", "brother", "sister", "wife", "husband", "father", "mother", "fullback",
                     "receiver", "kicker", "cornerback", "athlete", "candidate"], PERSON),
    **dict.fromkeys(["cost", "costs", "price", "prices", "fee", "fees", "salary", "budget"], NUMBER),
    **dict.fromkeys(["company", "companies", "enterprise", "enterprises", "firm", "firms", "institute", "institutes",
                     "ministry", "ministries", "department", "departments", "bureau", "bureaus", "organisation",
                     "organization", "agency", "agencies", "university", "universities", "group", "groups"],
                    ORGANISATION),
}
# "What is the largest city in Poland?", "What was the average cost of ...?": the noun the question
# asks for stands after "the" and its adjectives, before a preposition or the end.
_COPULAR_HEAD = re.compile(
    r"^\W*what\s+(?:is|was|are|were)\s+(?:the|a|an)\s+(?:[\w-]+\s+){0,3}?([A-Za-z][\w-]+)"
    r"(?=\s+(?:of|in|for|on|at|to|from|by|with|during|between|among|that|which|who|used|called)\b|\s*\?*\s*$)",
    re.IGNORECASE)
_MODIFIER = re.compile(rf"(?:\d+|{_NUMBER_WORDS}|[A-Z][\w'’-]*)\s+(?=[A-Za-z])")


def head_kind(question: str) -> str | None:
    """The kind of thing a "which X" question's noun names ("Which player ...?" asks for a person), if known."""
    heads = head_nouns(question)
    return _HEAD_KINDS.get(heads[0]) if heads else None


def head_noun(question: str) -> str | None:
    """The noun a "which X" / "what kind of X" question asks for (None for what is/was/does ...)."""
    heads = head_nouns(question)
    return heads[0] if heads else None


def head_nouns(question: str) -> list[str]:
    """The noun a "which X" / "what kind of X" question asks for, then the names and numbers before it.

    "Which three Jiangsu cities ...?" asks for cities; "Which of Sany's plants ...?" for plants, but a
    sentence that never says plants may still hold a name with Sany in it, so "sany's" comes next."""
    match = re.search(r"\b(?:which|what)\s+(?:kind|type|sort)?\s*(?:of\s+)?", question, re.IGNORECASE)
    if not match:
        return []
    modifiers = []
    position = match.end()
    for _ in range(3):
        modifier = _MODIFIER.match(question, position)
        if not modifier or modifier.group().strip().lower() in _PHRASE_STOP:
            break
        modifiers.append(modifier.group().strip().lower())
        position = modifier.end()
    noun = _HEAD_WORD.match(question, position)
    words = ([noun.group().lower()] if noun else []) + modifiers
    return [w for w in words if w not in _PHRASE_STOP and w not in _NOT_HEADS and not _NUMBER_ONLY.fullmatch(w)]


_WORD_START = r"(?<![\w-])"  # a word may open with a quote: 'Innovative Zhangjiagang'


@lru_cache(maxsize=4096)
def _word_opening(prefix: str) -> re.Pattern[str]:
    """A word that opens with `prefix`, any case (cached: questions repeat their heads)."""
    return re.compile(_WORD_START + re.escape(prefix), re.IGNORECASE)


def _head_starts(text: str, head: str) -> tuple[list[int], list[int]]:
    """Where the words holding the head noun begin: those starting with it (less a plural s), then those
    that only share its stem ("Factory" for "factories", or for the translated stem "factori").

    Found by a regular-expression scan, so a sentence without the head costs one pass in C."""
    stem = head[:-1] if head.endswith("s") and len(head) > 4 else head
    by_prefix = [m.start() for m in _word_opening(stem).finditer(text)]
    head_stem = stem_word(head)
    probe = head_stem.removesuffix("i")  # y -> i: "factori" of "factory"
    prefixed = set(by_prefix)
    by_stem = []
    for match in _word_opening(probe).finditer(text):
        word = _PHRASE_WORD.match(text, match.start())
        if match.start() not in prefixed and word and stem_word(word.group().lower()) == head_stem:
            by_stem.append(match.start())
    return by_prefix, by_stem


def _head_phrases(text: str, head: str, starts: tuple[list[int], list[int]]) -> list[tuple[int, int]]:
    """Phrases of the sentence built around the question's head noun: the capitalised names holding it,
    else the noun phrase ending in it ("the “532” development blueprint", "a national-level cluster").

    A word holds the head when it starts with it, or failing that has its stem: asked which factories,
    "Bosch Changsha Factory and Sany Group No. 18 Factory" answers rather than "the many manufacturing
    factories".
    """
    stem = head[:-1] if head.endswith("s") and len(head) > 4 else head
    in_names = stem in text.lower()
    by_prefix, by_stem = starts  # _head_starts(text, head)
    if not in_names and not by_stem:  # the common case, and the cheap way out of it
        return []
    holds_stem = re.compile(rf"\b{re.escape(stem)}", re.IGNORECASE)  # also after a hyphen: "China-Israel"
    names = [run for run in _CAPITALISED_RUN.finditer(text) if len(run.group().split()) > 1]
    spans = [run.span() for run in names if in_names and holds_stem.search(run.group())]
    if not spans and by_stem:
        spans = [run.span() for run in names
                 if bisect.bisect_left(by_stem, run.start()) < bisect.bisect_left(by_stem, run.end())]
    if spans:  # a name holds the head: no noun phrase is looked for
        return spans
    if not by_prefix and not by_stem:
        return []
    words = list(_PHRASE_WORD.finditer(text))
    index = {word.start(): i for i, word in enumerate(words)}
    spans = _noun_phrase(text, words, [index[p] for p in by_prefix if p in index])
    if not spans:
        spans = _noun_phrase(text, words, [index[p] for p in by_stem if p in index])
    return spans


MAX_COORDINATED = 4


def _coordinated_modifiers(text: str, words: list[re.Match[str]], first: int) -> int:
    """Where a noun phrase starts once a list of modifiers before it is taken in: "high-end, intelligent,
    and green development" rather than "green development". Only a list of three or more with commas
    counts: "industrial clusters and chains" and "..., and Wuxi" (two clauses) are left alone."""
    if first < 2 or words[first - 1].group().lower() not in ("and", "or"):
        return first

    def separator(left: int) -> str:
        return text[words[left].end():words[left + 1].start()].strip()

    item = first - 2
    if words[item].group().lower() in _PHRASE_STOP:
        return first
    while (item > 0 and first - item < MAX_COORDINATED and separator(item - 1) == ","
           and words[item - 1].group().lower() not in _PHRASE_STOP):
        item -= 1
    return item if item < first - 2 else first


def _noun_phrase(text: str, words: list[re.Match[str]], heads: list[int]) -> list[tuple[int, int]]:
    """The first noun phrase ending in a head word (`heads`: their indices in `words`, in order): up to
    four words before it and an "of ..." after it."""
    for i in heads:
        word = words[i]
        first = i
        while first > 0 and i - first < 4 and words[first - 1].group().lower() not in _PHRASE_STOP:
            first -= 1
        first = _coordinated_modifiers(text, words, first)
        if first > 0 and words[first - 1].group().lower() in ("the", "a", "an"):
            first -= 1
        last = i
        if i + 1 < len(words) and words[i + 1].group() == "of" and "," not in text[word.end():words[i + 1].start()]:
            last = i + 1
            while last + 1 < len(words) and last - i < 8 and "," not in text[words[last].end():words[last + 1].start()]:
                last += 1
                if words[last].group()[:1].isupper() and (last + 1 >= len(words) or not words[last + 1].group()[:1].isupper()):
                    break
        if last > first:
            return [(words[first].start(), words[last].end())]
    return []


_LIST_INTRO = re.compile(r"\s*,?\s*(?:such as|including|includes|include|namely|:)\s*", re.IGNORECASE)


def _listed_after(text: str, heads: list[int]) -> list[tuple[int, int]]:
    """The lists the sentence introduces with the question's head noun (`heads`: where its words start):
    "five dimensions: innovation capacity, ...", "platforms such as Longcheng Laboratory, IOPLY, and ...":
    asked which dimensions or platforms, the list answers, not the phrase "five dimensions"."""
    spans = []
    for start in heads:
        word = _PHRASE_WORD.match(text, start)
        intro = _LIST_INTRO.match(text, word.end()) if word else None
        listed = _SPAN_PATTERNS[LIST].match(text, intro.end()) if intro else None
        if listed:
            first, last = listed.span()
            while last > first and text[last - 1] in " ,;:.":  # trimmed as find_spans trims
                last -= 1
            if last > first:
                spans.append((first, last))
    return sorted(spans)


_PLURAL_QUESTION = Cue(("哪", "who are", "who were"), r"哪些|哪几|哪[两二三四五六七八九十]|\bwho (?:are|were)\b",
                       re.IGNORECASE)
_COORDINATOR = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s(?:and|or)\s+|、|和|及|与)\s*")


def _asks_for_several(question: str, head: str | None) -> bool:
    """"Which cities ...?", "哪些城市 ...?", "Who were ...?": the answer may be several names."""
    plural_head = head is not None and head.endswith("s") and not head.endswith("ss") and len(head) > 3
    return plural_head or bool(_PLURAL_QUESTION.search(question))


def _coordinated(text: str, span: tuple[int, int], spans: list[tuple[int, int]]) -> tuple[int, int]:
    """The span with the spans of its kind coordinated with it: "Wuxi, Changzhou, and Nantong"."""
    ordered = sorted(spans)
    i = j = ordered.index(span)
    while i > 0 and _COORDINATOR.fullmatch(text, ordered[i - 1][1], ordered[i][0]):
        i -= 1
    while j + 1 < len(ordered) and _COORDINATOR.fullmatch(text, ordered[j][1], ordered[j + 1][0]):
        j += 1
    return ordered[i][0], ordered[j][1]


_ROLE_QUESTION = Cue(("who", "position", "post", "title", "role", "job", "是谁", "是誰", "职务", "职位", "身份", "担任",
                      "什么人"),
                     r"\bwho (?:is|was)\b|\bwhat (?:position|post|title|role|job)\b|是谁|是誰|什么职务|什么职位|"
                     r"什么身份|担任什么|什么人", re.IGNORECASE)
_REST_OF_NAME = re.compile(r"[\w'’-]*(?: [A-Z][\w'’-]*)*, (?=[a-z])")  # from a word of the name to its comma
_APPOSITIVE_END = re.compile(r"[,;.!?]|\s(?:said|says|also|while)\b")
MAX_APPOSITIVE_WORDS = 12
MAX_PHRASE_CHARS = 400  # the furthest a phrase's end is looked for (12 words fit many times over)


def _appositives(text: str, said: _Said) -> list[tuple[int, int]]:
    """What the sentence says a name the question names is: "Li Xiaomin, deputy director of the Standing
    Committee of the provincial people’s congress, ..." (lowercase words after the comma, at most 12).

    Looked for after each capitalised word the question says, so the cost stays linear."""
    spans = []
    for start, end, _ in said.spans:
        if not text[start:start + 1].isupper():
            continue
        name = _REST_OF_NAME.match(text, end)
        if not name:
            continue
        stop = _APPOSITIVE_END.search(text, name.end(), name.end() + MAX_PHRASE_CHARS)
        span = _trim(text, (name.end(), stop.start() if stop else min(len(text), name.end() + MAX_PHRASE_CHARS)))
        if span[1] > span[0] and len(text[span[0]:span[1]].split()) <= MAX_APPOSITIVE_WORDS and span not in spans:
            spans.append(span)
    return spans


_DANGLING = re.compile(r"\b([A-Za-z][\w-]+)\s+(of|for|to|with|on|in|at|from|about|between|into|as|by|toward|towards)"
                       r"\s*\?*\s*$", re.IGNORECASE)
MAX_CONTINUED_WORDS = 10
_PREPOSITIONS = frozenset(["of", "for", "to", "with", "on", "in", "at", "from", "about", "between", "into", "as", "by",
                           "toward", "towards"])
MAX_DANGLING_CHARS = 80


def _continuations(text: str, question: str) -> list[tuple[int, int]]:
    """What follows, in the sentence, the words a question leaves hanging: asked "What will the ministry
    accelerate the construction of?", the words after "construction of" (to the clause end, at most 10)."""
    last_words = question.rstrip(" ?？!.").rsplit(None, 2)[-2:]
    if len(last_words) < 2 or last_words[-1].lower() not in _PREPOSITIONS:
        return []
    dangling = _DANGLING.search(question[-MAX_DANGLING_CHARS:])
    if not dangling:
        return []
    stem, preposition = stem_word(dangling.group(1).lower()), dangling.group(2).lower()
    spans = []
    for opening in _word_opening(stem.removesuffix("i")).finditer(text):
        word = _PHRASE_WORD.match(text, opening.start())
        if not word or stem_word(word.group().lower()) != stem:
            continue
        follows = re.match(rf"\s+{preposition}\s+", text[word.end():word.end() + 20], re.IGNORECASE)
        if not follows:
            continue
        start = word.end() + follows.end()
        end = _MEANS_END.search(text, start, start + MAX_PHRASE_CHARS)
        stop = end.start() if end else min(len(text), start + MAX_PHRASE_CHARS)
        words = list(_SPACED_WORD.finditer(text, start, stop))[:MAX_CONTINUED_WORDS]
        if words:
            spans.append(_trim(text, (start, words[-1].end())))
        if len(spans) >= MAX_CANDIDATE_SPANS:
            break
    return spans


_AUXILIARY = r"(?:will be|is|are|was|were|has been|have been|had been|would be|can be|could be|must be|should be)"
_PASSIVE_QUESTION = re.compile(rf"^\W*(?:what|which\s+[\w-]+)\s+{_AUXILIARY}\s+(?:\w+ly\s+)?([a-z]+)\b",
                               re.IGNORECASE)


_AUXILIARY_BEFORE = re.compile(rf"\b{_AUXILIARY}\s+(?:\w+ly\s+)?$", re.IGNORECASE)


def _passive_subjects(text: str, breaks: list[int], question: str) -> list[tuple[int, int]]:
    """Asked "What will be customized ...?", the subject of "... will be customized" in the sentence:
    "Financing schemes will be customized based on the size and needs of enterprises" (at most 10 words)."""
    asked = _PASSIVE_QUESTION.match(question)
    if not asked:
        return []
    stem = stem_word(asked.group(1).lower())
    spans = []
    for verb in _word_opening(stem.removesuffix("i")).finditer(text):
        word = _PHRASE_WORD.match(text, verb.start())
        window = max(0, verb.start() - 30)
        auxiliary = _AUXILIARY_BEFORE.search(text[window:verb.start()])
        if not word or not auxiliary or stem_word(word.group().lower()) != stem:
            continue
        end = window + auxiliary.start()  # the subject ends where "will be" begins
        clause = bisect.bisect_left(breaks, end)
        start = breaks[clause - 1] + 1 if clause > 0 else 0
        if end - start > MAX_PHRASE_CHARS:
            continue
        subject = _trim(text, (start, end))
        opener = _CLAUSE_OPENER.match(text, subject[0], subject[1])
        if opener:
            subject = (opener.end(), subject[1])
        if subject[1] > subject[0] and len(text[subject[0]:subject[1]].split()) <= MAX_SIDE_WORDS:
            spans.append(subject)
        if len(spans) >= MAX_CANDIDATE_SPANS:
            break
    return spans


_NAME_QUESTION = Cue(("name", "title", "called", "叫什么", "名称", "名字", "标题", "题目"),
                     r"\bwhat (?:is|was|are|were) the (?:name|title)s?\b|\b(?:called|named|titled|entitled)\s*\??\s*$"
                     r"|叫什么|名称|名字|标题|题目", re.IGNORECASE)
_QUOTED = re.compile(r"\"([^\"]{2,120})\"|“([^”]{2,120})”|《([^》]{1,60})》"
                     r"|(?:(?<=titled )|(?<=called )|(?<=named ))([A-Z][^,;.]{1,80})")


def _titles(text: str) -> list[tuple[int, int]]:
    """Quoted names and the names after titled / called / named: asked for the name of the report,
    'titled "2023 Top 100 Cities in Advanced Manufacturing,"' gives what is inside the quotes."""
    spans = []
    for match in _QUOTED.finditer(text):
        group = next(i for i in range(1, 5) if match.group(i) is not None)
        span = _trim(text, match.span(group))
        if span[1] > span[0]:
            spans.append(span)
        if len(spans) >= MAX_CANDIDATE_SPANS:
            break
    return spans


_OPENING_WORDS = frozenset(_OPENERS)
_SECOND_WORD = re.compile(r"(?<=\s)\S")


def _capitalised_names(text: str) -> list[tuple[int, int]]:
    """Runs of capitalised words that are not just a sentence's opening word: asked for the name of
    something, "the Colorado Desert" or "Van Nuys Airport" is what the sentence calls it."""
    spans = []
    for run in _CAPITALISED_RUN.finditer(text):
        start = run.start()
        if run.group().split(maxsplit=1)[0] in _OPENING_WORDS:
            rest = _SECOND_WORD.search(run.group())
            if rest is None:
                continue
            start += rest.start()
        spans.append((start, run.end()))
        if len(spans) >= MAX_CANDIDATE_SPANS:
            break
    return spans


_OBJECT_QUESTION = re.compile(r"^\W*what\s+(?:will|would|does|do|did|can|could|should|may|might|has|have|had)\s+(.+)",
                              re.IGNORECASE)
_PARTICLE = re.compile(r"\s+(?:on|forward|up|out|about|into|over|ahead)\b", re.IGNORECASE)
_OBJECT_OPENERS = frozenset(["the", "a", "an", "its", "their", "his", "her", "more"])
_PRO_VERB = re.compile(r"\bdo\b", re.IGNORECASE)  # "What will Changzhou do to ...?" asks for the action itself
MAX_OBJECT_WORDS = 12


def _asked_verbs(question: str) -> list[str]:
    """The stems that may be the verb of "What will/does/did <subject> <verb> ...?", last word first
    (in English the verb follows its subject; what trails it is mostly a noun phrase)."""
    asked = _OBJECT_QUESTION.match(question)
    if not asked or _PRO_VERB.search(asked.group(1)):
        return []
    words = [w.lower() for w in re.findall(r"[A-Za-z][\w-]*", asked.group(1))]
    return [stem_word(w) for w in reversed(words) if w not in _PHRASE_STOP]


def _objects(text: str, verbs: Sequence[str], said: _Said) -> list[tuple[int, int]]:
    """What the question's verb does to, in the sentence: asked "What will the construction of ... enhance?",
    "enhance the city's position as a hub in the Yangtze River Delta" gives its object (after a particle
    such as "forward"; to the clause end, at most 12 words). Only the first verb (in `verbs` order) with
    an object that the question does not already say counts."""
    for stem in verbs:
        spans = []
        for opening in _word_opening(stem.removesuffix("i")).finditer(text):
            word = _PHRASE_WORD.match(text, opening.start())
            if not word or stem_word(word.group().lower()) != stem:
                continue
            start = word.end()
            particle = _PARTICLE.match(text, start)
            start = particle.end() if particle else start
            first = _PHRASE_WORD.search(text, start, start + 40)
            if not first or text[start:first.start()].strip() or (
                    first.group().lower() in _PHRASE_STOP and first.group().lower() not in _OBJECT_OPENERS):
                continue
            if first.group().lower() not in _OBJECT_OPENERS and said.overlapping(first.start(), first.end()):
                continue  # "tackle pollution and ...": the question already says what follows the verb
            end = _MEANS_END.search(text, first.start(), first.start() + MAX_PHRASE_CHARS)
            stop = end.start() if end else min(len(text), first.start() + MAX_PHRASE_CHARS)
            words = list(_SPACED_WORD.finditer(text, first.start(), stop))[:MAX_OBJECT_WORDS]
            span = _trim(text, (first.start(), words[-1].end())) if words else (start, start)
            if span[1] > span[0] and _has_new_word(text, span, said):
                spans.append(span)
        if spans:
            return spans
    return []


MAX_NAME_WORDS = 10


def _whole_name(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """The capitalised name a place span is the tail of (at most MAX_NAME_WORDS words), else the span.

    "held at the Zhongguancun National Independent Innovation Demonstration Zone Exhibition Center in
    Beijing": the place pattern stops at "Exhibition Center", which names nothing on its own.
    """
    for run in _CAPITALISED_RUN.finditer(text, max(0, span[0] - 200), min(len(text), span[1] + 200)):
        if run.start() <= span[0] and span[1] <= run.end():
            return run.span() if len(run.group().split()) <= MAX_NAME_WORDS else span
        if run.start() > span[0]:
            break
    return span


def _translated_head(text: str, head_terms: Sequence[Sequence[str]]) -> str | None:
    """The English stem of a Chinese "什么 X" question's X, from the translations of its words found in text.

    Chinese puts the head noun last, as English does in a compound: of 什么发展蓝图 (development, blueprint)
    the head is blueprint when "development blueprint" stands in the sentence, else the first word found.
    """
    found: list[list[tuple[int, str]]] = []
    for stems in head_terms:
        hits: list[tuple[int, str]] = []
        for stem in stems:
            by_prefix, by_stem = _head_starts(text, stem)
            hits.extend((start, stem) for start in by_prefix + by_stem)
        found.append(hits)
    if len(found) > 1 and found[0] and found[1]:
        ends = set()
        for start, _ in found[0]:
            word = _PHRASE_WORD.match(text, start)
            ends.add(word.end() if word else start)
        after = []
        for start, stem in found[1]:
            gap = start
            while gap > 0 and text[gap - 1].isspace():
                gap -= 1
            if gap < start and gap in ends:  # "development blueprint": the second word right after the first
                after.append(stem)
        if after:
            return after[0]
    for hits in found:
        if hits:
            return hits[0][1]
    return None


_COUNTED_THINGS = Cue(("how many",), r"\bhow many\b(?!(?:\s+[\w-]+){0,2}?\s+(?:years?|months?|days?|weeks?|hours?|minutes?|"
                      r"decades?|centuries|times|percent|yuan|dollars|kilomet\w*|miles|metres|meters|feet|tons|tonnes)\b)",
                      re.IGNORECASE)


def page_kind(question: str) -> str | None:
    """The kind of thing a question about the page asks for, when it is one a pattern can tell: a phone
    number or a file name (None otherwise)."""
    if _PHONE_QUESTION.search(question):
        return PHONE
    if _FILE_QUESTION.search(question):
        return FILE
    return None


def asks_share(question: str) -> bool:
    """"What percentage of ...?", "What share of ...?": a share, not any number, answers it."""
    return bool(_SHARE_QUESTION.search(question))


# "How much money / funding ...?", "How much did it cost?", "投入多少资金？": a sum of money answers it, not any number.
_MONEY_QUESTION = Cue(
    ("money", "fund", "capital", "cash", "invest", "cost", "spen", "paid", "pay", "rais", "earn", "worth", "budget",
     "price", "fee", "salar", "revenue", "profit", "income", "debt", "tax", "donat", "charg", "gross", "资金", "钱",
     "元", "经费", "投资", "投入", "花费", "花了", "耗资", "造价", "价格", "售价", "票价", "成本", "收入"),
    r"\bhow much (?:money|funding|funds|capital|cash|revenue|profit|income|investment|debt|tax|taxes)\b"
    r"|\bhow much (?:did|does|do|will|would|was|is|were|are|had|has|have)\b(?:\s+[\w'’-]+){1,8}?\s+(?:cost|costs|spend|"
    r"spent|pay|paid|invest|invested|raise|raised|earn|earned|charge|charged|sell for|sold for|worth|owe|owed|donate|"
    r"donated|fund|funded|budget|gross|grossed)\b"
    r"|\bwhat (?:is|was|were|are) the (?:[\w-]+ )?(?:cost|price|budget|fee|fees|salary|revenue|profit|funding|investment|"
    r"endowment)\b"
    r"|多少(?:钱|元|资金|经费|投资|美元|亿元|万元|收入)|(?:资金|经费|投资|投入|花费|花了|耗资|造价|售价|价格|票价|成本|收入)"
    r"(?:是|为|达|约|共)?多少",
    re.IGNORECASE)


# "On what day ...?", "What date ...?", "What was the date of ...?", 哪一天 / 几月几日: a day answers it, not a year.
_DAY_QUESTION = Cue(
    ("day", "date"),
    ASKED_DAY_PATTERN + r"|哪一天|哪天|哪一日|几月几[日号]|什么日期|何日",
    re.IGNORECASE, english_hints=True)


def asks_day(question: str) -> bool:
    """"On what day ...?", 哪一天发布的？: a day answers it ("May 30", "Monday"), not a year ("By 2025")."""
    return bool(_DAY_QUESTION.search(question))


def asks_money(question: str) -> bool:
    """"How much money ...?", "How much did the bridge cost?": a sum of money answers it, not any number
    (not "within three to five years")."""
    return bool(_MONEY_QUESTION.search(question))


# "Who is the mayor of ...?", "Who heads ...?", "张家港的市长是谁？": the holder of a post is a person, never the body that names
# them (an owner or a sponsor may be a body, so those are not posts here). The post is group 1 (English) or 2.
_ROLE_HOLDER_QUESTION = Cue(
    ("who", "是谁", "是誰"),
    r"\bwho (?:is|was|are|were|will be|has been)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?(chairman|chairwoman|chairperson|"
    r"chair|president|vice-president|mayor|ceo|chief executive|governor|director|head|leader|secretary|minister|"
    r"premier|chief|boss|manager|founder|coach|captain|commissioner|chancellor|dean|editor|spokes(?:man|woman|person))s?\b"
    r"|\bwho (?:heads|headed|chairs|chaired|presides|presided)\b"
    r"|(市长|书记|董事长|总裁|主席|省长|部长|局长|总经理|负责人|主任|校长|创始人|总理|厂长|首席执行官)(?:是谁|是誰)",
    re.IGNORECASE)


def asks_role_holder(question: str) -> bool:
    """"Who is the chairman of ...?": a person answers it, not an organisation the sentence names."""
    return bool(_ROLE_HOLDER_QUESTION.search(question))


# A Chinese post as English text writes it (书记 "secretary"): the articles may be in either language.
_POST_IN_ENGLISH = {"市长": "mayor", "书记": "secretary", "董事长": "chairman", "总裁": "president", "主席": "chairman",
                    "省长": "governor", "部长": "minister", "局长": "director", "总经理": "manager", "负责人": "head",
                    "主任": "director", "校长": "president", "创始人": "founder", "总理": "premier", "厂长": "director",
                    "首席执行官": "chief executive"}
_DEPUTY = re.compile(r"(?:\b(?:deputy|vice)(?:\s+|-)(?:[\w-]+\s+){0,2}|副)$", re.IGNORECASE)
_NOT_A_DEPUTY = re.compile(r"\b(?:deputy|vice|assistant|associate)\b|副", re.IGNORECASE)


def deputy_only(question: str, text: str) -> str | None:
    """"Who is the Party secretary of ...?" against "Han Wei, deputy Party secretary of ...": the words that
    name only a deputy of the post the question asks about, when every mention of the post in `text` is a
    deputy's (None otherwise, and for a question that itself asks about a deputy)."""
    match = _ROLE_HOLDER_QUESTION.search(question)
    if match is None or not (match.group(1) or match.group(2)) or _NOT_A_DEPUTY.search(question):
        return None  # ("Who heads ...?" names no post to look for)
    posts = [match.group(1).lower()] if match.group(1) else [match.group(2), _POST_IN_ENGLISH[match.group(2)]]
    deputy = None
    for post in posts:
        boundary = "" if post[0] > "~" else r"\b"
        for mention in re.finditer(f"{boundary}{re.escape(post)}", text, re.IGNORECASE):
            before = _DEPUTY.search(text, max(0, mention.start() - 40), mention.start())
            if before is None:
                return None  # someone holds the post itself
            deputy = deputy or " ".join(text[before.start():mention.end()].split())  # (a message: no-break spaces as spaces)
    return deputy


def counts_things(question: str) -> bool:
    """"How many counties ...?" asks for a count of things, "How many years ...?" for a span of time."""
    return bool(_COUNTED_THINGS.search(question))


# A capitalised word or an acronym inside a sentence (not its first word): it may name the body or the place
# asked for, though no pattern tells which (CBS, Coldplay, Sweden).
_PROPER_WORD = re.compile(rf"(?<=[\w,;)] )(?!(?:{'|'.join(_OPENERS)})\b)(?:[A-Z][a-z]+|[A-Z]{{2,}})\b")


# Chinese text has no capitals to tell a name by: jieba's dictionary tags its words (nr, nrt, nrfg: a
# person's name; ns: a place; nt: a body). Tags of one character are too often wrong to count.
_CHINESE_NAME_TAGS = {PERSON: frozenset({"nr", "nrt", "nrfg"}), PLACE: frozenset({"ns"}), ORGANISATION: frozenset({"nt"})}
_CJK_RUN = re.compile(f"[{CJK_CLASS}]+")


def _names_in_chinese(text: str, kind: str) -> bool:
    tags = _CHINESE_NAME_TAGS[kind]
    return any(len(word) > 1 and chinese_word_tag(word) in tags
               for run in _CJK_RUN.findall(text) for word in segment_chinese(run))


def _alike(item: set[str], other: set[str]) -> bool:
    """Whether two list items may name one thing in other words: a word of one inside a longer word of the
    other ("biological medicine" and "biomedicine"; a shared word is not enough: "North" and "South America")."""
    return any(len(a) >= 4 and a != b and (a in b or b in a) for a in item for b in other if len(b) >= 4)


# How a list item stands to what the question sets aside: named by it, named in other words (see _alike),
# not set aside though sharing a word with it, or new.
_NAMED_ASIDE, _ALIKE_ASIDE, _SHARES_A_WORD, _NEW = 3, 2, 1, 0


def _lists_with_set_aside(text: str, set_aside: Sequence[str]) -> Iterator[list[tuple[int, int, int]]]:
    """Each list in the sentence as its items (start, end, how it stands to the set-aside things: _NEW ...),
    lists of two items or more (a list the pattern cut inside a word runs to the word's start or end).

    A list item is set aside when it holds a set-aside item's words ("new energy resources" holds "new
    energy") or no words beyond theirs; else it may be one that the sentence words differently, when it is
    alike (see _alike) to a set-aside item that the sentence never names in the question's words; each such
    set-aside item stands for one list item only.
    """
    aside = [terms for terms in (set(tokenize(item)) for item in set_aside) if terms]
    if not aside:
        return
    aside_terms = set().union(*aside)
    in_sentence = set(tokenize(text))
    unnamed = [terms for terms in aside if not terms <= in_sentence]
    for kind in (LIST, "enumeration", "named pair"):
        for start, end in find_spans(text, kind):
            while 0 < start < end and text[start - 1].isalnum() and text[start].isalnum():
                start -= 1
            while end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
                end += 1
            items = [(start + s, start + e, set(tokenize(text[start + s:start + e])))
                     for s, e in list_item_spans(text[start:end])]
            items = [item for item in items if item[2]]
            if len(items) < 2:
                continue
            free = list(unnamed)
            marked = []
            for item_start, item_end, terms in items:
                how = _NAMED_ASIDE if terms <= aside_terms or any(a <= terms for a in aside) else _NEW
                if how == _NEW and (match := next((i for i, t in enumerate(free) if _alike(terms, t)), None)) is not None:
                    del free[match]
                    how = _ALIKE_ASIDE
                if how == _NEW and terms & aside_terms:
                    how = _SHARES_A_WORD
                marked.append((item_start, item_end, how))
            yield marked


def set_aside_list(text: str, set_aside: Sequence[str]) -> tuple[int, int] | None:
    """A list in the sentence that names only what the question sets aside ("Besides A, B and C, what else
    ...?" against "... including A, B and C"): its span, or None when every list names something more.
    A list longer than what the question sets aside names something more, whatever its words; a list is
    not taken for the set-aside things unless the question names at least one of its items in its words."""
    for items in _lists_with_set_aside(text, set_aside):
        hows = [how for _, _, how in items]
        if len(items) <= len(set_aside) and min(hows) >= _ALIKE_ASIDE and _NAMED_ASIDE in hows:
            return items[0][0], items[-1][1]
    return None


def beyond_set_aside(text: str, set_aside: Sequence[str]) -> tuple[int, int] | None:
    """What a list that names some of the question's set-aside things names besides them: the short answer
    to "Besides A, what other ...?" against "A, B and C" (B and C); items that share no word with them
    first. None when no list names both; the shortest list when several do (lists are found by several
    patterns: "include A, B, C and D" and "C and D")."""
    found = []
    for items in _lists_with_set_aside(text, set_aside):
        if max(how for _, _, how in items) < _ALIKE_ASIDE:
            continue
        rest = ([(start, end) for start, end, how in items if how == _NEW]
                or [(start, end) for start, end, how in items if how == _SHARES_A_WORD])
        if rest:
            found.append((items[-1][1] - items[0][0], rest[0][0], rest[-1][1]))
    return min(found)[1:] if found else None


def lists_choices(text: str, choices: Sequence[str]) -> str | None:
    """The list in `text` that names every one of the choices a question offers ("leaping period, expansion
    period, development period, and initial period"), or None: such a sentence gives the options, it does not
    choose among them."""
    if len(choices) < 2:
        return None
    wanted = [choice.lower().split() for choice in choices]
    for match in _SPAN_PATTERNS["enumeration"].finditer(text):
        # items that are a name or a short phrase: "Suzhou securing the second position" says more than a list
        items = [item.lower().split() for item in _LIST_ITEM_SPLIT.split(match.group().strip(" ,.;")) if item]
        # (the first item may carry the words that lead into the list: "... in 2022 were Changsha")
        bare = [item[-_MAX_CHOICE_ITEM_WORDS:] if number == 0 else item for number, item in enumerate(items)
                if number == 0 or len(item) <= _MAX_CHOICE_ITEM_WORDS]
        if all(any(_contains_words(item, choice) for item in bare) for choice in wanted):
            return match.group().strip(" ,")
    return None


_LIST_ITEM_SPLIT = re.compile(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+|\s*\([^)]*\)")
_MAX_CHOICE_ITEM_WORDS = 3  # "initial period", "Xi'an": an item of a list of things, not a clause


def _contains_words(item: list[str], words: list[str]) -> bool:
    return any(item[i:i + len(words)] == words for i in range(len(item) - len(words) + 1))


def has_span(text: str, kind: str) -> bool:
    """bool(find_spans(text, kind)), stopping at the first span (the reranker asks this of every candidate)."""
    if kind in (COUNT, SHARE, MONEY, DATE, DAY):
        return next(_iter_spans(text, kind), None) is not None
    if next(_iter_pattern_spans(text, kind), None) is not None:
        return True
    if kind == NAMED:
        return _PROPER_WORD.search(text, 1) is not None
    if kind == PERSON and next(_names(text), None) is not None:
        return True
    return kind in _CHINESE_NAME_TAGS and HAS_CJK.search(text) is not None and _names_in_chinese(text, kind)


def pick_short_answer(text: str, kind: str, question_spans: list[WeightedSpan], question: str = "",
                      head_terms: Sequence[Sequence[str]] = (), verb_terms: Sequence[str] = ()) -> tuple[int, int] | None:
    """The span that answers: of the wanted kind, not already said by the question, near what it matched.

    `question_spans` are (start, end, weight) of the question's words found in `text`; `head_terms` the
    English terms of a Chinese question's "哪个 X" words (see _translated_head), `verb_terms` those of the
    verb before its 什么 ("审议了什么" -> deliber). The kind may be refined for the highlight only
    (_refined_kind: "What output value ...?" wants a number). Tried in order, the first group holding a
    span the question does not already say wins (see _candidate_groups): for "which X", the list the
    sentence introduces with X, then a phrase built around X; for an untyped question, a quoted title,
    a "Label: value" code, the words after a dangling preposition, the subject of an asked passive verb,
    the object of the asked verb; spans of the wanted kind (a number first whenever a count is asked)
    and, for "who is X", what the sentence says X is; then the means of a "how" question, the other side
    of "X is the Y", and last the longest stretch of words the question does not already say.
    """
    if len(question_spans) > MAX_WEIGHED_WORDS:  # a pathological sentence: weigh the rarest words only
        question_spans = sorted(sorted(question_spans, key=lambda q: -q[2])[:MAX_WEIGHED_WORDS])
    breaks = [m.start() for m in _CLAUSE_BREAK.finditer(text)]
    said = _Said(question_spans, breaks)
    if question and (chosen := _chosen_option(text, offered_choices(question), said, breaks)) is not None:
        return chosen
    kind = _refined_kind(kind, question)
    counting = bool(_COUNT_QUESTION.search(question))
    totalling = bool(_TOTAL_QUESTION.search(question))
    heads = head_nouns(question) if question else []
    if not heads:
        translated = _translated_head(text, head_terms)
        heads = [translated] if translated else []
    copular_head = False
    if not heads and kind == OTHER and (the_noun := _COPULAR_HEAD.search(question)) \
            and the_noun.group(1).lower() not in _NOT_HEADS:
        heads, copular_head = [the_noun.group(1).lower()], True  # "What is the GDP target of Changzhou?"
    head = heads[0] if heads else None
    if kind in (OTHER, LIST) and head in _HEAD_KINDS:  # "Which three Jiangsu cities ...?": places, not a list
        kind = _HEAD_KINDS[head]
    elif kind == OTHER and not heads and (the_noun := _COPULAR_HEAD.search(question)):
        kind = _HEAD_KINDS.get(the_noun.group(1).lower(), kind)  # "What is the largest city in Poland?"
    for wanted, spans in _candidate_groups(text, kind, question, heads, counting, breaks, said, verb_terms):
        spans = spans[:MAX_CANDIDATE_SPANS]
        if wanted == "head" and copular_head:  # only a phrase naming something new: "the one-trillion-yuan target"
            spans = [sp for sp in spans if _has_new_word(text, sp, said, _NAMING)]
        fresh = [sp for sp in spans if _question_overlap(text, sp, wanted, said) < 0.5
                 or (wanted == "head" and _has_new_word(text, sp, said))]
        if fresh:
            if wanted == NUMBER and not _YEAR_QUESTION.search(question):
                # a bare year ("in 1888") is when, not how many: the last resort of a number question
                fresh = [sp for sp in fresh if not _YEAR.fullmatch(text, *sp)] or fresh
            if wanted == NUMBER and (counting or totalling):
                return _best_count(text, fresh, breaks, said, counting, totalling)
            if wanted == NUMBER and _RANK_QUESTION.search(question):
                return max(fresh, key=lambda sp: (_is_rank(text, sp), _label_weight(text, sp, said),
                                                  *_closeness(breaks, sp, said), -sp[0]))
            if wanted == DATE:
                return max(fresh, key=lambda sp: (not _names_something(text, sp), _label_weight(text, sp, said),
                                                  *_closeness(breaks, sp, said), -sp[0]))
            best = max(fresh, key=lambda sp: (_label_weight(text, sp, said), *_closeness(breaks, sp, said), -sp[0]))
            if wanted in (PLACE, PERSON, ORGANISATION) and _asks_for_several(question, head):
                several = _coordinated(text, best, fresh)
                if several != best:
                    return several
            return _whole_name(text, best) if wanted == PLACE else best
    if kind == OTHER and _MANNER_QUESTION.search(question):
        means = [sp for sp in _means_phrases(text) if _has_new_word(text, sp, said)]
        if means:
            return max(means, key=lambda sp: (*_closeness(breaks, sp, said), -sp[0]))
    if kind not in (NUMBER, DATE):
        copular = _copular_answers(text, breaks, said)
        if copular:
            side = max(copular, key=lambda sp: (sp[2], -sp[0]))
            return side[0], side[1]
    return _longest_unmatched_stretch(text, [(s, e) for s, e, _ in question_spans])


def _chosen_option(text: str, choices: Sequence[str], said: _Said, breaks: list[int]) -> tuple[int, int] | None:
    """Of the options a "Which ..., A or B?" question offers, the one the sentence names nearest the
    question's other words ("Suzhou securing the second position, Nanjing entering the top ten": asked which
    was second, Suzhou); None when it names none. The answer is one of the options, though the question says
    them all."""
    found = [match.span() for choice in choices
             for match in re.finditer(rf"\b{re.escape(choice)}\b", text, re.IGNORECASE)]
    if not found:
        return None
    others = _Said([sp for sp in said.spans if not any(sp[0] < end and start < sp[1] for start, end in found)], breaks)
    return max(found, key=lambda sp: (*_closeness(breaks, sp, others), -sp[0]))


def _candidate_groups(text: str, kind: str, question: str, heads: list[str], counting: bool, breaks: list[int],
                      said: _Said, verb_terms: Sequence[str]) -> Iterator[tuple[str, list[tuple[int, int]]]]:
    """(kind of span, spans) groups, best first; a generator, so the groups after the one that answers
    are never worked out."""
    if heads and kind not in (NUMBER, DATE, PERSON) and not counting:  # a person is named, not a phrase
        listed: list[tuple[int, int]] = []
        phrases: list[tuple[int, int]] = []
        for candidate in heads:  # the noun, else a name before it that the sentence builds a phrase on
            starts = _head_starts(text, candidate)
            listed = _listed_after(text, starts[0] + starts[1])
            # "X will become a landmark project": asked which project, the predicate describes, X answers.
            phrases = _head_phrases(text, candidate, starts)
            if phrases:
                predicates = {m.end() for m in _COPULA.finditer(text)}
                phrases = [sp for sp in phrases if sp[0] not in predicates]
            if listed or phrases:
                break
        yield LIST, listed
        yield "head", phrases
    if kind == OTHER:
        if _NAME_QUESTION.search(question):
            yield "title", _titles(text)
            yield "name", _capitalised_names(text)
        yield "labelled", _labelled_codes(text, said)
        yield "continued", _continuations(text, question)
        yield "passive", _passive_subjects(text, breaks, question)
        in_sentence = {stem_word(text[start:end].lower()) for start, end, _ in said.spans}
        verbs = [verb for verb in _asked_verbs(question) if verb in in_sentence] + list(verb_terms)
        yield "object", _objects(text, verbs, said)
    kinds = [kind] if kind != OTHER else []
    if counting and kind != NUMBER:
        # "江苏制造强省行动方案包括几大行动？" reads as a list question ("包括"), but a count asks for a number.
        kinds.insert(0, NUMBER)
    if kind == PLACE or (kind == PERSON and not asks_role_holder(question)):
        kinds.append(ORGANISATION)
    if kind == LIST:
        kinds.append("enumeration")
    role = kind in (PERSON, OTHER) and bool(_ROLE_QUESTION.search(question))
    for wanted in kinds:
        spans = find_spans(text, wanted)
        if wanted == NUMBER and asks_share(question):
            yield wanted, [sp for sp in spans if _SHARE_TEXT.search(text, sp[0], sp[1])]
        yield wanted, spans
        if wanted == PERSON and role:  # "Who is Li Xiaomin?": no other person to name, so what he is
            yield "appositive", _appositives(text, said)
    if kind == OTHER and role:
        yield "appositive", _appositives(text, said)


def _best_count(text: str, spans: list[tuple[int, int]], breaks: list[int], said: _Said, counting: bool,
                totalling: bool) -> tuple[int, int]:
    """The number a count (or total) question asks for: by label, by being called total, by the weight of
    the question's words in its counted phrase; ties by fewer unsaid words in that phrase, then nearness.
    The tie-breaks are worked out only for the numbers still tied."""
    keyed = []
    for span in spans:
        counted = _counted_by(text, span, said) if counting else (0.0, span[1], span[1])
        keyed.append(((_label_weight(text, span, said), totalling and _called_total(text, breaks, span), counted[0]),
                      counted, span))
    top = max(key for key, _, _ in keyed)
    tied = [(counted, span) for key, counted, span in keyed if key == top]
    if len(tied) == 1:
        return tied[0][1]
    return max(tied, key=lambda cs: (-_unsaid_words(text, cs[0][1], cs[0][2], said),
                                     *_closeness(breaks, cs[1], said), -cs[1][0]))[1]


# "X is the Y", "X will become a Y", "X was selected as a Y": one side names what the other describes.
_COPULA = re.compile(
    r"\b(?:(?:is|are|was|were|has been|have been) (?:selected|named|chosen|listed|designated|recognized|rated) as"
    r"|is|are|was|were|will be|will become|has become|have become|became|becomes|remains?)"
    r" (?=(?:the|a|an|one of the|its|their)\b)")
_CLAUSE_OPENER = re.compile(r"(?:and|but|while|which|that|where)\s+", re.IGNORECASE)
MAX_SIDE_WORDS = 10


def _copular_answers(text: str, breaks: list[int], said: _Said) -> list[WeightedSpan]:
    """In a clause "X is the Y" where the question says one side, the other side (at most MAX_SIDE_WORDS).

    "Innovation is the primary driving force behind development", asked for the main force: "Innovation";
    "The China-Israel Changzhou Innovation Park will become a landmark project", asked which project will
    become a landmark: the park. Each answer carries the weight of the question's words on the said side.
    """
    answers: list[WeightedSpan] = []
    for match in _COPULA.finditer(text):
        clause = bisect.bisect_left(breaks, match.start())
        start = breaks[clause - 1] + 1 if clause > 0 else 0
        end = breaks[clause] if clause < len(breaks) else len(text)
        subject_whole = start >= match.start() - MAX_PHRASE_CHARS  # else far too long to answer with
        predicate_whole = end <= match.end() + MAX_PHRASE_CHARS
        subject = _trim(text, (max(start, match.start() - MAX_PHRASE_CHARS), match.start()))
        opener = _CLAUSE_OPENER.match(text, subject[0], subject[1])
        if opener:
            subject = (opener.end(), subject[1])
        predicate = _trim(text, (match.end(), min(end, match.end() + MAX_PHRASE_CHARS)))
        said_subject = said.weight_within(*subject)
        said_predicate = said.weight_within(*predicate)
        for answer, said_other, whole in ((subject, said_predicate, subject_whole),
                                          (predicate, said_subject, predicate_whole)):
            if (whole and said_other > 0 and answer[1] > answer[0]
                    and len(text[answer[0]:answer[1]].split()) <= MAX_SIDE_WORDS
                    and _has_new_word(text, answer, said)):
                answers.append((answer[0], answer[1], said_other))
        if len(answers) >= MAX_CANDIDATE_SPANS:
            break
    return answers


def _trim(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """The span without the spaces, quotes and end punctuation at its edges."""
    start, end = span
    while start < end and text[start] in " \t\"'“”‘’":
        start += 1
    while end > start and text[end - 1] in " \t.,;:!?\"'“”‘’":
        end -= 1
    return start, end


# "How has X been trying to ...?" is answered by the means: "by / through / on <doing something>".
_MANNER_QUESTION = Cue(
    ("how", "in what way", "如何", "怎样", "怎么"),
    r"^\W*how\b(?!\s+(?:many|much|long|large|big|fast|high|far|old|often|soon)\b)|\bin what ways?\b|如何|怎样|怎么(?!样)",
    re.IGNORECASE)
_MEANS = re.compile(r"\b(?:by|through|via|on|by means of)\s+(?=[a-z]+ing\b)")
# A second verb coordinated with the first ends the means: "... with intellectualization and made continued efforts".
_MEANS_END = re.compile(r"[,;:.!?]|\s(?:and|but)\s+(?:has\s+|have\s+|also\s+)?(?:[a-z]+ed|made|took|set|built|won|gave|"
                        r"became|kept|led|held|brought|began|put|saw)\b")
MAX_MEANS_WORDS = 12


def _means_phrases(text: str) -> list[tuple[int, int]]:
    """The gerund phrases that say how: "has insisted on reshaping industrial modes ... with intellectualization"."""
    spans = []
    for match in _MEANS.finditer(text):
        end = _MEANS_END.search(text, match.end(), match.end() + MAX_PHRASE_CHARS)
        stop = end.start() if end else min(len(text), match.end() + MAX_PHRASE_CHARS)
        words = list(_SPACED_WORD.finditer(text, match.end(), stop))[:MAX_MEANS_WORDS]
        if words:
            spans.append(_trim(text, (match.end(), words[-1].end())))
        if len(spans) >= MAX_CANDIDATE_SPANS:
            break
    return spans


_WORD = re.compile(r"[\w'’%.,-]+|[\u4e00-\u9fff]+")
_EDGE_STOP = frozenset(["a", "an", "the", "of", "in", "on", "at", "to", "and", "or", "but", "with", "by", "for", "from", "as", "is", "are", "was", "were", "be", "its", "their", "his", "her"])


def _longest_unmatched_stretch(text: str, question_spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The longest run of words (at most 12) that the question does not say, edges trimmed of function words.

    Linear: words and question spans are both in text order, so one sweep marks the matched words.
    """
    words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    if not words:
        return None
    spans = sorted(question_spans)
    matched = []
    k = 0
    for start, end in words:
        while k < len(spans) and spans[k][1] <= start:
            k += 1
        matched.append(k < len(spans) and spans[k][0] < end)
    best: tuple[int, int] | None = None
    i = 0
    while i < len(words):
        if matched[i]:
            i += 1
            continue
        j = i
        while j < len(words) and not matched[j]:
            j += 1
        first, last = i, j - 1
        while first <= last and text[words[first][0]:words[first][1]].lower() in _EDGE_STOP:
            first += 1
        while last >= first and text[words[last][0]:words[last][1]].lower().strip(".,") in _EDGE_STOP:
            last -= 1
        last = min(last, first + 11)
        if first <= last and (best is None or words[last][1] - words[first][0] > best[1] - best[0]):
            best = (words[first][0], words[last][1])
        i = j
    if best is None:
        return None
    start, end = best
    while end > start and text[end - 1] in " ,;:.":
        end -= 1
    return (start, end) if end > start else None
