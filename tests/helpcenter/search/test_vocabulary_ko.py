"""The Korean base vocabulary (plugins/helpcenter/search/vocabulary/ko.yml): how customers say it
finds what the articles call it, and its short keys stay out of other words."""

from __future__ import annotations

import pytest

from helpcenter.search import synonyms
from helpcenter.search.query import load_locale_index, run_query
from helpcenter.search.synonyms import load_synonyms, read_synonyms
from helpcenter.search.tokenize import synonym_texts
from tests.helpcenter.search.conftest import REPO


def base_keys() -> dict[str, list[str]]:
    return read_synonyms(synonyms.base_vocabulary_path("ko"), "ko.yml")[0]


@pytest.mark.parametrize("query, article", [
    ("구독 잠깐 멈추고 싶어요", "subscriptions/pause-or-skip"),        # 멈추 → 일시정지
    ("한 달만 쉬어가고 싶어요", "subscriptions/pause-or-skip"),        # 쉬어가 → 일시정지
    ("산 적 없는 돈이 나갔어요", "billing/unexpected-charge"),          # 산 적 없, 돈이 나갔
    ("맘 바뀌었어요", "returns/return-an-item"),                         # 맘 바뀌 → 단순 변심
    ("신발이 너무 작아요", "returns/exchange-an-item"),                  # 너무 작 → 사이즈 교환
    ("엉뚱한 게 왔어요", "orders/missing-or-damaged-package"),          # 엉뚱 → 오배송
    ("계정 지워 주세요", "account/delete-account"),                      # 계정 지워 → 계정 삭제
    ("영업시간이 어떻게 돼요", "support/opening-hours"),                # 영업시간 → 운영 시간
    ("문의했는데 감감무소식이에요", "support/response-times"),          # 감감무소식 → 답변
    ("음식이 샜어요", "orders/missing-or-damaged-package"),              # 샜 (leaked) → 파손
    ("어떤 카드 돼요", "billing/payment-methods"),                       # 어떤 카드 → 결제 수단
    ("로그인 코드를 못 받아요", "account/two-step-verification"),       # 로그인 코드 → 인증 코드
    ("신규 회원", "account/create-account"),                             # 신규 회원 → 회원가입
    ("구매 철회", "orders/change-or-cancel-order"),                      # 구매 철회 → 주문 취소
    ("1년치 결제", "subscriptions/change-plan"),                         # 1|년치 → 연간
    ("결제 안 나가게 하려면", "subscriptions/cancel-subscription"),      # 결제 안 나가 → 해지
    ("택배 조희", "orders/track-order"),                                 # 조희 (misspelt 조회)
    ("다른 카드로 결제하고 싶어요", "billing/payment-methods"),          # 다른 카드로 → 결제 수단
])
def test_the_base_vocabulary_finds_what_the_articles_call_it(search_site, query, article):
    loaded = load_locale_index(search_site, "ko")
    loaded.synonyms = load_synonyms(REPO / "content", "ko")
    with_base = [loaded.docs[ref][0] for ref, _ in run_query(loaded, query)[:3]]
    loaded.synonyms = load_synonyms(REPO / "content", "ko", base=False)
    without = [loaded.docs[ref][0] for ref, _ in run_query(loaded, query)[:3]]
    assert with_base[:1] == [article] and without[:1] != [article], (with_base, without)


@pytest.mark.parametrize("query", [
    "데이터 암호화 설정",      # 암호 (password) begins 암호화 (encryption)
    "모자를 샀어요",           # 모자라 ("short of"), not 모자 ("hat")
    "결재 승인 요청",          # 결재 (approval), a common misspelling of 결제 only in phrases
    "회사 부서 이동",          # 부서졌 ("broken"), not 부서 ("department")
    "입력한 값을 확인",        # 값 ("value"), not 가격
    "안내 문자가 안 와요",     # 안 와요 is a delivery word only after 택배, 물건, 상품
    "이메일 발송 내역",        # 발송 of an e-mail is no parcel
    "활성화 시키기",           # 시키다 as "make": only 시켰/시킨 mean "ordered"
])
def test_a_short_base_key_does_not_fire_inside_other_words(query):
    assert synonym_texts(query, base_keys()) == []


def test_an_ambiguous_word_is_a_key_only_as_the_phrase_customers_type():
    keys = base_keys()
    found = lambda text: [key for key, _ in synonym_texts(text, keys)]  # noqa: E731
    assert found("카드 결재가 안 돼요") == ["결재가 안", "카드 결재"]
    assert "암호를" in found("암호를 잊어버렸어요")
    assert found("택배가 안 와요") == ["택배", "택배가 안 와"]


@pytest.mark.parametrize("query, wrong", [
    ("앱이 멈춰요", "subscriptions/pause-or-skip"),                       # F1 the app freezes
    ("결제하다가 화면이 멈췄어요", "subscriptions/pause-or-skip"),       # F1
    ("환불 받을 통장 변경", "billing/payment-methods"),                 # F1 the refund's account
    ("카드 도난 신고", "orders/missing-or-damaged-package"),            # F2 a stolen card
    ("몇 시에 배송 와요", "support/opening-hours"),                     # F3 delivery time of day
    ("새벽에 배송되나요", "support/opening-hours"),                     # F3 dawn delivery
    ("택배 기다리는 중이에요", "support/response-times"),               # F4 waiting for a parcel
    ("화면 글자가 작아요", "returns/exchange-an-item"),                 # F5 small text
    ("기분이 상했어요", "orders/missing-or-damaged-package"),           # F5 upset
    ("알림이 꺼져 있어요", "billing/payment-declined"),                 # F5 notifications off
    ("잊지 마세요", "account/reset-password"),                          # F5 "don't forget"
    ("일 년 전에 주문한 상품", "subscriptions/pause-or-skip"),          # F5 a year ago
    ("늦게까지 상담 가능한가요", "support/response-times"),             # F5 open late
    ("카드를 잃어버렸어요", "account/reset-password"),                  # F5 a lost card
    ("환불을 못 받았어요", "orders/missing-or-damaged-package"),        # F24 no refund yet
    ("답변을 못 받았어요", "orders/missing-or-damaged-package"),        # F24 no reply
    ("돈 내는 방법", "returns/refund-timing"),                          # F20 demo's bare 돈 gone
    ("돈이 두 번 나갔어요", "returns/refund-timing"),                   # F20 charged twice
    ("반품비 얼마예요", "subscriptions/plans-and-pricing"),             # summary 9: price of a return
])
def test_an_everyday_word_does_not_pull_another_topic_first(search_site, query, wrong):
    loaded = load_locale_index(search_site, "ko")
    loaded.synonyms = load_synonyms(REPO / "content", "ko")
    first = [loaded.docs[ref][0] for ref, _ in run_query(loaded, query)[:1]]
    assert first != [wrong], first


@pytest.mark.parametrize("query, key", [
    ("필터 교체", "교체"),                          # F5 a spare part, not an exchange
    ("전달 시 함께 적어야 하는 내용", "적어야"),    # F16 적어야 only as 뭘 적어야, 문의할 때 적어야
    ("인증 메일을 못 받았어요", "못 받"),           # F24 못 받 only after 택배, 물건, 상품
    ("주문이 보류 중이에요", "보류"),               # F1 the shop holds the order: no pause
    ("배송 몇시간 걸려요", "몇시"),                 # F3 몇시간 (how many hours) begins with 몇시
    ("환불 몇 시간 걸려요", "몇 시"),               # F3
])
def test_a_topicless_word_is_no_key(query, key):
    keys = [found for found, _ in synonym_texts(query, base_keys())]
    assert key not in keys, keys
