"""Seed categories (DESIGN.md §4; DOMAIN.md §8). Pure data: administrators edit them afterwards."""

# code, name, sort order
CATEGORIES = [
    ("dat_dai", "Đất đai, bồi thường, giải phóng mặt bằng, tái định cư", 10),
    ("nha_o_xay_dung", "Nhà ở, xây dựng, trật tự đô thị", 20),
    ("chinh_sach_xa_hoi", "Chính sách xã hội, người có công, an sinh", 30),
    ("moi_truong", "Môi trường", 40),
    ("cong_chuc_cong_vu", "Công chức, công vụ", 50),
    ("tham_nhung_tieu_cuc", "Tham nhũng, tiêu cực", 60),
    ("tu_phap", "Tư pháp, thi hành án", 70),
    ("dang_doan_the", "Đảng, đoàn thể", 80),
    ("thu_tuc_hanh_chinh", "Thủ tục hành chính", 90),
    ("an_ninh_trat_tu", "An ninh, trật tự", 100),
    ("khac", "Khác", 999),
]
