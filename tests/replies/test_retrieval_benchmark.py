"""The retrieval benchmark's scoring and its hand-written paraphrase files."""

from collections.abc import Sequence

from benchmarks import retrieval


def test_paraphrase_hits_count_each_direction_and_style() -> None:
    pairs = [("甲一", "甲二", "x"), ("乙一", "乙二", "x"), ("丙一", "丙二", "y")]
    seen: list[tuple[list[str], list[str]]] = []

    def retrieve(
        docs: Sequence[str], queries: Sequence[str], groups: Sequence[str] | None
    ) -> list[list[int]]:
        seen.append((list(docs), list(queries)))
        # the first retriever always right, the second always the first document, the
        # third always a distractor
        return [list(range(len(queries))), [0] * len(queries), [len(queries)] * len(queries)]

    hits = retrieval.paraphrase_hits(pairs, ["丁"], retrieve)
    assert seen == [(["甲一", "乙一", "丙一", "丁"], ["甲二", "乙二", "丙二"]),
                    (["甲二", "乙二", "丙二", "丁"], ["甲一", "乙一", "丙一"])]  # fmt: skip
    assert hits["x"] == [[True] * 4, [True, False, True, False], [False] * 4]
    assert hits["y"] == [[True, True], [False, False], [False, False]]


def test_the_paraphrase_files_are_distinct_texts_of_the_four_styles() -> None:
    pairs = retrieval.read_tsv(retrieval.PARAPHRASES)
    distractors = retrieval.read_tsv(retrieval.DISTRACTORS)
    texts = [p["a"] for p in pairs] + [p["b"] for p in pairs] + [d["text"] for d in distractors]
    assert len(texts) == len(set(texts)) > 2_000  # no text twice: one right answer per query
    styles = {"lcqmc", "bq", "atec", "oppo"}
    assert {p["style"] for p in pairs} == {d["style"] for d in distractors} == styles
    assert all(p["a"] != p["b"] and 3 <= len(p["a"]) <= 40 for p in pairs)


def test_char_grams_are_characters_then_pairs() -> None:
    assert retrieval.char_grams("在吗呢") == ["在", "吗", "呢", "在吗", "吗呢"]
    assert retrieval.char_grams("") == []
