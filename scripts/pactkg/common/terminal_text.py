"""Text that is safe to write to a terminal (issue 10): a label holding ESC, BEL or a C1 control would
otherwise run as an escape sequence (recolour, retitle, move the cursor) when `pactkg query` prints it.

Control characters (C0, DEL, C1) and the bidirectional overrides that reorder what is shown are replaced by
a visible \\u escape; everything else, Latvian and Russian letters included, passes unchanged.
"""

from __future__ import annotations

import re

# C0 (U+0000–U+001F), DEL and C1 (U+007F–U+009F), bidi embeddings/overrides/isolates, line/paragraph separators.
_UNSAFE = re.compile("[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def safe(text: str, keep: str = "") -> str:
    """`text` with every control character shown as \\uXXXX, except those in `keep` (e.g. "\\n\\t")."""

    def escape(m: re.Match) -> str:
        ch = m.group(0)
        if ch in keep:
            return ch
        return f"\\u{ord(ch):04x}"

    return _UNSAFE.sub(escape, text)
