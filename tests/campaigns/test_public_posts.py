"""Posts of the public page: who writes for which unit, every refusal, publishing and
taking down, and the management screens."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from campaigns.models import Post
from campaigns.services.posts import (
    PostError,
    create_post,
    publish_post,
    publishable_units,
    unpublish_post,
    update_post,
)
from tests.factories import UnitFactory
from tests.factories.campaigns import CampaignFactory, PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def publishing(campaign, own_unit):
    """The own unit (a service centre) publishes for the campaign."""
    campaign.publishing_units.add(own_unit)
    return campaign


def refusal(call, **kwargs) -> tuple[str | None, str]:
    with translation.override("en"), pytest.raises(PostError) as refused:
        call(**kwargs)
    return refused.value.field, str(refused.value)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# --------------------------------------------------------------------------- services


def test_office_writes_for_its_own_unit_or_any_publishing_unit(
    vhxh_officer, office_unit, own_unit, publishing
):
    UnitFactory(name="Trung tâm cũ", archived=True).published_campaigns.add(publishing)
    assert list(publishable_units(vhxh_officer)) == [office_unit, own_unit]
    post = create_post(actor=vhxh_officer, unit=own_unit, title="  Tin mới ", summary="", body="Nội dung")
    assert (post.unit, post.author, post.title, post.is_published, post.published_at) == (
        own_unit,
        vhxh_officer,
        "Tin mới",
        False,
        None,
    )


def test_publishing_unit_writes_for_itself_only(unit_staff, own_unit, other_unit, office_unit, publishing):
    assert list(publishable_units(unit_staff)) == [own_unit]
    post = create_post(actor=unit_staff, unit=own_unit, title="Tin", body="Nội dung")
    assert post.unit == own_unit
    assert refusal(create_post, actor=unit_staff, unit=office_unit, title="Tin", body="Nội dung") == (
        "unit",
        "Phòng Văn hóa – Xã hội does not publish on the public page; choose one of the units offered.",
    )


def test_a_unit_that_does_not_publish_may_not_write(other_staff, other_unit, publishing):
    assert list(publishable_units(other_staff)) == []
    assert refusal(create_post, actor=other_staff, unit=other_unit, title="Tin", body="Nội dung")[0] == "unit"
    assert not Post.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"title": "   "}, "title", "A post needs a title."),
        ({"body": "\n \n"}, "body", "A post needs a text."),
        ({"title": "T" * 256}, "title", "The title is too long (256 characters); at most 255."),
        ({"summary": "S" * 401}, "summary", "The summary is too long (401 characters); at most 400."),
        ({"body": "B" * 20_001}, "body", "The text is too long (20001 characters); at most 20000."),
        ({"unit": None}, "unit", "— does not publish on the public page; choose one of the units offered."),
    ],
)
def test_each_bad_input_is_named_and_nothing_is_saved(vhxh_officer, office_unit, fields, field, message):
    values = {
        "actor": vhxh_officer,
        "unit": office_unit,
        "title": "Tin",
        "summary": "",
        "body": "Nội dung",
        **fields,
    }
    assert refusal(create_post, **values) == (field, message)
    assert not Post.objects.exists()


def test_text_is_stored_in_nfc(vhxh_officer, office_unit):
    post = create_post(
        actor=vhxh_officer, unit=office_unit, title="Thu\u0309 tu\u0323c", body="Ho\u0302\u0300 sơ"
    )
    assert (post.title, post.body) == ("Thủ tục", "Hồ sơ")


def test_update_keeps_a_published_post_published(vhxh_officer, office_unit):
    post = PostFactory(unit=office_unit, is_published=True, published_at=timezone.now())
    updated = update_post(
        post, actor=vhxh_officer, unit=office_unit, title="Đã sửa", summary="Tóm tắt", body="Mới"
    )
    post.refresh_from_db()
    assert (post.title, post.summary, post.body, post.is_published) == ("Đã sửa", "Tóm tắt", "Mới", True)
    assert updated.published_at == post.published_at
    field, _message = refusal(
        update_post, post=post, actor=vhxh_officer, unit=UnitFactory(), title="X", body="Y"
    )
    assert field == "unit"


def test_publish_dates_the_post_and_unpublish_takes_it_down(vhxh_officer, office_unit):
    post = PostFactory(unit=office_unit)
    before = timezone.now()
    published = publish_post(post, actor=vhxh_officer)
    assert published.is_published
    assert published.published_at >= before
    assert refusal(publish_post, post=post, actor=vhxh_officer) == (
        None,
        f"“{post.title}” is already published.",
    )
    down = unpublish_post(post, actor=vhxh_officer)
    assert down.is_published is False
    assert refusal(unpublish_post, post=post, actor=vhxh_officer) == (
        None,
        f"“{post.title}” is not published.",
    )
    assert Post.objects.published().count() == 0


# --------------------------------------------------------------------------- screens


def test_office_list_shows_every_post_and_a_unit_only_its_own(
    client_for, vhxh_officer, unit_staff, own_unit, other_unit, publishing
):
    mine = PostFactory(unit=own_unit, title="Tin của trung tâm")
    other = PostFactory(
        unit=other_unit, title="Tin đơn vị khác", is_published=True, published_at=timezone.now()
    )
    office_list = client_for(vhxh_officer).get(reverse("campaigns:post_list")).context["object_list"]
    assert {p.pk for p in office_list} == {mine.pk, other.pk}
    unit_list = client_for(unit_staff).get(reverse("campaigns:post_list")).context["object_list"]
    assert [p.pk for p in unit_list] == [mine.pk]


def test_post_list_queries_do_not_grow(client_for, vhxh_officer, office_unit, django_assert_max_num_queries):
    PostFactory(unit=office_unit)
    client = client_for(vhxh_officer)
    with django_assert_max_num_queries(10) as one:
        client.get(reverse("campaigns:post_list"))
    PostFactory.create_batch(20, unit=office_unit, is_published=True, published_at=timezone.now())
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse("campaigns:post_list"))
    assert len(response.context["object_list"]) == 21


def test_publisher_writes_publishes_and_takes_down_a_post(client_for, unit_staff, own_unit, publishing):
    client = client_for(unit_staff)
    form = client.get(reverse("campaigns:post_create")).context["form"]
    assert (list(form.fields["unit"].queryset), form.initial["unit"]) == ([own_unit], own_unit.pk)
    response = client.post(
        reverse("campaigns:post_create"),
        {"unit": own_unit.pk, "title": "Nộp hồ sơ trực tuyến", "summary": "", "body": "Đoạn một\n\nĐoạn hai"},
        follow=True,
    )
    post = Post.objects.get()
    assert messages_of(response) == ["The post “Nộp hồ sơ trực tuyến” was saved."]
    assert (post.unit, post.author, post.is_published) == (own_unit, unit_staff, False)
    response = client.post(reverse("campaigns:post_publish", args=[post.pk]), follow=True)
    assert messages_of(response) == ["“Nộp hồ sơ trực tuyến” is now on the public page."]
    response = client.post(reverse("campaigns:post_publish", args=[post.pk]), follow=True)
    assert messages_of(response) == ["“Nộp hồ sơ trực tuyến” is already published."]
    response = client.post(reverse("campaigns:post_unpublish", args=[post.pk]), follow=True)
    assert messages_of(response) == ["“Nộp hồ sơ trực tuyến” was taken off the public page."]
    post.refresh_from_db()
    assert post.is_published is False


def test_edit_form_saves_changes_and_shows_a_refusal_beside_its_field(client_for, vhxh_officer, office_unit):
    post = PostFactory(unit=office_unit, title="Cũ")
    client = client_for(vhxh_officer)
    url = reverse("campaigns:post_edit", args=[post.pk])
    response = client.post(url, {"unit": office_unit.pk, "title": "   ", "summary": "", "body": "Nội dung"})
    assert response.context["form"].errors == {"title": ["This field is required."]}
    response = client.post(url, {"unit": office_unit.pk, "title": "Mới", "summary": "", "body": " \n "})
    assert response.context["form"].errors == {"body": ["This field is required."]}
    response = client.post(
        url, {"unit": office_unit.pk, "title": "Mới", "summary": "Tóm tắt", "body": "Thân bài"}
    )
    assert response["Location"] == reverse("campaigns:post_list")
    post.refresh_from_db()
    assert (post.title, post.summary, post.body) == ("Mới", "Tóm tắt", "Thân bài")


def test_a_unit_offered_in_no_campaign_cannot_be_chosen(client_for, vhxh_officer, office_unit, other_unit):
    response = client_for(vhxh_officer).post(
        reverse("campaigns:post_create"),
        {"unit": other_unit.pk, "title": "Tin", "summary": "", "body": "Nội dung"},
    )
    assert list(response.context["form"].errors) == ["unit"]
    assert not Post.objects.exists()


def test_publisher_cannot_touch_another_units_post(client_for, unit_staff, other_unit, publishing):
    CampaignFactory(code="khac").publishing_units.add(other_unit)
    post = PostFactory(unit=other_unit)
    client = client_for(unit_staff)
    assert client.post(reverse("campaigns:post_publish", args=[post.pk])).status_code == 403
    assert client.get(reverse("campaigns:post_edit", args=[post.pk])).status_code == 403
    post.refresh_from_db()
    assert post.is_published is False
