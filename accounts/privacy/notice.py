"""The privacy notice, versioned: each version is one template, kept once published, so that
every consent names the exact text it was given under."""

from __future__ import annotations

# Oldest first; the last one is in force. Publishing a new text = a new template and entry.
NOTICE_VERSIONS: dict[str, str] = {
    "2026-12-01": "accounts/privacy/notice_2026-12-01.html",
}
CURRENT_NOTICE_VERSION = list(NOTICE_VERSIONS)[-1]


def notice_template(version: str) -> str | None:
    return NOTICE_VERSIONS.get(version)
