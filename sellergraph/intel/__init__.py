"""Intelligence sharing: hashed watchlists, partner matching, STIX 2.1 bundles, case packages.

What leaves the platform refers to identifiers only through keyed hashes
(HMAC-SHA256 under a key agreed with the partner; see :mod:`sellergraph.hashing`)
or masked values; raw values only when the caller asks for them with ``raw=True``.

* :func:`to_watchlist` / :func:`write_watchlist` / :func:`read_watchlist`: the hashed
  identifiers of banned stores and their rings, as CSV, Parquet or JSON.
* :func:`match_watchlist`: a partner's watchlist against your stores;
  :func:`add_partner_evidence` feeds the matches to :func:`sellergraph.analyze`.
* :func:`to_stix` / :func:`write_stix`: rings, members and identifiers as a STIX 2.1
  bundle with TLP markings (needs the ``stix2`` package).
* :func:`to_case` / :func:`write_case`: a case package for one ring, for law
  enforcement: HTML dossier, JSON, CSV and a manifest of SHA-256 hashes.

Examples
--------
>>> from sellergraph import intel
>>> intel.key_fingerprint(b"a key both partners agreed on")
'cb6287b7d501e0f9'
"""

from ._common import key_fingerprint, store_refs
from .case import CasePackage, to_case, to_case_zip, verify_case, write_case
from .matching import (
    PartnerEvidence,
    WatchlistMatch,
    add_partner_evidence,
    match_watchlist,
)
from .stix import STIX_EXTENSION_ID, to_stix, validate_stix, write_stix
from .watchlist import (
    Watchlist,
    hash_identifiers,
    read_watchlist,
    to_watchlist,
    to_watchlist_csv,
    to_watchlist_json,
    to_watchlist_parquet,
    write_watchlist,
)

__all__ = [
    "STIX_EXTENSION_ID",
    "CasePackage",
    "PartnerEvidence",
    "Watchlist",
    "WatchlistMatch",
    "add_partner_evidence",
    "hash_identifiers",
    "key_fingerprint",
    "match_watchlist",
    "read_watchlist",
    "store_refs",
    "to_case",
    "to_case_zip",
    "to_stix",
    "to_watchlist",
    "to_watchlist_csv",
    "to_watchlist_json",
    "to_watchlist_parquet",
    "validate_stix",
    "verify_case",
    "write_case",
    "write_stix",
    "write_watchlist",
]
