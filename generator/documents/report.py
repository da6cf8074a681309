"""The training report (training_report.pdf): the cost curve, the learned
weights in words, and, for each output neuron, where the examples of each
true digit land after 100, 1000, 5000, 20000 and 50000 iterations (the
seed's slides show these).

Only ReportLab drawing: strip plots and a line chart made of lines and dots.
Every plotted number comes from training.Distribution and the run's cost
curve; this module scales them to millimetres.
"""

from __future__ import annotations

import math
from functools import partial
from typing import Sequence

from reportlab.lib.colors import Color, black, white
from reportlab.lib.units import mm

from ..numbers import format_number
from ..render.formula import calculation, draw_formula
from ..render.page import Box, Pen, make_footer, render_pages
from ..training import Distribution
from ..words import words_for


def _nice_ticks(low: float, high: float, count: int = 6) -> list[float]:
    span = max(high - low, 1e-9)
    raw = span / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = min((m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw), default=raw)
    first = math.ceil(low / step) * step
    ticks = []
    value = first
    while value <= high + 1e-9:
        ticks.append(round(value, 10))
        value += step
    return ticks


def _number(value: float, lang: str) -> str:
    whole = round(value)
    return format_number(whole if abs(value - whole) < 1e-9 else round(value, 2), lang)


def draw_cost_curve(pen: Pen, box: Box, curve: Sequence[tuple[int, float]], title: str, x_label: str) -> None:
    """Cost against iterations, cost on a log scale."""
    pen.text(box.x, box.top - 5, title, 11.5, bold=True)
    plot = Box(box.x + 16, box.y + 10, box.w - 20, box.h - 18)
    pen.rect(plot, stroke=pen.palette.rule, width=0.25)
    points = [(i, c) for i, c in curve if c > 0 and math.isfinite(c)]
    if len(points) < 2:
        return
    last = max(i for i, _ in points) or 1
    logs = [math.log10(c) for _, c in points]
    low, high = math.floor(min(logs)), math.ceil(max(logs))
    if high == low:
        high = low + 1

    def at(i: float, c: float) -> tuple[float, float]:
        return plot.x + plot.w * i / last, plot.y + plot.h * (math.log10(c) - low) / (high - low)

    for power in range(low, high + 1):
        y = plot.y + plot.h * (power - low) / (high - low)
        pen.line(plot.x, y, plot.right, y, width=0.1, color=pen.palette.faint)
        pen.text(plot.x - 1.5, y - 1.2, _number(10.0**power, pen.lang), 7.5, align="right")
    for tick in _nice_ticks(0, last, 5):
        x = plot.x + plot.w * tick / last
        pen.line(x, plot.y, x, plot.y - 1.2, width=0.2)
        pen.text(x, plot.y - 4.5, _number(tick, pen.lang), 7.5, align="center")
    pen.text(plot.right, plot.y - 8.5, x_label, 8, align="right")
    c = pen.canvas
    c.saveState()
    c.setStrokeColor(pen.palette("#2f6fd0"))
    c.setLineWidth(0.5 * mm)
    path = c.beginPath()
    for k, (i, cost) in enumerate(points):
        x, y = at(i, cost)
        (path.moveTo if k == 0 else path.lineTo)(x * mm, y * mm)
    c.drawPath(path, stroke=1, fill=0)
    c.restoreState()


def draw_strip(pen: Pen, box: Box, dist: Distribution, index: int, output, digits: Sequence[int],
               x_range: tuple[float, float], title: str) -> None:  # fmt: skip
    """One output neuron: a row of dots per true digit at each example's result; the threshold line."""
    pen.text(box.x, box.top - 4.5, title, 9.5, bold=True, max_width=box.w)
    plot = Box(box.x + 7, box.y + 7, box.w - 9, box.h - 13)
    pen.rect(plot, stroke=pen.palette.rule, width=0.2)
    low, high = x_range

    def x_of(value: float) -> float:
        return plot.x + plot.w * (value - low) / (high - low)

    for tick in _nice_ticks(low, high, 5):
        x = x_of(tick)
        pen.line(x, plot.y, x, plot.y - 1, width=0.2)
        pen.text(x, plot.y - 4, _number(tick, pen.lang), 7, align="center")
    row_h = plot.h / len(digits)
    own = pen.palette(output.color)
    for row, digit in enumerate(digits):
        cy = plot.top - (row + 0.5) * row_h
        pen.text(plot.x - 2, cy - 1.2, str(digit), 9, bold=digit == output.digit, align="right")
        pen.line(plot.x, cy, plot.right, cy, width=0.1, color=pen.palette.faint)
        values = dist.results[dist.labels == row, index]
        for k, value in enumerate(sorted(values)):
            # Equal results stack up a little so every example stays visible.
            dy = ((k % 3) - 1) * min(1.4, row_h / 5)
            _dot(pen, x_of(value), cy + dy, own if digit == output.digit else pen.palette.rule,
                 filled=digit == output.digit)  # fmt: skip
    x = x_of(float(dist.thresholds[index]))
    c = pen.canvas
    c.saveState()
    c.setDash([1.2 * mm, 0.8 * mm])
    pen.line(x, plot.y, x, plot.top, width=0.45, color=black)
    c.restoreState()


def _dot(pen: Pen, x: float, y: float, color: Color, *, filled: bool) -> None:
    c = pen.canvas
    c.setStrokeColor(black if filled else color)
    c.setFillColor(color if filled else white)
    c.setLineWidth(0.2 * mm)
    c.circle(x * mm, y * mm, 0.9 * mm, stroke=1, fill=1)


def overview_page(pen: Pen, box: Box, *, result, summary: Sequence[str]) -> None:
    say = words_for(pen.lang).learning
    y = box.top - 8
    pen.text(box.x, y, say.report_title(method=result.method), 15, bold=True, max_width=box.w)
    y -= 7
    for line in summary:
        for part in pen.wrap(line, 9.5, box.w):
            pen.text(box.x, y, part, 9.5)
            y -= 4.6
    curve = result.run.curve if result.run is not None else []
    if curve:
        chart = Box(box.x, y - 70, box.w, 68)
        draw_cost_curve(pen, chart, curve, say.report_loss_title(), say.report_iterations())
        y -= 74
    pen.text(box.x, y - 5, say.report_weights_title(), 11.5, bold=True)
    y -= 9
    activity = result.trained
    names = words_for(pen.lang).printables
    neurons = (*activity.hidden, *activity.outputs)
    line_h = min(11.0, (y - box.y) / len(neurons))
    threshold_word = say.report_threshold_line()
    for neuron in neurons:
        label = names.neuron_name(name=neuron.label(pen.lang) if hasattr(neuron, "digit") else neuron.name)
        pen.text(box.x, y - line_h * 0.7, label, 10, bold=True)
        pieces = calculation(activity, neuron, pen.lang, ending="")
        draw_formula(pen, pieces, box.x + 38, y - line_h * 0.7, 11, max_width=box.w - 38 - 30, align="left")
        pen.text(box.right, y - line_h * 0.7, f"{threshold_word} {format_number(neuron.threshold, pen.lang)}", 10,
                 align="right")  # fmt: skip
        y -= line_h


def distribution_page(pen: Pen, box: Box, *, result, dist: Distribution, last: bool, ranges) -> None:
    say = words_for(pen.lang).learning
    if dist.iteration == 0:
        heading = say.report_start()
    elif last:
        heading = say.report_end(n=dist.iteration)
    else:
        heading = say.report_after(n=dist.iteration)
    pen.text(box.x, box.top - 8, heading, 15, bold=True)
    pen.text(box.x, box.top - 14, say.report_scores(loss=dist.loss, accuracy=dist.accuracy), 10)
    pen.lines_in(Box(box.x, box.top - 24, box.w, 8), say.report_distribution_note(), 8.5, align="left", max_lines=2)
    activity = result.before
    area = Box(box.x, box.y, box.w, box.h - 28)
    cols, rows = 2, math.ceil(len(activity.outputs) / 2)
    w, h = area.w / cols, area.h / rows
    for index, output in enumerate(activity.outputs):
        r, c = divmod(index, cols)
        panel = Box(area.x + c * w + 2, area.top - (r + 1) * h + 2, w - 4, h - 4)
        title = say.report_distribution(label=output.label(pen.lang), digit=output.digit)
        draw_strip(pen, panel, dist, index, output, activity.digits, ranges[index], title)


def report_pdf(result, dists: Sequence[Distribution], summary: Sequence[str], *, lang: str, paper: str,
               color: bool, label: str = "") -> bytes:  # fmt: skip
    """Overview page, then one page of strip plots per kept iteration."""
    ranges = []
    for index in range(len(result.before.outputs)):
        values = [float(v) for d in dists for v in (*d.results[:, index], d.thresholds[index])]
        low, high = min(values), max(values)
        pad = max((high - low) * 0.05, 0.5)
        ranges.append((low - pad, high + pad))
    pages = [partial(overview_page, result=result, summary=summary)]
    pages += [partial(distribution_page, result=result, dist=d, last=i == len(dists) - 1, ranges=ranges)
              for i, d in enumerate(dists)]  # fmt: skip
    say = words_for(lang).learning
    footer = make_footer(lang, activity=result.before.name, document=say.report_document(), label=label)
    return render_pages(pages, paper=paper, color=color, lang=lang, words=words_for(lang).labels, footer=footer)
