"""Posting a Django admin change form as a browser would: every field as the page shows it."""

from django.forms import BaseFormSet
from django.urls import reverse


def _widget_values(widget, key: str, value) -> dict:
    if hasattr(widget, "widgets"):  # a split widget (date and time): one value per part
        data = {}
        for index, (part, subwidget) in enumerate(
            zip(widget.decompress(value), widget.widgets, strict=True)
        ):
            data.update(_widget_values(subwidget, f"{key}_{index}", part))
        return data
    if isinstance(value, list | tuple):
        return {key: [str(v) for v in value]}
    if isinstance(value, bool):
        return {key: "on"} if value else {}
    formatted = None if value is None else widget.format_value(value)
    return {key: "" if formatted is None else formatted}


def _form_values(form) -> dict:
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is not None:
            data.update(_widget_values(field.widget, form.add_prefix(name), value))
    return data


def _formset_values(formset: BaseFormSet) -> dict:
    data = {}
    management = formset.management_form
    for name in management.fields:
        data[management.add_prefix(name)] = management[name].value()
    for form in formset.initial_forms:
        data.update(_form_values(form))
    return data


def change_form_data(response, **changes) -> dict:
    """The data of the admin change page ``response``, with ``changes`` to its main form."""
    data = _form_values(response.context["adminform"].form)
    # A version opened from « Historique » (django-simple-history) shows no inlines.
    for inline in response.context.get("inline_admin_formsets", []):
        data.update(_formset_values(inline.formset))
    data.update(changes)
    return data


def admin_url(obj, view: str, *args) -> str:
    """The URL of ``obj``'s admin page ``view``: change, history, simple_history…"""
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk, *args])


def admin_change(client, obj, **changes):
    """Open ``obj``'s admin change page and save it with ``changes``, as staff would."""
    url = admin_url(obj, "change")
    return client.post(url, change_form_data(client.get(url), **changes))


def history_restore(client, obj, record):
    """Open ``record``, a version of ``obj`` listed in « Historique », and restore it."""
    url = admin_url(obj, "simple_history", record.history_id)
    return client.post(url, change_form_data(client.get(url)))
