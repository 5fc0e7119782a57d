"""Long work off the GUI thread (a count of 100k papers, a sheet): the window never freezes.

`run_in_background` runs a function on Qt's thread pool and hands its value, or its error,
back to the GUI thread. The function must not touch widgets or the election file (SQLite
connections stay on the thread that made them): gather what it needs first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot


class _Relay(QObject):
    """Lives on the GUI thread: its slots run there when the job, on a pool thread, signals."""

    done = Signal(object)
    failed = Signal(object)

    def __init__(self, on_done: Callable[[Any], None],
                 on_failed: Callable[[Exception], None]) -> None:
        super().__init__()
        self.on_done = on_done
        self.on_failed = on_failed
        self.done.connect(self._done)
        self.failed.connect(self._failed)

    @Slot(object)
    def _done(self, value: Any) -> None:
        _running.discard(self)
        self.on_done(value)

    @Slot(object)
    def _failed(self, error: Exception) -> None:
        _running.discard(self)
        self.on_failed(error)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.work = work
        self.relay = relay

    def run(self) -> None:
        try:
            value = self.work()
        except Exception as error:  # handed to the GUI thread, which says it in words
            self.relay.failed.emit(error)
        else:
            self.relay.done.emit(value)


_running: set[_Relay] = set()  # each relay stays alive until its job has reported back


def run_in_background(work: Callable[[], Any], on_done: Callable[[Any], None],
                      on_failed: Callable[[Exception], None]) -> None:
    relay = _Relay(on_done, on_failed)
    _running.add(relay)
    QThreadPool.globalInstance().start(_Job(work, relay))


def busy() -> bool:
    """Whether any background job has yet to report back."""
    return bool(_running)
