"""Building the candidate index from entities.

One pass over the entities collects names, their token forms, the recall
keys of every name and the rarity counts of every token; `finish` turns the
Python lists into the flat numpy arrays `CandidateIndex` uses (CSR layouts,
sorted key hashes with posting ranges) so the same arrays serve in memory
and from a saved file.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterable
from typing import Any

import numpy as np

from proscribe.index.arrays import StringColumn
from proscribe.index.forms import Role, Token
from proscribe.index.keys import Q_WHOLE, hash_keys, name_keys, whole_name_key
from proscribe.index.prepare import prepare_name
from proscribe.index.records import SCHEMA_CODES, record_json
from proscribe.model import NAME_KINDS, Entity

FORMAT_VERSION = 2
# Role multipliers on a token's rarity weight: a legal form or title hardly
# identifies anyone; an initial stands for a name but could be many; a
# patronymic is shared by siblings and often left out.
ROLE_WEIGHT = {
    Role.NAME: 1.0,
    Role.PARTICLE: 0.2,
    Role.LEGAL: 0.2,
    Role.INITIAL: 0.45,
    Role.NUMBER: 1.0,
    Role.TITLE: 0.05,
    Role.PATRONYMIC: 0.6,
}
MIN_RARITY = 0.15
# Postings hashed per chunk of this many keys while building.
_HASH_CHUNK = 200_000


def rarity_keys(token: Token) -> tuple[str, str]:
    """The keys a token's frequency is counted under: its phonetic form, and its skeleton."""
    return ("r:" + token.phon if not token.abjad else "r:~" + token.skel, "r:~" + token.skel)


def rarity(df: int, n_entities: int) -> float:
    """Inverse document frequency scaled to [MIN_RARITY, 1]: 1 for a token no other party has."""
    if n_entities <= 1:
        return 1.0
    value = math.log((n_entities + 1) / (df + 0.5)) / math.log(n_entities + 1)
    return max(MIN_RARITY, min(1.0, value))


class IndexBuilder:
    """Collects entities, then produces the index arrays."""

    def __init__(self) -> None:
        self.records: list[str] = []
        self.entity_ids: list[str] = []
        self.schemas: list[int] = []
        self.ent_name_ptr: list[int] = [0]
        self.name_entity: list[int] = []
        self.name_kind: list[int] = []
        self.name_original: list[str] = []
        self.name_script: list[str] = []
        self.name_form_ptr: list[int] = [0]
        self.form_tok_ptr: list[int] = [0]
        self.form_toks: list[int] = []
        self.vocab: dict[str, int] = {}
        self.vocab_tokens: list[Token] = []
        # Postings are hashed as they are made, a chunk at a time: a million parties make
        # some 150 million postings, far too many to keep as Python strings until `finish`.
        self.post_hashes: list[np.ndarray] = []
        self.post_names = array("i")
        self.post_quality = array("B")
        self._pending_keys: list[str] = []
        self.rarity_df: dict[str, int] = {}

    def _token_id(self, token: Token) -> int:
        key = token.key
        tid = self.vocab.get(key)
        if tid is None:
            tid = len(self.vocab_tokens)
            self.vocab[key] = tid
            self.vocab_tokens.append(token)
        return tid

    def add(self, entity: Entity) -> None:
        eidx = len(self.records)
        self.records.append(record_json(entity))
        self.entity_ids.append(entity.id)
        self.schemas.append(
            SCHEMA_CODES.index(entity.schema) if entity.schema in SCHEMA_CODES else 0
        )
        entity_rarity: set[str] = set()
        seen_names: set[tuple[str, str]] = set()
        for name in entity.names:
            if not name.full or not name.full.strip() or (name.full, name.kind) in seen_names:
                continue
            seen_names.add((name.full, name.kind))
            prepared = prepare_name(name.full, entity.schema)
            if not prepared.forms:
                continue
            nidx = len(self.name_entity)
            self.name_entity.append(eidx)
            self.name_kind.append(NAME_KINDS.index(name.kind) if name.kind in NAME_KINDS else 0)
            self.name_original.append(name.full)
            self.name_script.append(name.script or prepared.script or "")
            best: dict[str, float] = {}
            for form in prepared.forms:
                self.form_toks.extend(self._token_id(t) for t in form)
                self.form_tok_ptr.append(len(self.form_toks))
                for slot in name_keys(form):
                    for key, q in slot:
                        if q > best.get(key, 0.0):
                            best[key] = q
                whole = whole_name_key(form)
                if whole is not None:
                    best[whole] = Q_WHOLE
                for tok in form:
                    entity_rarity.update(rarity_keys(tok))
            self.name_form_ptr.append(len(self.form_tok_ptr) - 1)
            self._pending_keys.extend(best)
            self.post_names.extend([nidx] * len(best))
            self.post_quality.extend(round(q * 100) for q in best.values())
            if len(self._pending_keys) >= _HASH_CHUNK:
                self._hash_pending()
        for key in entity_rarity:
            self.rarity_df[key] = self.rarity_df.get(key, 0) + 1
        self.ent_name_ptr.append(len(self.name_entity))

    def _hash_pending(self) -> None:
        if self._pending_keys:
            self.post_hashes.append(hash_keys(self._pending_keys))
            self._pending_keys = []

    def add_all(self, entities: Iterable[Entity]) -> IndexBuilder:
        for entity in entities:
            self.add(entity)
        return self

    def finish(
        self, meta: dict[str, Any] | None = None
    ) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
        """The index arrays and metadata (sources, counts, format version)."""
        n_ent = len(self.records)
        arrays: dict[str, np.ndarray] = {}
        arrays["ent_record"], arrays["ent_record_off"] = StringColumn.encode(self.records)
        arrays["ent_id"], arrays["ent_id_off"] = StringColumn.encode(self.entity_ids)
        arrays["ent_schema"] = np.asarray(self.schemas, dtype=np.uint8)
        # Each party's position in id order: ties are broken by id, whatever the load order.
        rank = np.empty(n_ent, dtype=np.int32)
        rank[sorted(range(n_ent), key=self.entity_ids.__getitem__)] = np.arange(
            n_ent, dtype=np.int32
        )
        arrays["ent_rank"] = rank
        arrays["ent_name_ptr"] = np.asarray(self.ent_name_ptr, dtype=np.int64)
        arrays["name_entity"] = np.asarray(self.name_entity, dtype=np.int32)
        arrays["name_kind"] = np.asarray(self.name_kind, dtype=np.uint8)
        arrays["name_original"], arrays["name_original_off"] = StringColumn.encode(
            self.name_original
        )
        arrays["name_script"], arrays["name_script_off"] = StringColumn.encode(self.name_script)
        arrays["name_form_ptr"] = np.asarray(self.name_form_ptr, dtype=np.int64)
        arrays["form_tok_ptr"] = np.asarray(self.form_tok_ptr, dtype=np.int64)
        arrays["form_toks"] = np.asarray(self.form_toks, dtype=np.int32)
        toks = self.vocab_tokens
        arrays["tok_text"], arrays["tok_text_off"] = StringColumn.encode(t.text for t in toks)
        arrays["tok_phon"], arrays["tok_phon_off"] = StringColumn.encode(t.phon for t in toks)
        arrays["tok_skel"], arrays["tok_skel_off"] = StringColumn.encode(t.skel for t in toks)
        arrays["tok_role"] = np.asarray([int(t.role) for t in toks], dtype=np.uint8)
        arrays["tok_abjad"] = np.asarray([t.abjad for t in toks], dtype=np.uint8)
        arrays["tok_weight"] = np.asarray(
            [
                ROLE_WEIGHT[t.role] * rarity(self.rarity_df.get(rarity_keys(t)[0], 0), n_ent)
                for t in toks
            ],
            dtype=np.float32,
        )
        # Postings: sorted by key hash, then name; one range per distinct key.
        self._hash_pending()
        hashes = (
            np.concatenate(self.post_hashes) if self.post_hashes else np.zeros(0, dtype=np.uint64)
        )
        self.post_hashes = []
        names = np.frombuffer(self.post_names, dtype=np.int32).copy()
        quality = np.frombuffer(self.post_quality, dtype=np.uint8).copy()
        # Names were appended in increasing order, so a stable sort by hash alone
        # orders by (hash, name), with one temporary index instead of lexsort's.
        order = np.argsort(hashes, kind="stable")
        hashes = hashes[order]
        names = names[order]
        quality = quality[order]
        del order
        uniq, starts = np.unique(hashes, return_index=True)
        arrays["key_hash"] = uniq
        arrays["key_ptr"] = np.append(starts, len(hashes)).astype(np.int64)
        arrays["post_name"] = names
        arrays["post_quality"] = quality
        r_keys = list(self.rarity_df)
        r_hash = hash_keys(r_keys)
        r_df = np.asarray([self.rarity_df[k] for k in r_keys], dtype=np.int32)
        r_order = np.argsort(r_hash, kind="stable")
        arrays["rarity_hash"] = r_hash[r_order]
        arrays["rarity_df"] = r_df[r_order]
        info = dict(meta or {})
        info.update(
            {
                "format_version": FORMAT_VERSION,
                "entities": n_ent,
                "names": len(self.name_entity),
                "tokens": len(toks),
                "keys": len(uniq),
                "postings": len(hashes),
            }
        )
        return arrays, info
