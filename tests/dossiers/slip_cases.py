"""A realistic worst case for every printed slip: the longest procedure name of the catalogue's kind, a
dozen documents with long names, long personal and agency names, a three-agency chain, long reasons.
Made through the real services, so each slip is the one a counter would print. Used by the page tests
(the PDF copy) and the browser tests (the page printed from Chromium)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse

from center import roles
from counters.models import SlipKind
from counters.services import counter_slip_issue
from dossiers import services
from procedures.models import AgencyKind, ProcedureStep
from tests.factories import AgencyFactory, CounterFactory, ProcedureFactory, UserFactory

LONG_PROCEDURE = (
    "Cấp giấy phép xây dựng sửa chữa, cải tạo đối với công trình cấp đặc biệt, cấp I, cấp II (công trình "
    "không theo tuyến/theo tuyến trong đô thị/tín ngưỡng, tôn giáo/tượng đài, tranh hoành tráng/theo giai "
    "đoạn cho công trình không theo tuyến/theo giai đoạn cho công trình theo tuyến trong đô thị/dự án)"
)
LONG_DOCUMENTS = [
    "Đơn đề nghị cấp giấy phép sửa chữa, cải tạo công trình theo Mẫu số 01 Phụ lục II Nghị định",
    "Bản sao hoặc tệp tin chứa bản chụp chính giấy tờ chứng minh quyền sử dụng đất theo quy định",
    "Bản vẽ hiện trạng của các bộ phận công trình dự kiến sửa chữa, cải tạo đã được phê duyệt",
    "Ảnh chụp hiện trạng công trình và công trình lân cận trước khi sửa chữa, cải tạo (10x15 cm)",
    "Báo cáo kết quả thẩm định thiết kế xây dựng của cơ quan chuyên môn về xây dựng (nếu có)",
    "Văn bản chấp thuận về phòng cháy, chữa cháy của cơ quan Cảnh sát phòng cháy và chữa cháy",
    "Quyết định phê duyệt dự án đầu tư xây dựng và văn bản thông báo kết quả thẩm định dự án",
    "Bản kê khai năng lực, kinh nghiệm của tổ chức, cá nhân thiết kế kèm chứng chỉ hành nghề",
    "Văn bản ý kiến của cơ quan quản lý nhà nước về văn hóa đối với công trình di tích (nếu có)",
    "Bản cam kết bảo đảm an toàn cho công trình liền kề trong quá trình thi công xây dựng",
    "Giấy ủy quyền có chứng thực trong trường hợp người nộp hồ sơ không phải chủ đầu tư",
    "Bản sao Căn cước hoặc Hộ chiếu còn giá trị sử dụng của người đại diện theo pháp luật",
]
LONG_AGENCIES = [
    "Ban Quản lý các Khu công nghiệp và Khu kinh tế cửa khẩu tỉnh",
    "Sở Nông nghiệp và Môi trường tỉnh",
    "Sở Văn hóa, Thể thao và Du lịch tỉnh",
]
APPLICANT = services.Applicant(
    name="Tôn Nữ Hoàng Phương Thảo Nguyên",
    id_number="001203004567",
    phone="0912345678",
    email="tonnuhoangphuongthaonguyen@congtyxaydung.example.vn",
    address="Số 1234/56/78 đường Nguyễn Văn Linh, khu phố Phước Long, phường Tân Phong Mỹ, tỉnh Quảng Trị",
    organisation="Công ty Trách nhiệm hữu hạn Đầu tư Xây dựng và Thương mại Dịch vụ Hoàng Phương Nguyên",
)
REASON = (
    "Hồ sơ cần lấy ý kiến thống nhất của Sở Nông nghiệp và Môi trường và Sở Văn hóa, Thể thao và Du lịch "
    "về phạm vi bảo vệ di tích liền kề công trình; các cơ quan này chưa có văn bản trả lời trong thời hạn "
    "quy định nên chưa đủ căn cứ để cấp giấy phép. Chúng tôi sẽ thông báo ngay khi có kết quả."
)
MISSING = [
    "Bản vẽ mặt bằng tổng thể có chữ ký và đóng dấu của đơn vị tư vấn thiết kế có chứng chỉ hành nghề",
    "Văn bản chấp thuận về phòng cháy, chữa cháy của cơ quan Cảnh sát phòng cháy và chữa cháy tỉnh",
    "Bản sao có chứng thực giấy chứng nhận quyền sử dụng đất của thửa đất số 123, tờ bản đồ số 45",
    "Ảnh chụp hiện trạng các mặt của công trình và công trình lân cận, khổ 10x15 cm, chụp trong tháng",
    "Báo cáo kết quả khảo sát địa chất công trình do đơn vị có đủ điều kiện năng lực lập và ký",
    "Giấy ủy quyền có chứng thực của chủ đầu tư cho người nộp hồ sơ, ghi rõ phạm vi ủy quyền",
    "Bản cam kết bảo đảm an toàn cho công trình liền kề có xác nhận của chủ các công trình đó",
    "Bản kê khai năng lực, kinh nghiệm của tổ chức thiết kế kèm bản sao chứng chỉ năng lực hạng I",
]


@dataclass(frozen=True)
class Slip:
    name: str  # what it is, for messages and screenshot names
    page: str  # the print-ready page
    pdf: str  # its PDF copy


def _staff(username: str, *, role: str, agency=None, counter=None):
    return UserFactory(
        username=username, first_name="Phương Thảo", last_name="Tôn Nữ Hoàng", role=role, agency=agency, counter=counter
    )


def worst_case_slips() -> tuple[list[Slip], object]:
    """Every kind of slip at its longest; returns the slips and a counter clerk who may print them all."""
    agencies = [
        AgencyFactory(code=f"H56.9{i}", name=name, kind=AgencyKind.BOARD if i == 0 else AgencyKind.DEPARTMENT)
        for i, name in enumerate(LONG_AGENCIES)
    ]
    procedure = ProcedureFactory(
        agency=agencies[0], name=LONG_PROCEDURE, code="1.009999", processing_days=15, documents=LONG_DOCUMENTS
    )
    for position, agency in enumerate(agencies, start=1):
        ProcedureStep.objects.create(procedure=procedure, position=position, agency=agency, working_days=5)
    counter = CounterFactory(number=12, name="Quầy 12")
    counter.agencies.add(*agencies)
    clerk = _staff("clerk-long", role=roles.COUNTER_STAFF, counter=counter)
    admin = UserFactory(
        username="admin-long", first_name="Phương Thảo", last_name="Tôn Nữ Hoàng", is_superuser=True, is_staff=True
    )
    documents = [{"name": name, "originals": 1, "copies": 2} for name in LONG_DOCUMENTS]

    def receive():
        return services.dossier_receive(
            procedure=procedure, applicant=APPLICANT, by=clerk, counter=counter, documents=documents
        )

    # Through the whole chain, with a supplement request and an apology letter, then returned.
    full = services.dossier_transfer(dossier=receive(), by=clerk)
    full = services.dossier_request_supplement(dossier=full, by=admin, missing=MISSING, note=REASON)
    full = services.dossier_supplement_received(dossier=full, by=clerk)
    full = services.dossier_extend(
        dossier=full, by=admin, new_due_at=full.due_at + dt.timedelta(days=14), reason=REASON
    )
    for _ in agencies[1:]:
        full = services.dossier_transfer(dossier=full, by=admin)
    full = services.dossier_resolve(dossier=full, by=admin)
    full = services.dossier_return(dossier=full, by=clerk, collected_by="Tôn Nữ Hoàng Phương Thảo Nguyên")
    refused = services.dossier_refuse(dossier=receive(), by=admin, reason=REASON)
    stopped = services.dossier_transfer(dossier=receive(), by=clerk)
    stopped = services.dossier_refuse(dossier=stopped, by=admin, reason=REASON)

    def dossier_slip(name, dossier, slug):
        return Slip(
            name,
            reverse("dossier-slip", args=[dossier.code, slug]),
            reverse("dossier-slip-pdf", args=[dossier.code, slug]),
        )

    def counter_slip(name, kind, **what):
        slip = counter_slip_issue(
            kind=kind,
            procedure=procedure,
            applicant_name=APPLICANT.name,
            applicant_id_number=APPLICANT.id_number,
            applicant_phone=APPLICANT.phone,
            applicant_address=APPLICANT.address,
            by=clerk,
            counter=counter,
            **what,
        )
        return Slip(name, reverse("counter-slip", args=[slip.number]), reverse("counter-slip-pdf", args=[slip.number]))

    slips = [
        dossier_slip("form-01-receipt", full, "tiep-nhan"),
        dossier_slip("form-02-supplement", full, "bo-sung"),
        dossier_slip("form-03-refusal", refused, "tu-choi"),
        dossier_slip("form-04-apology", full, "xin-loi"),
        dossier_slip("form-05-stop", stopped, "dung-xu-ly"),
        dossier_slip("form-06-control", full, "kiem-soat"),
        counter_slip("counter-guidance", SlipKind.GUIDANCE, missing=MISSING),
        counter_slip("counter-refusal", SlipKind.REFUSAL, reason=REASON),
    ]
    return slips, clerk
