"""The house rules that a reviewer would otherwise check by memory."""

import ast
from pathlib import Path

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


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _project_modules() -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                modules[_module_name(path)] = path
    return modules


def _absolute(module: str | None, level: int, importer: str, is_package: bool) -> str:
    if not level:
        return module or ""
    base = importer.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join(base + ([module] if module else []))


def private_imports(importer: str, path: Path, modules: dict[str, Path], root: Path = ROOT) -> list[str]:
    """Every private name `importer` takes from another project module, as readable lines."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    found = []
    # Local names bound to another project module: `import a.b as b`, `from a import b`.
    module_aliases: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in modules or alias.name.split(".")[0] in PACKAGES:
                    module_aliases[alias.asname or alias.name] = alias.name
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(node.module, node.level, importer, is_package)
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                if submodule in modules:
                    module_aliases[alias.asname or alias.name] = submodule
                elif _is_private(alias.name) and source in modules and source != importer:
                    found.append(f"{path.relative_to(root)}:{node.lineno}: from {source} import {alias.name}")
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute) or not _is_private(node.attr):
            continue
        dotted = ast.unparse(node.value)
        target = module_aliases.get(dotted)
        if target is None and dotted in modules and dotted.split(".")[0] in module_aliases:
            target = dotted
        if target and target != importer:
            found.append(f"{path.relative_to(root)}:{node.lineno}: {dotted}.{node.attr} ({target})")
    return found


def test_no_module_imports_another_modules_private_names():
    modules = _project_modules()
    offenders = [line for name, path in modules.items() for line in private_imports(name, path, modules)]
    print("\n".join(offenders))
    assert offenders == []


def test_the_private_import_check_sees_both_spellings(tmp_path):
    modules = {"nominations.documents": tmp_path / "a.py", "council.documents": tmp_path / "b.py"}
    source = tmp_path / "council" / "documents.py"
    source.parent.mkdir()
    source.write_text(
        "from nominations.documents import _commune, plan_basis\n"
        "from nominations import documents\n"
        "documents._file(1)\n"
        "self._cache = 1\n"
    )
    found = private_imports("council.documents", source, modules, root=tmp_path)
    assert found == [
        "council/documents.py:1: from nominations.documents import _commune",
        "council/documents.py:3: documents._file (nominations.documents)",
    ]
