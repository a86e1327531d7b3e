import pytest

from helpcenter.frontmatter import FrontMatterError, parse_front_matter


def test_keys_remember_their_lines_and_body_start():
    fm = parse_front_matter("---\ntitle: A\n\ndescription: B\n---\nBody\n", "a.md")
    assert fm.meta == {"title": "A", "description": "B"}
    assert fm.key_lines == {"title": 2, "description": 4}
    assert fm.body == "Body\n"
    assert fm.body_line == 6


def test_file_without_front_matter_is_all_body():
    fm = parse_front_matter("# Title\n", "a.md")
    assert fm.meta == {} and fm.body == "# Title\n" and fm.end_line == 0


def test_byte_order_mark_is_ignored():
    fm = parse_front_matter("\ufeff---\ntitle: A\n---\n", "a.md")
    assert fm.meta == {"title": "A"}


def test_unclosed_front_matter_names_line_one():
    with pytest.raises(FrontMatterError) as info:
        parse_front_matter("---\ntitle: A\n", "content/en/a/b.md")
    assert str(info.value.problem) == (
        "content/en/a/b.md:1: error: front matter starts with '---' but is never closed "
        "(add a line with '---' after the last front matter key)")


def test_invalid_yaml_names_the_line_in_the_file():
    with pytest.raises(FrontMatterError) as info:
        parse_front_matter("---\ntitle: A\ndescription: [unclosed\nowner: x\n---\n", "x.md")
    assert info.value.problem.line in (4, 5)
    assert "not valid YAML" in info.value.problem.message


def test_front_matter_that_is_a_list_is_rejected():
    with pytest.raises(FrontMatterError) as info:
        parse_front_matter("---\n- a\n- b\n---\n", "x.md")
    assert info.value.problem.message == "front matter must be a set of 'key: value' lines"


def test_hostile_yaml_tags_are_not_executed():
    with pytest.raises(FrontMatterError):
        parse_front_matter("---\ntitle: !!python/object/apply:os.system ['echo hi']\n---\n", "x.md")


def test_huge_front_matter_is_parsed_without_blowing_up():
    text = "---\n" + "".join(f"k{i}: {i}\n" for i in range(5000)) + "---\nbody"
    fm = parse_front_matter(text, "x.md")
    assert fm.key_lines["k4999"] == 5001


def _split_reference(text: str):
    """The fences found by splitting the whole text into lines (the previous definition)."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1:]), index
    return "unclosed"


def test_fences_are_found_as_splitting_every_line_finds_them():
    """The body is no longer split into lines and joined again: the same front matter, body,
    lines and errors on random texts made of fences, keys, blank lines and line ends."""
    import random

    from helpcenter.frontmatter import FrontMatterError
    from helpcenter.yamlsource import load

    rng = random.Random(16)
    parts = ["---", "...", "--- ", "---\r", "title: A", "description: B", "", " ", "body",
             "\n", "\n", "\n", "\r\n", "- x", "----"]
    texts = ["", "---", "---\n", "---\n---", "---\n---\n", "---\n...\nx", "x\n---\n---\n"]
    texts += ["".join(rng.choice(parts) for _ in range(rng.randint(1, 14))) for _ in range(3000)]
    for text in texts:
        if "\r" in text and "\n" not in text:
            continue   # refused before the fences are looked for
        expected = _split_reference(text)
        try:
            fm = parse_front_matter(text, "a.md")
        except FrontMatterError as exc:
            if expected == "unclosed":
                assert exc.problem.code == "frontmatter-unclosed", repr(text)
            else:   # the YAML between the fences is at fault: the same as parsing it alone
                assert expected is not None, repr(text)
            continue
        if expected is None:
            assert (fm.body, fm.body_line, fm.end_line) == (text, 1, 0), repr(text)
        else:
            assert expected != "unclosed", repr(text)
            source, body, end = expected
            assert (fm.body, fm.body_line, fm.end_line) == (body, end + 2, end + 1), repr(text)
            meta = load(source, first_line=2, what="front matter")[0] or {}
            assert fm.meta == {str(k): v for k, v in meta.items()}, repr(text)
