"""Vietnamese text helpers on real names: folding for search, the sort key of names."""

import pytest

from dangbo.core.text import fold, letters_and_tones, normalize_spaces, sort_key, split_name


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Nguyễn Văn A", "nguyen van a"),
        ("ĐẶNG THỊ ÁNH", "dang thi anh"),
        ("Lường Văn Ơn", "luong van on"),
        ("  Giàng   A  Chứ ", "giang a chu"),
        ("Hà Nhì", "ha nhi"),
        ("H'Mông", "h'mong"),
        ("Nguyễn Văn A", "nguyen van a"),  # decomposed input
    ],
)
def test_fold_removes_every_diacritic_and_case(text, folded):
    assert fold(text) == folded


def test_normalize_spaces_trims_and_collapses():
    assert normalize_spaces("  Lò \t Văn\u00a0 Ơn  ") == "Lò Văn Ơn"


def test_split_name_into_family_middle_given():
    assert split_name("Sùng Seo Páo") == ("Sùng", "Seo", "Páo")
    assert split_name("Nguyễn Thị Thu Hương") == ("Nguyễn", "Thị Thu", "Hương")
    assert split_name("Páo") == ("", "", "Páo")


def test_letters_keep_vietnamese_letters_apart_from_tones():
    assert letters_and_tones("Ước") == [("ư", "0"), ("ơ", "4"), ("c", "0")]
    assert letters_and_tones("Đặng") == [("đ", "0"), ("ă", "5"), ("n", "0"), ("g", "0")]
    assert letters_and_tones("H'Mông") == [
        ("h", "0"),
        ("m", "0"),
        ("ô", "0"),
        ("n", "0"),
        ("g", "0"),
    ]


def _sorted(names):
    return sorted(names, key=sort_key)


def test_names_sort_by_given_name_first():
    names = ["Nguyễn Văn Bình", "Trần Thị An", "Lò Văn Chăn"]
    assert _sorted(names) == ["Trần Thị An", "Nguyễn Văn Bình", "Lò Văn Chăn"]


def test_family_and_middle_names_break_ties_in_their_order():
    names = ["Nguyễn Văn An", "Lê Văn An", "Lê Thị An", "Nguyễn An"]
    assert _sorted(names) == ["Lê Thị An", "Lê Văn An", "Nguyễn An", "Nguyễn Văn An"]


def test_vietnamese_letter_order_a_breve_circumflex_and_d_stroke():
    names = ["Lò Văn Ân", "Lò Văn Ăn", "Lò Văn An", "Lò Văn Bun", "Lò Văn Đức", "Lò Văn Dũng"]
    assert _sorted(names) == [
        "Lò Văn An",
        "Lò Văn Ăn",
        "Lò Văn Ân",
        "Lò Văn Bun",
        "Lò Văn Dũng",
        "Lò Văn Đức",
    ]


def test_o_horn_and_u_horn_come_after_their_plain_letters():
    names = ["Lò Văn Ơn", "Lò Văn Ôn", "Lò Văn On", "Lò Văn Ưng", "Lò Văn Ung", "Lò Văn Pánh"]
    assert _sorted(names) == [
        "Lò Văn On",
        "Lò Văn Ôn",
        "Lò Văn Ơn",
        "Lò Văn Pánh",
        "Lò Văn Ung",
        "Lò Văn Ưng",
    ]


def test_tones_only_break_ties_after_letters_in_dictionary_order():
    # ngang, huyền, hỏi, ngã, sắc, nặng
    names = ["Lò Thị Mạ", "Lò Thị Má", "Lò Thị Mã", "Lò Thị Mả", "Lò Thị Mà", "Lò Thị Ma"]
    assert _sorted(names) == [
        "Lò Thị Ma",
        "Lò Thị Mà",
        "Lò Thị Mả",
        "Lò Thị Mã",
        "Lò Thị Má",
        "Lò Thị Mạ",
    ]
    # A tone never outweighs a letter: "Mạnh" (m-a-n-h) after "Mai" (m-a-i).
    assert _sorted(["Lò Văn Mạnh", "Lò Văn Mai"]) == ["Lò Văn Mai", "Lò Văn Mạnh"]


def test_a_shorter_given_name_sorts_first():
    assert _sorted(["Lò Văn Anh", "Lò Văn An"]) == ["Lò Văn An", "Lò Văn Anh"]


def test_sort_key_is_ascii_digits_so_any_collation_agrees():
    key = sort_key("Đặng Thị Ước")
    assert key.isdigit() and key.isascii()


def test_sort_key_ignores_case_and_stray_spaces():
    assert sort_key("  NGUYỄN  văn   a ") == sort_key("Nguyễn Văn A")
