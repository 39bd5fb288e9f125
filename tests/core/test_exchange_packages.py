"""Offline exchange packages: the lead exports a reviewer's assignment, the reviewer
scores on a laptop (local SQLite), the results come back signed; a review changed on both
sides is shown side by side and waits for the lead's decision; the import is
all-or-nothing; hostile packages get one clear message and change nothing."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import func, select

from casereview.cli.main import main as cli
from casereview.domain.enums import Answer
from casereview.errors import ConflictError, ValidationError
from casereview.exchange.container import PackageError, public_key_hex, write_package
from casereview.services.app import Services
from casereview.storage.models import AuditEntry, Case, Review, Setting

CAMPAIGN, REVIEWER, CASE = 1, 7, 9  # demo: 曹波 is the first reviewer of case 9 in campaign 1
PASS = "长口令-足够安全-2026"


@pytest.fixture(autouse=True)
def _own_settings_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The lead's signing key lives in the OS user's settings folder: one per test."""
    monkeypatch.setenv("CASEREVIEW_CONFIG_DIR", str(tmp_path / "lead-config"))


@pytest.fixture(params=["sqlite", "postgresql"])
def server_url(request: pytest.FixtureRequest, demo_db_path: Path, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(demo_db_path)
    pg = request.getfixturevalue("pg_url")
    from casereview.storage.db import Database
    from casereview.storage.migrate import migrate_to_server

    target = Database(pg)
    try:
        migrate_to_server(demo_db_path, target)
    finally:
        target.dispose()
    return pg


def _score_all(services: Services, review_id: int, answer: Answer = Answer.PASS) -> None:
    for code in services.reviews.state(review_id).definition.item_codes():
        services.reviews.save_answer(review_id, code, answer)


def _db_snapshot(services: Services) -> tuple[int, int, int]:
    with services.ctx.db.session() as session:
        return (session.scalar(select(func.count()).select_from(Review)) or 0,
                session.scalar(select(func.count()).select_from(AuditEntry)) or 0,
                session.scalar(select(func.max(Review.version))) or 0)


def test_round_trip_with_a_conflict_decided_by_the_lead(server_url: str, tmp_path: Path) -> None:
    lead = Services.open(server_url, actor="陈组长", as_system=True)
    laptop = Services.open(tmp_path / "laptop" / "casereview.sqlite3", actor="曹波", as_system=True)
    try:
        task = lead.exchange.export_assignment(CAMPAIGN, REVIEWER, tmp_path / "task.crpkg", passphrase=PASS)
        assert task.cases == 1 and task.documents > 0 and task.encrypted
        _assert_no_private_key_in(lead)
        raw = (tmp_path / "task.crpkg").read_bytes()
        assert "曹波".encode() not in raw and b"case_no" not in raw  # encrypted: nothing readable
        got = laptop.exchange.import_assignment(tmp_path / "task.crpkg", passphrase=PASS)
        assert got.cases == 1 and got.signer_fingerprint == task.signer_fingerprint
        with laptop.ctx.db.session() as session:
            assert session.scalar(select(func.count()).select_from(Case)) == 1
            hashes = session.execute(select(Setting.key)).scalars().all()
            assert "exchange.server_key" not in hashes  # the server's private key never leaves it
        # Documents are there offline, byte for byte.
        detail = laptop.cases.detail(CASE)
        assert detail.documents and laptop.documents.open_info(detail.documents[0].id).path.exists()
        # The reviewer scores offline…
        review = laptop.reviews.open_review(CASE, campaign_id=CAMPAIGN, reviewer_id=REVIEWER)
        _score_all(laptop, review.review.id)
        laptop.reviews.submit(review.review.id)
        laptop.exchange.export_results(tmp_path / "results.crpkg")
        # …while on the server someone starts the same review.
        server_review = lead.reviews.open_review(CASE, campaign_id=CAMPAIGN, reviewer_id=REVIEWER)
        first_code = server_review.definition.item_codes()[0]
        lead.reviews.save_answer(server_review.review.id, first_code, Answer.NOT_APPLICABLE)
        before = _db_snapshot(lead)
        with pytest.raises(ConflictError) as conflict:
            lead.exchange.import_results(tmp_path / "results.crpkg")
        text = str(conflict.value)
        assert "服务器" in text and "交换包" in text and first_code in text and "不适用" in text and "符合" in text
        assert _db_snapshot(lead) == before  # nothing changed
        key = conflict.value.params["conflicts"][0].key
        plan = lead.exchange.import_results(tmp_path / "results.crpkg", decisions={key: "package"})
        assert len(plan.conflicts) == 1
        state = lead.reviews.state(server_review.review.id)
        assert state.review.status == "submitted" and state.results[first_code].answer == "pass"
        assert state.score.answered_count == len(state.definition.item_codes())
        with lead.ctx.db.session() as session:
            row = session.get(Review, server_review.review.id)
            case = session.get(Case, CASE)
            assert row is not None and case is not None and row.answered == state.score.answered_count
            assert case.review_score == row.total_score
            actions = session.scalars(select(AuditEntry.action).where(AuditEntry.review_id == row.id)).all()
            assert "package_import" in actions
    finally:
        lead.close()
        laptop.close()


def test_cli_round_trip_and_keep_server_decision(demo_db_path: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    laptop_db = str(tmp_path / "laptop.sqlite3")
    assert cli(["package", "export", "--db", str(demo_db_path), "--campaign", "1", "--reviewer", "7",
                "--out", str(tmp_path / "t.crpkg")]) == 0
    assert "签名指纹" in capsys.readouterr().out
    assert cli(["package", "import", str(tmp_path / "t.crpkg"), "--db", laptop_db]) == 0
    assert cli(["package", "import", str(tmp_path / "t.crpkg"), "--db", laptop_db]) == 1  # only into an empty DB
    assert "空的本机数据库" in capsys.readouterr().err
    laptop = Services.open(laptop_db, as_system=True)
    review = laptop.reviews.open_review(CASE, campaign_id=CAMPAIGN, reviewer_id=REVIEWER)
    laptop.reviews.save_answer(review.review.id, review.definition.item_codes()[0], Answer.PASS)
    laptop.close()
    assert cli(["package", "results", "--db", laptop_db, "--out", str(tmp_path / "r.crpkg")]) == 0
    lead = Services.open(demo_db_path, as_system=True)
    other = lead.reviews.open_review(CASE, campaign_id=CAMPAIGN, reviewer_id=REVIEWER)
    lead.reviews.save_answer(other.review.id, other.definition.item_codes()[0], Answer.NOT_APPLICABLE)
    lead.close()
    capsys.readouterr()
    assert cli(["package", "import-results", str(tmp_path / "r.crpkg"), "--db", str(demo_db_path), "--preview"]) == 0
    assert "冲突 1 份" in capsys.readouterr().out
    assert cli(["package", "import-results", str(tmp_path / "r.crpkg"), "--db", str(demo_db_path),
                "--take", "*=server"]) == 0
    lead = Services.open(demo_db_path, as_system=True)
    assert lead.reviews.state(other.review.id).results[other.definition.item_codes()[0]].answer == Answer.NOT_APPLICABLE.value
    lead.close()


def _rewrite(source: Path, target: Path, change: dict[str, bytes | None]) -> None:
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for info in zin.infolist():
            if info.filename in change:
                if change[info.filename] is not None:
                    zout.writestr(info.filename, change[info.filename])  # type: ignore[arg-type]
            else:
                zout.writestr(info.filename, zin.read(info.filename))
        for name, data in change.items():
            if name not in zin.namelist() and data is not None:
                zout.writestr(name, data)


def test_hostile_packages_are_refused_and_change_nothing(demo_db_path: Path, tmp_path: Path) -> None:
    lead = Services.open(demo_db_path, actor="陈组长", as_system=True)
    laptop_path = tmp_path / "laptop.sqlite3"
    laptop = Services.open(laptop_path, as_system=True)
    try:
        good = tmp_path / "good.crpkg"
        lead.exchange.export_assignment(CAMPAIGN, REVIEWER, good)
        data = json.loads(zipfile.ZipFile(good).read("data.json"))
        data["cases"][0]["fine_amount"] = "1"  # tampered after signing
        cases = {
            "tampered": ({"data.json": json.dumps(data).encode()}, "package_tampered"),
            "traversal": ({"../../evil.txt": b"x"}, "package_foreign_member"),
            "extra document": ({"documents/" + "0" * 64: b"x"}, "package_tampered"),
            "no signature": ({"signature": None}, "package_incomplete"),
        }
        for name, (change, code) in cases.items():
            bad = tmp_path / f"{name}.crpkg"
            _rewrite(good, bad, change)
            with pytest.raises(PackageError) as err:
                laptop.exchange.import_assignment(bad)
            assert err.value.code == code, name
        truncated = tmp_path / "truncated.crpkg"
        truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
        with pytest.raises(PackageError, match=r"截断|损坏"):
            laptop.exchange.import_assignment(truncated)
        encrypted = tmp_path / "enc.crpkg"
        lead.exchange.export_assignment(CAMPAIGN, REVIEWER, encrypted, passphrase=PASS)
        with pytest.raises(PackageError, match="口令"):
            laptop.exchange.import_assignment(encrypted, passphrase="wrong-passphrase")
        cut = tmp_path / "enc-cut.crpkg"
        cut.write_bytes(encrypted.read_bytes()[:-100])
        with pytest.raises(PackageError):
            laptop.exchange.import_assignment(cut, passphrase=PASS)
        # A self-signed package with invalid records (a case number of 500 characters).
        key = Ed25519PrivateKey.generate()
        forged = dict(data, server_key=public_key_hex(key))
        forged["cases"] = [dict(data["cases"][0], case_no="号" * 500)]
        bad_records = tmp_path / "records.crpkg"
        write_package(bad_records, kind="assignment", meta={}, data=forged, documents={}, signing_key=key)
        with pytest.raises(PackageError, match="过长"):
            laptop.exchange.import_assignment(bad_records)
        with laptop.ctx.db.session() as session:
            assert session.scalar(select(func.count()).select_from(Case)) == 0
            assert session.get(Setting, "exchange.origin") is None
        # A results package signed by a key the server never issued is foreign.
        foreign = tmp_path / "foreign.crpkg"
        write_package(foreign, kind="results", meta={}, data={"reviewer_id": REVIEWER, "reviews": []},
                      documents={}, signing_key=Ed25519PrivateKey.generate())
        before = _db_snapshot(lead)
        with pytest.raises(PackageError, match="来源不明"):
            lead.exchange.import_results(foreign)
        with pytest.raises(PackageError, match="评查任务包"):
            lead.exchange.import_results(good)
        assert _db_snapshot(lead) == before
        with pytest.raises(ValidationError):
            lead.exchange.export_assignment(CAMPAIGN, 1, tmp_path / "none.crpkg")  # nothing assigned to the lead
    finally:
        lead.close()
        laptop.close()


def test_audit_chain_is_verified_on_export_and_on_import(demo_db_path: Path, tmp_path: Path) -> None:
    """An answer changed behind the program's back never travels: the laptop refuses to sign
    it, and a package re-signed by the reviewer's own key with an altered answer is refused
    by the lead because it no longer matches the audit chain it carries."""
    import sqlite3

    lead = Services.open(demo_db_path, actor="陈组长", as_system=True)
    laptop_path = tmp_path / "laptop.sqlite3"
    laptop = Services.open(laptop_path, actor="曹波", as_system=True)
    try:
        lead.exchange.export_assignment(CAMPAIGN, REVIEWER, tmp_path / "task.crpkg")
        laptop.exchange.import_assignment(tmp_path / "task.crpkg")
        review = laptop.reviews.open_review(CASE, campaign_id=CAMPAIGN, reviewer_id=REVIEWER)
        _score_all(laptop, review.review.id)
        good = tmp_path / "results.crpkg"
        laptop.exchange.export_results(good)
        data = json.loads(zipfile.ZipFile(good).read("data.json"))
        assert data["audit_chain"] and data["reviews"][0]["laptop_review_id"] == review.review.id

        # 1. The reviewer signs an altered answer with the key of their account.
        with laptop.ctx.db.session() as session:
            origin = session.get(Setting, "exchange.origin")
            assert origin is not None
            key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(origin.value["reviewer_key"]))
        altered = json.loads(json.dumps(data))
        altered["reviews"][0]["results"][0]["answer"] = "not_applicable"
        forged = tmp_path / "forged.crpkg"
        write_package(forged, kind="results", meta={"package_id": "x"}, data=altered, documents={}, signing_key=key)
        before = _db_snapshot(lead)
        with pytest.raises(PackageError, match="操作日志") as err:
            lead.exchange.import_results(forged)
        assert err.value.code == "package_chain_broken"
        # …or rewrites the chain entry too: the chain's own hashes no longer hold.
        rechained = json.loads(json.dumps(data))
        rechained["audit_chain"][-1]["actor"] = "别人"
        write_package(forged, kind="results", meta={"package_id": "x"}, data=rechained, documents={}, signing_key=key)
        with pytest.raises(PackageError, match="哈希不符"):
            lead.exchange.import_results(forged)
        assert _db_snapshot(lead) == before
        lead.exchange.import_results(good)  # the untouched package is accepted

        # 2. An answer edited in the laptop's file: the laptop refuses to export it.
        laptop.close()
        with sqlite3.connect(laptop_path) as raw:
            raw.execute("DROP TRIGGER IF EXISTS item_results_no_update")
            raw.execute("UPDATE item_results SET answer = 'not_applicable' WHERE id = (SELECT MIN(id) FROM item_results)")
        laptop = Services.open(laptop_path, actor="曹波", as_system=True)
        with pytest.raises(ValidationError, match="操作日志") as refused:
            laptop.exchange.export_results(tmp_path / "again.crpkg")
        assert refused.value.code == "audit_chain_broken"
        assert not (tmp_path / "again.crpkg").exists()
    finally:
        lead.close()
        laptop.close()


def test_a_blind_recheckers_package_carries_no_first_score(demo_db_path: Path, tmp_path: Path) -> None:
    """The case row's cached result is the first scoring while the re-check is pending: it
    stays on the server; the re-checker's laptop shows no score for the case."""
    rechecker, case_id = 10, 10  # demo: 韩峰 re-checks case 10 (blind), 李鹏秀's first review is in
    lead = Services.open(demo_db_path, as_system=True)
    laptop = Services.open(tmp_path / "laptop" / "casereview.sqlite3", as_system=True)
    try:
        with lead.ctx.db.session() as session:
            server_case = session.get(Case, case_id)
            assert server_case is not None and server_case.review_score is not None  # the first scoring
        lead.exchange.export_assignment(CAMPAIGN, rechecker, tmp_path / "task.crpkg")
        laptop.exchange.import_assignment(tmp_path / "task.crpkg")
        with laptop.ctx.db.session() as session:
            case = session.get(Case, case_id)
            assert case is not None and case.review_score is None and case.review_grade is None
            assert not session.scalars(select(Review).where(Review.stage == "first")).all()
    finally:
        lead.close()
        laptop.close()


def _assert_no_private_key_in(services: Services) -> None:
    """No setting holds the private half of the key that signs (the app role reads settings)."""
    from cryptography.hazmat.primitives import serialization

    from casereview.exchange.keys import local_signing_key

    private = local_signing_key().private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                                serialization.NoEncryption()).hex()
    with services.ctx.db.session() as session:
        values = json.dumps([s.value for s in session.scalars(select(Setting))])
    assert private not in values and '"private"' not in values


def test_the_signing_key_stays_on_the_leads_pc(demo_db_path: Path, tmp_path: Path) -> None:
    import os
    import stat

    from casereview.exchange.keys import signing_key_path

    lead = Services.open(demo_db_path, actor="陈组长", as_system=True)
    try:
        # a database from before: the key pair in a setting the application role can read
        old = Ed25519PrivateKey.generate()
        from cryptography.hazmat.primitives import serialization

        old_raw = old.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                    serialization.NoEncryption()).hex()
        with lead.ctx.db.session() as session:
            session.merge(Setting(key="exchange.server_key", value={"private": old_raw, "public": public_key_hex(old)}))
        first = lead.exchange.export_assignment(CAMPAIGN, REVIEWER, tmp_path / "a.crpkg")
        again = lead.exchange.export_assignment(CAMPAIGN, REVIEWER, tmp_path / "b.crpkg")
        assert first.signer_fingerprint == again.signer_fingerprint == lead.exchange.server_fingerprint()
        _assert_no_private_key_in(lead)
        with lead.ctx.db.session() as session:
            signers = session.get(Setting, "exchange.server_key").value["signers"]  # type: ignore[union-attr]
        assert signers[public_key_hex(old)]["retired"] and len(signers) == 2
        path = signing_key_path()
        assert path.is_file() and old_raw not in path.read_text(encoding="utf-8")
        if os.name == "posix":
            assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert lead.audit.verify().ok
    finally:
        lead.close()


def test_the_fingerprint_is_read_only_without_sign_in(demo_db_path: Path) -> None:
    """Anyone may read this PC's signing fingerprint, but only a lead (or an administrator)
    creates the key: a caller not signed in, or a reviewer, never writes one."""
    from casereview.demo.build import DEMO_PASSWORD
    from casereview.exchange.keys import signing_key_path

    anonymous = Services.open(demo_db_path)
    try:
        assert anonymous.exchange.server_fingerprint() == ""
        assert not signing_key_path().exists()
        reviewer = Services.open(demo_db_path)
        reviewer.sign_in("曹波", DEMO_PASSWORD)
        try:
            assert reviewer.exchange.server_fingerprint() == ""
            assert not signing_key_path().exists()
        finally:
            reviewer.close()
        lead = Services.open(demo_db_path)
        lead.sign_in("陈组长", DEMO_PASSWORD)
        try:
            made = lead.exchange.server_fingerprint()
        finally:
            lead.close()
        assert made and signing_key_path().is_file()
        assert anonymous.exchange.server_fingerprint() == made  # read, not created again
    finally:
        anonymous.close()
