"""The certified result sheet as a PDF (reportlab): what goes on the wall and into the minutes.

Page 1 is the declaration the chair reads and the wall shows: the elected in order at 14 pt,
the figures, the ballot-paper account, the quota rules and whether they bound, the
fingerprints and the certification. Then how the count was made (rules, notes, the account
batch by batch, how close each decision was, any change of the quota), the stage sheet in
the ERS layout (candidates down, stages across, each stage a transfer and a total column, its
decision under it), and an appendix of where each stage's papers went.

It renders a Result and its SheetContext and decides nothing. The Result itself travels
inside the PDF as an attached JSON file (``countdesk-result.json``), so that `countdesk
verify` can recount the ballots and compare. Every figure a reader checks (winners, quota,
stage totals, fingerprints) is printed as text, each fingerprint on one line.
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from pypdf import PdfReader, PdfWriter
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepInFrame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import HRFlowable

from countdesk.count.result import Result, figure
from countdesk.count.table import (
    Column,
    StageTable,
    candidate_marks,
    signed_figure,
    stage_notes,
    stage_table,
    threshold_changes,
    transfers,
)
from countdesk.errors import CountDeskError
from countdesk.report.context import SheetContext
from countdesk.resources import FONT_BOLD, FONT_REGULAR, resource_path

RESULT_ATTACHMENT = "countdesk-result.json"
CERTIFICATION_ATTACHMENT = "countdesk-certification.json"  # the signed statement
PDF_HEADER = b"%PDF-"
PAGE_SIZES = {"a4": A4, "letter": letter}
FONT = "CountDeskSans"
FONT_BOLD_NAME = "CountDeskSans-Bold"
TABLE_POINTS = 9
TEXT_POINTS = 11
NAME_POINTS = 14  # the elected on the declaration: readable from two metres
HASH_POINTS = 8.5  # a SHA-256 on one line beside its QR code
FOOTER_POINTS = 9
FOOTER_PAGE_NUMBER = 30 * mm  # kept clear on the footer's right for "Page n of m"
MARGIN = 12 * mm
TOP_MARGIN = 10 * mm
BOTTOM_MARGIN = 14 * mm  # the footer sits in it
NAME_COLUMN_MAX = 190
CELL_PADDING = 2  # points each side of a figure in the stage sheet
STAGE_LEADING = 10  # points from line to line in a table, at 9 pt
QR_SIZE = 15 * mm
HEADING_ROOM = 30 * mm  # a heading starts a new page unless this much is left under it
GRID = colors.HexColor("#9a9a9a")
SHADE = colors.HexColor("#eeeeee")
CLOSE_SHADE = colors.HexColor("#fde2b8")
GREY = colors.HexColor("#555555")


def register_fonts() -> None:
    """The bundled TTF, so that any name prints: accents, Welsh, Polish, Greek."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    pdfmetrics.registerFont(TTFont(FONT, str(resource_path(FONT_REGULAR))))
    pdfmetrics.registerFont(TTFont(FONT_BOLD_NAME, str(resource_path(FONT_BOLD))))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD_NAME,
                                  italic=FONT, boldItalic=FONT_BOLD_NAME)


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("text", fontName=FONT, fontSize=TEXT_POINTS,
                          leading=TEXT_POINTS * 1.3)
    bold = ParagraphStyle("bold", parent=base, fontName=FONT_BOLD_NAME)
    return {
        "text": base,
        "bold": bold,
        "title": ParagraphStyle("title", parent=base, fontName=FONT_BOLD_NAME, fontSize=18,
                                leading=22, spaceAfter=2),
        "figures": ParagraphStyle("figures", parent=base, fontSize=NAME_POINTS,
                                  leading=NAME_POINTS * 1.3, spaceBefore=4, spaceAfter=2),
        "name": ParagraphStyle("name", parent=base, fontSize=NAME_POINTS,
                               leading=NAME_POINTS * 1.25),
        "heading": ParagraphStyle("heading", parent=bold, fontSize=13, leading=17,
                                  spaceBefore=10, spaceAfter=4),
        "declared": ParagraphStyle("declared", parent=bold, fontSize=NAME_POINTS,
                                   leading=NAME_POINTS * 1.3, spaceBefore=6, spaceAfter=2),
        "small": ParagraphStyle("small", parent=base, fontSize=TABLE_POINTS,
                                leading=TABLE_POINTS * 1.25),
        "cell": ParagraphStyle("cell", parent=base, fontSize=TABLE_POINTS,
                               leading=STAGE_LEADING),
        "cell_bold": ParagraphStyle("cell_bold", parent=bold, fontSize=TABLE_POINTS,
                                    leading=STAGE_LEADING),
        "hash": ParagraphStyle("hash", parent=base, fontSize=HASH_POINTS,
                               leading=HASH_POINTS * 1.3),
    }


Styles = dict[str, ParagraphStyle]


def _style(commands: list[tuple[Any, ...]]) -> TableStyle:
    """A table's style, in the bundled font throughout: even an empty cell sets a font, and
    reportlab's default (Helvetica, not embedded) would otherwise creep into the file."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT),
                       ("FONTSIZE", (0, 0), (-1, -1), TABLE_POINTS), *commands])


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


def _heading(text: str, styles: Styles) -> list[Flowable]:
    """A section's heading, never alone at the foot of a page."""
    return [CondPageBreak(HEADING_ROOM), _p(text, styles["heading"])]


def fingerprint_codes(result: Result, context: SheetContext) -> list[tuple[str, str]]:
    """(caption, payload) of each QR code: exactly the hashes printed beside them."""
    extra = dict(result.extra)
    codes = [("Ballots (SHA-256 of the canonical BLT)", extra.get("ballots_sha256", ""))]
    if extra.get("constraints_sha256"):
        codes.append(("Quota rules (SHA-256 of the constraint file)",
                      extra["constraints_sha256"]))
    if context.audit_head:
        codes.append(("Election file's audit log (head hash)", context.audit_head))
    elif context.source_sha256:
        codes.append((f"Ballot file {context.source_name} (SHA-256)", context.source_sha256))
    return [(caption, payload) for caption, payload in codes if payload]


def _qr(payload: str, size: float = QR_SIZE) -> Drawing:
    widget = QrCodeWidget(payload)
    left, bottom, right, top = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (right - left), 0, 0,
                                             size / (top - bottom), 0, 0])
    drawing.add(widget)
    return drawing


def _grid(rows: list[list[Any]], widths: Sequence[float | None] | None,
          commands: list[tuple[Any, ...]], **options: Any) -> Table:
    table = Table(rows, colWidths=widths, hAlign="LEFT", **options)
    table.setStyle(_style(commands))
    return table


PLAIN = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
         ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]

# -- page 1: the declaration -------------------------------------------------------------


def _declaration(result: Result, context: SheetContext, width: float, height: float,
                 styles: Styles) -> Flowable:
    """The declaration, on one page whatever it holds (shrunk only if it must be)."""
    title = ("PROVISIONAL RESULT — " if result.provisional else "Result — ") + result.title
    where = " · ".join(part for part in (context.organisation, context.date, context.venue)
                       if part)
    quota = f"Quota {figure(result.quota)}"
    first = result.stages[0].quota if result.stages else result.quota
    if first != result.quota:
        quota += f" (at the end: it was {figure(first)} at first)"
    figures = (f"Places to fill {result.seats} · Valid votes {figure(result.valid_votes)} · "
               f"{quota} · {result.rules.split(' (')[0]}")
    # The fingerprints' side holds a QR code and a SHA-256 on one line beside it.
    hashes = [payload for _, payload in fingerprint_codes(result, context)]
    right = max([0.45 * width] + [QR_SIZE + 8 + pdfmetrics.stringWidth(text, FONT, HASH_POINTS)
                                  for text in hashes])
    left = width - right
    band = _grid([[[*_account_summary(context, styles), *_quota_rules(result, context, styles),
                    *_closest(context, styles)],
                   [*_fingerprints(result, context, right, styles),
                    *_certification(result, context, styles)]]],
                 [left, right], [*PLAIN, ("RIGHTPADDING", (0, 0), (0, 0), 14),
                                 ("RIGHTPADDING", (1, 0), (1, 0), 0)])
    content: list[Flowable] = [
        _p(title, styles["title"]),
        *([_p(where, styles["text"])] if where else []),
        HRFlowable(width="100%", color=GRID, spaceBefore=2),
        _p(figures, styles["figures"]),
        *_elected(result, width, styles),
        Spacer(1, 6),
        band,
        *_signatures(result, context, width, styles),
    ]
    return KeepInFrame(width, height, content, mode="shrink")


ELECTED_PER_COLUMN = 10
ELECTED_GAP = 18  # points between columns of the elected


def _elected(result: Result, width: float, styles: Styles) -> list[Flowable]:
    """The elected in order, in columns of ten so that a large committee fits the page."""
    heading = _p("Elected, in order of election", styles["declared"])
    texts = [f"{n}. {name}" for n, name in enumerate(result.elected, 1)]
    if not texts:
        return [heading, _p("Nobody was elected.", styles["name"])]
    columns = [texts[i:i + ELECTED_PER_COLUMN] for i in range(0, len(texts),
                                                              ELECTED_PER_COLUMN)]
    rows = [[_p(column[r], styles["name"]) if r < len(column) else "" for column in columns]
            for r in range(len(columns[0]))]
    # Each column as wide as its longest line, but no wider than its share of the page: a
    # long name wraps (broken inside the word if need be) instead of pushing the rest off.
    share = width / len(columns)
    widths = [min(share, max(pdfmetrics.stringWidth(text, FONT, NAME_POINTS)
                             for text in column) + ELECTED_GAP + 1)  # 1: against rounding
              for column in columns]
    return [heading, _grid(rows, widths, [("LEFTPADDING", (0, 0), (-1, -1), 0),
                                          ("RIGHTPADDING", (0, 0), (-1, -1), ELECTED_GAP),
                                          ("TOPPADDING", (0, 0), (-1, -1), 0),
                                          ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                                          ("VALIGN", (0, 0), (-1, -1), "TOP")])]


def _account_summary(context: SheetContext, styles: Styles) -> list[Flowable]:
    """The account's totals, one line each: papers received, keyed, valid, rejected."""
    account = context.account
    if account is None:
        return []
    total = account.total
    lines = [("Received (the hand counts)", "—" if total.received is None
              else str(total.received)),
             ("Keyed", str(total.keyed)), ("Valid", str(total.valid))]
    lines += [(f"Rejected: {reason.label}", str(count)) for reason, count in total.rejected
              if count]
    lines.append(("Rejected in all", str(total.rejected_total)))
    rows = [[_p(label, styles["text"]), _p(count, styles["text"])] for label, count in lines]
    return [_p("Ballot-paper account", styles["bold"]),
            _grid(rows, [180, 60], [*PLAIN, ("ALIGN", (1, 0), (1, -1), "RIGHT")])]


def _quota_rules(result: Result, context: SheetContext, styles: Styles) -> list[Flowable]:
    """The quota rules, how many of each group were elected, and whether they bound."""
    if not context.quota_rules:
        return []
    elected = set(result.elected)
    if context.quota_groups:
        lines = [f"{group.rule} — {sum(1 for name in group.members if name in elected)} of "
                 f"{len(group.members)} elected" for group in context.quota_groups]
    else:
        lines = list(context.quota_rules)
    acted = [stage.number for stage in result.stages if stage.guarded or stage.doomed]
    if result.parts:
        bound = "They were kept by separate counts, reserved places first (page 2)."
    elif acted:
        bound = (f"They bound the count: candidates were kept in it or excluded to meet them "
                 f"at stage{'s' if len(acted) > 1 else ''} {_span(acted)}.")
    else:
        bound = "They did not bind: no candidate was kept in the count or excluded to meet them."
    return [Spacer(1, 6), _p("Quota rules", styles["bold"]),
            *[_p(line, styles["text"]) for line in lines], _p(bound, styles["text"])]


def _span(numbers: Sequence[str]) -> str:
    return numbers[0] if len(numbers) == 1 else f"{numbers[0]}–{numbers[-1]}"


def _closest(context: SheetContext, styles: Styles) -> list[Flowable]:
    """The last place's margin, and how many decisions the papers in question could change."""
    found = context.closeness
    if found is None or not found.decisions:
        return []
    lines = [d.decision + "." for d in found.decisions if d.kind == "the last place"]
    close = [d for d in found.decisions if d.close]
    if not found.known:
        lines.append("What could move a margin was not recorded with this count.")
    elif close:
        lines.append(f"{len(close)} decision{'s' if len(close) > 1 else ''} closer than the "
                     f"{close[0].swing} votes the papers in question could move: see "
                     "“How close each decision was”.")
    else:
        lines.append("No decision was as close as the papers in question could move.")
    return [Spacer(1, 6), _p("Closeness", styles["bold"]),
            *[_p(line, styles["text"]) for line in lines]]


def _fingerprints(result: Result, context: SheetContext, width: float, styles: Styles
                  ) -> list[Flowable]:
    codes = fingerprint_codes(result, context)
    if not codes:
        return []
    rows = [[_qr(payload), [_p(caption, styles["small"]), _p(payload, styles["hash"])]]
            for caption, payload in codes]
    source = ("Made from an election file: its audit log's head hash is printed above."
              if context.from_election_file else
              f"Made straight from the ballot file {context.source_name}.")
    return [_p("Fingerprints: recount these ballots with any STV counter", styles["bold"]),
            _grid(rows, [QR_SIZE + 6, width - QR_SIZE - 6],
                  [("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                   ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                   ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]),
            _p(source, styles["small"])]


def _certification(result: Result, context: SheetContext, styles: Styles) -> list[Flowable]:
    """The returning officer's certification signature, or that there is none yet."""
    heading = _p("Certification", styles["bold"])
    signed = context.signature
    if result.provisional:
        return [Spacer(1, 4), heading, _p("PROVISIONAL: not every batch is verified and every "
                                          "doubtful paper ruled. This is not the result.",
                                          styles["text"])]
    if signed is None:
        return [Spacer(1, 4), heading,
                _p("Not yet certified: no certification signature is printed on this sheet.",
                   styles["text"])]
    words = [_p(f"Certified by {signed.signed_by}, {signed.signed_at}.", styles["small"]),
             _p(f"Key fingerprint: {signed.key_fingerprint}", styles["hash"]),
             _p(f"Public key: {signed.public_key}", styles["hash"]),
             _p(f"Signature: {signed.signature}", styles["hash"])]
    return [Spacer(1, 4), heading,
            _grid([[_qr(signed.signature), words]], [QR_SIZE + 6, None],
                  [("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                   ("LEFTPADDING", (0, 0), (-1, -1), 0)])]


SIGNATURES_PER_ROW = 4


def _signatures(result: Result, context: SheetContext, width: float, styles: Styles
                ) -> list[Flowable]:
    people = [("Returning officer", context.returning_officer)]
    people += [("Scrutineer", name) for name in context.scrutineers]
    if not context.scrutineers:
        people += [("Scrutineer", ""), ("Scrutineer", "")]
    cells = [[_p(role, styles["cell_bold"]),
              _p(name or "Name: ______________________", styles["small"]),
              Spacer(1, 12), _p("Signed: ______________________", styles["small"])]
             for role, name in people]
    rows = [cells[i:i + SIGNATURES_PER_ROW] for i in range(0, len(cells), SIGNATURES_PER_ROW)]
    rows[-1] += [""] * (SIGNATURES_PER_ROW - len(rows[-1]))
    verdict = ("" if result.provisional else
               "We certify that this is the result of the count. ")
    printed = (f"{verdict}Printed {context.printed_at} by "
               f"{context.printed_by or 'CountDesk'} with CountDesk {context.version}.")
    return [Spacer(1, 6), _p(printed, styles["small"]),
            _grid(rows, [width / SIGNATURES_PER_ROW] * SIGNATURES_PER_ROW,
                  [*PLAIN, ("TOPPADDING", (0, 0), (-1, -1), 4)])]


# -- how the count was made ----------------------------------------------------------------


def _rules(result: Result, context: SheetContext, styles: Styles) -> list[Flowable]:
    rows = [("Counting rules", result.rules),
            *[("", f"{key}: {value}") for key, value in result.parameters],
            *[("Quota rules" if i == 0 else "", rule)
              for i, rule in enumerate(context.quota_rules)],
            ("Valid votes", figure(result.valid_votes)),
            ("Quota", figure(result.quota))]
    table = _grid([[_p(label, styles["bold"]), _p(value, styles["text"])]
                   for label, value in rows if value], [45 * mm, None], PLAIN)
    return [*_heading("How the count was made", styles), table]


def _notes(result: Result, width: float, styles: Styles) -> list[Flowable]:
    """Each tie decision, quota-rule action and note, a row each beside its stage."""
    lines = stage_notes(result)
    if not lines:
        return []
    rows = [[_p(f"Stage {stage}" if stage else "", styles["cell_bold"]),
             _p(text, styles["cell"])] for stage, text in lines]
    return [*_heading("Decisions and notes", styles),
            _grid(rows, [24 * mm, width - 24 * mm],
                  [("VALIGN", (0, 0), (-1, -1), "TOP"),
                   ("LINEBELOW", (0, 0), (-1, -1), 0.3, GRID)], repeatRows=0)]


def _account_by_batch(context: SheetContext, styles: Styles) -> list[Flowable]:
    account = context.account
    if account is None:
        return []
    reasons = [reason for reason, count in account.total.rejected if count]
    header = ["", "Received (hand count)", "Keyed", "Valid",
              *[reason.label for reason in reasons], "Rejected in all"]
    data: list[list[Any]] = [[_p(h, styles["cell"]) for h in header]]
    for line in (*account.batches, account.total):
        data.append([
            _p(line.label, styles["cell"]),
            "" if line.received is None else str(line.received),
            str(line.keyed), str(line.valid),
            *[str(line.rejected_for(reason)) for reason in reasons],
            str(line.rejected_total),
        ])
    table = _grid(data, None, [
        ("FONTNAME", (0, -1), (-1, -1), FONT_BOLD_NAME),
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID), ("BACKGROUND", (0, 0), (-1, 0), SHADE),
    ], repeatRows=1)
    return [*_heading("Ballot-paper account, batch by batch", styles), table]


def _closeness(context: SheetContext, width: float, styles: Styles) -> list[Flowable]:
    """Every decision's margin beside what the papers in question could move, the close
    ones shaded, with the batches a recount should cover."""
    found = context.closeness
    if found is None or not found.decisions:
        return []
    if not found.known:
        intro = ("This count was kept before CountDesk recorded its papers in question "
                 "(doubtful papers, differences between the keyings, hand counts): the "
                 "margins are shown, but nothing is flagged.")
    elif found.in_question:
        intro = ("Papers in question: " + "; ".join(found.in_question) + ". Read otherwise, "
                 "each doubtful or differently keyed paper could move a margin by up to 2 "
                 f"votes and each missing or extra paper by 1: {found.decisions[0].swing} "
                 "votes in all (an estimate).")
    else:
        intro = ("No paper was doubtful or keyed differently, and every hand count matched: "
                 "only a tie is flagged.")
    rows: list[list[Any]] = [[_p(h, styles["cell_bold"]) for h in
                              ("Stage", "Decision", "Margin", "Close?", "Recount")]]
    shaded = []
    for row, decision in enumerate(found.decisions, 1):
        if decision.close:
            shaded.append(("BACKGROUND", (0, row), (-1, row), CLOSE_SHADE))
        rows.append([
            _p(decision.stage, styles["cell"]), _p(decision.decision, styles["cell"]),
            _p("by the quota rules", styles["cell"]) if decision.margin is None
            else figure(decision.margin),
            "CLOSE" if decision.close else "",
            _p(", ".join(decision.recount), styles["cell"])])
    table = _grid(rows, [16 * mm, width * 0.5, 24 * mm, 16 * mm, None],
                  [("VALIGN", (0, 0), (-1, -1), "TOP"), ("GRID", (0, 0), (-1, -1), 0.3, GRID),
                   ("BACKGROUND", (0, 0), (-1, 0), SHADE), ("ALIGN", (2, 1), (2, -1), "RIGHT"),
                   ("FONTNAME", (3, 1), (3, -1), FONT_BOLD_NAME), *shaded], repeatRows=1)
    return [*_heading("How close each decision was", styles), _p(intro, styles["small"]),
            Spacer(1, 3), table]


def _thresholds(result: Result, width: float, styles: Styles) -> list[Flowable]:
    changes = threshold_changes(result)
    if not changes:
        return []
    rows: list[list[Any]] = [[_p(h, styles["cell_bold"]) for h in
                              ("Stage", "Quota in force", "Why")]]
    rows += [[change.stage, change.threshold, _p(change.why, styles["cell"])]
             for change in changes]
    return [*_heading("Statement of changes in threshold", styles),
            _p(f"The count began with a quota of {figure(result.stages[0].quota)}.",
               styles["small"]),
            _grid(rows, [16 * mm, 30 * mm, width - 46 * mm],
                  [("VALIGN", (0, 0), (-1, -1), "TOP"), ("GRID", (0, 0), (-1, -1), 0.3, GRID),
                   ("BACKGROUND", (0, 0), (-1, 0), SHADE)], repeatRows=1)]


# -- the stage sheet -------------------------------------------------------------------------


_DIGITS = str.maketrans("123456789", "000000000")


def _widest(texts: Sequence[str], font: str) -> float:
    """The width of the widest of these figures: within a font all digits are as wide as
    each other, but a + is wider than a −, so each shape of figure is measured once."""
    shapes = {text.translate(_DIGITS) for text in texts}
    return max((pdfmetrics.stringWidth(shape, font, TABLE_POINTS) for shape in shapes),
               default=0.0)


def _figure_width(texts: Sequence[str], bold: Sequence[str] = ()) -> float:
    """A column as wide as its widest figure, ``bold`` ones in the bold face (whose digits
    are wider), with the cell's padding."""
    return max(_widest(texts, FONT), _widest(bold, FONT_BOLD_NAME)) + 2 * CELL_PADDING + 1


FIRST_STAGE_WIDTH = 90  # points: the first stage's one column holds its decision's names


def _column_widths(column: Column, first: bool, table: StageTable) -> tuple[float, float]:
    """A stage's transfer and total columns: as wide as their widest figures (the rows
    under the candidates, and the total each elected candidate reached, are in bold), and
    together at least as wide as the stage's heading."""
    cells, candidate_rows = column.cells, table.candidate_rows
    change = 0.0 if first else _figure_width(
        [signed_figure(c.change) for c in cells[:candidate_rows]],
        [signed_figure(c.change) for c in cells[candidate_rows:]])
    elected = [index for index, name in enumerate(table.rows[:candidate_rows])
               if name in column.stage.elected]
    total = _figure_width([figure(cell.total) for cell in cells[:candidate_rows]],
                          [figure(cell.total) for cell in cells[candidate_rows:]]
                          + [figure(cells[index].total) for index in elected])
    heading = pdfmetrics.stringWidth(column.heading, FONT_BOLD_NAME, TABLE_POINTS) + 2 * \
        CELL_PADDING + 1
    least = max(heading, FIRST_STAGE_WIDTH) if first else heading
    return change, max(total, least - change)


def _stage_sheet(result: Result, width: float, height: float, styles: Styles
                 ) -> list[Flowable]:
    """The stage sheet in the ERS layout, in as many tables across as it takes, the names
    repeated in each; a table too tall for a page runs on, its headings repeated."""
    table = stage_table(result)
    marks = candidate_marks(result)
    withdrawn = set(result.withdrawn)
    names = [f"{row} {marks[row]}" if row in marks else
             f"{row} (withdrawn)" if row in withdrawn else row for row in table.rows]
    name_width = min(NAME_COLUMN_MAX, max(pdfmetrics.stringWidth(name, FONT_BOLD_NAME,
                                                                 TABLE_POINTS)
                                          for name in names) + 2 * CELL_PADDING + 2)
    quota_varies = len({column.stage.quota for column in table.columns}) > 1
    chunks: list[list[int]] = [[]]
    used = name_width
    widths = [_column_widths(column, index == 0, table)
              for index, column in enumerate(table.columns)]
    for index, (change, total) in enumerate(widths):
        need = total if index == 0 else change + total
        if chunks[-1] and used + need > width:
            chunks.append([])
            used = name_width
        chunks[-1].append(index)
        used += need
    quota = ("" if quota_varies else
             f" The quota was {figure(result.quota)} throughout.")
    flowables: list[Flowable] = [
        PageBreak(),
        *_heading("The count, stage by stage", styles),
        _p(f"{ELECTED_KEY}{quota} Each stage shows the votes transferred (+ gained, − "
           "lost) and each candidate's total after it; what it decided is under its column.",
           styles["small"]),
        Spacer(1, 3)]
    for chunk in chunks:
        grid = _stage_grid(result, table, names, name_width, chunk, widths, quota_varies,
                           styles)
        # A table that fits a page is kept whole; a taller one runs on from where it starts,
        # if a third of a page is left for it.
        if grid.wrap(width, height)[1] <= height:
            flowables += [KeepTogether([grid]), Spacer(1, 4 * mm)]
        else:
            flowables += [CondPageBreak(height / 3), grid, Spacer(1, 4 * mm)]
    return flowables


LABEL_HEIGHT = 32  # points: a stage's heading taller than this is set smaller
DECIDED_HEIGHT = 150  # points: and its decision


def _fitted(text: str, width: float, height: float, styles: Styles) -> Flowable:
    """Words in a stage's column; only a very long name is shrunk to ``height``, rather
    than making a row taller than a page."""
    words = _p(text, styles["cell"])
    inside = width - 2 * CELL_PADDING
    if words.wrap(inside, height * 100)[1] <= height:
        return words
    return KeepInFrame(inside, height, [words], mode="shrink")


KEPT_WITH_FOOT = 7  # rows at a stage table's foot that a page break never separates
ELECTED_KEY = "✓n: elected, in that order; ✗: excluded."


def _stage_grid(result: Result, table: StageTable, names: list[str], name_width: float,
                chunk: list[int], widths: list[tuple[float, float]], quota_varies: bool,
                styles: Styles) -> Table:
    """One table of the stage sheet: the stages ``chunk``, each a transfer and a total
    column (the first stage a total only) under one heading, its decision at the foot."""
    elected = set(result.elected)
    out = {name for name in (*result.excluded, *result.withdrawn) if name not in elected}
    columns = [table.columns[i] for i in chunk]
    head: list[Any] = [""]
    label: list[Any] = [""]
    foot: list[Any] = [_p("Decided", styles["cell_bold"])]
    quota: list[Any] = ["Quota in force"]
    col_widths = [name_width]
    style: list[tuple[Any, ...]] = []
    total_at: list[int] = []  # the total column of each stage
    for index, column in zip(chunk, columns, strict=True):
        first = len(col_widths)
        pair = ["", ""] if index else [""]
        col_widths += [widths[index][0], widths[index][1]] if index else [widths[index][1]]
        head += [_p(column.heading, styles["cell_bold"]), *pair[1:]]
        width = sum(col_widths[first:])
        label += [_fitted(column.label, width, LABEL_HEIGHT, styles), *pair[1:]]
        foot += [_fitted(column.decision, width, DECIDED_HEIGHT, styles), *pair[1:]]
        quota += [*pair[1:], figure(column.stage.quota)]
        total_at.append(len(col_widths) - 1)
        if index:
            style += [("SPAN", (first, row), (first + 1, row)) for row in (0, 1, -1)]
        style.append(("LINEBEFORE", (first, 0), (first, -1), 0.9, colors.black))
    data: list[list[Any]] = [head, label]
    for r, name in enumerate(names):
        row: list[Any] = [_p(name, styles["cell_bold"] if table.rows[r] in elected
                             else styles["cell"])]
        for index, column in zip(chunk, columns, strict=True):
            cell = column.cells[r]
            row += [signed_figure(cell.change), figure(cell.total)] if index else \
                [figure(cell.total)]
        data.append(row)
    if quota_varies:
        data.append(quota)
    data.append(foot)
    style += [
        ("ALIGN", (1, 2), (-1, -2), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("VALIGN", (0, -1), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.3, GRID), ("BACKGROUND", (0, 0), (-1, 1), SHADE),
        ("BACKGROUND", (0, -1), (-1, -1), SHADE),
        # Rows as close as 9 pt allows: 40 candidates and the totals to a landscape page.
        ("LEADING", (0, 0), (-1, -1), STAGE_LEADING),
        ("TOPPADDING", (0, 0), (-1, -1), 0.2), ("BOTTOMPADDING", (0, 0), (-1, -1), 0.6),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("FONTNAME", (0, 2 + table.candidate_rows), (-1, -2), FONT_BOLD_NAME),
    ]
    if len(data) > 3 * KEPT_WITH_FOOT:
        # Split across pages, a table takes a few candidates with its headings, and leaves a
        # few with its totals and decisions.
        style += [("NOSPLIT", (0, 0), (-1, 4)),
                  ("NOSPLIT", (0, len(data) - KEPT_WITH_FOOT), (-1, -1))]
    for r, name in enumerate(table.rows[:table.candidate_rows]):
        if name in out:
            style.append(("TEXTCOLOR", (1, 2 + r), (-1, 2 + r), GREY))
        for at, column in zip(total_at, columns, strict=True):
            if name in column.stage.elected:  # the total they were elected with, in bold
                style.append(("FONTNAME", (at, 2 + r), (at, 2 + r), FONT_BOLD_NAME))
    return _grid(data, col_widths, style, repeatRows=2)


# -- the appendix: where each stage's papers went -----------------------------------------


def _transfer_appendix(result: Result, width: float, styles: Styles) -> list[Flowable]:
    moves = transfers(result)
    if not moves:
        return []
    rows: list[list[Any]] = [[_p(h, styles["cell_bold"]) for h in
                              ("Stage", "Papers of", "Moved", "To", "Non-trans.", "Loss")]]
    for move in moves:
        gained = " · ".join(f"{name} +{figure(votes)}" for name, votes in move.received)
        rows.append([move.stage.number, _p(", ".join(move.stage.subjects), styles["cell"]),
                     figure(move.moved), _p(gained or "nobody", styles["cell"]),
                     signed_figure(move.non_transferable), signed_figure(move.loss_by_fractions)])
    figures = max(_figure_width([figure(m.moved) for m in moves]),
                  pdfmetrics.stringWidth("Non-trans.", FONT_BOLD_NAME, TABLE_POINTS) + 13)
    return [PageBreak(), *_heading("Appendix: where each stage's papers went", styles),
            _p("The transfer matrix, stage by stage: whose papers moved, the votes they "
               "carried, and each candidate they went to, most first.", styles["small"]),
            Spacer(1, 3),
            _grid(rows, [16 * mm, 38 * mm, figures,
                         width - 16 * mm - 38 * mm - 3 * figures, figures, figures],
                  [("VALIGN", (0, 0), (-1, -1), "TOP"), ("GRID", (0, 0), (-1, -1), 0.3, GRID),
                   ("BACKGROUND", (0, 0), (-1, 0), SHADE), ("ALIGN", (2, 1), (2, -1), "RIGHT"),
                   ("ALIGN", (4, 1), (-1, -1), "RIGHT"),
                   ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                   ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)],
                  repeatRows=1)]


def frame_size(page_size: str = "a4") -> tuple[float, float]:
    """The width and height a page's content has, landscape."""
    width, height = landscape(PAGE_SIZES[page_size])
    return width - 2 * MARGIN, height - TOP_MARGIN - BOTTOM_MARGIN


def build_story(result: Result, context: SheetContext, width: float,
                height: float | None = None) -> list[Flowable]:
    register_fonts()
    styles = _styles()
    height = height or frame_size()[1]
    return [
        _declaration(result, context, width, height, styles),
        PageBreak(),
        *_rules(result, context, styles),
        *_notes(result, width, styles),
        *_account_by_batch(context, styles),
        *_closeness(context, width, styles),
        *_thresholds(result, width, styles),
        *_stage_sheet(result, width, height, styles),
        *_transfer_appendix(result, width, styles),
    ]


class _NumberedCanvas(Canvas):
    """Draws "page n of m", the footer and any PROVISIONAL watermark once all pages exist."""

    footer = ""
    provisional = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        for number, state in enumerate(self._pages, 1):
            self.__dict__.update(state)
            self._decorate(number, len(self._pages))
            super().showPage()
        super().save()

    def _decorate(self, number: int, count: int) -> None:
        width, _height = self._pagesize
        self.saveState()
        self.setFont(FONT, FOOTER_POINTS)
        self.setFillColor(colors.black)
        self.drawString(MARGIN, 7 * mm, self.footer)
        self.drawRightString(width - MARGIN, 7 * mm, f"Page {number} of {count}")
        if self.provisional:
            self.setFont(FONT_BOLD_NAME, 90)
            self.setFillColor(colors.Color(0.75, 0.1, 0.1, alpha=0.12))
            self.translate(width / 2, self._pagesize[1] / 2)
            self.rotate(30)
            self.drawCentredString(0, -30, "PROVISIONAL")
        self.restoreState()


def sheet_pdf(result: Result, context: SheetContext, page_size: str = "a4",
              invariant: bool = False) -> bytes:
    """The result sheet's bytes, with the Result attached as JSON."""
    register_fonts()
    size = landscape(PAGE_SIZES[page_size])
    buffer = io.BytesIO()
    width, height = frame_size(page_size)
    # One frame the page's width and height less its margins, with no padding of its own.
    frame = Frame(MARGIN, BOTTOM_MARGIN, width, height, leftPadding=0, rightPadding=0,
                  topPadding=0, bottomPadding=0)
    document = BaseDocTemplate(
        buffer, pagesize=size, pageTemplates=[PageTemplate("sheet", [frame])],
        title=f"Result: {result.title}",
        author=context.returning_officer or "CountDesk",
        subject="STV result sheet", creator=f"CountDesk {context.version}",
        invariant=int(invariant),
        # The bundled font from the start: no unembedded Helvetica that could mangle a name.
        initialFontName=FONT, initialFontSize=TEXT_POINTS,
    )
    extra = dict(result.extra)
    after_title = (f" · ballots SHA-256 {extra.get('ballots_sha256', '')[:16]}…"
                   + (" · PROVISIONAL" if result.provisional else ""))
    canvas_class = type("SheetCanvas", (_NumberedCanvas,), {
        "footer": _shortened(result.title, size[0] - 2 * MARGIN - FOOTER_PAGE_NUMBER
                             - pdfmetrics.stringWidth(after_title, FONT, FOOTER_POINTS),
                             FOOTER_POINTS) + after_title,
        "provisional": result.provisional,
    })
    document.build(build_story(result, context, width, height), canvasmaker=canvas_class)
    attachments = {RESULT_ATTACHMENT: result.to_json()}
    if context.signature is not None:
        signed = context.signature
        attachments[CERTIFICATION_ATTACHMENT] = {
            "statement": signed.statement, "signature": signed.signature,
            "public_key": signed.public_key}
    return _attach(buffer.getvalue(), attachments)


def _shortened(text: str, width: float, points: float) -> str:
    """The text, cut short with … if it is wider than `width` on one line."""
    if pdfmetrics.stringWidth(text, FONT, points) <= width:
        return text
    kept, too_many = 0, len(text)  # the longest prefix that fits lies in [kept, too_many)
    while too_many - kept > 1:
        middle = (kept + too_many) // 2
        if pdfmetrics.stringWidth(text[:middle] + "…", FONT, points) <= width:
            kept = middle
        else:
            too_many = middle
    return text[:kept] + "…"


def _attach(pdf: bytes, attachments: dict[str, dict[str, Any]]) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    for name, data in attachments.items():
        payload = json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")
        writer.add_attachment(name, payload)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def write_sheet_pdf(result: Result, context: SheetContext, path: str | Path,
                    page_size: str = "a4") -> None:
    Path(path).write_bytes(sheet_pdf(result, context, page_size))


def attached_result(path: str | Path) -> dict[str, Any] | None:
    """The Result a sheet carries, as its JSON; None when the PDF carries none. Refused in
    words, naming the file, when it is no PDF or the result it carries cannot be read."""
    return attached_json(path, RESULT_ATTACHMENT)


def attached_json(path: str | Path, name: str) -> dict[str, Any] | None:
    """The JSON object a sheet carries as the attachment ``name``, or None."""
    source = str(path)
    with open(path, "rb") as file:
        if file.read(len(PDF_HEADER)) != PDF_HEADER:
            raise CountDeskError(f"{source} cannot be read as a PDF: it does not begin with %PDF-")
    # pypdf logs what it finds wrong with a file (from pypdf.* loggers, whose level is this
    # one's); the refusal below says it in one line.
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        found: Sequence[bytes] | None = PdfReader(source).attachments.get(name)
    except Exception as error:  # a damaged file can make pypdf raise almost anything
        raise CountDeskError(f"{source} cannot be read as a PDF ({error})") from None
    finally:
        logger.setLevel(level)
    if not found:
        return None
    try:
        stated = json.loads(found[0].decode("utf-8"))
    except (ValueError, RecursionError) as error:
        raise CountDeskError(f"{source}: what it carries as {name} is not readable JSON "
                             f"({error})") from None
    if not isinstance(stated, dict):
        raise CountDeskError(f"{source}: what it carries as {name} is not a JSON object")
    return stated
