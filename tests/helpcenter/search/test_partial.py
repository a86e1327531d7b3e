"""Partial matches: a long sentence no article matches well enough lists the articles matching
some of its words, marked as such, instead of a dead end (docs/search.md, "Partial matches")."""

from __future__ import annotations

import json

from helpcenter.search.index import SearchDocument, compact_index
from helpcenter.search.query import (
    PARTIAL_LIMIT,
    LocaleIndex,
    expand_index,
    load_locale_index,
    needed_clauses,
    ranked_results,
    run_query,
    search,
)
from helpcenter.search.tokenize import query_clauses
from tests.conftest import helpcenter

# Words no article has: with them a query has 6+ meaningful units and matches one, whatever
# the vocabulary says about everyday words. Also ranked by the node parity test.
NONSENSE = {"en": "zzqxv qqzvx wqqzk kkzqw xvqqz", "ko": "쀍쀎쀏 뷁뷂퓛 쉛쉜쒉",
            "ja": "ヹヺヸ ヷヸヹ 鬱鬯鬲 龘龖龕"}
PARTIAL_QUERIES = {
    "en": [f"refund {NONSENSE['en']}", "my parcel came crushed and the jar inside leaked "
           "everywhere what now"],
    "ko": [f"환불 {NONSENSE['ko']}", "문의 남겼는데 며칠째 답이 없어요", "받은 물건이 망가졌어요",
           "음식이 새서 왔는데 환불돼요?", "신발이 작아요 한 치수 큰 걸로"],
    "ja": [f"返金 {NONSENSE['ja']}", "月々いくらかかる", "箱がつぶれて中身がこわれていたのですが"],
}


def _loaded(lang: str, titles: dict[str, str]) -> LocaleIndex:
    documents = [SearchDocument(id=key, title=title, category="c", url=f"/{key}/",
                                description="", headings=[], tags=[], body="", fallback=False,
                                lang=lang) for key, title in titles.items()]
    return LocaleIndex(lang, lang, [[d.id, d.title, "c", d.url, 0] for d in documents],
                       expand_index(compact_index(documents, lang), len(documents)))


def _ids(loaded: LocaleIndex, ranking) -> list[str]:
    return [loaded.docs[ref][0] for ref, _ in ranking]


def test_a_sentence_no_article_matches_enough_lists_those_matching_some_of_it():
    loaded = _loaded("ko", {"refund": "환불 안내", "delivery": "배송 조회"})
    ranking = run_query(loaded, "음식이 새서 왔는데 환불돼요")
    assert _ids(loaded, ranking) == ["refund"] and ranking.partial is True
    results = ranked_results(loaded, "음식이 새서 왔는데 환불돼요")
    assert [(r.id, r.partial) for r in results] == [("refund", True)]


def test_partial_matches_are_not_added_when_an_article_matches_enough():
    titles = {"one": "환불 안내", "answer": "음식 포장이 새서 환불 받기"}
    loaded = _loaded("ko", titles)
    ranking = run_query(loaded, "음식이 새서 왔는데 환불돼요")
    assert _ids(loaded, ranking) == ["answer"] and ranking.partial is False
    assert all(not r.partial for r in ranked_results(loaded, "음식이 새서 왔는데 환불돼요"))


def test_partial_matches_rank_by_coverage_and_keep_the_relative_floor():
    """Two shared words rank above one; an article far under the best one is not listed."""
    loaded = _loaded("en", {"one": "Refund", "two": "Refund for a broken parcel",
                            "noise": " ".join(["order"] * 30) + " parcel"})
    # 12 units: an article must match 3 of them; none does
    ranking = run_query(loaded, f"refund broken {NONSENSE['en']} {NONSENSE['en'][::-1]} gift")
    assert ranking.partial and _ids(loaded, ranking)[0] == "two"
    assert "noise" not in _ids(loaded, ranking)


def test_a_partial_answer_lists_at_most_the_cap_best_first():
    words = ("alpha bravo charlie delta echo foxtrot golf hotel india juliett kilo lima mike "
             "november oscar papa quebec romeo sierra tango").split()
    loaded = _loaded("en", {word: f"{word} guide" for word in words})
    query = " ".join(words)  # each article shares one of 20 words
    ranking = run_query(loaded, query)
    assert ranking.partial and len(ranking) == PARTIAL_LIMIT
    keys = [(-round(score, 6), ref) for ref, score in ranking]
    assert keys == sorted(keys)


def test_grammar_bigrams_or_whole_word_clauses_alone_never_make_a_partial_answer():
    # only 요금제 matches, through the one-syllable-slip word clause that counts no unit (요김:
    # ㅣ for ㅡ is no keyboard slip, so no slip clause gives its bigram 요금)
    loaded = _loaded("ko", {"plan": "요금제 안내"})
    assert list(run_query(loaded, "요김제 바꾸고 싶은데 쀍쀎 뷁뷂 어디서 하나요")) == []
    # only the hiragana bigrams (grammar) are shared with the article
    loaded = _loaded("ja", {"grammar": "してください ますます"})
    assert list(run_query(loaded, "ゐゑヹヺ ヸヹゐゑ してください")) == []


def test_the_issue_s_sentences_are_no_longer_dead_ends(search_site):
    ranking = run_query(load_locale_index(search_site, "ko"), "음식이 새서 왔는데 환불돼요?")
    loaded = load_locale_index(search_site, "ko")
    assert "returns/refund-timing" in _ids(loaded, ranking)[:5]
    for query in ("문의 남겼는데 며칠째 답이 없어요", "받은 물건이 망가졌어요"):
        assert run_query(loaded, query), query
    for locale in ("en", "ko", "ja"):
        ranking = run_query(load_locale_index(search_site, locale), PARTIAL_QUERIES[locale][0])
        assert ranking.partial and 1 <= len(ranking) <= PARTIAL_LIMIT, locale


def test_a_thousand_character_sentence_stays_bounded(search_site):
    """Many words, a few of them the articles': a short partial list, from bounded clauses."""
    words = [f"{a}{b}q{c}" for a in "zvxk" for b in "wqjx" for c in "bdfgh"]   # 80 non-words
    query = "refund parcel " + " ".join(words[n % len(words)] + "x" * (n // len(words))
                                        for n in range(200))
    assert len(query) > 1000
    loaded = load_locale_index(search_site, "en")
    clauses = needed_clauses(query_clauses(query, loaded.lang, loaded.synonyms), loaded.index)
    assert len(clauses) <= 200      # unit and phrase clauses are capped (40 + 40, with forms)
    ranking = run_query(loaded, query)
    assert 1 <= len(ranking) <= PARTIAL_LIMIT and ranking.partial
    assert len(search(search_site, "en", query, limit=50)) <= PARTIAL_LIMIT
    # the articles' own words, repeated: the strict rule, not every article
    many = " ".join(["환불 배송 결제 비밀번호 주문 취소 교환"] * 40)
    ko = load_locale_index(search_site, "ko")
    assert len(run_query(ko, many)) < len(ko.docs)


def test_cli_says_the_results_match_only_some_words(search_site):
    query = PARTIAL_QUERIES["ko"][0]
    text = helpcenter("search", query, "--locale", "ko", "--site-dir", str(search_site))
    assert text.returncode == 0, text.stderr
    lines = text.stdout.strip().splitlines()
    assert lines[0].startswith("No article matches enough of") and "some of its words" in lines[0]
    assert lines[1].lstrip().startswith("1. ") and len(lines) <= 1 + PARTIAL_LIMIT
    data = json.loads(helpcenter("search", query, "-l", "ko", "-d", str(search_site),
                                 "--json").stdout)
    assert data["partial"] is True and data["results"]
    assert all(r["partial"] is True for r in data["results"])
    strict = json.loads(helpcenter("search", "환불", "-l", "ko", "-d", str(search_site),
                                   "--json").stdout)
    assert strict["partial"] is False and not any(r["partial"] for r in strict["results"])
    assert search(search_site, "ko", "환불")[0].partial is False
