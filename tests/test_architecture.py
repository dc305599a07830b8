"""The house rules that a reviewer would otherwise check by memory."""

import ast
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = (
    "thiduaportal",
    "units",
    "campaigns",
    "nominations",
    "council",
    "awards",
    "demo",
    "bench",
    "drills",
)
TESTS = "tests"


class PrivateUse(NamedTuple):
    where: str  # "path:line"
    spelling: str  # "from a.b import _x" or "b._x"
    source: str  # the module the private name belongs to

    def __str__(self) -> str:
        return f"{self.where}: {self.spelling} ({self.source})"


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _project_modules() -> dict[str, Path]:
    modules = {}
    for package in (*PACKAGES, TESTS):
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                modules[_module_name(path, ROOT)] = path
    return modules


def _absolute(module: str | None, level: int, importer: str, is_package: bool) -> str:
    if not level:
        return module or ""
    base = importer.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join(base + ([module] if module else []))


def private_uses(importer: str, path: Path, modules: dict[str, Path], root: Path = ROOT) -> list[PrivateUse]:
    """Every private name `importer` takes from another project module: `from a.b import _x`,
    or `b._x` / `a.b._x` after `from a import b` / `import a.b`."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    where = path.relative_to(root)
    found = []
    module_aliases: dict[str, str] = {}  # local name -> the project module it is bound to
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in modules:
                    module_aliases[alias.asname or alias.name] = alias.name
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(node.module, node.level, importer, is_package)
            for alias in node.names:
                if f"{source}.{alias.name}" in modules:
                    module_aliases[alias.asname or alias.name] = f"{source}.{alias.name}"
                elif _is_private(alias.name) and source in modules and source != importer:
                    found.append(
                        PrivateUse(f"{where}:{node.lineno}", f"from {source} import {alias.name}", source)
                    )
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute) or not _is_private(node.attr):
            continue
        dotted = ast.unparse(node.value)
        source = module_aliases.get(dotted) or (dotted if dotted in modules else None)
        if source and source != importer:
            found.append(PrivateUse(f"{where}:{node.lineno}", f"{dotted}.{node.attr}", source))
    return found


def _allowed(importer: str, use: PrivateUse) -> bool:
    # A test may read a private helper of the product module it tests (white-box); helpers
    # that test modules share with each other are public.
    return importer.split(".")[0] == TESTS and use.source.split(".")[0] != TESTS


def test_no_module_imports_another_modules_private_names():
    modules = _project_modules()
    offenders = [
        str(use)
        for name, path in modules.items()
        for use in private_uses(name, path, modules)
        if not _allowed(name, use)
    ]
    print("\n".join(offenders))
    assert offenders == []


def test_the_private_name_check_sees_every_spelling(tmp_path):
    names = ("nominations.documents", "nominations.services.notifications", "council.documents")
    modules = {name: tmp_path / f"{name}.py" for name in names}
    source = tmp_path / "council" / "documents.py"
    source.parent.mkdir()
    source.write_text(
        "from nominations.documents import _commune, plan_basis\n"
        "from nominations import documents\n"
        "import nominations.services.notifications\n"
        "from . import documents as here\n"
        "documents._file(1)\n"
        "nominations.services.notifications._link('x')\n"
        "here._private, self._cache, documents.__name__\n"
    )
    found = [str(use) for use in private_uses("council.documents", source, modules, root=tmp_path)]
    assert found == [
        "council/documents.py:1: from nominations.documents import _commune (nominations.documents)",
        "council/documents.py:5: documents._file (nominations.documents)",
        "council/documents.py:6: nominations.services.notifications._link (nominations.services.notifications)",
    ]


def test_tests_may_read_the_private_helpers_of_product_modules_only():
    product = PrivateUse("tests/x.py:1", "from campaigns.home import _link", "campaigns.home")
    shared = PrivateUse("tests/x.py:2", "from tests.authz import _with", "tests.authz")
    assert [
        _allowed("tests.campaigns.test_home", product),
        _allowed("tests.campaigns.test_home", shared),
    ] == [
        True,
        False,
    ]
    assert _allowed("council.documents", product) is False
