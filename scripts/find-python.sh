#!/usr/bin/env bash
# Prints the path of a Python >= 3.12 (Django 6.1 needs it), or explains what to install.
set -u
candidates=("${PYTHON:-}" python3.13 python3.12 python3)
if command -v pyenv >/dev/null 2>&1; then
  for version in $(pyenv versions --bare 2>/dev/null | grep -E '^3\.(1[2-9]|[2-9][0-9])(\.|$)' | sort -rV); do
    candidates+=("$(pyenv root)/versions/$version/bin/python3")
  done
fi
for candidate in "${candidates[@]}"; do
  [ -n "$candidate" ] || continue
  path=$(command -v "$candidate" 2>/dev/null) || continue
  if "$path" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
    echo "$path"
    exit 0
  fi
done
echo "Innov'insertion needs Python 3.12 or newer (Django 6.1), and none was found." >&2
echo "Install one (e.g. 'apt-get install python3.12 python3.12-venv', or 'pyenv install 3.13'), or point PYTHON=/path/to/python3.12 at it." >&2
exit 1
