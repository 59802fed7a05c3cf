"""The layout's promises, read from the source: faces reach the core only through ``news``,
open no transactions, SQL lives in ``news/store/`` alone, no import circles (counting the
imports inside functions), and every import of a library put off into a function says why.

Every module of our packages is parsed (not imported), so the tests are fast and see
function-level imports too.
"""

from __future__ import annotations

import ast
import sys
import tokenize
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import news

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "news", "summarizers", "config")
# What code outside news/store may take from SQLAlchemy: types for signatures and the errors
# it raises; everything that builds or runs a statement stays in the store.
SQLALCHEMY_ALLOWED = {"sqlalchemy": {"Connection", "Engine", "Row"}, "sqlalchemy.exc": None}


@dataclass(frozen=True, slots=True)
class Import:
    module: str  # the importing module
    target: str  # the module imported, as written (resolved when relative)
    names: tuple[str, ...]  # for ``from target import names``; empty for ``import target``
    line: int
    end_line: int
    top_level: bool  # runs when the module is imported (not in a function, not TYPE_CHECKING)
    type_only: bool  # under ``if TYPE_CHECKING:``: never runs


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _sources(*packages: str) -> Iterator[tuple[str, Path, ast.Module]]:
    for package in packages:
        for path in sorted((ROOT / package).rglob("*.py")):
            yield _module_name(path), path, ast.parse(path.read_text(), str(path))


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(module: str, path: Path, tree: ast.Module) -> Iterator[Import]:
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]

    def visit(node: ast.AST, top_level: bool, type_only: bool) -> Iterator[Import]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import):
                end = child.end_lineno or child.lineno
                for alias in child.names:
                    yield Import(module, alias.name, (), child.lineno, end, top_level, type_only)
            elif isinstance(child, ast.ImportFrom):
                target = child.module or ""
                if child.level:
                    base = package.split(".")
                    base = base[: len(base) - (child.level - 1)]
                    target = ".".join([*base, target] if target else base)
                names = tuple(a.name for a in child.names)
                end = child.end_lineno or child.lineno
                yield Import(module, target, names, child.lineno, end, top_level, type_only)
            elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                yield from visit(child, False, type_only)  # runs later: not part of the import
            elif isinstance(child, ast.If) and _is_type_checking(child):
                yield from visit(child, False, True)
            else:
                yield from visit(child, top_level, type_only)

    yield from visit(tree, True, False)


# The service's handles on the store: a face that reaches them could run its own SQL.
STORE_HANDLES = frozenset({"db", "engine"})


def _attributes_of(tree: ast.AST, names: set[str]) -> Iterator[ast.Attribute]:
    """``name.attr`` for the given module-level names, except where a function's parameter of
    the same name hides them (``async def work(news: NewsService)`` holds a service)."""
    for child in ast.iter_child_nodes(tree):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            args = child.args
            params = {a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs,
                                      *filter(None, [args.vararg, args.kwarg])]}
            yield from _attributes_of(child, names - params)
            continue
        if isinstance(child, ast.Attribute) and isinstance(child.value, ast.Name) and child.value.id in names:
            yield child
        yield from _attributes_of(child, names)


def _face_offences(module: str, path: Path, tree: ast.Module, where: str) -> list[str]:
    offences = []
    modules = set()  # names bound to the ``news`` module object by ``import news [as x]``
    for imp in _imports(module, path, tree):
        if imp.target.startswith("news."):
            offences.append(f"{where}:{imp.line} imports {imp.target}")
        elif imp.target == "news":
            offences += [f"{where}:{imp.line} imports news.{name} (not in news.__all__)"
                         for name in imp.names if name not in news.__all__]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules |= {alias.asname or alias.name for alias in node.names if alias.name == "news"}
        elif isinstance(node, ast.Attribute) and node.attr in STORE_HANDLES:
            offences.append(f"{where}:{node.lineno} reaches .{node.attr} (the store): call the service")
    offences += [f"{where}:{node.lineno} uses news.{node.attr} (not in news.__all__)"
                 for node in _attributes_of(tree, modules) if node.attr not in news.__all__]
    return offences


def test_faces_reach_the_core_only_through_the_news_api() -> None:
    offences = []
    for module, path, tree in _sources("bot"):
        offences += _face_offences(module, path, tree, str(path.relative_to(ROOT)))
    assert offences == []


def test_the_face_check_sees_the_module_object_and_the_store_handles(tmp_path: Path) -> None:
    source = tmp_path / "probe.py"
    source.write_text(
        "import news\n"
        "from news import NewsService, Database\n"
        "print(news.NewsService, news.store)\n"
        "async def work(news: NewsService) -> None:\n"
        "    await news.ask('gaza')\n"
        "    print(news.db.display_url())\n"
    )
    found = _face_offences("bot.probe", source, ast.parse(source.read_text()), "probe.py")
    assert found == ["probe.py:2 imports news.Database (not in news.__all__)",
                     "probe.py:6 reaches .db (the store): call the service",
                     "probe.py:3 uses news.store (not in news.__all__)"]


def test_faces_open_no_transactions_and_run_no_sql() -> None:
    offences = []
    for module, path, tree in _sources("bot"):
        offences += [f"{path.relative_to(ROOT)}:{imp.line} imports {imp.target}"
                     for imp in _imports(module, path, tree) if imp.target.split(".")[0] == "sqlalchemy"]
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("connect", "begin", "execute", "exec_driver_sql")):
                offences.append(f"{path.relative_to(ROOT)}:{node.lineno} calls .{node.func.attr}()")
    assert offences == []


def test_sql_is_written_only_in_the_store() -> None:
    offences = []
    for module, path, tree in _sources(*PACKAGES):
        if module.startswith("news.store"):
            continue
        where = path.relative_to(ROOT)
        for imp in _imports(module, path, tree):
            if imp.target.split(".")[0] != "sqlalchemy":
                continue
            allowed = SQLALCHEMY_ALLOWED.get(imp.target, set())
            if not imp.names:
                offences.append(f"{where}:{imp.line} imports {imp.target} whole")
            elif allowed is not None:
                offences += [f"{where}:{imp.line} imports {name} from {imp.target}"
                             for name in imp.names if name not in allowed]
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("execute", "exec_driver_sql", "executemany")):
                offences.append(f"{where}:{node.lineno} calls .{node.func.attr}()")
    assert offences == []


def _graph() -> dict[str, set[str]]:
    """Module → modules of ours it imports, now or later from inside a function.

    An import put off into a function is still a dependency: two modules that need each other
    that way are one module in two files. Only ``TYPE_CHECKING`` imports, which never run, are
    left out.
    """
    sources = list(_sources(*PACKAGES))
    known = {module for module, _, _ in sources}
    graph: dict[str, set[str]] = {module: set() for module in known}
    for module, path, tree in sources:
        for imp in _imports(module, path, tree):
            if imp.type_only or imp.target.split(".")[0] not in PACKAGES:
                continue
            # ``from pkg import sub`` imports the submodule; ``from pkg import name`` the package.
            targets = {f"{imp.target}.{name}" for name in imp.names} & known or {imp.target}
            graph[module] |= {t for t in targets if t in known and t != module}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def strong(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                strong(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            strong(node)
    return found


def test_there_are_no_import_circles() -> None:
    graph = _graph()
    assert len(graph) > 50  # the walk found our modules
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_circle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c"]]


def _comment_lines(path: Path) -> set[int]:
    with path.open("rb") as source:
        return {token.start[0] for token in tokenize.tokenize(source.readline)
                if token.type == tokenize.COMMENT}


def _lazy_imports_without_a_reason(module: str, path: Path, tree: ast.Module) -> list[Import]:
    """Function-level imports of other people's libraries with no comment saying why.

    The comment may sit on the import's lines or on the line above it; a run of such imports
    one after another shares the comment above the first.
    """
    comments = _comment_lines(path)
    lazy = [imp for imp in _imports(module, path, tree) if not imp.top_level and not imp.type_only]
    ends = {imp.end_line for imp in lazy}
    offences = []
    for imp in lazy:
        root = imp.target.split(".")[0]
        if root in PACKAGES or root in sys.stdlib_module_names:
            continue
        above = imp.line - 1
        while above in ends and above not in comments:  # the previous import of the same run
            above = min(i.line for i in lazy if i.end_line == above) - 1
        if not comments & {above, *range(imp.line, imp.end_line + 1)}:
            offences.append(imp)
    return offences


def test_a_library_imported_inside_a_function_says_why() -> None:
    """Put off only for a reason (slow to import, optional), and the reason is written down."""
    offences = []
    for module, path, tree in _sources(*PACKAGES):
        offences += [f"{path.relative_to(ROOT)}:{imp.line} imports {imp.target} with no comment"
                     for imp in _lazy_imports_without_a_reason(module, path, tree)]
    assert offences == []


def test_the_reason_check_reads_comments_not_strings(tmp_path: Path) -> None:
    source = tmp_path / "probe.py"
    source.write_text(
        "def a():\n"
        "    # slow: loads a model\n"
        "    import numpy\n"
        "    import scipy\n"
        "\n"
        "def b():\n"
        "    x = '# not a comment'\n"
        "    import lxml\n"
        "    import json\n"
        "    from . import render\n"
        "    import rich  # optional\n"
    )
    tree = ast.parse(source.read_text())
    found = _lazy_imports_without_a_reason("bot.probe", source, tree)
    assert [(imp.line, imp.target) for imp in found] == [(8, "lxml")]


def test_a_worker_process_never_imports_telegram() -> None:
    """``newsbrief run`` without a token imports ``bot.run`` and ``bot.jobs``: none of what they
    load at import time may reach python-telegram-bot (the digest jobs that need it stay in
    ``bot.telegram``)."""
    sources = {module: (path, tree) for module, path, tree in _sources(*PACKAGES)}
    seen: set[str] = set()
    todo = ["bot.run", "bot.jobs"]
    libraries: set[str] = set()
    while todo:
        module = todo.pop()
        if module in seen or module not in sources:
            continue
        seen.add(module)
        for imp in _imports(module, *sources[module]):
            if not imp.top_level:
                continue
            if imp.target.split(".")[0] in PACKAGES:
                todo += [imp.target, *(f"{imp.target}.{name}" for name in imp.names)]
                parts = imp.target.split(".")
                todo += [".".join(parts[:i]) for i in range(1, len(parts))]  # parent packages
            else:
                libraries.add(imp.target.split(".")[0])
    assert "bot.jobs" in seen and "news" in seen
    assert "telegram" not in libraries
    assert not any(module.startswith("bot.telegram") for module in seen)
