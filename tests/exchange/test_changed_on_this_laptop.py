"""A pass brought by a pack and then changed on the returning officer's laptop (a paper keyed
or corrected there) is not replaced by a newer pack: that would silently undo the change."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hall import contents, hall_setup
from ro_key import as_ro

from countdesk.app.exchange import PackRefused, export_pack, import_pack, make_desk_file
from countdesk.store.election_file import ElectionFile, EntryPass, Paper

PAPER = ((1,), (2,), (), (), (), ())
OTHER = ((2,), (1,), (), (), (), ())


@pytest.fixture
def ro(tmp_path: Path) -> Iterator[ElectionFile]:
    with ElectionFile.create(tmp_path / "ro.countdesk", hall_setup(), "Rita") as election:
        election.add_batch("Box 1", 3, "Rita")
        yield election


def test_a_pass_changed_here_since_its_pack_is_not_replaced(ro: ElectionFile,
                                                            tmp_path: Path) -> None:
    desk_path = make_desk_file(ro, tmp_path / "d1.countdesk", "Desk 1", [(1, "A")], "Rita",
                               as_ro(ro))
    with ElectionFile.open(desk_path) as desk:
        for number in (1, 2, 3):
            desk.save_paper(Paper(1, EntryPass.A, number, PAPER, None, False, "Tom"))
        first = export_pack(desk, tmp_path / "first.countdesk-pack")
    import_pack(ro, first, "Rita", as_ro(ro))
    # A teller on the RO's laptop keys a fourth paper into the pass the pack brought.
    ro.save_paper(Paper(1, EntryPass.A, 4, OTHER, None, False, "Kim"))
    with ElectionFile.open(desk_path) as desk:
        desk.save_paper(Paper(1, EntryPass.A, 3, OTHER, None, False, "Tom"))
        newer = export_pack(desk, tmp_path / "newer.countdesk-pack")
    before = contents(ro)
    with pytest.raises(PackRefused, match=r"newer\.countdesk-pack conflicts .*pass A of "
                       r"batch 'Box 1' was changed on this laptop") as refused:
        import_pack(ro, newer, "Rita", as_ro(ro), reason="the desk corrected paper 3")
    assert refused.value.kind == "conflict"
    assert contents(ro) == before
    assert [p.teller for p in ro.papers(1, EntryPass.A)] == ["Tom", "Tom", "Tom", "Kim"]
