"""Accuracy measures against the generator's ground truth (benchmark and tests)."""

from __future__ import annotations

from casereview.docintel.grams import normalise


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (characters), O(len(a)·len(b)) with one row of memory."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def char_accuracy(truth: str, read: str) -> float:
    """1 − character error rate over letters and digits (spaces and punctuation are not
    compared: OCR renders ：as : and drops the spaces between fields)."""
    t, r = normalise(truth), normalise(read)
    if not t:
        return 1.0 if not r else 0.0
    return max(0.0, 1 - edit_distance(t, r) / len(t))
