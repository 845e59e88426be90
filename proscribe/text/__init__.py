"""Normalisation, transliteration and name analysis for cross-script name matching.

The stable API, used by `proscribe.index` and `proscribe.match`:

- `analyse_name(name, schema)` -> `NameForm`: tokens, keys, variants,
  legal form, titles, initials and roles of one name (`names`);
- `fold(text)`: case, accents, punctuation and script-variant folding (`normalize`);
- `to_latin(text)`, `latin_variants(text)`: romanisation of any script (`translit`);
- `token_key(token)`: the phonetic key of a folded Latin token (`keys`);
- `dominant_script(text)`: ISO 15924 code of a text's script (`scripts`);
- `strip_honorifics`, `strip_legal_form`, `legal_form_family`: the title and
  legal-form tables on their own (`honorifics`, `legal_forms`).

See docs/text.md for the design and the measured quality.
"""

from proscribe.text.honorifics import strip_honorifics
from proscribe.text.keys import token_key
from proscribe.text.legal_forms import legal_form_family, strip_legal_form
from proscribe.text.names import NameForm, analyse_name, is_particle, join_compounds
from proscribe.text.normalize import fold
from proscribe.text.scripts import dominant_script
from proscribe.text.translit import latin_variants, to_latin

__all__ = [
    "NameForm",
    "analyse_name",
    "dominant_script",
    "fold",
    "is_particle",
    "join_compounds",
    "latin_variants",
    "legal_form_family",
    "strip_honorifics",
    "strip_legal_form",
    "to_latin",
    "token_key",
]
