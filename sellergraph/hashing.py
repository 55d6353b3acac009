"""Keyed hashes of normalised identifiers, for anything that leaves the platform.

A phone number has few enough possible values that an unkeyed hash of it can be
reversed by hashing every number; so identifiers shared outside (watchlists, STIX
bundles, graph exports, Neo4j) are hashed with HMAC-SHA256 under a secret key that
the two sides agree on. The message is ``kind`` and the normalised ``key`` joined by
a unit separator, so the same value written two ways hashes the same (normalisation
comes first) and a phone never collides with an e-mail.

The secret is read from a file or an environment variable; it is never logged,
printed, written into an output or put into an error message.

Examples
--------
>>> secret = b"correct horse battery staple"
>>> keyed_hash(["phone"], ["+8613800138000"], secret)[0][:16]
'e939997318ca0f02'
>>> import hashlib
>>> keyed_hash(["phone"], ["+8613800138000"], secret)[0] != hashlib.sha256(
...     b"+8613800138000").hexdigest()
True
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from .errors import ConfigError, why_not_a_file

__all__ = ["HASH_ALGORITHM", "MIN_SECRET_BYTES", "key_fingerprint", "keyed_hash", "read_secret"]

#: How every hashed value is made (recorded in watchlists, bundles and graphs).
HASH_ALGORITHM = "HMAC-SHA256"
#: Shortest secret accepted: 16 bytes (128 bits).
MIN_SECRET_BYTES = 16
_SEP = "\x1f"
_FINGERPRINT_LABEL = b"sellergraph key fingerprint v1"


def _check_secret(secret: bytes) -> None:
    if not isinstance(secret, bytes | bytearray) or len(secret) < MIN_SECRET_BYTES:
        raise ConfigError(f"the hashing key must be at least {MIN_SECRET_BYTES} bytes")


def key_fingerprint(secret: bytes) -> str:
    """A short public fingerprint of the key.

    The HMAC of a fixed label under the key: two partners (or a graph and the
    next push into it) compare fingerprints to check they hash with the same key,
    and the fingerprint reveals nothing about the key or any identifier.

    Examples
    --------
    >>> key_fingerprint(b"correct horse battery staple")
    '7c5393e87fc370ff'
    """
    _check_secret(secret)
    return hmac.new(bytes(secret), _FINGERPRINT_LABEL, hashlib.sha256).hexdigest()[:16]


def read_secret(*, key_file: str | Path | None = None, key_env: str | None = None) -> bytes:
    """Read the shared secret from a file or an environment variable.

    Exactly one source must be given. Surrounding whitespace (a trailing newline)
    is stripped. The secret must be at least :data:`MIN_SECRET_BYTES` long.

    Raises
    ------
    ConfigError
        When no source or both are given, the file or variable is missing or empty,
        or the secret is too short. The message never contains the secret.
    """
    if (key_file is None) == (key_env is None):
        raise ConfigError("give the hashing key as exactly one of a key file or an env variable")
    if key_file is not None:
        path = Path(key_file)
        why = why_not_a_file(path)
        if why:
            raise ConfigError(f"key file {str(path)!r} {why}")
        secret = path.read_bytes().strip()
        where = f"key file {str(path)!r}"
    else:
        assert key_env is not None
        value = os.environ.get(key_env)
        if value is None:
            raise ConfigError(f"environment variable {key_env!r} (the hashing key) is not set")
        secret = value.strip().encode()
        where = f"environment variable {key_env!r}"
    if len(secret) < MIN_SECRET_BYTES:
        raise ConfigError(
            f"the hashing key in {where} is too short ({len(secret)} bytes; at least "
            f"{MIN_SECRET_BYTES} are needed, for example: openssl rand -hex 32)"
        )
    return secret


def keyed_hash(kinds: Iterable[str], keys: Iterable[str], secret: bytes) -> np.ndarray:
    """HMAC-SHA256 (hex) of each normalised ``(kind, key)`` under ``secret``.

    Parameters
    ----------
    kinds, keys : iterables of str
        Identifier kinds and normalised keys, the same length.
    secret : bytes
        The shared key (see :func:`read_secret`).

    Returns
    -------
    ndarray of str
        64 hex characters per identifier.
    """
    _check_secret(secret)
    base = hmac.new(bytes(secret), digestmod=hashlib.sha256)
    out = []
    for kind, key in zip(kinds, keys, strict=True):
        h = base.copy()
        h.update(f"{kind}{_SEP}{key}".encode())
        out.append(h.hexdigest())
    return np.asarray(out, dtype=object)
