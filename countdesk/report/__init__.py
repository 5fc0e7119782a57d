"""The result sheet (PDF, reportlab) and the scrutineers' workbook (openpyxl).

They render a Result and decide nothing.
"""
