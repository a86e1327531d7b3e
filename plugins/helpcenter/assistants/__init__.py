"""The help center as assistants read it: Markdown copies of articles, llms.txt per locale.

Plain Python (no MkDocs): `html_markdown` turns a rendered page into Markdown, `copies` adds the
metadata block, `llms_txt` writes the per-locale index and full text. The `helpcenter-assistants`
plugin wires them into the build; `helpcenter mcp` reads what they wrote.
"""
