"""RapidOCR (PP-OCRv6 small detection and recognition, PP-OCR mobile orientation classifier)
on onnxruntime, with the models that ship inside the installed ``rapidocr`` package.

Every model path is set explicitly: RapidOCR downloads whatever model it does not find
(and its visualisation font on first drawing), which must never happen on an office PC —
and a frozen bundle that lost the model files must fail loudly here, not return nothing.
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casereview.docintel.pages import Line
from casereview.errors import CaseReviewError

if TYPE_CHECKING:
    from PIL.Image import Image

log = logging.getLogger(__name__)

DET_MODEL = "PP-OCRv6_det_small.onnx"
REC_MODEL = "PP-OCRv6_rec_small.onnx"
CLS_MODEL = "ch_ppocr_mobile_v2.0_cls_mobile.onnx"
MODEL_FAMILY = "PP-OCRv6-small"
# What the reader keeps of a recognition (p2: the seal's own lettering is set aside). Part of
# the engine id, so pages read by an earlier pipeline are read again.
# p3: the band under the seal is read again with the red unmixed.
PIPELINE = "p3"


class OcrUnavailable(CaseReviewError):
    """The OCR engine or its models are missing (a broken install or bundle)."""


@dataclass(frozen=True)
class ModelFiles:
    root: Path
    det: Path
    rec: Path
    cls: Path
    package_version: str

    @property
    def engine_id(self) -> str:
        """Stored with every reading: a new package or model version reads pages again."""
        return f"rapidocr-{self.package_version}/{MODEL_FAMILY}/{PIPELINE}"


def model_files() -> ModelFiles:
    """The model files of the installed rapidocr package (raises OcrUnavailable)."""
    try:
        import rapidocr
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise OcrUnavailable(f"未安装文字识别组件（rapidocr）：{exc}", code="ocr_missing") from exc
    root = Path(rapidocr.__file__).resolve().parent
    models = root / "models"
    files = ModelFiles(
        root=root,
        det=models / DET_MODEL,
        rec=models / REC_MODEL,
        cls=models / CLS_MODEL,
        package_version=str(getattr(rapidocr, "__version__", "") or _dist_version()),
    )
    missing = [p.name for p in (files.det, files.rec, files.cls) if not p.is_file()]
    if missing:
        raise OcrUnavailable(
            f"文字识别模型文件缺失：{'、'.join(missing)}（应在 {models}）。请重新安装本程序。", code="ocr_models"
        )
    if not (root / "config.yaml").is_file():
        raise OcrUnavailable(f"文字识别配置文件缺失：{root / 'config.yaml'}。请重新安装本程序。", code="ocr_config")
    return files


def _dist_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("rapidocr")
    except PackageNotFoundError:
        return "unknown"


def default_threads(workers: int) -> int:
    """onnxruntime threads per engine so that all workers together use the machine's cores."""
    return max(1, (os.cpu_count() or 2) // max(workers, 1))


class OcrEngine:
    """One loaded recogniser. Not shared between threads: each worker owns one."""

    def __init__(self, threads: int | None = None) -> None:
        files = model_files()
        self.files = files
        self.engine_id = files.engine_id
        params: dict[str, Any] = {
            "Det.model_path": str(files.det),
            "Rec.model_path": str(files.rec),
            "Cls.model_path": str(files.cls),
            # Scans are upright; the angle classifier costs time and only helps rotated text lines.
            "Global.use_cls": False,
            "Global.log_level": "error",
            "EngineConfig.onnxruntime.intra_op_num_threads": threads or default_threads(1),
            "EngineConfig.onnxruntime.inter_op_num_threads": 1,
        }
        try:
            from rapidocr import RapidOCR

            self._ocr = RapidOCR(params=params)
        except Exception as exc:  # onnxruntime DLL load failures surface here as various types
            raise OcrUnavailable(f"文字识别引擎无法启动：{exc}", code="ocr_start") from exc
        logging.getLogger("RapidOCR").setLevel(logging.ERROR)
        self._lock = threading.Lock()

    def read(self, image: Image, *, locked: bool = False) -> list[Line]:
        """The lines of ``image`` in reading order, boxes as fractions of the image
        (``locked``: the caller holds the engine's lock)."""
        import numpy as np

        rgb = image.convert("RGB")
        width, height = rgb.size
        if locked:
            result = self._ocr(np.asarray(rgb))
        else:
            with self._lock:
                result = self._ocr(np.asarray(rgb))
        boxes = getattr(result, "boxes", None)
        texts = getattr(result, "txts", None)
        scores = getattr(result, "scores", None)
        if boxes is None or texts is None:
            return []
        lines = []
        for quad, text, score in zip(boxes, texts, scores or [1.0] * len(texts), strict=False):
            xs = [float(p[0]) for p in quad]
            ys = [float(p[1]) for p in quad]
            box = (min(xs) / width, min(ys) / height, max(xs) / width, max(ys) / height)
            lines.append(Line(str(text), box, float(score)))
        lines.sort(key=lambda line: (round(line.box[1] * 200), line.box[0]))
        return lines

    def read_band(self, image: Image, scale: float = 1.6) -> list[Line]:
        """Like ``read`` for a strip of a page. RapidOCR's detector enlarges an image until
        its short side is 736 px, which for a strip 250 px high costs more than the whole
        page; here it enlarges the strip by ``scale`` only. Measured on sealed dates: at
        1.0 a date beside the seal's ring went undetected, at 1.3 one lost its first digit,
        at 1.6 all were found; a strip then costs 0.4–0.6 CPU-s."""
        det = getattr(self._ocr, "_load_det_model", None)
        if det is None:  # another rapidocr layout: the ordinary way, slower but right
            return self.read(image)
        with self._lock:
            detector = det()
            saved = (getattr(detector, "limit_side_len", None), getattr(detector, "limit_type", None))
            detector.limit_side_len, detector.limit_type = int(min(image.size) * scale), "min"
            try:
                return self.read(image, locked=True)
            finally:
                detector.limit_side_len, detector.limit_type = saved

    def reread(self, crops: list[Any]) -> list[tuple[str, float]]:
        """Recognition only (no detection) of prepared line images (H×W×3 uint8 arrays)."""
        if not crops:
            return []
        with self._lock:
            try:
                result = self._ocr.recognize_txt(crops)
            except Exception as exc:  # RapidOCRError when nothing is recognised
                log.debug("re-reading %d line images: %s", len(crops), exc)
                return [("", 0.0)] * len(crops)
        texts = list(result.txts or ())
        scores = list(result.scores or ())
        return [(str(t), float(sc)) for t, sc in zip(texts, scores, strict=False)]
