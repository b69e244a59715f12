"""A complement naive Bayes classifier over (kind, category), in pure Python.

Measured on a held-out fifth of the seed corpus (bench/README.md "Triage"), complement naive
Bayes over jieba words + character bigrams + characters did as well as a multinomial logistic
regression trained by SGD (top-1 within a point, top-3 better) and trains by counting: a million
tickets are counted in the time jieba needs to cut them, where the regression needs many passes.
No numpy or scikit-learn: the web process only sums a few weights per feature.

Weights are stored sparse. For complement NB the score of class k is
    Σ_f −log((a_f − n_fk + α) / (T − t_k + αV))
(a_f: examples with feature f, n_fk: of them in class k, t_k: feature occurrences in k). The
term −log(a_f + α) is the same for every class and drops out, leaving per feature only the
classes it was seen in: d_fk = log((a_f + α) / (a_f − n_fk + α)), plus per class |x|·log(T − t_k + αV).
Scores become probabilities by a softmax with a temperature fitted on the held-out split.

In memory the weights are two flat arrays (class index, weight) and a dict from feature name to
its slice, packed into one int: a few tens of bytes per feature besides its name, where tuples of
(int, float) tuples took about three times as much (the web worker's 150 MB budget, issue 20).
Stored the same way: a JSON header (classes, norms, feature names) and the arrays' bytes.
"""

import json
import math
import struct
import sys
import zlib
from array import array
from collections.abc import Iterable, Sequence

ALPHA = 1.0


_SLICE = 1 << 12  # a feature's slice packed as start * _SLICE + count (count ≤ the classes)


class Model:
    def __init__(self, classes, norm, weights, temperature=1.0):
        """`weights`: {feature: ((class index, weight), …)}, packed here into flat arrays."""
        self.classes: list[tuple[str, str]] = [tuple(c) for c in classes]
        self.norm: list[float] = norm
        self.temperature = temperature
        self._k = array("H")
        self._d = array("f")
        self.weights: dict[str, int] = {}
        for f, pairs in weights.items():
            self.weights[f] = len(self._k) * _SLICE + len(pairs)
            for k, d in pairs:
                self._k.append(k)
                self._d.append(d)

    def pairs(self, f: str) -> list[tuple[int, float]]:
        """(class index, weight) of one feature; empty when the model does not know it."""
        packed = self.weights.get(f)
        if packed is None:
            return []
        start, n = divmod(packed, _SLICE)
        return list(zip(self._k[start : start + n], self._d[start : start + n], strict=True))

    # --- training ---------------------------------------------------------------------------

    @classmethod
    def fit(
        cls,
        examples: Iterable[tuple[Sequence[str], tuple[str, str], float]],
        *,
        max_features: int = 60_000,
        min_weight: float = 0.0,
    ) -> "Model":
        """Count weighted examples (features, (kind, code), weight) into a model."""
        index: dict[tuple[str, str], int] = {}
        per_class: dict[str, dict[int, float]] = {}
        totals: list[float] = []
        for feats, label, weight in examples:
            k = index.setdefault(tuple(label), len(index))
            if k == len(totals):
                totals.append(0.0)
            totals[k] += weight * len(feats)
            for f in feats:
                row = per_class.setdefault(f, {})
                row[k] = row.get(k, 0.0) + weight
        feature_total = {f: sum(row.values()) for f, row in per_class.items()}
        kept = sorted(feature_total, key=lambda f: -feature_total[f])
        kept = [f for f in kept[:max_features] if feature_total[f] >= min_weight]
        vocab = len(kept) or 1
        grand = sum(totals)
        norm = [math.log(grand - t + ALPHA * vocab) for t in totals]
        weights = {}
        for f in kept:
            a = feature_total[f]
            weights[f] = tuple(
                (k, round(math.log((a + ALPHA) / (a - n + ALPHA)), 4))
                for k, n in per_class[f].items()
            )
        classes = [label for label, _ in sorted(index.items(), key=lambda kv: kv[1])]
        return cls(classes, norm, weights)

    # --- scoring ----------------------------------------------------------------------------

    def scores(self, feats: Sequence[str]) -> list[float] | None:
        """Raw class scores, or None when no feature is known to the model."""
        known = [f for f in feats if f in self.weights]
        if not known:
            return None
        n = len(known)
        s = [n * c for c in self.norm]
        for f in known:
            for k, d in self.pairs(f):
                s[k] += d
        return s

    def proba(self, feats: Sequence[str]) -> list[float] | None:
        s = self.scores(feats)
        if s is None:
            return None
        return softmax(s, self.temperature)

    def why(self, feats: Sequence[str], k: int, n: int = 4) -> list[str]:
        """The words that weighed most for class k, as the agent reads them: jieba words of two
        characters or more (single characters such as 了 or 栋 only when fewer than two longer
        words counted); a character bigram only when no word did (a bigram across two words,
        such as 栋电 of 3栋电梯, means nothing to a reader)."""
        words, grams = [], []
        for f in feats:
            if f.startswith("c:"):
                continue
            for kk, d in self.pairs(f):
                if kk == k:
                    (words if f.startswith("w:") else grams).append((d, f[2:]))
        long = sorted((w for w in words if len(w[1]) > 1), reverse=True)
        if len(long) < 2:  # 马桶堵: the single characters say it too
            long += sorted((w for w in words if len(w[1]) == 1), reverse=True)
        out: list[str] = []
        for _d, word in long or sorted(grams, reverse=True):
            if any(word in w for w in out):
                continue
            out.append(word)
            if len(out) >= n:
                break
        return out

    # --- storage ----------------------------------------------------------------------------

    def dumps(self) -> bytes:
        header = json.dumps(
            {
                "classes": self.classes,
                "norm": [round(c, 6) for c in self.norm],
                "temperature": self.temperature,
                "features": list(self.weights),
                "slices": list(self.weights.values()),
                "pairs": len(self._k),
            },
            ensure_ascii=False,
        ).encode()
        k, d = array("H", self._k), array("f", self._d)
        if sys.byteorder != "little":  # stored little-endian, whatever machine reads it back
            k.byteswap()
            d.byteswap()
        body = struct.pack("<I", len(header)) + header + k.tobytes() + d.tobytes()
        return zlib.compress(body, 6)

    @classmethod
    def loads(cls, blob: bytes) -> "Model":
        body = zlib.decompress(bytes(blob))
        (size,) = struct.unpack_from("<I", body)
        data = json.loads(body[4 : 4 + size])
        model = cls(data["classes"], data["norm"], {}, data.get("temperature", 1.0))
        n, at = data["pairs"], 4 + size
        model._k.frombytes(body[at : at + 2 * n])
        model._d.frombytes(body[at + 2 * n : at + 6 * n])
        if sys.byteorder != "little":
            model._k.byteswap()
            model._d.byteswap()
        model.weights = dict(zip(data["features"], data["slices"], strict=True))
        return model


def softmax(scores: Sequence[float], temperature: float = 1.0) -> list[float]:
    top = max(scores)
    e = [math.exp((v - top) * temperature) for v in scores]
    z = sum(e)
    return [v / z for v in e]


def fit_temperature(model: Model, rows: Sequence[tuple[Sequence[str], tuple[str, str]]]) -> float:
    """The softmax temperature with the lowest log-loss on held-out rows (calibrated scores)."""
    index = {c: i for i, c in enumerate(model.classes)}
    scored = []
    for feats, label in rows:
        s = model.scores(feats)
        if s is not None and tuple(label) in index:
            scored.append((s, index[tuple(label)]))
    if not scored:
        return 1.0
    best, best_loss = 1.0, math.inf
    for t in (0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 1.0, 1.5, 2.0, 3.0):
        loss = -sum(math.log(max(softmax(s, t)[y], 1e-12)) for s, y in scored)
        if loss < best_loss:
            best, best_loss = t, loss
    return best


def evaluate(model: Model, rows: Sequence[tuple[Sequence[str], tuple[str, str]]]) -> dict:
    """Top-1 / top-3 accuracy on rows, and the most confused (true, suggested) pairs."""
    top1 = top3 = 0
    confused: dict[tuple, int] = {}
    for feats, label in rows:
        s = model.scores(feats)
        order = sorted(range(len(s)), key=lambda k: -s[k])[:3] if s else []
        got = [model.classes[k] for k in order]
        label = tuple(label)
        if got and got[0] == label:
            top1 += 1
        elif got:
            key = (label, got[0])
            confused[key] = confused.get(key, 0) + 1
        if label in got:
            top3 += 1
    n = len(rows)
    pairs = sorted(confused.items(), key=lambda kv: -kv[1])[:5]
    return {
        "n": n,
        "top1": round(top1 / n, 4) if n else None,
        "top3": round(top3 / n, 4) if n else None,
        "confused": [[list(a), list(b), c] for (a, b), c in pairs],
    }
