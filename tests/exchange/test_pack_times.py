"""A pack's keying times, which the dashboard's pace is reckoned from, are those its desk's
audit log recorded: a header that says others contradicts its own log, and is damaged."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from hall import contents, key_desks, make_hall
from ro_key import SIGNER

from countdesk.app.exchange import PackRefused, export_pack, import_pack, read_pack
from countdesk.store.election_file import ElectionFile


def _rewritten(pack: Path, into: Path, first: str, last: str) -> Path:
    """``pack`` with its first pass's keying times changed, and a fingerprint to match."""
    lines = pack.read_text(encoding="utf-8").splitlines()[:-1]
    header = json.loads(lines[0])
    header["passes"][0]["first_keyed"] = first
    header["passes"][0]["last_keyed"] = last
    lines[0] = json.dumps(header)
    body = "".join(line + "\n" for line in lines).encode("utf-8")
    end = json.dumps({"end": {"sha256": hashlib.sha256(body).hexdigest()}})
    into.write_bytes(body + end.encode("utf-8") + b"\n")
    return into


@pytest.mark.parametrize("first, last", [
    ("2026-05-01T10:00:00", "2026-05-01T10:30:00+00:00"),  # no offset beside one
    ("2026-05-01T09:00:00+00:00", "2026-05-01T17:00:00+00:00"),  # a slower desk, made up
    ("", ""),
])
def test_keying_times_not_those_of_the_packs_log_are_damage(
        tmp_path: Path, first: str, last: str) -> None:
    hall = make_hall(tmp_path / "hall", batches=4, papers=3)
    key_desks(hall)
    with ElectionFile.open(hall.desk_paths["Desk 1"]) as desk:
        pack = export_pack(desk, tmp_path)
    told = read_pack(pack).passes()[0]
    assert told["first_keyed"] and told["last_keyed"]  # the log's times, as made
    changed = _rewritten(pack, tmp_path / "changed.countdesk-pack", first, last)
    with ElectionFile.open(hall.ro_path) as ro:
        before = contents(ro)
        with pytest.raises(PackRefused, match=r"changed\.countdesk-pack is damaged .*keying "
                           r"times .*not those its desk's audit log recorded") as refused:
            import_pack(ro, changed, "Rita", SIGNER)
        assert refused.value.kind == "damaged"
        assert "nothing of it was imported" in str(refused.value)
        assert contents(ro) == before
        import_pack(ro, pack, "Rita", SIGNER)  # the pack as its desk made it is whole
