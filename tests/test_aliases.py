"""indexer/aliases.py and its data file."""

from __future__ import annotations

import pytest

from indexer.aliases import AliasFileError, Aliases, default_aliases


def test_the_shipped_file_has_the_groups_news_needs():
    aliases = default_aliases()
    assert len(aliases) >= 60
    for short, full in [("UBND", "ủy ban nhân dân"), ("HĐND", "hội đồng nhân dân"),
                        ("MTTQ", "mặt trận tổ quốc"), ("TP.HCM", "thành phố hồ chí minh"),
                        ("THPT", "trung học phổ thông"), ("HLV", "huấn luyện viên"),
                        ("GD&ĐT", "giáo dục và đào tạo"), ("CSGT", "cảnh sát giao thông")]:
        n, group = aliases.longest(full.split(), 0)
        assert n == len(full.split())
        assert aliases.longest([s.lower() for s in short.replace(".", " ").replace("&", " ").split()], 0)[1] == group


@pytest.mark.parametrize("typed", ["TP.HCM", "TP HCM", "tp hcm", "TPHCM", "HCM", "Sài Gòn", "sai gon"])
def test_every_spelling_of_ho_chi_minh_city_is_one_group(typed):
    from indexer.analysis import canonical_syllable, fold, has_accents, syllables

    aliases = default_aliases()
    sylls = [canonical_syllable(s).lower() for s in syllables(typed)]
    folded = not has_accents(typed)
    found = aliases.longest([fold(s) for s in sylls] if folded else sylls, 0, folded=folded)
    assert found is not None and ("thành", "phố", "hồ", "chí", "minh") in found[1]


def test_a_one_syllable_accented_form_is_not_read_from_its_folded_spelling():
    aliases = Aliases.from_lines(["Mỹ = Hoa Kỳ"])
    assert aliases.longest(["mỹ"], 0) is not None
    assert aliases.longest(["my"], 0, folded=True) is None
    assert aliases.longest(["hoa", "ky"], 0, folded=True) is not None


def test_the_longest_form_wins_and_a_stop_bounds_it():
    aliases = Aliases.from_lines(["TP = Thành phố", "TP.HCM = Thành phố Hồ Chí Minh"])
    sylls = ["thành", "phố", "hồ", "chí", "minh"]
    assert aliases.longest(sylls, 0)[0] == 5
    assert aliases.longest(sylls, 0, stop=2)[0] == 2


@pytest.mark.parametrize("line", ["UBND", "UBND = ", " = Ủy ban"])
def test_a_line_that_is_not_a_group_is_a_named_error_with_its_number(line):
    with pytest.raises(AliasFileError, match=":2:"):
        Aliases.from_lines(["# comment", line])
