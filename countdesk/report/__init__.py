"""The result sheet (PDF, reportlab) and the scrutineers' workbook (openpyxl): they render a Result."""
