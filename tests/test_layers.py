"""The import arrows point one way (CONTRIBUTING: "Layers"): workspace modules → workspace.spaces
→ core; ``directory`` and ``home`` never import a workspace module; ``core`` imports no app; and
no two apps import each other, directly or around a loop. Read from the source (every import
statement, also those inside functions), so that a shortcut taken anywhere fails here."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ["core", "portal", "home", "directory", "search", "workspace"]


def _apps() -> list[str]:
    apps = [p for p in PACKAGES if p != "workspace"]
    apps += [f"workspace.{d.name}" for d in sorted((ROOT / "workspace").iterdir()) if (d / "apps.py").exists()]
    return apps


APPS = _apps()


def _app_of(module: str) -> str | None:
    for app in sorted(APPS, key=len, reverse=True):
        if module == app or module.startswith(app + "."):
            return app
    return None


def import_graph() -> dict[str, dict[str, set[str]]]:
    """{app: {imported app: {files}}}, migrations left out (they name models by string)."""
    graph: dict[str, dict[str, set[str]]] = {app: {} for app in APPS}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            relative = path.relative_to(ROOT)
            source = _app_of(".".join(relative.with_suffix("").parts))
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
                else:
                    continue
                for name in names:
                    target = _app_of(name)
                    if target and target != source:
                        graph[source].setdefault(target, set()).add(str(relative))
    return graph


def _cycles(graph) -> list[list[str]]:
    """The strongly connected groups of more than one app (Tarjan)."""
    index, low, stack, on_stack, found, counter = {}, {}, [], set(), [], [0]

    def visit(app):
        index[app] = low[app] = counter[0]
        counter[0] += 1
        stack.append(app)
        on_stack.add(app)
        for other in graph[app]:
            if other not in index:
                visit(other)
                low[app] = min(low[app], low[other])
            elif other in on_stack:
                low[app] = min(low[app], index[other])
        if low[app] == index[app]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == app:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for app in graph:
        if app not in index:
            visit(app)
    return found


GRAPH = import_graph()


def test_no_two_apps_import_each_other():
    assert _cycles(GRAPH) == [], {
        app: {other: sorted(files) for other, files in GRAPH[app].items()} for group in _cycles(GRAPH) for app in group
    }


def test_core_imports_no_app():
    assert GRAPH["core"] == {}


def test_the_public_site_never_imports_the_workspace():
    for app in ("directory", "home"):
        workspace = {other: sorted(files) for other, files in GRAPH[app].items() if other.startswith("workspace.")}
        assert workspace == {}, app


def test_spaces_import_no_module_and_nothing_imports_the_site_as_a_whole():
    spaces = {
        other: sorted(files) for other, files in GRAPH["workspace.spaces"].items() if other.startswith("workspace.")
    }
    assert spaces == {}
    importers = {app: sorted(GRAPH[app]["portal"]) for app in APPS if "portal" in GRAPH[app]}
    assert importers == {}
