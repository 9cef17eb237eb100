"""The config's matching defaults are the engine's, and the example config says the same."""

import tomllib
from pathlib import Path

from bot.config import load_config
from replies.engine import DEFAULT_THRESHOLD

EXAMPLE = Path(__file__).parents[2] / "config.example.toml"


def test_the_default_threshold_is_the_engines_in_code_and_in_the_example_file() -> None:
    example = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    assert load_config(None).threshold == DEFAULT_THRESHOLD
    assert example["matching"]["threshold"] == DEFAULT_THRESHOLD
