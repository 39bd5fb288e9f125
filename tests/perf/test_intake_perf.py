"""Registry intake speed: 20,000 rows × 20 columns, parse + validate (no database).

Target from issue 4: the whole import (with the insert) under 2 s and within 3x of
python-calamine merely reading the file; this part should stay well under 1.5 s.
The bounds asserted here are looser than the figures measured on a quiet machine
(0.57 s against 0.24 s for calamine alone) so that a busy CI machine does not fail.
"""

from __future__ import annotations

from pathlib import Path

from casereview.intake.bench import calamine_read_seconds, intake_seconds
from casereview.intake.synthetic import write_registry_xlsx


def test_twenty_thousand_rows_parse_and_validate_fast(tmp_path: Path, record_property: object) -> None:
    path = tmp_path / "registry.xlsx"
    write_registry_xlsx(path, 20_000)
    calamine_read_seconds(path)  # warm-up
    calamine_s = min(calamine_read_seconds(path) for _ in range(2))
    intake_s, valid = min(intake_seconds(path) for _ in range(3))
    print(f"\ncalamine read {calamine_s:.3f} s, intake parse+validate {intake_s:.3f} s")
    assert valid == 20_000
    # Only the ratio is asserted: an absolute budget fails on a loaded machine (the benchmark
    # suite reports the absolute figure against its target).
    assert intake_s < 4 * calamine_s + 0.3
