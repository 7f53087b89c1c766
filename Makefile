# Two commands on a fresh machine: `make run` and `make test`.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
OUT     := outputs/run
DB      := sqlite:///outputs/kb.sqlite

.PHONY: setup run test bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: setup
	$(BIN)/extract run corpus/raw --out $(OUT)
	$(BIN)/extract eval $(OUT) corpus/gold --baseline
	$(BIN)/extract load $(OUT) --db $(DB)
	$(BIN)/extract report $(OUT) --out outputs/report.html --gold corpus/gold

test: setup
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python bench/throughput.py
	$(BIN)/python bench/memory.py

clean:
	rm -rf $(VENV) outputs/run outputs/kb.sqlite
