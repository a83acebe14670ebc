"""Whose consent counts at which age (WGBO): each band's edges, both ways."""

from datetime import date

import pytest

from reports.consent import (
    AgeBand,
    ConsentAuthority,
    age_band,
    age_in_years,
    authority_problem,
)

BORN = date(2012, 6, 15)


@pytest.mark.parametrize(
    ("on", "band"),
    [
        (date(2024, 6, 14), AgeBand.UNDER_12),  # the day before the 12th birthday
        (date(2024, 6, 15), AgeBand.FROM_12_TO_15),
        (date(2028, 6, 14), AgeBand.FROM_12_TO_15),  # the day before the 16th birthday
        (date(2028, 6, 15), AgeBand.FROM_16),
    ],
)
def test_age_band_turns_on_the_birthday(on: date, band: AgeBand) -> None:
    assert age_band(BORN, on) is band


def test_leap_day_child_is_a_year_older_on_the_first_of_march() -> None:
    born = date(2012, 2, 29)
    assert age_in_years(born, date(2024, 2, 28)) == 11
    assert age_in_years(born, date(2024, 3, 1)) == 12


FITS = {
    AgeBand.UNDER_12: {ConsentAuthority.PARENT_WITH_AUTHORITY, ConsentAuthority.GUARDIAN},
    AgeBand.FROM_12_TO_15: {ConsentAuthority.YOUNG_PERSON_WITH_PARENTS},
    AgeBand.FROM_16: {ConsentAuthority.YOUNG_PERSON},
}


@pytest.mark.parametrize("band", list(AgeBand))
@pytest.mark.parametrize("authority", list(ConsentAuthority))
def test_each_authority_fits_its_bands_only(authority: ConsentAuthority, band: AgeBand) -> None:
    fits = authority in FITS[band] or authority is ConsentAuthority.COURT_ORDER
    problem = authority_problem(authority, band)
    assert (problem is None) == fits
    if problem is not None:
        assert authority.value in problem
        assert band.nl in problem


def test_the_message_names_who_may_consent() -> None:
    problem = authority_problem(ConsentAuthority.PARENT_WITH_AUTHORITY, AgeBand.FROM_16)
    assert problem is not None and "young_person" in problem
