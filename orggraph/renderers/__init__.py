"""Output back-ends: each reads an `Org` (never changes it) and produces bytes or files."""

from __future__ import annotations

__all__: list[str] = []
