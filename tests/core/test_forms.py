"""The form base of every page: plain selects written out directly, one query each."""

from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext

from propdesk.core.forms import FastSelect, StyledForm
from propdesk.tickets.models import Category


class _Form(StyledForm):
    kind = forms.ChoiceField(choices=[("", "All"), ("repair", "<b>报修</b>"), ("help", "求助")])
    category = forms.ModelChoiceField(queryset=Category.objects.order_by("pk"), required=False)


def test_plain_selects_render_like_djangos_with_the_choice_selected_and_labels_escaped(db):
    form = _Form({"kind": "repair"})
    assert type(form.fields["kind"].widget) is FastSelect
    html = str(form["kind"])
    assert html.startswith('<select name="kind" class="form-select" id="id_kind" required>')
    assert '<option value="repair" selected>&lt;b&gt;报修&lt;/b&gt;</option>' in html
    assert '<option value="help">求助</option>' in html and html.count("selected") == 1


def test_a_model_select_reads_its_choices_in_one_query(db):
    category = Category.objects.order_by("pk").first()
    form = _Form({"kind": "help", "category": category.pk})
    assert form.is_valid()  # validation reads the chosen category: not part of the render
    with CaptureQueriesContext(connection) as ctx:
        html = str(form["category"])
    assert len(ctx.captured_queries) == 1, [q["sql"] for q in ctx.captured_queries]
    assert "DECLARE" not in ctx.captured_queries[0]["sql"]  # no server-side cursor on PostgreSQL
    assert f'<option value="{category.pk}" selected>' in html
    assert html.count("<option") == Category.objects.count() + 1  # and the empty "---------"
