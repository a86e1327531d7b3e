"""Front matter parsing that remembers the line of every key.

PyYAML's composer gives each node its position, so a bad value can be reported at the line the
writer has to edit rather than at the top of the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from helpcenter.problems import Problem, yaml_error_at

FENCE = "---"


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's safe loader when PyYAML has it (about 10× faster), else the pure one.

    An impossible date such as 2026-13-01 stays text, so the content model can say which key is
    wrong instead of PyYAML raising a bare ValueError.
    """


def _timestamp_or_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)


@dataclass
class FrontMatter:
    """The YAML mapping at the top of a Markdown file and where things are in the file."""

    meta: dict = field(default_factory=dict)
    key_lines: dict[str, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # 1-based line number where the body starts
    end_line: int = 0  # 1-based line of the closing fence (0 when there is no front matter)

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, 1)


class FrontMatterError(ValueError):
    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))


def parse_front_matter(text: str, path: str) -> FrontMatter:
    """Split `text` into front matter and body; raise FrontMatterError naming the line at fault."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != FENCE:
        return FrontMatter(body=text, body_line=1)
    for index in range(1, len(lines)):
        if lines[index].rstrip() in (FENCE, "..."):
            end = index
            break
    else:
        raise FrontMatterError(
            Problem(path, 1, "error", "front matter starts with '---' but is never closed",
                    "add a line with '---' after the last front matter key", "frontmatter-unclosed")
        )
    source = "\n".join(lines[1:end])
    loader = _Loader(source)
    try:
        node = loader.get_single_node()
        meta = loader.construct_document(node) if node is not None else {}
    except yaml.YAMLError as exc:
        line, reason = yaml_error_at(exc, first_line=2)  # the YAML starts below the fence
        raise FrontMatterError(
            Problem(path, line, "error", f"front matter is not valid YAML: {reason}",
                    "check quotes and indentation; quote values that contain ': '",
                    "frontmatter-yaml")
        ) from None
    finally:
        loader.dispose()
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise FrontMatterError(
            Problem(path, 2, "error", "front matter must be a set of 'key: value' lines",
                    "for example 'title: Reset your password'", "frontmatter-not-mapping")
        )
    key_lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            key_lines[str(key_node.value)] = key_node.start_mark.line + 2
    return FrontMatter(
        meta={str(k): v for k, v in meta.items()},
        key_lines=key_lines,
        body="\n".join(lines[end + 1:]),
        body_line=end + 2,
        end_line=end + 1,
    )
