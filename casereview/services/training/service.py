"""``TrainingService``: the error library and practice as one service object."""

from __future__ import annotations

from casereview.services.training.library import LibraryMixin
from casereview.services.training.practice import PracticeMixin


class TrainingService(LibraryMixin, PracticeMixin):
    """``services.training``."""
