from decimal import Decimal

from dangbo.reports.formatting import shares, vn_number, vn_percent


def test_vietnamese_numbers():
    assert vn_number(1234567) == "1.234.567"
    assert vn_number(861) == "861"
    assert vn_number(3.14159, 2) == "3,14"
    assert vn_percent(91.6) == "91,6%"
    assert vn_percent(100 * 7 / 21) == "33,3%"
    assert vn_percent(None) == "—"


def test_shares_of_a_whole_add_up_to_one_hundred():
    # 1/3 each: naive rounding gives 33,3 × 3 = 99,9.
    assert shares([1, 1, 1], 3) == [Decimal("33.4"), Decimal("33.3"), Decimal("33.3")]
    report = [37, 159, 665]  # Bình Lư, general education
    result = shares(report, 861)
    assert sum(result) == 100
    assert [vn_percent(x) for x in result] == ["4,3%", "18,5%", "77,2%"]


def test_shares_of_an_overlapping_breakdown_are_plain_rounding():
    assert shares([383], 861) == [Decimal("44.5")]
    assert shares([5, 5], 0) == [None, None]
