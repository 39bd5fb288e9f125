"""CaseReview (案卷评查): the Qt-free core of the case-file review tool."""

__version__ = "0.1.0"
