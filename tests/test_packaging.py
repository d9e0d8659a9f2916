"""The versions pinned in pyproject.toml agree with .ci/constraints.txt, the set every install uses."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _key(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _constraints() -> dict[str, str]:
    out = {}
    for line in (ROOT / ".ci" / "constraints.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            out[_key(name)] = version.strip()
    return out


def test_every_exact_pin_in_pyproject_is_the_constrained_version():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        requirements += extra
    constrained = _constraints()
    pins = {}
    for req in requirements:
        m = re.match(r"\s*([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?\s*==\s*([^\s;,]+)", req)
        if m:
            pins[_key(m.group(1))] = m.group(2)
    assert pins, "pyproject.toml pins nothing exactly"
    assert {name: version for name, version in pins.items() if constrained.get(name) != version} == {}
