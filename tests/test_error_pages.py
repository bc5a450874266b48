import pytest
from django.test import override_settings

from tests.base import make_world

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=False)
def test_a_missing_or_forbidden_table_gets_a_chinese_404_page(client):
    world = make_world()
    client.force_login(world.staff_b)
    response = client.get(f"/tables/{world.table_a.pk}/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "找不到页面" in page and "返回我的绩效目标表" in page
    assert world.table_a.name not in page
    assert "matches the given query" not in page  # Django's English text stays out
