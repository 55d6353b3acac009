"""The package version and the identifier keys version, in one place (importable from
anywhere without a cycle).

The *keys version* (:data:`KEYS_VERSION`) names how raw identifier values are read into
the normalised keys that link stores (``+86 138 0013 8000`` into ``+8613800138000``).
Stored artefacts that hold keys, or keyed hashes of them, record the version they were
made with (``keys_version``): a screening index, a run folder's ``run.json``, a
watchlist's metadata, a case package's manifest. A value keyed one way by one version
and another way by the next is a different key: an index built with the old keys
misses a returning seller whose phone number or account the new version keys
otherwise, and a partner's watchlist misses ours. So readers compare versions: an index
of other keys is refused (rebuild it), a watchlist or a run folder of other keys is
named in a warning or a note.

Maintainers: bump :data:`KEYS_VERSION` whenever a change makes any value's key differ
(a normalisation rule, a placeholder, how a region reads a phone number, a dependency
such as ``phonenumbers`` whose update reads a number otherwise), in the same change.
``tests/test_keys_version.py`` keys a fixed corpus of values of every kind and fails
with "keys changed: bump KEYS_VERSION and record the new digest" when their keys differ
from those recorded; ``python tests/test_keys_version.py --record`` then records them
under the new version (it refuses to record other keys under a version that already has
a digest). A change of flags or weights alone is no change of keys.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__version__ = "0.1.0"

#: The version of the identifier keys this sellergraph makes (see the module's notes).
KEYS_VERSION = 1


def keys_version_of(provenance: Mapping[str, Any]) -> int | None:
    """The keys version of an analysis's keys, from its provenance.

    An analysis rebuilt from a run folder holds the folder's stored keys, and its
    provenance the version the folder recorded (``None`` for a folder written before
    sellergraph recorded one); an analysis of raw values holds this version's keys.

    Examples
    --------
    >>> keys_version_of({}) == KEYS_VERSION, keys_version_of({"keys_version": None})
    (True, None)
    """
    if "keys_version" not in provenance:
        return KEYS_VERSION
    version = provenance["keys_version"]
    return version if isinstance(version, int) and not isinstance(version, bool) else None


def keys_version_text(version: object) -> str:
    """A recorded keys version as a message names it.

    Examples
    --------
    >>> keys_version_text(3), keys_version_text(None)
    ('keys version 3', 'no keys version (made before sellergraph recorded one)')
    """
    if isinstance(version, int) and not isinstance(version, bool):
        return f"keys version {version}"
    if version is None:
        return "no keys version (made before sellergraph recorded one)"
    return f"keys version {version!r}"
