"""A registry of declarations keyed by slug (notification kinds, search kinds): declaring the same
slug twice with different contents is a programming error, declaring it again identically is
harmless (apps' ready() may run twice in tests)."""


class Registry(dict):
    def __init__(self, what: str):
        super().__init__()
        self.what = what

    def register(self, item):
        existing = self.get(item.slug)
        if existing is not None and existing != item:
            raise ValueError(f"{self.what} {item.slug!r} is declared twice")
        self[item.slug] = item
        return item

    def unregister(self, slug: str) -> None:
        self.pop(slug, None)
