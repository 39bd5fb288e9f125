"""Text under a red seal: unmixing the seal's red, reading the band under it again, and the
independent evaluation set of sealed dates."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image, ImageDraw

from casereview.docintel.pages import Line
from casereview.docintel.reader import reread_under_seal
from casereview.docintel.seal import seal_box, seal_text_lines, without_red


def _stamped(alpha: int = 190) -> Image.Image:
    """Black bars (the digits) on white paper, a solid red disc (the seal's star) over half."""
    image = Image.new("RGB", (400, 200), (250, 250, 248))
    draw = ImageDraw.Draw(image)
    for x in range(60, 340, 20):
        draw.rectangle((x, 90, x + 6, 120), fill=(15, 15, 15))
    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    ImageDraw.Draw(layer).ellipse((180, 40, 380, 190), fill=(215, 30, 35, alpha))
    image.paste(layer, (0, 0), layer)
    return image


def test_without_red_shows_the_digits_under_the_seal_and_drops_the_seal() -> None:
    image = _stamped()
    px = np.asarray(image)
    out = np.asarray(without_red(px))[..., 0].astype(int)
    under_seal_digit = out[95:115, 300:306]  # a bar inside the disc
    seal_only = out[130:180, 250:330]  # the disc over blank paper
    assert under_seal_digit.mean() < 90
    assert seal_only.mean() > 200
    # in the red channel alone the digit under the seal is much paler than one beside it
    red = px[..., 0].astype(int)
    assert red[95:115, 300:306].mean() - red[95:115, 60:66].mean() > 100


def test_a_date_under_the_seal_is_never_taken_for_the_seals_lettering() -> None:
    image = Image.new("RGB", (400, 200), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((160, 96, 340, 120), fill=(200, 35, 40))
    for x in range(170, 330, 40):  # a thin font: few black pixels among the red
        draw.rectangle((x, 100, x + 2, 116), fill=(20, 20, 20))
    box = (160 / 400, 96 / 200, 340 / 400, 120 / 200)
    assert seal_text_lines(image, [Line("运输综合行政", box)]) == [0]
    assert seal_text_lines(image, [Line("2025年7月8日", box), Line("025年7月14", box)]) == []


class _Engine:
    """A stand-in OCR engine: what re-reading stamped lines gives, and what the second
    reading of the band finds (boxes as fractions of the band)."""

    def __init__(self, band: list[Line], lines: list[tuple[str, float]] | None = None) -> None:
        self.band = band
        self.lines = lines
        self.bands: list[Image.Image] = []
        self.crops: list[Any] = []

    def reread(self, crops: list[Any]) -> list[tuple[str, float]]:
        self.crops += crops
        return self.lines if self.lines is not None else [("", 0.0)] * len(crops)

    def read_band(self, image: Image.Image) -> list[Line]:
        self.bands.append(image)
        return self.band


def _sealed_page() -> Image.Image:
    image = Image.new("RGB", (1000, 1000), (250, 250, 248))
    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    draw.ellipse((600, 500, 800, 700), outline=(215, 30, 35, 200), width=12)
    draw.ellipse((660, 560, 740, 640), fill=(215, 30, 35, 200))  # the star
    image.paste(layer, (0, 0), layer)
    return image


def test_a_line_under_the_seal_is_read_again_in_its_box() -> None:
    image = _sealed_page()
    first = [Line("当事人：张三", (0.1, 0.1, 0.4, 0.13), 0.99),
             Line("2024年1月29日", (0.62, 0.60, 0.78, 0.63), 0.99)]  # confidently wrong under the star
    engine = _Engine([], [("2024年11月29日", 0.98)])
    merged = reread_under_seal(image, first, engine)  # type: ignore[arg-type]
    assert [line.text for line in merged] == ["当事人：张三", "2024年11月29日"]
    assert len(engine.crops) == 1 and engine.bands == []  # a whole date now: no band reading
    unsure = _Engine([], [("2024年11月29日", 0.80)])  # clearly less sure than the first: kept
    assert reread_under_seal(image, first, unsure)[1].text == "2024年1月29日"  # type: ignore[arg-type]


def test_the_band_under_the_seal_is_read_again_when_no_date_was_read_there() -> None:
    image = _sealed_page()
    where = seal_box(image)
    assert where is not None and abs(where[0] - 0.6) < 0.02 and abs(where[3] - 0.7) < 0.02
    first = [
        Line("当事人：张三", (0.1, 0.1, 0.4, 0.13), 0.99),  # far from the seal: untouched
        Line("025年7月14日", (0.64, 0.60, 0.78, 0.63), 0.99),  # the "2" lost under the ring
        Line("佛山市交通运输局", (0.55, 0.53, 0.8, 0.56), 0.98),
    ]
    # the band: the seal's rows, a margin of 0.01; across, half a seal either side (wider than
    # the lines it sits on here)
    sx0, sy0, sx1, sy1 = where
    top, bottom = int((sy0 - 0.01) * 1000) / 1000, (int((sy1 + 0.01) * 1000) + 1) / 1000
    pad = (sx1 - sx0) / 2
    left, right = int((sx0 - pad - 0.01) * 1000) / 1000, (int((sx1 + pad + 0.01) * 1000) + 1) / 1000

    def band_box(x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        return ((x0 - left) / (right - left), (y0 - top) / (bottom - top),
                (x1 - left) / (right - left), (y1 - top) / (bottom - top))

    engine = _Engine([
        Line("2025年7月14日", band_box(0.615, 0.60, 0.785, 0.63), 0.98),  # replaces the first reading
        Line("佛山市交通运输局", band_box(0.55, 0.53, 0.8, 0.56), 0.5),  # less sure: the first stays
        Line("市", band_box(0.6, 0.53, 0.63, 0.56), 1.0),  # a remnant of the seal's lettering
        Line("经办人：李四", band_box(0.62, 0.66, 0.75, 0.69), 0.95),  # missed the first time: added
        Line("半行", band_box(0.62, top, 0.75, top + 0.01), 0.99),  # cut by the band's top: ignored
    ])
    merged = reread_under_seal(image, first, engine)  # type: ignore[arg-type]
    assert [line.text for line in merged] == ["当事人：张三", "佛山市交通运输局", "2025年7月14日", "经办人：李四"]
    assert merged[2].box == pytest.approx((0.615, 0.60, 0.785, 0.63), abs=0.002)
    band = engine.bands[0]
    assert band.height < 260 and band.width < 520  # only the band, not the page


def test_no_seal_no_second_reading() -> None:
    engine = _Engine([Line("不应出现", (0.1, 0.4, 0.5, 0.6), 1.0)])
    first = [Line("2024年1月29日", (0.62, 0.60, 0.78, 0.63), 0.99)]
    assert reread_under_seal(Image.new("RGB", (600, 600), "white"), first, engine) == first  # type: ignore[arg-type]
    assert engine.bands == [] and engine.crops == []


def test_eval_pages_keep_their_truth() -> None:
    from casereview.docintel.evalset import eval_page

    page = eval_page(3)
    assert page.image.size == (1240, 660)
    assert f"{page.foot_date.year}年{page.foot_date.month}月{page.foot_date.day}日" in page.lines
    assert any(line.startswith("日期：") for line in page.lines)
    assert seal_box(page.image) is not None


@pytest.mark.slow
def test_a_digit_under_the_seal_is_read_on_the_second_reading(tmp_path: Path) -> None:
    """The demo scan whose notice date lost "11月" to the seal's star (whole-file bench)."""
    from casereview.bench.docintel import _scanned_file
    from casereview.docintel.ocr_engine import OcrEngine
    from casereview.docintel.reader import read_image, render_page

    path, planned, _truth = _scanned_file(tmp_path, 20)
    index = next(p.number - 1 for p in planned if p.doc_type == "违法行为通知书" and p.seal_at)
    image = render_page(path, index)
    engine = OcrEngine()
    before: Any = read_image(image, engine, reread=False)[0]
    after: Any = read_image(image, engine)[0]
    assert "2024年1月29日" in [line.text for line in before]
    assert "2024年11月29日" in [line.text for line in after]


@pytest.mark.slow
def test_done_when_on_a_real_scan(tmp_path: Path) -> None:
    """Issue #20's "done when" on a demo case whose file is a real scan, read by real OCR
    (not the text layer): the 决定书's date read from under its seal, two days after the
    registry's, is a disagreement with its page; "送达" is found on the case's pages; the
    seal is seen; the missing 复议/诉讼 element is a proposal the reviewer accepts."""
    from casereview.checks.registry import CheckOutcome
    from casereview.demo.build import build_dataset
    from casereview.demo.generator import DatasetSpec
    from casereview.services.app import Services
    from casereview.storage.models import Case

    services = Services.open(tmp_path / "scan.sqlite3", as_system=True)
    try:
        services.standards.sync_shipped()
        build_dataset(services, DatasetSpec(cases=12, seed=21, officers_per_unit=3, defect_rate=0.0),
                      documents=True, scans=1)
        with services.ctx.db.session() as session:
            case = next(iter(session.query(Case).filter(Case.procedure == "general", Case.case_type == "penalty")
                             .order_by(Case.id)))
            case_id, registry = case.id, case.decision_date
        assert services.docintel.read_cases([case_id], workers=1).failed == 0
        status = services.docintel.status(case_id)
        assert status.complete and status.ocr == status.pages > 5  # every page recognised from its image
        facts = services.docintel.facts(case_id)
        decision = {c.field: c for c in facts.comparisons}["decision_date"]
        later = (registry + timedelta(days=2)).isoformat()
        assert decision.agrees is False and later in decision.document_values
        fact = next(f for f in decision.documents if f.value == later)
        assert fact.doc_type == "行政处罚决定书" and fact.page >= 1
        hits = services.docintel.search("送达")
        assert any(h.case_id == case_id and h.boxes for h in hits)
        results = {r.rule_id: r for r in services.checks.run_case(case_id).results}
        assert results["docs.registry_matches_documents"].outcome == CheckOutcome.FAIL
        assert results["docs.decision_seal"].outcome == CheckOutcome.PASS  # seen on the page image
        state = services.reviews.open_review(case_id)
        assert any(p.rule_id == "docs.decision_elements" and p.item_code == "S10"
                   for p in services.checks.proposals(state.review.id))
        services.checks.accept(state.review.id, "docs.decision_elements", "S10")
    finally:
        services.close()
