"""Chinese word segmentation (jieba) shared by indexing and query parsing.

jieba is loaded lazily, once per process, with the property dictionary shipped beside this
module (`dict.txt`). Site, building and unit names are deliberately *not* added at load time:
the segmentation must be identical in every process and at every moment, or a document indexed
by one worker could be missed by the query of another. Unit codes are matched through their
normalised key tokens instead (`unit3x1x502`), which needs no dictionary.
"""

import logging
import re
import tempfile
import threading
import unicodedata
from pathlib import Path

from django.conf import settings

from propdesk.orgs.models import unit_search_key

DICT_PATH = Path(__file__).with_name("dict.txt")
_WORD = re.compile(r"[^\W_]+")
_DIGITS = re.compile(r"\d+")
_lock = threading.Lock()
_tokenizer = None


def _cache_dir() -> str:
    """jieba caches its prefix dictionary in a file; keep it under VAR_DIR when writable."""
    path = Path(getattr(settings, "VAR_DIR", tempfile.gettempdir())) / "cache"
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return tempfile.gettempdir()
    return str(path)


# jieba's general dictionary has 349k words and costs ~70 MB in every web process; the words used
# at least MIN_FREQ times (~105k) keep the segmentation of everyday text and cost a third of it.
# Unknown words still go through jieba's HMM, and every character is indexed as well (see
# services), so recall does not depend on a rare word being in the dictionary. Changing MIN_FREQ
# changes the tokens: run `propdesk search_rebuild` afterwards.
MIN_FREQ = 10


def _pruned_dictionary() -> str:
    """jieba's dictionary without its rare words, written once per version into the cache dir."""
    import jieba

    source = Path(jieba.__file__).with_name("dict.txt")
    target = Path(_cache_dir()) / f"jieba-dict-min{MIN_FREQ}-{source.stat().st_size}.txt"
    if not target.exists():
        keep = []
        with source.open(encoding="utf-8") as fh:
            for line in fh:
                parts = line.split()
                if len(parts) >= 2 and int(parts[1]) >= MIN_FREQ:
                    keep.append(line)
        tmp = target.with_suffix(f".{threading.get_ident()}.tmp")
        tmp.write_text("".join(keep), encoding="utf-8")
        tmp.replace(target)  # atomic: concurrent processes write identical content
    return str(target)


def tokenizer():
    """The process-wide jieba tokenizer, initialised on first use (no network, ~1 s)."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                tk = jieba.Tokenizer(dictionary=_pruned_dictionary())
                tk.tmp_dir = _cache_dir()
                tk.initialize()
                tk.load_userdict(str(DICT_PATH))
                _tokenizer = tk
    return _tokenizer


# The most text one call segments (issue 19): a body is indexed up to 20,000 characters
# (services.BODY_INDEXED_MAX) and no field holds more, so jieba's graph of a call, and the
# memory a worker keeps afterwards, are bounded whatever a caller passes.
SEGMENT_MAX = 20_000


def normalize(text: str) -> str:
    """Full-width to half-width, lower case: `３栋` and `3栋`, `ABC` and `abc` compare equal.

    At most SEGMENT_MAX characters are kept (NFKC can lengthen text, so it is cut again after)."""
    return unicodedata.normalize("NFKC", (text or "")[:SEGMENT_MAX]).lower()[:SEGMENT_MAX]


def pieces(word: str) -> list[str]:
    """Split one jieba token into index-safe pieces (letters, digits, CJK; no punctuation)."""
    return _WORD.findall(word)


def words_for_search(text: str) -> list[str]:
    """All words of `text` for the index: jieba's search mode (whole words and their parts)."""
    out: list[str] = []
    for word in tokenizer().cut_for_search(normalize(text)):
        out.extend(pieces(word))
    return out


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def cjk_chars(text: str) -> list[str]:
    """Each Chinese character once: indexed beside the words so a query word that jieba cuts
    differently in the document (群租 in 卧群/租房, 猫 inside 猫太多) is still found."""
    return list(dict.fromkeys(_CJK.findall(normalize(text))))


def words_precise(text: str) -> list[str]:
    """The words of `text` in jieba's precise mode (used to parse queries)."""
    out: list[str] = []
    for word in tokenizer().cut(normalize(text)):
        out.extend(pieces(word))
    return out


def unit_parts(code: str) -> list[str]:
    """`3栋1单元502` → ['3', '1', '502'] (via the organisation's own normalisation)."""
    key = unit_search_key(normalize(code))
    return [p.lower() for p in key.split("-") if p]


def unit_token(code: str) -> str:
    """The key token of a unit: `3栋1单元502` and `3-1-502` both give `unit3x1x502`."""
    parts = unit_parts(code)
    return "unit" + "x".join(parts) if parts else ""


def phone_tokens(phone: str) -> list[str]:
    """Every digit suffix (≥ 3 digits) of a phone, so a prefix query finds any fragment."""
    digits = "".join(_DIGITS.findall(phone or ""))
    return [f"tel{digits[i:]}" for i in range(max(len(digits) - 2, 0))]


def number_tokens(number: str) -> list[str]:
    """Tokens of a record number: its compact form and the suffixes of its digit runs."""
    compact = "".join(pieces(normalize(number)))
    if not compact:
        return []
    out = [f"no{compact}"]
    for run in _DIGITS.findall(compact):
        out.extend(f"num{run[i:]}" for i in range(max(len(run) - 2, 0)))
    return out
