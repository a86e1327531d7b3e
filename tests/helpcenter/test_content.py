"""The content model: validation messages with file and line, fallback and related articles."""

from helpcenter.content import load_help_center


def messages(problems):
    return [str(p) for p in problems]


def test_minimal_tree_loads_without_problems(tree):
    center, problems = load_help_center(tree.minimal().project())
    assert problems == []
    assert center.article_ids() == ["billing/invoices", "billing/refunds"]
    assert center.articles["ko"]["billing/refunds"].title == "환불 받기"


def test_missing_translation_falls_back_to_default_locale(tree):
    center, _ = load_help_center(tree.minimal().project())
    view = center.resolve_article("ko", "billing/invoices")
    assert view.fallback is True
    assert view.article.locale == "en"
    assert view.url == "ko/billing/invoices/"
    own = center.resolve_article("ko", "billing/refunds")
    assert own.fallback is False and own.article.locale == "ko"
    assert center.resolve_article("ja", "billing/refunds").fallback is True


def test_reviewed_that_is_not_a_date_names_file_and_line(tree):
    tree.minimal()
    tree.write("ko/billing/refunds.md",
               "---\ntitle: 환불\nreviewed: 11/01\ndescription: 환불 안내\n---\n\n본문\n")
    _, problems = load_help_center(tree.project())
    assert messages(problems) == [
        "content/ko/billing/refunds.md:3: error: 'reviewed' must be a date like 2026-11-01, "
        "got '11/01'"]


def test_missing_title_and_unknown_key_with_suggestion(tree):
    tree.minimal()
    tree.write("en/billing/refunds.md",
               "---\ntitel: Refunds\ndescription: How refunds work.\n---\n\nText\n")
    _, problems = load_help_center(tree.project())
    assert messages(problems) == [
        "content/en/billing/refunds.md:2: warning: unknown front matter key 'titel' "
        "(did you mean 'title'?)",
        "content/en/billing/refunds.md:1: error: 'title' is required "
        "(add a line 'title: ...' to the front matter)",
    ]


def test_wrong_types_are_explained(tree):
    tree.minimal()
    tree.write("en/billing/refunds.md",
               "---\ntitle: [2024, plans]\ndescription: d\ntags: refund\nowner: x\n---\n\nText\n")
    _, problems = load_help_center(tree.project())
    assert messages(problems) == [
        "content/en/billing/refunds.md:2: error: 'title' must be text, got ['2024', 'plans'] "
        "(put the value in quotes)",
        "content/en/billing/refunds.md:4: error: 'tags' must be a list like [password, sign-in], "
        "got 'refund'",
    ]


def test_broken_yaml_and_missing_front_matter(tree):
    tree.minimal()
    tree.write("en/billing/refunds.md", "---\ntitle: 'open\ndescription: x\n---\nText\n")
    tree.write("en/billing/invoices.md", "# Just a heading\n")
    _, problems = load_help_center(tree.project())
    found = messages(problems)
    assert found[0].startswith("content/en/billing/invoices.md:1: error: article has no front "
                               "matter")
    assert found[-1].startswith("content/en/billing/refunds.md:")
    assert "front matter is not valid YAML" in found[-1]


def test_misplaced_and_badly_named_files(tree):
    tree.minimal()
    tree.write("en/orphan.md", "---\ntitle: a\ndescription: b\n---\n")
    tree.write("en/billing/deep/x.md", "---\ntitle: a\ndescription: b\n---\n")
    tree.write("en/billing/Bad Name.md", "---\ntitle: a\ndescription: b\n---\n")
    _, problems = load_help_center(tree.project())
    assert messages(problems) == [
        "content/en/billing/Bad Name.md: error: 'Bad Name' is not a valid name for a URL "
        "(use lowercase letters, digits and hyphens, like 'reset-password')",
        "content/en/billing/deep/x.md: error: articles are one folder deep: "
        "<locale>/<category>/<article>.md (move it up into its category folder)",
        "content/en/orphan.md: error: articles belong in a category folder "
        "(move it to en/<category>/orphan.md)",
    ]


def test_category_without_index_and_unknown_featured_article(tree):
    tree.minimal()
    tree.home("en", "billing/refund")
    tree.article("en", "orders/track")
    _, problems = load_help_center(tree.project())
    assert messages(problems) == [
        "content/en/orders/track.md: error: category 'orders' has no index.md "
        "(create content/en/orders/index.md with title, description, icon and order)",
        "content/en/index.md:4: error: featured article 'billing/refund' does not exist "
        "(did you mean 'billing/refunds'?)",
    ]


def test_file_that_is_not_utf8(tree):
    tree.minimal()
    (tree.root / "content/en/billing/refunds.md").write_bytes(b"---\ntitle: caf\xe9\n---\n")
    _, problems = load_help_center(tree.project())
    assert messages(problems) == [
        "content/en/billing/refunds.md:2: error: not UTF-8 text (save the file as UTF-8)"]


def test_unconfigured_locale_folder_is_a_warning(tree):
    tree.minimal()
    tree.article("fr", "billing/refunds")
    _, problems = load_help_center(tree.project())
    assert messages(problems) == [
        "content/fr: warning: folder 'fr' looks like a locale but is not configured "
        "(add it to the i18n plugin's languages in mkdocs.yml)"]


def test_related_articles_prefer_shared_tags_then_category(tree):
    tree.minimal()
    tree.category("en", "orders", "Orders", order=2)
    tree.article("en", "orders/refund-shipping", "Shipping refunds", "refund")
    tree.article("en", "orders/track", "Track", "parcel")
    center, problems = load_help_center(tree.project())
    assert problems == []
    related = [v.article.id for v in center.related("en", "billing/refunds")]
    assert related == ["billing/invoices", "orders/refund-shipping"]
    assert "orders/track" not in related


def test_impossible_calendar_date_is_a_clear_error(tree):
    tree.minimal()
    tree.write("en/billing/refunds.md",
               "---\ntitle: Refunds\ndescription: d\nreviewed: 2026-13-01\n---\n\nText\n")
    _, problems = load_help_center(tree.project())
    assert messages(problems) == [
        "content/en/billing/refunds.md:4: error: 'reviewed' must be a date like 2026-11-01, "
        "got '2026-13-01'"]


def test_aliases_are_read_and_bad_ones_named_with_file_and_line(tree):
    tree.minimal()
    tree.write("ko/billing/refunds.md",
               "---\ntitle: 환불\ndescription: 환불 안내\naliases: [돈 돌려받기, 돈 돌려받기, 환급]\n"
               "---\n\n본문\n")
    tree.write("en/billing/refunds.md",
               "---\ntitle: Refunds\ndescription: d\nowner: x\naliases: [money back, "
               + "x" * 101 + "]\n---\n\nText\n")
    tree.write("en/billing/invoices.md",
               "---\ntitle: Invoices\ndescription: d\naliases: receipt\n---\n\nText\n")
    center, problems = load_help_center(tree.project())
    assert center.articles["ko"]["billing/refunds"].aliases == ["돈 돌려받기", "환급"]
    assert center.articles["en"]["billing/refunds"].aliases == ["money back"]
    assert messages(problems) == [
        "content/en/billing/invoices.md:4: error: 'aliases' must be a list like "
        "[password, sign-in], got 'receipt'",
        "content/en/billing/refunds.md:5: error: alias '" + "x" * 40 + "…' is longer than 100 "
        "characters (an alias is a name, not a sentence)",
    ]


def test_related_articles_match_the_scoring_rule_on_a_large_random_locale():
    """The bit-set ranking gives exactly what scoring every candidate would (2 points a shared
    tag, 1 for the category, ties by order then title)."""
    import random

    from helpcenter.content import Article, Category, HelpCenter
    from helpcenter.locales import Locale

    rng = random.Random(3)
    tags = [f"t{n}" for n in range(12)]
    categories = ["a", "b", "c"]
    articles = {}
    for n in range(400):
        category = rng.choice(categories)
        article = Article(id=f"{category}/x{n}", locale="en", category=category,
                          title=rng.choice(["Alpha", "beta", "Gamma", f"T{n}"]), description="d",
                          source="s", tags=rng.sample(tags, rng.randint(0, 4)),
                          order=rng.choice([1, 2, 1000]))
        articles[article.id] = article
    center = HelpCenter([Locale("en", "English", True)], {"en": articles},
                        {"en": {c: Category(c, "en", c, "d", "s") for c in categories}}, {})

    def expected(article):
        scores = {}
        for other in articles.values():
            score = 2 * len(set(article.tags) & set(other.tags))
            score += other.category == article.category
            if other.id != article.id and score:
                scores[other.id] = score
        ranked = sorted(scores, key=lambda aid: (-scores[aid], articles[aid].order,
                                                 articles[aid].title.casefold(), aid))
        return ranked[:5]

    for article in list(articles.values())[:80]:
        got = [v.article.id for v in center.related("en", article.id)]
        assert got == expected(article), article.id


def test_markdown_files_are_listed_as_walking_every_folder_lists_them(tmp_path):
    """The folder walk that reuses what os.scandir knows finds the same files in the same
    order, and the same link problems, as os.walk with a check per entry (the previous way)."""
    import os
    from pathlib import Path

    from helpcenter.content import _markdown_files

    base = tmp_path / "en"
    for name in ("a/x.md", "a-b/y.md", "a.b/z.md", "a/b/deep.md", "B/upper.md", "a/notes.txt",
                 "_hidden/h.md", "index.md", "a/dir.md/inside.md"):
        (base / name).parent.mkdir(parents=True, exist_ok=True)
        (base / name).write_text("---\ntitle: t\n---\n", encoding="utf-8")
    os.symlink(base / "a/x.md", base / "a-b/link-to-file.md")
    os.symlink(base / "gone.md", base / "a/dangling.md")
    os.symlink(base / "a", base / "folder-link")
    os.symlink(base / "loop.md", base / "loop.md")

    def reference(problems):
        found = []
        for folder, dirs, files in os.walk(base, followlinks=False):
            here = Path(folder)
            for name in sorted(dirs + files):
                path = here / name
                if path.is_symlink():
                    try:
                        target = path.resolve(strict=True)
                    except (OSError, RuntimeError):
                        problems.append(("loops", name))
                        continue
                    if target.is_dir():
                        problems.append(("folder", name))
            found += [here / name for name in files if name.endswith(".md")
                      and (here / name).exists()]
        return sorted(found)

    expected_problems, problems = [], []
    expected = reference(expected_problems)
    listed = _markdown_files(base, tmp_path, problems)
    assert [path for path, _ in listed] == expected
    assert all(parts == path.relative_to(base).parts for path, parts in listed)
    assert [("loops" if "loops" in p.message else "folder", p.path.rsplit("/", 1)[-1])
            for p in problems] == expected_problems
    assert len(problems) == 3
