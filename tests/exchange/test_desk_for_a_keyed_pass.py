"""A desk file is not made for a pass already keyed on the returning officer's laptop: the
desk's pack of it could only ever be refused, after the desk's tellers had keyed it."""

from __future__ import annotations

from pathlib import Path

import pytest
from hall import hall_setup
from ro_key import as_ro

from countdesk.app.exchange import make_desk_file
from countdesk.errors import CountDeskError
from countdesk.store.election_file import ElectionFile, EntryPass, Paper

PAPER = ((1,), (2,), (), (), (), ())


def test_a_pass_keyed_here_is_not_given_to_a_desk(tmp_path: Path) -> None:
    with ElectionFile.create(tmp_path / "ro.countdesk", hall_setup(), "Rita") as ro:
        ro.add_batch("Box 1", 3, "Rita")
        ro.save_paper(Paper(1, EntryPass.A, 1, PAPER, None, False, "Tom"))
        with pytest.raises(CountDeskError, match=r"pass A of batch 'Box 1' already holds 1 "
                           r"paper keyed on this laptop"):
            make_desk_file(ro, tmp_path / "d1.countdesk", "Desk 1", [(1, "A")], "Rita",
                           as_ro(ro))
        assert ro.desks() == ()
        assert not (tmp_path / "d1.countdesk").exists()
        # Pass B, not yet keyed here, may go to a desk.
        make_desk_file(ro, tmp_path / "d2.countdesk", "Desk 2", [(1, "B")], "Rita", as_ro(ro))
        assert [desk.name for desk in ro.desks()] == ["Desk 2"]
