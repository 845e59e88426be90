"""Reporting deadlines in business days, on the calendar of the authority that sets them.

OFAC's "within 10 business days" (31 CFR 501.603, 501.604) counts US
federal working days, so weekends and federal holidays (5 U.S.C. 6103, with
the Saturday/Sunday observance shifts) do not count. Other authorities'
deadlines are in words ("without delay", "as soon as practicable") and are
shown as such; for them only weekends are skipped if a count is asked for.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th given weekday (0=Monday) of a month; n=-1 is the last."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def _observed(day: date) -> date:
    if day.weekday() == 5:
        return day - timedelta(days=1)
    if day.weekday() == 6:
        return day + timedelta(days=1)
    return day


@cache
def us_federal_holidays(year: int) -> frozenset[date]:
    """The days US federal offices are closed for the legal public holidays of `year`."""
    fixed = [date(year, 1, 1), date(year, 7, 4), date(year, 11, 11), date(year, 12, 25)]
    if year >= 2021:
        fixed.append(date(year, 6, 19))
    days = {_observed(d) for d in fixed}
    days |= {
        _nth_weekday(year, 1, 0, 3),  # Birthday of Martin Luther King, Jr.
        _nth_weekday(year, 2, 0, 3),  # Washington's Birthday
        _nth_weekday(year, 5, 0, -1),  # Memorial Day
        _nth_weekday(year, 9, 0, 1),  # Labor Day
        _nth_weekday(year, 10, 0, 2),  # Columbus Day
        _nth_weekday(year, 11, 3, 4),  # Thanksgiving Day
    }
    # New Year's Day of the next year observed on 31 December of this one.
    next_new_year = _observed(date(year + 1, 1, 1))
    if next_new_year.year == year:
        days.add(next_new_year)
    return frozenset(days)


def is_business_day(day: date, calendar: str = "US") -> bool:
    if day.weekday() >= 5:
        return False
    return not (calendar == "US" and day in us_federal_holidays(day.year))


def add_business_days(start: date, days: int, calendar: str = "US") -> date:
    """The date `days` business days after `start` (the start day itself not counted)."""
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if is_business_day(current, calendar):
            remaining -= 1
    return current
