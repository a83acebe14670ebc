"""Travel minutes = ceil(haversine_km x road_factor / speed_kmh x 60), earth radius 6371 km."""

from routing.allocation.model import Point, Travel
from routing.allocation.travel import haversine_km, travel_minutes

# one degree along a meridian is pi/180 x 6371 = 111.19493 km
ONE_DEGREE_KM = 111.19492664455873


def test_one_degree_of_latitude_is_the_arc_length_on_a_6371_km_sphere():
    assert abs(haversine_km(Point(52.0, 5.0), Point(53.0, 5.0)) - ONE_DEGREE_KM) < 1e-9


def test_minutes_are_rounded_up():
    # 111.19 km x 1.35 / 50 km/h x 60 = 180.14 min -> 181
    assert travel_minutes(Point(52.0, 5.0), Point(53.0, 5.0), Travel(50, 1.35)) == 181
    # 111.19 km at 60 km/h without detour = 111.19 min -> 112
    assert travel_minutes(Point(52.0, 5.0), Point(53.0, 5.0), Travel(60, 1.0)) == 112


def test_utrecht_to_amsterdam_takes_56_minutes():
    # 34.55 km x 1.35 / 50 x 60 = 55.97 min
    assert travel_minutes(Point(52.09, 5.12), Point(52.37, 4.90), Travel(50, 1.35)) == 56


def test_same_point_is_zero_and_travel_is_symmetric():
    a, b = Point(51.85, 5.65), Point(51.85269, 5.60885)
    assert travel_minutes(a, a, Travel(50, 1.35)) == 0
    assert travel_minutes(a, b, Travel(50, 1.35)) == travel_minutes(b, a, Travel(50, 1.35)) == 5


def test_verifier_tolerance_never_makes_travel_longer():
    a, b = Point(52.09, 5.12), Point(52.37, 4.90)
    assert travel_minutes(a, b, Travel(50, 1.35), eps=1e-9) <= travel_minutes(
        a, b, Travel(50, 1.35)
    )
