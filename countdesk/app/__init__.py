"""The use cases, Qt-free: each has one home here, and the command line and the window both
call it, so that the two can never assemble the same job differently.

- `election_count`: count an election file exactly as its setup says (`count_election`, or
  `prepare_count` → `PreparedCount.run` → `record_count` when the count runs off the GUI
  thread), and the counts it keeps (`stored_count`).
- `sheets`: a kept count's result sheet, workbook and ballots, from the count alone.
- `ballot_files`: count a BLT file; import one into a new election file; export the papers.
- `verify`: check a result sheet against its ballots, and recount.
- `output`: every file CountDesk writes, written whole or not at all.
"""
