"""The procedure page offers the blank forms to download and says how to proceed and on what conditions
(trình tự thực hiện, yêu cầu điều kiện), as the national procedures database publishes them."""

from procedures.models import RequiredDocument


def test_the_page_offers_the_forms_and_shows_steps_and_conditions(client, procedure):
    form = "https://dichvucong.gov.vn/mau-don/1.004227-giay-de-nghi.docx"
    RequiredDocument.objects.filter(procedure=procedure, name="Đơn đề nghị").update(form_url=form)
    procedure.steps_text = "Nộp hồ sơ tại quầy\n\nNhận kết quả theo giấy hẹn"
    procedure.conditions = "Người thành lập doanh nghiệp đủ 18 tuổi."
    procedure.save()

    page = client.get(f"/thu-tuc/{procedure.code}/").content.decode()

    assert f'<a class="doc-form" href="{form}" rel="noopener" download>Tải mẫu đơn, tờ khai</a>' in page
    assert page.count('class="doc-form"') == 1  # only the document that has a form
    assert "<h2>Trình tự thực hiện</h2>" in page
    assert '<ol class="card steps"><li>Nộp hồ sơ tại quầy</li><li>Nhận kết quả theo giấy hẹn</li></ol>' in page
    assert "<h2>Yêu cầu, điều kiện thực hiện</h2>" in page and "đủ 18 tuổi" in page


def test_a_procedure_without_them_still_says_how_to_proceed(client, procedure):
    page = client.get(f"/thu-tuc/{procedure.code}/").content.decode()
    assert "<h2>Trình tự thực hiện</h2>" in page and "cấp giấy tiếp nhận có ghi ngày hẹn trả" in page
    assert "Không có yêu cầu, điều kiện nào ngoài các giấy tờ nêu trên." in page
