"""SQLAlchemy 2.x typed models: the whole schema of CaseReview.

The same models run on SQLite (one file per office PC) and PostgreSQL (team server).
Rules kept here:
- enum-like columns store the stable string codes of casereview.domain.enums;
- money is Numeric(14, 2); dates are Date; instants are timezone-naive UTC DateTime;
- JSON columns hold small structured values (scope filters, snapshots), never rows
  that something needs to query;
- nothing that has been issued (notices, submitted reviews, audit entries) is deleted:
  the services layer enforces it, the schema gives it soft-delete / void columns.
Accounts (``Account``) sign in and act; a roster person (``Reviewer``) links to the
account that scores as them. ``audit_log`` is an append-only hash chain (see
casereview.storage.audit_chain); triggers refuse UPDATE and DELETE on it.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Stable constraint names so Alembic migrations work the same on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


def utcnow() -> datetime:
    return datetime.utcnow().replace(microsecond=0)


# --------------------------------------------------------------------------- people


class Unit(Base):
    """执法单位: an enforcement unit whose files are reviewed (and whose staff review)."""

    __tablename__ = "units"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    short_name: Mapped[str | None] = mapped_column(String(60))
    region: Mapped[str | None] = mapped_column(String(60))
    province: Mapped[str | None] = mapped_column(String(20))
    domain: Mapped[str | None] = mapped_column(String(30))


class Officer(Base):
    """执法人员 with enforcement certificate and validity period."""

    __tablename__ = "officers"
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    name: Mapped[str] = mapped_column(String(60))
    cert_no: Mapped[str | None] = mapped_column(String(60))
    cert_valid_from: Mapped[date | None] = mapped_column(Date)
    cert_valid_to: Mapped[date | None] = mapped_column(Date)
    legal_qualified: Mapped[bool] = mapped_column(Boolean, default=False)
    unit: Mapped[Unit | None] = relationship()
    __table_args__ = (UniqueConstraint("unit_id", "name", "cert_no", name="uq_officers_identity"),)


class Reviewer(Base):
    """评查人员 in the roster. ``role``: reviewer | rechecker | lead | trainer | trainee."""

    __tablename__ = "reviewers"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    role: Mapped[str] = mapped_column(String(20), default="reviewer")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Unused since accounts exist (kept so old files need no rewrite); see ``account_id``.
    username: Mapped[str | None] = mapped_column(String(60), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(200))
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    unit: Mapped[Unit | None] = relationship()
    __table_args__ = (Index("uq_reviewers_account_id", "account_id", unique=True),)


class Account(Base):
    """A sign-in account. Never deleted (the audit keeps pointing at it): deactivated.

    ``roles`` is a list of codes of casereview.accounts.roles.Role; the password is an
    Argon2id hash, never the password itself."""

    __tablename__ = "accounts"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)  # the login name
    display_name: Mapped[str] = mapped_column(String(60))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    roles: Mapped[list[Any]] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    password_hash: Mapped[str | None] = mapped_column(String(200))
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    password_changed_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class AccountToken(Base):
    """A revocable, expiring sign-in token (``casereview login``, "keep me signed in").
    Only the token's SHA-256 is stored; the token itself lives in the user's folder."""

    __tablename__ = "account_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str | None] = mapped_column(String(120))  # OS user @ host
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)


# --------------------------------------------------------------------------- cases


class Case(Base):
    """案件: one closed case file with the facts and dates the review and checks need."""

    __tablename__ = "cases"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_no: Mapped[str] = mapped_column(String(120), unique=True)
    decision_no: Mapped[str | None] = mapped_column(String(120))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    case_type: Mapped[str] = mapped_column(String(20), index=True)
    procedure: Mapped[str] = mapped_column(String(20), default="general")
    province: Mapped[str | None] = mapped_column(String(20))
    domain: Mapped[str | None] = mapped_column(String(30))
    case_source: Mapped[str | None] = mapped_column(String(60))
    cause: Mapped[str | None] = mapped_column(String(500))
    violation_code: Mapped[str | None] = mapped_column(String(60))
    party_name: Mapped[str | None] = mapped_column(String(200))
    party_type: Mapped[str] = mapped_column(String(20), default="unknown")
    party_id_no: Mapped[str | None] = mapped_column(String(40))
    party_address: Mapped[str | None] = mapped_column(String(300))
    party_phone: Mapped[str | None] = mapped_column(String(40))
    vehicle_plate: Mapped[str | None] = mapped_column(String(20))
    legal_basis: Mapped[str | None] = mapped_column(Text)
    penalty_types: Mapped[str | None] = mapped_column(String(200))  # separated by "、"
    fine_amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    confiscation_value: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    surcharge_amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    payment_method: Mapped[str | None] = mapped_column(String(30))
    discretion_band: Mapped[str | None] = mapped_column(String(60))
    # trigger flags
    legal_review_required: Mapped[bool] = mapped_column(Boolean, default=False)
    collective_discussion_required: Mapped[bool] = mapped_column(Boolean, default=False)
    hearing_waived: Mapped[bool] = mapped_column(Boolean, default=False)
    notice_waived: Mapped[bool] = mapped_column(Boolean, default=False)
    coercive_measure: Mapped[bool] = mapped_column(Boolean, default=False)
    preservation: Mapped[bool] = mapped_column(Boolean, default=False)
    criminal_transfer: Mapped[bool] = mapped_column(Boolean, default=False)
    continuing_violation: Mapped[bool] = mapped_column(Boolean, default=False)
    harm_to_life_health: Mapped[bool] = mapped_column(Boolean, default=False)
    # dates (case-review-domain.md 8.1 item 5)
    violation_start: Mapped[date | None] = mapped_column(Date)
    violation_end: Mapped[date | None] = mapped_column(Date)
    discovery_date: Mapped[date | None] = mapped_column(Date)
    filing_date: Mapped[date | None] = mapped_column(Date, index=True)
    investigation_date: Mapped[date | None] = mapped_column(Date)
    notice_date: Mapped[date | None] = mapped_column(Date)
    notice_served_date: Mapped[date | None] = mapped_column(Date)
    defence_received_date: Mapped[date | None] = mapped_column(Date)
    hearing_requested_date: Mapped[date | None] = mapped_column(Date)
    hearing_notified_date: Mapped[date | None] = mapped_column(Date)
    hearing_held_date: Mapped[date | None] = mapped_column(Date)
    legal_review_date: Mapped[date | None] = mapped_column(Date)
    collective_discussion_date: Mapped[date | None] = mapped_column(Date)
    decision_date: Mapped[date | None] = mapped_column(Date, index=True)
    service_date: Mapped[date | None] = mapped_column(Date)
    payment_due_date: Mapped[date | None] = mapped_column(Date)
    paid_date: Mapped[date | None] = mapped_column(Date)
    enforcement_date: Mapped[date | None] = mapped_column(Date)
    closing_date: Mapped[date | None] = mapped_column(Date)
    archiving_date: Mapped[date | None] = mapped_column(Date)
    publication_date: Mapped[date | None] = mapped_column(Date)
    preservation_start: Mapped[date | None] = mapped_column(Date)
    preservation_disposal: Mapped[date | None] = mapped_column(Date)
    seizure_start: Mapped[date | None] = mapped_column(Date)
    seizure_end: Mapped[date | None] = mapped_column(Date)
    application_date: Mapped[date | None] = mapped_column(Date)
    acceptance_date: Mapped[date | None] = mapped_column(Date)
    supplement_notice_date: Mapped[date | None] = mapped_column(Date)
    licence_delivered_date: Mapped[date | None] = mapped_column(Date)
    simple_filed_date: Mapped[date | None] = mapped_column(Date)
    extension_days: Mapped[int] = mapped_column(Integer, default=0)
    seizure_extension_days: Mapped[int] = mapped_column(Integer, default=0)
    extra: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Denormalised from the case's current (non-practice) review so the 100,000-row case
    # list can filter and sort without joining reviews; kept up to date by ReviewService.
    review_state: Mapped[str] = mapped_column(String(20), default="not_started", index=True)
    review_score: Mapped[float | None] = mapped_column(Float)
    review_grade: Mapped[str | None] = mapped_column(String(20), index=True)
    imported_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    unit: Mapped[Unit | None] = relationship()
    officers: Mapped[list[CaseOfficer]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseOfficer.id"
    )
    documents: Mapped[list[Document]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Document.sort_order"
    )


class CaseOfficer(Base):
    """An officer's role in one case: investigator, recorder, legal_reviewer, approver, hearing_host."""

    __tablename__ = "case_officers"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("officers.id"))
    role: Mapped[str] = mapped_column(String(30), default="investigator")
    case: Mapped[Case] = relationship(back_populates="officers")
    officer: Mapped[Officer] = relationship()


class Blob(Base):
    """One stored file of the content-addressed document store (sha256)."""

    __tablename__ = "blobs"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    ext: Mapped[str] = mapped_column(String(10))
    stored_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class BlobChunk(Base):
    """One piece (at most 1 MiB) of a stored file's content, kept in the database on a team
    server so every PC sees the same documents. Written and read chunk by chunk, so a 500 MB
    scan never sits in memory. A SQLite database keeps its files in a folder beside it and
    leaves this table empty."""

    __tablename__ = "blob_chunks"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class BlobContent(Base):
    """A file whose chunks are all in ``blob_chunks``: written in the same transaction as
    the last chunk, so a half-uploaded file is never taken for a stored one."""

    __tablename__ = "blob_contents"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    chunks: Mapped[int] = mapped_column(Integer)
    ext: Mapped[str] = mapped_column(String(10))
    stored_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Document(Base):
    """文书: a document of a case. Several documents may point at page ranges of one blob
    (a whole scanned file divided by pages without rewriting the PDF)."""

    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    blob_sha256: Mapped[str | None] = mapped_column(ForeignKey("blobs.sha256"))
    doc_type: Mapped[str] = mapped_column(String(40), default="其他")
    type_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    title: Mapped[str] = mapped_column(String(300))
    original_name: Mapped[str | None] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(10), default="pdf")  # pdf | image | docx
    page_count: Mapped[int] = mapped_column(Integer, default=1)
    page_start: Mapped[int | None] = mapped_column(Integer)  # 1-based, within the blob
    page_end: Mapped[int | None] = mapped_column(Integer)
    doc_date: Mapped[date | None] = mapped_column(Date)
    doc_number: Mapped[str | None] = mapped_column(String(120))
    first_page_text: Mapped[str | None] = mapped_column(Text)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    imported_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    case: Mapped[Case] = relationship(back_populates="documents")


class ImportProfile(Base):
    """A saved header mapping for registry imports (named, reusable from GUI and CLI)."""

    __tablename__ = "import_profiles"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    mapping: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class ImportBatch(Base):
    """One registry or document import: what came in, from where, by whom."""

    __tablename__ = "import_batches"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # registry | documents
    source: Mapped[str] = mapped_column(String(500))
    created: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[int] = mapped_column(Integer, default=0)
    report: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    actor: Mapped[str | None] = mapped_column(String(60))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


# --------------------------------------------------------------------------- standards


class Standard(Base):
    """评查标准 family, identified by its slug; versions hold the content."""

    __tablename__ = "standards"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    case_type: Mapped[str] = mapped_column(String(20))
    procedure: Mapped[str] = mapped_column(String(20))
    province: Mapped[str | None] = mapped_column(String(20))
    versions: Mapped[list[StandardVersion]] = relationship(
        back_populates="standard", order_by="StandardVersion.id"
    )


class StandardVersion(Base):
    """One immutable version of a standard: canonical JSON and its sha256."""

    __tablename__ = "standard_versions"
    id: Mapped[int] = mapped_column(primary_key=True)
    standard_id: Mapped[int] = mapped_column(ForeignKey("standards.id"), index=True)
    version: Mapped[str] = mapped_column(String(40))
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    content: Mapped[str] = mapped_column(Text)
    item_count: Mapped[int] = mapped_column(Integer, default=0)
    source: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    standard: Mapped[Standard] = relationship(back_populates="versions")


class FindingPhrase(Base):
    """A reusable finding wording for one standard item (标准问题表述库)."""

    __tablename__ = "finding_phrases"
    id: Mapped[int] = mapped_column(primary_key=True)
    item_code: Mapped[str] = mapped_column(String(40), index=True)
    standard_code: Mapped[str | None] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    uses: Mapped[int] = mapped_column(Integer, default=0)
    # Where the wording came from (NULL for wordings older than 0009): the account that
    # coined it, when, and the review it was taken from. A blind re-checker is not offered
    # a wording coined from, or by the scorer during, a first scoring hidden from them.
    account_id: Mapped[int | None] = mapped_column(Integer)
    source_review_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime | None] = mapped_column(DateTime, default=utcnow)


# --------------------------------------------------------------------------- campaigns


class Campaign(Base):
    """评查活动. status: preparing | reviewing | rechecking | done."""

    __tablename__ = "campaigns"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    organiser: Mapped[str | None] = mapped_column(String(200))
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
    scope: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # units, case types, decision dates
    status: Mapped[str] = mapped_column(String(20), default="preparing")
    blind_recheck: Mapped[bool] = mapped_column(Boolean, default=True)
    strict_conflict: Mapped[bool] = mapped_column(Boolean, default=False)
    sample_seed: Mapped[int | None] = mapped_column(Integer)
    sample_spec: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    is_practice: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The team lead whose campaign it is: a lead sees statistics of their own campaigns only.
    lead_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"), index=True)


class CampaignStandard(Base):
    """The standard version a campaign uses for one case type."""

    __tablename__ = "campaign_standards"
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"))
    case_type: Mapped[str] = mapped_column(String(20))
    standard_version_id: Mapped[int] = mapped_column(ForeignKey("standard_versions.id"))
    __table_args__ = (UniqueConstraint("campaign_id", "case_type", name="uq_campaign_standards_type"),)


class CampaignCase(Base):
    """A case drawn into a campaign (by the seeded sample or manually)."""

    __tablename__ = "campaign_cases"
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    source: Mapped[str] = mapped_column(String(20), default="sample")  # sample | manual
    draw_order: Mapped[int | None] = mapped_column(Integer)
    removed: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str | None] = mapped_column(String(500))
    __table_args__ = (UniqueConstraint("campaign_id", "case_id", name="uq_campaign_cases_pair"),)


class Assignment(Base):
    """Who scores (first) and who re-checks one campaign case."""

    __tablename__ = "assignments"
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    first_reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("reviewers.id"))
    rechecker_id: Mapped[int | None] = mapped_column(ForeignKey("reviewers.id"))
    assigned_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    __table_args__ = (UniqueConstraint("campaign_id", "case_id", name="uq_assignments_pair"),)


# --------------------------------------------------------------------------- reviews


class Review(Base):
    """One scoring of one case by one person at one stage, pinned to a standard version."""

    __tablename__ = "reviews"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id"), index=True)
    standard_version_id: Mapped[int] = mapped_column(ForeignKey("standard_versions.id"))
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("reviewers.id"))
    stage: Mapped[str] = mapped_column(String(20), default="first")
    status: Mapped[str] = mapped_column(String(20), default="draft")
    practice_case_id: Mapped[int | None] = mapped_column(ForeignKey("practice_cases.id"))
    # cached results of the scoring engine (recomputed on every saved answer)
    total_score: Mapped[float | None] = mapped_column(Float)
    grade: Mapped[str | None] = mapped_column(String(20))
    veto: Mapped[bool] = mapped_column(Boolean, default=False)
    answered: Mapped[int] = mapped_column(Integer, default=0)
    item_count: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Optimistic concurrency: every change adds one (casereview.services.concurrency); a
    # writer holding an older version is told who changed the review and when.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    updated_by: Mapped[str | None] = mapped_column(String(60))
    results: Mapped[list[ItemResult]] = relationship(
        back_populates="review", cascade="all, delete-orphan", order_by="ItemResult.id"
    )
    __table_args__ = (Index("ix_reviews_case_stage", "case_id", "stage"),)


class ItemResult(Base):
    """The answer to one standard item within one review."""

    __tablename__ = "item_results"
    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    item_code: Mapped[str] = mapped_column(String(40))
    answer: Mapped[str] = mapped_column(String(20))
    deduction: Mapped[float | None] = mapped_column(Float)
    occurrences: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)
    check_id: Mapped[str | None] = mapped_column(String(80))  # set when accepted from a check
    reconcile_reason: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    review: Mapped[Review] = relationship(back_populates="results")
    evidence: Mapped[list[EvidenceRef]] = relationship(
        back_populates="item_result", cascade="all, delete-orphan", order_by="EvidenceRef.id"
    )
    __table_args__ = (UniqueConstraint("review_id", "item_code", name="uq_item_results_item"),)


class EvidenceRef(Base):
    """A link from an item result to a page of a document (卷内页码)."""

    __tablename__ = "evidence_refs"
    id: Mapped[int] = mapped_column(primary_key=True)
    item_result_id: Mapped[int] = mapped_column(ForeignKey("item_results.id", ondelete="CASCADE"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    page: Mapped[int] = mapped_column(Integer)  # 1-based page within the document
    quote: Mapped[str | None] = mapped_column(Text)
    item_result: Mapped[ItemResult] = relationship(back_populates="evidence")


class CheckDecision(Base):
    """A reviewer's decision on a proposed deduction from an automatic check."""

    __tablename__ = "check_decisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    rule_id: Mapped[str] = mapped_column(String(80))
    item_code: Mapped[str | None] = mapped_column(String(40))
    decision: Mapped[str] = mapped_column(String(20))  # accepted | dismissed
    reason: Mapped[str | None] = mapped_column(Text)
    explanation: Mapped[str | None] = mapped_column(Text)
    actor: Mapped[str | None] = mapped_column(String(60))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class AuditEntry(Base):
    """Append-only hash chain of every change (who, when, what, before/after).

    Written only through casereview.storage.audit_chain: ``entry_hash`` covers
    ``prev_hash`` and the entry's own content; ``state_digest`` is the digest of the
    review's content after the change, so an edit to answers behind the program's back
    no longer matches the last entry of that review."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor: Mapped[str | None] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    review_id: Mapped[int | None] = mapped_column(Integer, index=True)
    action: Mapped[str] = mapped_column(String(40))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    reason: Mapped[str | None] = mapped_column(Text)
    account_id: Mapped[int | None] = mapped_column(Integer, index=True)
    state_digest: Mapped[str | None] = mapped_column(String(64))
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    entry_hash: Mapped[str | None] = mapped_column(String(64))
    __table_args__ = (
        Index("uq_audit_log_entry_hash", "entry_hash", unique=True),
        # the head of a review's chain and of the team chain (storage/audit_chain.py, 0010)
        Index("ix_audit_log_review_chain", "review_id", "id"),
        Index("ix_audit_log_team_chain", "id", postgresql_where=text("review_id IS NULL"),
              sqlite_where=text("review_id IS NULL")),
    )


# --------------------------------------------------------------------------- deficiencies


class Deficiency(Base):
    """问题: one confirmed deduction or veto, tracked through rectification to closure.

    status: pending (待下发) | issued (已下发) | responded (已反馈) | verified (已核验)
            | rejected (退回) | closed (已销号)
    """

    __tablename__ = "deficiencies"
    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    item_result_id: Mapped[int | None] = mapped_column(ForeignKey("item_results.id", ondelete="SET NULL"))
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id"), index=True)
    item_code: Mapped[str] = mapped_column(String(40))
    item_text: Mapped[str | None] = mapped_column(Text)
    points: Mapped[float] = mapped_column(Float, default=0)  # nominal: what the item deducts
    # what the file really lost after its category's cap (casereview.rectification.points)
    points_lost: Mapped[float | None] = mapped_column(Float)
    is_veto: Mapped[bool] = mapped_column(Boolean, default=False)
    wording: Mapped[str | None] = mapped_column(Text)
    officers: Mapped[str | None] = mapped_column(String(300))
    evidence: Mapped[list[Any] | None] = mapped_column(JSON)  # [{document_id, page, title}]
    taxonomy: Mapped[str] = mapped_column(String(40), default="default")
    category: Mapped[str | None] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(20), default="pending")
    notice_id: Mapped[int | None] = mapped_column(ForeignKey("notices.id"), index=True)
    due_date: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    __table_args__ = (UniqueConstraint("review_id", "item_code", name="uq_deficiencies_item"),)


class Notice(Base):
    """整改通知书. status: issued | responded | verified | rejected | closed | void."""

    __tablename__ = "notices"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(100), unique=True)
    seq: Mapped[int] = mapped_column(Integer)
    year: Mapped[int] = mapped_column(Integer)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id"))
    issue_date: Mapped[date] = mapped_column(Date)
    deadline: Mapped[date] = mapped_column(Date)
    requirements: Mapped[str | None] = mapped_column(Text)
    issuer: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default="issued")
    void_reason: Mapped[str | None] = mapped_column(Text)
    # The findings as issued (unit, case numbers, wordings, evidence): a reprint or a voided
    # notice shows exactly what was sent, whatever is re-worded or re-categorised later.
    snapshot: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")  # see Review.version
    updated_by: Mapped[str | None] = mapped_column(String(60))
    updated_at: Mapped[datetime | None] = mapped_column(DateTime)


class Feedback(Base):
    """A unit's rectification feedback (measures, attachments) for a notice or deficiency."""

    __tablename__ = "feedback"
    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int | None] = mapped_column(ForeignKey("notices.id"), index=True)
    deficiency_id: Mapped[int | None] = mapped_column(ForeignKey("deficiencies.id"), index=True)
    measures: Mapped[str] = mapped_column(Text)
    attachments: Mapped[list[Any] | None] = mapped_column(JSON)  # [{name, sha256}]
    received_date: Mapped[date | None] = mapped_column(Date)
    actor: Mapped[str | None] = mapped_column(String(60))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Transition(Base):
    """A state change of a deficiency or notice: who, when, from, to, comment."""

    __tablename__ = "transitions"
    id: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[str] = mapped_column(String(20))  # deficiency | notice
    entity_id: Mapped[int] = mapped_column(Integer, index=True)
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    actor: Mapped[str | None] = mapped_column(String(60))
    comment: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


# --------------------------------------------------------------------------- training


class TrainingEntry(Base):
    """A curated entry of the common-error library (常见问题库), kept across campaigns."""

    __tablename__ = "training_entries"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)  # item code or category key
    title: Mapped[str] = mapped_column(String(200))
    explanation: Mapped[str | None] = mapped_column(Text)
    correct_practice: Mapped[str | None] = mapped_column(Text)
    legal_basis: Mapped[str | None] = mapped_column(Text)
    example_ids: Mapped[list[Any] | None] = mapped_column(JSON)  # deficiency ids to show
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class PracticeCase(Base):
    """A case published to a practice set with a reconciled review as its answer key."""

    __tablename__ = "practice_cases"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    key_review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", use_alter=True))
    practice_set: Mapped[str] = mapped_column(String(100), default="默认练习")
    title: Mapped[str] = mapped_column(String(200))
    explanations: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # item code -> trainer note
    published_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Setting(Base):
    """Small key/value settings shared by all PCs of a database (notice number pattern...)."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[dict[str, Any] | None] = mapped_column(JSON)


def table_of(model: type[Base]) -> Table:
    """The Core table of a model, typed for bulk ``insert``/``update`` (benchmarks, demo)."""
    return cast(Table, model.__table__)


# --------------------------------------------------------------------------- document text (OCR)


class PageText(Base):
    """The text of one page of a stored file (blob), read once: from the PDF's text layer
    or by OCR. Keyed by the file's hash and the 0-based page within it, so documents that
    share a scanned file share the reading; ``engine`` names the reader and its model
    version, so a newer model can re-read and both readings stay comparable.
    ``lines`` holds [text, x0, y0, x1, y1, confidence] per line, box as fractions of the
    page (top-left origin). ``grams`` (PostgreSQL only) feeds the full-text index; SQLite
    keeps its index in the FTS5 table ``page_text_fts`` instead (see docintel.search)."""

    __tablename__ = "page_texts"
    id: Mapped[int] = mapped_column(primary_key=True)
    blob_sha256: Mapped[str] = mapped_column(String(64), index=True)
    page_index: Mapped[int] = mapped_column(Integer)  # 0-based within the blob
    source: Mapped[str] = mapped_column(String(10))  # text | ocr
    engine: Mapped[str] = mapped_column(String(120))
    text: Mapped[str] = mapped_column(Text, default="")
    lines: Mapped[list[Any]] = mapped_column(JSON, default=list)
    confidence: Mapped[float | None] = mapped_column(Float)
    red_seal: Mapped[bool | None] = mapped_column(Boolean)
    seconds: Mapped[float | None] = mapped_column(Float)
    error: Mapped[str | None] = mapped_column(String(500))
    marks: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # e.g. {"signature": true}
    grams: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    __table_args__ = (UniqueConstraint("blob_sha256", "page_index", "engine", name="uq_page_texts_reading"),)


class ConfirmedFact(Base):
    """A fact taken from the documents that a reviewer confirmed (as read) or corrected
    (typed the right value over a misreading), with the page it came from. The statutory
    checks prefer it over any extracted value and over the registry; one row per case and
    field (a later confirmation replaces the earlier one; the audit log keeps the history)."""

    __tablename__ = "confirmed_facts"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(40))
    value: Mapped[str] = mapped_column(String(200))  # canonical text (ISO date, plain number)
    read_value: Mapped[str | None] = mapped_column(String(200))  # what the page was read as
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"))
    page: Mapped[int | None] = mapped_column(Integer)  # 1-based within the document
    actor: Mapped[str | None] = mapped_column(String(60))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    __table_args__ = (UniqueConstraint("case_id", "field", name="uq_confirmed_facts_field"),)


class PageTypeExample(Base):
    """A page whose document type a reviewer confirmed or corrected: an example the page
    classifier compares later pages with (nearest neighbour on the title band's text)."""

    __tablename__ = "page_type_examples"
    id: Mapped[int] = mapped_column(primary_key=True)
    blob_sha256: Mapped[str] = mapped_column(String(64))
    page_index: Mapped[int] = mapped_column(Integer)  # 0-based within the blob
    doc_type: Mapped[str] = mapped_column(String(60))  # DocType name
    text: Mapped[str] = mapped_column(Text)  # the page's title band as read
    actor: Mapped[str | None] = mapped_column(String(60))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    __table_args__ = (UniqueConstraint("blob_sha256", "page_index", name="uq_page_type_examples_page"),)
