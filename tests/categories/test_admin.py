import pytest

from categories.models import Criterion


def inline_data(category, weights_by_round: dict[str, list[int]]) -> dict:
    """The POST of the category admin page with its criteria inline."""
    criteria = list(category.criteria.order_by("id"))
    data = {
        "season": category.season_id,
        "number": category.number,
        "slug": category.slug,
        "name_vi": category.name_vi,
        "name_en": category.name_en,
        "description_vi": category.description_vi,
        "description_en": category.description_en,
        "criteria-TOTAL_FORMS": len(criteria),
        "criteria-INITIAL_FORMS": len(criteria),
        "criteria-MIN_NUM_FORMS": 0,
        "criteria-MAX_NUM_FORMS": 1000,
    }
    positions = {kind: iter(weights) for kind, weights in weights_by_round.items()}
    for i, criterion in enumerate(criteria):
        data.update(
            {
                f"criteria-{i}-id": criterion.pk,
                f"criteria-{i}-category": category.pk,
                f"criteria-{i}-round_kind": criterion.round_kind,
                f"criteria-{i}-position": criterion.position,
                f"criteria-{i}-name_vi": criterion.name_vi,
                f"criteria-{i}-name_en": criterion.name_en,
                f"criteria-{i}-weight": next(positions[criterion.round_kind]),
                f"criteria-{i}-max_score": "10.0",
            }
        )
    return data


@pytest.mark.django_db
def test_category_admin_refuses_weights_that_do_not_sum_to_100(admin_client, season):
    category = season.categories.get(number=3)
    before = list(Criterion.objects.values_list("id", "weight").order_by("id"))
    data = inline_data(
        category, {"preliminary": [30, 20, 20, 25, 15], "final": [20, 20, 20, 25, 15]}
    )
    response = admin_client.post(f"/admin/categories/category/{category.pk}/change/", data)
    assert response.status_code == 200
    assert (
        "Vòng sơ khảo: Tổng trọng số của một vòng phải bằng 100; hiện tổng là 110."
        in response.content.decode()
    )
    assert list(Criterion.objects.values_list("id", "weight").order_by("id")) == before


@pytest.mark.django_db
def test_category_admin_accepts_weights_summing_to_100(admin_client, season):
    category = season.categories.get(number=3)
    data = inline_data(
        category, {"preliminary": [30, 10, 20, 25, 15], "final": [20, 20, 20, 25, 15]}
    )
    response = admin_client.post(f"/admin/categories/category/{category.pk}/change/", data)
    assert response.status_code == 302
    weights = category.criteria.filter(round_kind="preliminary").order_by("position")
    assert [c.weight for c in weights] == [30, 10, 20, 25, 15]
