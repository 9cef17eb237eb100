# replydesk: `make chat` starts the assistant, `make test` runs every check.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
EVAL ?= ../shared/eval/inquiries-dev.tsv benchmarks/data/inquiries-fresh.tsv benchmarks/data/inquiries-fresh2.tsv \
	benchmarks/data/inquiries-heldout.tsv benchmarks/data/inquiries-heldout2.tsv \
	benchmarks/data/inquiries-heldout3.tsv benchmarks/data/inquiries-heldout4.tsv \
	benchmarks/data/inquiries-heldout5.tsv benchmarks/data/inquiries-heldout6.tsv \
	benchmarks/data/inquiries-heldout7.tsv benchmarks/data/inquiries-heldout8.tsv \
	benchmarks/data/inquiries-heldout9.tsv benchmarks/data/inquiries-heldout10.tsv \
	benchmarks/data/inquiries-heldout11.tsv benchmarks/data/inquiries-heldout12.tsv \
	benchmarks/data/inquiries-heldout13.tsv benchmarks/data/inquiries-heldout14.tsv \
	benchmarks/data/inquiries-heldout15.tsv benchmarks/data/inquiries-heldout16.tsv \
	benchmarks/data/inquiries-heldout17.tsv benchmarks/data/inquiries-heldout18.tsv

.PHONY: install fonts chat test lint format eval heldout bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	PYTHONWARNINGS=ignore $(BIN)/pip install --quiet -e '.[dev]'  # no setuptools banner
	@echo "compiling the matching loops (numba; once per machine, about 16 s)"
	$(BIN)/python -c "from replies.engine import Engine; from replies.library import load_library; Engine(load_library()).warm(['TJ'])"
	touch $@

install: $(VENV)/.installed fonts

# The summary chart's Chinese labels need a CJK font: Debian's fonts-noto-cjk, installed
# here when running as root with apt (as CI does); otherwise a hint. bot/chart.py finds it.
fonts:
	@if dpkg -s fonts-noto-cjk >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get install -y -qq fonts-noto-cjk >/dev/null 2>&1 || \
		{ apt-get update -qq && apt-get install -y -qq fonts-noto-cjk >/dev/null; } || \
		echo "warning: could not install fonts-noto-cjk (summary charts need a CJK font)"; \
	else echo "note: install fonts-noto-cjk for Chinese labels in summary charts"; fi

chat: install
	$(BIN)/replydesk chat

# PostgreSQL tests need a server: .ci/postgres.sh starts a throwaway one when
# PostgreSQL is installed (or CI=true, where it installs it); otherwise they skip.
test: install
	@# The CLI tests start ~300 processes: bytecode once, even under PYTHONDONTWRITEBYTECODE.
	$(BIN)/python -m compileall -q bot replies storage
	@if [ -n "$$REPLYDESK_TEST_PG_URL" ]; then :; \
	elif [ "$$CI" = "true" ] || ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then \
		eval "$$(bash .ci/postgres.sh)"; fi; \
	$(BIN)/pytest -q -n auto --dist worksteal  # one worker per core; an idle one takes queued tests
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Library-only scores, then 5-fold CV, prequential and half-imported (first half learned,
# second half scored) per set, then leave-one-file-out, each next to the LinearSVC
# baseline trained on the same rows.
eval: install
	@for f in $(EVAL); do echo "== $$f"; $(BIN)/replydesk eval $$f; echo; done
	$(BIN)/replydesk eval --cv 5 --prequential --half --leave-one-file-out $(EVAL)
	$(BIN)/replydesk quality $(EVAL)

# The blind set kept out of every choice (see README, "The held-out sets"): library only;
# as shipped (library + starter examples); trained on every other labelled set (left out,
# next to the baseline); as shipped with its first half imported.
HELDOUT ?= benchmarks/data/inquiries-heldout19.tsv
# A sealed set (benchmarks/blind/*.gz) is unpacked once, at its scoring.
$(HELDOUT):
	gunzip -c benchmarks/blind/$(notdir $@).gz > $@

heldout: install $(HELDOUT)
	$(BIN)/python -m pytest -q -p no:randomly tests/replies/test_library_clean.py
	$(BIN)/replydesk eval $(HELDOUT)
	$(BIN)/replydesk eval --starter $(HELDOUT)
	$(BIN)/replydesk eval --leave-one-file-out $(EVAL) $(HELDOUT)
	$(BIN)/replydesk eval --starter --half $(HELDOUT)
	$(BIN)/replydesk quality $(HELDOUT)

bench: install
	PYTHONWARNINGS=ignore $(BIN)/pip install --quiet -e '.[dev,bench]'
	@if [ -z "$$REPLYDESK_TEST_PG_URL" ] && ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then \
		eval "$$(bash .ci/postgres.sh)"; fi; \
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
