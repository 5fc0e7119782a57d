"""The STV count: rules, exact arithmetic, ties, stage records.

Pure: no Qt, SQLite, reportlab or openpyxl.
"""
