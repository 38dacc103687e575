"""Fetch the pinned front-end packages of assets.lock.json from the npm registry into vendor/.

Run by `make` at set-up; needs only the Python standard library. Each tarball is checked against
its sha512 integrity before anything is extracted. Already-fetched versions are skipped.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import sys
import tarfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "assets.lock.json"
VENDOR = ROOT / "vendor"


def fetch(package: dict) -> None:
    # Scoped npm names (@fontsource/tinos) would make the stamp a path into a missing folder.
    stamp = VENDOR / f".{package['name'].replace('/', '_')}-{package['version']}"
    if stamp.exists() and all((VENDOR / dest).exists() for dest in package["files"].values()):
        return
    with urllib.request.urlopen(package["tarball"], timeout=60) as response:
        data = response.read()
    algorithm, expected = package["integrity"].split("-", 1)
    actual = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if actual != expected:
        sys.exit(f"integrity mismatch for {package['name']}@{package['version']}: got {algorithm}-{actual}")
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for member_name, dest in package["files"].items():
            member = archive.getmember(member_name)
            extracted = archive.extractfile(member)
            if extracted is None:
                sys.exit(f"{member_name} is not a file in {package['name']}")
            target = VENDOR / dest
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(extracted.read())
    stamp.touch()
    print(f"fetched {package['name']}@{package['version']}")


def main() -> None:
    VENDOR.mkdir(exist_ok=True)
    for package in json.loads(LOCK.read_text())["packages"]:
        fetch(package)


if __name__ == "__main__":
    main()
