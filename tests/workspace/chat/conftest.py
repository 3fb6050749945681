from tests.workspace.spaces.fixtures import cast, member  # noqa: F401
