"""The import contracts in pyproject.toml bind contexts not yet written: a probe context that reaches
into other contexts' modules is refused, one that goes through their services is not.

Each test runs `lint-imports` (this interpreter's) on a copy of `api/`, `domain/` and pyproject.toml,
so a probe never touches the real tree.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
DOMAIN_CONTRACTS = (
    "api-on-domain",
    "domain-off-the-web",
    "contexts-one-way",
    "models-stay-home",
    "contexts-through-services",
    "pure-rules",
)
CONTRACTS = (*DOMAIN_CONTRACTS, "api-schema-acyclic")


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for package in ("api", "domain"):
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def write(root: Path, module: str, source: str) -> None:
    path = root.joinpath(*module.split(".")).with_suffix(".py")
    path.parent.mkdir(parents=True, exist_ok=True)
    for parent in path.relative_to(root).parents:
        if parent != Path() and not (root / parent / "__init__.py").exists():
            (root / parent / "__init__.py").write_text("")
    path.write_text(source)


def lint_imports(root: Path, *contracts: str) -> subprocess.CompletedProcess[str]:
    """`lint-imports` run in `root`, which it puts first on the path, so the copy is what it reads."""
    arguments = [str(LINT_IMPORTS), "--no-cache", "--no-logo"]
    for contract in contracts:
        arguments += ["--contract", contract]
    return subprocess.run(arguments, cwd=root, capture_output=True, text=True, check=False, timeout=300)  # noqa: S603 - our own tool


def test_the_code_as_it_is_keeps_every_contract(tree: Path) -> None:
    run = lint_imports(tree, *CONTRACTS)
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"Contracts: {len(CONTRACTS)} kept, 0 broken." in run.stdout


def test_a_new_context_that_imports_other_contexts_models_and_use_cases_is_refused(tree: Path) -> None:
    write(
        tree,
        "domain.incentives.x",
        "from domain.exam import registration\nfrom domain.training.models import Course\n\n"
        "__all__ = ['Course', 'registration']\n",
    )
    models = lint_imports(tree, "models-stay-home")
    assert models.returncode == 1, models.stdout + models.stderr
    assert "domain.incentives.x -> domain.training.models (l.2)" in models.stdout
    services = lint_imports(tree, "contexts-through-services")
    assert services.returncode == 1, services.stdout + services.stderr
    assert "domain.incentives.x -> domain.exam.registration (l.1)" in services.stdout
    assert "domain.incentives.x -> domain.training.models (l.2)" in services.stdout


def test_a_new_context_that_uses_other_contexts_services_and_vocabulary_is_allowed(tree: Path) -> None:
    write(
        tree,
        "domain.incentives.x",
        "from domain.exam import service as exam\nfrom domain.training.vocabulary import HourCategory\n"
        "from domain.incentives.models import ROWS\n\n__all__ = ['ROWS', 'HourCategory', 'exam']\n",
    )
    write(tree, "domain.incentives.models", "ROWS = ()\n")
    run = lint_imports(tree, *DOMAIN_CONTRACTS)
    assert run.returncode == 0, run.stdout + run.stderr


def test_a_context_that_skips_another_context_s_service_is_refused(tree: Path) -> None:
    write(tree, "domain.exam.probe", "from domain.training import catalog\n\n__all__ = ['catalog']\n")
    run = lint_imports(tree, "contexts-through-services")
    assert run.returncode == 1, run.stdout + run.stderr
    assert "domain.exam.probe -> domain.training.catalog (l.1)" in run.stdout


def test_a_pure_rule_that_reaches_the_orm_even_through_a_helper_is_refused(tree: Path) -> None:
    rule = tree / "domain" / "exam" / "carry_over.py"
    rule.write_text(rule.read_text() + "\nfrom domain import paging  # noqa: E402\n")
    run = lint_imports(tree, "pure-rules")
    assert run.returncode == 1, run.stdout + run.stderr
    assert "domain.exam.carry_over -> domain.paging" in run.stdout


def test_a_cycle_between_graphql_modules_is_refused(tree: Path) -> None:
    write(tree, "api.schema.probe_one", "from api.schema import probe_two\n\n__all__ = ['probe_two']\n")
    write(tree, "api.schema.probe_two", "from api.schema import probe_one\n\n__all__ = ['probe_one']\n")
    run = lint_imports(tree, "api-schema-acyclic")
    assert run.returncode == 1, run.stdout + run.stderr
    assert ".probe_one -> .probe_two" in run.stdout or ".probe_two -> .probe_one" in run.stdout
