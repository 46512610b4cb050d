"""The tests mirror the package (issue 20): a newcomer who changes `src/landscape/X/y.py`
finds its tests in `tests/X/test_y.py` (or `test_y_<aspect>.py`), and every module is
imported by some test.

Cross-cutting suites (corpus, faults, properties, docs, privacy across every output) live in
`tests/suites/`, browser tests in `tests/browser/`. A package split into private parts (its
`__init__` names the public API) is tested through that API: a part counts as imported when a
test imports its package and the package loads the part.
"""

from __future__ import annotations

import ast
import functools
import pkgutil
import subprocess
import sys
from pathlib import Path

import landscape
from landscape.paths import REPO

TESTS = REPO / "tests"
SRC = Path(landscape.__file__).parent
GROUPS = ("browser", "suites")  # not mirrors of a module


def _modules() -> list[str]:
    found = ["landscape"]
    found += [m.name for m in pkgutil.walk_packages(landscape.__path__, "landscape.")]
    return sorted(found)


def _imports() -> dict[str, set[str]]:
    """Each module the tests import -> the names they take from it: imported by name, or used
    as `module.name` where the test binds the module (`from landscape import handout`)."""
    found: dict[str, set[str]] = {}
    for path in TESTS.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        bound: dict[str, str] = {}  # a name in this file -> the module it stands for
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    found.setdefault(alias.name, set())
                    if alias.asname:
                        bound[alias.asname] = alias.name
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.setdefault(node.module, set()).update(a.name for a in node.names)
                for alias in node.names:
                    bound[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                module = bound.get(node.value.id)
                if module is not None and module.startswith("landscape"):
                    found.setdefault(module, set()).add(node.attr)
    return found


def _imported_by_tests() -> set[str]:
    """Modules that tests import by name: `import m`, `from m import x`, `from p import m`."""
    found = _imports()
    return set(found) | {f"{module}.{name}" for module, names in found.items() for name in names}


@functools.cache
def _loads(package: str) -> frozenset[str]:
    """The modules under `package`'s folder that the tests' imports from `package` load, in a
    fresh interpreter (a package may load a part on first use of a name: handout's drawing
    modules)."""
    takes = "".join(
        f"try:\n    from {package} import {name}\nexcept ImportError:\n    pass\n"
        for name in sorted(_imports().get(package, ()))
    )
    folder = package.rpartition(".")[0] if package.count(".") > 1 else package
    listed = f"print(*[m for m in sys.modules if m.startswith('{folder}.')])"
    code = f"import sys\nimport {package}\n{takes}{listed}"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return frozenset(done.stdout.split())


def _loaded_by_an_imported_package(module: str, imported: set[str]) -> bool:
    """Whether `module` is loaded by what the tests import from its package: the package
    itself (its public names), or a module beside it in a subpackage that uses it (mapview's
    `build` and its legend). A top-level module counts only when imported itself: `cli`
    loads nearly everything."""
    package = module.rpartition(".")[0]
    ancestors = [package.rsplit(".", n)[0] for n in range(package.count("."))]
    siblings = sorted(
        m
        for m in imported
        if package != "landscape" and m.rpartition(".")[0] == package and m != module
    )
    candidates = [p for p in ancestors if p in imported and p != "landscape"] + siblings
    return any(module in _loads(c) for c in candidates if c in _imports())


def test_every_module_is_imported_by_a_test():
    imported = _imported_by_tests()
    missing = [
        m
        for m in _modules()
        if m not in imported and not _loaded_by_an_imported_package(m, imported)
    ]
    assert missing == [], f"modules no test imports: {missing}"


def test_each_test_file_sits_where_its_module_does():
    misplaced = []
    for path in sorted(TESTS.rglob("test_*.py")):
        rel = path.relative_to(TESTS)
        if rel.parts[0] in GROUPS:
            continue
        folder, name = SRC.joinpath(*rel.parts[:-1]), path.stem.removeprefix("test_")
        prefixes = [name] + [name[:i] for i, c in enumerate(name) if c == "_"]
        if name != folder.name and not any(
            (folder / f"{p}.py").is_file() or (folder / p / "__init__.py").is_file()
            for p in prefixes
        ):
            misplaced.append(str(rel))
    assert misplaced == [], f"test files named after no module beside them: {misplaced}"


def test_the_checks_above_can_fail():
    # a module of the package that no test imports, and a test named after nothing
    imported = _imported_by_tests()
    assert "landscape.no_such_module" not in imported
    assert not _loaded_by_an_imported_package("landscape.ui.no_such_part", imported)
