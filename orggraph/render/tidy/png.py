"""PNG output of the tidy engine, drawn with Pillow at a legible resolution."""

from __future__ import annotations

import io
import math
import warnings
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from orggraph.errors import OrgWarning
from orggraph.render.metrics import text_width
from orggraph.render.people_lines import split_mark
from orggraph.render.theme import BoxStyle
from orggraph.render.tidy.linklabels import drawn_span, marker_radius
from orggraph.render.tidy.routing import rounded
from orggraph.render.tidy.scene import (
    LINE,
    MARGIN,
    MAX_PNG_PIXELS,
    MAX_PNG_SIDE,
    MIN_DRAWN_PX,
    MIN_LEGIBLE_PX,
    NAME,
    PAD_Y,
    VACANT,
    legend_width,
)
from orggraph.render.tidy.structure import E_NAME, E_VACANT, apart_boxes, extra_style

if TYPE_CHECKING:
    from orggraph.render.tidy.scene import Chart


def draw_png(chart: Chart, dpi: float) -> bytes:
    """Lines, boxes and curves through matplotlib's Agg canvas (anti-aliased, dashed),
    then the text with Pillow's FreeType renderer, which is many times faster than
    matplotlib's per-glyph text path for thousands of labels."""
    px, dpi, draw_text = _resolution(chart, dpi)
    lay, theme = chart.layout, chart.theme
    small = theme.small_fontsize
    x0, x1, _ = drawn_span(lay.width, lay.height, chart.drawing)  # all of it, centred
    ox = MARGIN + (chart.width - 2 * MARGIN - (x1 - x0)) / 2 - x0
    oy = chart.top
    styles: dict[str | None, BoxStyle] = {}
    for t in chart.types:
        if t not in styles:
            styles[t] = theme.style_for(t)
    legend_y = MARGIN + sum(
        (theme.fontsize + 3 if k == 0 else small) * LINE for k, _ in chart.header
    )
    legend_y += small * LINE - 0.3 * small
    samples = _legend_samples(chart.legend, chart.width / 2, legend_y, small)
    image = _draw_shapes(chart, (ox, oy), dpi, styles, samples)
    if draw_text:
        _draw_text(image, chart, (ox, oy), px, styles, samples)
    buf = io.BytesIO()
    # Charts are mostly background: a fast compression level loses little.
    image.save(buf, format="PNG", compress_level=3 if image.width * image.height > 4e6 else 6)
    return buf.getvalue()


def _resolution(chart: Chart, dpi: float) -> tuple[float, float, bool]:
    """Pixels per point and the dpi, lowered to keep the PNG within
    :data:`MAX_PNG_SIDE` and :data:`MAX_PNG_PIXELS`; whether the text is drawn at all.
    Warns when the small text comes out too small to read."""
    width, height = chart.width, chart.height
    small = chart.theme.small_fontsize
    px = dpi / 72  # pixels per point
    limit = min(
        MAX_PNG_SIDE / (width * px),
        MAX_PNG_SIDE / (height * px),
        math.sqrt(MAX_PNG_PIXELS / (width * height * px * px)),
    )
    if limit < 1:
        px *= limit
        dpi = px * 72
    draw_text = small * px >= MIN_DRAWN_PX
    if small * px < MIN_LEGIBLE_PX:
        warnings.warn(
            f"the chart is {width:,.0f} x {height:,.0f} pt: a PNG within {MAX_PNG_SIDE:,} px "
            f"per side and {MAX_PNG_PIXELS / 1e6:g} megapixels draws its small text "
            f"{small * px:.1f} px high, too small to read"
            + ("" if draw_text else " (so text is left out)")
            + "; render SVG, or draw a sub-chart with root= and depth=",
            OrgWarning,
            stacklevel=5,  # the caller of render(): _resolution, draw_png, render_bytes, render
        )
    return px, dpi, draw_text


def _draw_shapes(
    chart: Chart,
    offset: tuple[float, float],
    dpi: float,
    styles: dict[str | None, BoxStyle],
    samples: list[tuple[str, float, float, float]],
) -> Any:
    """The picture without its text, as a Pillow image: reporting lines, boxes, links
    and the legend's line samples, drawn by matplotlib's Agg canvas."""
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from PIL import Image

    theme = chart.theme
    width, height = chart.width, chart.height
    fig = Figure(figsize=(width / 72, height / 72), dpi=dpi, facecolor=theme.background)
    canvas: Any = FigureCanvasAgg(fig)
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)
    ax.set_axis_off()
    thin = 0.9 * 72 / dpi  # lines never thinner than about a pixel, however big the chart
    _draw_tree(ax, chart, offset, thin, styles)
    _draw_extras(ax, chart, offset, thin)
    _draw_links(ax, chart, offset, thin)
    small = theme.small_fontsize
    for key, x0, x1, ly in samples:
        if key == "unknown":
            continue
        color, dash = {
            "reporting": (theme.reporting_color, "-"),
            "dotted": (theme.dotted_color, (0, (1, 2.5))),
            "collaboration": (theme.collaboration_color, (0, (5, 3))),
        }[key]
        ax.plot(
            [x0, x1 - 0.6 * small],
            [ly - 0.3 * small] * 2,
            color=color,
            linestyle=dash,
            linewidth=1.2,
        )
    canvas.draw()
    image = Image.fromarray(np.asarray(canvas.buffer_rgba())[..., :3])
    del fig, canvas, ax
    return image


def _draw_tree(
    ax: Any,
    chart: Chart,
    offset: tuple[float, float],
    thin: float,
    styles: dict[str | None, BoxStyle],
) -> None:
    """Reporting lines, then the boxes over them (rounded, in their type's colours)."""
    import numpy as np
    from matplotlib.collections import LineCollection, PolyCollection

    lay, theme = chart.layout, chart.theme
    ox, oy = offset
    lw = max(0.8, thin)  # reporting line width in points
    shift = np.array([ox, oy])
    apart = apart_boxes(lay)  # their lines are drawn by _draw_extras
    segments = [np.asarray(p, dtype=float) + shift for i, _, p, _ in lay.paths if i not in apart]
    if segments:
        ax.add_collection(
            LineCollection(segments, colors=theme.reporting_color, linewidths=lw, zorder=1)
        )
    if len(lay):
        x = np.asarray(lay.x) + ox
        y = np.asarray(lay.y) + oy
        w = np.asarray(lay.w)
        h = np.asarray(lay.h)
        kinds = [styles[t] for t in chart.types]
        ax.add_collection(
            PolyCollection(
                _rounded(x, y, w, h, 4.0),
                facecolors=[st.fill for st in kinds],
                edgecolors=[st.border for st in kinds],
                linewidths=[max(st.penwidth * 0.8, thin) for st in kinds],
                zorder=2,
            )
        )


def _draw_links(ax: Any, chart: Chart, offset: tuple[float, float], thin: float) -> None:
    """Links along their routes (dotted and dashed, corners rounded, arrowheads),
    under the boxes; the circles of numbered markers over everything."""
    from matplotlib.collections import PolyCollection
    from matplotlib.patches import Circle, PathPatch
    from matplotlib.path import Path as MplPath

    drawing = chart.drawing
    if drawing is None:
        return
    theme = chart.theme
    ox, oy = offset
    heads = []
    head_colors = []
    for link, path, radii in zip(chart.links, drawing.routes, drawing.radii, strict=True):
        pts = [(x + ox, y + oy) for x, y in path]
        verts = [pts[0]]
        codes = [MplPath.MOVETO]
        for step in rounded(pts, radii):
            verts.extend(step)
            codes.extend([MplPath.LINETO] if len(step) == 1 else [MplPath.CURVE4] * 3)
        color = theme.dotted_color if link.kind == "dotted" else theme.collaboration_color
        ax.add_patch(
            PathPatch(
                MplPath(verts, codes), fill=False, edgecolor=color, zorder=1.5,
                linewidth=max(1.3 if link.kind == "dotted" else 1.0, thin),
                linestyle=(0, (1, 2.5)) if link.kind == "dotted" else (0, (5, 3)),
            )
        )  # fmt: skip
        for ctrl, tip in [(pts[-2], pts[-1])] + ([(pts[1], pts[0])] if link.mutual else []):
            heads.append(_arrowhead(ctrl, tip, 7.0))
            head_colors.append(color)
    if heads:
        ax.add_collection(
            PolyCollection(heads, facecolors=head_colors, edgecolors="none", zorder=2.5)
        )
    r = marker_radius(theme.small_fontsize)
    for link, spot in zip(chart.links, drawing.labels, strict=True):
        if spot is not None and spot.leader is not None:  # no room on the link: a leader
            color = theme.dotted_color if link.kind == "dotted" else theme.collaboration_color
            ax.plot([spot.leader[0] + ox, spot.x + ox], [spot.leader[1] + oy, spot.y + oy],
                    color=color, linewidth=max(0.6, thin), zorder=2.9)  # fmt: skip
    for (cx, cy), kind in _marker_spots(chart):
        color = theme.dotted_color if kind == "dotted" else theme.collaboration_color
        ax.add_patch(
            Circle((cx + ox, cy + oy), r, facecolor=theme.background, edgecolor=color,
                   linewidth=max(0.8, thin), zorder=3)
        )  # fmt: skip


def _marker_spots(chart: Chart) -> list[tuple[tuple[float, float], str]]:
    """Centres (layout coordinates) and link kinds of the markers on the links and of
    those in the key."""
    drawing = chart.drawing
    if drawing is None:
        return []
    out = []
    kinds = {}
    for link, spot in zip(chart.links, drawing.labels, strict=True):
        if spot is not None and spot.number:
            out.append(((spot.x, spot.y), link.kind))
            kinds[spot.number] = link.kind
    for (cx, cy, _), (number, _) in zip(_key_rows(chart), drawing.key, strict=True):
        out.append(((cx, cy), kinds[number]))
    return out


def _key_rows(chart: Chart) -> list[tuple[float, float, float]]:
    """The centre of each key entry's marker and the x where its text starts."""
    drawing = chart.drawing
    if drawing is None or not drawing.key:
        return []
    small = chart.theme.small_fontsize
    r = marker_radius(small)
    rows = -(-len(drawing.key) // drawing.key_columns)
    col_w = (drawing.key_size[0] + 2 * small) / drawing.key_columns
    row_h = drawing.key_size[1] / rows
    x0, y0 = drawing.key_at
    out = []
    for pos in range(len(drawing.key)):
        col, row = divmod(pos, rows)
        cx, cy = x0 + col * col_w + r, y0 + row * row_h + row_h / 2
        out.append((cx, cy, cx + r + small / 2))
    return out


class _Fonts:
    """Pillow fonts by weight and size, at *px* pixels per point, loaded once each."""

    def __init__(self, texts: list[str], px: float) -> None:
        self.regular, self.bold = _faces(texts)
        self.px = px
        self.loaded: dict[tuple[bool, float], Any] = {}

    def __call__(self, is_bold: bool, size: float) -> Any:
        key = (is_bold, size)
        got = self.loaded.get(key)
        if got is None:
            face = self.bold if is_bold else self.regular
            got = self.loaded[key] = _pil_font(face, size * self.px)
        return got


def _draw_text(
    image: Any,
    chart: Chart,
    offset: tuple[float, float],
    px: float,
    styles: dict[str | None, BoxStyle],
    samples: list[tuple[str, float, float, float]],
) -> None:
    """The text, with Pillow: box lines, the links' relations (with a halo), the header
    and the legend's labels."""
    from PIL import ImageDraw

    texts = [s for lines in chart.lines for _, s in lines]
    texts += [s for _, s in chart.header] + [link.relation for link in chart.links]
    font = _Fonts(texts, px)
    text = ImageDraw.Draw(image).text
    _draw_box_text(text, chart, offset, px, font, styles)
    _draw_extra_text(text, chart, offset, px, font)
    theme = chart.theme
    big, small = theme.fontsize, theme.small_fontsize
    small_font = font(False, small)
    _draw_relations(text, chart, offset, px, font)
    yy = MARGIN
    for kind, s in chart.header:
        size = big + 3 if kind == 0 else small
        yy += size * LINE
        text((chart.width / 2 * px, (yy - 0.3 * size) * px), s, font=font(kind == 0, size),
             fill=theme.muted_text if kind else theme.default.text, anchor="ms")  # fmt: skip
    for (_, label), (_, _, x1, ly) in zip(chart.legend, samples, strict=True):
        text((x1 * px, ly * px), label, font=small_font, fill=theme.muted_text, anchor="ls")


def _draw_relations(
    text: Callable[..., None], chart: Chart, offset: tuple[float, float], px: float, font: _Fonts
) -> None:
    """The links' relations (with a halo), the markers' numbers and the key's text."""
    drawing = chart.drawing
    if drawing is None:
        return
    theme = chart.theme
    small = theme.small_fontsize
    small_font, number_font = font(False, small), font(False, 0.85 * small)
    step_small = small * LINE
    ox, oy = offset
    halo = max(1, round(1.5 * px))
    kinds = {}
    for link, spot in zip(chart.links, drawing.labels, strict=True):
        if spot is None:
            continue
        color = theme.dotted_color if link.kind == "dotted" else theme.collaboration_color
        kinds[spot.number] = color
        if spot.number:
            text(((spot.x + ox) * px, (spot.y + oy + 0.33 * small) * px), str(spot.number),
                 font=number_font, fill=color, anchor="ms")  # fmt: skip
            continue
        y0 = spot.y - (len(spot.rows) - 1) * step_small / 2 + 0.35 * small
        for j, row in enumerate(spot.rows):
            text(((spot.x + ox) * px, (y0 + j * step_small + oy) * px), row, font=small_font,
                 fill=color, anchor="ms", stroke_width=halo,
                 stroke_fill=theme.background)  # fmt: skip
    for (cx, cy, tx), (number, line) in zip(_key_rows(chart), drawing.key, strict=True):
        text(((cx + ox) * px, (cy + oy + 0.33 * small) * px), str(number), font=number_font,
             fill=kinds[number], anchor="ms")  # fmt: skip
        text(((tx + ox) * px, (cy + oy + 0.35 * small) * px), line, font=small_font,
             fill=theme.muted_text, anchor="ls")  # fmt: skip


def _draw_box_text(
    text: Callable[..., None],
    chart: Chart,
    offset: tuple[float, float],
    px: float,
    font: _Fonts,
    styles: dict[str | None, BoxStyle],
) -> None:
    """Each box's lines, centred: names bold, the rest small; a Vacant mark bold in
    the theme's warning colour."""
    lay, theme = chart.layout, chart.theme
    big, small = theme.fontsize, theme.small_fontsize
    ox, oy = offset
    name_font, small_font = font(True, big), font(False, small)
    mark_font = font(True, small)
    step_big, step_small = big * LINE, small * LINE
    xs, ys, ws = lay.x, lay.y, lay.w
    for i, lines in enumerate(chart.lines):
        color = styles[chart.types[i]].text
        cx = (xs[i] + ws[i] / 2 + ox) * px
        ty = ys[i] + oy + PAD_Y
        for kind, s in lines:
            if kind == NAME:
                text((cx, (ty + 0.5 * step_big + 0.35 * big) * px), s, font=name_font,
                     fill=color, anchor="ms")  # fmt: skip
                ty += step_big
            elif kind == VACANT:
                before, mark = split_mark(s)
                base = (ty + 0.5 * step_small + 0.35 * small) * px
                w0, w1 = small_font.getlength(before), mark_font.getlength(mark)
                x0 = cx - (w0 + w1) / 2
                if before:
                    text((x0, base), before, font=small_font, fill=color, anchor="ls")
                warning = theme.warning_for(styles[chart.types[i]])
                text((x0 + w0, base), mark, font=mark_font, fill=warning, anchor="ls")
                ty += step_small
            else:
                text((cx, (ty + 0.5 * step_small + 0.35 * small) * px), s, font=small_font,
                     fill=color, anchor="ms")  # fmt: skip
                ty += step_small


def _draw_extras(ax: Any, chart: Chart, offset: tuple[float, float], thin: float) -> None:
    """Units drawn apart (a dashed frame, dashed lines down), then the boxes that are
    not units' and their side connectors."""
    import numpy as np
    from matplotlib.collections import LineCollection, PolyCollection

    lay, theme = chart.layout, chart.theme
    ox, oy = offset
    shift = np.array([ox, oy])
    lw = max(0.8, thin)
    apart = sorted(apart_boxes(lay))
    if apart:
        dashed = [np.asarray(p, dtype=float) + shift for i, _, p, _ in lay.paths if i in apart]
        frames = _rounded(
            np.asarray([lay.x[i] - 4 + ox for i in apart]),
            np.asarray([lay.y[i] - 4 + oy for i in apart]),
            np.asarray([lay.w[i] + 8 for i in apart]),
            np.asarray([lay.h[i] + 8 for i in apart]),
            6.0,
        )
        dash = (0, (5, 3))
        ax.add_collection(
            LineCollection(
                dashed, colors=theme.reporting_color, linewidths=lw, linestyles=[dash], zorder=1
            )
        )
        ax.add_collection(
            PolyCollection(frames, facecolors="none", edgecolors=theme.reporting_color,
                           linewidths=lw, linestyles=[dash], zorder=1)
        )  # fmt: skip
    extra = lay.extra
    if not extra:
        return
    links = [np.asarray(e.link, dtype=float) + shift for e in extra]
    ax.add_collection(LineCollection(links, colors=theme.reporting_color, linewidths=lw, zorder=1))
    st = [extra_style(theme, e.kind) for e in extra]
    ax.add_collection(
        PolyCollection(
            _rounded(
                np.asarray([e.x + ox for e in extra]),
                np.asarray([e.y + oy for e in extra]),
                np.asarray([e.w for e in extra]),
                np.asarray([e.h for e in extra]),
                3.0,
            ),
            facecolors=[s.fill for s in st],
            edgecolors=[s.border for s in st],
            linewidths=max(0.8, thin),
            linestyles=[(0, (4, 2)) if e.kind == "vacant" else "-" for e in extra],
            zorder=2,
        )
    )


def _draw_extra_text(
    text: Callable[..., None], chart: Chart, offset: tuple[float, float], px: float, font: _Fonts
) -> None:
    """The lines of the boxes that are not units': names and Vacant bold."""
    theme = chart.theme
    small = theme.small_fontsize
    step = small * LINE
    ox, oy = offset
    warning = theme.warning_color
    for e in chart.layout.extra:
        st = extra_style(theme, e.kind)
        cx = (e.x + e.w / 2 + ox) * px
        y = e.y + oy + 4.0
        for kind, line in chart.extra_lines.get((e.kind, e.key, e.owner), ()):
            y += step
            color = st.text if kind == E_NAME else warning if kind == E_VACANT else theme.muted_text
            text((cx, (y - 0.3 * step) * px), line, font=font(kind in (E_NAME, E_VACANT), small),
                 fill=color, anchor="ms")  # fmt: skip


def _legend_samples(
    keys: list[tuple[str, str]], mid: float, y: float, size: float
) -> list[tuple[str, float, float, float]]:
    """``(key, sample start x, label start x, baseline y)`` for each legend entry."""
    x = mid - legend_width(keys, size) / 2
    out = []
    for key, label in keys:
        start = x
        if key != "unknown":
            x += 2.6 * size
        out.append((key, start, x, y))
        x += text_width(label, size) + 2 * size
    return out


def _faces(texts: list[str]) -> tuple[tuple[str, int], tuple[str, int]]:
    """(file, face index) of the regular and bold font for PNG text: a CJK face (it
    has Latin letters too) when matplotlib knows one, else DejaVu Sans. Warns, through
    :func:`orggraph.render.fonts.cjk_rc`, when Chinese text has no font."""
    from matplotlib import font_manager

    from orggraph.render import fonts

    with fonts.cjk_rc(texts) as family:
        name = family[-1]
    entries = [e for e in font_manager.fontManager.ttflist if e.name == name]

    def pick(weight: int) -> tuple[str, int]:
        best = min(
            entries,
            key=lambda e: (e.style != "normal", abs(_weight(e.weight) - weight)),
            default=None,
        )
        if best is None:
            props = font_manager.FontProperties(family=name, weight=weight)
            return str(font_manager.findfont(props)), 0
        return str(best.fname), int(getattr(best, "index", 0) or 0)

    return pick(400), pick(700)


def _weight(value: Any) -> int:
    if isinstance(value, int):
        return value
    return {"light": 300, "normal": 400, "regular": 400, "medium": 500, "bold": 700}.get(
        str(value), 400
    )


def _pil_font(face: tuple[str, int], size: float) -> Any:
    from PIL import ImageFont

    return ImageFont.truetype(face[0], size=max(size, 1.0), index=face[1])


def _rounded(x: Any, y: Any, w: Any, h: Any, radius: float) -> Any:
    """(n, 20, 2) polygon vertices of rounded rectangles (top-left x, y; size w, h)."""
    import numpy as np

    r = np.minimum(radius, np.minimum(w, h) / 2)[:, None]
    t = np.linspace(0, np.pi / 2, 5)
    cos, sin = np.cos(t), np.sin(t)
    # corners: top-right, bottom-right, bottom-left, top-left (y grows downwards)
    cx = np.concatenate(
        [(x + w)[:, None] - r, (x + w)[:, None] - r, x[:, None] + r, x[:, None] + r], axis=1
    )
    cy = np.concatenate(
        [y[:, None] + r, (y + h)[:, None] - r, (y + h)[:, None] - r, y[:, None] + r], axis=1
    )
    ux = np.concatenate([sin, cos, -sin, -cos])
    uy = np.concatenate([-cos, sin, cos, -sin])
    corner = np.repeat(np.arange(4), 5)
    vx = cx[:, corner] + r * ux[None, :]
    vy = cy[:, corner] + r * uy[None, :]
    return np.stack([vx, vy], axis=2)


def _arrowhead(
    ctrl: tuple[float, float], tip: tuple[float, float], size: float
) -> list[tuple[float, float]]:
    dx, dy = tip[0] - ctrl[0], tip[1] - ctrl[1]
    norm = math.hypot(dx, dy) or 1.0
    ux, uy = dx / norm, dy / norm
    bx, by = tip[0] - ux * size, tip[1] - uy * size
    px, py = -uy * size * 0.4, ux * size * 0.4
    return [tip, (bx + px, by + py), (bx - px, by - py)]
