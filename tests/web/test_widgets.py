"""PlainSelect (web/widgets.py) writes what Django's Select writes, attribute for attribute."""

import re

import pytest
from django import forms

from sharepool.web.widgets import PlainSelect

CHOICES = [("", "全部类别"), (1, "家居维修"), (2, 'A <b>"bold"</b> & co'), (10, "数字帮扶")]
GROUPED = [("", "—"), ("楼栋", [("3栋", "3栋"), ("5栋", "5栋")]), ("其他", [("x", "x")])]


def form_class(widget):
    class Filters(forms.Form):
        categoryId = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, widget=widget)
        wanted = forms.IntegerField(widget=widget, help_text="必填")
        building = forms.ChoiceField(required=False, choices=GROUPED, widget=widget)

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["categoryId"].choices = CHOICES
            self.fields["wanted"].widget.choices = CHOICES[1:]

    return Filters


def html(field) -> str:
    return re.sub(r">\s+<", "><", str(field)).strip()


@pytest.mark.parametrize(
    "data",
    [
        None,  # unbound: initial values
        {"categoryId": "2", "wanted": "10", "building": "5栋"},  # chosen values
        {"categoryId": "99", "wanted": "", "building": "nowhere"},  # invalid: aria-invalid, errors
    ],
)
def test_plain_select_writes_what_select_writes(data):
    django_form, plain_form = form_class(forms.Select)(data), form_class(PlainSelect)(data)
    if data is not None:
        assert django_form.is_valid() == plain_form.is_valid()

    for name in ("categoryId", "wanted", "building"):
        assert html(plain_form[name]) == html(django_form[name]), name


def test_a_chosen_option_is_selected_and_labels_are_escaped():
    form = form_class(PlainSelect)({"categoryId": "2", "wanted": "10"})
    written = html(form["categoryId"])
    assert '<option value="2" selected>A &lt;b&gt;&quot;bold&quot;&lt;/b&gt; &amp; co</option>' in written
    assert written.count(" selected") == 1
