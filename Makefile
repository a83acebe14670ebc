# One command to run the service with demo data, one to run the whole test suite.
.PHONY: run test install

PORT ?= 8000

run:
	bash scripts/install.sh
	.venv/bin/fmek demo --history-months 24
	.venv/bin/fmek serve --port $(PORT)

test:
	bash scripts/test.sh

install:
	bash scripts/install.sh --dev
