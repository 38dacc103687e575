import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from reformdesk.core.models import AuditEvent
from reformdesk.org import selectors, services
from reformdesk.org.choices import Role, Scope, SuccessionKind, UnitKind
from reformdesk.org.models import Membership, Unit, UnitSuccession
from reformdesk.org.tests.factories import make_official, make_unit

pytestmark = pytest.mark.django_db


def test_unit_create_builds_materialised_path(tree):
    assert tree.province.path == f"{tree.province.pk:08d}."
    assert tree.commune_a.path == f"{tree.province.pk:08d}.{tree.district.pk:08d}.{tree.commune_a.pk:08d}."
    assert tree.commune_a.depth == 2
    assert tree.commune_a.ancestor_ids() == [tree.province.pk, tree.district.pk]


@pytest.mark.parametrize(
    "code", ["000.00.00.h41", "00.00.00.H41", "000.00.00.H4", "000-00-00-H41", "", "000.00.00.H411"]
)
def test_unit_create_refuses_invalid_codes_and_saves_nothing(db, code):
    with pytest.raises(ValidationError) as info:
        services.unit_create(actor=None, parent=None, code=code, kind=UnitKind.PROVINCE, name_vi="Tỉnh thử")
    assert "code" in info.value.message_dict
    assert Unit.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_unit_create_writes_an_audit_row(db):
    unit = make_unit(name="Tỉnh Nghệ An", kind=UnitKind.PROVINCE, code="000.00.00.H41")
    event = AuditEvent.objects.get(action="unit.create")
    assert event.object_id == str(unit.pk)
    assert event.changes["code"] == [None, "000.00.00.H41"]
    assert event.channel == "command"


def test_subtree_and_ancestors_need_one_query_each(tree, django_assert_num_queries):
    with django_assert_num_queries(1):
        names = [u.name_vi for u in selectors.unit_subtree(unit=tree.district)]
    assert names == ["Huyện Tân Kỳ", "Xã Phú Sơn", "Xã Tân Hương"]
    with django_assert_num_queries(1):
        ancestors = [u.name_vi for u in selectors.unit_ancestors(unit=tree.commune_b)]
    assert ancestors == ["Tỉnh Nghệ An", "Huyện Tân Kỳ"]


def test_unit_move_rewrites_the_whole_subtree(tree):
    other = make_unit(
        name="Huyện Nghĩa Đàn", parent=tree.province, kind=UnitKind.DISTRICT, code="000.00.31.H41"
    )
    hamlet = make_unit(
        name="Phòng thử", parent=tree.commune_a, kind=UnitKind.DEPARTMENT, code="000.31.99.H41"
    )
    services.unit_move(actor=None, unit=tree.commune_a, new_parent=other)
    hamlet.refresh_from_db()
    tree.commune_a.refresh_from_db()
    assert tree.commune_a.parent_id == other.pk
    assert hamlet.path == f"{other.path}{tree.commune_a.pk:08d}.{hamlet.pk:08d}."
    assert (tree.commune_a.depth, hamlet.depth) == (2, 3)
    assert [u.name_vi for u in selectors.unit_subtree(unit=tree.district)] == ["Huyện Tân Kỳ", "Xã Tân Hương"]


def test_unit_move_refuses_a_cycle(tree):
    before = tree.district.path
    with pytest.raises(ValidationError):
        services.unit_move(actor=None, unit=tree.district, new_parent=tree.commune_a)
    tree.district.refresh_from_db()
    assert tree.district.path == before


def test_merge_ends_predecessors_and_keeps_their_rows(tree):
    new = make_unit(
        name="Xã Nghĩa Hành", parent=tree.province, code="000.76.00.H41", valid_from=dt.date(2025, 7, 1)
    )
    services.unit_record_succession(
        actor=None,
        predecessors=[tree.commune_a, tree.commune_b],
        successor=new,
        kind=SuccessionKind.MERGE,
        effective_on=dt.date(2025, 7, 1),
        legal_basis="NQ 1678/NQ-UBTVQH15",
    )
    tree.commune_a.refresh_from_db()
    assert tree.commune_a.valid_to == dt.date(2025, 6, 30)
    assert UnitSuccession.objects.filter(successor=new).count() == 2
    in_force = [u.name_vi for u in selectors.unit_directory(on=dt.date(2025, 7, 1))]
    assert "Xã Phú Sơn" not in in_force
    assert "Xã Nghĩa Hành" in in_force
    assert "Xã Phú Sơn" in [u.name_vi for u in selectors.unit_directory(on=dt.date(2025, 6, 30))]


def test_unit_valid_to_before_valid_from_is_refused(tree):
    with pytest.raises(ValidationError) as info:
        services.unit_update(
            actor=None, unit=tree.commune_a, valid_from=dt.date(2025, 1, 1), valid_to=dt.date(2024, 1, 1)
        )
    assert "valid_to" in info.value.message_dict
    tree.commune_a.refresh_from_db()
    assert tree.commune_a.valid_to is None


def test_reception_slot_with_end_before_start_saves_nothing(personas, tree):
    with pytest.raises(ValidationError):
        services.reception_slot_set(
            actor=personas.district_reform,
            unit=tree.commune_a,
            slots=[
                {"weekday": 3, "start_time": dt.time(7, 30), "end_time": dt.time(11, 0)},
                {"weekday": 4, "start_time": dt.time(11, 0), "end_time": dt.time(7, 30)},
            ],
        )
    assert tree.commune_a.reception_slots.count() == 0


def test_reception_slot_refusal_says_what_is_wrong(personas, tree):
    with pytest.raises(ValidationError) as info:
        services.reception_slot_set(
            actor=personas.district_reform,
            unit=tree.commune_a,
            slots=[{"weekday": 4, "start_time": dt.time(11, 0), "end_time": dt.time(7, 30)}],
        )
    assert info.value.messages == ["Giờ kết thúc tiếp công dân phải sau giờ bắt đầu."]


def test_official_create_places_them_in_the_unit(tree):
    official = make_official(unit=tree.commune_b, role=Role.ONE_STOP, full_name="Hồ Thị Lan")
    membership = Membership.objects.get(official=official)
    assert (membership.unit, membership.role, membership.is_primary) == (tree.commune_b, Role.ONE_STOP, True)
    assert AuditEvent.objects.filter(action="official.create", object_id=str(official.pk)).count() == 1


def test_official_invalid_phone_is_refused(tree):
    with pytest.raises(ValidationError) as info:
        make_official(unit=tree.commune_b, phone="gọi tôi")
    assert "phone" in info.value.message_dict


class TestServicePermissions:
    """Services enforce unit scope themselves: a view that forgot to check cannot leak a write."""

    def test_district_reform_officer_may_edit_a_commune_of_the_district(self, personas, tree):
        services.unit_update(actor=personas.district_reform, unit=tree.commune_b, hotline="0238 3000 222")
        tree.commune_b.refresh_from_db()
        assert tree.commune_b.hotline == "0238 3000 222"

    @pytest.mark.parametrize("persona", ["chair_a", "one_stop_a", "specialist_b", "inspector", "outsider"])
    def test_others_may_not_edit_a_unit(self, personas, tree, persona):
        with pytest.raises(PermissionDenied):
            services.unit_update(
                actor=getattr(personas, persona), unit=tree.commune_b, hotline="0238 3000 222"
            )
        tree.commune_b.refresh_from_db()
        assert tree.commune_b.hotline == ""

    def test_chair_manages_officials_of_own_commune_only(self, personas, tree):
        official = make_official(unit=tree.commune_a, full_name="Võ Văn Tài")
        services.official_update(actor=personas.chair_a, official=official, position="Phó Chủ tịch UBND xã")
        other = make_official(unit=tree.commune_b, full_name="Võ Thị Hà")
        with pytest.raises(PermissionDenied):
            services.official_update(actor=personas.chair_a, official=other, position="Chủ tịch UBND xã")
        other.refresh_from_db()
        assert other.position == "Công chức"

    def test_only_a_superuser_may_grant_the_admin_role(self, personas, tree):
        official = make_official(unit=tree.commune_a)
        with pytest.raises(ValidationError):
            services.membership_add(
                actor=personas.district_reform, official=official, unit=tree.commune_a, role=Role.ADMIN
            )
        services.membership_add(
            actor=personas.admin, official=official, unit=tree.commune_a, role=Role.ADMIN, scope=Scope.SUBTREE
        )
        assert Membership.objects.filter(official=official, role=Role.ADMIN).count() == 1

    def test_ended_membership_no_longer_grants(self, personas, tree):
        from reformdesk.org.permissions import Perm, forget_grants, has_perm

        membership = Membership.objects.get(official__user=personas.chair_a)
        assert has_perm(personas.chair_a, Perm.MANAGE_OFFICIAL, tree.commune_a)
        services.membership_end(actor=personas.admin, membership=membership, on=dt.date(2020, 1, 1))
        forget_grants(personas.chair_a)
        assert not has_perm(personas.chair_a, Perm.MANAGE_OFFICIAL, tree.commune_a)
