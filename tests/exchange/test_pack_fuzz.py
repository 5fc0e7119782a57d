"""A pack changed by someone who has read the README, fingerprint and all, is refused whole
with a reason, never a crash, and never half-imported: whatever line, key or value changed."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from hall import contents, copy_of, key_desks, make_hall
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ro_key import SIGNER

from countdesk.app.exchange import PackRefused, export_pack, import_pack
from countdesk.store.election_file import ElectionFile


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    folder = tmp_path_factory.mktemp("fuzz")
    hall = make_hall(folder / "hall", batches=4, papers=3)
    key_desks(hall)
    with ElectionFile.open(hall.desk_paths["Desk 1"]) as desk:
        pack = export_pack(desk, folder)
    return hall.ro_path, pack.read_text(encoding="utf-8").splitlines()[:-1]


JSON = st.recursive(st.none() | st.booleans() | st.integers(-3, 10**6) | st.text(max_size=8),
                    lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.text(max_size=6), inner, max_size=3), max_leaves=6)


def _change(value: object, path: list[str], new: object, delete: bool) -> object:
    """``value`` with the key at ``path`` (as deep as it goes) replaced by ``new``, or
    deleted."""
    if not isinstance(value, dict) or not value:
        return new
    keys = sorted(value)
    key = keys[sum(map(ord, path[0])) % len(keys)] if path else keys[0]
    if len(path) > 1 and isinstance(value[key], dict):
        return {**value, key: _change(value[key], path[1:], new, delete)}
    if delete:
        return {k: v for k, v in value.items() if k != key}
    return {**value, key: new}


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(line=st.integers(0, 10**6), path=st.lists(st.text(max_size=3), min_size=1, max_size=3),
       new=JSON, delete=st.booleans())
def test_a_pack_changed_and_given_a_new_fingerprint_is_refused_whole(
        world: tuple[Path, list[str]], tmp_path_factory: pytest.TempPathFactory, line: int,
        path: list[str], new: object, delete: bool) -> None:
    ro_base, lines = world
    changed = list(lines)
    at = line % len(changed)
    changed[at] = json.dumps(_change(json.loads(changed[at]), path, new, delete))
    body = "".join(text + "\n" for text in changed).encode("utf-8")
    end = json.dumps({"end": {"sha256": hashlib.sha256(body).hexdigest()}})
    folder = tmp_path_factory.mktemp("case")
    pack = folder / "changed.countdesk-pack"
    pack.write_bytes(body + end.encode() + b"\n")
    ro_path = copy_of(ro_base, folder / "ro")
    with ElectionFile.open(ro_path) as ro:
        before = contents(ro)
        try:
            import_pack(ro, pack, "Rita", SIGNER)
        except PackRefused as refused:
            assert "nothing of it was imported" in str(refused), str(refused)
            assert contents(ro) == before
        assert ro.check().clean
