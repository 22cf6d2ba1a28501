"""How boxes and lines look: a small immutable theme, styled by unit type.

>>> t = Theme()
>>> t.style_for("department").fill
'#e8f1fb'
>>> t.style_for("something-new") == t.default
True
>>> Theme(font="Noto Serif CJK SC").font
'Noto Serif CJK SC'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

__all__ = ["DEFAULT_THEME", "BoxStyle", "Theme", "font_stack"]

# Families a viewer may have for Chinese text, best first; the SVG names them all.
CJK_FALLBACKS = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "PingFang SC",
    "Microsoft YaHei",
    "WenQuanYi Micro Hei",
    "sans-serif",
)


def font_stack(font: str) -> str:
    """A CSS font-family list starting with *font* (for SVG viewers without it).

    >>> font_stack("Noto Sans CJK SC").split(",")[:2]
    ["'Noto Sans CJK SC'", "'Noto Sans SC'"]
    """
    names = [font, *(f for f in CJK_FALLBACKS if f != font)]
    return ",".join(n if n == "sans-serif" else f"'{n}'" for n in names)


@dataclass(frozen=True)
class BoxStyle:
    """The look of one kind of unit box."""

    fill: str = "#ffffff"
    border: str = "#6b7a8f"
    text: str = "#1f2933"
    shape: str = "box"
    penwidth: float = 1.0


@dataclass(frozen=True)
class Theme:
    """Fonts, colours and line styles of a chart. Use :func:`dataclasses.replace` or the
    constructor to change parts: ``Theme(font="Noto Serif CJK SC")``."""

    font: str = "Noto Sans CJK SC"
    fontsize: float = 11.0
    small_fontsize: float = 9.0
    default: BoxStyle = BoxStyle()
    types: Mapping[str, BoxStyle] = field(
        default_factory=lambda: MappingProxyType(
            {
                "company": BoxStyle(fill="#1f3a5f", border="#1f3a5f", text="#ffffff", penwidth=1.5),
                "executive": BoxStyle(fill="#d6e4f5", border="#1f3a5f", penwidth=1.5),
                "department": BoxStyle(fill="#e8f1fb", border="#3e6a9e"),
                "group": BoxStyle(fill="#f6f8fa", border="#8796a8"),
                "team": BoxStyle(fill="#ffffff", border="#a0acb9"),
            }
        )
    )
    reporting_color: str = "#51606f"
    dotted_color: str = "#8a5cc2"
    collaboration_color: str = "#d9822b"
    responsibility_fill: str = "#fff8e1"
    responsibility_border: str = "#c9a227"
    muted_text: str = "#52606d"
    background: str = "#ffffff"
    warning_color: str = "#b42318"  # Vacant marks, on light boxes
    warning_on_dark: str = "#ffb4a8"  # the same on dark boxes (light text)

    def style_for(self, unit_type: str | None) -> BoxStyle:
        """The box style of a unit type (the default style for an unknown one)."""
        if unit_type is None:
            return self.default
        return self.types.get(unit_type, self.default)

    def warning_for(self, style: BoxStyle) -> str:
        """The colour of a warning (a Vacant mark) in a box of *style*: the light one in
        boxes whose text is light (dark fills), so that it stays legible.

        >>> t = Theme()
        >>> t.warning_for(t.default) == t.warning_color, t.warning_for(t.types["company"])
        (True, '#ffb4a8')
        """
        return self.warning_on_dark if _light(style.text) else self.warning_color

    def with_types(self, **styles: BoxStyle) -> Theme:
        """A copy with some unit types restyled."""
        return replace(self, types=MappingProxyType({**self.types, **styles}))


def _light(color: str) -> bool:
    """Whether a ``#rrggbb`` colour is light (relative luminance above one half);
    anything else (a colour name) counts as dark, like most text colours."""
    if len(color) != 7 or not color.startswith("#"):
        return False
    try:
        r, g, b = (int(color[i : i + 2], 16) / 255 for i in (1, 3, 5))
    except ValueError:
        return False
    return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.5


DEFAULT_THEME = Theme()
