"""Printing a result sheet through Qt: the very pages of the PDF, drawn onto the printer."""

from __future__ import annotations

import pypdfium2
from PySide6.QtCore import QRectF, QSizeF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter

from countdesk.errors import CountDeskError

MOST_DOTS_PER_INCH = 300  # enough for 9 pt type; more only makes the print job slower


def print_pdf(pdf: bytes, printer: QPrinter) -> int:
    """Print every page of the PDF, landscape, each scaled to fit; the number of pages."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        width, height = document[0].get_size()
        printer.setPageSize(QPageSize(QSizeF(min(width, height), max(width, height)),
                                      QPageSize.Unit.Point))
        printer.setPageOrientation(QPageLayout.Orientation.Landscape
                                   if width > height else QPageLayout.Orientation.Portrait)
        painter = QPainter()
        if not painter.begin(printer):
            raise CountDeskError("the printer could not be started: check it is connected "
                                 "and has paper")
        try:
            dots = min(printer.resolution(), MOST_DOTS_PER_INCH)
            for number in range(len(document)):
                if number:
                    printer.newPage()
                bitmap = document[number].render(scale=dots / 72, rev_byteorder=True)
                image = QImage(bytes(bitmap.buffer), bitmap.width, bitmap.height,
                               bitmap.stride, QImage.Format.Format_RGB888)
                area = QRectF(painter.viewport())
                fit = min(area.width() / image.width(), area.height() / image.height())
                painter.drawImage(QRectF(area.x(), area.y(), image.width() * fit,
                                         image.height() * fit), image)
        finally:
            painter.end()
        return len(document)
    finally:
        document.close()
