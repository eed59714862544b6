"""The house's floors (STYLE.md): an app imports only apps on its floor or below, in Python
and in templates (a lower template never reverses a higher app's URL name: the link is
passed in, see innov_insertion/context_processors.py), and no module imports itself back
through others.

Read from the source files with ``ast``: nothing is imported to check it."""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import get_resolver

# The floors, ground up. A new app gets its line here.
FLOORS = {
    "events": 0,
    "exhibitors": 1,
    "workshops": 1,
    "recruitment": 2,
    "participants": 3,
    "messaging": 3,
    "onsite": 4,
}
# Local apps on no floor: development only; they may import any app, no app imports them.
OFF_FLOORS = {"demo"}
# The project package composes the apps (urls, home page, programme): no app imports that.
# Its shared pieces, which any app may import, stand on the ground floor (events) only.
PROJECT = "innov_insertion"
SHARED = {
    "innov_insertion.addresses",
    "innov_insertion.errors",
    "innov_insertion.exports",
    "innov_insertion.history",
    "innov_insertion.phones",
    "innov_insertion.sms",
    "innov_insertion.web",
}

ROOT = Path(settings.BASE_DIR)
URL_TAG = re.compile(r"""{%\s*url\s+["']([\w-]+):[\w-]+["']""")
URL_NAME = re.compile(r"^([\w-]+):[\w-]+$")


def _modules(*apps: str) -> dict[str, Path]:
    """Every Python module of ``apps``, by dotted name."""
    modules = {}
    for app in apps:
        for path in sorted((ROOT / app).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


MODULES = _modules(*FLOORS)
PROJECT_MODULES = _modules(PROJECT)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _walk(tree: ast.AST):
    """Every node, except what only type checkers read (``if TYPE_CHECKING:``)."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _is_type_checking(node):
            yield from (n for child in node.orelse for n in [child, *_walk(child)])
            continue
        yield node
        yield from _walk(node)


def _imports(module: str, path: Path) -> set[str]:
    """The dotted names ``module`` imports (relative imports resolved; a name imported
    from a package counts as its submodule when there is one)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in _walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                source = ".".join([*base, node.module] if node.module else base)
            else:
                source = node.module
            found.add(source)
            found.update(f"{source}.{alias.name}" for alias in node.names)
    return found


def _string_constants(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    return {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }


def _namespace_apps() -> dict[str, str]:
    """URL namespace → the app of ours whose urls module defines it."""
    owners = {}
    for namespace, (_prefix, resolver) in get_resolver().namespace_dict.items():
        module = getattr(resolver.urlconf_module, "__name__", "")
        app = module.split(".")[0]
        if app in FLOORS:
            owners[namespace] = app
    return owners


def _app_of(module: str) -> str:
    return module.split(".")[0]


def test_every_app_of_ours_has_a_floor():
    local_apps = {
        app.split(".")[0]
        for app in settings.INSTALLED_APPS
        if (ROOT / app.split(".")[0] / "apps.py").is_file()
    }

    assert local_apps - OFF_FLOORS == set(FLOORS)


@pytest.mark.parametrize("app", FLOORS)
def test_no_app_imports_an_app_above_it(app):
    higher = {other for other, floor in FLOORS.items() if floor > FLOORS[app]} | OFF_FLOORS
    wrong = sorted(
        f"{module} imports {name}"
        for module, path in MODULES.items()
        if _app_of(module) == app
        for name in _imports(module, path)
        if _app_of(name) in higher
    )

    assert wrong == []


@pytest.mark.parametrize("app", FLOORS)
def test_no_app_reverses_a_url_of_an_app_above_it(app):
    """In templates ({% url 'onsite:contacts' %}) and in Python (reverse("onsite:…"))."""
    owners = _namespace_apps()
    higher = {other for other, floor in FLOORS.items() if floor > FLOORS[app]}
    wrong = []
    for template in sorted((ROOT / app / "templates").rglob("*.html")):
        for namespace in URL_TAG.findall(template.read_text()):
            if owners.get(namespace) in higher:
                wrong.append(f"{template.relative_to(ROOT)} reverses {namespace}:")
    for module, path in MODULES.items():
        if _app_of(module) != app:
            continue
        for value in _string_constants(path):
            match = URL_NAME.match(value)
            if match and owners.get(match.group(1)) in higher:
                wrong.append(f"{module} names {value}")

    assert wrong == []


@pytest.mark.parametrize("app", FLOORS)
def test_apps_import_only_the_shared_pieces_of_the_project_package(app):
    wrong = sorted(
        f"{module} imports {name}"
        for module, path in MODULES.items()
        if _app_of(module) == app
        for name in _imports(module, path)
        if _app_of(name) == PROJECT and not any(name.startswith(s) for s in SHARED)
    )

    assert wrong == []


def test_shared_pieces_stand_on_the_ground_floor_only():
    wrong = sorted(
        f"{module} imports {name}"
        for module in SHARED
        for name in _imports(module, PROJECT_MODULES[module])
        if FLOORS.get(_app_of(name), 0) > 0 or _app_of(name) in OFF_FLOORS
    )

    assert wrong == []


def test_no_import_circle_between_modules():
    modules = {**MODULES, **PROJECT_MODULES}
    graph = {
        module: {name for name in _imports(module, path) if name in modules and name != module}
        for module, path in modules.items()
    }
    circles = []
    index, low, stack, on_stack = {}, {}, [], set()

    def visit(module):  # Tarjan: each strongly connected component of 2+ modules is a circle
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for other in graph[module]:
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for module in graph:
        if module not in index:
            visit(module)

    assert circles == []


def test_messaging_delivers_and_never_calls_the_participants_services():
    """Services enqueue, tasks deliver: participants' services import messaging's tasks, so
    messaging never imports them back (its own writes are in messaging/services.py)."""
    wrong = sorted(
        f"{module} imports {name}"
        for module, path in MODULES.items()
        if _app_of(module) == "messaging"
        for name in _imports(module, path)
        if name == "participants.services" or name.startswith("participants.services.")
    )

    assert wrong == []


def _python_lines(*folders: str) -> int:
    """What ``wc -l`` counts in the Python files of ``folders``, migrations left out."""
    return sum(
        path.read_bytes().count(b"\n")
        for folder in folders
        for path in (ROOT / folder).rglob("*.py")
        if "migrations" not in path.relative_to(ROOT).parts
    )


def test_participants_holds_under_30_percent_of_the_python_code():
    """No app grows into a bucket (issue #10): what people receive went to messaging."""
    participants = _python_lines("participants")
    total = _python_lines(*FLOORS, *OFF_FLOORS, PROJECT)

    share = participants / total

    assert share < 0.30, (
        f"participants/ holds {participants} of {total} lines of Python ({share:.1%}, "
        "outside tests and migrations): move a part that serves another moment to its own app"
    )
