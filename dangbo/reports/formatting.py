"""Vietnamese number formats for reports: 1.234 and 91,6%; shares that add up to 100%."""

from decimal import ROUND_HALF_UP, Decimal


def vn_number(value: int | float | Decimal, digits: int = 0) -> str:
    """1234567 → "1.234.567"; with digits: 3.14159, 2 → "3,14"."""
    quantum = Decimal(1).scaleb(-digits)
    text = f"{Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP):,.{digits}f}"
    return text.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")


def vn_percent(value: float | Decimal | None, digits: int = 1) -> str:
    """91.6 → "91,6%"; None → "—" (no denominator)."""
    if value is None:
        return "—"
    return f"{vn_number(value, digits)}%"


def percent(part: int, whole: int) -> float | None:
    return None if not whole else 100 * part / whole


def shares(counts: list[int], total: int, digits: int = 1) -> list[Decimal | None]:
    """Percentages of ``total`` rounded to ``digits`` so that, when the counts add up to the
    total, the shown percentages add up to exactly 100 (largest remainder method); a report's
    rows and its total row then agree, unlike hand-made reports ("7/21 = 3,33%")."""
    if not total:
        return [None for _ in counts]
    unit = Decimal(1).scaleb(-digits)
    exact = [Decimal(100) * c / total for c in counts]
    floors = [(e / unit).to_integral_value(rounding="ROUND_FLOOR") * unit for e in exact]
    if sum(counts) != total:
        return [e.quantize(unit, rounding=ROUND_HALF_UP) for e in exact]
    missing = int((Decimal(100) - sum(floors)) / unit)
    order = sorted(range(len(counts)), key=lambda i: exact[i] - floors[i], reverse=True)
    for i in order[:missing]:
        floors[i] += unit
    return floors
