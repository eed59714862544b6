"""The lock files match the requirements people edit: a pin changed in requirements*.txt
(by hand or by Dependabot) without `make lock` fails here, before an install could differ
from what was tested.

`make install` and `make install-test` install from requirements.lock and
requirements-test.lock with ``--require-hashes``; requirements*.txt are their inputs.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")
INPUTS = {
    "requirements.txt": ["requirements.lock", "requirements-test.lock"],
    "requirements-test.txt": ["requirements-test.lock"],
}


def _name(name: str) -> str:
    """PEP 503's normalised name: Pillow, pillow and PIL_low are one package."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text().splitlines():
        if match := PIN.match(line):
            pins[_name(match[1])] = match[2]
    return pins


def _hashed(path: Path) -> dict[str, int]:
    """Each locked package and how many file hashes it lists."""
    counts, current = {}, None
    for line in path.read_text().splitlines():
        if match := PIN.match(line):
            current = _name(match[1])
            counts[current] = 0
        elif line.strip().startswith("--hash=sha256:") and current:
            counts[current] += 1
    return counts


@pytest.mark.parametrize(
    ("source", "lock"), [(source, lock) for source, locks in INPUTS.items() for lock in locks]
)
def test_every_pin_is_locked_at_its_version(source, lock):
    pins = _pins(ROOT / source)
    locked = _pins(ROOT / lock)

    stale = {name: (version, locked.get(name)) for name, version in pins.items()}
    stale = {name: pair for name, pair in stale.items() if pair[0] != pair[1]}

    assert pins, f"{source} pins nothing"
    assert stale == {}, f"{lock} is out of date (pin, locked): run `make lock`"


@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-test.lock"])
def test_every_locked_package_has_hashes(lock):
    counts = _hashed(ROOT / lock)

    assert counts
    assert [name for name, count in counts.items() if count == 0] == []


def test_both_locks_agree_on_shared_packages():
    production = _pins(ROOT / "requirements.lock")
    test = _pins(ROOT / "requirements-test.lock")
    differ = {name: (v, test.get(name)) for name, v in production.items() if test.get(name) != v}

    assert differ == {}
