"""Usernames: the one form they are stored, compared and signed in with.

A username is an identifier, like an e-mail address, not a name: people type it with the caps lock on, on
a phone that capitalises the first letter, or with a Chinese input method in full-width mode (ＬＩ.ＮＡ).
All of those mean the same account, so every username is stored, made unique and looked up in one form:
NFKC (full-width letters and digits become ASCII) then casefolded, trimmed. The stored form is what the
user sees afterwards (lower case, as mail and chat systems show a login name); keeping a second, "as
typed" spelling would be a second source of truth for no benefit to a user who types it either way.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

USERNAME: Final = re.compile(r"^[a-z0-9_.\-]{3,50}$")


def normalize_username(text: str) -> str:
    """`text` as stored and compared: NFKC, trimmed, casefolded ("  Li.Na " and "ｌｉ．ｎａ" -> "li.na")."""
    return unicodedata.normalize("NFKC", text).strip().casefold()


def is_valid_username(username: str) -> bool:
    """Whether a normalised username is 3–50 letters, digits, `_`, `.` or `-`."""
    return USERNAME.fullmatch(username) is not None
