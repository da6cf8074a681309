"""Class sets as pure logic: group sizes, roles, rosters and exercises per group."""

from __future__ import annotations

from collections import Counter

import pytest

from generator.classes import (
    MAX_GROUPS,
    activity_roles,
    deal_exercises,
    deal_roles,
    default_group_count,
    group_sizes,
    plan_class,
)
from generator.roster import MAX_PUPILS, parse_roster, read_roster, roster_header_words
from generator.errors import UserError
from generator.exercises import Exercise

ROLES = ("A", "B", "C", "D", "E", "F", "vert", "bleu", "rose", "jaune")


def fake_exercises(n: int, digits=(0, 3, 6, 9)) -> list[Exercise]:
    """Distinct exercises cycling through the digits (the counts do not matter here)."""
    return [Exercise(f"x{i:03d}", (1, 1, 1, 1, 1, 1), digits[i % len(digits)]) for i in range(n)]


def plan(activity, **kwargs):
    per_group = kwargs.pop("per_group", 4)
    return plan_class(activity, exercises=fake_exercises(40 * per_group), per_group=per_group, **kwargs)


def test_roles_of_the_default_activity(activity):
    assert activity_roles(activity) == ROLES


# --- how many groups, of what size -------------------------------------------------


@pytest.mark.parametrize(
    "pupils, expected",
    [(1, [1]), (9, [9]), (10, [10]), (14, [14]), (15, [8, 7]), (19, [10, 9]), (24, [12, 12]),
     (25, [9, 8, 8]), (27, [9, 9, 9]), (30, [10, 10, 10]), (100, [10] * 10), (400, [10] * 40)],
)  # fmt: skip
def test_group_sizes_follow_the_rounding_rule(pupils, expected):
    groups = default_group_count(pupils, 10)
    assert group_sizes(pupils, groups) == expected


def test_group_sizes_stay_near_ten_for_every_class_size():
    for pupils in range(10, MAX_PUPILS + 1):
        sizes = group_sizes(pupils, default_group_count(pupils, 10))
        assert sum(sizes) == pupils
        assert max(sizes) - min(sizes) <= 1
        assert 7 <= min(sizes) and max(sizes) <= 14, (pupils, sizes)


# --- who plays what ------------------------------------------------------------------


@pytest.mark.parametrize("size", range(1, 16))
def test_every_role_is_played_exactly_once_in_a_group(size):
    seats = deal_roles(ROLES, size)
    assert len(seats) == size
    assert Counter(r for roles in seats for r in roles) == Counter(ROLES)
    loads = [len(r) for r in seats if r]
    assert max(loads) - min(loads) <= 1  # nobody plays much more than another


def test_a_group_of_nine_doubles_a_hidden_neuron_with_an_output_neuron():
    seats = deal_roles(ROLES, 9)
    assert seats[0] == ("A", "jaune")  # A computes in the first layer, jaune in the second
    assert all(len(s) == 1 for s in seats[1:])


def test_a_group_of_seven_never_doubles_two_hidden_neurons():
    hidden = set(ROLES[:6])
    for roles in deal_roles(ROLES, 7):
        assert len(hidden.intersection(roles)) <= 1


def test_extra_pupils_are_counters():
    seats = deal_roles(ROLES, 13)
    assert seats[10:] == [(), (), ()]
    assert [s[0] for s in seats[:10]] == list(ROLES)


def test_plan_for_27_pupils(activity):
    p = plan(activity, students=27, seed=1)
    assert [g.size for g in p.groups] == [9, 9, 9]
    for g in p.groups:
        assert sorted(r for s in g.seats for r in s.roles) == sorted(ROLES)
        assert len(g.doubled) == 1 and not g.counters
    numbers = [s.pupil.number for g in p.groups for s in g.seats]
    assert sorted(numbers) == list(range(1, 28))


def test_plan_for_24_pupils_has_counters(activity):
    p = plan(activity, students=24)
    assert [len(g.counters) for g in p.groups] == [2, 2]


def test_groups_alone_gives_one_seat_per_role(activity):
    p = plan(activity, groups=3)
    assert p.pupils is None and len(p.groups) == 3
    for g in p.groups:
        assert [s.roles for s in g.seats] == [(r,) for r in ROLES]
        assert all(s.pupil is None for s in g.seats)


def test_roles_are_drawn_from_the_seed_and_groups_follow_the_roster(activity):
    names = [f"Élève {i}" for i in range(1, 21)]
    a = plan(activity, names=names, seed=7)
    b = plan(activity, names=names, seed=7)
    c = plan(activity, names=names, seed=8)
    assert a == b
    assert a != c
    # The first ten names of the roster make group 1, whatever the seed.
    for p in (a, c):
        assert {s.name for s in p.groups[0].seats} == set(names[:10])
    holders = [tuple(p.groups[0].seat_of(r).name for r in ROLES) for p in (a, c)]
    assert holders[0] != holders[1]


def test_roles_are_not_simply_the_roster_order(activity):
    names = [f"P{i}" for i in range(10)]
    seen = {plan(activity, names=names, seed=s).groups[0].seat_of("A").name for s in range(30)}
    assert len(seen) > 5


# --- exercises -------------------------------------------------------------------------


def test_groups_get_distinct_exercises_with_a_mix_of_digits(activity):
    p = plan(activity, students=100, per_group=8)
    ids = p.exercise_ids
    assert len(ids) == 80 and len(set(ids)) == 80
    for g in p.groups:
        assert Counter(e.label for e in g.exercises) == {0: 2, 3: 2, 6: 2, 9: 2}


def test_deal_uses_every_exercise_once_even_when_digits_are_uneven():
    exercises = fake_exercises(12, digits=(0, 0, 0, 3))
    dealt = deal_exercises(exercises, 3, 4)
    flat = [e.id for group in dealt for e in group]
    assert sorted(flat) == sorted(e.id for e in exercises)


def test_repeated_exercise_ids_are_refused(activity):
    twice = fake_exercises(4) + fake_exercises(4)
    with pytest.raises(ValueError):
        plan_class(activity, exercises=twice, per_group=4, groups=2)


# --- limits ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs, code",
    [
        ({"students": 0}, "class.students_range"),
        ({"students": MAX_PUPILS + 1}, "class.students_range"),
        ({"groups": 0}, "class.groups_range"),
        ({"groups": MAX_GROUPS + 1}, "class.groups_range"),
        ({"students": 12, "groups": 3}, "class.groups_too_small"),
        ({"students": 11, "names": ["Ana", "Bo"]}, "class.students_roster_mismatch"),
        ({}, "class.no_size"),
    ],
)
def test_limits(activity, kwargs, code):
    with pytest.raises(UserError) as error:
        plan(activity, **kwargs)
    assert error.value.code == code


def test_roster_too_short_for_the_groups(activity):
    with pytest.raises(UserError) as error:
        plan(activity, names=["Ana", "Bo", "Cy"], groups=2, roster="classe.csv")
    assert error.value.code == "roster.too_short"
    assert "classe.csv" in error.value.render("fr")


def test_explicit_groups_with_students(activity):
    p = plan(activity, students=23, groups=3)
    assert [g.size for g in p.groups] == [8, 8, 7]


# --- rosters -------------------------------------------------------------------------------


def roster(text: str) -> list[str]:
    return parse_roster(text, "classe.csv", header_words=roster_header_words())


def test_roster_one_name_a_line_with_accents_and_header():
    assert roster("Prénom\nLéa\nZoé\n\nNoël\n") == ["Léa", "Zoé", "Noël"]


def test_roster_spreadsheet_export_with_semicolons():
    text = "Nom;Prénom\nMartin;Chloé\n;\nDurand ; Éloïse\n"
    assert roster(text) == ["Martin Chloé", "Durand Éloïse"]


def test_roster_quoted_comma_csv_and_english_header():
    assert roster('"first name","last name"\n"Ann","Lee"\nBo,Diaz\n') == ["Ann Lee", "Bo Diaz"]


def test_roster_name_looking_like_a_header_word_is_kept_after_the_first_line():
    assert roster("Léa\nNom\n") == ["Léa", "Nom"]


def test_roster_accents_typed_two_ways_are_the_same_name():
    decomposed = "Le\u0301a"  # e + combining acute
    with pytest.raises(UserError) as error:
        roster(f"Léa\n{decomposed}\n")
    assert error.value.code == "roster.duplicate"
    assert "ligne 1" in error.value.render("fr")


@pytest.mark.parametrize(
    "text, code",
    [
        ("", "roster.empty"),
        ("Prénom\n\n", "roster.empty"),
        ("Léa\nléa\n", "roster.duplicate"),
        ("Martin;Chloé;CM2;2015\n", "roster.too_many_columns"),
        ("Léa\n1234\n", "roster.not_a_name"),
        ("L" * 41 + "\n", "roster.name_too_long"),
        ("\n".join(f"P{i}" for i in range(401)), "roster.too_many"),
    ],
)
def test_bad_rosters(text, code):
    with pytest.raises(UserError) as error:
        roster(text)
    assert error.value.code == code
    for lang in ("fr", "en"):
        assert "\n" not in error.value.render(lang)


def test_roster_file_with_bom_and_crlf(tmp_path):
    path = tmp_path / "eleves.csv"
    path.write_bytes("\ufeffNom;Prénom\r\nMartin;Chloé\r\nBà;Thị\r\n".encode("utf-8"))
    assert read_roster(path) == ["Martin Chloé", "Bà Thị"]


def test_roster_file_not_utf8(tmp_path):
    path = tmp_path / "eleves.csv"
    path.write_bytes("Chloé\n".encode("cp1252"))
    with pytest.raises(UserError) as error:
        read_roster(path)
    assert error.value.code == "roster.not_utf8"


def test_roster_binary_file(tmp_path):
    path = tmp_path / "eleves.csv"
    path.write_bytes(b"PK\x03\x04\0\0")
    with pytest.raises(UserError) as error:
        read_roster(path)
    assert error.value.code == "file.not_text"
