"""Near-duplicate detection on planted copies, and none on distinct texts (pure; no database)."""

import hashlib
import random

from judging.similarity import (
    DossierText,
    FileMatch,
    candidate_pairs,
    find_duplicates,
    fold,
    record_shingles,
)

DISTINCT = [
    {
        "title": "Nền tảng thanh toán số cho hộ kinh doanh nhỏ",
        "summary": (
            "Ứng dụng giúp hơn mười hai nghìn hộ kinh doanh tại Đà Nẵng nhận thanh toán bằng mã "
            "QR, quản lý công nợ và xuất hóa đơn điện tử ngay trên điện thoại. Người bán không "
            "cần máy tính tiền; mọi giao dịch được đối soát tự động với ngân hàng vào cuối ngày."
        ),
        "description": (
            "Chúng tôi bắt đầu thí điểm tại chợ Hàn năm 2024 với ba trăm tiểu thương. Sau mười "
            "tám tháng, thời gian chốt sổ mỗi tối giảm từ bốn mươi phút xuống còn năm phút, tỷ "
            "lệ sai sót khi ghi nợ gần như bằng không."
        ),
    },
    {
        "title": "Cổng dịch vụ công trực tuyến cấp xã tỉnh Lào Cai",
        "summary": (
            "Người dân vùng cao nộp hồ sơ khai sinh, đăng ký thường trú và xin xác nhận tình "
            "trạng hôn nhân qua cổng trực tuyến, có hướng dẫn bằng tiếng H'Mông và tiếng Dao. "
            "Cán bộ một cửa xử lý hồ sơ trên máy tính bảng khi đi công tác ở thôn bản."
        ),
        "description": (
            "Năm 2025, chín mươi phần trăm thủ tục cấp xã của huyện Bát Xát được tiếp nhận qua "
            "mạng; số lần người dân phải đi lại trung bình giảm từ ba lần xuống một lần."
        ),
    },
    {
        "title": "Hồ sơ sức khỏe điện tử liên thông bệnh viện tuyến huyện",
        "summary": (
            "Hệ thống cho phép bác sĩ tuyến huyện xem kết quả xét nghiệm, phim chụp và đơn "
            "thuốc của bệnh nhân từ các trạm y tế xã, giảm chỉ định trùng lặp và rút ngắn thời "
            "gian chờ khám. Dữ liệu được mã hóa và chỉ mở khi người bệnh đồng ý."
        ),
        "description": (
            "Triển khai tại mười bốn bệnh viện ở Nghệ An, mỗi tháng hơn tám mươi nghìn lượt "
            "khám sử dụng hồ sơ liên thông; chi phí xét nghiệm lặp lại giảm mười bảy phần trăm."
        ),
    },
    {
        "title": "Truy xuất nguồn gốc sầu riêng xuất khẩu bằng chuỗi khối",
        "summary": (
            "Mỗi thùng sầu riêng từ Đắk Lắk mang một tem định danh ghi lại vùng trồng, ngày thu "
            "hoạch, kết quả kiểm nghiệm dư lượng và chuyến xe lạnh, để nhà nhập khẩu kiểm tra "
            "trước khi thông quan. Nông dân nhận tiền sớm hơn nhờ hợp đồng được số hóa."
        ),
        "description": (
            "Hợp tác xã Ea Tul đã xuất sáu nghìn tấn theo quy trình này; không lô hàng nào bị "
            "trả về trong vụ mùa vừa qua, giá bán bình quân tăng chín phần trăm."
        ),
    },
    {
        "title": "Lớp học thông minh cho trường tiểu học miền núi",
        "summary": (
            "Giáo viên soạn bài giảng tương tác một lần và chia sẻ cho các điểm trường lẻ qua "
            "vệ tinh; học sinh làm bài trên máy tính bảng dùng chung, phần mềm chấm và gợi ý "
            "bài ôn theo từng em. Phụ huynh xem tiến bộ của con qua tin nhắn."
        ),
        "description": (
            "Sau một năm học ở Hà Giang, tỷ lệ học sinh lớp ba đọc thông viết thạo tăng từ sáu "
            "mươi tám lên tám mươi chín phần trăm, số em bỏ học giữa chừng giảm một nửa."
        ),
    },
]


def record(id_, season, fields, files=()):
    return DossierText(id=id_, season=season, fields=fields, files=tuple(files))


def sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def distinct_season():
    return [record(i, 2026, fields) for i, fields in enumerate(DISTINCT, start=1)]


def test_fold_removes_diacritics_including_d_stroke_case_punctuation_and_extra_spaces():
    assert fold("Đường  Nguyễn Huệ,   TP. Hồ Chí Minh") == "duong nguyen hue tp ho chi minh"
    assert fold("Công ty Cổ phần ĐẦU TƯ") == "cong ty co phan dau tu"
    decomposed = "Co\u0302ng ty co\u0302\u0309 pha\u0302\u0300n"  # typed as base + marks
    assert fold(decomposed) == "cong ty co phan"


def test_distinct_realistic_texts_give_nothing():
    findings = find_duplicates(distinct_season(), season=2026)
    assert findings.texts == []
    assert findings.files == []


def test_a_copied_summary_with_small_edits_is_found_with_its_passage():
    original = DISTINCT[2]
    copy = {
        "title": "Bệnh án điện tử kết nối các bệnh viện huyện",
        "summary": original["summary"]
        .replace("tuyến huyện", "ở tuyến huyện")
        .replace("giảm chỉ định trùng lặp", "hạn chế chỉ định trùng lặp"),
        "description": "Đang triển khai thử nghiệm tại hai bệnh viện của tỉnh Thanh Hóa.",
    }
    records = [*distinct_season(), record(9, 2026, copy)]
    [match] = find_duplicates(records, season=2026).texts
    assert (match.a, match.b) == (3, 9)
    assert match.score >= 0.5
    # The two edits cut the summary into three common runs: "Hệ thống cho phép bác sĩ" (6
    # words), "tuyến huyện … y tế xã" (21 words), "chỉ định … khám." (11) + "Dữ liệu … đồng ý"
    # (13) = 24 words; longest first.
    assert [(p.field_a, p.field_b, p.words) for p in match.passages] == [
        ("summary", "summary", 24),
        ("summary", "summary", 21),
        ("summary", "summary", 6),
    ]
    assert match.passages[2].text_a == "Hệ thống cho phép bác sĩ"
    assert match.passages[0].text_a == (
        "chỉ định trùng lặp và rút ngắn thời gian chờ khám. Dữ liệu được mã hóa và chỉ mở khi "
        "người bệnh đồng ý"
    )
    assert match.passages[1].text_b == (
        "tuyến huyện xem kết quả xét nghiệm, phim chụp và đơn thuốc của bệnh nhân từ các trạm "
        "y tế xã"
    )
    assert all(p.text_a == p.text_b for p in match.passages)


def test_a_copy_typed_without_diacritics_from_a_past_season_is_found_in_its_own_spelling():
    original = DISTINCT[3]
    unaccented = {
        "title": "Truy xuat nguon goc trai cay bang blockchain",
        "summary": "Gioi thieu: " + fold(original["summary"]).replace("dak lak", "gia lai"),
        "description": "",
    }
    past = record(104, 2025, original)
    now = record(77, 2026, unaccented)
    [match] = find_duplicates([*distinct_season()[:3], past, now], season=2026).texts
    assert (match.a, match.b) == (77, 104)  # the season's dossier first, the past one second
    assert match.score >= 0.8
    longest = match.passages[0]
    assert longest.field_a == longest.field_b == "summary"
    assert longest.text_a.startswith("mang mot tem dinh danh ghi lai vung trong")
    assert longest.text_b.startswith("mang một tem định danh ghi lại vùng trồng")
    assert fold(longest.text_a) == fold(longest.text_b)


def test_past_seasons_are_not_compared_with_each_other_nor_with_later_ones():
    copy = dict(DISTINCT[0])
    records = [record(1, 2024, DISTINCT[0]), record(2, 2025, copy), record(3, 2026, DISTINCT[1])]
    assert find_duplicates(records, season=2026).texts == []
    [match] = find_duplicates(records, season=2025).texts
    assert (match.a, match.b, match.score, match.jaccard) == (2, 1, 1.0, 1.0)


def test_identical_files_are_a_finding_of_their_own():
    same, other = sha(b"%PDF-1.7 bao cao tai chinh"), sha(b"%PDF-1.7 giay phep")
    records = [
        record(1, 2026, DISTINCT[0], [same.upper(), other]),
        record(2, 2026, DISTINCT[1], [same]),
        record(3, 2025, DISTINCT[2], [same, other]),
        record(4, 2025, DISTINCT[3], [other]),  # past with past: not reported
        record(5, 2026, DISTINCT[4], [sha(b"own")]),
    ]
    findings = find_duplicates(records, season=2026)
    assert findings.texts == []
    assert findings.files == [
        FileMatch(1, 2, (same,)),
        FileMatch(1, 3, tuple(sorted([same, other]))),
        FileMatch(1, 4, (other,)),
        FileMatch(2, 3, (same,)),
    ]


def test_candidates_come_from_the_index_only_for_records_sharing_enough_shingles():
    rng = random.Random(5)
    vocabulary = fold(" ".join(t for fields in DISTINCT for t in fields.values())).split()
    records = [
        record(
            i,
            2026 if i <= 40 else 2020 + i % 6,
            {"summary": " ".join(rng.choices(vocabulary, k=80))},
        )
        for i in range(1, 201)
    ]
    records.append(record(500, 2026, {"summary": records[150].fields["summary"]}))
    sets = {r.id: record_shingles(r) for r in records}
    pairs = candidate_pairs(records, sets, season=2026)
    for i, j in pairs:
        assert len(sets[records[i].id] & sets[records[j].id]) >= 8
    assert (200, 150) in pairs  # the planted copy (indexes of record 500 and record 151)
    assert len(pairs) < 40 * 199 // 10  # far fewer than all pairs
    [match] = find_duplicates(records, season=2026).texts
    assert (match.a, match.b, match.score) == (500, 151, 1.0)
