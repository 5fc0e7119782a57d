"""Several laptops key one election: desk files, batch packs by USB stick, and their import
on the returning officer's laptop, every paper exactly once, whatever the order."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from hall import (
    Hall,
    Keyed,
    contents,
    copy_of,
    export_all,
    key_desks,
    key_pass,
    make_hall,
    one_laptop,
    settle_and_verify,
    shuffled,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ro_key import SEALED, SIGNER, as_ro

from countdesk.app.election_count import count_election
from countdesk.app.exchange import (
    PackRefused,
    export_pack,
    import_pack,
    make_desk_file,
    read_pack,
)
from countdesk.errors import CountDeskError
from countdesk.store.election_file import ElectionFile, EntryPass, Paper
from countdesk.store.errors import RoleError, StoreError


@dataclass
class Scene:
    hall: Hall
    base: Path  # the RO's file before any pack is imported
    good: list[Path]  # the four desks' packs
    bad: dict[str, Path]  # damaged, cut short, foreign, conflicting


def _box5(ro: ElectionFile) -> int:
    return next(b.id for b in ro.batches() if b.label == "Box 5")


@pytest.fixture(scope="module")
def scene(tmp_path_factory: pytest.TempPathFactory) -> Scene:
    folder = tmp_path_factory.mktemp("hall")
    hall = make_hall(folder / "hall")
    # Box 5: pass A on desk 5, but a teller keyed it on the RO's laptop as well.
    box5 = Keyed("Box 5", "A", "Lee", [(((1,), (2,), (), (), (), ()), False)] * 3)
    with ElectionFile.open(hall.ro_path) as ro:
        batch = ro.add_batch("Box 5", 3, "Rita")
        make_desk_file(ro, folder / "hall" / "desk5.countdesk", "Desk 5", [(batch, "A")],
                       "Rita", as_ro(ro))
        key_pass(ro, box5)
    with ElectionFile.open(folder / "hall" / "desk5.countdesk") as desk5:
        key_pass(desk5, Keyed("Box 5", "A", "Lin", box5.papers))
        conflicting = export_pack(desk5, folder)
    hall.batches["Box 5"] = 3
    hall.keyed.append(box5)
    key_desks(hall)
    packs = export_all(hall, folder / "stick")
    good = list(packs.values())
    damaged = folder / "damaged.countdesk-pack"
    data = bytearray(packs["Desk 2"].read_bytes())
    data[len(data) // 2] ^= 0x01
    damaged.write_bytes(bytes(data))
    short = folder / "short.countdesk-pack"
    short.write_bytes(packs["Desk 3"].read_bytes()[:-200])
    other = make_hall(folder / "other", batches=4, papers=2, seed=3)
    key_desks(other)
    foreign = export_all(other, folder / "other-stick")["Desk 1"]
    return Scene(hall, hall.ro_path, good, {"damaged": damaged, "short": short,
                                            "foreign": foreign, "conflicting": conflicting})


REFUSALS = {
    "damaged": ("damaged", "do not match its fingerprint"),
    "short": ("damaged", "is damaged or is not a CountDesk batch pack"),
    "foreign": ("foreign", "is from another election"),
    "conflicting": ("conflict", "pass A of batch 'Box 5' was keyed on this laptop"),
}


def import_all(ro: ElectionFile, packs: list[Path]) -> dict[str, str]:
    """Import each pack in turn; what each refused one said, by name."""
    refused = {}
    for path in packs:
        try:
            import_pack(ro, path, "Rita", SIGNER)
        except PackRefused as error:
            refused[path.name] = f"{error.kind}: {error}"
    return refused


def finish_box5(ro: ElectionFile) -> None:
    """The RO's laptop keys Box 5's pass B (desk 5's pack was refused)."""
    key_pass(ro, Keyed("Box 5", "B", "Kofi",
                       [(((1,), (2,), (), (), (), ()), False)] * 3))


@pytest.mark.parametrize("seed", [1, 2])
def test_packs_in_any_order_land_every_paper_once_and_count_as_one_laptop(
        scene: Scene, tmp_path: Path, seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    # Each order's file is a copy of one election: this computer remembers each apart.
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    rng = random.Random(seed)
    path = copy_of(scene.base, tmp_path / "ro")
    everything = [*scene.good, *scene.bad.values()]
    with ElectionFile.open(path) as ro:
        first = import_all(ro, shuffled(everything, rng))
        again = import_all(ro, shuffled(everything, rng))
        assert ro.check().clean, ro.check().problems
        # The refusals name their reasons, the first time and again.
        for name, (kind, words) in REFUSALS.items():
            said = first[scene.bad[name].name]
            assert said.startswith(kind + ":") and words in said, said
            assert "nothing of it was imported" in said
        assert set(first) == {p.name for p in scene.bad.values()}
        for pack in scene.good:
            assert again[pack.name].startswith("imported: ")
            assert "was imported already" in again[pack.name]
        # Every paper exactly once: each pass holds its hand count, numbered 1 to n.
        for keyed in scene.hall.keyed[:-1]:
            batch = next(b.id for b in ro.batches() if b.label == keyed.label)
            papers = ro.papers(batch, EntryPass(keyed.entry_pass))
            assert [p.number for p in papers] == list(range(1, len(keyed.papers) + 1))
            assert [(p.marks, p.doubtful) for p in papers] == keyed.papers
            assert {p.teller for p in papers} == {keyed.teller}
        imported = [e for e in ro.audit_log() if e.action.startswith("import paper ")]
        assert len(imported) == sum(len(k.papers) for k in scene.hall.keyed[:-1])
        assert len({e.subject for e in imported}) == len(imported)
        finish_box5(ro)
        settle_and_verify(ro)
        counted = count_election(ro, by="Rita", seed=7)
    reference = one_laptop(scene.hall, tmp_path / "one.countdesk")
    with ElectionFile.open(reference) as alone:
        finish_box5(alone)
        settle_and_verify(alone)
        expected = count_election(alone, by="Rita", seed=7)
    assert counted.result == expected.result
    assert counted.record.account == expected.record.account


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.permutations(range(8)))
def test_any_order_of_imports_gives_the_same_file(scene: Scene, tmp_path: Path,
                                                  order: list[int]) -> None:
    everything = [*scene.good, *scene.bad.values()]
    reference = _imported(scene, tmp_path / "in-order", everything)
    ordered = [everything[i] for i in order]
    assert _imported(scene, tmp_path / f"order-{'-'.join(map(str, order))}",
                     ordered) == reference


_CACHE: dict[str, object] = {}


def _imported(scene: Scene, folder: Path, packs: list[Path]) -> object:
    key = "|".join(p.name for p in packs)
    if key not in _CACHE:
        path = copy_of(scene.base, folder)
        with ElectionFile.open(path) as ro:
            import_all(ro, packs)
            assert ro.check().clean
            _CACHE[key] = contents(ro)
    return _CACHE[key]


# -- desk files ---------------------------------------------------------------------------


@pytest.fixture
def ro(tmp_path: Path) -> Iterator[ElectionFile]:
    from hall import hall_setup

    with ElectionFile.create(tmp_path / "ro.countdesk", hall_setup(), "Rita") as election:
        for label in ("Box 1", "Box 2"):
            election.add_batch(label, 2, "Rita")
        yield election


def test_a_desk_file_keys_only_its_passes_and_cannot_change_the_setup(
        ro: ElectionFile, tmp_path: Path) -> None:
    path = make_desk_file(ro, tmp_path / "d1.countdesk", "Desk 1", [(1, "A")], "Rita",
                          as_ro(ro))
    with ElectionFile.open(path) as desk:
        assert [b.label for b in desk.batches()] == ["Box 1"]
        assert desk.this_desk().passes == (("Box 1", "A"),)
        assert desk.this_desk().election == ro.identity()
        with pytest.raises(StoreError, match="keys pass A of batch 'Box 1': pass B is keyed"):
            desk.save_paper(Paper(1, EntryPass.B, 1, ((1,),) + ((),) * 5, None, False, "Tom"))
        with pytest.raises(StoreError, match="this is the desk file of 'Desk 1'"):
            desk.update_setup(desk.setup(), "Tom", "a typo")
        with pytest.raises(StoreError, match="this is the desk file"):
            desk.set_ro_key(SEALED, "Tom")
        with pytest.raises(StoreError, match="adding a batch is done on the returning "
                           "officer's laptop"):
            desk.add_batch("Box 9", 3, "Tom")
        desk.save_paper(Paper(1, EntryPass.A, 1, ((1,),) + ((),) * 5, None, False, "Tom"))
        assert desk.check().clean
    assert ro.check().clean
    assert [d.name for d in ro.desks()] == ["Desk 1"]
    # The ballot paper's order is fixed once a desk file is made.
    setup = ro.setup()
    first, second, *rest = setup.candidates
    moved = replace(setup, candidates=(second, first, *rest))
    with pytest.raises(StoreError, match="ballot paper's order is fixed"):
        ro.update_setup(moved, "Rita", "a new candidate", as_ro(ro))


def test_a_desk_file_is_the_ros_to_make_and_never_both_passes_without_leave(
        ro: ElectionFile, tmp_path: Path) -> None:
    path = tmp_path / "d.countdesk"
    with pytest.raises(RoleError, match="needs the RO's passphrase"):
        make_desk_file(ro, path, "Desk 1", [(1, "A")], "Rita")
    with pytest.raises(StoreError, match="would key both passes of batch 'Box 1'"):
        make_desk_file(ro, path, "Desk 1", [(1, "A"), (1, "B")], "Rita", as_ro(ro))
    assert not path.exists() and not ro.desks()
    make_desk_file(ro, path, "Desk 1", [(1, "A"), (1, "B")], "Rita", as_ro(ro),
                   leave={1: "one laptop left at the end"})
    assert ro.desk_leave() == ((1, 1, "one laptop left at the end"),)
    assert any("may key both passes of batch 'Box 1': one laptop left" in e.action
               for e in ro.audit_log())
    with pytest.raises(StoreError, match="pass A of batch 'Box 1' is keyed on 'Desk 1'"):
        make_desk_file(ro, tmp_path / "e.countdesk", "Desk 2", [(1, "A")], "Rita", as_ro(ro))
    with pytest.raises(StoreError, match="there is a desk called 'Desk 1' already"):
        make_desk_file(ro, tmp_path / "e.countdesk", "Desk 1", [(2, "A")], "Rita", as_ro(ro))
    assert not (tmp_path / "e.countdesk").exists()
    assert ro.check().clean


def _desk(ro: ElectionFile, tmp_path: Path, name: str, passes: list[tuple[int, str]]
          ) -> Path:
    return make_desk_file(ro, tmp_path / f"{name}.countdesk", name, passes, "Rita", as_ro(ro))


PAPER = ((1,), (2,), (), (), (), ())
OTHER = ((2,), (1,), (), (), (), ())


def test_a_newer_pack_of_a_pass_replaces_it_only_with_the_passphrase_and_a_reason(
        ro: ElectionFile, tmp_path: Path) -> None:
    desk_path = _desk(ro, tmp_path, "Desk 1", [(1, "A")])
    with ElectionFile.open(desk_path) as desk:
        desk.save_paper(Paper(1, EntryPass.A, 1, PAPER, None, False, "Tom"))
        older = export_pack(desk, tmp_path / "older.countdesk-pack", unfinished=True)
        desk.save_paper(Paper(1, EntryPass.A, 2, PAPER, None, False, "Tom"))
        newer = export_pack(desk, tmp_path / "newer.countdesk-pack")
    with pytest.raises(RoleError, match="needs the RO's passphrase"):
        import_pack(ro, older, "Rita")
    import_pack(ro, older, "Rita", as_ro(ro))
    assert ro.paper_count(1, EntryPass.A) == 1
    with pytest.raises(PackRefused, match="needs the returning officer's passphrase and a "
                       "reason") as refused:
        import_pack(ro, newer, "Rita", as_ro(ro))
    assert refused.value.kind == "replace"
    with pytest.raises(RoleError):
        import_pack(ro, newer, "Rita", reason="paper 2 was found in the box")
    assert ro.paper_count(1, EntryPass.A) == 1
    plan = import_pack(ro, newer, "Rita", as_ro(ro), reason="paper 2 was found in the box")
    assert [p.how for p in plan.passes] == ["replace"]
    assert ro.paper_count(1, EntryPass.A) == 2
    assert any("replacing those of pack pass 1: paper 2 was found in the box" in e.action
               for e in ro.audit_log())
    # The older one, brought again, is refused: it is older than the pass held.
    with pytest.raises(PackRefused, match="already"):
        import_pack(ro, older, "Rita", as_ro(ro))
    assert ro.check().clean


def test_a_copy_of_a_desk_file_keyed_apart_conflicts(ro: ElectionFile, tmp_path: Path
                                                     ) -> None:
    desk_path = _desk(ro, tmp_path, "Desk 1", [(1, "A")])
    twin = copy_of(desk_path, tmp_path / "twin")
    with ElectionFile.open(desk_path) as desk:
        desk.save_paper(Paper(1, EntryPass.A, 1, PAPER, None, False, "Tom"))
        mine = export_pack(desk, tmp_path / "mine.countdesk-pack", unfinished=True)
    with ElectionFile.open(twin) as desk:
        for number in (1, 2):
            desk.save_paper(Paper(1, EntryPass.A, number, OTHER, None, False, "Tia"))
        theirs = export_pack(desk, tmp_path / "theirs.countdesk-pack")
    import_pack(ro, mine, "Rita", as_ro(ro))
    with pytest.raises(PackRefused, match="comes from a copy of the desk file of 'Desk 1' "
                       "keyed apart") as refused:
        import_pack(ro, theirs, "Rita", as_ro(ro), reason="try")
    assert refused.value.kind == "conflict"
    assert [p.marks for p in ro.papers(1, EntryPass.A)] == [PAPER]


def test_a_pack_from_a_desk_file_not_made_here_is_foreign(ro: ElectionFile, tmp_path: Path
                                                          ) -> None:
    _desk(ro, tmp_path, "Desk 1", [(1, "A")])
    # Another desk file called "Desk 1" of the same election, made elsewhere.
    copy = copy_of(ro.path, tmp_path / "elsewhere")
    ro.close()
    with ElectionFile.open(copy) as other:
        path = _desk(other, tmp_path / "elsewhere", "Desk 2", [(1, "B")])
    with ElectionFile.open(path) as desk:
        desk.save_paper(Paper(1, EntryPass.B, 1, PAPER, None, False, "Tia"))
        pack = export_pack(desk, tmp_path, unfinished=True)
    with (ElectionFile.open(tmp_path / "ro.countdesk") as ro_again,
          pytest.raises(PackRefused, match="which this election has no desk file for")):
        import_pack(ro_again, pack, "Rita", SIGNER)


def test_pass_b_by_pass_as_teller_is_refused_whole(ro: ElectionFile, tmp_path: Path) -> None:
    a = _desk(ro, tmp_path, "Desk 1", [(1, "A"), (2, "A")])
    b = _desk(ro, tmp_path, "Desk 2", [(1, "B"), (2, "B")])
    packs = []
    for path, which in ((a, EntryPass.A), (b, EntryPass.B)):
        with ElectionFile.open(path) as desk:
            desk.save_paper(Paper(2, which, 1, PAPER, None, False,
                                  "Tia" if which is EntryPass.B else "Kim"))
            desk.save_paper(Paper(1, which, 1, PAPER, None, False, "Tom"))
            packs.append(export_pack(desk, tmp_path, unfinished=True))
    import_pack(ro, packs[0], "Rita", SIGNER)
    before = contents(ro)
    with pytest.raises(PackRefused, match="Tom keyed pass A of this batch") as refused:
        import_pack(ro, packs[1], "Rita", SIGNER)
    assert refused.value.kind == "conflict"
    assert contents(ro) == before  # Box 2's pass B, which was fine, is not imported either
    assert ro.check().clean


def test_a_pack_reads_as_plain_json_lines_and_its_fingerprint_is_of_its_lines(
        ro: ElectionFile, tmp_path: Path) -> None:
    import hashlib
    import json

    path = _desk(ro, tmp_path, "Desk 1", [(1, "A")])
    with ElectionFile.open(path) as desk:
        desk.save_paper(Paper(1, EntryPass.A, 1, PAPER, None, True, "Tom"))
        pack_path = export_pack(desk, tmp_path, unfinished=True)
        head = desk.audit_head()
    lines = pack_path.read_text(encoding="utf-8").splitlines()
    header = json.loads(lines[0])
    assert header["countdesk"] == "batch pack" and header["desk"] == "Desk 1"
    assert header["head"] == {"seq": head[0], "hash": head[1]}
    assert json.loads(lines[1]) == {"paper": {"batch": "Box 1", "pass": "A", "number": 1,
                                              "marks": "1|2||||", "rejected": None,
                                              "doubtful": 1, "teller": "Tom"}}
    body = "".join(line + "\n" for line in lines[:-1]).encode("utf-8")
    assert json.loads(lines[-1]) == {"end": {"sha256": hashlib.sha256(body).hexdigest()}}
    assert read_pack(pack_path).fingerprint == hashlib.sha256(body).hexdigest()
    # A pack edited and given a new fingerprint still fails: its papers are not its log's.
    edited = [lines[0], lines[1].replace('"marks":"1|2||||"', '"marks":"2|1||||"'),
              *lines[2:-1]]
    body = "".join(line + "\n" for line in edited).encode("utf-8")
    forged = tmp_path / "forged.countdesk-pack"
    end = json.dumps({"end": {"sha256": hashlib.sha256(body).hexdigest()}})
    forged.write_bytes(body + end.encode() + b"\n")
    with pytest.raises(PackRefused, match="not those its desk's audit log recorded"):
        read_pack(forged)


def test_nothing_to_export_and_not_a_desk_file_are_said(ro: ElectionFile, tmp_path: Path
                                                       ) -> None:
    with pytest.raises(CountDeskError, match="is not a desk file"):
        export_pack(ro, tmp_path)
    path = _desk(ro, tmp_path, "Desk 1", [(1, "A")])
    with ElectionFile.open(path) as desk, pytest.raises(CountDeskError,
                                                         match="has keyed no paper yet"):
        export_pack(desk, tmp_path)


def test_a_file_of_version_4_is_brought_up_to_date_and_keys_on_desks(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from hall import hall_setup

    from countdesk.store import schema
    from countdesk.store.check import check_election

    path = tmp_path / "v4.countdesk"
    with monkeypatch.context() as patch:
        patch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:4])
        with ElectionFile.create(path, hall_setup(), "Rita") as old:
            old.add_batch("Box 1", 1, "Rita")
            old.save_paper(Paper(1, EntryPass.A, 1, PAPER, None, False, "Tom"))
            as_ro(old)
    assert check_election(path).problems == ()
    with ElectionFile.open(path) as ro:
        assert any(e.action == "update file from version 4" for e in ro.audit_log())
        desk_path = make_desk_file(ro, tmp_path / "d.countdesk", "Desk 1", [(1, "B")], "Rita",
                                   as_ro(ro))
        with ElectionFile.open(desk_path) as desk:
            desk.save_paper(Paper(1, EntryPass.B, 1, OTHER, None, False, "Tia"))
            pack = export_pack(desk, tmp_path)
        import_pack(ro, pack, "Rita", as_ro(ro))
        assert [p.marks for p in ro.papers(1, EntryPass.B)] == [OTHER]
        assert ro.check().clean


def test_a_pass_not_keyed_to_its_hand_count_stays_out_of_a_pack_unless_asked(
        ro: ElectionFile, tmp_path: Path) -> None:
    path = _desk(ro, tmp_path, "Desk 1", [(1, "A"), (2, "B")])
    with ElectionFile.open(path) as desk:
        desk.save_paper(Paper(1, EntryPass.A, 1, PAPER, None, False, "Tom"))
        with pytest.raises(CountDeskError, match=r"no pass keyed to its hand count yet \(pass "
                           r"A of 'Box 1' has 1 of 2\)"):
            export_pack(desk, tmp_path)
        desk.save_paper(Paper(1, EntryPass.A, 2, PAPER, None, False, "Tom"))
        desk.save_paper(Paper(2, EntryPass.B, 1, OTHER, None, False, "Tom"))
        finished = read_pack(export_pack(desk, tmp_path / "finished.countdesk-pack"))
        everything = read_pack(export_pack(desk, tmp_path / "all.countdesk-pack",
                                           unfinished=True))
    assert [(p["batch"], p["pass"]) for p in finished.passes()] == [("Box 1", "A")]
    assert [(p["batch"], p["pass"]) for p in everything.passes()] == [("Box 1", "A"),
                                                                      ("Box 2", "B")]
    assert {p["batch"] for p in finished.papers} == {"Box 1"}


def test_a_desk_file_of_the_same_name_made_from_a_copy_is_foreign(ro: ElectionFile,
                                                                  tmp_path: Path) -> None:
    ro.close()
    copy = copy_of(tmp_path / "ro.countdesk", tmp_path / "copy")
    with ElectionFile.open(tmp_path / "ro.countdesk") as original:
        _desk(original, tmp_path, "Desk 1", [(1, "A")])
    with ElectionFile.open(copy) as other:
        twin = _desk(other, tmp_path / "copy", "Desk 1", [(1, "A")])
    with ElectionFile.open(twin) as desk:
        desk.save_paper(Paper(1, EntryPass.A, 1, PAPER, None, False, "Tom"))
        pack = export_pack(desk, tmp_path, unfinished=True)
    with ElectionFile.open(tmp_path / "ro.countdesk") as original:
        with pytest.raises(PackRefused, match="does not come from the desk file made for "
                           "'Desk 1'") as refused:
            import_pack(original, pack, "Rita", SIGNER)
        assert refused.value.kind == "foreign"
        assert original.paper_count(1, EntryPass.A) == 0


def _forge(lines: list[str], path: Path) -> Path:
    import hashlib
    import json

    body = "".join(line + "\n" for line in lines).encode("utf-8")
    end = json.dumps({"end": {"sha256": hashlib.sha256(body).hexdigest()}})
    path.write_bytes(body + end.encode() + b"\n")
    return path


def test_a_pack_naming_a_pass_twice_or_skipping_a_number_is_damaged(
        ro: ElectionFile, tmp_path: Path) -> None:
    import json

    path = _desk(ro, tmp_path, "Desk 1", [(1, "A")])
    with ElectionFile.open(path) as desk:
        for number in (1, 2, 3):
            desk.save_paper(Paper(1, EntryPass.A, number, PAPER, None, False, "Tom"))
        desk.delete_paper(1, EntryPass.A, 2, "Tom")  # keyed twice: 3 becomes 2
        lines = export_pack(desk, tmp_path).read_text(encoding="utf-8").splitlines()[:-1]
    header = json.loads(lines[0])
    twice = {**header, "passes": header["passes"] * 2}
    with pytest.raises(PackRefused, match="names a pass twice"):
        read_pack(_forge([json.dumps(twice), *lines[1:]], tmp_path / "twice.countdesk-pack"))
    # The log says paper 2 was renumbered; a pack that keeps it as 3 contradicts its log,
    # and one whose log is rewritten to match is numbered with a gap.
    papers = [json.loads(line) for line in lines[1:3]]
    assert [p["paper"]["number"] for p in papers] == [1, 2]
    gap = json.dumps({"paper": {**papers[1]["paper"], "number": 3}})
    with pytest.raises(PackRefused, match="not those its desk's audit log recorded"):
        read_pack(_forge([lines[0], lines[1], gap, *lines[3:]], tmp_path / "gap.countdesk-pack"))


def test_the_ro_takes_a_pass_back_from_a_desk_that_failed(ro: ElectionFile, tmp_path: Path
                                                           ) -> None:
    old = _desk(ro, tmp_path, "Desk 1", [(1, "A"), (2, "B")])
    with ElectionFile.open(old) as desk:
        desk.save_paper(Paper(1, EntryPass.A, 1, PAPER, None, False, "Tom"))
        late = export_pack(desk, tmp_path / "late.countdesk-pack", unfinished=True)
    with pytest.raises(RoleError):
        ro.take_back_pass(1, "A", "the laptop's disk failed", "Rita")
    with pytest.raises(StoreError, match="say why"):
        ro.take_back_pass(1, "A", " ", "Rita", as_ro(ro))
    assert ro.take_back_pass(1, "A", "the laptop's disk failed", "Rita", as_ro(ro)) == "Desk 1"
    assert [(p.batch, p.entry_pass) for p in ro.desk_passes()] == [(2, "B")]
    with pytest.raises(StoreError, match="is no desk's to take back"):
        ro.take_back_pass(1, "A", "again", "Rita", as_ro(ro))
    # Another desk keys it now; the old desk's pack of it is refused whole.
    new = _desk(ro, tmp_path, "Desk 2", [(1, "A")])
    with pytest.raises(PackRefused, match="pass A of batch 'Box 1' is keyed by 'Desk 2', not "
                       "by 'Desk 1'"):
        import_pack(ro, late, "Rita", as_ro(ro))
    with ElectionFile.open(new) as desk:
        for number in (1, 2):
            desk.save_paper(Paper(1, EntryPass.A, number, OTHER, None, False, "Tia"))
        pack = export_pack(desk, tmp_path)
    import_pack(ro, pack, "Rita", as_ro(ro))
    with pytest.raises(StoreError, match="came in a pack from 'Desk 2' already"):
        ro.take_back_pass(1, "A", "no", "Rita", as_ro(ro))
    assert any("taken back from 'Desk 1': the laptop's disk failed" in e.action
               for e in ro.audit_log())
    assert ro.check().clean
