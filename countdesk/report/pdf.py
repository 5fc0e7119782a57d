"""The certified result sheet as a PDF (reportlab): what goes on the wall and into the minutes.

It renders a Result and its SheetContext and decides nothing. The Result itself travels
inside the PDF as an attached JSON file (``countdesk-result.json``), so that `countdesk
verify` can recount the ballots and compare.
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
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import HRFlowable

from countdesk.count.result import Result, figure
from countdesk.count.table import StageTable, decisions, signed_figure, stage_table
from countdesk.errors import CountDeskError
from countdesk.report.context import SheetContext
from countdesk.resources import FONT_BOLD, FONT_REGULAR, resource_path

RESULT_ATTACHMENT = "countdesk-result.json"
PDF_HEADER = b"%PDF-"
PAGE_SIZES = {"a4": A4, "letter": letter}
FONT = "CountDeskSans"
FONT_BOLD_NAME = "CountDeskSans-Bold"
TABLE_POINTS = 9
TEXT_POINTS = 11
FOOTER_POINTS = 9
FOOTER_PAGE_NUMBER = 30 * mm  # kept clear on the footer's right for "Page n of m"
MARGIN = 12 * mm
NAME_COLUMN_MAX = 190
ROWS_ON_A_PAGE = 36  # of a stage table at 9 pt, landscape
GRID = colors.HexColor("#9a9a9a")
SHADE = colors.HexColor("#eeeeee")


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
    return {
        "text": base,
        "title": ParagraphStyle("title", parent=base, fontName=FONT_BOLD_NAME, fontSize=18,
                                leading=22, spaceAfter=4),
        "heading": ParagraphStyle("heading", parent=base, fontName=FONT_BOLD_NAME,
                                  fontSize=13, leading=17, spaceBefore=10, spaceAfter=4,
                                  keepWithNext=1),
        "cell": ParagraphStyle("cell", parent=base, fontSize=TABLE_POINTS,
                               leading=TABLE_POINTS * 1.25),
        "hash": ParagraphStyle("hash", parent=base, fontSize=TEXT_POINTS, leading=14),
    }


def _style(commands: list[tuple[Any, ...]]) -> TableStyle:
    """A table's style, in the bundled font throughout: even an empty cell sets a font, and
    reportlab's default (Helvetica, not embedded) would otherwise creep into the file."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT),
                       ("FONTSIZE", (0, 0), (-1, -1), TABLE_POINTS), *commands])


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


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


def _qr(payload: str, size: float = 30 * mm) -> Drawing:
    widget = QrCodeWidget(payload)
    left, bottom, right, top = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (right - left), 0, 0,
                                             size / (top - bottom), 0, 0])
    drawing.add(widget)
    return drawing


def _details(result: Result, context: SheetContext, styles: dict[str, ParagraphStyle]
             ) -> list[Flowable]:
    rows = [
        ("Organisation", context.organisation),
        ("Election", result.title),
        ("Date", context.date),
        ("Venue", context.venue),
        ("Places to fill", str(result.seats)),
        ("Counting rules", result.rules),
        *[("", f"{key}: {value}") for key, value in result.parameters],
        *[("Quota rules" if i == 0 else "", rule) for i, rule in
          enumerate(context.quota_rules)],
        ("Valid votes", figure(result.valid_votes)),
        ("Quota", figure(result.quota)),
    ]
    table = Table([[_p(label, styles["text"]), _p(value, styles["text"])]
                   for label, value in rows if value],
                  colWidths=[45 * mm, None], hAlign="LEFT")
    table.setStyle(_style([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("FONTNAME", (0, 0), (0, -1), FONT_BOLD_NAME),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                               ("TOPPADDING", (0, 0), (-1, -1), 1)]))
    return [table]


def _account(context: SheetContext, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
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
    table = Table(data, repeatRows=1, hAlign="LEFT")
    table.setStyle(_style([
        ("FONTNAME", (0, 0), (-1, -1), FONT), ("FONTSIZE", (0, 0), (-1, -1), TABLE_POINTS),
        ("FONTNAME", (0, -1), (-1, -1), FONT_BOLD_NAME),
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID), ("BACKGROUND", (0, 0), (-1, 0), SHADE),
    ]))
    return [_p("Ballot-paper account", styles["heading"]), table]


ELECTED_PER_COLUMN = 10
ELECTED_GAP = 18  # points between columns of the elected


def _elected(result: Result, width: float, styles: dict[str, ParagraphStyle]
             ) -> list[Flowable]:
    """The elected in order, in columns of ten so that a large committee fits the page."""
    heading = _p("Elected, in order of election", styles["heading"])
    texts = [f"{n}. {name}" for n, name in enumerate(result.elected, 1)]
    if not texts:
        return [heading, Spacer(1, 1)]
    columns = [texts[i:i + ELECTED_PER_COLUMN] for i in range(0, len(texts),
                                                              ELECTED_PER_COLUMN)]
    rows = [[_p(column[r], styles["text"]) if r < len(column) else "" for column in columns]
            for r in range(len(columns[0]))]
    # Each column as wide as its longest line, but no wider than its share of the page: a
    # long name wraps (broken inside the word if need be) instead of pushing the rest off.
    share = width / len(columns)
    widths = [min(share, max(pdfmetrics.stringWidth(text, FONT, TEXT_POINTS)
                             for text in column) + ELECTED_GAP + 1)  # 1: against rounding
              for column in columns]
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    table.setStyle(_style([("LEFTPADDING", (0, 0), (-1, -1), 0),
                           ("RIGHTPADDING", (0, 0), (-1, -1), ELECTED_GAP),
                           ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return [heading, table]


def _figure_width(table: StageTable) -> float:
    widest = max((len(signed_figure(cell.change)) for column in table.columns
                  for cell in column.cells), default=0)
    widest = max(widest, *(len(figure(cell.total)) for column in table.columns
                           for cell in column.cells))
    return pdfmetrics.stringWidth("8" * widest, FONT, TABLE_POINTS) + 6


def _stage_tables(result: Result, width: float, styles: dict[str, ParagraphStyle]
                  ) -> list[Flowable]:
    """The stage table, split into as many tables as it takes, the names repeated in each."""
    table = stage_table(result)
    order = {name: n for n, name in enumerate(result.elected, 1)}
    names = []
    for row in table.rows:
        mark = f"  ✓{order[row]}" if row in order else ""
        names.append(row + mark)
    name_width = min(NAME_COLUMN_MAX, max(
        pdfmetrics.stringWidth(name, FONT, TABLE_POINTS) for name in names) + 10)
    cell_width = _figure_width(table)
    per_table = max(1, int((width - name_width) // (2 * cell_width)))
    flowables: list[Flowable] = [_p("The count, stage by stage", styles["heading"])]
    for start in range(0, len(table.columns), per_table):
        chunk = table.columns[start:start + per_table]
        head1: list[Any] = [""]
        head2: list[Any] = [""]
        for column in chunk:
            head1 += [_p(column.heading, styles["cell"]), ""]
            head2 += [_p(column.label, styles["cell"]), ""]
        data = [head1, head2]
        for r, name in enumerate(names):
            row: list[Any] = [_p(name, styles["cell"])]
            for column in chunk:
                cell = column.cells[r]
                row += [signed_figure(cell.change), figure(cell.total)]
            data.append(row)
        data.append(["Quota in force", *[v for column in chunk
                                     for v in ("", figure(column.stage.quota))]])
        grid = Table(data, colWidths=[name_width] + [cell_width] * (2 * len(chunk)),
                     repeatRows=2, hAlign="LEFT")
        style = [
            ("FONTNAME", (0, 0), (-1, -1), FONT), ("FONTSIZE", (0, 0), (-1, -1), TABLE_POINTS),
            ("ALIGN", (1, 2), (-1, -1), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("GRID", (0, 0), (-1, -1), 0.3, GRID), ("BACKGROUND", (0, 0), (-1, 1), SHADE),
            ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("FONTNAME", (0, 2 + table.candidate_rows), (-1, -1), FONT_BOLD_NAME),
        ]
        for c in range(len(chunk)):
            style += [("SPAN", (1 + 2 * c, 0), (2 + 2 * c, 0)),
                      ("SPAN", (1 + 2 * c, 1), (2 + 2 * c, 1))]
        for r, name in enumerate(table.rows[:table.candidate_rows]):
            if name in order:
                style.append(("FONTNAME", (0, 2 + r), (0, 2 + r), FONT_BOLD_NAME))
            elif name in result.excluded or name in result.withdrawn:
                style.append(("TEXTCOLOR", (0, 2 + r), (-1, 2 + r), colors.HexColor("#555555")))
        grid.setStyle(_style(style))
        # A table that fits a page is kept whole; a longer one runs on, its headings repeated.
        fits = len(data) <= ROWS_ON_A_PAGE
        flowables += [KeepTogether([grid]) if fits else grid, Spacer(1, 5 * mm)]
    return flowables


def _actions(result: Result, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    lines = decisions(result)
    if not lines:
        return []
    return [_p("Decisions and notes", styles["heading"]),
            *[_p(line, styles["text"]) for line in lines]]


def _fingerprints(result: Result, context: SheetContext, styles: dict[str, ParagraphStyle]
                  ) -> list[Flowable]:
    codes = fingerprint_codes(result, context)
    if not codes:
        return []
    cells = [[_qr(payload), [_p(caption, styles["text"]), _p(payload, styles["hash"])]]
             for caption, payload in codes]
    table = Table(cells, colWidths=[34 * mm, None], hAlign="LEFT")
    table.setStyle(_style([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    source = ("This sheet was made from an election file; its audit log's head hash is "
              "printed above." if context.from_election_file else
              f"This sheet was made straight from the ballot file {context.source_name}.")
    return [KeepTogether([_p("Fingerprints: recount these ballots with any STV counter",
                             styles["heading"]), table, _p(source, styles["text"])])]


def _signatures(result: Result, context: SheetContext, styles: dict[str, ParagraphStyle]
                ) -> list[Flowable]:
    printed = (f"Printed {context.printed_at} by {context.printed_by or 'CountDesk'} with "
               f"CountDesk {context.version}.")
    people = [("Returning officer", context.returning_officer)]
    people += [("Scrutineer", name) for name in context.scrutineers]
    if not context.scrutineers:
        people += [("Scrutineer", ""), ("Scrutineer", "")]
    rows = [[_p(role, styles["text"]), _p(name or "Name: ______________________",
                                          styles["text"]),
             _p("Signed: ____________________________", styles["text"])]
            for role, name in people]
    table = Table(rows, colWidths=[45 * mm, 80 * mm, None], hAlign="LEFT")
    table.setStyle(_style([("TOPPADDING", (0, 0), (-1, -1), 10)]))
    verdict = ("PROVISIONAL: not every batch is verified and every doubtful paper ruled. "
               "This is not the result." if result.provisional else
               "We certify that this is the result of the count.")
    return [KeepTogether([_p("Certification", styles["heading"]), _p(verdict, styles["text"]),
                          _p(printed, styles["text"]), table])]


def build_story(result: Result, context: SheetContext, width: float) -> list[Flowable]:
    register_fonts()
    styles = _styles()
    title = ("PROVISIONAL RESULT — " if result.provisional else "Result — ") + result.title
    story: list[Flowable] = [
        _p(title, styles["title"]),
        HRFlowable(width="100%", color=GRID),
        *_details(result, context, styles),
        *_account(context, styles),
        *_elected(result, width, styles),
        *_stage_tables(result, width, styles),
        *_actions(result, styles),
        *_fingerprints(result, context, styles),
        *_signatures(result, context, styles),
    ]
    return story


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
    document = SimpleDocTemplate(
        buffer, pagesize=size, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
        bottomMargin=MARGIN + 4 * mm, title=f"Result: {result.title}",
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
    document.build(build_story(result, context, size[0] - 2 * MARGIN),
                   canvasmaker=canvas_class)
    return _attach_result(buffer.getvalue(), result)


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


def _attach_result(pdf: bytes, result: Result) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    payload = json.dumps(result.to_json(), ensure_ascii=False, sort_keys=True).encode("utf-8")
    writer.add_attachment(RESULT_ATTACHMENT, payload)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def write_sheet_pdf(result: Result, context: SheetContext, path: str | Path,
                    page_size: str = "a4") -> None:
    Path(path).write_bytes(sheet_pdf(result, context, page_size))


def attached_result(path: str | Path) -> dict[str, Any] | None:
    """The Result a sheet carries, as its JSON; None when the PDF carries none. Refused in
    words, naming the file, when it is no PDF or the result it carries cannot be read."""
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
        found: Sequence[bytes] | None = PdfReader(source).attachments.get(RESULT_ATTACHMENT)
    except Exception as error:  # a damaged file can make pypdf raise almost anything
        raise CountDeskError(f"{source} cannot be read as a PDF ({error})") from None
    finally:
        logger.setLevel(level)
    if not found:
        return None
    try:
        stated = json.loads(found[0].decode("utf-8"))
    except (ValueError, RecursionError) as error:
        raise CountDeskError(f"{source}: the result it carries ({RESULT_ATTACHMENT}) is not "
                             f"readable JSON ({error})") from None
    if not isinstance(stated, dict):
        raise CountDeskError(f"{source}: the result it carries ({RESULT_ATTACHMENT}) is not a "
                             "JSON object")
    return stated
