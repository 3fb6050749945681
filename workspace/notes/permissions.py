"""The notes module's own action. Who may do it in which kind of space is its grant in the
module's declaration (apps.py), asked of the spaces policy like every other action."""

MODULE = "notes"
PIN = "pin"  # put a note on top of the list
