"""Offline review by exchange package: lead → reviewer's laptop → lead.

1. ``export_assignment`` (lead, on the server): one reviewer's assigned cases of a campaign
   with their documents, the pinned standard versions, the calendar, the reviewer's own
   account (other people appear without login name or password hash), the reviewer's
   current reviews, and a new signing key for the reviewer. Signed with the server's key.
2. ``import_assignment`` (reviewer, into an empty local SQLite database): everything
   checked, then loaded in one transaction with the server's ids.
3. The reviewer scores offline with the ordinary review screens.
4. ``export_results`` (reviewer): the reviews changed since the package arrived, signed
   with the reviewer's key, each with the version it started from.
5. ``preview_results``/``import_results`` (lead): the signature must be by a key the server
   issued to that reviewer; a review changed on the server since the package left AND in
   the package is a conflict, shown item by item side by side, and needs the lead's
   decision (``package`` or ``server``); the import is one transaction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from casereview.domain.enums import Answer, ReviewStage
from casereview.errors import ConflictError, NotFoundError, PermissionDenied, ValidationError
from casereview.exchange.container import (
    OpenedPackage,
    PackageError,
    fingerprint,
    open_package,
    public_key_hex,
    write_package,
)
from casereview.exchange.records import dump_row, load_rows
from casereview.services.concurrency import claim_review
from casereview.services.context import ServiceContext
from casereview.services.queries.audit import record_review_audit
from casereview.services.queries.reviews import definition_of, rescore
from casereview.storage import audit_chain
from casereview.storage.models import (
    Assignment,
    AuditEntry,
    Blob,
    Campaign,
    CampaignCase,
    CampaignStandard,
    Case,
    CaseOfficer,
    Document,
    EvidenceRef,
    ItemResult,
    Officer,
    Review,
    Reviewer,
    Setting,
    Standard,
    StandardVersion,
    Unit,
    table_of,
    utcnow,
)

__all__ = ["ExchangeService", "ExportSummary", "ResultsPlan", "ReviewConflict"]

SERVER_KEY = "exchange.server_key"  # {"public": hex, "signers": {public hex: {by, since}}}: public keys only
TRUSTED_KEYS = "exchange.reviewer_keys"  # {"<reviewer id>": [public hex, ...]} issued by this server
ORIGIN = "exchange.origin"  # on a laptop: where its data came from and the reviewer's key

# Load order of an assignment package (foreign keys first).
_ASSIGNMENT_TABLES: tuple[tuple[str, Any], ...] = (
    ("units", Unit), ("reviewers", Reviewer), ("officers", Officer), ("cases", Case),
    ("case_officers", CaseOfficer), ("blobs", Blob), ("documents", Document), ("standards", Standard),
    ("standard_versions", StandardVersion), ("campaigns", Campaign), ("campaign_standards", CampaignStandard),
    ("campaign_cases", CampaignCase), ("assignments", Assignment), ("reviews", Review),
    ("item_results", ItemResult), ("evidence_refs", EvidenceRef),
)


@dataclass(frozen=True)
class ExportSummary:
    path: Path
    kind: str
    reviewer: str
    cases: int
    reviews: int
    documents: int
    encrypted: bool
    signer_fingerprint: str


@dataclass(frozen=True)
class ItemDifference:
    item_code: str
    server: str  # "pass" / "deduct 2.0" / "—"
    package: str


@dataclass(frozen=True)
class ReviewConflict:
    key: str  # "<case id>:<stage>" — what the lead names in a decision
    case_no: str
    stage: str
    server_changed_by: str | None
    server_changed_at: datetime | None
    items: tuple[ItemDifference, ...]

    def side_by_side(self) -> list[str]:
        head = (f"案件 {self.case_no}（{_stage_label(self.stage)}，决定键 {self.key}）：服务器上已由 "
                f"{self.server_changed_by or '他人'} 修改，交换包中也有修改")
        lines = [head, f"    {'评查项':<12}{'服务器':<20}{'交换包':<20}"]
        lines += [f"    {d.item_code:<12}{d.server:<20}{d.package:<20}" for d in self.items]
        return lines


@dataclass(frozen=True)
class ResultsPlan:
    reviewer: str
    package_id: str
    to_apply: tuple[str, ...]  # review keys applied without question
    conflicts: tuple[ReviewConflict, ...]


class ExchangeService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # -- keys ---------------------------------------------------------------------------

    def _setting(self, session: Session, key: str) -> dict[str, Any]:
        row = session.get(Setting, key)
        return dict(row.value or {}) if row is not None else {}

    def _put_setting(self, session: Session, key: str, value: dict[str, Any]) -> None:
        row = session.get(Setting, key)
        if row is None:
            session.add(Setting(key=key, value=value))
        else:
            row.value = value

    def _server_key(self, session: Session) -> Ed25519PrivateKey:
        """This PC's signing key (casereview/exchange/keys.py); its public key is registered in
        the database. A private key an older version kept in the database is removed."""
        from casereview.exchange.keys import local_signing_key

        key = local_signing_key()
        public = public_key_hex(key)
        stored = self._setting(session, SERVER_KEY)
        signers: dict[str, Any] = dict(stored.get("signers") or {})
        legacy = stored.get("public")
        changed = "private" in stored
        if isinstance(legacy, str) and legacy not in signers:
            signers[legacy] = {"by": None, "since": None, "retired": True}
            changed = True
        if public not in signers:
            signers[public] = {"by": self.ctx.actor_name, "since": utcnow().isoformat()}
            changed = True
            record_review_audit_free(session, self.ctx.actor_name, "signing_key_register",
                                     {"fingerprint": fingerprint(public)})
        if changed:
            self._put_setting(session, SERVER_KEY, {"public": public, "signers": signers})
        return key

    def server_fingerprint(self) -> str:
        """The fingerprint of the key this PC signs packages with (its public key: the
        private key is never in the database). Only an account that may send packages out
        (a lead, an administrator) creates the key on first use; anyone else, and a caller
        not signed in, only reads it: "" while this PC has none."""
        from casereview.accounts.roles import Cap
        from casereview.exchange.keys import local_public_key_hex, local_signing_key

        actor = self.ctx.account
        if actor.system or (actor.account_id is not None and actor.can(Cap.CAMPAIGNS)):
            return fingerprint(public_key_hex(local_signing_key()))
        public = local_public_key_hex()
        return fingerprint(public) if public is not None else ""

    # -- 1. lead exports an assignment --------------------------------------------------

    def export_assignment(
        self, campaign_id: int, reviewer_id: int, target: str | Path, *, passphrase: str | None = None
    ) -> ExportSummary:
        from cryptography.hazmat.primitives import serialization

        with self.ctx.db.session() as session:
            campaign = session.get(Campaign, campaign_id)
            reviewer = session.get(Reviewer, reviewer_id)
            if campaign is None:
                raise NotFoundError(f"评查活动 {campaign_id} 不存在。", campaign_id=campaign_id)
            if reviewer is None:
                raise NotFoundError(f"评查人员 {reviewer_id} 不存在。", reviewer_id=reviewer_id)
            assignments = session.scalars(select(Assignment).where(
                Assignment.campaign_id == campaign_id,
                or_(Assignment.first_reviewer_id == reviewer_id, Assignment.rechecker_id == reviewer_id),
            )).all()
            if not assignments:
                raise ValidationError(f"{reviewer.name} 在活动“{campaign.name}”中没有分配的案件，无需导出。",
                                      code="package_nothing")
            case_ids = sorted({a.case_id for a in assignments})
            data = self._assignment_data(session, campaign, reviewer, case_ids, assignments)
            from casereview.services.policy import hidden_first_reviews

            hidden = hidden_first_reviews(session, self.ctx.account) & {int(r["id"]) for r in data["reviews"]}
            if hidden:  # the one exporting is a blind re-checker (or of its unit): the package holds a first scoring
                raise PermissionDenied(
                    f"盲评复核进行中：您是其中案件的复核人或与复核人同单位，不能导出含 {reviewer.name} 初评的任务包；"
                    "请由其他组长或管理员导出。", code="blind_recheck", review_ids=sorted(hidden))
            server_key = self._server_key(session)
            reviewer_key = Ed25519PrivateKey.generate()
            trusted = self._setting(session, TRUSTED_KEYS)
            trusted.setdefault(str(reviewer_id), []).append(public_key_hex(reviewer_key))
            self._put_setting(session, TRUSTED_KEYS, trusted)
            data["reviewer_key"] = reviewer_key.private_bytes(
                serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()).hex()
            data["server_key"] = public_key_hex(server_key)
            shas = sorted({d["blob_sha256"] for d in data["documents"] if d.get("blob_sha256")})
            record_review_audit_free(session, self.ctx.actor_name, "package_export",
                                     {"reviewer_id": reviewer_id, "campaign_id": campaign_id, "cases": len(case_ids)})
        documents: dict[str, Path] = {}
        for sha in shas:
            local = self.ctx.blob_store.find(sha)
            if local is None:
                raise ValidationError(f"文档文件 {sha[:16]}… 缺失，无法导出；请先运行 casereview docs verify。",
                                      code="package_blob_missing")
            documents[sha] = local
        package_id = hashlib.sha256(f"{campaign_id}:{reviewer_id}:{utcnow().isoformat()}".encode()).hexdigest()[:16]
        write_package(
            Path(target), kind="assignment", data=data, documents=documents, signing_key=server_key,
            passphrase=passphrase,
            meta={"package_id": package_id, "created_by": self.ctx.actor_name, "reviewer": reviewer.name,
                  "created_at": utcnow().isoformat()},
        )
        return ExportSummary(Path(target), "assignment", reviewer.name, len(case_ids), len(data["reviews"]),
                             len(documents), passphrase is not None, fingerprint(public_key_hex(server_key)))

    def _assignment_data(
        self, session: Session, campaign: Campaign, reviewer: Reviewer, case_ids: list[int],
        assignments: Any,
    ) -> dict[str, Any]:
        def rows(model: Any, *where: Any) -> list[dict[str, Any]]:
            table = table_of(model)
            return [dump_row(r) for r in session.execute(select(table).where(*where)).mappings()]

        cases = rows(Case, Case.id.in_(case_ids))
        for case in cases:  # the case's cached result is another review's (a blind re-checker's first
            case["review_score"] = None  # scoring): it never leaves the server; the laptop
            case["review_grade"] = None  # recomputes it from the reviews it holds
        case_officers = rows(CaseOfficer, CaseOfficer.case_id.in_(case_ids))
        officer_ids = {r["officer_id"] for r in case_officers}
        officers = rows(Officer, Officer.id.in_(officer_ids))
        reviews = rows(Review, Review.campaign_id == campaign.id, Review.case_id.in_(case_ids),
                       Review.reviewer_id == reviewer.id)
        review_ids = [r["id"] for r in reviews]
        results = rows(ItemResult, ItemResult.review_id.in_(review_ids))
        evidence = rows(EvidenceRef, EvidenceRef.item_result_id.in_([r["id"] for r in results]))
        documents = rows(Document, Document.case_id.in_(case_ids))
        blobs = rows(Blob, Blob.sha256.in_({d["blob_sha256"] for d in documents if d["blob_sha256"]}))
        pinned = rows(CampaignStandard, CampaignStandard.campaign_id == campaign.id)
        version_ids = {p["standard_version_id"] for p in pinned} | {r["standard_version_id"] for r in reviews}
        versions = rows(StandardVersion, StandardVersion.id.in_(version_ids))
        standards = rows(Standard, Standard.id.in_({v["standard_id"] for v in versions}))
        people = {a.first_reviewer_id for a in assignments} | {a.rechecker_id for a in assignments} | {reviewer.id}
        reviewers = rows(Reviewer, Reviewer.id.in_({p for p in people if p is not None}))
        for person in reviewers:  # nobody else's login or password hash leaves the server
            if person["id"] != reviewer.id:
                person["username"] = None
                person["password_hash"] = None
        unit_ids = {c["unit_id"] for c in cases} | {o["unit_id"] for o in officers} | {r["unit_id"] for r in reviewers}
        units = rows(Unit, Unit.id.in_({u for u in unit_ids if u is not None}))
        return {
            "units": units, "reviewers": reviewers, "officers": officers, "cases": cases,
            "case_officers": case_officers, "blobs": blobs, "documents": documents, "standards": standards,
            "standard_versions": versions, "campaigns": rows(Campaign, Campaign.id == campaign.id),
            "campaign_standards": pinned,
            "campaign_cases": rows(CampaignCase, CampaignCase.campaign_id == campaign.id,
                                   CampaignCase.case_id.in_(case_ids)),
            "assignments": [_assignment_row(a) for a in assignments],
            "reviews": reviews, "item_results": results, "evidence_refs": evidence,
            "reviewer_id": reviewer.id, "campaign_id": campaign.id,
            "base_versions": {str(r["id"]): r["version"] for r in reviews},
            "calendar_extra": _calendar_extra_text(),
        }

    # -- 2. reviewer imports it into a laptop database ----------------------------------

    def import_assignment(self, path: str | Path, *, passphrase: str | None = None) -> ExportSummary:
        with open_package(path, passphrase=passphrase) as package:
            if package.kind != "assignment":
                raise PackageError("这是评查结果包，应由牵头人员在服务器上导入（package import-results）。",
                                   code="package_wrong_kind")
            data = package.data
            if data.get("server_key") != package.signer_key.hex():
                raise PackageError("交换包的签名者与其中记录的服务器不一致，已拒绝。", code="package_foreign")
            loaded = {name: load_rows(table_of(model), data.get(name, []),
                                      required=("sha256",) if name == "blobs" else ("id",))
                      for name, model in _ASSIGNMENT_TABLES}
            reviewer_id = data.get("reviewer_id")
            if not isinstance(reviewer_id, int) or not any(r["id"] == reviewer_id for r in loaded["reviewers"]):
                raise PackageError("交换包中缺少评查人员信息。", code="package_record_invalid")
            key_hex = data.get("reviewer_key")
            try:
                Ed25519PrivateKey.from_private_bytes(bytes.fromhex(str(key_hex)))
            except ValueError as exc:
                raise PackageError("交换包中的评查人员密钥无效。", code="package_record_invalid") from exc
            base_versions = data.get("base_versions") or {}
            if not isinstance(base_versions, dict):
                raise PackageError("交换包中的版本信息格式不正确。", code="package_record_invalid")
            listed = set(package.document_names())
            needed = {b["sha256"] for b in loaded["blobs"]}
            if needed - listed:
                raise PackageError("交换包缺少部分文书文件。", code="package_incomplete")
            with self.ctx.db.session() as session:
                if session.scalar(select(Case.id).limit(1)) is not None or self._setting(session, ORIGIN):
                    raise ValidationError("只能导入到空的本机数据库：请用 --db 指定一个新的数据库文件。",
                                          code="package_target_not_empty")
            exts = {b["sha256"]: b.get("ext") or "" for b in loaded["blobs"]}
            for sha in sorted(needed):  # content-addressed: a file stored twice is the same file
                with package.document(sha, exts[sha]) as tmp:
                    self.ctx.blob_store.put(tmp)
            with self.ctx.db.session() as session:
                for name, model in _ASSIGNMENT_TABLES:
                    if loaded[name]:
                        session.execute(table_of(model).insert(), loaded[name])
                self._put_setting(session, ORIGIN, {
                    "server_key": package.signer_key.hex(), "reviewer_id": reviewer_id, "reviewer_key": key_hex,
                    "campaign_id": data.get("campaign_id"), "base_versions": base_versions,
                    "package_id": package.manifest.get("package_id"),
                })
                reviewer_name = next(r["name"] for r in loaded["reviewers"] if r["id"] == reviewer_id)
            _write_calendar_extra(data.get("calendar_extra"))
            return ExportSummary(Path(path), "assignment", reviewer_name, len(loaded["cases"]), len(loaded["reviews"]),
                                 len(needed), False, fingerprint(package.signer_key.hex()))

    # -- 4. reviewer exports results ------------------------------------------------------

    def export_results(self, target: str | Path, *, passphrase: str | None = None) -> ExportSummary:
        with self.ctx.db.session() as session:
            origin = self._setting(session, ORIGIN)
            if not origin:
                raise ValidationError("本数据库不是由评查任务交换包导入的，没有可导出的评查结果。",
                                      code="package_no_origin")
            reviewer_id = int(origin["reviewer_id"])
            base = {int(k): int(v) for k, v in (origin.get("base_versions") or {}).items()}
            reviews = session.scalars(select(Review).where(Review.reviewer_id == reviewer_id)).all()
            changed = [r for r in reviews if r.version != base.get(r.id, 0)]
            if not changed:
                raise ValidationError("导入任务以来没有修改任何评查，无需导出结果。", code="package_nothing")
            # Only results whose audit trail holds are signed: an answer edited in the laptop's
            # file behind the program's back is refused here, before it can travel.
            chain = audit_chain.verify_chain(session)
            if not chain.ok:
                assert chain.problem is not None
                raise ValidationError(f"本机操作日志校验未通过，不能导出评查结果：{chain.problem.message}",
                                      code="audit_chain_broken")
            for review in changed:
                problem = audit_chain.review_problem(session, review.id)
                if problem:
                    raise ValidationError(f"不能导出评查结果：{problem}", code="audit_chain_broken")
            out: list[dict[str, Any]] = []
            for review in changed:
                case_no = session.scalar(select(Case.case_no).where(Case.id == review.case_id))
                out.append({
                    "case_id": review.case_id, "case_no": case_no, "campaign_id": review.campaign_id,
                    "stage": review.stage, "status": review.status,
                    "submitted_at": review.submitted_at.isoformat() if review.submitted_at else None,
                    "standard_version_id": review.standard_version_id,
                    "base_version": base.get(review.id, 0),
                    # What the review digest covers besides the answers, and the laptop's review
                    # id, so the lead can check the answers against the chain (below).
                    "laptop_review_id": review.id, "practice_case_id": review.practice_case_id,
                    "total_score": review.total_score, "grade": review.grade, "veto": bool(review.veto),
                    "results": [
                        {"item_code": r.item_code, "answer": r.answer, "deduction": r.deduction,
                         "occurrences": r.occurrences, "note": r.note, "check_id": r.check_id,
                         "reconcile_reason": r.reconcile_reason,
                         "evidence": [{"document_id": e.document_id, "page": e.page, "quote": e.quote}
                                      for e in r.evidence]}
                        for r in review.results
                    ],
                    "audit": [{"at": a.at.isoformat(), "actor": a.actor, "action": a.action}
                              for a in session.scalars(select(AuditEntry).where(AuditEntry.review_id == review.id))],
                })
            name = session.scalar(select(Reviewer.name).where(Reviewer.id == reviewer_id)) or ""
            key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(origin["reviewer_key"]))
            records = audit_chain.chain_records(session)
        write_package(
            Path(target), kind="results", data={"reviewer_id": reviewer_id, "reviews": out,
                                                "server_key": origin["server_key"], "audit_chain": records},
            documents={}, signing_key=key, passphrase=passphrase,
            meta={"package_id": origin.get("package_id"), "created_by": name, "created_at": utcnow().isoformat()},
        )
        return ExportSummary(Path(target), "results", name, len({r["case_id"] for r in out}), len(out), 0,
                             passphrase is not None, fingerprint(public_key_hex(key)))

    # -- 5. lead imports results ------------------------------------------------------------

    def preview_results(self, path: str | Path, *, passphrase: str | None = None) -> ResultsPlan:
        with open_package(path, passphrase=passphrase) as package, self.ctx.db.session() as session:
            plan, _reviews = self._plan(session, package)
            session.rollback()
            return plan

    def import_results(
        self, path: str | Path, *, passphrase: str | None = None, decisions: Mapping[str, str] | None = None,
    ) -> ResultsPlan:
        """Apply a results package in one transaction. Every conflict needs a decision
        (``{"<key>": "package" | "server", "*": …}``); without one nothing is changed."""
        decisions = dict(decisions or {})
        bad = {v for v in decisions.values() if v not in ("package", "server")}
        if bad:
            raise ValidationError(f"冲突的处理只能是 package（采用交换包）或 server（保留服务器），而不是“{bad.pop()}”。")
        with open_package(path, passphrase=passphrase) as package, self.ctx.db.session() as session:
            plan, reviews = self._plan(session, package)
            undecided = [c for c in plan.conflicts if decisions.get(c.key, decisions.get("*")) is None]
            if undecided:
                lines = ["以下评查在服务器和交换包中都有修改，请逐一决定（--take 键=package|server），本次未导入任何内容："]
                for conflict in undecided:
                    lines += conflict.side_by_side()
                raise ConflictError("\n".join(lines), code="package_conflicts", conflicts=undecided)
            conflict_keys = {c.key for c in plan.conflicts}
            for key, item in reviews.items():
                if key in conflict_keys and decisions.get(key, decisions.get("*")) == "server":
                    continue
                self._apply(session, item, plan.package_id)
            return plan

    def _plan(self, session: Session, package: OpenedPackage) -> tuple[ResultsPlan, dict[str, dict[str, Any]]]:
        if package.kind != "results":
            raise PackageError("这是评查任务包，应由评查人员在本机导入（package import）。", code="package_wrong_kind")
        data = package.data
        reviewer_id = data.get("reviewer_id")
        trusted = self._setting(session, TRUSTED_KEYS).get(str(reviewer_id), [])
        if not isinstance(reviewer_id, int) or package.signer_key.hex() not in trusted:
            raise PackageError("交换包不是由本服务器发给该评查人员的密钥签名的（来源不明），已拒绝。", code="package_foreign")
        reviewer = session.get(Reviewer, reviewer_id)
        raw_reviews = data.get("reviews")
        if reviewer is None or not isinstance(raw_reviews, list):
            raise PackageError("交换包中的评查结果格式不正确。", code="package_record_invalid")
        problem, digests = audit_chain.verify_records(data.get("audit_chain"))
        if problem:
            raise PackageError(f"交换包中的操作日志校验未通过：{problem}；已拒绝，未作任何修改。",
                               code="package_chain_broken")
        by_key: dict[str, dict[str, Any]] = {}
        conflicts: list[ReviewConflict] = []
        to_apply: list[str] = []
        for index, raw in enumerate(raw_reviews, start=1):
            _check_against_chain(raw, index, reviewer_id, digests)
            item = _validated_review(session, raw, index, reviewer_id)
            key = f"{item['case_id']}:{item['stage']}"
            if key in by_key:
                raise PackageError(f"交换包中案件 {item['case_no']} 的评查重复出现。", code="package_record_invalid")
            by_key[key] = item
            server = item["server_review"]
            if server is not None and server.version != item["base_version"]:
                conflicts.append(_conflict(key, item, server))
            else:
                to_apply.append(key)
        plan = ResultsPlan(reviewer.name, str(package.manifest.get("package_id") or ""), tuple(to_apply),
                           tuple(conflicts))
        return plan, by_key

    def _apply(self, session: Session, item: dict[str, Any], package_id: str) -> None:
        review: Review | None = item["server_review"]
        if review is None:
            review = Review(case_id=item["case_id"], campaign_id=item["campaign_id"],
                            standard_version_id=item["standard_version_id"], reviewer_id=item["reviewer_id"],
                            stage=item["stage"], status="draft")
            session.add(review)
            session.flush()
        else:
            claim_review(session, review.id, self.ctx.actor_name)
            session.refresh(review)
        before = {"status": review.status, "answers": {r.item_code: r.answer for r in review.results}}
        session.execute(delete(ItemResult).where(ItemResult.review_id == review.id))
        session.expire(review, ["results"])
        for raw in item["results"]:
            result = ItemResult(review_id=review.id, item_code=raw["item_code"], answer=raw["answer"],
                                deduction=raw.get("deduction"), occurrences=raw.get("occurrences"),
                                note=raw.get("note"), check_id=raw.get("check_id"), updated_at=utcnow())
            result.evidence = [EvidenceRef(document_id=e["document_id"], page=e["page"], quote=e.get("quote"))
                               for e in raw.get("evidence", [])]
            session.add(result)
        session.flush()
        session.refresh(review)
        review.status = item["status"]
        review.submitted_at = item["submitted_at"]
        record_review_audit(session, self.ctx.actor_name, review, "package_import", before,
                            {"status": review.status, "answers": {r["item_code"]: r["answer"] for r in item["results"]}},
                            reason=f"离线评查结果交换包 {package_id}（{item['reviewer_name']}）")
        rescore(session, review)
        if review.status == "submitted":
            from casereview.services.deficiencies import sync_from_review

            sync_from_review(session, review, definition_of(session, review), self.ctx)


def _stage_label(stage: str) -> str:
    try:
        return ReviewStage(stage).label
    except ValueError:
        return stage


def _assignment_row(a: Assignment) -> dict[str, Any]:
    return dump_row({c.key: getattr(a, c.key) for c in table_of(Assignment).columns})


def _describe(answer: str | None, deduction: float | None, occurrences: int | None) -> str:
    if answer is None:
        return "—"
    if answer == "deduct":
        return f"扣分 {deduction}" if deduction is not None else f"扣分 ×{occurrences or 1}"
    try:
        return Answer(answer).label
    except ValueError:
        return answer


def _conflict(key: str, item: dict[str, Any], server: Review) -> ReviewConflict:
    mine = {r.item_code: _describe(r.answer, r.deduction, r.occurrences) for r in server.results}
    theirs = {r["item_code"]: _describe(r["answer"], r.get("deduction"), r.get("occurrences")) for r in item["results"]}
    differences = tuple(ItemDifference(code, mine.get(code, "—"), theirs.get(code, "—"))
                        for code in sorted(set(mine) | set(theirs)) if mine.get(code) != theirs.get(code))
    return ReviewConflict(key, item["case_no"], item["stage"], server.updated_by, server.updated_at, differences)


_ANSWERS = {a.value for a in Answer}


def _check_against_chain(raw: Any, index: int, reviewer_id: int, digests: dict[int, str]) -> None:
    """The review's answers must be what the laptop's audit chain last recorded for it."""
    if not isinstance(raw, dict) or not isinstance(raw.get("results"), list):
        raise PackageError(f"交换包中第 {index} 条评查结果无效：格式不正确。", code="package_record_invalid")
    laptop_id = raw.get("laptop_review_id")
    try:
        digest = audit_chain.digest_of_review(
            {**raw, "reviewer_id": reviewer_id},
            [{**r, "evidence": [[e.get("document_id"), e.get("page"), e.get("quote")] for e in r.get("evidence", [])]}
             for r in raw["results"]],
        )
    except (AttributeError, KeyError, TypeError, ValueError):
        digest = None
    if not isinstance(laptop_id, int) or digest is None or digests.get(laptop_id) != digest:
        raise PackageError(
            f"交换包中案件 {str(raw.get('case_no'))[:60]} 的评查结果与其操作日志记录的不一致（结果被改动过）；"
            "已拒绝，未作任何修改。", code="package_chain_broken")


def _validated_review(session: Session, raw: Any, index: int, reviewer_id: int) -> dict[str, Any]:
    """One review of a results package, every field checked against the server's data."""
    def bad(why: str) -> PackageError:
        return PackageError(f"交换包中第 {index} 条评查结果无效：{why}。", code="package_record_invalid")

    if not isinstance(raw, dict):
        raise bad("格式不正确")
    case_id, stage, campaign_id = raw.get("case_id"), raw.get("stage"), raw.get("campaign_id")
    if not isinstance(case_id, int) or not isinstance(stage, str) or not isinstance(raw.get("results"), list):
        raise bad("缺少案件或评查阶段")
    case = session.get(Case, case_id)
    if case is None or case.case_no != raw.get("case_no"):
        raise bad(f"服务器上没有案件 {str(raw.get('case_no'))[:60]}")
    assigned = session.scalar(select(Assignment.id).where(
        Assignment.campaign_id == campaign_id, Assignment.case_id == case_id,
        or_(Assignment.first_reviewer_id == reviewer_id, Assignment.rechecker_id == reviewer_id)))
    if assigned is None:
        raise bad(f"案件 {case.case_no} 并未分配给该评查人员")
    if raw.get("status") not in ("draft", "submitted") or not isinstance(raw.get("base_version"), int):
        raise bad("状态或版本无效")
    version = session.get(StandardVersion, raw.get("standard_version_id"))
    if version is None:
        raise bad("评查标准版本不存在")
    server = session.scalar(select(Review).where(
        Review.case_id == case_id, Review.stage == stage, Review.campaign_id == campaign_id,
        Review.reviewer_id == reviewer_id).order_by(Review.id.desc()).limit(1))
    codes = set(definition_of(session, server).item_codes()) if server is not None else None
    if codes is None:
        from casereview.services.standards import parse_standard_content

        codes = set(parse_standard_content(version.content).item_codes())
    doc_ids = set(session.scalars(select(Document.id).where(Document.case_id == case_id)))
    results = []
    seen: set[str] = set()
    for r in raw["results"]:
        if not isinstance(r, dict) or r.get("item_code") not in codes or r.get("answer") not in _ANSWERS:
            raise bad(f"案件 {case.case_no} 含有未知评查项或结论")
        if r["item_code"] in seen:
            raise bad(f"评查项 {r['item_code']} 重复")
        seen.add(r["item_code"])
        for field, kinds in (("deduction", (int, float)), ("occurrences", (int,)), ("note", (str,)),
                             ("check_id", (str,))):
            value = r.get(field)
            if value is not None and (not isinstance(value, kinds) or isinstance(value, bool)):
                raise bad(f"评查项 {r['item_code']} 的 {field} 无效")
        if isinstance(r.get("note"), str) and len(r["note"]) > 20000:
            raise bad(f"评查项 {r['item_code']} 的说明过长")
        evidence = r.get("evidence") or []
        if not isinstance(evidence, list) or any(
            not isinstance(e, dict) or e.get("document_id") not in doc_ids or not isinstance(e.get("page"), int)
            or e["page"] < 1 for e in evidence
        ):
            raise bad(f"评查项 {r['item_code']} 的证据页面不属于本案卷")
        results.append(r)
    submitted_at = raw.get("submitted_at")
    try:
        submitted = datetime.fromisoformat(submitted_at) if isinstance(submitted_at, str) else None
    except ValueError as exc:
        raise bad("提交时间无效") from exc
    reviewer_name = session.scalar(select(Reviewer.name).where(Reviewer.id == reviewer_id)) or ""
    return {"case_id": case_id, "case_no": case.case_no, "campaign_id": campaign_id, "stage": stage,
            "status": raw["status"], "submitted_at": submitted, "standard_version_id": version.id,
            "base_version": raw["base_version"], "results": results, "server_review": server,
            "reviewer_id": reviewer_id, "reviewer_name": reviewer_name}


def record_review_audit_free(session: Session, actor: str, action: str, after: dict[str, Any]) -> None:
    """An audit entry not tied to one review (a package left the server)."""
    audit_chain.record(session, actor=actor, entity="package", action=action, after=after)


def _calendar_extra_text() -> str | None:
    from casereview.paths import user_data_dir
    from casereview.workdays import EXTRA_FILE_NAME

    path = user_data_dir() / EXTRA_FILE_NAME
    return path.read_text(encoding="utf-8") if path.is_file() else None


def _write_calendar_extra(text: Any) -> None:
    """The lead's extra calendar years, unless this PC already has its own file."""
    if not isinstance(text, str) or not text.strip() or len(text) > 1_000_000:
        return
    import yaml

    try:
        if not isinstance(yaml.safe_load(text), dict):
            return
    except yaml.YAMLError:
        return
    from casereview.paths import user_data_dir
    from casereview.workdays import EXTRA_FILE_NAME

    path = user_data_dir() / EXTRA_FILE_NAME
    if not path.exists():
        path.write_text(text, encoding="utf-8")
