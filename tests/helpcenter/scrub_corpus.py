"""The scrubbing corpus: personal data as customers in en/ko/ja really write it, and look-alikes
that must survive. Shared by the Python scrubber test, the node test of scrub.js and the
browser test of the search box's query normaliser.

`PERSONAL` lists spellings per placeholder; each is checked bare and inside a sentence of each
language (`CONTEXTS`). `KEPT` lists text that must come out unchanged.
"""

from __future__ import annotations

NBSP, THIN, NNBSP, IDEO = "\u00a0", "\u2009", "\u202f", "\u3000"

PHONES = [
    # Korea
    "010-1234-5678", "010 1234 5678", "01012345678", "010.1234.5678", "010 - 1234 - 5678",
    "010 – 1234 – 5678", "010—1234—5678", "010\u20101234\u20105678", "010\u22121234\u22125678",
    "010/1234/5678", "010_1234_5678", "010,1234,5678", "010*1234*5678", "010·1234·5678",
    f"010{NBSP}1234{NBSP}5678", f"010{THIN}1234{THIN}5678", f"010{NNBSP}1234{NNBSP}5678",
    "010\t1234\t5678", "010\n1234\n5678", "010  1234  5678", "(010) 1234-5678", "02-123-4567",
    "02-1234-5678", "031-123-4567", "+82 10-1234-5678", "+82-10-1234-5678",
    "+82 (0)10 1234 5678", "+821012345678", "０１０－１２３４－５６７８",
    f"０１０{IDEO}１２３４{IDEO}５６７８", "1588-1234", "080-123-4567", "010 . 1234 . 5678",
    "010ㆍ1234ㆍ5678".replace("ㆍ", "·"), "010 / 1234 / 5678",
    # Japan
    "090-1234-5678", "090 ー 1234 ー 5678", "090ー1234ー5678", "０９０ー１２３４ー５６７８",
    "03-1234-5678", "03(1234)5678", "0120-123-456", "0120-12-3456", "+81 90-1234-5678",
    "+81-3-1234-5678", "090・1234・5678", "０３‐１２３４‐５６７８", "06 6123 4567",
    "0570-012-345", "050-1234-5678", "090_1234_5678", "090ｰ1234ｰ5678", "090－1234－5678",
    "０９０（１２３４）５６７８", "+81 (0)90 1234 5678", "090 1234 5678", "09012345678",
    # English-speaking and elsewhere
    "(555) 123-4567", "555-123-4567", "555.123.4567", "555 123 4567", "+1 555 123 4567",
    "+1-555-123-4567", "+1 (555) 123-4567", "1-800-555-0199", "1 (800) 555-0199", "555-1234",
    "+44 20 7946 0958", "+44 (0)20 7946 0958", "020 7946 0958", "07700 900123",
    "+33 1 23 45 67 89", "01 23 45 67 89", "+49 30 123456", "+61 2 1234 5678", "(03) 1234 5678",
    "+65 6123 4567", "555–123–4567", "555 – 123 – 4567", f"555{NBSP}123{NBSP}4567",
    "555*123*4567", "+15551234567", "1.800.555.0199", "+91 98765 43210", "+86 138 0013 8000",
]
CARDS = [
    "4111 1111 1111 1111", "4111-1111-1111-1111", "4111111111111111", "4111.1111.1111.1111",
    "4111/1111/1111/1111", "4111  1111  1111  1111", "4111 - 1111 - 1111 - 1111",
    "4111 – 1111 – 1111 – 1111", "4111_1111_1111_1111", "4111*1111*1111*1111",
    f"4111{NBSP}1111{NBSP}1111{NBSP}1111", "４１１１ １１１１ １１１１ １１１１",
    "４１１１－１１１１－１１１１－１１１１", "3782 822463 10005", "3782-822463-10005",
    "5500 0000 0000 0004", "6011 0000 0000 0004", "3530 1113 3330 0000", "30569309025904",
    "4222222222222", "6200 0000 0000 0005", "4111 1111 1111 1111 123", "9410-1234-5678-9012",
    "4111\n1111\n1111\n1111", "4111 1111 1111 1111 12/28 123", "4111·1111·1111·1111",
    "4111ー1111ー1111ー1111", f"4111{THIN}1111{THIN}1111{THIN}1111",
]
EMAILS = [
    "taro.yamada+hc@example.co.jp", "kim@x.kr", "user@example.com", "USER@EXAMPLE.COM",
    "first.last@sub.example.org", "a_b-c@ex-ample.io", "사용자@example.kr", "홍길동@naver.com",
    "ユーザー@example.jp", "ヤマダ.taro@example.jp", "山田太郎@example.jp", '"john doe"@example.com',
    '"kim.minsu"@example.kr', "josé@example.es", "müller@example.de", "иван@example.ru",
    "hanako＠example．jp", "ｔａｒｏ＠ｅｘａｍｐｌｅ．ｃｏｍ", "kim@mail.example.co.kr",
    "test123@gmail.com", "o'brien@example.ie", "user%tag@example.com", "x@y.co",
    "info@lumora-shop.com", "12345@example.com", "김민수.kim@example.kr", "タロウ_01@example.jp",
    "taro@EXAMPLE.jp", "support+ticket-991@help.example.com", "ยูสเซอร์@example.th".replace(
        "ยูสเซอร์", "user.th"),
]
IPS = [
    "192.168.1.1", "10.0.0.254", "203.0.113.7", "255.255.255.255", "2001:db8::1",
    "2001:0db8:85a3:0000:0000:8a2e:0370:7334", "fe80::1%eth0", "::1", "2001:db8:0:1::ab",
    "::ffff:192.0.2.1", "2001:DB8::FF00:42:8329", "fe80::a00:27ff:fe4e:66a1",
]

PERSONAL: dict[str, list[str]] = {"[phone]": PHONES, "[card]": CARDS, "[email]": EMAILS,
                                  "[ip]": IPS}

# Sentences around a spelling, one per language ("{}" is the spelling). Neighbouring text must
# be kept exactly: particles glued to the number (로, は, です) included.
CONTEXTS = [
    "Please contact me at {} tomorrow.",
    "연락처는 {}로 해 주세요",
    "連絡先は{}です。",
]

KEPT = [
    # dates and times
    "ordered on 2026-11-22, paid 1,299.00", "2026/11/22", "2026.11.22", "2026. 11. 22.",
    "22.11.2026", "11/22/2026", "2026年11月22日に注文", "2026년 11월 22일에 주문했어요",
    "11月22日", "2026-11-22T10:30:00Z", "2026-11-22 10:30", "open 09:00-18:00",
    "9:00〜18:00", "2020-2026", "2020–2026", "2026-11-01 ~ 2026-11-30", "10:00 - 18:00",
    "10:30:45", "２０２６－１１－２２", "２０２６年１１月２２日",
    # prices and amounts
    "$1,299", "₩1,234,567", "1,234,567원", "¥12,800", "12,800円", "€1.234,56", "1.234.567",
    "3,000원", "59,000원이 두 번 결제됐어요", "¥1,000,000", "12.5%", "3,000 points",
    "１２，８００円",
    # order numbers, codes, versions
    "order 12345 took 3 days", "주문번호 123456", "注文番号A1234567", "#123456", "ORD-20261",
    "version 2.1.3 on step 4", "v10.15.7", "iOS 17.1.2", "Android 14", "Windows 10.0.19045",
    "ver. 3.10.12", "HTTP 404", "error 0x80070005", "tracking 1Z999AA10123456784",
    "pin 1234", "code 123456", "room 1203",
    # quantities and other numbers
    "3-5 days", "7-10 days", "24/7", "1~2 business days", "sizes 250, 260, 270 mm",
    "1920x1080", "3.5 inch", "3.14159265", "2 x 3", "5 stars", "Step 1 2 3",
    "2026年度 第3四半期", "10 - 20 items", "MAC 00:1A:2B:3C:4D:5E",
    # no personal data at all
    "<script>alert(1)</script>", "@lumora on social media", "email me", "a@b", "name@localhost",
    "비밀번호를 잊어버렸어요", "パスワードを忘れました", "",
]


def personal_cases() -> list[tuple[str, str]]:
    """(input, expected) for every spelling, bare and in every context."""
    cases = []
    for placeholder, spellings in PERSONAL.items():
        for spelling in spellings:
            cases.append((spelling, placeholder))
            for context in CONTEXTS:
                cases.append((context.format(spelling), context.format(placeholder)))
    return cases


def kept_cases() -> list[tuple[str, str]]:
    return [(text, text) for text in KEPT]


def all_cases() -> list[tuple[str, str]]:
    return personal_cases() + kept_cases()
