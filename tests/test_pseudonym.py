"""Pseudonyms: HMAC-SHA-256 of the NIP, stable for a salt, different across salts; where the salt comes from."""

from __future__ import annotations

import hashlib
import hmac
import stat

import pandas as pd
import pytest

from analysis.data import pseudonym as ps
from analysis.data.contract import PSEUDONYM_PATTERN

NIP = "197409122000031002"


def test_pseudonym_is_the_keyed_hash():
    expected = "ASN-" + hmac.new(b"salt", NIP.encode(), hashlib.sha256).hexdigest()[:16]
    assert ps.pseudonym(NIP, b"salt") == expected
    assert pd.Series([expected]).str.fullmatch(PSEUDONYM_PATTERN[1:-1]).all()


def test_stable_for_a_salt_and_different_across_salts():
    values = pd.Series([NIP, "198503152010012001", NIP, None], dtype="string")
    a1 = ps.pseudonymise(values, b"salt-A")
    a2 = ps.pseudonymise(values, b"salt-A")
    b = ps.pseudonymise(values, b"salt-B")
    assert a1.tolist()[:3] == a2.tolist()[:3]
    assert a1.iloc[0] == a1.iloc[2] != a1.iloc[1]
    assert pd.isna(a1.iloc[3])
    assert (a1.iloc[:3] != b.iloc[:3]).all()


def test_existing_pseudonyms_pass_through():
    p = ps.pseudonym(NIP, b"x")
    assert ps.pseudonymise(pd.Series([p], dtype="string"), b"y").iloc[0] == p


def test_salt_must_be_bytes():
    with pytest.raises(ValueError, match="salt"):
        ps.pseudonymise(pd.Series([NIP]), b"")


def test_mask_nip():
    out = ps.mask_nip(pd.Series([NIP, "123", ps.pseudonym(NIP, b"x"), None]))
    assert out.tolist()[:3] == ["1974xxxxxxxxxxx002", "xxx", ps.pseudonym(NIP, b"x")]


def test_salt_from_environment_variable(tmp_path):
    salt = ps.resolve_salt({"KOMPETENSI_SALT": "rahasia", "XDG_CONFIG_HOME": str(tmp_path)})
    assert salt.value == b"rahasia" and salt.warning is None
    assert "rahasia" not in repr(salt)


def test_salt_from_file_named_by_environment(tmp_path):
    f = tmp_path / "salt.txt"
    f.write_text("shared-secret\n")
    salt = ps.resolve_salt({"KOMPETENSI_SALT_FILE": str(f)})
    assert salt.value == b"shared-secret" and salt.warning is None
    with pytest.raises(ValueError, match="cannot read"):
        ps.resolve_salt({"KOMPETENSI_SALT_FILE": str(tmp_path / "missing")})


def test_per_installation_salt_created_once_with_a_warning(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    first = ps.resolve_salt({})
    path = tmp_path / "kompetensi" / "salt"
    assert path.is_file()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(bytes.fromhex(path.read_text().strip())) == 32
    assert str(path) in first.warning and "same salt" in first.warning and "created" in first.warning
    second = ps.resolve_salt({})
    assert second.value == first.value and "used the" in second.warning
    # another installation gets another salt
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "other"))
    assert ps.resolve_salt({}).value != first.value


def test_fingerprint_hides_the_salt():
    fp = ps.salt_fingerprint(b"rahasia")
    assert fp != ps.salt_fingerprint(b"rahasia2") and "rahasia" not in fp and len(fp) == 16


def test_no_salt_constant_in_the_code():
    import inspect

    source = inspect.getsource(ps)
    assert "token_hex(32)" in source  # the default is random per installation
    assert "Salt(b\"" not in source and "value=b\"" not in source
