"""`helpcenter mcp`: a read-only Model Context Protocol server over a built or deployed site.

An app above the library (like the collector and the report): it reads only what the build
published (manifest, search index, Markdown copies, llms.txt, contact data) and answers with the
site's own code paths, so an assistant gets what a customer would.
"""
