"""A desk packs only the passes it has keyed papers of: a pack naming a pass of no paper, or
no pass at all, contradicts how a pack is made. Imported, such a pass would count as
brought in: the dashboard would tick it, and it could no longer be taken back."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hall import contents, hall_setup
from ro_key import as_ro

from countdesk.app.exchange import (
    PackRefused,
    export_pack,
    import_pack,
    make_desk_file,
    pass_sha256,
)
from countdesk.store.election_file import ElectionFile, EntryPass, Paper

PAPER = ((1,), (2,), (), (), (), ())


@pytest.fixture
def ro(tmp_path: Path) -> Iterator[ElectionFile]:
    with ElectionFile.create(tmp_path / "ro.countdesk", hall_setup(), "Rita") as election:
        for label in ("Box 1", "Box 2"):
            election.add_batch(label, 2, "Rita")
        yield election


def _pack(ro: ElectionFile, tmp_path: Path) -> Path:
    """Desk 1 keys pass A of Box 1 (both papers), nothing of pass A of Box 2; its pack."""
    path = make_desk_file(ro, tmp_path / "d1.countdesk", "Desk 1", [(1, "A"), (2, "A")],
                          "Rita", as_ro(ro))
    with ElectionFile.open(path) as desk:
        for number in (1, 2):
            desk.save_paper(Paper(1, EntryPass.A, number, PAPER, None, False, "Tom"))
        return export_pack(desk, tmp_path / "d1.countdesk-pack")


def _rewritten(pack: Path, name: str, change: Callable[[list[dict]], list[dict]]) -> Path:
    lines = [json.loads(line) for line in pack.read_text(encoding="utf-8").splitlines()[:-1]]
    lines = change(lines)
    body = "".join(json.dumps(line) + "\n" for line in lines).encode("utf-8")
    end = json.dumps({"end": {"sha256": hashlib.sha256(body).hexdigest()}})
    path = pack.with_name(name)
    path.write_bytes(body + end.encode("utf-8") + b"\n")
    return path


def _with_empty_pass(lines: list[dict]) -> list[dict]:
    lines[0]["passes"].append({"batch": "Box 2", "pass": "A", "papers": 0,
                               "sha256": pass_sha256([]), "first_keyed": "",
                               "last_keyed": ""})
    return lines


def _with_no_pass(lines: list[dict]) -> list[dict]:
    lines[0]["passes"] = []
    return [line for line in lines if "paper" not in line]


def test_a_pack_naming_a_pass_of_no_paper_is_damaged(ro: ElectionFile, tmp_path: Path
                                                     ) -> None:
    forged = _rewritten(_pack(ro, tmp_path), "empty-pass.countdesk-pack", _with_empty_pass)
    before = contents(ro)
    with pytest.raises(PackRefused, match=r"empty-pass\.countdesk-pack is damaged .*pass A "
                       r"of batch 'Box 2' .*no paper") as refused:
        import_pack(ro, forged, "Rita", as_ro(ro))
    assert refused.value.kind == "damaged"
    assert contents(ro) == before
    # Pass A of Box 2 is still Desk 1's, to be taken back if its laptop fails.
    assert ro.take_back_pass(2, "A", "laptop failed", "Rita", as_ro(ro)) == "Desk 1"


def test_a_pack_naming_no_pass_is_damaged_not_imported_already(
        ro: ElectionFile, tmp_path: Path) -> None:
    forged = _rewritten(_pack(ro, tmp_path), "no-pass.countdesk-pack", _with_no_pass)
    before = contents(ro)
    with pytest.raises(PackRefused, match=r"no-pass\.countdesk-pack is damaged .*names no "
                       "pass") as refused:
        import_pack(ro, forged, "Rita", as_ro(ro))
    assert refused.value.kind == "damaged"
    assert contents(ro) == before
