"""The self-test's checks: each takes the inputs and yields Lines; none prints or exits."""

from __future__ import annotations

import functools
import io
import json
import platform
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from countdesk import __version__
from countdesk.count.rulesets import rule_sets
from countdesk.errors import CountDeskError
from countdesk.resources import FONT_BOLD, FONT_REGULAR, resource_root, sample_elections

EXPECTED = "samples/expected.json"
REPORT_SAMPLE = "samples/eilean_siar_2017_ward1.blt"
NAMES_SHOWN = 5  # a line names the winners of a small election, and counts a large one's


@dataclass(frozen=True)
class Line:
    passed: bool
    message: str

    def text(self) -> str:
        return ("ok   " if self.passed else "FAIL ") + self.message


@dataclass(frozen=True)
class SelfTestInputs:
    samples: tuple[Path, ...]  # BLT files; a constraint file (.con) beside one counts with it
    expected: Path  # JSON: {"samples": {file name: {"winners": {rule set: [names]}}}}
    fonts: tuple[Path, ...]  # TTF files that Qt and reportlab must both load
    report_sample: Path  # counted under Scottish STV for the result sheet and the workbook


def default_inputs() -> SelfTestInputs:
    """What ships with CountDesk: its samples, their expected winners and its fonts."""
    root = resource_root()
    return SelfTestInputs(
        samples=tuple(sample_elections()),
        expected=root / EXPECTED,
        fonts=(root / FONT_REGULAR, root / FONT_BOLD),
        report_sample=root / REPORT_SAMPLE,
    )


@functools.cache
def _application() -> Any:
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication(sys.argv[:1] or ["countdesk"])


def describe(error: Exception) -> str:
    """A refusal in its own words; anything unforeseen with its kind, to find it by."""
    return str(error) if isinstance(error, CountDeskError) else f"{type(error).__name__}: {error}"


def about(inputs: SelfTestInputs) -> Iterator[Line]:
    """this install"""
    kind = "app bundle" if getattr(sys, "frozen", False) else "Python package"
    yield Line(True, f"CountDesk {__version__} ({kind}), Python {platform.python_version()} "
                     f"on {platform.system()} {platform.machine()}; resources in {resource_root()}")


def qt_starts(inputs: SelfTestInputs) -> Iterator[Line]:
    """Qt"""
    from PySide6.QtCore import qVersion

    app = _application()
    yield Line(True, f"Qt {qVersion()} starts ({app.platformName()} platform)")


def fonts(inputs: SelfTestInputs) -> Iterator[Line]:
    """fonts"""
    from PySide6.QtGui import QFontDatabase
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    _application()
    for path in inputs.fonts:
        if not path.is_file():
            yield Line(False, f"font {path.name}: missing ({path})")
            continue
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            yield Line(False, f"font {path.name}: Qt could not load it ({path})")
            continue
        families = ", ".join(QFontDatabase.applicationFontFamilies(font_id))
        try:
            pdfmetrics.registerFont(TTFont(f"SelfTest-{path.stem}", str(path)))
        except Exception as error:  # reportlab raises its own TTFError and plain errors
            yield Line(False, f"font {path.name}: reportlab could not load it ({error})")
            continue
        yield Line(True, f"font {path.name}: registered with Qt ({families}) and reportlab")


def sample_counts(inputs: SelfTestInputs) -> Iterator[Line]:
    """sample counts"""
    recorded = json.loads(inputs.expected.read_text(encoding="utf-8"))["samples"]
    if not inputs.samples:
        yield Line(False, "count: no sample elections found")
    for sample in inputs.samples:
        winners = recorded.get(sample.name, {}).get("winners", {})
        for rules in (rule_set.key for rule_set in rule_sets()):
            label = f"count {sample.stem} under {rules}"
            if rules not in winners:
                yield Line(False, f"{label}: no expected winners recorded in "
                                  f"{inputs.expected.name}")
                continue
            try:
                elected = _count(sample, rules)
            except Exception as error:  # one failed count must not hide the others
                yield Line(False, f"{label}: {describe(error)}")
                continue
            yield _compare(label, elected, winners[rules])


def _count(sample: Path, rules: str) -> list[str]:
    """The winners `countdesk count` finds, in order of election."""
    from countdesk.app.ballot_files import count_ballot_file
    from countdesk.counting import CountOptions

    constraints = sample.with_suffix(".con")
    count, _ = count_ballot_file(sample, CountOptions(rules),
                                 constraints=constraints if constraints.is_file() else None)
    return list(count.result.elected)


def _compare(label: str, elected: list[str], expected: list[str]) -> Line:
    unexpected = [name for name in elected if name not in expected]
    missing = [name for name in expected if name not in elected]
    if unexpected or missing:
        return Line(False, f"{label}: expected {_names(missing)} but the count elected "
                           f"{_names(unexpected)} instead")
    shown = ", ".join(elected) if len(elected) <= NAMES_SHOWN else f"all {len(elected)}"
    return Line(True, f"{label}: elected {shown}, as expected")


def _names(names: list[str]) -> str:
    return ", ".join(names) or "nobody"


def report(inputs: SelfTestInputs) -> Iterator[Line]:
    """result sheet and workbook"""
    from openpyxl import load_workbook
    from pypdf import PdfReader

    from countdesk.app.ballot_files import count_ballot_file
    from countdesk.app.output import write_output
    from countdesk.app.sheets import sheet_for, workbook_for
    from countdesk.counting import CountOptions
    from countdesk.report.pdf import attached_result

    count, _ = count_ballot_file(inputs.report_sample, CountOptions("scottish"))
    result = count.result
    with tempfile.TemporaryDirectory(prefix="countdesk-self-test-") as folder:
        sheet = write_output(Path(folder) / "result-sheet.pdf",
                             sheet_for(count, "countdesk --self-test"))
        pages = PdfReader(io.BytesIO(sheet.read_bytes())).pages
        text = " ".join(" ".join(page.extract_text() or "" for page in pages).split())
        missing = [name for name in result.elected if name not in text]
        embedded = any(font.endswith("+DejaVuSans") for font in _pdf_fonts(pages))
        yield Line(not missing and embedded,
                   f"result sheet (PDF, {len(pages)} page(s)) written and read back: "
                   + (f"{_names(missing)} not found in it" if missing
                      else "every winner is on it, in the bundled font" if embedded
                      else "the bundled font is not embedded in it"))
        attached = attached_result(sheet)
        yield Line(attached == result.to_json(),
                   "result sheet carries the count's Result: "
                   + ("the same as the count" if attached == result.to_json()
                      else "none attached" if attached is None else "it differs from the count"))
        path = write_output(Path(folder) / "workbook.xlsx",
                            lambda partial: workbook_for(count, partial, "countdesk --self-test"))
        book = load_workbook(path, read_only=True)
        try:
            listed = _elected_rows(book["Summary"].iter_rows(values_only=True))
        finally:
            book.close()
        yield Line(listed == list(result.elected),
                   "workbook written and read back: "
                   + ("winners listed in order of election" if listed == list(result.elected)
                      else f"it lists {_names(listed)}, the count elected "
                           f"{_names(list(result.elected))}"))


def _pdf_fonts(pages: Iterable[Any]) -> set[str]:
    """The names of the fonts a PDF's pages use; an embedded subset's has a "ABCDEF+" tag."""
    fonts: set[str] = set()
    for page in pages:
        for font in page["/Resources"].get_object().get("/Font", {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]).lstrip("/"))
    return fonts


def _elected_rows(rows: Iterable[tuple[Any, ...]]) -> list[str]:
    """The names under "Elected, in order" on the workbook's Summary sheet."""
    names: list[str] = []
    under = False
    for row in rows:
        cells = [cell for cell in row if cell is not None]
        if cells[:1] == ["Elected, in order"]:
            under = True
        elif under and len(cells) == 2 and isinstance(cells[0], int):
            names.append(str(cells[1]))
        elif under:
            break
    return names


def main_window(inputs: SelfTestInputs) -> Iterator[Line]:
    """main window"""
    from countdesk.gui.fonts import register_bundled_font
    from countdesk.gui.main_window import MainWindow

    app = _application()
    font = register_bundled_font()
    window = MainWindow()
    window.show()
    app.processEvents()
    shown = window.isVisible()
    window.close()
    window.deleteLater()
    app.processEvents()
    yield Line(shown, f"main window opens in {font.family()}" if shown
               else "main window did not open")


def printers(inputs: SelfTestInputs) -> Iterator[Line]:
    """printers"""
    try:
        from PySide6.QtPrintSupport import QPrinterInfo
    except ImportError as error:
        yield Line(True, f"printers: Qt's print support is not in this install ({error}); "
                         "print the PDF result sheet from another program")
        return
    _application()
    names = QPrinterInfo.availablePrinterNames()
    default = QPrinterInfo.defaultPrinterName()
    yield Line(True, "printers Qt sees: "
                     + (", ".join(names) + (f" (default {default})" if default else "")
                        if names else "none (print the PDF result sheet, or add a printer)"))


CHECKS: tuple[Callable[[SelfTestInputs], Iterable[Line]], ...] = (
    about, qt_starts, fonts, sample_counts, report, main_window, printers,
)
