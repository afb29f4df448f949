"""The labelled training set for category suggestion: written by the Danvan project, not collected.

Each case category of the cases app (``danvan/cases/categories.py``) has a phrase bank below: what people
complain about, where, what they ask for. ``generate()`` combines them through a handful of letter shapes
(a formal petition, a short hotline note, a story told at the reception desk), with a fixed seed, and writes
about a quarter of the texts without diacritics (as typed on phones without a Vietnamese keyboard). The
result is shipped as ``danvan/analytics/data/categories.csv`` (columns ``category,text``) under the
project's licence (AGPL-3.0-or-later); rebuild it with ``python -m danvan.analytics.dataset``.

No real person, letter or case is in it: names are left out on purpose.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

from danvan.core.text import fold

DATA_DIR = Path(__file__).resolve().parent / "data"
DATASET_PATH = DATA_DIR / "categories.csv"
SEED = 2026
PER_CATEGORY = 110

# category code → (issues, details, requests). Issues are the core; details add context; requests close.
BANKS: dict[str, tuple[list[str], list[str], list[str]]] = {
    "dat_dai": (
        [
            "quyết định thu hồi đất nông nghiệp của gia đình",
            "mức bồi thường khi giải phóng mặt bằng làm đường",
            "giá đất tái định cư cao hơn tiền bồi thường",
            "việc cấp giấy chứng nhận quyền sử dụng đất bị chậm",
            "tranh chấp ranh giới thửa đất với hộ liền kề",
            "đo đạc sai diện tích sổ đỏ",
            "không được hỗ trợ chuyển đổi nghề khi bị thu hồi đất",
            "lấn chiếm đất công làm nhà",
            "chưa được giao đất tái định cư sau khi bàn giao mặt bằng",
            "điều chỉnh biến động, tách thửa đất ở",
            "áp giá bồi thường cây trồng, hoa màu quá thấp",
            "chuyển mục đích sử dụng đất vườn sang đất ở",
            "quy hoạch treo nhiều năm không cho xây dựng, không cho chuyển nhượng",
        ],
        [
            "diện tích bị thu hồi khoảng 300 mét vuông",
            "hồ sơ địa chính đã nộp từ năm ngoái",
            "nhiều hộ trong ấp cùng bị ảnh hưởng",
            "dự án mở rộng đường liên xã",
            "khu tái định cư chưa có hạ tầng",
            "phương án bồi thường không được niêm yết công khai",
            "văn phòng đăng ký đất đai hẹn nhiều lần",
        ],
        [
            "đề nghị xem xét lại quyết định bồi thường",
            "đề nghị đo đạc lại thửa đất",
            "đề nghị cấp giấy chứng nhận quyền sử dụng đất",
            "đề nghị giải quyết dứt điểm tranh chấp đất",
            "đề nghị bố trí đất tái định cư",
        ],
    ),
    "nha_o_xay_dung": (
        [
            "công trình xây dựng không phép trong hẻm",
            "nhà bên cạnh xây thêm tầng làm nứt tường",
            "vật liệu xây dựng đổ lấn chiếm vỉa hè",
            "công trình sai giấy phép xây dựng",
            "trật tự đô thị, quán xá lấn chiếm lòng đường",
            "chung cư cũ xuống cấp nguy hiểm",
            "cấp phép sửa chữa nhà ở bị kéo dài",
            "công trình xây dựng gây tiếng ồn ban đêm",
            "nhà xây lấn sang phần hẻm chung",
            "giàn giáo công trình không che chắn, rơi vật liệu",
            "phí quản lý vận hành nhà chung cư tăng bất hợp lý",
            "xây dựng nhà trên đất nông nghiệp trái phép",
        ],
        [
            "khu dân cư đông người qua lại",
            "đã báo tổ trưởng tổ dân phố nhưng chưa xử lý",
            "xe chở vật liệu ra vào cả ngày",
            "trẻ em đi học phải đi xuống lòng đường",
            "thanh tra xây dựng đã lập biên bản nhưng công trình vẫn thi công",
            "tường nhà tôi xuất hiện nhiều vết nứt",
        ],
        [
            "đề nghị kiểm tra, xử lý công trình vi phạm",
            "đề nghị đình chỉ thi công",
            "đề nghị buộc tháo dỡ phần xây dựng sai phép",
            "đề nghị lập lại trật tự đô thị",
            "đề nghị giải quyết cấp phép xây dựng",
        ],
    ),
    "chinh_sach_xa_hoi": (
        [
            "không có tên trong danh sách hộ cận nghèo",
            "chế độ người có công với cách mạng chưa được giải quyết",
            "trợ cấp xã hội cho người cao tuổi bị cắt",
            "hỗ trợ người khuyết tật chậm chi trả",
            "bảo hiểm y tế hộ nghèo chưa được cấp thẻ",
            "xét duyệt hộ nghèo không công khai",
            "tiền hỗ trợ thiên tai chưa nhận được",
            "chế độ thương binh, liệt sĩ của gia đình",
            "trợ cấp cho trẻ em mồ côi",
            "hỗ trợ sửa chữa nhà cho hộ khó khăn",
            "lương hưu và trợ cấp bảo hiểm xã hội bị chậm",
            "bình xét gia đình chính sách thiếu minh bạch",
        ],
        [
            "gia đình có hai người già bệnh",
            "thu nhập bấp bênh, không có việc làm ổn định",
            "hồ sơ đề nghị đã nộp cho cán bộ lao động thương binh xã hội",
            "trong ấp có hộ khá giả vẫn được xét",
            "cụ năm nay đã ngoài 80 tuổi",
        ],
        [
            "đề nghị xem xét đưa vào danh sách",
            "đề nghị giải quyết chế độ theo quy định",
            "đề nghị chi trả trợ cấp còn thiếu",
            "đề nghị công khai kết quả bình xét",
        ],
    ),
    "moi_truong": (
        [
            "ô nhiễm mùi hôi từ trại chăn nuôi heo",
            "rác thải sinh hoạt không được thu gom",
            "nước thải của nhà máy xả ra kênh",
            "khói bụi từ lò gạch, lò than",
            "kênh thoát nước bị bồi lắng gây ngập",
            "cơ sở sản xuất gây tiếng ồn, bụi",
            "cá chết hàng loạt trên sông",
            "đốt rác, đốt rơm rạ gây khói",
            "bãi rác tự phát gần khu dân cư",
            "khai thác cát trái phép làm sạt lở bờ sông",
            "nước sinh hoạt có mùi, đục",
            "chặt phá cây xanh trên đường",
        ],
        [
            "bốc mùi nhiều ngày nay",
            "ruồi muỗi nhiều, trẻ nhỏ bị bệnh",
            "mỗi khi mưa lớn nước tràn vào nhà dân",
            "người dân đã nhiều lần phản ánh",
            "ban đêm xả thải nên khó phát hiện",
        ],
        [
            "đề nghị kiểm tra, xử lý cơ sở gây ô nhiễm",
            "đề nghị nạo vét kênh thoát nước",
            "đề nghị bố trí thu gom rác thường xuyên",
            "đề nghị lấy mẫu nước kiểm định",
        ],
    ),
    "cong_chuc_cong_vu": (
        [
            "thái độ của cán bộ bộ phận một cửa thiếu tôn trọng",
            "cán bộ hẹn nhiều lần không giải quyết hồ sơ",
            "công chức đi làm muộn, về sớm",
            "cán bộ tiếp dân nói năng hách dịch",
            "công chức không đeo thẻ, không rõ ai tiếp nhận",
            "cán bộ phường gây phiền hà khi xác nhận giấy tờ",
            "cán bộ sử dụng điện thoại riêng trong giờ tiếp dân",
            "trưởng ấp không phổ biến thông tin cho dân",
            "cán bộ từ chối nhận hồ sơ không nêu lý do",
            "thiếu trách nhiệm trong thực thi công vụ",
        ],
        [
            "tôi phải đi lại nhiều lần",
            "có nhiều người dân cùng chứng kiến",
            "sự việc xảy ra vào buổi sáng thứ hai",
            "không được hướng dẫn rõ ràng",
        ],
        [
            "đề nghị chấn chỉnh lề lối làm việc",
            "đề nghị kiểm điểm cán bộ",
            "đề nghị thủ trưởng cơ quan xem xét trách nhiệm",
        ],
    ),
    "tham_nhung_tieu_cuc": (
        [
            "cán bộ địa chính nhận tiền của dân để làm nhanh hồ sơ",
            "lập khống danh sách nhận hỗ trợ để chiếm đoạt tiền",
            "chiếm dụng tiền bồi thường của người dân",
            "đấu thầu công trình có dấu hiệu thông thầu",
            "thu tiền ngoài quy định khi cấp giấy tờ",
            "công trình đường giao thông rút ruột vật tư",
            "lãnh đạo xã giao đất công cho người nhà",
            "nhận hối lộ để bỏ qua vi phạm",
            "sử dụng xe công, tài sản công vào việc riêng",
            "cấu kết với doanh nghiệp nâng khống giá",
            "bán đất công trái thẩm quyền",
        ],
        [
            "có người làm chứng",
            "có hình ảnh, ghi âm kèm theo",
            "số tiền khoảng vài chục triệu đồng",
            "việc diễn ra nhiều năm nay",
            "công trình mới làm đã hư hỏng",
        ],
        [
            "đề nghị thanh tra làm rõ",
            "đề nghị xử lý nghiêm người vi phạm",
            "đề nghị thu hồi tiền chiếm đoạt",
            "đề nghị giữ bí mật thông tin người tố cáo",
        ],
    ),
    "tu_phap": (
        [
            "bản án dân sự đã có hiệu lực nhưng chưa được thi hành",
            "chi cục thi hành án chậm kê biên tài sản",
            "chứng thực hợp đồng mua bán bị từ chối",
            "đăng ký khai sinh, hộ tịch cho con bị chậm",
            "hòa giải ở cơ sở không khách quan",
            "cưỡng chế thi hành án sai đối tượng",
            "trích lục hộ tịch ghi sai thông tin",
            "đăng ký kết hôn có yếu tố nước ngoài kéo dài",
            "chấp hành viên không trả tiền thi hành án cho người được thi hành",
            "trợ giúp pháp lý cho người nghèo",
        ],
        [
            "bản án tuyên từ hai năm trước",
            "người phải thi hành án vẫn chuyển nhượng tài sản",
            "tôi đã nộp đơn yêu cầu thi hành án",
            "giấy tờ ghi sai họ tên, ngày sinh",
        ],
        [
            "đề nghị tổ chức thi hành án",
            "đề nghị cải chính thông tin hộ tịch",
            "đề nghị xem xét lại việc cưỡng chế",
            "đề nghị hướng dẫn thủ tục",
        ],
    ),
    "dang_doan_the": (
        [
            "đảng viên sinh hoạt chi bộ không đầy đủ",
            "việc kết nạp đảng viên không đúng quy trình",
            "chi hội phụ nữ thu quỹ không công khai",
            "hội nông dân cho vay vốn không minh bạch",
            "đoàn thanh niên tổ chức sinh hoạt hình thức",
            "đảng viên vi phạm quy định những điều đảng viên không được làm",
            "hội cựu chiến binh bầu cử ban chấp hành",
            "mặt trận tổ quốc giám sát chưa sát dân",
            "chi bộ ấp chưa lắng nghe ý kiến quần chúng",
            "đảng phí, hội phí thu không đúng quy định",
        ],
        [
            "hội viên nhiều lần đề nghị",
            "tại buổi sinh hoạt chi bộ tháng trước",
            "nhiều đoàn viên không đồng tình",
        ],
        [
            "đề nghị cấp ủy xem xét",
            "đề nghị ủy ban kiểm tra đảng ủy làm rõ",
            "đề nghị công khai thu chi quỹ hội",
        ],
    ),
    "thu_tuc_hanh_chinh": (
        [
            "hồ sơ dịch vụ công trực tuyến bị trả lại nhiều lần",
            "thủ tục cấp căn cước, định danh điện tử chậm",
            "đăng ký thường trú, tạm trú phải bổ sung giấy tờ",
            "giấy phép kinh doanh hộ cá thể quá hạn chưa trả",
            "cổng dịch vụ công bị lỗi không nộp được hồ sơ",
            "thủ tục chứng thực bản sao yêu cầu quá nhiều giấy tờ",
            "thời gian trả kết quả hồ sơ trễ hẹn",
            "phí, lệ phí thủ tục không niêm yết",
            "thủ tục đăng ký xe, sang tên chậm",
            "bộ phận tiếp nhận và trả kết quả thiếu hướng dẫn",
        ],
        [
            "phiếu hẹn ghi trả kết quả từ tuần trước",
            "tôi đã nộp đủ thành phần hồ sơ",
            "mỗi lần đến lại được yêu cầu một loại giấy khác",
            "không có văn bản nêu lý do",
        ],
        [
            "đề nghị giải quyết đúng hạn",
            "đề nghị hướng dẫn một lần đầy đủ",
            "đề nghị đơn giản hóa thủ tục",
            "đề nghị trả kết quả và xin lỗi theo quy định",
        ],
    ),
    "an_ninh_trat_tu": (
        [
            "tụ tập thanh niên đua xe ban đêm",
            "trộm cắp tài sản xảy ra liên tiếp trong xóm",
            "tệ nạn cờ bạc, số đề tại quán nước",
            "karaoke hát lớn sau 22 giờ",
            "đánh nhau, gây rối trật tự công cộng",
            "cho vay nặng lãi, đòi nợ kiểu xã hội đen",
            "buôn bán ma túy gần trường học",
            "người lạ tạm trú không khai báo",
            "đốt pháo, sử dụng vật liệu nổ",
            "tai nạn giao thông tại ngã tư không có đèn tín hiệu",
            "lừa đảo qua điện thoại, mạng xã hội",
        ],
        [
            "người dân sống trong lo sợ",
            "đã báo công an xã nhưng tình trạng vẫn tiếp diễn",
            "xảy ra vào ban đêm",
            "nhiều hộ bị mất xe máy, gà vịt",
        ],
        [
            "đề nghị công an tăng cường tuần tra",
            "đề nghị xử lý nghiêm các đối tượng",
            "đề nghị lắp đặt camera an ninh và đèn tín hiệu",
        ],
    ),
    "khac": (
        [
            "đường giao thông nông thôn xuống cấp, ổ gà",
            "đèn chiếu sáng công cộng bị hư",
            "mất điện thường xuyên",
            "giá dịch vụ internet, truyền hình tăng",
            "trường học thiếu phòng học",
            "lịch tiêm chủng tại trạm y tế không thông báo",
            "cầu khỉ qua kênh nguy hiểm cho học sinh",
            "chợ tạm họp trên đường",
            "thông tin về lịch cắt nước sinh hoạt",
            "góp ý về hoạt động của nhà văn hóa ấp",
            "đề xuất làm sân chơi cho trẻ em",
        ],
        [
            "ảnh hưởng đến đời sống của bà con",
            "đã lâu nhưng chưa được khắc phục",
            "người dân rất mong được quan tâm",
        ],
        [
            "đề nghị các cơ quan quan tâm giải quyết",
            "đề nghị sửa chữa sớm",
            "đề nghị thông báo rộng rãi cho người dân",
        ],
    ),
}

PLACES = [
    "tại ấp Thới An",
    "ở khu vực 3",
    "tại tổ dân phố số 5",
    "ở ấp Mỹ Phụng",
    "tại khu vực Bình Thường B",
    "ở thôn Nà Khum",
    "tại bản Sin Suối Hồ",
    "ở khu vực chợ",
    "trên địa bàn phường",
    "tại xã",
    "",
]

OPENERS = [
    "Kính gửi Ủy ban nhân dân. Tôi xin trình bày về {issue}",
    "Tôi viết đơn này để phản ánh {issue}",
    "Gia đình tôi có ý kiến về {issue}",
    "Người dân chúng tôi bức xúc về {issue}",
    "Xin phản ánh {issue}",
    "{issue}",
    "Kiến nghị về {issue}",
    "Tôi khiếu nại {issue}",
    "Qua đường dây nóng, người dân báo {issue}",
]

SHAPES = [
    "{opener} {place}. {detail}, {request}.",
    "{opener} {place}. {request}.",
    "{opener}, {detail}. {request}.",
    "{opener} {place}, {detail}. {detail2}. Kính {request}.",
    "{opener}. {request}",
]


def generate(*, per_category: int = PER_CATEGORY, seed: int = SEED) -> list[tuple[str, str]]:
    """(category code, text) rows, deterministic for a seed."""
    rng = random.Random(seed)
    rows: list[tuple[str, str]] = []
    for code, (issues, details, requests) in BANKS.items():
        seen: set[str] = set()
        attempts = 0
        while len([r for r in rows if r[0] == code]) < per_category and attempts < per_category * 20:
            attempts += 1
            detail, detail2 = rng.sample(details, 2) if len(details) > 1 else (details[0], details[0])
            opener = rng.choice(OPENERS).format(issue=rng.choice(issues))
            text = rng.choice(SHAPES).format(
                opener=opener,
                place=rng.choice(PLACES),
                detail=detail,
                detail2=detail2,
                request=rng.choice(requests),
            )
            text = " ".join(text.replace(" .", ".").replace(" ,", ",").split())
            text = text[0].upper() + text[1:]
            if rng.random() < 0.25:
                text = fold(text)  # typed without diacritics
            if text in seen:
                continue
            seen.add(text)
            rows.append((code, text))
    return rows


def write(path: Path = DATASET_PATH, rows: list[tuple[str, str]] | None = None) -> int:
    rows = rows if rows is not None else generate()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["category", "text"])
        writer.writerows(rows)
    return len(rows)


def load(path: Path = DATASET_PATH) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [(row["category"], row["text"]) for row in csv.DictReader(handle)]


if __name__ == "__main__":  # pragma: no cover
    import sys

    sys.stdout.write(f"{write()} rows\n")
