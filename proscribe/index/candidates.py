"""The candidate index: which listed parties a query could be, found in milliseconds.

Retrieval is recall-first. Every query token's keys (see `keys`) are looked
up by binary search in the sorted key hashes; each hit is worth the key's
quality times its inverse frequency, a name's worth for a query token is its
best hit, and a name's candidate score is the sum over query tokens. The
best names' entities, up to `limit`, go to the scorer. Nothing here decides
a match: a candidate only has to be worth scoring.

The index is a set of flat arrays (see `build`), identical in memory and on
disk, so `open` is a memory map and costs no parsing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, overload

import numpy as np

from proscribe.index.arrays import IndexFileError, StringColumn, open_arrays, save_arrays
from proscribe.index.build import FORMAT_VERSION, ROLE_WEIGHT, IndexBuilder, rarity, rarity_keys
from proscribe.index.features import TokenFeatures
from proscribe.index.forms import Role, Token, join_span, spans_of_codes
from proscribe.index.keys import Q_WHOLE, hash_keys, name_keys, whole_name_key
from proscribe.index.records import EntityRecord, record_from_json
from proscribe.model import NAME_KINDS, Entity

NAME_POOL_FACTOR = 4
# Tokens of a name considered when aligning (a name is never longer in practice).
MAX_FORM_TOKENS = 16


class CandidateIndex:
    """Names, tokens, recall keys and entity facts of a set of listed parties."""

    def __init__(self, arrays: dict[str, np.ndarray], meta: dict[str, Any]) -> None:
        if meta.get("format_version") != FORMAT_VERSION:
            raise IndexFileError(
                f"index format {meta.get('format_version')} is not {FORMAT_VERSION}; rebuild it"
            )
        self.arrays = arrays
        self.meta = meta
        a = arrays
        self._records = StringColumn(a["ent_record"], a["ent_record_off"])
        self._entity_ids = StringColumn(a["ent_id"], a["ent_id_off"])
        self._name_original = StringColumn(a["name_original"], a["name_original_off"])
        self._name_script = StringColumn(a["name_script"], a["name_script_off"])
        self._tok_text = StringColumn(a["tok_text"], a["tok_text_off"])
        self._tok_phon = StringColumn(a["tok_phon"], a["tok_phon_off"])
        self._tok_skel = StringColumn(a["tok_skel"], a["tok_skel_off"])
        self.ent_name_ptr = a["ent_name_ptr"]
        self.name_entity = a["name_entity"]
        self.name_kind_codes = a["name_kind"]
        self.name_form_ptr = a["name_form_ptr"]
        self.form_tok_ptr = a["form_tok_ptr"]
        self.form_toks = a["form_toks"]
        self.tok_role = a["tok_role"]
        self.tok_abjad = a["tok_abjad"]
        self.tok_weight = a["tok_weight"]
        self.key_hash = a["key_hash"]
        self.key_ptr = a["key_ptr"]
        self.post_name = a["post_name"]
        self.post_quality = a["post_quality"]
        self.rarity_hash = a["rarity_hash"]
        self.rarity_df = a["rarity_df"]
        self.ent_rank = a["ent_rank"]
        self.n_entities = int(len(self.ent_name_ptr) - 1)
        self.n_names = len(self.name_entity)
        # Per-index caches: decoded objects for the entities and names queries reach.
        self.record = lru_cache(maxsize=200_000)(self._record)
        self.token = lru_cache(maxsize=500_000)(self._token)
        self.name_forms = lru_cache(maxsize=300_000)(self._name_forms)
        self.run_token = lru_cache(maxsize=300_000)(self._run_token)
        self._features: TokenFeatures | None = None

    # Building, saving, opening

    @classmethod
    def build(
        cls, entities: Iterable[Entity], meta: dict[str, Any] | None = None
    ) -> CandidateIndex:
        arrays, info = IndexBuilder().add_all(entities).finish(meta)
        return cls(arrays, info)

    def save(self, path: Path) -> None:
        save_arrays(path, self.arrays, self.meta)

    @classmethod
    def open(cls, path: Path) -> CandidateIndex:
        arrays, meta = open_arrays(path)
        return cls(arrays, meta)

    # Entities and names

    def _record(self, entity: int) -> EntityRecord:
        return record_from_json(self._records[entity])

    def entity_id(self, entity: int) -> str:
        return self._entity_ids[entity]

    def entity_names(self, entity: int) -> range:
        return range(int(self.ent_name_ptr[entity]), int(self.ent_name_ptr[entity + 1]))

    def name_original(self, name: int) -> str:
        return self._name_original[name]

    def name_script(self, name: int) -> str | None:
        return self._name_script[name] or None

    def name_kind(self, name: int) -> str:
        return NAME_KINDS[int(self.name_kind_codes[name])]

    def _token(self, tid: int) -> Token:
        return Token(
            self._tok_text[tid],
            self._tok_phon[tid],
            self._tok_skel[tid],
            Role(int(self.tok_role[tid])),
            bool(self.tok_abjad[tid]),
        )

    def token_features(self) -> TokenFeatures:
        """The whole vocabulary's `TokenFeatures`, computed on first use and kept."""
        if self._features is None:
            self._features = TokenFeatures.of(_Vocabulary(self))
        return self._features

    def _run_token(self, run: tuple[int, ...]) -> Token:
        """Adjacent list tokens read as one word (Abdul Rahman -> Abdulrahman); the same runs recur across queries."""
        return join_span([self.token(t) for t in run], tuple(range(len(run))))

    def _name_forms(self, name: int) -> tuple[NameForm, ...]:
        """The name's forms as vocabulary ids, with weights, role codes and joinable runs."""
        out = []
        for f in range(int(self.name_form_ptr[name]), int(self.name_form_ptr[name + 1])):
            ids = self.form_toks[int(self.form_tok_ptr[f]) : int(self.form_tok_ptr[f + 1])][
                :MAX_FORM_TOKENS
            ]
            tids = tuple(int(t) for t in ids)
            codes = tuple(int(r) for r in self.tok_role[ids])
            runs = spans_of_codes(codes)
            out.append(
                NameForm(
                    tids,
                    tuple(float(w) for w in self.tok_weight[ids]),
                    codes,
                    runs,
                    tuple(tuple(tids[k] for k in run) for run in runs),
                )
            )
        return tuple(out)

    def token_weight(self, token: Token) -> float:
        """A query token's weight: its role times its rarity among the indexed parties."""
        key = rarity_keys(token)[0]
        h = hash_keys([key])[0]
        pos = int(np.searchsorted(self.rarity_hash, h))
        df = (
            int(self.rarity_df[pos])
            if pos < len(self.rarity_hash) and self.rarity_hash[pos] == h
            else 0
        )
        return ROLE_WEIGHT[token.role] * rarity(df, self.n_entities)

    # Retrieval

    def _form_scores(self, form: Sequence[Token]) -> tuple[np.ndarray, np.ndarray]:
        slots = name_keys(form)
        flat = [(s, key, q) for s, slot in enumerate(slots) for key, q in slot]
        whole = whole_name_key(form)
        if whole is not None:
            flat.append((len(slots), whole, Q_WHOLE))
        if not flat:
            return np.zeros(0, np.int32), np.zeros(0, np.float32)
        hashes = hash_keys([k for _, k, _ in flat])
        pos = np.searchsorted(self.key_hash, hashes)
        pos_ok = np.minimum(pos, max(len(self.key_hash) - 1, 0))
        found = (
            (pos < len(self.key_hash)) & (self.key_hash[pos_ok] == hashes)
            if len(self.key_hash)
            else np.zeros(len(flat), bool)
        )
        hit = np.flatnonzero(found)
        if not len(hit):
            return np.zeros(0, np.int32), np.zeros(0, np.float32)
        at = pos_ok[hit]
        lo = self.key_ptr[at].astype(np.int64)
        counts = self.key_ptr[at + 1].astype(np.int64) - lo
        # Each key's worth: its quality times its inverse document frequency (float32, as built).
        factors = np.array(
            [
                np.float32(flat[k][2] * float(np.log1p(self.n_names / int(c))) / 100.0)
                for k, c in zip(hit.tolist(), counts.tolist(), strict=True)
            ],
            dtype=np.float32,
        )
        # All postings of all hit keys in one gather: positions lo..lo+count of each key.
        starts = np.repeat(lo - np.cumsum(counts) + counts, counts)
        postings = starts + np.arange(int(counts.sum()), dtype=np.int64)
        ids = self.post_name[postings].astype(np.int64)
        vals = self.post_quality[postings].astype(np.float32) * np.repeat(factors, counts)
        slot_of = np.repeat(np.array([flat[k][0] for k in hit.tolist()], dtype=np.int64), counts)
        # A name's worth for a query token is its best key; then summed over the query's tokens.
        combined = slot_of * (self.n_names + 1) + ids
        order = np.lexsort((-vals, combined))
        combined, vals = combined[order], vals[order]
        first = np.ones(len(combined), dtype=bool)
        first[1:] = combined[1:] != combined[:-1]
        ids = combined[first] % (self.n_names + 1)
        uniq, inverse = np.unique(ids, return_inverse=True)
        return uniq.astype(np.int32), np.bincount(inverse, weights=vals[first]).astype(np.float32)

    def search(self, forms: Sequence[Sequence[Token]], limit: int = 100) -> list[Candidate]:
        """Up to `limit` candidates, best first, for the query's token forms."""
        if self.n_names == 0 or limit <= 0:
            return []
        names_parts: list[np.ndarray] = []
        score_parts: list[np.ndarray] = []
        for form in forms:
            ids, scores = self._form_scores(form)
            names_parts.append(ids)
            score_parts.append(scores)
        if not names_parts:
            return []
        names = np.concatenate(names_parts)
        scores = np.concatenate(score_parts)
        if len(names) == 0:
            return []
        if len(forms) > 1:
            names, scores = _max_per_id(names, scores)
        # Best first; equal scores in the order of the parties' ids, so that
        # the candidates do not depend on the order the lists were loaded in.
        rounded = np.round(scores, 4)
        order = np.lexsort((self.ent_rank[self.name_entity[names]], -rounded))
        order = order[: limit * NAME_POOL_FACTOR]
        by_entity: dict[int, Candidate] = {}
        for i in order:
            ent = int(self.name_entity[names[i]])
            found = by_entity.get(ent)
            if found is None:
                if len(by_entity) >= limit:
                    continue
                by_entity[ent] = Candidate(ent, float(scores[i]), [int(names[i])])
            else:
                found.names.append(int(names[i]))
        return list(by_entity.values())


@dataclass(frozen=True, slots=True)
class NameForm:
    """One form of a listed name, ready to align: token ids, weights, role codes, joinable runs."""

    tids: tuple[int, ...]
    weights: tuple[float, ...]
    codes: tuple[int, ...]
    spans: tuple[tuple[int, ...], ...]
    runs: tuple[tuple[int, ...], ...]

    def __iter__(self) -> Iterator[tuple[float, ...] | tuple[int, ...]]:
        """Unpacks as `(tids, weights)`, the shape callers used before roles and runs were added."""
        return iter((self.tids, self.weights))


@dataclass(slots=True)
class Candidate:
    """A listed party worth scoring: its best key-match score and the names that were hit."""

    entity: int
    score: float
    names: list[int]


def _max_per_id(ids: np.ndarray, vals: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    order = np.lexsort((-vals, ids))
    ids, vals = ids[order], vals[order]
    first = np.ones(len(ids), dtype=bool)
    first[1:] = ids[1:] != ids[:-1]
    return ids[first], vals[first]


class _Vocabulary(Sequence[Token]):
    """The index's tokens as a sequence, decoded on access (for `TokenFeatures.of`)."""

    def __init__(self, index: CandidateIndex) -> None:
        self._index = index

    def __len__(self) -> int:
        return len(self._index.tok_role)

    @overload
    def __getitem__(self, i: int) -> Token: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[Token]: ...
    def __getitem__(self, i: int | slice) -> Token | Sequence[Token]:
        if isinstance(i, slice):
            return [self._index.token(k) for k in range(len(self))[i]]
        return self._index.token(i)
