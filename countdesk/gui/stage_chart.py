"""One stage of a count as bars against the quota: on the Results page, and full screen for
the hall's projector.

At the top, the election's title, the stage and what it decided, in words, with how close
the stage's closest decision was; a legend; then one bar per candidate still in the count,
in ballot-paper order, against the quota as a dashed line (and the quota the count began
with, when it has since fallen). Projected at 1366×768, names are drawn at 34 px, so that
the ink of every name is at least 24 px high; the candidates that do not fit are on further
pages (Page Down / Page Up, or ↓ ↑); ← → step through the stages. Everything drawn comes
from the Result.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontInfo,
    QFontMetricsF,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QWidget

from countdesk.count.result import Result, figure
from countdesk.count.table import candidate_marks, stage_table, threshold_changes
from countdesk.report.context import Closeness, DecisionMargin

ELECTED = QColor("#1b6e20")
EXCLUDED = QColor("#8a8a8a")
BAR = QColor("#3f6fb5")
QUOTA_LINE = QColor("#b00020")
FIRST_QUOTA_LINE = QColor("#e08a95")
CLOSE = QColor("#8a4b00")
TEXT = QColor("black")
# Names on the projector: a capital letter's ink, top to baseline, at least 24 px high.
PROJECTED_NAME_PX = 34
ROW_SPACING = 1.12  # a bar's row, as a multiple of the names' height
DECISION_LINES = 2  # the stage's decision in words: at most this many lines


class StageChart(QWidget):
    """One stage as horizontal bars, the quota as a vertical line."""

    stage_changed = Signal(int)

    def __init__(self, projector: bool = False) -> None:
        super().__init__()
        self.projector = projector
        self.result: Result | None = None
        self.closeness: Closeness | None = None
        self.decided: list[str] = []  # each stage's decision, in words
        self.lowered: dict[str, list[str]] = {}  # each stage's changes of threshold
        self.stage = 0
        self.page = 0  # which candidates, when they do not all fit
        self.bars_top = 0.0  # where the first bar was drawn
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumWidth(360)

    def show_result(self, result: Result | None, closeness: Closeness | None = None) -> None:
        self.result = result
        self.closeness = closeness
        self.decided = [column.decision for column in stage_table(result).columns] \
            if result else []
        self.lowered = {}
        for change in threshold_changes(result) if result else ():
            self.lowered.setdefault(change.stage, []).append(change.why)
        self.stage = len(result.stages) - 1 if result and result.stages else 0
        self.page = 0
        self.update()

    def step(self, by: int) -> None:
        if self.result is None or not self.result.stages:
            return
        self.stage = min(max(self.stage + by, 0), len(self.result.stages) - 1)
        self.stage_changed.emit(self.stage)
        self.update()

    def turn(self, by: int) -> None:
        """Show the next (or previous) page of candidates."""
        self.page = min(max(self.page + by, 0), self.pages() - 1)
        self.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        moves = {Qt.Key.Key_Left: (self.step, -1), Qt.Key.Key_Right: (self.step, +1),
                 Qt.Key.Key_PageUp: (self.turn, -1), Qt.Key.Key_PageDown: (self.turn, +1),
                 Qt.Key.Key_Up: (self.turn, -1), Qt.Key.Key_Down: (self.turn, +1)}
        move = moves.get(Qt.Key(event.key()))
        if move is None:
            super().keyPressEvent(event)
            return
        action, by = move
        action(by)

    # -- what is shown ------------------------------------------------------------------

    def shown(self) -> list[tuple[str, Decimal]]:
        """The candidates in the count at this stage (those excluded before it are gone)."""
        assert self.result is not None
        stage = self.result.stages[self.stage]
        gone = {name for s in self.result.stages[:self.stage] for name in s.excluded}
        gone |= set(self.result.withdrawn)
        return [(name, total) for name, total in zip(self.result.candidates, stage.totals,
                                                     strict=True) if name not in gone]

    def name_font(self) -> QFont:
        font = QFont(self.font())
        if self.projector:
            font.setPixelSize(max(PROJECTED_NAME_PX, QFontInfo(self.font()).pixelSize()))
        return font

    def row_height(self) -> float:
        return QFontMetricsF(self.name_font()).height() * ROW_SPACING

    def header_height(self) -> float:
        """Two lines of title, the decision's lines, the closest margin and the legend."""
        return QFontMetricsF(self.title_font()).height() * 2 + QFontMetricsF(
            self.text_font()).height() * (DECISION_LINES + 2) + 14

    def rows_per_page(self) -> int:
        footer = QFontMetricsF(self.text_font()).height() * 1.6
        return max(1, int((self.height() - self.header_height() - footer) // self.row_height()))

    def pages(self) -> int:
        if self.result is None or not self.result.stages:
            return 1
        rows = self.rows_per_page()
        return max(1, -(-len(self.shown()) // rows))

    def title_font(self) -> QFont:
        font = QFont(self.name_font())
        font.setBold(True)
        if self.projector:
            font.setPixelSize(int(font.pixelSize() * 0.9))
        return font

    def text_font(self) -> QFont:
        font = QFont(self.name_font())
        if self.projector:
            font.setPixelSize(int(font.pixelSize() * 0.7))
        return font

    def closest(self) -> DecisionMargin | None:
        """The stage's closest decision with a margin in votes, if any."""
        if self.closeness is None or self.result is None:
            return None
        number = self.result.stages[self.stage].number
        found = [d for d in self.closeness.decisions
                 if d.stage == number and d.margin is not None]
        return min(found, key=lambda d: d.margin or 0, default=None)

    # -- drawing ------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))
        if self.result is None or not self.result.stages:
            painter.end()
            return
        self.page = min(self.page, self.pages() - 1)
        self.bars_top = self._header(painter)
        self._bars(painter, self.bars_top)
        painter.end()

    def _line(self, painter: QPainter, y: float, text: str, font: QFont,
              colour: QColor = TEXT, lines: int = 1) -> float:
        """Text on up to ``lines`` lines, the last cut short with … if need be; the y below."""
        painter.setFont(font)
        painter.setPen(colour)
        metrics = QFontMetricsF(font)
        width = self.width() - 16
        words = text.split()
        for _ in range(lines):
            taken = 1 if words else 0
            while taken < len(words) and metrics.horizontalAdvance(
                    " ".join(words[:taken + 1])) <= width:
                taken += 1
            line, words = " ".join(words[:taken]), words[taken:]
            if words and _ == lines - 1:
                line = metrics.elidedText(" ".join([line, *words]),
                                          Qt.TextElideMode.ElideRight, width)
            painter.drawText(QRectF(8, y, width, metrics.height()),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                             line)
            y += metrics.height()
            if not words:
                break
        return y

    def _header(self, painter: QPainter) -> float:
        """The title, the stage and its decision, the closest margin, the legend."""
        assert self.result is not None
        result = self.result
        stage = result.stages[self.stage]
        title = self.title_font()
        text = self.text_font()
        y = self._line(painter, 4, result.title, title)
        y = self._line(painter, y, f"Stage {stage.number} ({self.stage + 1} of "
                                   f"{len(result.stages)}): {stage.action}", title)
        decided = self.decided[self.stage] or "No one was elected or excluded at this stage."
        y = self._line(painter, y, " ".join([decided, *self.lowered.get(stage.number, [])]),
                       text, lines=DECISION_LINES)
        closest = self.closest()
        if closest is not None:
            flag = (f"CLOSE: recount {', '.join(closest.recount)}" if closest.recount else
                    "CLOSE" if closest.close else "")
            y = self._line(painter, y, f"Closest: {closest.decision}. {flag}".strip(), text,
                           CLOSE if closest.close else TEXT)
        return self._legend(painter, y + 4, text)

    def _legend(self, painter: QPainter, y: float, font: QFont) -> float:
        assert self.result is not None
        stage = self.result.stages[self.stage]
        first = self.result.stages[0].quota
        metrics = QFontMetricsF(font)
        size = metrics.height() * 0.7
        painter.setFont(font)
        x = 8.0
        items: list[tuple[QColor, str, bool]] = [
            (ELECTED, "✓ elected", False), (EXCLUDED, "✗ excluded", False),
            (BAR, "still in the count", False), (QUOTA_LINE, f"quota {figure(stage.quota)}",
                                                 True)]
        if first != stage.quota:
            items.append((FIRST_QUOTA_LINE, f"quota at first {figure(first)}", True))
        for colour, words, line in items:
            if line:
                painter.setPen(QPen(colour, 3, Qt.PenStyle.DashLine))
                painter.drawLine(int(x + size / 2), int(y), int(x + size / 2), int(y + size))
            else:
                painter.fillRect(QRectF(x, y + (metrics.height() - size) / 2 - 2, size, size),
                                 colour)
            painter.setPen(QColor("black"))
            width = metrics.horizontalAdvance(words)
            painter.drawText(QRectF(x + size + 6, y - 2, width + 4, metrics.height()),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                             words)
            x += size + 6 + width + 24
        return y + metrics.height() + 6

    def _bars(self, painter: QPainter, top: float) -> None:
        assert self.result is not None
        result = self.result
        stage = result.stages[self.stage]
        shown = self.shown()
        rows = self.rows_per_page()
        page = shown[self.page * rows:(self.page + 1) * rows]
        names = self.name_font()
        metrics = QFontMetricsF(names)
        marks = candidate_marks(result)
        decided = {name for s in result.stages[:self.stage + 1]
                   for name in (*s.elected, *s.excluded)}
        labels = [f"{name} {marks.get(name, '') if name in decided else ''}".strip()
                  for name, _ in page]
        label_width = min(max((metrics.horizontalAdvance(text) for text in labels),
                              default=0) + 12, self.width() * 0.42)
        value_width = max(metrics.horizontalAdvance(figure(t)) for t in
                          (stage.quota, *(total for _, total in page))) + 16
        chart_width = max(10.0, self.width() - label_width - value_width - 8)
        # One scale for every stage, so that stepping through them shows votes moving.
        largest = max([*(t for s in result.stages for t in s.totals),
                       *(s.quota for s in result.stages), Decimal(1)])
        scale = chart_width / float(largest)
        height = self.row_height()
        bar = metrics.height() * 0.8
        bottom = top + len(page) * height
        first = result.stages[0].quota
        lines = [(first, FIRST_QUOTA_LINE)] if first != stage.quota else []
        for value, colour in [*lines, (stage.quota, QUOTA_LINE)]:
            x = label_width + float(value) * scale
            painter.setPen(QPen(colour, 3, Qt.PenStyle.DashLine))
            painter.drawLine(int(x), int(top - 2), int(x), int(bottom))
        painter.setFont(names)
        for row, ((name, total), label) in enumerate(zip(page, labels, strict=True)):
            y = top + row * height
            mark = marks.get(name, "") if name in decided else ""
            painter.setPen(QColor("black"))
            painter.drawText(QRectF(4, y, label_width - 8, height),
                             int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                             metrics.elidedText(label, Qt.TextElideMode.ElideMiddle,
                                                label_width - 8))
            colour = ELECTED if mark.startswith("✓") else EXCLUDED if mark else BAR
            length = float(total) * scale
            painter.fillRect(QRectF(label_width, y + (height - bar) / 2, length, bar), colour)
            value = figure(total)
            # On white, so that the quota line never runs through the figure.
            painter.fillRect(QRectF(label_width + length + 3, y + (height - bar) / 2,
                                    metrics.horizontalAdvance(value) + 6, bar), QColor("white"))
            painter.drawText(QRectF(label_width + length + 6, y, value_width, height),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                             value)
        pages = self.pages()
        if pages > 1:
            first_row = self.page * rows + 1
            self._line(painter, bottom + 4, f"Candidates {first_row}–{first_row + len(page) - 1}"
                       f" of {len(shown)} · page {self.page + 1} of {pages} (Page Down / Page "
                       "Up for the others)", self.text_font(), QColor("#333333"))
