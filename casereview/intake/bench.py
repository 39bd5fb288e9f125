"""Registry intake benchmark: ``python -m casereview.intake.bench [--rows N] [--pandas]``.

Generates a platform-style .xlsx (20 columns), then times, in one process:
reading it with python-calamine alone, and opening + mapping + validating it with
the intake code (everything before the database insert). With ``--pandas`` it also
times ``pandas.read_excel(engine="openpyxl")`` on the same file.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from casereview.intake.mapping import propose_mapping
from casereview.intake.readers import open_table
from casereview.intake.registry import ImportStats, validate_rows
from casereview.intake.synthetic import write_registry_xlsx

__all__ = ["BenchResult", "calamine_read_seconds", "intake_seconds", "main", "run"]


@dataclass(frozen=True, slots=True)
class BenchResult:
    rows: int
    calamine_s: float
    intake_s: float
    valid: int
    pandas_s: float | None = None

    def describe(self) -> str:
        text = (
            f"{self.rows} 行 × 20 列：python-calamine 仅读取 {self.calamine_s:.3f} 秒；"
            f"读取+识别表头+校验 {self.intake_s:.3f} 秒（{self.intake_s / self.calamine_s:.1f} 倍），有效 {self.valid} 行"
        )
        if self.pandas_s is not None:
            text += f"；pandas.read_excel(openpyxl) {self.pandas_s:.3f} 秒"
        return text


def calamine_read_seconds(path: Path) -> float:
    import python_calamine

    start = time.perf_counter()
    workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    sheet = workbook.get_sheet_by_index(0)
    for _ in sheet.iter_rows():
        pass
    workbook.close()
    return time.perf_counter() - start


def intake_seconds(path: Path) -> tuple[float, int]:
    start = time.perf_counter()
    table = open_table(path)
    mapping = propose_mapping(table.headers)
    stats = ImportStats()
    for _ in validate_rows(table.rows(), mapping, stats=stats):
        pass
    return time.perf_counter() - start, stats.valid


def run(rows: int = 20_000, *, with_pandas: bool = False, folder: Path | None = None) -> BenchResult:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(folder or tmp) / "bench_registry.xlsx"
        write_registry_xlsx(path, rows)
        calamine_read_seconds(path)  # warm the OS cache and imports
        calamine_s = min(calamine_read_seconds(path) for _ in range(2))
        intake_s, valid = min(intake_seconds(path) for _ in range(2))
        pandas_s = None
        if with_pandas:
            import pandas

            start = time.perf_counter()
            pandas.read_excel(path, engine="openpyxl", header=1)
            pandas_s = time.perf_counter() - start
        return BenchResult(rows, calamine_s, intake_s, valid, pandas_s)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time registry intake against python-calamine.")
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--pandas", action="store_true", help="also time pandas.read_excel with openpyxl")
    args = parser.parse_args(argv)
    print(run(args.rows, with_pandas=args.pandas).describe())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
