"""helpcenter.pagetext: a page as the customer reads it (search); and sourcetext.inline_text, one
Markdown line's visible text by the same rules (checks)."""

from __future__ import annotations

import time

from helpcenter.pagetext import markdown_page_text, page_text
from helpcenter.sourcetext import inline_text

ARTICLE = """Intro with a footnote[^1], [a link](x.md) and **bold** text.

## Pay with a card { #pay-card .wide }

!!! warning "The link has expired"
    Reset links only work for 30 minutes.

!!! tip
    Use a password.

| Plan | Price |
|---|---|
| Plus | 5 &euro; |

=== "iPhone"
    Open **Settings**.

=== "Android"
    Open the app.

Term
:   Its definition.

<div>raw &amp; html</div>

```
code stays
```

[^1]: The footnote text.
"""


def test_a_page_reads_as_the_customer_sees_it():
    shown = markdown_page_text(ARTICLE)
    assert shown.headings == ["Pay with a card"]            # no ¶, no { #pay-card .wide }
    text = shown.text
    assert text.startswith("Intro with a footnote, a link and bold text.")   # no "1", no (x.md)
    assert "The link has expired Reset links only work for 30 minutes." in text
    assert "Tip Use a password." in text                   # untitled admonition: its shown title
    assert "Plan · Price Plus · 5 €" in text                # table cells, entities decoded
    assert "iPhone Android Open Settings. Open the app." in text    # tab labels, then panels
    assert "Term Its definition." in text
    assert "raw & html" in text and "code stays" in text
    assert text.endswith("The footnote text.")             # no ↩ back-link
    for markup in ("{", "}", "**", "[^", "¶", "↩", "<", "!!!", "==="):
        assert markup not in text, markup


def test_scripts_styles_icons_and_comments_are_not_text():
    shown = page_text('<p>One<!-- hidden --> two</p><script>var x = "<p>no</p>";</script>'
                      '<style>p{}</style><p>three<span class="twemoji"><svg><title>smile'
                      '</title><path/></svg></span> four</p><h3>Step <code>2</code></h3>')
    assert shown.text == "One two three four"
    assert shown.headings == ["Step 2"]


def test_malformed_html_loses_no_text_and_does_not_hang():
    assert page_text("<p>a <b>b</p> c <i>").text == "a b c"
    assert page_text("x < y and y > z").text == "x < y and y > z"
    assert page_text("<svg>never closed <p>lost</p>").text == ""     # inside an icon
    big = "<div>" * 20000 + "deep" + "</div>" * 20000
    assert page_text(big).text == "deep"
    started = time.perf_counter()
    for hostile in ("<!--" * 20_000, "<a class='" * 20_000, "<x " * 20_000, "<h2>" * 20_000):
        page_text(hostile)
    assert time.perf_counter() - started < 2


def test_inline_text_is_what_a_line_shows():
    assert inline_text("See [the **guide**](a.md){ .x } and :smile: *now*[^2]") == \
        "See the guide and now"
    assert inline_text("Fees &amp; <b>taxes</b>") == "Fees & taxes"
