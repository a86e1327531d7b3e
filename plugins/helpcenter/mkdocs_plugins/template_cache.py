"""The page templates, compiled once on a machine and kept between builds (Jinja's bytecode cache).

Every locale process compiles the ~40 templates a page is made of (Material's base.html and its
partials, the help center's overrides): 0.1 s of CPU per process, every build, for templates
that rarely change. Jinja can keep the compiled code in files and checks it against the
template's source (a SHA-1 of it) before use, as Python keeps its .pyc files. The files live in
the project's git-ignored `.helpcenter/cache/templates/` (or under `HELPCENTER_CACHE_DIR`;
empty switches it off): nothing outside the project is written, and it can be deleted at any
time. One subfolder per Jinja version and environment settings (filters and tests by their
code, since Jinja runs filters over literals while compiling), as Jinja's own key holds only
the template's name, file and source. The folder and every folder above it must be writable by
this user alone (or sticky, like /tmp): the cache holds code that is run. A cache that cannot
be read, written or trusted is passed over: the templates are compiled as without it.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import stat
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket, FileSystemBytecodeCache

from helpcenter.project import WORK_DIR

CACHE_DIR_ENV = "HELPCENTER_CACHE_DIR"
PROJECT_CACHE = WORK_DIR / "cache"


def cache_root(project_root: Path) -> Path | None:
    """Where helpcenter keeps its caches for the project at `project_root`, or None when
    switched off."""
    value = os.environ.get(CACHE_DIR_ENV)
    if value is not None:
        return Path(value) if value.strip() else None
    return project_root / PROJECT_CACHE


def _name(value: object) -> str:
    """A callable by name and code (a changed filter gets other compiled templates); any other
    setting by its value."""
    if not callable(value):
        return repr(value)
    function = getattr(value, "__func__", getattr(value, "func", value))
    code = getattr(function, "__code__", None)
    name = getattr(function, "__module__", "") + ":" + (
        getattr(function, "__qualname__", None) or type(function).__qualname__)
    return name + (":" + hashlib.sha256(marshal.dumps(code)).hexdigest()[:16] if code else "")


def environment_key(env: jinja2.Environment) -> str:
    """What the compiled code of a template depends on besides its source."""
    parts = [
        jinja2.__version__, sorted(env.extensions), env.block_start_string,
        env.block_end_string, env.variable_start_string, env.variable_end_string,
        env.comment_start_string, env.comment_end_string, env.line_statement_prefix,
        env.line_comment_prefix, env.trim_blocks, env.lstrip_blocks, env.newline_sequence,
        env.keep_trailing_newline, env.optimized, _name(env.autoescape), _name(env.finalize),
        _name(env.undefined), env.is_async,
        sorted((name, _name(f)) for name, f in env.filters.items()),
        sorted((name, _name(t)) for name, t in env.tests.items()),
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:20]


class TemplateCodeCache(FileSystemBytecodeCache):
    """Jinja's file cache that never fails a build: an unreadable entry is compiled again, one
    that cannot be written is not kept."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - a damaged entry: compile the template again
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:   # a full disk, a folder made read-only: the next build compiles
            pass


def _private_folder(folder: Path) -> bool:
    """The folder exists, is a folder of this user and only this user can write to it or to
    any folder above it, unless that one is sticky (nobody else can rename what is in it): the
    cache holds code that is run, and a folder that can be renamed can be swapped."""
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        status = os.lstat(folder)
        if not (stat.S_ISDIR(status.st_mode) and status.st_uid == os.getuid()
                and not status.st_mode & (stat.S_IWGRP | stat.S_IWOTH)):
            return False
        for above in folder.resolve().parents:
            status = os.stat(above)
            if status.st_uid not in (0, os.getuid()):
                return False
            if status.st_mode & (stat.S_IWGRP | stat.S_IWOTH) and \
                    not status.st_mode & stat.S_ISVTX:
                return False
    except (OSError, RuntimeError):
        return False
    return True


def use_template_cache(env: jinja2.Environment, project_root: Path) -> Path | None:
    """Give `env` the project's compiled templates (call it once its extensions are added);
    the folder used, or None."""
    root = cache_root(project_root)
    if root is None:
        return None
    folder = root / "templates" / environment_key(env)
    if not _private_folder(folder):
        return None
    env.bytecode_cache = TemplateCodeCache(str(folder))
    return folder
