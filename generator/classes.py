"""Class sets: a whole class split into groups, each group one network.

One network needs one pupil per role: the hidden neurons (A–F) and the output
neurons (vert, bleu, rose, jaune), ten roles for the default activity. A class
rarely has a multiple of ten pupils, so the rule is (and the teacher's notes
say it in words):

* the number of groups is pupils ÷ roles rounded to the nearest whole number
  (at least one; a half rounds up), and pupils are shared out as evenly as
  possible, the first groups taking one more;
* a group with fewer pupils than roles deals its roles round-robin, in the
  order hidden then output: role k goes to seat k mod size. A group of nine
  has the pupil of A also play the last output neuron; since the hidden layer
  computes before the output layer, such a pupil never has two calculations
  at the same moment. Below six pupils, someone plays two hidden neurons;
* a group with more pupils than roles gives the extra ones the role of
  counter: they count the emoji of the drawing again, check the hidden
  neurons' counts, and write on the group's recording table.

Groups follow the roster's order (a teacher who wants particular groups
orders the list), and who plays which role inside a group is drawn from
--seed. Exercises are drawn once for the whole class and dealt out, so no
exercise is given to two groups, and each group gets a mix of digits.

Pure logic: no PDF here. Rosters are read by generator.roster.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from math import ceil, floor

import numpy as np

from .activity import Activity
from .errors import UserError
from .exercises import Exercise
from .roster import MAX_PUPILS

MAX_GROUPS = 40


# --- model --------------------------------------------------------------------


@dataclass(frozen=True)
class Pupil:
    number: int  # 1-based, in the roster's order (or counted when no roster)
    name: str | None = None

    def __repr__(self) -> str:
        return f"Pupil({self.number}{' ' + self.name if self.name else ''})"


@dataclass(frozen=True)
class Seat:
    """One pupil's place in a group: the roles they play (none: a counter).

    `pupil` is None when the class is given by --groups alone: ten seats,
    nobody known yet.
    """

    pupil: Pupil | None
    roles: tuple[str, ...]

    @property
    def counter(self) -> bool:
        return not self.roles

    @property
    def name(self) -> str | None:
        return self.pupil.name if self.pupil else None

    def __repr__(self) -> str:
        who = (self.pupil.name or f"#{self.pupil.number}") if self.pupil else "?"
        return f"Seat({who}: {'+'.join(self.roles) or 'counter'})"


@dataclass(frozen=True)
class Group:
    number: int  # 1-based
    seats: tuple[Seat, ...]
    exercises: tuple[Exercise, ...]

    @property
    def size(self) -> int:
        return len(self.seats)

    @property
    def counters(self) -> tuple[Seat, ...]:
        return tuple(s for s in self.seats if s.counter)

    @property
    def doubled(self) -> tuple[Seat, ...]:
        """Seats playing more than one role."""
        return tuple(s for s in self.seats if len(s.roles) > 1)

    def seat_of(self, role: str) -> Seat:
        for seat in self.seats:
            if role in seat.roles:
                return seat
        raise KeyError(role)

    def __repr__(self) -> str:
        ids = ",".join(e.id for e in self.exercises)
        return f"Group({self.number}: {self.size} seats, {len(self.counters)} counters, exercises {ids})"


@dataclass(frozen=True)
class ClassPlan:
    groups: tuple[Group, ...]
    roles: tuple[str, ...]
    pupils: int | None  # None: --groups alone, pupils not counted
    named: bool  # names came from a roster
    seed: int

    @property
    def exercise_ids(self) -> list[str]:
        return [e.id for g in self.groups for e in g.exercises]

    def __repr__(self) -> str:
        sizes = "+".join(str(g.size) for g in self.groups)
        who = f"{self.pupils} pupils" if self.pupils is not None else "pupils not counted"
        return f"ClassPlan({len(self.groups)} groups ({sizes}), {who}, seed {self.seed})"


def activity_roles(activity: Activity) -> tuple[str, ...]:
    """Every role of one network, hidden layer first: the order roles are dealt in."""
    return tuple(n.name for n in activity.hidden) + tuple(n.name for n in activity.outputs)


def role_name(activity: Activity, role: str, lang: str) -> str:
    """A role as pupils read it: the hidden neuron's letter, or the output neuron's colour word."""
    neuron = activity.neuron(role)
    return neuron.label(lang) if neuron in activity.outputs else role


def least_per_group(roles: int) -> int:
    """The smallest group a teacher may ask for: nobody plays more than two roles."""
    return ceil(roles / 2)


# --- splitting the class ------------------------------------------------------


def check_students(students: int) -> None:
    if not 1 <= students <= MAX_PUPILS:
        raise UserError("class.students_range", value=students, most=MAX_PUPILS)


def check_groups(groups: int) -> None:
    if not 1 <= groups <= MAX_GROUPS:
        raise UserError("class.groups_range", value=groups, most=MAX_GROUPS)


def default_group_count(pupils: int, roles: int) -> int:
    """pupils ÷ roles to the nearest whole number, a half rounding up; at least 1."""
    return max(1, min(MAX_GROUPS, floor(pupils / roles + 0.5)))


def group_sizes(pupils: int, groups: int) -> list[int]:
    """As even as possible, the first groups one larger."""
    base, extra = divmod(pupils, groups)
    return [base + (1 if i < extra else 0) for i in range(groups)]


def deal_roles(roles: Sequence[str], size: int) -> list[tuple[str, ...]]:
    """The roles of each seat of a group of `size`: role k to seat k mod size; extra seats get none."""
    playing = min(size, len(roles))
    return [tuple(r for k, r in enumerate(roles) if k % playing == seat) if seat < playing else () for seat in range(size)]


def deal_exercises(exercises: Sequence[Exercise], groups: int, per_group: int) -> list[tuple[Exercise, ...]]:
    """Share distinct exercises out, each group getting a mix of digits.

    Exercises are sorted into one queue per true digit (in draw order);
    group g's j-th exercise comes from digit queue (g + j) mod digits, or
    from the fullest queue when that one is empty. Deterministic: no
    randomness beyond the draw itself.
    """
    if len(exercises) < groups * per_group:
        raise ValueError("not enough exercises for the groups")
    queues: dict[int | None, list[Exercise]] = {}
    for e in exercises[: groups * per_group]:
        queues.setdefault(e.label, []).append(e)
    keys = sorted(queues, key=lambda k: (k is None, k if k is not None else 0))
    dealt: list[list[Exercise]] = [[] for _ in range(groups)]
    for j in range(per_group):
        for g in range(groups):
            key = keys[(g + j) % len(keys)]
            if not queues[key]:
                key = max(keys, key=lambda k: len(queues[k]))  # ties: first in order
            dealt[g].append(queues[key].pop(0))
    return [tuple(d) for d in dealt]


def plan_class(
    activity: Activity,
    *,
    exercises: Sequence[Exercise],
    per_group: int,
    students: int | None = None,
    groups: int | None = None,
    names: Sequence[str] | None = None,
    roster: str | None = None,
    seed: int = 2026,
) -> ClassPlan:
    """Groups, who plays what, and each group's exercises.

    `exercises` must hold at least groups × per_group distinct exercises
    (see `groups_for`); give `students` or `names` or `groups`. `roster` is
    the roster's file name, for the error when it is too short.
    """
    roles = activity_roles(activity)
    pupils = class_size(students=students, groups=groups, names=names)
    count = groups if groups is not None else default_group_count(pupils, len(roles))
    check_groups(count)
    if pupils is not None and groups is not None:
        least = least_per_group(len(roles))
        if pupils < least * groups and roster is not None:
            raise UserError("roster.too_short", file=roster, found=pupils, groups=groups, least=least * groups)
        if pupils < least * groups:
            raise UserError(
                "class.groups_too_small", pupils=pupils, groups=groups, least=least, most=max(1, pupils // least)
            )
    ids = [e.id for e in exercises]
    if len(set(ids)) != len(ids):
        raise ValueError("exercise ids repeat: groups would share exercises")
    dealt = deal_exercises(exercises, count, per_group)

    rng = np.random.default_rng(seed)
    plan_groups = []
    first = 1
    sizes = group_sizes(pupils, count) if pupils is not None else [len(roles)] * count
    for g, size in enumerate(sizes):
        if pupils is None:
            seats = tuple(Seat(None, (r,)) for r in roles)
        else:
            members = [Pupil(first + i, names[first - 1 + i] if names else None) for i in range(size)]
            # Who sits where is drawn; what each seat plays follows deal_roles.
            order = rng.permutation(size)
            seats = tuple(Seat(members[i], dealt_roles) for i, dealt_roles in zip(order, deal_roles(roles, size)))
            first += size
        plan_groups.append(Group(g + 1, seats, dealt[g]))
    return ClassPlan(tuple(plan_groups), roles, pupils, bool(names), seed)


def class_size(*, students: int | None, groups: int | None, names: Sequence[str] | None) -> int | None:
    """How many pupils: from the roster, --students, or unknown (--groups alone)."""
    if students is not None:
        check_students(students)
    if groups is not None:
        check_groups(groups)
    if names is not None:
        if students is not None and students != len(names):
            raise UserError("class.students_roster_mismatch", students=students, names=len(names))
        return len(names)
    if students is None and groups is None:
        raise UserError("class.no_size")
    return students


def groups_for(activity: Activity, *, students: int | None, groups: int | None, names: Sequence[str] | None) -> int:
    """How many groups plan_class will make (to draw enough exercises first)."""
    pupils = class_size(students=students, groups=groups, names=names)
    if groups is not None:
        return groups
    return default_group_count(pupils, len(activity_roles(activity)))
