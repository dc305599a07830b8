"""A finished job's page says so in its tab title too, not "File being prepared"."""

import re

import pytest
from django.urls import reverse

from thiduaportal.models import Job

pytestmark = pytest.mark.django_db


def test_finished_job_title_says_the_file_is_ready(client, vhxh_officer):
    job = Job.objects.create(owner=vhxh_officer, kind="test", state="done", filename="bao-cao.pdf")
    client.force_login(vhxh_officer)
    html = client.get(reverse("job_detail", args=[job.pk])).content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert "Tệp đã sẵn sàng" in title
    assert "Đang chuẩn bị" not in title
