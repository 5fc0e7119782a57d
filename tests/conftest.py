"""Shared test setup: Qt runs offscreen unless a display is asked for explicitly, and what
CountDesk remembers of elections (its anchors) goes to a folder of the run's own."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["XDG_STATE_HOME"] = tempfile.mkdtemp(prefix="countdesk-test-state-")
