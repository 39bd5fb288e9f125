"""Self-test of an installed copy: ``casereview selftest`` and ``casereview-gui --self-test``.

Runs the whole chain once in a throw-away folder — migrate a new database, load the shipped
standards, generate a tiny demo case (with its case-file PDF), review and submit it, export
the 评查表 PDF and a standard as XLSX — and prints each step as ✓/✗ with a Chinese label.
The user's own data is never touched: ``CASEREVIEW_DATA_DIR`` points into the temp folder
for the duration. The desktop program adds its Qt steps (font, main window) through
``extra_steps``.

Also here (Qt-free so it can run before Qt is imported): ``display_problems()``, the Linux
start-up check that turns Qt's abort on a missing display or missing xcb libraries into a
clear message naming the Debian packages to install.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import io
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from casereview import __version__
from casereview.paths import PORTABLE_MARKER, portable_data_dir, program_dir, resources_dir

if TYPE_CHECKING:
    from casereview.services.app import Services

Step = tuple[str, Callable[[], str]]


@dataclass(frozen=True)
class StepResult:
    label: str
    ok: bool
    detail: str
    seconds: float


@dataclass
class SelfTest:
    """One run: the temp folder, the open services and the results so far."""

    workdir: Path
    out: TextIO = field(default_factory=lambda: sys.stdout)
    results: list[StepResult] = field(default_factory=list)
    services: Services | None = None
    case_id: int | None = None
    review_id: int | None = None
    version_id: int | None = None

    @property
    def db_path(self) -> Path:
        return self.workdir / "selftest.sqlite3"

    def _print(self, text: str) -> None:
        with contextlib.suppress(OSError, ValueError, AttributeError):  # windowed program, no console
            print(text, file=self.out, flush=True)

    def step(self, label: str, func: Callable[[], str]) -> bool:
        start = time.perf_counter()
        try:
            detail = func()
            ok = True
        except Exception as exc:  # every failure is reported, the next steps still run
            detail = f"{type(exc).__name__}: {getattr(exc, 'message', None) or exc}"
            ok = False
        seconds = time.perf_counter() - start
        self.results.append(StepResult(label, ok, detail, seconds))
        if ok:
            self._print(f"✓ {label}（{detail}，{seconds:.2f} 秒）")
        else:
            self._print(f"✗ {label}：{detail}")
        return ok

    @property
    def failed(self) -> list[StepResult]:
        return [r for r in self.results if not r.ok]

    # -- the Qt-free steps ----------------------------------------------------------------

    def core_steps(self) -> list[Step]:
        return [
            ("程序文件与资源", self.check_resources),
            ("创建临时数据库（迁移）", self.open_database),
            ("加载内置评查标准", self.load_standards),
            ("生成演示案卷", self.make_demo_case),
            ("评查打分并提交", self.score_case),
            ("导出评查表 PDF", self.export_pdf),
            ("导出评查标准 XLSX", self.export_xlsx),
            ("本机文字识别（OCR 模型）", self.ocr_sample),
        ]

    def check_resources(self) -> str:
        from casereview.storage.db import MIGRATIONS_DIR

        res = resources_dir()
        required = [
            res / "fonts" / "wqy-microhei.ttc",
            res / "i18n" / "casereview_zh_CN.qm",
            res / "calendar" / "cn_workdays.yaml",
            MIGRATIONS_DIR / "env.py",
            MIGRATIONS_DIR / "script.py.mako",
        ]
        missing = [str(p) for p in required if not p.is_file()]
        standards = sorted((res / "standards").glob("*.yaml"))
        if not standards:
            missing.append(str(res / "standards" / "*.yaml"))
        if not list((MIGRATIONS_DIR / "versions").glob("*.py")):
            missing.append(str(MIGRATIONS_DIR / "versions" / "*.py"))
        if missing:
            raise RuntimeError("缺少文件：" + "；".join(missing))
        mode = "打包版" if getattr(sys, "frozen", False) else "源码运行"
        portable = portable_data_dir()
        where = f"便携模式，数据在 {portable}" if portable else "数据在用户目录"
        return f"{mode} {__version__}，{where}，{len(standards)} 个标准文件"

    def open_database(self) -> str:
        from casereview.services.app import Services

        self.services = Services.open(self.db_path, actor="自检", as_system=True)
        return str(self.db_path.name)

    def _services(self) -> Services:
        if self.services is None:
            raise RuntimeError("数据库未打开（前一步失败）")
        return self.services

    def load_standards(self) -> str:
        services = self._services()
        services.standards.sync_shipped()
        versions = services.standards.list_versions(latest_only=True)
        if not versions:
            raise RuntimeError(f"{resources_dir() / 'standards'} 中没有可用的评查标准")
        self.version_id = versions[0].version_id
        return f"{len(versions)} 个标准"

    def make_demo_case(self) -> str:
        from casereview.demo.build import build_dataset
        from casereview.demo.generator import DatasetSpec

        services = self._services()
        summary = build_dataset(services, DatasetSpec(cases=2, seed=11, officers_per_unit=2), documents=True)
        ids = services.cases.query_ids()
        if not ids or summary.documents == 0:
            raise RuntimeError(f"生成了 {summary.cases} 件案卷、{summary.documents} 份文书")
        self.case_id = ids[0]
        return f"{summary.cases} 件案卷，{summary.documents} 份文书"

    def score_case(self) -> str:
        from casereview.domain.enums import Answer, DeductionMode

        services = self._services()
        if self.case_id is None:
            raise RuntimeError("没有演示案卷（前一步失败）")
        state = services.reviews.open_review(self.case_id)
        self.review_id = state.review.id
        deducted_item = None
        for category, item in state.definition.iter_items():
            # One ordinary per-occurrence item loses points so the engine is really exercised.
            if (
                deducted_item is None
                and not category.veto_tier
                and item.deduction.mode == DeductionMode.PER_OCCURRENCE
            ):
                services.reviews.save_answer(
                    self.review_id, item.code, Answer.DEDUCT, occurrences=1, note="自检"
                )
                deducted_item = item.code
            else:
                services.reviews.save_answer(self.review_id, item.code, Answer.PASS)
        final = services.reviews.submit(self.review_id)
        result = final.score
        if not result.complete or final.review.status != "submitted":
            raise RuntimeError(f"提交后状态为 {final.review.status}，未答 {len(result.unanswered)} 项")
        if deducted_item is not None and not result.deducted > 0:
            raise RuntimeError(f"{deducted_item} 扣分后总分仍为 {result.total}")
        return f"{result.answered_count} 项，得分 {result.total:g}/{result.max_total:g}，{result.grade}"

    def export_pdf(self) -> str:
        from pypdf import PdfReader

        services = self._services()
        if self.case_id is None or self.review_id is None:
            raise RuntimeError("没有已提交的评查（前一步失败）")
        path = self.workdir / "评查表.pdf"
        with path.open("wb") as stream:
            services.exports.export_review_pdf(self.case_id, stream, review_id=self.review_id)
        data = path.read_bytes()
        pages = len(PdfReader(io.BytesIO(data)).pages)
        if not data.startswith(b"%PDF") or pages < 1:
            raise RuntimeError(f"{path.name} 不是有效的 PDF")
        if b"FontFile" not in data:  # the CJK font must be embedded, or other PCs show boxes
            raise RuntimeError(f"{path.name} 未嵌入中文字体")
        return f"{pages} 页，{len(data) // 1024} KB"

    def export_xlsx(self) -> str:
        from openpyxl import load_workbook

        services = self._services()
        if self.version_id is None:
            raise RuntimeError("没有评查标准（前一步失败）")
        path = self.workdir / "评查标准.xlsx"
        with path.open("wb") as stream:
            info = services.standards.export_xlsx(self.version_id, stream)
        book = load_workbook(path, read_only=True)
        sheets = list(book.sheetnames)
        book.close()
        return f"{info.name}，工作表 {'、'.join(sheets)}"

    def ocr_sample(self) -> str:
        """OCR the shipped sample scan with the bundled models and check what it reads: a
        bundle that lost its model files or onnxruntime fails here, loudly."""
        from PIL import Image

        from casereview.docintel.ocr_engine import OcrEngine
        from casereview.docintel.quality import char_accuracy
        from casereview.docintel.sample import SAMPLE_LINES, sample_path

        path = sample_path()
        if not path.is_file():
            raise RuntimeError(f"缺少文字识别样例图片 {path}")
        engine = OcrEngine(threads=2)
        with Image.open(path) as image:
            lines = engine.read(image)
        text = "\n".join(line.text for line in lines)
        if not text.strip():
            raise RuntimeError("文字识别没有读出任何文字（模型或 onnxruntime 未正常工作）")
        accuracy = char_accuracy("\n".join(SAMPLE_LINES), text)
        if accuracy < 0.9:
            raise RuntimeError(f"文字识别结果不正确（字符准确率 {accuracy:.0%}）：{text[:60]}")
        return f"{engine.engine_id}，样例字符准确率 {accuracy:.1%}"

    def close(self) -> None:
        if self.services is not None:
            self.services.close()
            self.services = None

    def summary(self, started: float) -> int:
        elapsed = time.perf_counter() - started
        if self.failed:
            names = "、".join(r.label for r in self.failed)
            self._print(
                f"自检未通过：{len(self.failed)}/{len(self.results)} 项失败（{names}），用时 {elapsed:.1f} 秒。"
            )
            return 1
        self._print(f"自检通过：{len(self.results)} 项全部正常，用时 {elapsed:.1f} 秒。")
        return 0


def run_self_test(
    extra_steps: Callable[[SelfTest], Iterable[Step]] | None = None,
    *,
    out: TextIO | None = None,
) -> int:
    """Run every step in a temp folder; 0 when all passed, 1 otherwise."""
    started = time.perf_counter()
    saved = os.environ.get("CASEREVIEW_DATA_DIR")
    with tempfile.TemporaryDirectory(prefix="casereview-selftest-") as tmp:
        os.environ["CASEREVIEW_DATA_DIR"] = str(Path(tmp) / "data")
        test = SelfTest(Path(tmp), out or sys.stdout)
        test._print(f"CaseReview {__version__} 自检（程序目录 {program_dir()}）")
        try:
            for label, func in test.core_steps():
                test.step(label, func)
            if extra_steps is not None:
                for label, func in extra_steps(test):
                    test.step(label, func)
        finally:
            test.close()
            if saved is None:
                os.environ.pop("CASEREVIEW_DATA_DIR", None)
            else:
                os.environ["CASEREVIEW_DATA_DIR"] = saved
        return test.summary(started)


# -- Linux display check (before Qt is imported) -------------------------------------------

# Libraries Qt's xcb platform plugin needs that a minimal Debian/Ubuntu desktop may lack
# (Qt itself then aborts with a misleading "xcb-cursor0 is needed" message), with packages.
XCB_LIBRARIES: dict[str, str] = {
    "xcb-cursor": "libxcb-cursor0",
    "xcb-icccm": "libxcb-icccm4",
    "xcb-keysyms": "libxcb-keysyms1",
    "xkbcommon-x11": "libxkbcommon-x11-0",
}


def _bundled(name: str) -> bool:
    """True when the frozen bundle ships the library itself (PyInstaller copies it next to Qt)."""
    bundle: str | None = getattr(sys, "_MEIPASS", None)
    return bundle is not None and any(Path(bundle).glob(f"lib{name}.so*"))


def display_problems(
    env: Mapping[str, str] | None = None,
    platform: str | None = None,
    find_library: Callable[[str], str | None] = ctypes.util.find_library,
) -> tuple[str | None, str | None]:
    """(fatal message, warning message) for starting the window on this machine.

    Fatal: Linux, no QT_QPA_PLATFORM and neither DISPLAY nor WAYLAND_DISPLAY (Qt would abort).
    Warning: the X11 (xcb) plugin will be used and some of its libraries are missing.
    """
    env = os.environ if env is None else env
    platform = platform or sys.platform
    if not platform.startswith("linux"):
        return None, None
    qpa = env.get("QT_QPA_PLATFORM", "")
    if qpa and qpa.split(":")[0] not in ("xcb",):
        return None, None
    if not qpa and not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        return (
            "无法启动 CaseReview 桌面程序：没有找到图形显示（DISPLAY 和 WAYLAND_DISPLAY 都未设置）。\n"
            "请在桌面环境中启动；通过 SSH 登录时请使用 ssh -X，或先运行 xvfb-run。\n"
            "只检查程序能否运行时可用：casereview-gui --self-test（无需显示器）。",
            None,
        )
    if not qpa and env.get("WAYLAND_DISPLAY"):
        return None, None  # a Wayland session: Qt uses its Wayland plugin, xcb libraries do not matter
    missing = [pkg for lib, pkg in XCB_LIBRARIES.items() if not _bundled(lib) and not find_library(lib)]
    if not missing:
        return None, None
    return None, (
        "提示：系统缺少 Qt X11 显示插件需要的库，程序可能无法打开窗口（Qt 报错“Could not load the Qt platform plugin xcb”）。\n"
        f"请安装（Debian/Ubuntu/统信/麒麟）：sudo apt-get install {' '.join(missing)}"
    )


def portable_hint() -> str:
    """How to switch a copy to portable mode (used in docs and the CLI help)."""
    return f"在程序文件旁放一个名为 {PORTABLE_MARKER} 的文件，数据就保存在程序旁的 data 文件夹中。"


# System libraries the bundle does not carry (graphics drivers' GL/EGL and the display client
# libraries) and the Debian packages that provide them.
SYSTEM_LIBRARY_PACKAGES: dict[str, str] = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libGLX.so.0": "libglx0",
    "libGLdispatch.so.0": "libglvnd0",
    "libOpenGL.so.0": "libopengl0",
    "libxcb.so.1": "libxcb1",
    "libX11.so.6": "libx11-6",
    "libfontconfig.so.1": "libfontconfig1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
}


def missing_library_message(error: str) -> str | None:
    """A Chinese message for "libEGL.so.1: cannot open shared object file" (Qt failed to load)."""
    match = re.search(r"(lib[\w.+-]+?\.so(?:\.\d+)*)", error)
    if match is None:
        return None
    lib = match.group(1)
    package = SYSTEM_LIBRARY_PACKAGES.get(lib)
    hint = f"sudo apt-get install {package}" if package else f"安装提供 {lib} 的系统软件包"
    return (
        f"无法启动 CaseReview 桌面程序：系统缺少图形库 {lib}。\n"
        f"请安装（Debian/Ubuntu/统信/麒麟）：{hint}\n"
        f"（原始错误：{error}）"
    )
