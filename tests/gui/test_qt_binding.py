"""The Qt binding itself must stand a day of keying: no reference lost on every call.

PySide6 6.12.0 dropped a reference to None on each call of a method that returns nothing;
on Python 3.11 None is not immortal, so after some thousand calls the app aborted mid-batch.
"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_calls_that_return_nothing_keep_none_alive(qapp):
    box = QLineEdit()
    before = sys.getrefcount(None)
    for _ in range(2000):
        box.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        box.setReadOnly(False)
    assert sys.getrefcount(None) >= before - 50
