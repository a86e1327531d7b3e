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
    assert use_template_cache(first) is not None
    html = first.get_template("page.html").render(items=["a", "b"])
    assert html == "<li>A</li><li>B</li>" and compiled == ["page.html"]
    second, compiled_again = environment(templates)
    use_template_cache(second)
    assert second.get_template("page.html").render(items=["a", "b"]) == html
    assert compiled_again == []   # loaded, not compiled


def test_a_changed_template_is_compiled_again(cache, tmp_path):
    templates = write_page(tmp_path)
    env, _ = environment(templates)
    use_template_cache(env)
    env.get_template("page.html").render(items=["a"])
    write_page(tmp_path, "<p>{{ items | length }}</p>")
    env, compiled = environment(templates)
    use_template_cache(env)
    assert env.get_template("page.html").render(items=["a", "b"]) == "<p>2</p>"
    assert compiled == ["page.html"]


def test_other_settings_get_their_own_compiled_code(cache, tmp_path):
    templates = write_page(tmp_path, "{% if true %}\n<p>x</p>\n{% endif %}\n")
    plain, _ = environment(templates)
    trimmed, compiled = environment(templates, trim_blocks=True)
    with_loops, _ = environment(templates, extensions=["jinja2.ext.loopcontrols"])
    keys = {environment_key(env) for env in (plain, trimmed, with_loops)}
    assert len(keys) == 3
    use_template_cache(plain)
    use_template_cache(trimmed)
    assert plain.get_template("page.html").render() == "\n<p>x</p>\n"
    assert trimmed.get_template("page.html").render() == "<p>x</p>\n"
    assert compiled == ["page.html"]


def test_a_damaged_entry_is_compiled_again(cache, tmp_path):
    templates = write_page(tmp_path)
    env, _ = environment(templates)
    folder = use_template_cache(env)
    env.get_template("page.html")
    [entry] = list(folder.iterdir())
    entry.write_bytes(b"j2" + os.urandom(64))   # Jinja's mark, then noise
    env, compiled = environment(templates)
    use_template_cache(env)
    assert env.get_template("page.html").render(items=["x"]) == "<li>X</li>"
    assert compiled == ["page.html"]


def test_a_cache_that_cannot_be_used_is_passed_over(tmp_path, monkeypatch):
    templates = write_page(tmp_path)
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(CACHE_DIR_ENV, str(blocked))          # cannot make the folder
    env, _ = environment(templates)
    assert use_template_cache(env) is None and env.bytecode_cache is None
    shared = tmp_path / "shared"
    (shared / "templates" / environment_key(env)).mkdir(parents=True)
    (shared / "templates" / environment_key(env)).chmod(0o777)   # others could plant code
    monkeypatch.setenv(CACHE_DIR_ENV, str(shared))
    assert use_template_cache(env) is None
    monkeypatch.setenv(CACHE_DIR_ENV, "")                     # switched off
    assert cache_root() is None and use_template_cache(env) is None
    assert env.get_template("page.html").render(items=["y"]) == "<li>Y</li>"


def test_the_default_folder_is_the_users_cache(monkeypatch, tmp_path):
    monkeypatch.delenv(CACHE_DIR_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_root() == tmp_path / "helpcenter"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_root() == tmp_path / "home" / ".cache" / "helpcenter"


def test_no_home_folder_means_no_cache(monkeypatch, tmp_path):
    monkeypatch.delenv(CACHE_DIR_ENV, raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    def no_home():
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr("pathlib.Path.home", staticmethod(no_home))
    assert cache_root() is None
    env, _ = environment(write_page(tmp_path))
    assert use_template_cache(env) is None
    assert env.get_template("page.html").render(items=["z"]) == "<li>Z</li>"
