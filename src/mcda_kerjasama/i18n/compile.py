"""Compile the message tables: ``python -m mcda_kerjasama.i18n.compile`` writes
``compiled.json`` beside every ``<code>.toml`` of :mod:`mcda_kerjasama.i18n`.

The compiled copy is to the tables what gettext's ``.mo`` files are to its ``.po``
files: the same messages, read in about a millisecond instead of parsed (about 15 ms a
language), which keeps ``kerjasama --help`` as quick as click alone. Each language keeps
the size and CRC-32 of the table it came from; :func:`mcda_kerjasama.i18n.catalogue` uses the
copy only while it matches, and ``tests/test_i18n_catalogues.py`` fails until a changed
table is compiled again.

Example:
    >>> import json
    >>> compiled = json.loads(compiled_text({"en": b'[messages]\\nhello = "hi {name}"\\n'}))
    >>> compiled["en"]["messages"]
    {'hello': 'hi {name}'}
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from pathlib import Path

from mcda_kerjasama.i18n import COMPILED, parse_table, table_digest, table_path
from mcda_kerjasama.language import LANGUAGES


def compiled_text(tables: Mapping[str, bytes]) -> str:
    """The compiled copy (JSON text) of the tables' bytes, by language code."""
    entries = {
        lang: {"source": table_digest(source), "messages": parse_table(source)}
        for lang, source in tables.items()
    }
    return json.dumps(entries, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def current_text() -> str:
    """The compiled copy of the tables as they are now."""
    return compiled_text({lang: Path(table_path(lang)).read_bytes() for lang in LANGUAGES})


def main() -> int:
    """Write ``compiled.json`` beside the tables; 0 when done."""
    Path(COMPILED).write_text(current_text(), encoding="utf-8")
    print(f"{COMPILED}: {', '.join(LANGUAGES)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
