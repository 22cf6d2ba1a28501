"""Real organisations that ship with orggraph.

>>> import orggraph as og
>>> names()
['ecommerce', 'ecommerce-split']
>>> og.datasets.load("ecommerce").headcount("customer_service").value
7
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from .construct import loads
from .errors import UnknownIdError
from .model import Org

__all__ = ["load", "names", "path"]


def names() -> list[str]:
    """The names of the bundled organisations."""
    folder = resources.files("orggraph.data")
    return sorted(p.name.rsplit(".", 1)[0] for p in folder.iterdir() if p.name.endswith(".yaml"))


def path(name: str) -> Path:
    """The file of a bundled organisation (inside the installed package)."""
    if name not in names():
        raise UnknownIdError(name, choices=names(), what="dataset")
    return Path(str(resources.files("orggraph.data") / f"{name}.yaml"))


def load(name: str) -> Org:
    """Load a bundled organisation by name, e.g. ``"ecommerce"``."""
    source = resources.files("orggraph.data") / f"{name}.yaml"
    if name not in names():
        raise UnknownIdError(name, choices=names(), what="dataset")
    return loads(source.read_bytes(), "yaml", file=f"<orggraph dataset {name}>")
