"""Reading the msgids of a .po file (tests only: no gettext library needed)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ENTRY = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?) (".*")$')


def msgids(path: Path) -> list[tuple[str | None, str, str | None]]:
    """(context, msgid, msgid_plural) of every entry but the header."""
    entries, current, key = [], {}, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith("#~"):
            continue
        if not line.strip():
            if current.get("msgid"):
                entries.append(
                    (current.get("msgctxt"), current["msgid"], current.get("msgid_plural"))
                )
            current, key = {}, None
            continue
        if line.startswith("#"):
            continue
        match = ENTRY.match(line)
        if match:
            key = match.group(1)
            current[key] = ast.literal_eval(match.group(2))
        elif line.startswith('"') and key:
            current[key] += ast.literal_eval(line)
    return entries
