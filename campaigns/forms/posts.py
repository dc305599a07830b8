"""The public page's post form: validation only; `campaigns.services.posts` checks the
same rules again when the post is saved."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thiduaportal import numbers

from ..models import Post
from ..services.posts import publishable_units


class PostForm(forms.ModelForm):
    class Meta:
        model = Post
        formfield_callback = numbers.formfield
        fields = ["unit", "title", "summary", "body"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "body": forms.Textarea(attrs={"rows": 14}),
        }
        help_texts = {
            "summary": gettext_lazy("One or two sentences shown in the list of posts."),
            "body": gettext_lazy(
                "Plain text: leave a blank line between paragraphs. Markup such as HTML is shown as typed."
            ),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = publishable_units(user)
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = None
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Save")))
