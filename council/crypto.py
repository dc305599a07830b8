"""The secret ballot's arithmetic: exponential ElGamal on the P-256 curve (pycryptodome's
`EccPoint`), a private key dealt k-of-n by Shamir between the council's officers, and the
zero-knowledge proofs that let anyone check the box and the tally (in the spirit of Helios and
Belenios; no code of theirs).

- A ballot on an item is one ciphertext per choice, `(A, B) = (r·G, m·G + r·Y)` with `m` 0 or 1,
  each with a disjunctive Chaum–Pedersen proof that `m` is 0 or 1, and one proof that the
  ciphertexts' sum encrypts 1: exactly one choice.
- The tally of a choice is the sum of its ciphertexts; an officer holding share `s_i` (public
  commitment `Y_i = s_i·G`) gives `D_i = s_i·A` with a Chaum–Pedersen proof that
  `log_G Y_i = log_A D_i`; k such shares give `x·A` by Lagrange interpolation, and the count
  `m` from `m·G = B − x·A` by a table (a council has at most a few dozen members).
- An officer's share travels to them wrapped (ECIES: P-256 Diffie–Hellman, SHA-256, AES-GCM)
  under the public key of a code that only they were shown.

Everything here is pure: no database, no Django. Points are written as the hex of their
compressed SEC1 form (66 characters), scalars as 64 hex characters, so every ballot has the same
length whatever its choices.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from Crypto.Cipher import AES
from Crypto.PublicKey import ECC
from Crypto.PublicKey.ECC import EccPoint

CURVE = "P-256"
_PARAMS = ECC._curves["p256"]  # noqa: SLF001 - the curve's published constants (order, generator)
ORDER: int = int(_PARAMS.order)
G = EccPoint(_PARAMS.Gx, _PARAMS.Gy, CURVE)
INFINITY = G.point_at_infinity()
SCHEME = "thiduaportal-ballot-v1"


class CryptoError(ValueError):
    """A point, a proof or a share that does not check."""


# --------------------------------------------------------------------------- encoding


def encode_point(point: EccPoint) -> str:
    if point.is_point_at_infinity():
        return "00"
    return ECC.EccKey(curve=CURVE, point=point).export_key(format="SEC1", compress=True).hex()


def decode_point(text: str) -> EccPoint:
    if text == "00":
        return INFINITY.copy()
    try:
        return ECC.import_key(bytes.fromhex(text), curve_name=CURVE).pointQ
    except (ValueError, TypeError) as error:
        raise CryptoError(f"not a point of {CURVE}: {text[:20]}") from error


def encode_scalar(value: int) -> str:
    return f"{value % ORDER:064x}"


def decode_scalar(text: str) -> int:
    if len(text) != 64:
        raise CryptoError("a scalar is 64 hex characters")
    value = int(text, 16)
    if value >= ORDER:
        raise CryptoError("a scalar is below the group's order")
    return value


def random_scalar() -> int:
    return secrets.randbelow(ORDER - 1) + 1


def challenge(*parts: object) -> int:
    """The Fiat–Shamir challenge: SHA-256 of the scheme, then every part, each length-prefixed."""
    digest = hashlib.sha256(SCHEME.encode())
    for part in parts:
        data = (encode_point(part) if isinstance(part, EccPoint) else str(part)).encode()
        digest.update(len(data).to_bytes(4, "big") + data)
    return int.from_bytes(digest.digest(), "big") % ORDER


# --------------------------------------------------------------------------- ElGamal


@dataclass(frozen=True)
class Ciphertext:
    a: EccPoint
    b: EccPoint

    def __add__(self, other: Ciphertext) -> Ciphertext:
        return Ciphertext(self.a + other.a, self.b + other.b)

    def as_dict(self) -> dict[str, str]:
        return {"a": encode_point(self.a), "b": encode_point(self.b)}

    @classmethod
    def from_dict(cls, data: dict) -> Ciphertext:
        return cls(decode_point(data["a"]), decode_point(data["b"]))


ZERO = Ciphertext(INFINITY, INFINITY)


def encrypt(public: EccPoint, m: int, r: int) -> Ciphertext:
    return Ciphertext(G * r, G * m + public * r if m else public * r)


def total(ciphertexts) -> Ciphertext:
    """The homomorphic sum: it encrypts the sum of the plaintexts."""
    result = Ciphertext(INFINITY.copy(), INFINITY.copy())
    for ciphertext in ciphertexts:
        result = result + ciphertext
    return result


# --------------------------------------------------------------------------- proofs


def prove_plaintext_in(public, ct: Ciphertext, *, m: int, r: int, values, context: str) -> list[dict]:
    """A disjunctive Chaum–Pedersen proof that `ct` encrypts one of `values` (it encrypts
    `m` with randomness `r`): one branch per value, the true one answered honestly, the
    others simulated, their challenges summing to the Fiat–Shamir challenge."""
    branches: list[dict] = []
    commitments: list[EccPoint] = []
    w = random_scalar()
    for value in values:
        target = ct.b + (-(G * value)) if value else ct.b
        if value == m:
            branch = {"value": value, "a": G * w, "b": public * w, "c": None, "z": None}
        else:
            c, z = random_scalar(), random_scalar()
            branch = {
                "value": value,
                "a": G * z + (-(ct.a * c)),
                "b": public * z + (-(target * c)),
                "c": c,
                "z": z,
            }
        branches.append(branch)
        commitments += [branch["a"], branch["b"]]
    whole = challenge("range", context, public, ct.a, ct.b, *values, *commitments)
    real = next(b for b in branches if b["value"] == m)
    real["c"] = (whole - sum(b["c"] for b in branches if b is not real)) % ORDER
    real["z"] = (w + real["c"] * r) % ORDER
    return [
        {
            "a": encode_point(b["a"]),
            "b": encode_point(b["b"]),
            "c": encode_scalar(b["c"]),
            "z": encode_scalar(b["z"]),
        }
        for b in branches
    ]


def check_plaintext_in(public, ct: Ciphertext, proof: list[dict], *, values, context: str) -> bool:
    """Whether `proof` shows that `ct` encrypts one of `values`."""
    if len(proof) != len(values):
        return False
    try:
        commitments, challenges = [], 0
        for value, branch in zip(values, proof, strict=True):
            a, b = decode_point(branch["a"]), decode_point(branch["b"])
            c, z = decode_scalar(branch["c"]), decode_scalar(branch["z"])
            target = ct.b + (-(G * value)) if value else ct.b
            if G * z != a + ct.a * c or public * z != b + target * c:
                return False
            commitments += [a, b]
            challenges += c
    except (CryptoError, KeyError, TypeError):
        return False
    return challenges % ORDER == challenge("range", context, public, ct.a, ct.b, *values, *commitments)


def prove_same_log(base1, power1, base2, power2, secret: int, *, context: str) -> dict:
    """Chaum–Pedersen: `power1 = secret·base1` and `power2 = secret·base2`."""
    w = random_scalar()
    a, b = base1 * w, base2 * w
    c = challenge("dleq", context, base1, power1, base2, power2, a, b)
    return {"a": encode_point(a), "b": encode_point(b), "z": encode_scalar(w + c * secret)}


def check_same_log(base1, power1, base2, power2, proof: dict, *, context: str) -> bool:
    try:
        a, b, z = decode_point(proof["a"]), decode_point(proof["b"]), decode_scalar(proof["z"])
    except (CryptoError, KeyError, TypeError):
        return False
    c = challenge("dleq", context, base1, power1, base2, power2, a, b)
    return base1 * z == a + power1 * c and base2 * z == b + power2 * c


# --------------------------------------------------------------------------- ballots


def ballot_context(key_id: str, item_id: int) -> str:
    return f"{key_id}/item/{item_id}"


def encrypt_ballot(public: EccPoint, *, choices: tuple[str, ...], chosen: str, context: str) -> dict:
    """One ciphertext per choice (1 for `chosen`, 0 for the others) with their proofs. The
    result has the same size whatever `chosen` is."""
    rows, randomness = [], 0
    for name in choices:
        m, r = int(name == chosen), random_scalar()
        ct = encrypt(public, m, r)
        proof = prove_plaintext_in(public, ct, m=m, r=r, values=(0, 1), context=f"{context}/{name}")
        rows.append({**ct.as_dict(), "proof": proof})
        randomness += r
    whole = total(Ciphertext.from_dict(row) for row in rows)
    overall = prove_plaintext_in(public, whole, m=1, r=randomness % ORDER, values=(1,), context=context)
    return {"choices": rows, "overall": overall}


def check_ballot(public: EccPoint, ballot: dict, *, choices: tuple[str, ...], context: str) -> bool:
    """Whether the ballot is well formed: each choice 0 or 1, exactly one chosen."""
    try:
        rows = ballot["choices"]
        if len(rows) != len(choices):
            return False
        cts = [Ciphertext.from_dict(row) for row in rows]
        for name, ct, row in zip(choices, cts, rows, strict=True):
            if not check_plaintext_in(public, ct, row["proof"], values=(0, 1), context=f"{context}/{name}"):
                return False
        return check_plaintext_in(public, total(cts), ballot["overall"], values=(1,), context=context)
    except (CryptoError, KeyError, TypeError):
        return False


def fingerprint(canonical: str) -> str:
    """The receipt: SHA-256 of the ballot as stored, in hex."""
    return hashlib.sha256(canonical.encode()).hexdigest()


def short_fingerprint(digest: str) -> str:
    """The first 16 hex digits in four groups, to read out or compare by eye."""
    head = digest[:16].upper()
    return "-".join(head[i : i + 4] for i in range(0, 16, 4))


# --------------------------------------------------------------------------- the key, dealt


@dataclass(frozen=True)
class Dealt:
    public: EccPoint
    shares: dict[int, int]  # index (1..n) → share; to be wrapped and forgotten at once
    commitments: dict[int, EccPoint]


def deal(indices: list[int], threshold: int) -> Dealt:
    """A fresh key `x`, `Y = x·G`, and Shamir shares `f(i)` of a random polynomial of degree
    `threshold − 1` with `f(0) = x`. `x` and the polynomial are not returned."""
    coefficients = [random_scalar() for _ in range(threshold)]

    def f(i: int) -> int:
        return sum(c * pow(i, power, ORDER) for power, c in enumerate(coefficients)) % ORDER

    shares = {i: f(i) for i in indices}
    public = G * coefficients[0]
    coefficients.clear()
    return Dealt(public=public, shares=shares, commitments={i: G * s for i, s in shares.items()})


def lagrange(i: int, indices: list[int]) -> int:
    """The coefficient of share `i` in the interpolation at 0 over `indices`."""
    num, den = 1, 1
    for j in indices:
        if j != i:
            num = num * j % ORDER
            den = den * (j - i) % ORDER
    return num * pow(den, -1, ORDER) % ORDER


def commitments_agree(public: EccPoint, commitments: dict[int, EccPoint], threshold: int) -> bool:
    """Whether every `threshold` of the shares' commitments interpolate to the public key."""
    from itertools import combinations  # noqa: PLC0415 - only the verifier needs it

    for group in combinations(sorted(commitments), threshold):
        point = INFINITY.copy()
        for i in group:
            point = point + commitments[i] * lagrange(i, list(group))
        if point != public:
            return False
    return True


def decryption_share(share: int, ct: Ciphertext, *, commitment: EccPoint, context: str) -> dict:
    """`D = s·A` with the proof that it uses the share behind `commitment`."""
    d = ct.a * share
    proof = prove_same_log(G, commitment, ct.a, d, share, context=context)
    return {"d": encode_point(d), "proof": proof}


def check_decryption_share(ct: Ciphertext, part: dict, *, commitment: EccPoint, context: str) -> bool:
    try:
        d = decode_point(part["d"])
    except (CryptoError, KeyError, TypeError):
        return False
    return check_same_log(G, commitment, ct.a, d, part["proof"], context=context)


def combine(ct: Ciphertext, parts: dict[int, EccPoint], *, most: int) -> int:
    """The count from k decryption shares (index → D_i): `m` with `m·G = B − x·A`, found in a
    table of 0..`most`. Raises when it is not there (wrong shares or a box that does not add up)."""
    indices = sorted(parts)
    xa = INFINITY.copy()
    for i in indices:
        xa = xa + parts[i] * lagrange(i, indices)
    target = ct.b + (-xa)
    point = INFINITY.copy()
    for m in range(most + 1):
        if point == target:
            return m
        point = point + G
    raise CryptoError("the count is not between 0 and the number of ballots")


# --------------------------------------------------------------------------- officers' codes


def new_officer_code() -> str:
    """A code shown once to an officer: 20 random bytes in base32, eight groups of four."""
    text = base64.b32encode(secrets.token_bytes(20)).decode()
    return "-".join(text[i : i + 4] for i in range(0, 32, 4))


def normalise_code(code: str) -> str:
    """Upper case, without spaces or dashes; 0/1/8 typed for O/I/B are read as letters."""
    cleaned = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    return cleaned.translate(str.maketrans({"0": "O", "1": "I", "8": "B"}))


def officer_secret(code: str) -> int:
    """The officer's private scalar, derived from the code (never stored)."""
    cleaned = normalise_code(code)
    digest = hashlib.sha256(f"{SCHEME}/officer/{cleaned}".encode()).digest()
    return int.from_bytes(digest, "big") % (ORDER - 1) + 1


def officer_public(code: str) -> str:
    return encode_point(G * officer_secret(code))


def code_matches(code: str, public_hex: str) -> bool:
    return hmac.compare_digest(officer_public(code), public_hex)


def _wrap_key(shared: EccPoint, context: str) -> bytes:
    return hashlib.sha256(f"{SCHEME}/wrap/{context}/".encode() + encode_point(shared).encode()).digest()


def wrap_share(share: int, officer_public_hex: str, *, context: str) -> dict:
    """ECIES: the share under the officer's public key."""
    e = random_scalar()
    key = _wrap_key(decode_point(officer_public_hex) * e, context)
    cipher = AES.new(key, AES.MODE_GCM)
    sealed, tag = cipher.encrypt_and_digest(share.to_bytes(32, "big"))
    return {"e": encode_point(G * e), "nonce": cipher.nonce.hex(), "sealed": sealed.hex(), "tag": tag.hex()}


def unwrap_share(wrapped: dict, code: str, *, context: str) -> int:
    """The share, with the officer's code; raises `CryptoError` when it does not open."""
    key = _wrap_key(decode_point(wrapped["e"]) * officer_secret(code), context)
    cipher = AES.new(key, AES.MODE_GCM, nonce=bytes.fromhex(wrapped["nonce"]))
    try:
        plain = cipher.decrypt_and_verify(bytes.fromhex(wrapped["sealed"]), bytes.fromhex(wrapped["tag"]))
    except ValueError as error:
        raise CryptoError("the share does not open with this code") from error
    return int.from_bytes(plain, "big")
