"""The network as a wall poster: emoji → hidden neurons → output neurons.

Every connection is a line from the neuron it reads to the neuron that reads
it, labelled with its weight (its value, or only its sign); every neuron shows
its threshold. A weight that adds is a solid line and one that takes away a
dashed line, in colour too, so a photocopy tells them apart.

Geometry (where nodes and labels go, in mm) is worked out first by
`poster_layout`, apart from the drawing.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import Color, black, white

from ..activity import Activity
from ..numbers import MINUS, format_number
from ..render.page import Box, PageGeometry, Pen, make_footer
from .pages import draw_document, geometry_of, standard_footer
from ..words import words_for

# Where along a connection its weight may be written, best first: near the
# neuron that reads it, moving away until the label overlaps no other.
LABEL_AT = (0.78, 0.66, 0.88, 0.56, 0.72, 0.84, 0.6, 0.46, 0.92, 0.52, 0.4)
PLUS_COLOR = Color(0.12, 0.45, 0.2)
MINUS_COLOR = Color(0.75, 0.15, 0.15)


@dataclass(frozen=True)
class Node:
    name: str
    x: float
    y: float
    r: float  # radius (circles) or half height (output boxes)

    def __repr__(self) -> str:
        return f"Node({self.name} at {self.x:.0f},{self.y:.0f})"


@dataclass(frozen=True)
class Edge:
    source: Node
    target: Node
    weight: object

    def point(self, t: float) -> tuple[float, float]:
        """A point on the segment between the two nodes' rims."""
        (x1, y1), (x2, y2) = (self.source.x, self.source.y - self.source.r), (self.target.x, self.target.y + self.target.r)
        return x1 + (x2 - x1) * t, y1 + (y2 - y1) * t

    def __repr__(self) -> str:
        return f"Edge({self.source.name}→{self.target.name} {self.weight})"


@dataclass(frozen=True)
class PosterLayout:
    scale: float
    inputs: tuple[Node, ...]
    hidden: tuple[Node, ...]
    outputs: tuple[Node, ...]
    edges: tuple[Edge, ...]
    labels: tuple[Box, ...]  # one per edge: where its weight is written
    output_w: float
    names_x: float  # the layer names are written up the left edge, at each layer's height

    def __repr__(self) -> str:
        return f"PosterLayout({len(self.inputs)}→{len(self.hidden)}→{len(self.outputs)}, {len(self.edges)} edges)"


def row_positions(box: Box, n: int) -> list[float]:
    step = box.w / n
    return [box.x + (i + 0.5) * step for i in range(n)]


def overlaps(a: Box, b: Box, gap: float = 0.6) -> bool:
    return a.x < b.right + gap and b.x < a.right + gap and a.y < b.top + gap and b.y < a.top + gap


def place_labels(edges: tuple[Edge, ...], sizes: list[tuple[float, float]], avoid: list[Box]) -> tuple[Box, ...]:
    """A box per edge's label, on the edge, overlapping no earlier label nor any box of `avoid`."""
    placed: list[Box] = []
    for edge, (w, h) in zip(edges, sizes):
        candidates = []
        for t in LABEL_AT:
            x, y = edge.point(t)
            candidates.append(Box(x - w / 2, y - h / 2, w, h))
        free = [b for b in candidates if not any(overlaps(b, other) for other in (*placed, *avoid))]
        placed.append(free[0] if free else candidates[0])
    return tuple(placed)


def poster_layout(activity: Activity, content: Box, label_size=None) -> PosterLayout:
    """Three layers from top to bottom, sized from the content box (A4, Letter or A3 alike).

    `label_size(weight)` gives a weight label's (w, h) in mm; the default
    is a fixed size, enough for the geometry tests.
    """
    s = content.w / 186.0
    title_h, legend_h = 22 * s, 30 * s
    names_w = 9 * s
    body = Box(content.x + names_w, content.y + legend_h, content.w - names_w, content.h - title_h - legend_h)
    layer_gap = body.h / 3
    y_in = body.top - 16 * s
    y_hidden = body.top - layer_gap * 1.45
    y_out = body.y + 24 * s
    r_in, r_hidden = 9.5 * s, 12 * s
    out_h = 17 * s
    inputs = tuple(Node(e.char, x, y_in, r_in) for e, x in zip(activity.emoji, row_positions(body, len(activity.emoji))))
    hidden = tuple(Node(h.name, x, y_hidden, r_hidden) for h, x in zip(activity.hidden, row_positions(body, len(activity.hidden))))
    outputs = tuple(Node(o.name, x, y_out, out_h / 2) for o, x in zip(activity.outputs, row_positions(body, len(activity.outputs))))
    edges = []
    for h, node in zip(activity.hidden, hidden):
        edges += [Edge(src, node, w) for w, src in zip(h.weights, inputs) if w]
    for o, node in zip(activity.outputs, outputs):
        edges += [Edge(src, node, w) for w, src in zip(o.weights, hidden) if w]
    output_w = min(body.w / len(activity.outputs) - 6 * s, 40 * s)
    edges = tuple(edges)
    sizes = [label_size(e.weight) if label_size else (7 * s, 5.2 * s) for e in edges]
    nodes = [Box(n.x - n.r, n.y - n.r, 2 * n.r, 2 * n.r) for n in (*inputs, *hidden)]
    nodes += [Box(n.x - output_w / 2, n.y - n.r, output_w, 2 * n.r) for n in outputs]
    labels = place_labels(edges, sizes, nodes)
    return PosterLayout(s, inputs, hidden, outputs, edges, labels, output_w, content.x + names_w * 0.6)


def weight_text(weight, lang: str, *, values: bool) -> str:
    if values:
        return format_number(weight, lang, signed=True)
    return "+" if weight > 0 else MINUS


def draw_edge(pen: Pen, edge: Edge, *, scale: float, values: bool) -> None:
    c = pen.canvas
    x1, y1 = edge.point(0)
    x2, y2 = edge.point(1)
    positive = edge.weight > 0
    colour = (PLUS_COLOR if positive else MINUS_COLOR) if pen.palette.color else black
    c.saveState()
    c.setStrokeColor(colour)
    c.setLineWidth(0.55 * scale * 2.8346)
    if not positive:
        c.setDash([2.2 * scale * 2.8346, 1.4 * scale * 2.8346])
    c.line(x1 * 2.8346, y1 * 2.8346, x2 * 2.8346, y2 * 2.8346)
    c.restoreState()


LABEL_FONT = 9.5


def label_size(pen: Pen, weight, *, scale: float, values: bool) -> tuple[float, float]:
    text = weight_text(weight, pen.lang, values=values)
    return max(pen.width(text, LABEL_FONT * scale, bold=True) + 2.2 * scale, 5.2 * scale), 5.2 * scale


def draw_weight_label(pen: Pen, edge: Edge, box: Box, *, scale: float, values: bool) -> None:
    text = weight_text(edge.weight, pen.lang, values=values)
    positive = edge.weight > 0
    colour = (PLUS_COLOR if positive else MINUS_COLOR) if pen.palette.color else black
    pen.rect(box, stroke=colour, fill=white, width=0.35 * scale, radius=box.h / 2)
    pen.centred_in(box, text, LABEL_FONT * scale, bold=True, color=colour)


def circle(pen: Pen, node: Node, *, fill, width: float) -> None:
    c = pen.canvas
    c.saveState()
    c.setStrokeColor(black)
    c.setFillColor(fill)
    c.setLineWidth(width * 2.8346)
    c.circle(node.x * 2.8346, node.y * 2.8346, node.r * 2.8346, stroke=1, fill=1)
    c.restoreState()


def draw_poster(pen: Pen, box: Box, *, activity: Activity, values: bool) -> None:
    words = words_for(pen.lang).classes
    say = words_for(pen.lang).printables
    s = box.w / 186.0
    layout = poster_layout(activity, box, lambda w: label_size(pen, w, scale=s, values=values))
    pen.text(box.cx, box.top - 12 * s, words.poster_title(), 26 * s, bold=True, align="center", max_width=box.w)
    # Layer names up the left edge, each at its layer's height.
    names = (words.poster_inputs(), words.poster_hidden(), words.poster_outputs())
    for row, name in zip((layout.inputs, layout.hidden, layout.outputs), names):
        c = pen.canvas
        c.saveState()
        c.translate(layout.names_x * 2.8346, row[0].y * 2.8346)
        c.rotate(90)
        pen.text(0, 0, name, 11 * s, bold=True, align="center", color=pen.palette.rule, max_width=60 * s)
        c.restoreState()
    for edge in layout.edges:
        draw_edge(pen, edge, scale=s, values=values)
    for node, e in zip(layout.inputs, activity.emoji):
        circle(pen, node, fill=white, width=0.5 * s)
        size = node.r * 1.3
        pen.emoji(e.char, node.x - size / 2, node.y - size / 2, size, svg=e.svg)
        pen.text(node.x, node.y + node.r + 2.5 * s, e.name(pen.lang), 8.5 * s, align="center",
                 color=pen.palette.rule, max_width=node.r * 3)  # fmt: skip
    for node, h in zip(layout.hidden, activity.hidden):
        circle(pen, node, fill=pen.palette.faint, width=0.6 * s)
        pen.centred_in(Box(node.x - node.r, node.y - node.r * 0.2, 2 * node.r, node.r), h.name, 24 * s, bold=True)
        threshold = words.poster_threshold(value=format_number(h.threshold, pen.lang))
        pen.centred_in(Box(node.x - node.r * 0.8, node.y - node.r * 0.75, node.r * 1.6, node.r * 0.5), threshold,
                       9 * s, bold=True)  # fmt: skip
    for node, o in zip(layout.outputs, activity.outputs):
        frame = Box(node.x - layout.output_w / 2, node.y - node.r, layout.output_w, 2 * node.r)
        side = frame.h - 4 * s
        pen.rect(frame, stroke=black, fill=white, width=0.6 * s, radius=2.5 * s)
        pen.swatch(Box(frame.x + 2 * s, frame.y + 2 * s, side, side), o.color, o.pattern)
        text_box = Box(frame.x + side + 3.5 * s, frame.y, frame.w - side - 5 * s, frame.h)
        pen.centred_in(Box(text_box.x, frame.cy, text_box.w, frame.h / 2), o.label(pen.lang), 13 * s, bold=True)
        pen.centred_in(Box(text_box.x, frame.y, text_box.w, frame.h / 2), say.is_digit(digit=o.digit), 9.5 * s,
                       bold=True)  # fmt: skip
        pen.centred_in(Box(node.x - 20 * s, frame.y - 7 * s, 40 * s, 5.5 * s),
                       words.poster_threshold(value=format_number(o.threshold, pen.lang)), 10 * s, bold=True)  # fmt: skip
    for edge, label in zip(layout.edges, layout.labels):  # labels last, so no line crosses them
        draw_weight_label(pen, edge, label, scale=s, values=values)
    draw_legend(pen, Box(box.x, box.y, box.w, 26 * s), scale=s)


def draw_legend(pen: Pen, box: Box, *, scale: float) -> None:
    words = words_for(pen.lang).classes
    s = scale
    pen.rect(box, stroke=pen.palette.rule, fill=None, width=0.3 * s, radius=2 * s)
    pen.lines_in(Box(box.x + 3 * s, box.cy, box.w - 6 * s, box.h / 2 - 1 * s), words.poster_rule(), 10.5 * s,
                 max_lines=2)  # fmt: skip
    y = box.y + box.h / 4
    for i, (positive, text) in enumerate(((True, words.poster_legend_plus()), (False, words.poster_legend_minus()))):
        x = box.x + 10 * s + i * box.w / 2
        a, b = Node("", x, y + 0.0, 0), Node("", x + 18 * s, y, 0)
        draw_edge(pen, Edge(a, b, 1 if positive else -1), scale=s, values=True)
        pen.text(x + 22 * s, y - 1.3 * s, text, 10 * s, bold=True)


def poster_pdf(activity: Activity, *, lang: str, paper: str, color: bool, values: bool = True) -> bytes:
    geometry: PageGeometry = geometry_of(paper)
    document = words_for(lang).classes.poster_document()
    footer = make_footer(lang, activity=activity.name, document=document, label="")

    def page(pen: Pen, box: Box) -> None:
        draw_poster(pen, box, activity=activity, values=values)

    return draw_document([(page, standard_footer(footer))], geometry=geometry, color=color, lang=lang,
                         title=f"{activity.name} — {document}")  # fmt: skip
