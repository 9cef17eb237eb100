"""The evaluation report's confidence split and calibration error, on known answers."""

from __future__ import annotations

import pytest

from replies.evaluation import Report


def test_confident_and_unsure_rows_are_counted_apart() -> None:
    report = Report(scored=[(90.0, True, True), (80.0, False, True), (30.0, True, False)])
    assert report.split(True) == (2, 1)
    assert report.split(False) == (1, 1)


def test_calibration_error_is_the_row_weighted_gap_per_bin() -> None:
    # Bin 90-100: two rows, mean score 95, one right (50 %): gap 45, weight 2.
    # Bin 20-30: one row, score 20, right (100 %): gap 80, weight 1.
    report = Report(scored=[(95.0, True, True), (95.0, False, True), (20.0, True, False)])
    assert report.calibration_error() == pytest.approx((2 * 45 + 80) / 3)


def test_a_perfectly_calibrated_score_has_no_error() -> None:
    report = Report(scored=[(100.0, True, True)] * 3 + [(50.0, True, False), (50.0, False, False)])
    assert report.calibration_error() == pytest.approx(0.0)
    assert Report().calibration_error() == 0.0
