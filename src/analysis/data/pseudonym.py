"""Pseudonymisation of NIPs: a keyed hash, stable across quarters for one salt.

``pseudonym(nip) = "ASN-" + first 16 hex digits of HMAC-SHA-256(salt, nip)``.
The salt is a secret kept outside the data and the code; with the same salt the
same NIP always gets the same pseudonym, so quarters can be linked, while the
pseudonym cannot be turned back into the NIP without the salt (a plain hash
could: NIPs have little entropy, birth date + month + gender + serial).

Where the salt comes from, first match wins:

1. the environment variable ``KOMPETENSI_SALT`` (its text, UTF-8);
2. the file named by the environment variable ``KOMPETENSI_SALT_FILE``;
3. the per-installation file ``~/.config/kompetensi/salt`` (``$XDG_CONFIG_HOME``
   if set), created on first use with 32 random bytes written as 64 hex
   characters, mode 0600. The loader then warns where the file is: the same
   salt must be used every quarter (copy the file to every machine that loads
   the data), or pseudonyms will not match across quarters.

A salt file's content is used with surrounding whitespace stripped. The salt is
never stored in the code, the cache or the reports; the cache key uses
:func:`salt_fingerprint`, a hash of the salt.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.data.contract import PSEUDONYM_PATTERN

SALT_ENV = "KOMPETENSI_SALT"
SALT_FILE_ENV = "KOMPETENSI_SALT_FILE"
_PSEUDONYM_RE = re.compile(PSEUDONYM_PATTERN)


@dataclass(frozen=True)
class Salt:
    """A salt, where it came from, and the warning to show (if any)."""

    value: bytes
    source: str
    warning: str | None = None

    def __repr__(self) -> str:  # never print the secret
        return f"Salt(source={self.source!r}, fingerprint={salt_fingerprint(self.value)!r})"


def default_salt_path() -> Path:
    """``$XDG_CONFIG_HOME/kompetensi/salt``, else ``~/.config/kompetensi/salt``."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "kompetensi" / "salt"


def _read_salt_file(path: Path, what: str) -> bytes:
    try:
        value = path.read_bytes().strip()
    except OSError as exc:
        raise ValueError(f"cannot read the salt file {path} ({what}): {exc.strerror}") from None
    if not value:
        raise ValueError(f"the salt file {path} ({what}) is empty; put a long random secret in it")
    return value


def resolve_salt(environ: dict[str, str] | None = None) -> Salt:
    """Find (or create, on first use) the pseudonymisation salt; see the module notes.

    Parameters
    ----------
    environ
        Environment to read (default ``os.environ``).

    Returns
    -------
    Salt
        ``warning`` is set when the per-installation file is used (no salt configured).
    """
    env = os.environ if environ is None else environ
    if env.get(SALT_ENV):
        return Salt(env[SALT_ENV].encode("utf-8"), f"environment variable {SALT_ENV}")
    if env.get(SALT_FILE_ENV):
        path = Path(env[SALT_FILE_ENV]).expanduser()
        return Salt(_read_salt_file(path, f"from {SALT_FILE_ENV}"), f"file {path}")
    path = default_salt_path()
    created = False
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process created it meanwhile
            pass
        else:
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_hex(32) + "\n")
            created = True
    value = _read_salt_file(path, "per-installation salt")
    action = "created a new" if created else "used the"
    warning = (
        f"No pseudonymisation salt configured ({SALT_ENV} / {SALT_FILE_ENV} unset): {action} "
        f"per-installation salt file {path}. Use the same salt every quarter, or pseudonyms "
        f"will not match across quarters: keep this file safe, copy it to every machine that "
        f"loads the data, or set {SALT_FILE_ENV} to a shared copy."
    )
    return Salt(value, f"file {path}", warning)


def salt_fingerprint(salt: bytes) -> str:
    """A short SHA-256 of the salt (never the salt itself), for cache keys and manifests."""
    return hashlib.sha256(b"kompetensi-salt-fingerprint:" + salt).hexdigest()[:16]


def pseudonym(nip: str, salt: bytes) -> str:
    """``"ASN-" + HMAC-SHA-256(salt, nip)[:16 hex]``; an existing pseudonym passes through."""
    if _PSEUDONYM_RE.match(nip):
        return nip
    return "ASN-" + hmac.digest(salt, nip.encode("ascii"), "sha256").hex()[:16]


#: The block size of SHA-256, the length HMAC pads its key to (RFC 2104).
_SHA256_BLOCK = 64


def hmac_keys(salt: bytes) -> tuple[bytes, bytes]:
    """The inner and outer padded keys of HMAC-SHA-256 with key ``salt`` (RFC 2104).

    HMAC(K, m) = SHA-256((K' xor opad) || SHA-256((K' xor ipad) || m)), K' the key
    (hashed when longer than 64 bytes) padded with zeros to 64 bytes. Returns
    ``(K' xor ipad, K' xor opad)`` for :func:`pseudonym_sql`.
    """
    key = hashlib.sha256(salt).digest() if len(salt) > _SHA256_BLOCK else bytes(salt)
    key = key.ljust(_SHA256_BLOCK, b"\0")
    return bytes(b ^ 0x36 for b in key), bytes(b ^ 0x5C for b in key)


def pseudonym_sql(text: str, keys: str = "hmac_keys") -> str:
    """DuckDB SQL computing :func:`pseudonym` of the NIP text expression ``text``.

    The same definition written with DuckDB's ``sha256``: ``"ASN-"`` + the first 16 hex
    digits of HMAC-SHA-256(salt, nip) built from its two hashes (:func:`hmac_keys`), read
    from the one-row table ``keys`` (columns ``ipad``, ``opad``, BLOB); an existing
    pseudonym passes through. Tests check it equals :func:`pseudonym` value for value.
    """
    inner = f"unhex(sha256((SELECT ipad FROM {keys}) || encode({text})))"
    digest = f"sha256((SELECT opad FROM {keys}) || {inner})"
    return (
        f"CASE WHEN regexp_full_match({text}, '{PSEUDONYM_PATTERN[1:-1]}') THEN {text} "
        f"ELSE 'ASN-' || substr({digest}, 1, 16) END"
    )


def is_pseudonym(values: pd.Series) -> pd.Series:
    """Boolean mask: the value already is a pseudonym ``ASN-<16 hex>``."""
    return values.astype("string").str.fullmatch(PSEUDONYM_PATTERN[1:-1]).fillna(False).astype(bool)


def pseudonymise(values: pd.Series, salt: bytes) -> pd.Series:
    """Replace each NIP by its pseudonym (missing stays missing), hashing each distinct value once.

    Parameters
    ----------
    values
        Canonical 18-digit NIPs or existing pseudonyms (text).
    salt
        The secret from :func:`resolve_salt`.

    Returns
    -------
    Series
        ``string`` dtype, same index.
    """
    if not isinstance(salt, bytes | bytearray) or not salt:
        raise ValueError("salt must be non-empty bytes (see analysis.data.pseudonym.resolve_salt)")
    codes, uniques = pd.factorize(values.astype("string"), use_na_sentinel=True)
    key = bytes(salt)
    hashed = pd.array([pseudonym(str(u), key) for u in uniques], dtype="string")
    out = hashed.take(codes, allow_fill=True)
    return pd.Series(out, index=values.index, dtype="string")


def mask_nip(values: pd.Series) -> pd.Series:
    """Mask NIP-like text for messages: first 4 and last 3 characters kept (``1974xxxxxxxxxxx002``).

    Pseudonyms pass through; values of 7 characters or fewer are fully masked.
    """
    s = values.astype("string")
    n = s.str.len()
    out = s.str.slice_replace(4, 15, "x" * 11).where(n == 18, s)
    odd = (n != 18).fillna(False).to_numpy() & s.notna().to_numpy()
    if odd.any():
        def one(v: str) -> str:
            return v[:4] + "x" * (len(v) - 7) + v[-3:] if len(v) > 7 else "x" * len(v)

        out[odd] = [one(v) for v in s[odd]]
    pseudo = is_pseudonym(s).to_numpy()
    out[pseudo] = s[pseudo]
    return out.astype("string")
