"""Compiled templates are kept between builds, used only for the same source and settings, and
a cache that cannot be used never fails a build."""

from __future__ import annotations

import os

import jinja2
import pytest

from helpcenter.mkdocs_plugins.template_cache import (
    CACHE_DIR_ENV,
    cache_root,
    environment_key,
    use_template_cache,
)

PAGE = "{% for item in items %}<li>{{ item | upper }}</li>{% endfor %}"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_DIR_ENV, str(folder))
    return folder


def environment(templates, **settings) -> tuple[jinja2.Environment, list[str]]:
    """A template environment that records which templates it compiles."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)), **settings)
    compiled: list[str] = []
    compile_source = env.compile

    def counting(source, name=None, filename=None, *args, **kwargs):
        compiled.append(name)
        return compile_source(source, name, filename, *args, **kwargs)

    env.compile = counting
    return env, compiled


def write_page(tmp_path, text=PAGE):
    templates = tmp_path / "templates"
    templates.mkdir(exist_ok=True)
    (templates / "page.html").write_text(text, encoding="utf-8")
    return templates


def test_the_next_build_renders_from_the_compiled_template(cache, tmp_path):
    templates = write_page(tmp_path)
    first, compiled = environment(templates)
    assert use_template_cache(first, tmp_path) is not None
    html = first.get_template("page.html").render(items=["a", "b"])
    assert html == "<li>A</li><li>B</li>" and compiled == ["page.html"]
    second, compiled_again = environment(templates)
    use_template_cache(second, tmp_path)
    assert second.get_template("page.html").render(items=["a", "b"]) == html
    assert compiled_again == []   # loaded, not compiled


def test_a_changed_template_is_compiled_again(cache, tmp_path):
    templates = write_page(tmp_path)
    env, _ = environment(templates)
    use_template_cache(env, tmp_path)
    env.get_template("page.html").render(items=["a"])
    write_page(tmp_path, "<p>{{ items | length }}</p>")
    env, compiled = environment(templates)
    use_template_cache(env, tmp_path)
    assert env.get_template("page.html").render(items=["a", "b"]) == "<p>2</p>"
    assert compiled == ["page.html"]


def test_other_settings_get_their_own_compiled_code(cache, tmp_path):
    templates = write_page(tmp_path, "{% if true %}\n<p>x</p>\n{% endif %}\n")
    plain, _ = environment(templates)
    trimmed, compiled = environment(templates, trim_blocks=True)
    with_loops, _ = environment(templates, extensions=["jinja2.ext.loopcontrols"])
    keys = {environment_key(env) for env in (plain, trimmed, with_loops)}
    assert len(keys) == 3
    use_template_cache(plain, tmp_path)
    use_template_cache(trimmed, tmp_path)
    assert plain.get_template("page.html").render() == "\n<p>x</p>\n"
    assert trimmed.get_template("page.html").render() == "<p>x</p>\n"
    assert compiled == ["page.html"]


def test_a_damaged_entry_is_compiled_again(cache, tmp_path):
    templates = write_page(tmp_path)
    env, _ = environment(templates)
    folder = use_template_cache(env, tmp_path)
    env.get_template("page.html")
    [entry] = list(folder.iterdir())
    entry.write_bytes(b"j2" + os.urandom(64))   # Jinja's mark, then noise
    env, compiled = environment(templates)
    use_template_cache(env, tmp_path)
    assert env.get_template("page.html").render(items=["x"]) == "<li>X</li>"
    assert compiled == ["page.html"]


def test_a_cache_that_cannot_be_used_is_passed_over(tmp_path, monkeypatch):
    templates = write_page(tmp_path)
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(CACHE_DIR_ENV, str(blocked))          # cannot make the folder
    env, _ = environment(templates)
    assert use_template_cache(env, tmp_path) is None and env.bytecode_cache is None
    shared = tmp_path / "shared"
    (shared / "templates" / environment_key(env)).mkdir(parents=True)
    (shared / "templates" / environment_key(env)).chmod(0o777)   # others could plant code
    monkeypatch.setenv(CACHE_DIR_ENV, str(shared))
    assert use_template_cache(env, tmp_path) is None
    monkeypatch.setenv(CACHE_DIR_ENV, "")                     # switched off
    assert cache_root(tmp_path) is None and use_template_cache(env, tmp_path) is None
    assert env.get_template("page.html").render(items=["y"]) == "<li>Y</li>"


def test_the_default_folder_is_in_the_project(monkeypatch, tmp_path):
    monkeypatch.delenv(CACHE_DIR_ENV, raising=False)
    monkeypatch.delenv("HOME", raising=False)                 # no home folder is needed
    assert cache_root(tmp_path) == tmp_path / ".helpcenter" / "cache"
    env, _ = environment(write_page(tmp_path))
    folder = use_template_cache(env, tmp_path)
    assert folder is not None and folder.parent == tmp_path / ".helpcenter" / "cache" / "templates"


def test_a_folder_above_that_others_can_write_is_not_trusted(tmp_path, monkeypatch):
    env, _ = environment(write_page(tmp_path))
    open_above = tmp_path / "open"
    open_above.mkdir()
    open_above.chmod(0o777)        # anyone could rename the cache folder and put theirs there
    monkeypatch.setenv(CACHE_DIR_ENV, str(open_above / "cache"))
    assert use_template_cache(env, tmp_path) is None and env.bytecode_cache is None
    open_above.chmod(0o1777)       # sticky, like /tmp: only the owner may rename its entries
    assert use_template_cache(env, tmp_path) is not None


def shout(text: str) -> str:
    return text.upper()


def shout_louder(text: str) -> str:
    return text.upper() + "!"


def test_a_changed_filter_gets_its_own_compiled_code(tmp_path):
    templates = write_page(tmp_path)
    first, second, again = (environment(templates)[0] for _ in range(3))
    first.filters["shout"] = shout
    second.filters["shout"] = shout_louder     # same filter name, other code
    again.filters["shout"] = shout             # the next build, same code
    assert environment_key(first) != environment_key(second)
    assert environment_key(again) == environment_key(first)


def test_escaping_on_and_off_compile_apart(tmp_path):
    templates = write_page(tmp_path)
    escaped, _ = environment(templates, autoescape=True)
    raw, _ = environment(templates, autoescape=False)
    assert environment_key(escaped) != environment_key(raw)


def test_a_user_without_a_home_folder_keeps_the_cache_in_the_project(monkeypatch, tmp_path):
    monkeypatch.delenv(CACHE_DIR_ENV, raising=False)

    def no_home():
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr("pathlib.Path.home", staticmethod(no_home))
    env, _ = environment(write_page(tmp_path))
    assert use_template_cache(env, tmp_path) == \
        tmp_path / ".helpcenter" / "cache" / "templates" / environment_key(env)
    assert env.get_template("page.html").render(items=["z"]) == "<li>Z</li>"
