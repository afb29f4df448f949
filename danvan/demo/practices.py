"""Demo data for practices: 36 "Dân vận khéo" models and exemplars in the communes of Lai Châu and Cần Thơ, in
every state of the workflow (registered, under review, recognised at commune or province level, not recognised),
with commendations decided around 15/10/2026 (Ngày truyền thống công tác Dân vận), replications in other
communes, and a handful of news items. Made through the services; idempotent (matched by title and commune)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from danvan.accounts.models import User
from danvan.core.clock import local_date
from danvan.demo.personas import REMOTE_PROVINCE, URBAN_PROVINCE
from danvan.organizations.models import Organization
from danvan.practices.models import Level, NewsItem, Practice, Review
from danvan.practices.services import (
    CommendationInput,
    NewsInput,
    PracticeInput,
    ResultInput,
    commendation_add,
    criteria_sets_seed,
    news_create,
    news_publish,
    practice_not_recognise,
    practice_recognise,
    practice_register,
    replication_add,
    review_open,
    review_score,
)
from danvan.territory.models import AdministrativeUnit

# (commune code, title, field, holder, organisation kind, holder name, description, results)
# results: (indicator, baseline, result, unit of measure)
MODELS = [
    (
        "03390",
        "Bản không có ma túy, tội phạm",
        "quoc_phong_an_ninh",
        "tap_the",
        "police",
        "Công an xã và Ban công tác Mặt trận bản Bình Lư",
        "Công an xã phối hợp trưởng bản, người có uy tín ký cam kết với từng hộ; tổ tự quản tuần tra đêm, "
        "phát hiện sớm người lạ mang ma túy vào bản.",
        [("Người nghiện trong bản", 9, 1, "người"), ("Vụ phạm pháp hình sự", 4, 0, "vụ/năm")],
    ),
    (
        "03390",
        "Dân vận khéo trong xóa nhà tạm cho hộ nghèo",
        "van_hoa_xa_hoi",
        "tap_the",
        "mttq",
        "Ủy ban Mặt trận Tổ quốc xã Bình Lư",
        "Mặt trận vận động doanh nghiệp, con em đi làm xa góp tiền; bà con trong bản góp ngày công dựng nhà.",
        [("Nhà tạm được xóa", 0, 37, "căn"), ("Ngày công nhân dân đóng góp", 0, 1480, "ngày công")],
    ),
    (
        "03394",
        "Hội viên phụ nữ giúp nhau trồng chè Shan tuyết",
        "kinh_te",
        "tap_the",
        "women_union",
        "Chi hội Phụ nữ bản Thào Phìn",
        "Chi hội chia tổ 5 hộ, hộ khá hướng dẫn hộ nghèo ươm giống, chăm sóc và hái chè đúng kỹ thuật.",
        [("Diện tích chè", 12, 46, "ha"), ("Thu nhập bình quân hộ", 18, 42, "triệu đồng/năm")],
    ),
    (
        "03394",
        "Đổi đất làm đường liên bản – người dân tự nguyện hiến đất",
        "nong_thon_moi",
        "tap_the",
        "mttq",
        "Ban công tác Mặt trận bản Sin Suối Hồ",
        "Cán bộ xã họp từng nhóm hộ, đo đạc công khai; hộ hiến đất được bản hỗ trợ ngày công dựng lại hàng rào.",
        [("Đất người dân hiến", 0, 5200, "m²"), ("Đường bê tông liên bản", 0, 3.2, "km")],
    ),
    (
        "03390",
        "Người có uy tín hòa giải mâu thuẫn ở cơ sở",
        "quoc_phong_an_ninh",
        "ca_nhan",
        "mttq",
        "Ông Lò Văn Pọm, người có uy tín bản Nà Khum",
        "Ông đến từng nhà nghe hai bên trình bày, hòa giải bằng lý lẽ và hương ước của bản trước khi việc lên xã.",
        [("Vụ việc hòa giải thành", 0, 23, "vụ")],
    ),
    (
        "03445",
        "Vận động đồng bào bỏ tục thách cưới, tảo hôn",
        "van_hoa_xa_hoi",
        "tap_the",
        "women_union",
        "Hội Liên hiệp Phụ nữ xã Mường Tè",
        "Hội phụ nữ cùng già làng đưa quy định về cưới hỏi vào hương ước, tuyên truyền bằng tiếng dân tộc "
        "tại nhà văn hóa.",
        [("Cặp tảo hôn", 11, 2, "cặp/năm")],
    ),
    (
        "03445",
        "Nuôi cá lồng trên lòng hồ thủy điện",
        "kinh_te",
        "tap_the",
        "farmers_union",
        "Tổ hợp tác nuôi cá lồng bản Nậm Hàng",
        "Hội Nông dân hướng dẫn vay vốn, làm lồng, chọn giống; các hộ thay phiên canh lồng và bán chung.",
        [("Lồng cá", 6, 84, "lồng"), ("Hộ tham gia", 3, 29, "hộ")],
    ),
    (
        "03388",
        "Chi bộ gắn với Ban công tác Mặt trận – cùng ăn, cùng ở, cùng làm với dân",
        "xay_dung_dang",
        "tap_the",
        "party_committee",
        "Chi bộ tổ dân phố số 5, phường Đoàn Kết",
        "Đảng viên nhận phụ trách hộ, nắm tâm tư, phản ánh kịp thời lên chi bộ; họp chi bộ mở có đại diện nhân dân.",
        [("Kiến nghị của dân được giải quyết", 0, 41, "kiến nghị")],
    ),
    (
        "03445",
        "Thanh niên tình nguyện dạy chữ cho đồng bào",
        "van_hoa_xa_hoi",
        "tap_the",
        "youth_union",
        "Đoàn Thanh niên xã Mường Tè",
        "Đoàn viên mở lớp xóa mù chữ buổi tối, dạy bằng song ngữ, kết hợp hướng dẫn dùng điện thoại thông minh.",
        [("Người biết đọc, biết viết", 0, 64, "người")],
    ),
    (
        "03394",
        "Trồng sâm Lai Châu dưới tán rừng gắn với bảo vệ rừng",
        "kinh_te",
        "tap_the",
        "farmers_union",
        "Hợp tác xã sâm Sin Suối Hồ",
        "Hợp tác xã giao khoán rừng cho hộ, hộ trồng sâm dưới tán và cùng canh giữ rừng đầu nguồn.",
        [("Diện tích rừng được bảo vệ", 150, 420, "ha"), ("Hộ xã viên", 12, 58, "hộ")],
    ),
    (
        "03388",
        "Cựu chiến binh giúp nhau thoát nghèo bằng chăn nuôi bò",
        "kinh_te",
        "tap_the",
        "veterans_association",
        "Hội Cựu chiến binh phường Đoàn Kết",
        "Hội lập quỹ bò giống xoay vòng: hộ nhận bò trả lại con bê đầu tiên cho hộ kế tiếp.",
        [("Hộ hội viên thoát nghèo", 0, 17, "hộ")],
    ),
    (
        "03390",
        "Tổ tự quản vệ sinh môi trường bản văn hóa",
        "nong_thon_moi",
        "tap_the",
        "women_union",
        "Chi hội Phụ nữ bản Hua Bó",
        "Mỗi tổ 10 hộ thay phiên quét dọn, thu gom rác về hố đốt tập trung; chấm điểm hộ sạch hằng tháng.",
        [("Hộ có nhà tiêu hợp vệ sinh", 34, 88, "%")],
    ),
    (
        "03394",
        "Nước sạch về bản – cả bản cùng góp công",
        "nong_thon_moi",
        "tap_the",
        "mttq",
        "Ban công tác Mặt trận bản Thào Phìn",
        "Bà con góp công đào mương, kéo ống từ khe suối về bể chung; tổ tự quản thu phí nhỏ để sửa chữa.",
        [("Hộ dùng nước sạch", 21, 96, "hộ")],
    ),
    (
        "03388",
        "Đi từng ngõ, gõ từng nhà hướng dẫn cài đặt định danh điện tử",
        "xay_dung_dang",
        "tap_the",
        "ubnd",
        "Tổ công nghệ số cộng đồng phường Đoàn Kết",
        "Cán bộ phường, công an và đoàn viên đến từng hộ hướng dẫn kích hoạt định danh điện tử và nộp hồ sơ "
        "trực tuyến.",
        [("Tài khoản định danh mức 2 được kích hoạt", 1200, 6350, "tài khoản")],
    ),
    (
        "03445",
        "Phụ nữ Mường Tè giữ gìn nghề dệt thổ cẩm",
        "van_hoa_xa_hoi",
        "tap_the",
        "women_union",
        "Tổ dệt thổ cẩm bản Mường Tè",
        "Người lớn tuổi truyền nghề cho con cháu, hội phụ nữ kết nối bán sản phẩm cho khách du lịch.",
        [("Người biết dệt", 8, 35, "người")],
    ),
    (
        "03388",
        "Khu dân cư tự quản về an ninh trật tự",
        "quoc_phong_an_ninh",
        "tap_the",
        "police",
        "Công an phường và tổ dân phố số 9, phường Đoàn Kết",
        "Tổ dân phố lập nhóm liên lạc, báo tin nhanh cho công an phường; họp tổ hằng tháng rút kinh nghiệm.",
        [("Vụ trộm cắp tài sản", 14, 3, "vụ/năm")],
    ),
    (
        "03445",
        "Cô giáo cắm bản vận động học sinh ra lớp",
        "van_hoa_xa_hoi",
        "ca_nhan",
        "ubnd",
        "Cô giáo Tòng Thị Hoa, điểm trường bản Nậm Hàng",
        "Cô đến từng nhà thuyết phục cha mẹ cho con đi học, nấu cơm trưa cho học sinh ở xa.",
        [("Học sinh bỏ học", 12, 0, "em")],
    ),
    (
        "03394",
        "Bí thư chi bộ tiên phong chuyển đổi cây trồng",
        "kinh_te",
        "ca_nhan",
        "party_committee",
        "Đồng chí Giàng A Chứ, Bí thư chi bộ bản Sin Suối Hồ",
        "Trồng thử thảo quả, sâm trên đất nhà mình rồi hướng dẫn bà con làm theo.",
        [("Hộ chuyển đổi cây trồng", 0, 43, "hộ")],
    ),
    (
        "31135",
        "Camera an ninh – Đường phố bình yên",
        "quoc_phong_an_ninh",
        "tap_the",
        "police",
        "Công an phường Ninh Kiều và các khu vực",
        "Các hộ góp tiền lắp camera ở đầu hẻm, kết nối với công an phường; tổ bảo vệ dân phố trực theo ca.",
        [("Camera được lắp", 0, 214, "camera"), ("Vụ trộm cắp", 38, 9, "vụ/năm")],
    ),
    (
        "31186",
        "Chợ nổi văn minh, thân thiện với du khách",
        "kinh_te",
        "tap_the",
        "women_union",
        "Chi hội Phụ nữ chợ nổi Cái Răng",
        "Hội viên cam kết niêm yết giá, không chèo kéo, thu gom rác trên ghe; tổ tự quản nhắc nhở nhau hằng ngày.",
        [("Ghe cam kết niêm yết giá", 40, 310, "ghe")],
    ),
    (
        "31135",
        "Hẻm sạch, hẻm xanh, hẻm an toàn",
        "nong_thon_moi",
        "tap_the",
        "mttq",
        "Ban công tác Mặt trận khu vực 2",
        "Người dân góp tiền, góp công trồng cây, lắp đèn chiếu sáng và giữ vệ sinh hẻm; bình chọn hẻm kiểu mẫu.",
        [("Hẻm đạt kiểu mẫu", 2, 27, "hẻm")],
    ),
    (
        "31186",
        "Dân vận khéo trong giải phóng mặt bằng tuyến đường ven sông",
        "kinh_te",
        "tap_the",
        "ubnd",
        "Ủy ban nhân dân phường Cái Răng",
        "Tổ công tác đối thoại với từng hộ, công khai phương án bồi thường, giải quyết dứt điểm kiến nghị "
        "trước khi thu hồi.",
        [("Hộ bàn giao mặt bằng đúng hạn", 0, 126, "hộ"), ("Khiếu nại phát sinh", 0, 2, "đơn")],
    ),
    (
        "31135",
        "Bếp ăn tình thương cho bệnh nhân nghèo",
        "van_hoa_xa_hoi",
        "tap_the",
        "women_union",
        "Hội Liên hiệp Phụ nữ phường Ninh Kiều",
        "Hội viên thay phiên nấu ăn, vận động nhà hảo tâm góp gạo, rau; phát suất ăn miễn phí tại bệnh viện.",
        [("Suất ăn mỗi tháng", 0, 4200, "suất")],
    ),
    (
        "31299",
        "Tổ hợp tác trồng sầu riêng đạt chuẩn xuất khẩu",
        "kinh_te",
        "tap_the",
        "farmers_union",
        "Tổ hợp tác sầu riêng ấp Nhơn Lộc",
        "Hội Nông dân liên kết doanh nghiệp, hướng dẫn ghi nhật ký canh tác và cấp mã số vùng trồng.",
        [("Diện tích có mã số vùng trồng", 0, 62, "ha")],
    ),
    (
        "31299",
        "Xây cầu nông thôn từ sức dân",
        "nong_thon_moi",
        "tap_the",
        "mttq",
        "Ủy ban Mặt trận Tổ quốc xã Phong Điền",
        "Mặt trận vận động con em xa quê và bà con góp tiền, góp công thay cầu khỉ bằng cầu bê tông.",
        [("Cầu bê tông", 0, 14, "cây cầu")],
    ),
    (
        "31135",
        "Một cửa thân thiện – trả kết quả tại nhà cho người cao tuổi",
        "xay_dung_dang",
        "tap_the",
        "ubnd",
        "Bộ phận một cửa phường Ninh Kiều",
        "Công chức nhận và trả hồ sơ tại nhà cho người cao tuổi, người khuyết tật; nhắn tin báo tiến độ.",
        [("Hồ sơ trả tại nhà", 0, 540, "hồ sơ")],
    ),
    (
        "31186",
        "Thanh niên tình nguyện hướng dẫn dịch vụ công trực tuyến",
        "xay_dung_dang",
        "tap_the",
        "youth_union",
        "Đoàn Thanh niên phường Cái Răng",
        "Đoàn viên trực tại bộ phận một cửa hướng dẫn người dân nộp hồ sơ trực tuyến, thanh toán không dùng tiền mặt.",
        [("Tỷ lệ hồ sơ nộp trực tuyến", 21, 74, "%")],
    ),
    (
        "31299",
        "Cựu chiến binh làm kinh tế giỏi, giúp đồng đội",
        "kinh_te",
        "ca_nhan",
        "veterans_association",
        "Ông Trần Văn Út, hội viên Cựu chiến binh xã Phong Điền",
        "Ông cho đồng đội mượn vốn không lấy lãi, hướng dẫn kỹ thuật trồng chôm chôm, nhận lao động nghèo vào làm.",
        [("Lao động có việc làm", 0, 18, "người")],
    ),
    (
        "31186",
        "Phụ nữ phân loại rác tại nguồn",
        "nong_thon_moi",
        "tap_the",
        "women_union",
        "Chi hội Phụ nữ khu vực Yên Thượng",
        "Mỗi hộ có hai thùng rác, hội viên bán phế liệu gây quỹ giúp học sinh nghèo.",
        [("Hộ phân loại rác", 15, 410, "hộ")],
    ),
    (
        "31135",
        "Tổ hòa giải “Lắng nghe để thấu hiểu”",
        "quoc_phong_an_ninh",
        "tap_the",
        "mttq",
        "Tổ hòa giải khu vực 3",
        "Tổ hòa giải gồm trưởng khu vực, cựu chiến binh, người cao tuổi; gặp riêng từng bên trước khi ngồi chung.",
        [("Vụ hòa giải thành", 0, 31, "vụ")],
    ),
    (
        "31299",
        "Du lịch miệt vườn gắn với giữ gìn văn hóa",
        "kinh_te",
        "tap_the",
        "farmers_union",
        "Chi hội Nông dân ấp Mỹ Ái",
        "Nhà vườn liên kết đón khách, giữ nghề làm bánh dân gian, đờn ca tài tử; chia sẻ doanh thu cho quỹ ấp.",
        [("Lượt khách mỗi năm", 2000, 18500, "lượt")],
    ),
    (
        "31135",
        "Nghe dân nói, nói dân hiểu, làm dân tin – đối thoại định kỳ",
        "xay_dung_dang",
        "tap_the",
        "party_committee",
        "Đảng ủy phường Ninh Kiều",
        "Bí thư, Chủ tịch phường đối thoại với dân mỗi quý tại khu vực; trả lời bằng văn bản các kiến nghị chưa xong.",
        [("Kiến nghị được trả lời đúng hạn", 62, 97, "%")],
    ),
    (
        "31186",
        "Tủ sách cộng đồng trên bến đò",
        "van_hoa_xa_hoi",
        "tap_the",
        "youth_union",
        "Chi đoàn khu vực Thạnh Mỹ",
        "Đoàn viên quyên góp sách, đặt tủ sách ở bến đò và nhà văn hóa, tổ chức đọc sách cho thiếu nhi cuối tuần.",
        [("Đầu sách", 0, 2300, "cuốn")],
    ),
    (
        "31299",
        "Quỹ xoay vòng vốn giúp hội viên nông dân",
        "kinh_te",
        "tap_the",
        "farmers_union",
        "Hội Nông dân xã Phong Điền",
        "Hội viên góp quỹ, cho hộ khó khăn vay không lãi mua giống, trả dần sau mỗi vụ.",
        [("Hộ được vay", 0, 74, "hộ")],
    ),
    (
        "31299",
        "Cổng trường an toàn giao thông",
        "quoc_phong_an_ninh",
        "tap_the",
        "police",
        "Công an xã Phong Điền và Hội Cha mẹ học sinh",
        "Phụ huynh cùng công an xã phân luồng giờ tan trường, vận động học sinh đội mũ bảo hiểm.",
        [("Học sinh đội mũ bảo hiểm", 55, 99, "%")],
    ),
    (
        "31135",
        "Người cao tuổi gương mẫu giữ gìn trật tự đô thị",
        "khac",
        "tap_the",
        "mttq",
        "Chi hội Người cao tuổi khu vực 1",
        "Các cụ nhắc nhở hộ kinh doanh không lấn chiếm vỉa hè, làm gương dọn dẹp trước nhà.",
        [("Điểm lấn chiếm vỉa hè", 46, 5, "điểm")],
    ),
]

# What happens to the n-th model (cycled): the workflow state it reaches.
REGISTERED, UNDER_REVIEW, COMMUNE, COMMUNE_THEN_PROVINCE, PROVINCE, NOT_RECOGNISED = range(6)
# The models the news items talk about reach the state the news reports.
STATE_OVERRIDES = {"Nước sạch về bản – cả bản cùng góp công": COMMUNE_THEN_PROVINCE}

NEWS = [
    (
        URBAN_PROVINCE,
        "guong_dien_hinh",
        "Biểu dương 24 mô hình Dân vận khéo nhân Ngày truyền thống công tác Dân vận",
        "Ngày 15/10/2026, thành phố biểu dương các tập thể, cá nhân tiêu biểu trong phong trào thi đua Dân vận khéo.",
        date(2026, 10, 15),
    ),
    (
        REMOTE_PROVINCE,
        "tin_tuc",
        "Lai Châu nhân rộng mô hình nước sạch về bản",
        "Sau khi được công nhận cấp tỉnh, mô hình của bản Thào Phìn đã được nhiều xã vùng cao học tập, áp dụng.",
        date(2026, 10, 28),
    ),
    (
        URBAN_PROVINCE,
        "thong_bao",
        "Thông báo đăng ký mô hình Dân vận khéo năm 2027",
        "Các xã, phường đăng ký mô hình trên hệ thống Dân vận số trước ngày 31/3/2027.",
        date(2026, 11, 10),
    ),
    (
        REMOTE_PROVINCE,
        "tuyen_truyen",
        "Tuyên truyền phòng, chống tảo hôn và hôn nhân cận huyết thống",
        "Các xã vùng cao tổ chức tuyên truyền bằng tiếng dân tộc tại nhà văn hóa bản.",
        date(2026, 11, 3),
    ),
    (
        URBAN_PROVINCE,
        "tin_tuc",
        "Hướng dẫn nhân rộng mô hình “Camera an ninh – Đường phố bình yên”",
        "Tài liệu hướng dẫn cách vận động nhân dân góp kinh phí lắp camera (bản nháp, chưa đăng).",
        None,
    ),
]


def _at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)), timezone.get_default_timezone())


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _actors() -> dict[str, User | None]:
    return {
        REMOTE_PROVINCE: _user("dieuphoi") or _user("lanhdao.laichau"),
        URBAN_PROVINCE: _user("lanhdao.tinh"),
    }


def _scores(review: Review, total_target: int) -> dict[int, int]:
    """Spread ``total_target`` points over the criteria, never above a criterion's maximum."""
    criteria = list(review.criteria_set.criteria.all())
    scores, left = {}, total_target
    for index, criterion in enumerate(criteria):
        share = min(criterion.max_score, round(left / (len(criteria) - index)))
        scores[criterion.pk] = share
        left -= share
    return scores


def _build_one(index: int, entry, unit: AdministrativeUnit, actor: User, others: list[AdministrativeUnit]) -> int:
    org_kind = entry[4]
    registered_on = date(2026, 5, 4) + timedelta(days=(index * 3) % 120)
    organization = Organization.objects.filter(unit=unit, kind__code=org_kind).first()
    practice = _register(index, entry, unit, actor, organization, registered_on)
    state = STATE_OVERRIDES.get(entry[1], index % 6)
    if state == REGISTERED:
        return 0
    review_day = max(registered_on + timedelta(days=20), date(2026, 9, 1))
    level = Level.PROVINCE if state == PROVINCE else Level.COMMUNE
    review = review_open(practice_id=practice.pk, level=level, actor=actor, now=_at(review_day))
    if state == UNDER_REVIEW:
        if index % 12 == 1:  # half of them already scored
            review_score(practice_id=practice.pk, scores=_scores(review, 72), actor=actor, now=_at(review_day, 14))
        return 0
    if state == NOT_RECOGNISED:
        review_score(practice_id=practice.pk, scores=_scores(review, 58), actor=actor, now=_at(review_day, 14))
        practice_not_recognise(
            practice_id=practice.pk,
            actor=actor,
            note="Kết quả chưa rõ, chưa có số liệu đo đếm được; đề nghị bổ sung và đăng ký lại năm sau.",
            now=_at(review_day + timedelta(days=7)),
        )
        return 0
    decided = review_day + timedelta(days=10)
    review_score(practice_id=practice.pk, scores=_scores(review, 84 + index % 12), actor=actor, now=_at(decided, 8))
    practice_recognise(
        practice_id=practice.pk,
        level=level,
        decision_number=f"{100 + index}/QĐ-UBND",
        decision_date=decided,
        actor=actor,
        now=_at(decided, 15),
    )
    if state == COMMUNE_THEN_PROVINCE:
        province_review = review_open(
            practice_id=practice.pk, level=Level.PROVINCE, actor=actor, now=_at(date(2026, 10, 1))
        )
        review_score(
            practice_id=practice.pk,
            scores=_scores(province_review, 86 + index % 10),
            actor=actor,
            now=_at(date(2026, 10, 6)),
        )
        practice_recognise(
            practice_id=practice.pk,
            level=Level.PROVINCE,
            decision_number=f"{2400 + index}/QĐ-UBND",
            decision_date=date(2026, 10, 8),
            actor=actor,
            now=_at(date(2026, 10, 8), 15),
        )
    made = 0
    if state in (COMMUNE_THEN_PROVINCE, PROVINCE):
        province_name = unit.parent.name if unit.parent_id else ""
        commendation_add(
            practice_id=practice.pk,
            data=CommendationInput(
                form="bang_khen" if index % 4 == 0 else "giay_khen",
                level=Level.PROVINCE,
                issuer=f"Ủy ban nhân dân {province_name}",
                decision_number=f"{3100 + index}/QĐ-UBND",
                decision_date=date(2026, 10, 14) + timedelta(days=index % 2),
                note="Biểu dương nhân Ngày truyền thống công tác Dân vận 15/10.",
            ),
            actor=actor,
            now=_at(date(2026, 10, 15), 16),
        )
        for offset, other in enumerate([u for u in others if u.pk != unit.pk][: 1 + index % 3]):
            adopted = date(2026, 10, 20) + timedelta(days=7 * offset + index % 5)
            replication_add(
                practice_id=practice.pk,
                unit=other,
                adopted_on=adopted,
                results="Đã tổ chức học tập kinh nghiệm, triển khai thí điểm ở hai thôn, tổ dân phố.",
                actor=actor,
                now=_at(adopted, 10),
            )
            made += 1
    return made


def _register(index, entry, unit, actor, organization, registered_on) -> Practice:
    _code, title, field, holder, _org_kind, holder_name, description, results = entry
    return practice_register(
        data=PracticeInput(
            title=title,
            field=field,
            holder=holder,
            holder_name=holder_name,
            unit=unit,
            organization=organization,
            period_start=date(2024 + index % 2, 1 + index % 12, 1),
            description=description,
            kind="dien_hinh" if holder == "ca_nhan" else "mo_hinh",
            results=[
                ResultInput(
                    indicator=name,
                    baseline=Decimal(str(before)),
                    result=Decimal(str(after)),
                    unit_of_measure=measure,
                )
                for name, before, after, measure in results
            ],
        ),
        actor=actor,
        now=_at(registered_on, 8 + index % 8),
    )


def _news(actors) -> int:
    made = 0
    for province_code, category, title, summary, published_on in NEWS:
        if NewsItem.objects.filter(title=title).exists():
            continue
        actor = actors.get(province_code)
        organization = Organization.objects.filter(
            unit__code=province_code, unit__level=AdministrativeUnit.Level.PROVINCE, kind__code="tuyen_giao_dan_van"
        ).first()
        if actor is None or organization is None:
            continue
        body = (
            f"{summary}\n\nTheo {organization.name}, phong trào thi đua “Dân vận khéo” tiếp tục được các cấp ủy, "
            "chính quyền quan tâm; nhiều mô hình mang lại kết quả đo đếm được và được nhân rộng."
        )
        item = news_create(
            data=NewsInput(title=title, category=category, summary=summary, body=body, organization=organization),
            actor=actor,
            now=_at(published_on or local_date()),
        )
        if published_on is not None:
            news_publish(news_id=item.pk, actor=actor, published_at=_at(published_on, 10), now=_at(published_on, 10))
        made += 1
    return made


def build() -> str:
    """Create the demo records (idempotent); return a one-line summary for the demo command."""
    criteria_sets_seed()
    actors = _actors()
    units = {
        unit.code: unit
        for unit in AdministrativeUnit.objects.current()
        .filter(level=AdministrativeUnit.Level.COMMUNE, code__in={entry[0] for entry in MODELS})
        .select_related("parent")
    }
    created = replications = 0
    for index, entry in enumerate(MODELS):
        unit = units.get(entry[0])
        if unit is None:
            continue
        province_code = REMOTE_PROVINCE if unit.path.startswith(f"/{REMOTE_PROVINCE}/") else URBAN_PROVINCE
        actor = actors.get(province_code)
        if actor is None or Practice.objects.filter(title=entry[1], unit=unit).exists():
            continue
        others = sorted((u for u in units.values() if u.parent_id == unit.parent_id), key=lambda u: u.code)
        replications += _build_one(index, entry, unit, actor, others)
        created += 1
    news = _news(actors)
    if not (created or news):
        return ""
    recognised = Practice.objects.exclude(recognised_level="").count()
    return (
        f"Dân vận khéo: {created} mô hình mới ({recognised} đã công nhận), {replications} lượt nhân rộng, "
        f"{news} tin tức."
    )
