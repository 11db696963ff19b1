"""axe-core in the browser tests (axe-playwright-python, which bundles axe.min.js): WCAG 2.2 AA
and axe's best practices, the rules the portal promises to pass on every page."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
OPTIONS = {"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]}

_axe = Axe()


def violations(page: Page) -> list[str]:
    """One line per violation and element: rule, impact, selector, what axe says is wrong."""
    found = []
    for violation in _axe.run(page, options=OPTIONS).response["violations"]:
        for node in violation["nodes"]:
            found.append(
                f"{violation['id']} ({violation['impact']}) {' '.join(map(str, node['target']))}: "
                f"{node.get('failureSummary', '').splitlines()[-1].strip()}"
            )
    return found
