"""The one Verilog lexer of the text layer: comments, strings and escaped identifiers found the
same way everywhere, so that a `//` inside a string or an escaped name (`\a//b `) is never
taken for a comment."""

from __future__ import annotations

import re

_COMMENT = r"//[^\n]*|/\*.*?\*/"
_STRING = r'"(?:\\.|[^"\\\n])*"'
_ESCAPED = r"\\\S+"

_TOKEN = re.compile(
    rf"(?P<comment>{_COMMENT})"
    rf"|(?P<string>{_STRING})"
    rf"|(?P<escaped>{_ESCAPED})"
    r"|(?P<ident>[A-Za-z_][A-Za-z0-9_$]*)"
    r"|(?P<sysname>\$[A-Za-z0-9_$]+)"
    r"|(?P<number>'[sS]?[bBoOdDhH]\s*[0-9a-fA-FxXzZ?_]+|[0-9][0-9_]*)",
    re.S,
)
# Only what can hide a comment marker: enough to blank comments without tokenising everything.
_COMMENT_OR_NOT = re.compile(rf"(?P<comment>{_COMMENT})|{_STRING}|{_ESCAPED}", re.S)


def tokens(text: str):
    """Yield (kind, start, end) for comments, strings, escaped and simple identifiers, system
    names and numbers."""
    for m in _TOKEN.finditer(text):
        yield m.lastgroup, m.start(), m.end()


def blank_comments(text: str) -> str:
    """`text` with every comment turned to spaces (line breaks kept): the same length and
    positions, and no keyword that a comment holds."""
    def blank(m: re.Match) -> str:
        return re.sub(r"[^\n]", " ", m[0]) if m.lastgroup == "comment" else m[0]
    return _COMMENT_OR_NOT.sub(blank, text)
