"""The practice election, for a newcomer to key and check, and the returning officer's guide.

The practice election is a recipe, `resources/practice/practice.toml`: a setup, and boxes of
papers not yet keyed, each paper's boxes as written. CountDesk makes an election file of it
with the boxes as batches (hand counts and all, one of them wrong on purpose) and prints the
papers, so that a teller keys them from the printed list as from the papers themselves, and
a second teller keys them again. The guide is a Markdown file beside it, shown under Help.
"""

from __future__ import annotations

import html
import tomllib
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from countdesk.election import ElectionSetup
from countdesk.errors import CountDeskError
from countdesk.gui.file_dialogs import ask_save_path
from countdesk.keying import marks_from_boxes
from countdesk.resources import resource_path
from countdesk.store.election_file import ElectionFile
from countdesk.store.setup_file import setup_from_dict

PRACTICE = "practice/practice.toml"
GUIDE = "practice/returning-officers-guide.md"
BLANK = "-"


@dataclass(frozen=True)
class PracticePaper:
    boxes: tuple[str, ...]  # as written, in ballot-paper order ("" for a blank box)
    note: str  # what the teller should notice, if anything


@dataclass(frozen=True)
class PracticeBox:
    label: str
    hand_count: int
    papers: tuple[PracticePaper, ...]


@dataclass(frozen=True)
class Practice:
    setup: ElectionSetup
    boxes: tuple[PracticeBox, ...]


def read_practice(path: Path | None = None) -> Practice:
    """The practice recipe; each paper is checked to be marks for the setup's candidates."""
    path = path or resource_path(PRACTICE)
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    setup = setup_from_dict(data["setup"])
    boxes = []
    for box in data["box"]:
        papers = []
        for line in box["papers"]:
            written, _, note = line.partition("#")
            texts = tuple("" if text == BLANK else text for text in written.split())
            if len(texts) != len(setup.candidates):
                raise CountDeskError(f"{path.name}, {box['label']}: {line!r} has {len(texts)} "
                                     f"boxes, not {len(setup.candidates)}")
            marks_from_boxes(texts)  # refused here if a box is not a mark
            papers.append(PracticePaper(texts, note.strip()))
        boxes.append(PracticeBox(box["label"], box["hand_count"], tuple(papers)))
    return Practice(setup, tuple(boxes))


def make_practice_election(path: Path, practice: Practice) -> None:
    """The practice election's file: its setup, and each box as a batch with no paper keyed."""
    with ElectionFile.create(path, practice.setup, "CountDesk practice") as election:
        for box in practice.boxes:
            election.add_batch(box.label, box.hand_count, "CountDesk practice")


def paper_list_html(practice: Practice) -> str:
    """Every paper of every box as written, one table per box, to print and key from."""
    setup = practice.setup
    heads = "".join(f"<th>{n}<br>{html.escape(name)}</th>"
                    for n, name in enumerate(setup.names, 1))
    parts = [f"<h1>{html.escape(setup.title)}</h1>",
             "<p>The papers of each box, as the voters marked them. Key each box as written "
             "(pass A), then let a second teller key it again (pass B), and settle what "
             "differs. The hand count on a box is what was counted when it was opened.</p>"]
    for box in practice.boxes:
        plural = "paper" if len(box.papers) == 1 else "papers"
        parts.append(f"<h2>{html.escape(box.label)} — hand count {box.hand_count} "
                     f"({len(box.papers)} {plural} in the box)</h2>")
        rows = [f"<tr><th>Paper</th>{heads}<th width='30%'>Notice</th></tr>"]
        for number, paper in enumerate(box.papers, 1):
            cells = "".join(f"<td align='center'>{html.escape(text)}</td>"
                            for text in paper.boxes)
            rows.append(f"<tr><td align='right'>{number}</td>{cells}"
                        f"<td>{html.escape(paper.note)}</td></tr>")
        parts.append("<table width='100%' border='1' cellpadding='4' cellspacing='0'>"
                     + "".join(rows) + "</table>")
    return "\n".join(parts)


class DocumentDialog(QDialog):
    """A document to read, print, or save as a PDF (the guide, the practice papers)."""

    def __init__(self, parent: QWidget, title: str, document: QTextDocument,
                 pdf_name: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.pdf_name = pdf_name
        self.browser = QTextBrowser()
        self.browser.setDocument(document)
        self.browser.setOpenExternalLinks(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        print_button = QPushButton("&Print…")
        print_button.clicked.connect(self.print_document)
        pdf_button = QPushButton("Save as P&DF…")
        pdf_button.clicked.connect(self.choose_pdf)
        buttons.addButton(print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(pdf_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        screen = self.screen().availableGeometry()
        self.resize(min(900, screen.width() - 40), min(640, screen.height() - 60))

    def print_document(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self).exec() == QDialog.DialogCode.Accepted:
            self.browser.document().print_(printer)

    def choose_pdf(self) -> None:
        path = ask_save_path(self, "Save as PDF", Path.home() / self.pdf_name, "PDF (*.pdf)")
        if path is not None:
            self.save_pdf(path)

    def save_pdf(self, path: Path) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        self.browser.document().print_(printer)


def guide_document() -> QTextDocument:
    document = QTextDocument()
    document.setMarkdown(resource_path(GUIDE).read_text(encoding="utf-8"))
    return document


def paper_list_document(practice: Practice) -> QTextDocument:
    document = QTextDocument()
    document.setHtml(paper_list_html(practice))
    return document
