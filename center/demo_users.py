"""Demo accounts, one or more per role; `make run` prints them."""

from django.contrib.auth.models import Group, User

from center import roles
from counters.models import Counter, Site, StaffProfile, default_site
from procedures.models import Agency

DEMO_PASSWORD = "Demo@2026"

# username, full name, role, agency code (None: the center), counter number, site code (None: provincial center)
DEMO_USERS = [
    ("admin", "Quản trị hệ thống", roles.ADMINISTRATOR, None, None),
    ("giamdoc", "Trần Thị Giám Đốc", roles.CENTER_DIRECTOR, None, None),
    ("tiepnhan1", "Lê Văn Tiếp Nhận", roles.COUNTER_STAFF, None, 1),
    ("tiepnhan2", "Phạm Thị Một Cửa", roles.COUNTER_STAFF, None, 4),
    ("chuyenvien.stc", "Nguyễn Văn Tài", roles.AGENCY_SPECIALIST, "H56.01", None),
    ("lanhdao.stc", "Hoàng Minh Lãnh Đạo", roles.AGENCY_LEAD, "H56.01", None),
    ("chuyenvien.snnmt", "Đỗ Thị Môi Trường", roles.AGENCY_SPECIALIST, "H56.06", None),
    ("lanhdao.snnmt", "Vũ Quốc Đất", roles.AGENCY_LEAD, "H56.06", None),
    ("truong.cnbac", "Ngô Thị Chi Nhánh", roles.SITE_HEAD, None, None, "cn-bac"),
    ("tiepnhan.cnbac", "Đinh Văn Phía Bắc", roles.COUNTER_STAFF, None, 1, "cn-bac"),
]


def seed_demo_users() -> dict:
    """Create the demo accounts; return the ids the dossier generator assigns work to."""
    roles.ensure_roles()
    center = default_site()
    for username, full_name, role, agency_code, counter_number, *site_code in DEMO_USERS:
        site = Site.objects.filter(code=site_code[0]).first() if site_code else center
        site = site or center
        user = User.objects.filter(username=username).first()
        if user is None:
            last, first = full_name.rsplit(" ", 1)
            user = User(username=username, first_name=first, last_name=last, email=f"{username}@example.vn")
            user.set_password(DEMO_PASSWORD)
            user.is_staff = role == roles.ADMINISTRATOR
            user.is_superuser = username == "admin"
            user.save()
        user.groups.add(Group.objects.get(name=role))
        StaffProfile.objects.update_or_create(
            user=user,
            defaults={
                "agency": Agency.objects.filter(code=agency_code).first() if agency_code else None,
                "site": site,
                "counter": Counter.objects.filter(site=site, number=counter_number).first() if counter_number else None,
            },
        )
    specialists = {
        profile.agency_id: profile.user_id
        for profile in StaffProfile.objects.filter(user__groups__name=roles.AGENCY_SPECIALIST, agency__isnull=False)
    }
    counters_by_agency: dict[int, list[int]] = {}
    site_of_counter: dict[int, int] = {}
    for counter in Counter.objects.prefetch_related("agencies"):
        site_of_counter[counter.pk] = counter.site_id
        # The provincial center receives most dossiers: its counters weigh four times a branch's.
        weight = 4 if counter.site_id == center.pk else 1
        for agency in counter.agencies.all():
            counters_by_agency.setdefault(agency.pk, []).extend([counter.pk] * weight)
    return {
        "counter": list(User.objects.filter(groups__name=roles.COUNTER_STAFF).values_list("pk", flat=True)),
        "specialists": specialists,
        "counters_by_agency": counters_by_agency,
        "site_of_counter": site_of_counter,
    }
