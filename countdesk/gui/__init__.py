"""The CountDesk window (PySide6 only here)."""
