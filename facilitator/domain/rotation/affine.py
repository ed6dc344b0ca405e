"""The affine-plane schedule, a starting point for the search when the number of tables
q is a prime power: give each person a home table t and a column s of the field GF(q);
in round r (a field element) they sit at t + r·s. Two people of different columns meet
in exactly one round out of q, two of the same column never, and column 0 never moves:
it is made for hosts. Every full column puts one person at each table in each round, so
filling columns department by department also spreads departments evenly.
"""
from __future__ import annotations

import random
from functools import lru_cache

Field = tuple[list[list[int]], list[list[int]]]
"""Addition and multiplication tables of GF(q), elements numbered 0..q-1, 0 the zero."""


def affine_seats(columns: list[list[int]], hosts: dict[int, int], q: int, rounds: int,
                 rng: random.Random, *, after_home: bool = False) -> list[dict[int, int]] | None:
    """Tables for each round (person -> table) of hosts (column 0) and full columns of
    people; None when q is not a prime power. Rounds beyond q are left out.
    `after_home`: the home tables were a round already played, so multiplier 0 (everyone
    at home again) is not used."""
    field = galois_field(q)
    if field is None:
        return None
    add, mul = field
    multipliers = list(range(1 if after_home else 0, q))
    rng.shuffle(multipliers)
    plan = []
    for r in multipliers[:rounds]:
        seats = dict(hosts)
        for s, column in enumerate(columns, start=1):
            for home, p in enumerate(column):
                seats[p] = add[home][mul[r][s]]
        plan.append(seats)
    return plan


@lru_cache(maxsize=32)
def galois_field(q: int) -> Field | None:
    """GF(q) for a prime power q < 256, built from the first irreducible polynomial found."""
    factor = _prime_power(q)
    if factor is None:
        return None
    p, k = factor
    add = [[_digits_add(a, b, p) for b in range(q)] for a in range(q)]
    for modulus in range(q):  # the monic polynomial x^k + (digits of modulus)
        mul = [[_poly_mul(a, b, p, k, modulus) for b in range(q)] for a in range(q)]
        if all(1 in mul[a] for a in range(1, q)):  # a field: every non-zero element is invertible
            return add, mul
    return None  # unreachable: an irreducible polynomial of every degree exists


def _prime_power(q: int) -> tuple[int, int] | None:
    if q < 2 or q > 255:
        return None
    p = next(d for d in range(2, q + 1) if q % d == 0)
    k, rest = 0, q
    while rest % p == 0:
        rest, k = rest // p, k + 1
    return (p, k) if rest == 1 else None


def _digits(a: int, p: int, k: int) -> list[int]:
    return [(a // p ** i) % p for i in range(k)]


def _number(digits: list[int], p: int) -> int:
    return sum(d * p ** i for i, d in enumerate(digits))


def _digits_add(a: int, b: int, p: int) -> int:
    result, place = 0, 1
    while a or b:
        result += ((a % p + b % p) % p) * place
        a, b, place = a // p, b // p, place * p
    return result


def _poly_mul(a: int, b: int, p: int, k: int, modulus: int) -> int:
    """a·b reduced modulo x^k + modulus, coefficients in GF(p)."""
    if k == 1:
        return a * b % p
    x, y = _digits(a, p, k), _digits(b, p, k)
    product = [0] * (2 * k - 1)
    for i, xi in enumerate(x):
        for j, yj in enumerate(y):
            product[i + j] = (product[i + j] + xi * yj) % p
    low = _digits(modulus, p, k)  # x^k = -low
    for degree in range(2 * k - 2, k - 1, -1):
        coefficient = product[degree]
        if coefficient:
            product[degree] = 0
            for i, c in enumerate(low):
                product[degree - k + i] = (product[degree - k + i] - coefficient * c) % p
    return _number(product[:k], p)
