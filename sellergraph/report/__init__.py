"""Reports and charts: a self-contained HTML report and matplotlib plots of rings and scores.

matplotlib is imported only when a chart is drawn, so ``import sellergraph`` stays fast.

Examples
--------
>>> from sellergraph.report import to_html, write_report, plot_ring
>>> callable(to_html) and callable(write_report) and callable(plot_ring)
True
"""

from __future__ import annotations

from .html import to_html, write_report
from .plots import plot_ring, plot_score_distribution, plot_timeline

__all__ = ["plot_ring", "plot_score_distribution", "plot_timeline", "to_html", "write_report"]
