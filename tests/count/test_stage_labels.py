"""A stage's heading names whose papers moved as the name was entered: two candidates who share
a last name are not confused on the sheet, the workbook or the Results page."""

from __future__ import annotations

from countdesk.count.contest import Contest
from countdesk.count.ers97 import count_ers97
from countdesk.count.lots import LotPolicy
from countdesk.count.table import stage_table
from countdesk.formats.blt import parse_blt

# Two seats, quota 5: Ann Smith is elected on first preferences and her surplus goes to Bob
# Smith; Dan Smith is then excluded.
SMITHS = """4 2
6 1 2 0
2 2 0
3 3 0
2 4 0
0
"Ann Smith"
"Bob Smith"
"Cat Jones"
"Dan Smith"
"Treasurer"
"""


def test_stage_labels_name_the_candidate_as_entered():
    result = count_ers97(Contest.from_ballots(parse_blt(SMITHS, "smiths.blt")), LotPolicy(1))
    labels = [column.label for column in stage_table(result).columns]
    assert labels == ["First prefs", "Surplus Ann Smith", "Excl. Dan Smith"]
