"""Ticket references: easy to read aloud and type, hard to guess, with a check character.

``7K3M-Q9TD-X``: eight random symbols of Crockford's base 32 (digits and capitals without I, L,
O, U, so nothing reads as another) then one check symbol computed with the Luhn mod N algorithm
over the same alphabet: it catches every single mistyped symbol and the swaps of two neighbours
(all but one pair of values, like the last digit of a bank card). 32⁸ ≈ 10¹² references for
~500 tickets a year: guessing one is hopeless, and only logged-in animators can try.

What people type is forgiven: case, spaces and dashes do not matter, and the letters Crockford
maps (O → 0, I and L → 1) are read as the digits they look like.
"""

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
BODY_LENGTH = 8
_VALUE = {symbol: index for index, symbol in enumerate(ALPHABET)}
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def check_symbol(body: str) -> str:
    """Luhn mod 32 over ``body`` (already normalised)."""
    n = len(ALPHABET)
    total, factor = 0, 2
    for symbol in reversed(body):
        addend = factor * _VALUE[symbol]
        total += addend // n + addend % n
        factor = 1 if factor == 2 else 2
    return ALPHABET[(n - total % n) % n]


def new_reference() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(BODY_LENGTH))
    return body + check_symbol(body)


def normalise(typed: str) -> str:
    """What was typed, without separators, in capitals, look-alike letters read as digits."""
    return "".join(ch for ch in str(typed).upper() if ch.isalnum()).translate(_LOOKALIKES)


def is_well_formed(compact: str) -> bool:
    """``compact`` (normalised) has the right length, symbols and check symbol."""
    if len(compact) != BODY_LENGTH + 1 or any(ch not in _VALUE for ch in compact):
        return False
    return check_symbol(compact[:-1]) == compact[-1]


def display(compact: str) -> str:
    """``7K3MQ9TDX`` → ``7K3M-Q9TD-X`` (how it is printed and read aloud)."""
    return f"{compact[:4]}-{compact[4:8]}-{compact[8:]}"
