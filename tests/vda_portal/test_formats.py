from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation


class DateForm(forms.Form):
    day = forms.DateField()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_05_06_2024_is_read_as_5_june_in_both_languages(language):
    with translation.override(language):
        form = DateForm(data={"day": "05/06/2024"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["day"] == date(2024, 6, 5)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_dates_are_shown_day_first_in_vietnam_time(language):
    deadline_utc = datetime(2024, 6, 30, 16, 59, 59, tzinfo=ZoneInfo("UTC"))
    with translation.override(language):
        rendered = Template("{{ when|date:'SHORT_DATETIME_FORMAT' }}").render(
            Context({"when": deadline_utc})
        )
    assert rendered == "30/06/2024 23:59"


def test_numbers_use_the_vietnamese_separators():
    with translation.override("vi"):
        rendered = Template("{% load humanize %}{{ n|floatformat:'2g' }}").render(
            Context({"n": 1234567.5})
        )
    assert rendered == "1.234.567,50"
