"""No bundled trigger may be a near-copy of a labelled row: that would flatter every figure."""

from rapidfuzz import fuzz

from replies.library import load_library
from replies.normalize import for_matching
from tests.replies.labelled import labelled_texts as raw_labelled_texts

MIN_CHARS = 8
MAX_RATIO = 90


def labelled_texts() -> list[str]:
    texts = [for_matching(text) for text in raw_labelled_texts()]
    return [t for t in texts if len(t) >= MIN_CHARS]


def test_no_trigger_is_a_near_copy_of_a_labelled_row() -> None:
    rows = labelled_texts()
    assert len(rows) > 100
    copies = [
        (script.id, trigger, row)
        for script in load_library().scripts
        for trigger in script.triggers
        for row in rows
        if fuzz.ratio(for_matching(trigger), row) >= MAX_RATIO
    ]
    assert copies == []
