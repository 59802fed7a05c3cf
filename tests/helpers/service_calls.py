"""Which public calls of ``NewsService`` the service tests really make: a pytest plugin.

``tests/conftest.py`` registers :class:`ServiceCalls`. It wraps every public call of the class
(methods and the ``role`` property) so that each call, while a test under ``COVERING`` runs,
records the call's name. ``tests/news/service/test_calls.py::test_every_public_call_...`` reads
the record; it is moved to the end of the run, and it judges only a run that took every test of
``COVERING``: one that collected every test function of those folders and deselected none of them
except the ``slow`` ones (the default ``-m "not slow"``). ``make test``, ``pytest``,
``pytest tests/news`` and ``pytest tests/news/service tests/news/ingest`` are such runs. A run of
a part (a file, a node id, ``-k``, ``-m slow``) or one where a covering test failed skips the
check and says why, so running a few tests never fails for the tests it left out.

Reading test sources for ``.name(`` (what this replaces) is fooled by any other object with an
attribute of that name (``.stories``, ``.chat``, ``.health``); a call recorded while the tests
run is not.
"""

from __future__ import annotations

import functools
import inspect
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

__all__ = ["CHECK", "PLUGIN", "ServiceCalls", "Verdict"]

TESTS = Path(__file__).resolve().parents[1]
COVERING = (TESTS / "news" / "service", TESTS / "news" / "ingest")
# Construction and plain attributes: not calls a face makes of the service.
EXEMPT = frozenset({"open", "now", "settings", "db", "clock"})
PLUGIN = "newsbrief-service-calls"  # its name in the plugin manager
CHECK = "test_every_public_call_of_the_service_is_exercised_by_the_service_tests"


@dataclass(frozen=True, slots=True)
class Verdict:
    """The public calls no covering test made, or why this run cannot tell."""

    missing: list[str]
    skip: str | None = None


def _covered(path: Path) -> bool:
    return any(path.is_relative_to(folder) for folder in COVERING)


def _test_functions(module: Any) -> set[str]:
    """The test functions a module defines (what a whole collection of it yields)."""
    return {name for name, value in vars(module).items()
            if name.startswith("test") and inspect.isfunction(value)}


class ServiceCalls:
    """Records the service's public calls made by covering tests; judges whether the run was whole."""

    def __init__(self, service: type) -> None:
        self.service = service
        self.public = [n for n in dir(service) if not n.startswith("_") and n not in EXEMPT]
        self.called: set[str] = set()
        self._covering_test = False
        self._originals: dict[str, Any] = {}
        self._whole: str | None = "the run has not been collected yet"
        self._failed: list[str] = []
        self._collected: list[pytest.Item] = []

    # ---- recording

    def _record(self, name: str) -> None:
        if self._covering_test:  # read from any thread: the bot and the worker pool call too
            self.called.add(name)

    def _wrap(self, name: str, attribute: Any) -> Any:
        """A stand-in on the class that records the call, then makes it. What it calls is looked
        up at call time past the class (``super``), so a test that patches a mixin still wins."""
        record, service = self._record, self.service
        own = service.__dict__.get(name)

        def target(instance: Any) -> Any:
            return own.__get__(instance, service) if own is not None else getattr(super(service, instance), name)

        if isinstance(attribute, property):
            def get(instance: Any) -> Any:
                record(name)
                return target(instance)

            return property(get, doc=attribute.__doc__)
        if inspect.iscoroutinefunction(attribute):
            @functools.wraps(attribute)
            async def call_async(instance: Any, /, *args: Any, **kwargs: Any) -> Any:
                record(name)
                return await target(instance)(*args, **kwargs)

            return call_async

        @functools.wraps(attribute)
        def call(instance: Any, /, *args: Any, **kwargs: Any) -> Any:
            record(name)
            return target(instance)(*args, **kwargs)

        return call

    def install(self) -> None:
        for name in self.public:
            attribute = inspect.getattr_static(self.service, name)
            if isinstance(attribute, (classmethod, staticmethod)) or not (
                    callable(attribute) or isinstance(attribute, property)):
                continue  # not a call on a service a face holds
            self._originals[name] = self.service.__dict__.get(name)
            setattr(self.service, name, self._wrap(name, attribute))

    def uninstall(self) -> None:
        for name, original in self._originals.items():
            if original is None:
                delattr(self.service, name)  # it was inherited from a mixin
            else:
                setattr(self.service, name, original)

    # ---- pytest hooks

    @pytest.hookimpl(tryfirst=True)
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        """Before -m/-k deselect anything: was every test of the covering folders collected?"""
        self._collected = [item for item in items if _covered(item.path)]
        files = {p for folder in COVERING for p in folder.rglob("test_*.py")}
        modules = {item.path: item.module for item in self._collected
                   if isinstance(item, pytest.Function) and item.module is not None}
        names_by_file: dict[Path, set[str]] = {}
        for item in self._collected:
            names_by_file.setdefault(item.path, set()).add(getattr(item, "originalname", item.name))
        absent = sorted(str(p.relative_to(TESTS)) for p in files - set(modules))
        partial = sorted(str(p.relative_to(TESTS)) for p, module in modules.items()
                         if _test_functions(module) - names_by_file.get(p, set()))
        if absent or partial:
            left_out = absent + partial
            more = f" and {len(left_out) - 3} more" if len(left_out) > 3 else ""
            self._whole = f"not every service test was collected ({', '.join(left_out[:3])}{more})"
        else:
            self._whole = None

    @pytest.hookimpl(trylast=True)
    def pytest_collection_finish(self, session: pytest.Session) -> None:
        """After deselection: only slow tests may be left out; the check goes last."""
        if self._whole is None:
            kept = set(map(id, session.items))
            dropped = [i.nodeid for i in self._collected if id(i) not in kept and i.get_closest_marker("slow") is None]
            if dropped:
                self._whole = f"{len(dropped)} service tests were deselected (e.g. {dropped[0]})"
        checks = [item for item in session.items if item.name.startswith(CHECK)]
        session.items[:] = [item for item in session.items if item not in checks] + checks

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_protocol(self, item: pytest.Item) -> Any:
        self._covering_test = _covered(item.path) and not item.name.startswith(CHECK)
        try:
            return (yield)
        finally:
            self._covering_test = False

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.failed and self._covering_test:  # reported inside the protocol above
            self._failed.append(report.nodeid)

    def pytest_unconfigure(self) -> None:
        self.uninstall()

    # ---- the verdict

    def verdict(self) -> Verdict:
        if self._whole is not None:
            return Verdict([], skip=f"{self._whole}: run tests/news/service and tests/news/ingest whole")
        if self._failed:
            return Verdict([], skip=f"{len(self._failed)} service tests failed (e.g. {self._failed[0]})")
        return Verdict(sorted(set(self._originals) - self.called))
