"""Text helpers shared by the directory, the search and the workspace."""

import unicodedata


def fold(text: str) -> str:
    """``text`` without accents, in lower case, with hyphens and apostrophes as spaces and its
    spaces collapsed: "Saint-Céré" and "saint cere" compare equal."""
    text = (text or "").replace("œ", "oe").replace("Œ", "Oe").replace("æ", "ae").replace("Æ", "Ae")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return " ".join(text.replace("-", " ").replace("'", " ").replace("’", " ").split())
