"""Tampering by someone who has read the code: every kind is caught, on opening the file, by
`countdesk check`, or by `countdesk verify` on the sheet, each saying what.

The forger here knows how the audit chain is hashed and recomputes it; can plant triggers;
can cut the log short; can even replace the returning officer's key with one of their own
and sign everything again. What they do not have is the RO's passphrase. The file alone
cannot tell a whole log re-signed under a new key from the real one: this computer's anchor
(what it last saw of the election) and the key fingerprint printed on the sheet can.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from ro_key import SIGNER, as_ro

from countdesk.app.anchors import AnchorBook
from countdesk.app.ballot_files import import_ballots
from countdesk.app.election_count import count_election, stored_count
from countdesk.app.integrity import check_file, open_checked
from countdesk.app.sheets import ballots_for, sheet_for
from countdesk.app.verify import verify_sheet
from countdesk.cli import main
from countdesk.election import Candidate, ElectionSetup
from countdesk.errors import CountDeskError
from countdesk.report.pdf import CERTIFICATION_ATTACHMENT, RESULT_ATTACHMENT
from countdesk.store import audit, rows
from countdesk.store.election_file import ElectionFile, EntryPass, Paper
from countdesk.store.roles import signed_bytes
from countdesk.store.signing import Signer, new_key

RO = "Rita Okoye"
NAMES = ("Ann", "Bob", "Cat", "Dee")
FORGER_SEALED, FORGER = new_key("the forger's own passphrase")


def marks(*numbers: int | None) -> tuple[tuple[int, ...], ...]:
    padded = list(numbers) + [None] * (len(NAMES) - len(numbers))
    return tuple(() if n is None else (n,) for n in padded)


PAPERS = [marks(1, 2), marks(1, 2), marks(2, 1), marks(None, 1, 2), marks(None, None, 1, 2),
          marks(1), marks(None, 1)]


@pytest.fixture(scope="module")
def certified(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """A real election keyed twice, settled, verified, counted and certified; its sheet and
    ballots as a scrutineer takes them home; and the folder of this computer's anchors."""
    folder = tmp_path_factory.mktemp("certified")
    path = folder / "branch.countdesk"
    setup = ElectionSetup("Branch committee", 2, tuple(map(Candidate, NAMES)),
                          returning_officer=RO, tellers=("Tom", "Tia"), rules="scottish",
                          tie_policy="rules-then-seed")
    anchors = folder / "anchors"
    with ElectionFile.create(path, setup, RO) as election:
        ro = as_ro(election, RO)
        batch = election.add_batch("Box 1", len(PAPERS), RO)
        for entry_pass, teller in ((EntryPass.A, "Tom"), (EntryPass.B, "Tia")):
            for number, paper in enumerate(PAPERS, 1):
                election.save_paper(Paper(batch, entry_pass, number, paper, None,
                                          number == 6, teller))
        election.verify_batch(batch, RO, authority=ro)
        election.record_ruling(batch, 6, RO, authority=ro)
        count = count_election(election, by=RO, record=True, authority=ro)
        assert count.run_id is not None
        election.certify(count.run_id, RO, ro)
        kept = stored_count(election, count.run_id)
        (folder / "sheet.pdf").write_bytes(sheet_for(kept, RO))
        (folder / "ballots.blt").write_bytes(ballots_for(election, kept).blt)
        integrity = check_file(election, AnchorBook(anchors))  # this computer saw it so
        assert integrity.sound, integrity.problems
    return path, folder / "sheet.pdf", anchors


def copy_of(certified: tuple[Path, Path, Path], tmp_path: Path) -> tuple[Path, AnchorBook]:
    path, _, anchors = certified
    copy = tmp_path / "tampered.countdesk"
    shutil.copy(path, copy)
    here = tmp_path / "state" / "countdesk"  # as `countdesk check` finds it (XDG_STATE_HOME)
    shutil.copytree(anchors, here)
    return copy, AnchorBook(here)


def detected_on_open(path: Path, anchors: AnchorBook) -> str:
    """What opening the file says is wrong with it (it then stays read-only)."""
    try:
        election = ElectionFile.open(path)
    except CountDeskError as error:
        return str(error)  # refused outright
    with election:
        integrity = open_checked(election, anchors)
        assert not integrity.sound
        assert election.read_only_because
        with pytest.raises(CountDeskError, match="read-only"):
            election.add_batch("Box 9", 1, "Mallory")
        with pytest.raises(CountDeskError, match="refused"):
            count_election(election, by="Mallory")
        return integrity.summary()


def detected_by_check(path: Path, capsys: pytest.CaptureFixture[str],
                      monkeypatch: pytest.MonkeyPatch, anchors: AnchorBook) -> str:
    monkeypatch.setenv("XDG_STATE_HOME", str(anchors.path.parent.parent))
    capsys.readouterr()
    assert main(["check", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and "Traceback" not in err
    return err


def edit(path: Path, *statements: str, then: Callable[[sqlite3.Connection], None] | None = None
         ) -> None:
    db = sqlite3.connect(path, isolation_level=None)
    for statement in statements:
        db.execute(statement)
    if then is not None:
        then(db)
    db.close()


def rewrite_chain(db: sqlite3.Connection) -> None:
    """What a forger who has read the code does: every entry's hash recomputed, in order."""
    db.execute("DROP TRIGGER audit_no_update")
    previous = audit.GENESIS
    for entry in audit.entries(db):
        fixed = audit.AuditEntry(entry.seq, entry.at, entry.who, entry.action, entry.subject,
                                 entry.content, previous, "")
        new_hash = fixed.expected_hash()
        db.execute("UPDATE audit SET prev_hash = ?, hash = ? WHERE seq = ?",
                   (previous, new_hash, entry.seq))
        previous = new_hash
    db.execute("""CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""")


def audit_subject(db: sqlite3.Connection, subject: str, kind: str, row_id: int) -> None:
    """The latest entry about ``subject`` made to say what the row now holds."""
    db.execute("DROP TRIGGER IF EXISTS audit_no_update")
    db.execute("UPDATE audit SET content = ? WHERE seq = (SELECT max(seq) FROM audit WHERE "
               "subject = ?)", (audit.canonical(rows.row_content(db, kind, row_id)), subject))
    db.execute("""CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""")


def resign(db: sqlite3.Connection, signer: Signer) -> None:
    """Every certified statement and every signature signed again by ``signer``: the
    statements first (naming its key), then the chain, then the entries' signatures."""
    for statement_id, statement in db.execute(
            "SELECT id, statement FROM certified_statements").fetchall():
        facts = json.loads(statement)
        facts["key"] = signer.public_key
        text = audit.canonical(facts)
        db.execute("UPDATE certified_statements SET statement = ?, signature = ? WHERE id = ?",
                   (text, signer.sign(text.encode("utf-8")), statement_id))
        audit_subject(db, f"statement {statement_id}", "statement", statement_id)
    rewrite_chain(db)
    db.execute("DROP TRIGGER signatures_no_update")
    hashes = dict(db.execute("SELECT seq, hash FROM audit"))
    for (seq,) in db.execute("SELECT seq FROM signatures").fetchall():
        db.execute("UPDATE signatures SET signature = ? WHERE seq = ?",
                   (signer.sign(signed_bytes(seq, hashes[seq])), seq))
    db.execute("""CREATE TRIGGER signatures_no_update BEFORE UPDATE ON signatures
        BEGIN SELECT RAISE(ABORT, 'signatures are append-only'); END""")


# -- the election file ----------------------------------------------------------------------

FILE_TAMPERINGS: dict[str, tuple[tuple[str, ...], Callable[[sqlite3.Connection], None] | None,
                                 str]] = {
    # name: (SQL, then, what the refusal says)
    "a paper rewritten, the chain recomputed": (
        ("UPDATE papers SET marks = '|1|2|' WHERE pass = 'settled' AND number = 1",),
        lambda db: (audit_subject(db, "paper " + str(db.execute(
            "SELECT id FROM papers WHERE pass = 'settled' AND number = 1").fetchone()[0]),
            "paper", db.execute("SELECT id FROM papers WHERE pass = 'settled' AND "
                                "number = 1").fetchone()[0]), rewrite_chain(db)),
        "does not match it: the log was rewritten"),
    "a trigger planted that rewrites every paper saved": (
        ("CREATE TRIGGER quiet AFTER INSERT ON papers BEGIN UPDATE papers SET marks = "
         "'1|||' WHERE id = new.id; END",), None,
        "a trigger 'quiet' was added outside CountDesk"),
    "a view added": (("CREATE VIEW v AS SELECT * FROM papers",), None,
                     "a view 'v' was added outside CountDesk"),
    "an index dropped": (("DROP INDEX audit_by_subject",), None,
                         "the index 'audit_by_subject' was removed outside CountDesk"),
    "the append-only trigger dropped": (("DROP TRIGGER audit_no_delete",), None,
                                        "the trigger 'audit_no_delete' was removed"),
    "a trigger's text changed": (
        ("DROP TRIGGER signatures_no_delete",
         "CREATE TRIGGER signatures_no_delete BEFORE DELETE ON signatures BEGIN SELECT 1; END"),
        None, "the trigger 'signatures_no_delete' was changed outside CountDesk"),
    "a ruling added, audited and chained, but unsigned": (
        ("INSERT INTO rulings (batch, number, valid_up_to, rejected, ruled_by, ruled_at) "
         "VALUES (1, 2, NULL, 'identifying mark', 'Rita Okoye', '2026-12-03')",),
        lambda db: audit.append(db, "2026-12-03", RO, "ruling on paper 2 of batch 'Box 1'",
                                "ruling 2", rows.row_content(db, "ruling", 2)),
        "carries no RO signature"),
    "a signature deleted": (("DROP TRIGGER signatures_no_delete",
                             "DELETE FROM signatures WHERE seq = (SELECT min(seq) FROM "
                             "signatures)"), None, "carries no RO signature"),
    "a signature changed": (("DROP TRIGGER signatures_no_update",
                             "UPDATE signatures SET signature = substr(signature, 3) || '00' "
                             "WHERE seq = (SELECT max(seq) FROM signatures)"), None,
                            "does not match it"),
    "the RO's key swapped for the forger's": (
        (f"UPDATE ro_keys SET public_key = '{FORGER_SEALED.public_key}', kdf = "
         f"'{FORGER_SEALED.kdf}', sealed = '{FORGER_SEALED.sealed}'",),
        lambda db: (audit_subject(db, "key 1", "key", 1), rewrite_chain(db)),
        "does not match it: the log was rewritten, or signed with another key"),
    "the certified statement rewritten": (
        ("UPDATE certified_statements SET statement = replace(statement, 'Rita Okoye', "
         "'Mallory')",),
        lambda db: (audit_subject(db, "statement 1", "statement", 1), rewrite_chain(db)),
        "does not match"),
    "the certification and its entries cut from the end of the log": (
        ("DROP TRIGGER audit_no_delete", "DROP TRIGGER signatures_no_delete",
         "DELETE FROM signatures WHERE seq > (SELECT seq FROM audit WHERE subject = "
         "'certification 1')", "DELETE FROM signatures WHERE seq = (SELECT seq FROM audit "
         "WHERE subject = 'certification 1')", "DELETE FROM audit WHERE seq >= (SELECT seq "
         "FROM audit WHERE subject = 'certification 1')", "DELETE FROM certified_statements",
         "DELETE FROM certifications",
         """CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
         """CREATE TRIGGER signatures_no_delete BEFORE DELETE ON signatures
        BEGIN SELECT RAISE(ABORT, 'signatures are append-only'); END"""), None,
        "this computer last saw this election with"),
    "the whole log re-signed under the forger's own key": (
        (f"UPDATE ro_keys SET public_key = '{FORGER_SEALED.public_key}', kdf = "
         f"'{FORGER_SEALED.kdf}', sealed = '{FORGER_SEALED.sealed}'",
         "UPDATE papers SET teller = 'Tom' WHERE pass = 'B' AND number = 1"),
        lambda db: (audit_subject(db, "key 1", "key", 1),
                    audit_subject(db, "paper " + str(db.execute(
                        "SELECT id FROM papers WHERE pass = 'B' AND number = 1").fetchone()[0]),
                        "paper", db.execute("SELECT id FROM papers WHERE pass = 'B' AND "
                                            "number = 1").fetchone()[0]),
                    resign(db, FORGER)),
        "is not the one this computer last saw"),
}

# Even the holder of the RO's key cannot change the papers of a certified count quietly: on a
# computer that never saw the file, the certified count, counted again, no longer agrees.
RO_REWRITES_CERTIFIED_PAPERS = (
    ("UPDATE papers SET marks = '|1|2|' WHERE pass = 'settled' AND number = 1",),
    lambda db: (audit_subject(db, "paper " + str(db.execute(
        "SELECT id FROM papers WHERE pass = 'settled' AND number = 1").fetchone()[0]),
        "paper", db.execute("SELECT id FROM papers WHERE pass = 'settled' AND "
                            "number = 1").fetchone()[0]), resign(db, SIGNER)),
    "the papers now do not give the result certified as count 1")


@pytest.mark.parametrize("name", list(FILE_TAMPERINGS))
def test_an_informed_tampering_of_the_file_is_caught_on_open_and_by_check(
        certified, tmp_path, capsys, monkeypatch, name):
    statements, then, said = FILE_TAMPERINGS[name]
    path, anchors = copy_of(certified, tmp_path)
    edit(path, *statements, then=then)
    assert said in detected_on_open(path, anchors)
    assert said in detected_by_check(path, capsys, monkeypatch, anchors)


def test_the_papers_of_a_certified_count_cannot_change_even_with_the_ro_s_key(
        certified, tmp_path, capsys, monkeypatch):
    statements, then, said = RO_REWRITES_CERTIFIED_PAPERS
    path, _ = copy_of(certified, tmp_path)
    elsewhere = AnchorBook(tmp_path / "another computer" / "countdesk")
    edit(path, *statements, then=then)
    assert said in detected_on_open(path, elsewhere)
    assert said in detected_by_check(path, capsys, monkeypatch, elsewhere)


def test_the_untampered_file_opens_sound_and_checks_clean(certified, tmp_path, capsys,
                                                         monkeypatch):
    path, anchors = copy_of(certified, tmp_path)
    with ElectionFile.open(path) as election:
        assert open_checked(election, anchors).sound
    monkeypatch.setenv("XDG_STATE_HOME", str(anchors.path.parent.parent))
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"returning officer's key {SIGNER.fingerprint}" in out


# -- the sheet ------------------------------------------------------------------------------

def rebuilt(sheet: Path, out: Path, pages_from: Path | None = None,
            attachments: dict[str, bytes | None] | None = None) -> Path:
    """The sheet with the pages of another, and attachments replaced or removed."""
    original = PdfReader(str(sheet))
    writer = PdfWriter()
    for page in PdfReader(str(pages_from or sheet)).pages:
        writer.add_page(page)
    carried = {name: data[0] for name, data in original.attachments.items()}
    carried.update(attachments or {})
    for name, data in carried.items():
        if data is not None:
            writer.add_attachment(name, data)
    with out.open("wb") as file:
        writer.write(file)
    return out


def failed(checks) -> str:
    assert not all(check.passed for check in checks)
    return next(check.what for check in checks if not check.passed)


def test_the_certified_sheet_verifies_with_the_ro_s_key(certified):
    _, sheet, _ = certified
    ballots = sheet.with_name("ballots.blt")
    checks = verify_sheet(sheet, ballots, key=SIGNER.fingerprint)
    assert all(check.passed for check in checks), checks
    assert any("signature holds" in check.what for check in checks)


def test_a_sheet_s_pages_with_another_sheet_s_attachment_are_refused(certified, tmp_path):
    _, sheet, _ = certified
    other = tmp_path / "other.pdf"
    assert main(["count", str(Path(__file__).parents[1] / "data" / "elections" /
                              "scot2017_glasgow_ward16.blt"), "--rules", "scottish",
                 "--pdf", str(other), "--format", "json"]) == 0
    forged = rebuilt(sheet, tmp_path / "forged.pdf", pages_from=other)
    said = failed(verify_sheet(forged, sheet.with_name("ballots.blt")))
    assert "the pages do not print the fingerprint" in said


def test_a_forged_statement_or_signature_is_refused(certified, tmp_path):
    _, sheet, _ = certified
    ballots = sheet.with_name("ballots.blt")
    signed = json.loads(PdfReader(str(sheet)).attachments[CERTIFICATION_ATTACHMENT][0])
    changed = dict(signed, statement=signed["statement"].replace(RO, "Mallory"))
    forged = rebuilt(sheet, tmp_path / "a.pdf", attachments={
        CERTIFICATION_ATTACHMENT: json.dumps(changed).encode()})
    assert "signature on the sheet does not hold" in failed(verify_sheet(forged, ballots))
    resigned = dict(signed, signature=FORGER.sign(signed["statement"].encode()),
                    public_key=FORGER.public_key)
    forged = rebuilt(sheet, tmp_path / "b.pdf", attachments={
        CERTIFICATION_ATTACHMENT: json.dumps(resigned).encode()})
    assert "signed statement is of another result" in failed(verify_sheet(forged, ballots))
    removed = rebuilt(sheet, tmp_path / "c.pdf", attachments={CERTIFICATION_ATTACHMENT: None})
    assert "no signed statement" in failed(verify_sheet(removed, ballots))


def test_a_sheet_signed_with_another_key_is_refused_given_the_ro_s_fingerprint(
        certified, tmp_path):
    _, sheet, _ = certified
    ballots = sheet.with_name("ballots.blt")
    assert "not the returning officer's key" in failed(
        verify_sheet(sheet, ballots, key=FORGER.fingerprint))


def test_a_forged_result_attachment_is_refused(certified, tmp_path):
    _, sheet, _ = certified
    stated = json.loads(PdfReader(str(sheet)).attachments[RESULT_ATTACHMENT][0])
    stated["elected"] = list(reversed(stated["elected"]))
    forged = rebuilt(sheet, tmp_path / "r.pdf", attachments={
        RESULT_ATTACHMENT: json.dumps(stated).encode()})
    assert "the recount differs from the sheet" in failed(
        verify_sheet(forged, sheet.with_name("ballots.blt")))


def imported(tmp_path: Path, papers: int) -> Path:
    """An election file made by importing ``papers`` papers (the RO's act, signed)."""
    blt = tmp_path / f"{papers}.blt"
    lines = "".join(f"1 {1 + n % 4} {1 + (n + 1) % 4} 0\n" for n in range(papers))
    blt.write_text(f"4 2\n{lines}0\n" + "".join(f'"{n}"\n' for n in NAMES) + '"Branch"\n')
    path = tmp_path / f"{papers}.countdesk"
    import_ballots(blt, path, RO, lambda: "the RO's own passphrase").close()
    return path


def signed_seqs(path: Path) -> list[int]:
    with sqlite3.connect(path) as db:
        return [seq for (seq,) in db.execute("SELECT seq FROM signatures ORDER BY seq")]


def test_an_import_is_signed_by_its_last_entry_not_paper_by_paper(tmp_path):
    """One signature on the import's last entry fixes every imported paper (each entry's
    hash covers all before it): checking the file does not verify a signature per paper."""
    few, many = imported(tmp_path, 3), imported(tmp_path, 300)
    signed = signed_seqs(many)
    assert len(signed_seqs(few)) == len(signed)
    with ElectionFile.open(many) as election:
        last = election.audit_log()[-1]
        assert last.subject.startswith("paper ") and last.seq in signed
        assert election.check().problems == ()


def test_an_imported_paper_rewritten_with_the_chain_is_caught_by_the_import_s_signature(
        tmp_path):
    path = imported(tmp_path, 300)
    with ElectionFile.open(path) as election:
        check_file(election, AnchorBook(tmp_path / "nobody"))  # not this computer's anchor
    paper = "SELECT id FROM papers WHERE number = 150"
    edit(path, "UPDATE papers SET marks = '|2|1|||' WHERE number = 150",
         then=lambda db: (audit_subject(db, "paper " + str(db.execute(paper).fetchone()[0]),
                                        "paper", db.execute(paper).fetchone()[0]),
                          rewrite_chain(db)))
    said = detected_on_open(path, AnchorBook(tmp_path / "elsewhere"))
    assert "signature on audit entry" in said and "does not match" in said, said
