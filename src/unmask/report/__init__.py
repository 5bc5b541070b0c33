"""Reports of a scan: the version 1 JSON contract and a self-contained HTML file.

Both are built from :func:`scan_to_dict`, so the HTML never shows a number the
JSON does not contain.
"""

from unmask.report.html_report import render_html, write_html
from unmask.report.json_report import scan_to_dict, validate_scan_json, write_json

__all__ = ["render_html", "scan_to_dict", "validate_scan_json", "write_html", "write_json"]
