"""Synonym files (content/_search/<locale>.yml): read, validated with file:line, applied when
searching in both readers (the browser's side is pinned by the shared fixture)."""

from __future__ import annotations

import pytest

from helpcenter.search import synonyms
from helpcenter.search.query import load_locale_index, needed_clauses, run_query
from helpcenter.search.synonyms import check_synonyms, read_synonyms
from helpcenter.search.tokenize import query_clauses, synonym_texts
from tests.conftest import helpcenter
from tests.helpcenter.conftest import Tree


def read(tmp_path, text):
    path = tmp_path / "ko.yml"
    path.write_text(text, encoding="utf-8")
    return read_synonyms(path, "content/_search/ko.yml")


def test_keys_and_values_are_normalized_like_queries(tmp_path):
    found, problems = read(tmp_path, "비번: 비밀번호\nSign  In: [Log In, ＬＯＧＩＮ, sign in]\n")
    assert problems == []
    assert found == {"비번": ["비밀번호"], "sign in": ["log in", "login"]}


@pytest.mark.parametrize("text, message", [
    ("비번: [비밀번호\n", "content/_search/ko.yml:2: error: not valid YAML"),
    ("- 비번\n", "content/_search/ko.yml:1: error: expected lines like 'word: [other word, …]'"),
    ("a: b\n비번: {x: 1}\n", "content/_search/ko.yml:2: error: '비번' must map to a word"),
    ("비번: 비밀번호\n비번: 패스워드\n", "content/_search/ko.yml:2: error: '비번' appears twice"),
    ("Sign in: a\nsign in: b\n", "content/_search/ko.yml:2: error: 'sign in' is listed twice "
                                 "(first at line 1)"),            # the same key once normalized
    ("x: !!python/object:os.system ls\n", "content/_search/ko.yml:1: error: the tag"),
    ("비번: [" + ", ".join(["a"] * 11) + "]\n", "content/_search/ko.yml:1: error: '비번' must map"),
    ("x: " + "y" * 101 + "\n", "content/_search/ko.yml:1: error: 'x' must map"),
    ("a: &x [b]\nc: *x\n", "content/_search/ko.yml:1: error: anchors and aliases"),
    ("a: [b]\nd: [1, 2]\ne: {f: g}\n", "content/_search/ko.yml:3: error: 'e' must map"),
])
def test_bad_files_are_one_sentence_with_file_and_line(tmp_path, text, message):
    found, problems = read(tmp_path, text)
    assert problems and str(problems[0]).startswith(message), [str(p) for p in problems]


def test_a_file_for_an_unknown_locale_is_a_warning(tmp_path):
    (tmp_path / "_search").mkdir()
    (tmp_path / "_search" / "fr.yml").write_text("a: b\n", encoding="utf-8")
    (tmp_path / "_search" / "ko.yml").write_text("a: [b\n", encoding="utf-8")
    problems = [str(p) for p in check_synonyms(tmp_path, ["en", "ko"], "content")]
    assert problems[0].startswith("content/_search/ko.yml:2: error: not valid YAML")
    assert problems[1].startswith("content/_search/fr.yml: warning: no locale 'fr'")


def test_helpcenter_check_reports_a_broken_synonym_file(project_tree):
    Tree(project_tree).minimal()
    (project_tree / "content" / "_search").mkdir(exist_ok=True)
    (project_tree / "content" / "_search" / "ko.yml").write_text("비번: {x: 1}\n",
                                                                 encoding="utf-8")
    result = helpcenter("check", "-f", str(project_tree / "mkdocs.yml"), cwd=project_tree)
    assert "content/_search/ko.yml:1: error: '비번' must map to a word" in result.stdout
    assert result.returncode == 1 and "Traceback" not in result.stderr


@pytest.mark.parametrize("locale, query, article", [
    ("en", "parcel", "orders/missing-or-damaged-package"),
    ("ko", "카톡", "support/contact-channels"),
    ("ja", "お金返して", "returns/refund-timing"),   # the base's お金返 (no bare お金: F20)
    ("ja", "りょうしゅうしょ", "billing/invoices-and-receipts"),   # a reading of 領収書
    ("ja", "かいやくしたい", "subscriptions/cancel-subscription"),
    ("ja", "はいくら", "subscriptions/plans-and-pricing"),   # いくら: 料金, after the particle
    ("ja", "いつへんきんされますか", "returns/refund-timing"),   # after an adverb
    ("ja", "もうかいやくしたい", "subscriptions/cancel-subscription"),
    ("ja", "月々いくらかかる", "subscriptions/plans-and-pricing"),   # after 々, before かかる
    ("ja", "みにおぼえのないせいきゅう", "billing/unexpected-charge"),   # after ない: 5 kana
    ("ko", "돈 돌려받고 싶어요", "returns/refund-timing"),      # a verb's stem as the key
    ("en", "follow my parcel", "orders/track-order"),
])
def test_a_synonym_finds_what_the_articles_call_it(search_site, locale, query, article):
    loaded = load_locale_index(search_site, locale)
    with_synonyms = [loaded.docs[ref][0] for ref, _ in run_query(loaded, query)[:5]]
    loaded.synonyms = {}
    without = [loaded.docs[ref][0] for ref, _ in run_query(loaded, query)[:5]]
    assert article in with_synonyms and article not in without, (with_synonyms, without)


@pytest.mark.parametrize("query, first", [
    ("返きんはいつ", "returns/refund-timing"),               # 返金 typed half in kana
    ("返きん", "returns/refund-timing"),
])
def test_a_kanji_word_typed_half_in_kana_finds_its_reading(search_site, query, first):
    loaded = load_locale_index(search_site, "ja")
    found = [loaded.docs[ref][0] for ref, _ in run_query(loaded, query)[:3]]
    loaded.synonyms = {}
    without = [loaded.docs[ref][0] for ref, _ in run_query(loaded, query)[:3]]
    assert found[:1] == [first] and without[:1] != [first], (found, without)


@pytest.mark.parametrize("query, unwanted", [
    ("はやめに届けてほしい", {"account/delete-account", "subscriptions/cancel-subscription"}),
    ("ログイン出来ない", {"orders/missing-or-damaged-package", "orders/track-order"}),
    # はそん (破損, "damaged") inside それはそんなに ("that much")
    ("送料はそんなに高いですか", {"orders/missing-or-damaged-package"}),
])
def test_the_demo_synonyms_do_not_fire_inside_other_words(search_site, query, unwanted):
    # はやめに ("early") holds やめ ("quit"), 出来ない ("cannot") holds 来ない ("does not come"):
    # the demo's Japanese keys are written as phrases so that neither drags in their articles.
    loaded = load_locale_index(search_site, "ja")
    found = [loaded.docs[ref][0] for ref, _ in run_query(loaded, query)[:5]]
    assert found and not unwanted & set(found), found


@pytest.mark.parametrize("query, unwanted", [
    # 持って ("have") is not にもつ (荷物), もし払い戻し not 支払い, 定休日 not 定期, "yes, that's it"
    # not 配送, ごうかん not こうかん (交換)
    ("すでにもっているかーど", {"orders/missing-or-damaged-package", "orders/track-order"}),
    ("ほかにもつかえるかーど", {"orders/missing-or-damaged-package", "orders/track-order"}),
    ("もしはらいもどしできたら", {"billing/payment-declined"}),
    ("ていきゅうびはいつ", {"subscriptions/cancel-subscription"}),
    ("はいそうです", {"orders/track-order"}),
    ("ごうかん", {"returns/return-an-item"}),
])
def test_the_demo_readings_do_not_fire_inside_other_phrases(search_site, query, unwanted):
    # a Hiragana key (a reading) begins a word and a short one ends one: these queries hold the
    # kana of a key inside other words, and may well find nothing in the demo
    loaded = load_locale_index(search_site, "ja")
    found = [loaded.docs[ref][0] for ref, _ in run_query(loaded, query)[:5]]
    assert not unwanted & set(found), found


@pytest.mark.parametrize("locale, query, unwanted", [
    ("ko", "모두 번거로워요", {"billing/unexpected-charge"}),        # 모|두 번|거로워요
    ("ko", "해외 결제 통화", {"support/contact-channels"}),          # 통화: currency
    ("ko", "전화 끊고 다시 연락", {"subscriptions/cancel-subscription"}),   # hanging up
    ("en", "no follow up from support", {"orders/track-order"}),
    # 쓰는 typed right is not 스는 with Shift held (플러스는, 박스는)
    ("ko", "쿠폰 쓰는 법", {"subscriptions/free-trial", "subscriptions/cancel-subscription"}),
    ("ko", "적립금 쓰는 법", {"subscriptions/free-trial", "subscriptions/cancel-subscription"}),
])
def test_the_demo_keys_need_their_own_words(search_site, locale, query, unwanted):
    loaded = load_locale_index(search_site, locale)
    found = [loaded.docs[ref][0] for ref, _ in run_query(loaded, query)[:5]]
    assert not unwanted & set(found), found


def test_a_korean_key_begins_a_word_of_the_query():
    keys = {"두 번 결제": ["중복"], "내일": ["익일"], "구독 해제": ["해지"], "돈": ["환불"]}
    found = lambda text: [key for key, _ in synonym_texts(text, keys)]  # noqa: E731
    assert found("모두 번 결제") == [] and found("배송 안내 일정") == []
    assert found("두 번째 주문") == []
    assert found("두 번 결제됐어요") == ["두 번 결제"] and found("내일 도착") == ["내일"]
    assert found("구독해제하고 싶어요") == ["구독 해제"] and found("돈을 돌려주세요") == ["돈"]
    assert found("구독 해제") == ["구독 해제"] and found("구독을 해제") == []


def test_a_korean_key_s_last_syllable_takes_an_ending_s_final():
    # a verb stem's last syllable takes the ending's ㄴ ㄹ ㅁ ㅂ (쓰 → 쓸, 쓴, 씀, 씁): the key still
    # begins the word; another final (쓱) or another vowel (써) is another word
    keys = {"그만 쓰": ["해지"], "돌려보내": ["반품"], "멈추": ["중지"], "계산하": ["결제"]}
    found = lambda text: [key for key, _ in synonym_texts(text, keys)]  # noqa: E731
    assert found("그만 쓸래요") == ["그만 쓰"] and found("그만 쓴다") == ["그만 쓰"]
    assert found("그만 씁니다") == ["그만 쓰"] and found("돌려보낼 수 없는") == ["돌려보내"]
    assert found("멈춤") == ["멈추"] and found("계산할 수") == ["계산하"]
    assert found("그만 쓱") == [] and found("그만 써요") == [] and found("계산서") == []
    assert found("쓸래요") == [] and found("돌려보") == []


@pytest.mark.parametrize("query, first", [
    ("멤버십 변경", "subscriptions/change-plan"),    # the article whose tags say 멤버십 변경
    ("결졔 수단", "billing/payment-methods"),          # a real slip still finds its word
])
def test_a_korean_word_spelt_right_is_not_read_as_a_slip(search_site, query, first):
    # the one-syllable-wrong word clause and the Shift-held twin only for what the index lacks
    loaded = load_locale_index(search_site, "ko")
    found = [loaded.docs[ref][0] for ref, _ in run_query(loaded, query)[:3]]
    assert found[:1] == [first], found


@pytest.mark.parametrize("query, first", [
    ("탈톼", "account/delete-account"),                 # ㅚ typed ㅘ (ㅏ next to ㅣ)
    ("탈톼하고 싶어요", "account/delete-account"),
    ("탈톼하는법", "account/delete-account"),           # at the start of a word typed glued
    ("반퓸 신청", "returns/return-an-item"),            # ㅠ next to ㅜ
    ("교황 신청", "returns/exchange-an-item"),          # ㄴ next to ㅇ
    ("담변 시간", "support/response-times"),            # ㅁ next to ㅂ
])
def test_a_short_korean_word_one_jamo_wrong_finds_its_word(search_site, query, first):
    # the typed word is no term of the index: its bigram's unit asks for the terms one key away
    loaded = load_locale_index(search_site, "ko")
    found = [loaded.docs[ref][0] for ref, _ in run_query(loaded, query)[:3]]
    assert found[:1] == [first], found


@pytest.mark.parametrize("query, unwanted", [
    ("플러스 이제 그만 쓸래요", "이메"),    # 이제 ("now") is not 이메(일) one jamo wrong
    ("자꾸 결제 실패", "바꾸"),
    ("아예 탈퇴", "아이"),
])
def test_an_everyday_adverb_is_not_read_as_a_slip(search_site, query, unwanted):
    loaded = load_locale_index(search_site, "ko")
    terms = {c["term"] for c in needed_clauses(query_clauses(query, "ko"), loaded.index)}
    assert unwanted not in terms, terms



@pytest.mark.parametrize("query, first", [
    ("ちゅうもんをきゃんせる", "orders/change-or-cancel-order"),   # きゃんせる after the particle
    ("あかうんとのぱすわーど", "account/reset-password"),
    ("注文をきゃんせる", "orders/change-or-cancel-order"),     # after a kanji word's particle
    ("アカウントのぱすわーど", "account/reset-password"),
    ("会員やめたい", "account/delete-account"),          # a reading of 4+ kana after a kanji
    ("ぱすわーどわすれた", "account/reset-password"),     # no particle: cut one kana after ー
])
def test_a_katakana_word_typed_in_hiragana_after_a_particle_decides(search_site, query, first):
    loaded = load_locale_index(search_site, "ja")
    found = [loaded.docs[ref][0] for ref, _ in run_query(loaded, query)[:3]]
    assert found[:1] == [first], found


# -- the base vocabulary under the writers' file --------------------------------------------

def test_the_shipped_base_vocabulary_is_valid_in_every_demo_locale():
    for locale in ("en", "ko", "ja"):
        path = synonyms.base_vocabulary_path(locale)
        found, problems = read_synonyms(path, path.name)
        assert path.is_file() and problems == [], [str(p) for p in problems]
        assert all(values for values in found.values())   # no removals in the base itself


def test_a_writers_entry_replaces_the_base_and_an_empty_list_removes_it(tmp_path, monkeypatch):
    base = tmp_path / "base"
    base.mkdir()
    (base / "en.yml").write_text("kill it: cancel\nhuman: [agent, contact]\nstuff: order\n",
                                 encoding="utf-8")
    monkeypatch.setattr(synonyms, "BASE_DIR", base)
    docs = tmp_path / "content"
    (docs / "_search").mkdir(parents=True)
    (docs / "_search" / "en.yml").write_text("human: person\nstuff: []\nparcel: package\n",
                                            encoding="utf-8")
    assert synonyms.load_synonyms(docs, "en") == {
        "kill it": ["cancel"], "human": ["person"], "parcel": ["package"]}
    assert synonyms.load_synonyms(docs, "en", base=False) == {
        "human": ["person"], "parcel": ["package"]}
    assert synonyms.load_synonyms(docs, "ko") == {}         # no base file, no writers' file
    found, problems = read_synonyms(docs / "_search" / "en.yml", "en.yml")
    assert problems == [] and found["stuff"] == []          # `key: []` is valid, not an error



def test_a_broken_base_vocabulary_stops_the_build_naming_its_file_and_line(tmp_path, monkeypatch):
    """A packaging mistake (a key listed twice) must not quietly leave a locale's search
    without its everyday words."""
    base = tmp_path / "base"
    base.mkdir()
    (base / "ko.yml").write_text("비번: 비밀번호\n비번: 패스워드\n", encoding="utf-8")
    monkeypatch.setattr(synonyms, "BASE_DIR", base)
    with pytest.raises(synonyms.BaseVocabularyError, match=r"vocabulary/ko\.yml:2: error: '비번'"):
        synonyms.load_synonyms(tmp_path / "content", "ko")
    assert synonyms.load_synonyms(tmp_path / "content", "ko", base=False) == {}


def test_a_build_warns_of_a_broken_synonym_file_and_strict_fails(project_tree, tmp_path):
    Tree(project_tree).minimal()
    (project_tree / "content" / "_search").mkdir(exist_ok=True)
    (project_tree / "content" / "_search" / "ko.yml").write_text("비번: 비밀번호\n비번: 패스\n",
                                                                 encoding="utf-8")
    config = str(project_tree / "mkdocs.yml")
    built = helpcenter("build", "-f", config, "--site-dir", str(tmp_path / "site"),
                       cwd=project_tree)
    assert built.returncode == 0, built.stderr
    assert "content/_search/ko.yml:2: error: '비번' appears twice" in built.stderr
    assert "search leaves it out until it is fixed" in built.stderr
    strict = helpcenter("build", "--strict", "-f", config, "--site-dir", str(tmp_path / "strict"),
                        cwd=project_tree)
    assert strict.returncode == 1 and "Traceback" not in strict.stderr

@pytest.mark.parametrize("query, partial", [
    ("고기", True),        # "meat": read as 고가 (a bigram of 최고가), it finds nothing else
    ("가방", True),        # "bag": read as 가장
    ("탈톼", True),        # a slip alone is shown, as a partial answer
    ("탈톼 방법", False),  # with a typed word that matches, the slip adds to a strict answer
])
def test_a_slip_alone_makes_only_a_partial_answer(search_site, query, partial):
    """A two-syllable word the index lacks is read as one jamo wrong, but a document matching
    only that reading is a partial match: the box says so and the report lists the search as
    in vain (a shop's 고기 or 가방 is a content gap, not the exchange article)."""
    loaded = load_locale_index(search_site, "ko")
    ranking = run_query(loaded, query)
    assert ranking and ranking.partial is partial, [loaded.docs[r][0] for r, _ in ranking]


@pytest.mark.parametrize("query, first", [
    ("注文後 配達時間 変更", "orders/change-or-cancel-order"),   # not delivery-times' title alone
    ("配達時間 指定", "orders/delivery-times"),
])
def test_japanese_keywords_rank_by_the_words_they_match(search_site, query, first):
    loaded = load_locale_index(search_site, "ja")
    found = [loaded.docs[ref][0] for ref, _ in run_query(loaded, query)]
    assert found[:1] == [first], found


def test_a_kanji_stem_asks_for_the_kanjis_words_not_its_word_pairs(search_site):
    """返 of 送り返したい matched, as a prefix, the word pair 返品 商品 of the title 返品できない
    商品 (and 届 of いつ届く the pair 届 破損 of 荷物が届かない・破損していた場合): phrases of
    other words. The reader asks for the kanji's words only, exact."""
    loaded = load_locale_index(search_site, "ja")
    clauses = needed_clauses(query_clauses("送り返したい", "ja"), loaded.index)
    asked = {c["term"] for c in clauses if c["unit"] == next(
        c["unit"] for c in query_clauses("送り返したい", "ja") if c["term"] == "返")}
    assert "返品" in asked and "返金" in asked and not [t for t in asked if " " in t]
    assert not [c for c in clauses if c["wildcard"] and len(c["term"]) == 1]
    assert "返品 商品" in loaded.index.inverted_index   # what it no longer matches


@pytest.mark.parametrize("query, first", [
    ("商品の送り返し", "returns/return-an-item"),          # not 返品できない商品 first
    ("買ったものを送り返したい", "returns/return-an-item"),
    ("返ぴん", "returns/return-an-item"),
])
def test_a_kanji_stem_no_longer_lifts_a_title_through_its_word_pairs(search_site, query, first):
    loaded = load_locale_index(search_site, "ja")
    found = [loaded.docs[ref][0] for ref, _ in run_query(loaded, query)[:3]]
    assert found[:1] == [first], found
