"""The browse map's pure geometry: which prefecture a point falls in (media.japan_shapes)."""

from __future__ import annotations

import pytest

from renkei_kiosk.core.catalogue import prefecture_by_code
from renkei_kiosk.media.japan_shapes import (
    JapanShapes,
    distance_to_ring,
    hit_test,
    japan_shapes,
    normalise,
    point_in_ring,
)

SQUARE = ((0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0))
# an L: the square minus its top-right quarter
ELL = ((0.0, 0.0), (1.0, 0.0), (1.0, 0.5), (0.5, 0.5), (0.5, 1.0), (0.0, 1.0))


@pytest.fixture(scope="module")
def shapes() -> JapanShapes:
    return japan_shapes()


@pytest.mark.parametrize(
    ("ring", "point", "inside"),
    [
        (SQUARE, (0.5, 0.5), True),
        (SQUARE, (1.5, 0.5), False),
        (SQUARE, (-0.1, 0.5), False),
        (ELL, (0.25, 0.75), True),
        (ELL, (0.75, 0.25), True),
        (ELL, (0.75, 0.75), False),  # the missing quarter
        (((0.0, 0.0), (1.0, 1.0)), (0.5, 0.5), False),  # not a polygon
    ],
)
def test_point_in_ring(ring: tuple[tuple[float, float], ...], point: tuple[float, float],
                       inside: bool) -> None:
    assert point_in_ring(*point, ring) is inside


def test_distance_to_ring() -> None:
    assert distance_to_ring(1.5, 0.5, SQUARE) == pytest.approx(0.5)
    assert distance_to_ring(0.5, 0.5, SQUARE) == pytest.approx(0.5)
    assert distance_to_ring(2.0, 2.0, SQUARE) == pytest.approx(2 ** 0.5)


def test_all_47_prefectures_normalised_into_the_unit_box(shapes: JapanShapes) -> None:
    assert [p.code for p in shapes.prefs] == list(range(1, 48))
    for p in shapes.prefs:
        assert p.name == prefecture_by_code(p.code).name  # type: ignore[union-attr]
        xs = [x for x, _ in p.ring]
        ys = [y for _, y in p.ring]
        assert 0 <= min(xs) <= max(xs) <= 1
        assert 0 <= min(ys) <= max(ys) <= 1
    # Japan (as japanmap lays it out, Hokkaido moved west) is about as wide as tall
    assert 0.7 < shapes.aspect < 1.3
    assert japan_shapes() is shapes  # read once, then cached


def test_a_point_inside_hokkaido_hits_code_1(shapes: JapanShapes) -> None:
    hokkaido = shapes.by_code(1)
    assert hokkaido is not None
    assert hit_test(shapes, *hokkaido.centre) == 1


@pytest.mark.parametrize(
    ("place", "lon", "lat", "code"),
    [
        ("Tokyo Station", 139.767, 35.681, 13),
        ("Osaka Station", 135.495, 34.702, 27),
        ("Nagoya Station", 136.882, 35.171, 23),
        ("Sendai Station", 140.882, 38.260, 4),
        ("Hiroshima Station", 132.475, 34.397, 34),
        ("Kochi Castle", 133.531, 33.561, 39),
        ("Matsumoto Castle", 137.969, 36.239, 20),
        ("Pacific off Chiba", 141.5, 34.0, None),
        ("Sea of Japan off Niigata", 137.5, 38.5, None),
    ],
)
def test_real_places_hit_their_prefecture(
    shapes: JapanShapes, place: str, lon: float, lat: float, code: int | None
) -> None:
    assert hit_test(shapes, *shapes.project(lon, lat)) == code, place


def test_the_sea_hits_nothing(shapes: JapanShapes) -> None:
    assert hit_test(shapes, 0.01, 0.01) is None
    assert hit_test(shapes, 0.99, 0.02) is None


def test_tolerance_picks_the_nearest_candidate_for_a_fingertip(shapes: JapanShapes) -> None:
    # in Tokyo Bay, off the shore of Chiba: the exact hit misses, a fingertip's slack
    # finds the nearest prefecture, or the nearest highlighted one among the candidates
    x, y = shapes.project(139.9, 35.5)
    assert hit_test(shapes, x, y) is None
    assert hit_test(shapes, x, y, tolerance=0.01) == 12
    assert hit_test(shapes, x, y, tolerance=0.01, candidates=[13]) == 13
    assert hit_test(shapes, x, y, tolerance=0.01, candidates=[1]) is None
    assert hit_test(shapes, x, y, tolerance=0.001) is None


def test_normalise_keeps_aspect_and_rejects_nothing() -> None:
    wide = normalise([(1, "a", [(0.0, 0.0), (10.0, 0.0), (10.0, 1.0), (0.0, 1.0)])])
    assert wide.aspect > 5
    with pytest.raises(ValueError):
        normalise([])
