"""The value types the UI may use besides the services: enums, errors, the standard's model,
scores, statistics filters and a few pure formatting helpers, re-exported from the core.

The UI imports only ``casereview.services`` (this module, ``runtime`` and the service DTOs);
an import-linter contract in pyproject.toml keeps it that way. Names load lazily (PEP 562),
so a screen importing one enum does not pull in the statistics or intake machinery."""

from __future__ import annotations

from casereview.services.lazy_exports import lazy_getattr

# name -> defining module, imported on first use so that importing this module stays cheap
_SOURCES = {
    "SearchHit": "casereview.docintel.search",
    "char_map": "casereview.docintel.search",
    "normalise": "casereview.docintel.grams",
    "local_text": "casereview.localtime",
    "Role": "casereview.accounts.roles",
    "local_date": "casereview.localtime",
    "zone_label": "casereview.localtime",
    "display": "casereview.i18n",
    "Answer": "casereview.domain.enums",
    "CaseReviewState": "casereview.domain.enums",
    "CaseType": "casereview.domain.enums",
    "DeductionMode": "casereview.domain.enums",
    "PartyType": "casereview.domain.enums",
    "Procedure": "casereview.domain.enums",
    "ReviewStage": "casereview.domain.enums",
    "ReviewStatus": "casereview.domain.enums",
    "CaseReviewError": "casereview.errors",
    "ValidationError": "casereview.errors",
    "NotFoundError": "casereview.errors",
    "ConflictError": "casereview.errors",
    "StaleEditError": "casereview.errors",
    "StorageError": "casereview.errors",
    "Change": "casereview.storage.changes",
    "Category": "casereview.standards.model",
    "Item": "casereview.standards.model",
    "StandardDef": "casereview.standards.model",
    "fmt_points": "casereview.standards.model",
    "ScoreResult": "casereview.scoring.engine",
    "allowed_deduction": "casereview.scoring.engine",
    "default_deduction": "casereview.scoring.engine",
    "CheckResult": "casereview.checks.registry",
    "CampaignStatus": "casereview.campaigns.labels",
    "CaseSource": "casereview.campaigns.labels",
    "ReviewerRole": "casereview.campaigns.labels",
    "StageRole": "casereview.campaigns.labels",
    "SampleSpec": "casereview.campaigns.sampling",
    "UnitQuota": "casereview.campaigns.sampling",
    "format_kappa": "casereview.campaigns.agreement",
    "kappa_reading": "casereview.campaigns.agreement",
    "outcome_label": "casereview.campaigns.agreement",
    "Taxonomy": "casereview.rectification.taxonomy",
    "NoticeDocument": "casereview.rectification.document",
    "PdfOptions": "casereview.exports.pdf_common",
    "DATE_BASIS_DECISION": "casereview.stats.model",
    "DATE_BASIS_REVIEW": "casereview.stats.model",
    "Statistics": "casereview.stats.model",
    "StatsFilter": "casereview.stats.model",
    "FIELDS": "casereview.intake.mapping",
    "FieldSpec": "casereview.intake.mapping",
    "check_page_ranges": "casereview.intake.classify",
    "parse_page_ranges": "casereview.intake.classify",
    "uncovered_pages": "casereview.intake.classify",
    "DOC_TYPES": "casereview.intake.doc_types",
    "WorkdayCalendar": "casereview.workdays",
    "describe_interval": "casereview.workdays",
    "format_years": "casereview.workdays",
    "interval_details": "casereview.workdays",
}

__all__ = sorted(_SOURCES)


__getattr__ = lazy_getattr(globals(), _SOURCES)
