"""Tests for indexer.persons.features: what the CRF reads of each word of a stretch."""
from __future__ import annotations

from indexer.persons.features import flat
from indexer.persons.reading import read


def test_features_read_the_rules_and_the_context():
    reading = read("Tin", ["HLV Park Hang Seo cho biết đội đã sẵn sàng."])
    spans, features = reading.stretches()
    (first, *_), = [flat(f) for s, f in zip(spans, features) if s[0].text == "Park"]
    assert "pre1=hlv" in first and "cue=person" in first and "follow=True" in first
    assert "rule_kind=person" in first and "pos=first" in first


def test_features_mark_given_names_found_in_full_names():
    reading = read("Tin", ["Tiền đạo Công Phượng ghi bàn."])
    spans, features = reading.stretches()
    (feats,) = [flat(f) for s, f in zip(spans, features) if s[0].text == "Công"]
    assert all("given_name=True" in f for f in feats)


def test_list_neighbours_lend_their_class():
    reading = read("Tin", ["Đội hình gồm Diop, Tousart và Thuram, cùng HLV Nguyễn Văn An."])
    spans, features = reading.stretches()
    by_name = {" ".join(t.text for t in s): flat(f)[0] for s, f in zip(spans, features)}
    assert any(x.startswith("list_left=") for x in by_name["Tousart"])
    assert any(x.startswith("list_right=") for x in by_name["Tousart"])
    assert not any(x.startswith("list_") for x in by_name["Nguyễn Văn An"])


def test_features_read_the_archive_counts():
    reading = read("Tin", ["Guardiola nói về trận đấu."])
    spans, features = reading.stretches()
    (feats,) = [flat(f) for s, f in zip(spans, features) if s[0].text == "Guardiola"]
    assert any(x.startswith("name_") for x in feats[0]) and any(x.startswith("word_") for x in feats[0])


def test_features_read_an_apposition_after_the_name():
    from indexer.persons.cues import apposition_kind

    assert apposition_kind(", tiền đạo người Pháp, là người duy nhất") == "person"
    assert apposition_kind(", Giám đốc Chương trình châu Á") == "person"
    assert apposition_kind(", tỉnh Takeo") == "place"
    assert apposition_kind(" cho biết") == apposition_kind(", 69 tuổi") == ""
    reading = read("Tin", ["Arsenal trông chờ vào Lacazette, tiền đạo người Pháp."])
    spans, features = reading.stretches()
    (feats,) = [flat(f) for s, f in zip(spans, features) if s[0].text == "Lacazette"]
    assert "apposition=person" in feats[0]
