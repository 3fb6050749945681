"""A module that exists only for the tests: it proves that adding a module touches no other app.

It declares, in its own AppConfig and nowhere else, pages in a space and at the root of the
workspace, a desk widget, a search kind, a notification kind and a socket handler; the test
settings install it (portal/settings/test.py) and tests/workspace/spaces/test_modules.py uses
every part of it. It is off by default in every space, so that other tests never see it.
"""
