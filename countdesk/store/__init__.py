"""The election file (SQLite): setup, batches, entry passes, rulings, the audit log."""
