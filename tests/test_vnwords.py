"""Our reader of Vietnamese numbers, checked over a sweep of amounts against a second reader
written here digit by digit (a state machine over the digits, not groups), and on cases
checked by hand. Never against num2words, which drops "không trăm" in inner groups."""

import random

import pytest

from thiduaportal.vnwords import amount_in_words, number_in_words

NAMES = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]


def _scale(group: int) -> list[str]:
    """The name of the group `group` places of three digits up: 1 nghìn, 2 triệu, 3 tỷ."""
    return [["", "nghìn", "triệu"][group % 3]] * bool(group % 3) + ["tỷ"] * (group // 3)


def digit_by_digit(number: int) -> str:
    """The reading rules applied while walking the digits from the left."""
    if number == 0:
        return "không"
    digits = str(number)
    length = len(digits)
    lowest = next(power for power in range(length) if digits[length - 1 - power] != "0")
    out: list[str] = []
    hundreds = tens = 0
    for index, char in enumerate(digits):
        power = length - 1 - index
        group, place, digit = power // 3, power % 3, int(char)
        if group < lowest // 3:
            break
        if place == 2:
            hundreds = digit
            continue
        if place == 1:
            tens = digit
            continue
        spoken = bool(out)  # the number has begun: every later place is read
        if spoken and hundreds == tens == digit == 0:
            out += ["không", *_scale(group)]
        elif hundreds or tens or digit:
            if spoken or hundreds:
                out += [NAMES[hundreds], "trăm"]
            if tens == 1:
                out.append("mười")
            elif tens > 1:
                out += [NAMES[tens], "mươi"]
            if digit:
                if tens == 0 and (spoken or hundreds):
                    out.append("linh")
                if digit == 5 and tens:
                    out.append("lăm")
                elif digit == 1 and tens > 1:
                    out.append("mốt")
                else:
                    out.append(NAMES[digit])
            out += _scale(group)
        hundreds = tens = 0
    return " ".join(out)


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "không"),
        (5, "năm"),
        (10, "mười"),
        (11, "mười một"),
        (15, "mười lăm"),
        (21, "hai mươi mốt"),
        (24, "hai mươi bốn"),
        (25, "hai mươi lăm"),
        (101, "một trăm linh một"),
        (105, "một trăm linh năm"),
        (115, "một trăm mười lăm"),
        (1005, "một nghìn không trăm linh năm"),
        (10_000, "mười nghìn"),
        (702_000, "bảy trăm linh hai nghìn"),
        (1_000_500, "một triệu không nghìn năm trăm"),
        (1_053_000, "một triệu không trăm năm mươi ba nghìn"),
        (1_404_000, "một triệu bốn trăm linh bốn nghìn"),
        (7_020_000, "bảy triệu không trăm hai mươi nghìn"),
        (14_000_000, "mười bốn triệu"),
        (14_040_000, "mười bốn triệu không trăm bốn mươi nghìn"),
        (3_795_000, "ba triệu bảy trăm chín mươi lăm nghìn"),
        (1_000_000_000, "một tỷ"),
        (2_000_005_000, "hai tỷ không triệu không trăm linh năm nghìn"),
        (21_505_000_015, "hai mươi mốt tỷ năm trăm linh năm triệu không nghìn không trăm mười lăm"),
    ],
)
def test_hand_checked_readings(number, words):
    assert number_in_words(number) == words


def test_amount_in_words_starts_with_a_capital_and_ends_with_dong():
    assert amount_in_words(14_040_000) == "Mười bốn triệu không trăm bốn mươi nghìn đồng"
    assert amount_in_words(0) == "Không đồng"


def test_every_amount_to_two_million_by_thousands_reads_as_the_digit_rules_say():
    for number in range(0, 2_000_001, 1000):
        assert number_in_words(number) == digit_by_digit(number), number


def test_every_number_to_twenty_thousand_reads_as_the_digit_rules_say():
    for number in range(20_001):
        assert number_in_words(number) == digit_by_digit(number), number


def test_random_large_amounts_read_as_the_digit_rules_say():
    draw = random.Random(20260701)
    numbers = [draw.randrange(10**12) for _ in range(3000)]
    # Amounts with zero groups and zero hundreds in every place, which sums of cash make.
    # Below 10^12: above it the count of tỷ is itself read as a number ("một nghìn không trăm
    # … tỷ"), where the digit walk would say "nghìn tỷ" place by place.
    numbers += [
        (draw.choice([0, 5, 40, 105, 500]) * 10 ** draw.choice([0, 3, 6, 9]) + n) % 10**12
        for n in numbers[:500]
    ]
    for number in numbers:
        assert number_in_words(number) == digit_by_digit(number), number


@pytest.mark.parametrize("bad", [-1, 1.5])
def test_negative_or_fractional_numbers_are_refused(bad):
    with pytest.raises(ValueError, match="Only whole numbers from 0 are read"):
        number_in_words(bad)
