"""The page templates, compiled once on a machine and kept between builds (Jinja's bytecode cache).

Every locale process compiles the ~40 templates a page is made of (Material's base.html and its
partials, the help center's overrides): 0.1 s of CPU per process, every build, for templates
that rarely change. Jinja can keep the compiled code in files and checks it against the
template's source (a SHA-1 of it) before use, as Python keeps its .pyc files. The files live in
the user's cache folder (`$XDG_CACHE_HOME/helpcenter/templates`, or `HELPCENTER_CACHE_DIR`;
empty switches it off), one subfolder per Jinja version and environment settings, since
Jinja's key holds only the template's name, file and source. A cache that cannot be read or
written is passed over: the templates are compiled as without it.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket, FileSystemBytecodeCache

CACHE_DIR_ENV = "HELPCENTER_CACHE_DIR"


def cache_root() -> Path | None:
    """Where helpcenter keeps its caches, or None when switched off."""
    value = os.environ.get(CACHE_DIR_ENV)
    if value is not None:
        return Path(value).expanduser() if value.strip() else None
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    if base:
        return Path(base) / "helpcenter"
    try:
        return Path.home() / ".cache" / "helpcenter"
    except (RuntimeError, KeyError):   # no home folder (a bare container user): no cache
        return None


def _name(value: object) -> str:
    return getattr(value, "__qualname__", None) or repr(value)


def environment_key(env: jinja2.Environment) -> str:
    """What the compiled code of a template depends on besides its source."""
    parts = [
        jinja2.__version__, sorted(env.extensions), env.block_start_string,
        env.block_end_string, env.variable_start_string, env.variable_end_string,
        env.comment_start_string, env.comment_end_string, env.line_statement_prefix,
        env.line_comment_prefix, env.trim_blocks, env.lstrip_blocks, env.newline_sequence,
        env.keep_trailing_newline, env.optimized, _name(env.autoescape), _name(env.finalize),
        _name(env.undefined), env.is_async, sorted(env.filters), sorted(env.tests),
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
    """The folder exists, is a folder of this user and only this user can write to it (the
    cache holds code that is run)."""
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        status = os.lstat(folder)
    except OSError:
        return False
    return (stat.S_ISDIR(status.st_mode) and status.st_uid == os.getuid()
            and not status.st_mode & (stat.S_IWGRP | stat.S_IWOTH))


def use_template_cache(env: jinja2.Environment) -> Path | None:
    """Give `env` the machine's compiled templates (call it once its extensions are added);
    the folder used, or None."""
    root = cache_root()
    if root is None:
        return None
    folder = root / "templates" / environment_key(env)
    if not _private_folder(folder):
        return None
    env.bytecode_cache = TemplateCodeCache(str(folder))
    return folder
