"""The improvement report: which articles fail customers, where, and why.

Reads the collector's event store (or exported JSON Lines / CSV files), joins it with the site's
manifest and writes `index.html`, `report.md`, `articles.csv` and `report.json` (docs/report.md).
The heavy lifting is done inside SQLite (`aggregate`), so ten million events fit in a few seconds
and a constant amount of memory.
"""
