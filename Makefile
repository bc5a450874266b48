# make run   — 建虚拟环境、迁移数据库、加载演示数据，启动后台任务进程，在 http://127.0.0.1:8000/ 启动
# make test  — 完整测试：ruff 与迁移检查，SQLite 一遍（含浏览器测试），PostgreSQL 一遍
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

VENV := .venv
PY := $(VENV)/bin/python
PYTEST := $(PY) -m pytest
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test lint test-sqlite test-postgres check deps dev-deps clean

# The worker runs the background jobs (long imports and exports) beside the server and stops with it.
run: deps
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo
	$(PY) manage.py worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT; \
	$(PY) manage.py runserver $(HOST):$(PORT)

# The SQLite pass ignores any DATABASE_URL so it really is SQLite; browser
# tests run only here because they test pages, not the database.
test: dev-deps
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

# ruff, and no model change without its migration.
lint: dev-deps
	@echo "==> ruff 与迁移检查"
	$(VENV)/bin/ruff check .
	env -u DATABASE_URL $(PY) manage.py makemigrations --check --dry-run

test-sqlite: dev-deps
	@echo "==> 测试（SQLite，含浏览器测试）"
	env -u DATABASE_URL $(PYTEST) $(PYTEST_ARGS)

test-postgres: dev-deps
	@echo "==> 测试（PostgreSQL，不含浏览器测试）"
	scripts/with-postgres $(PYTEST) -m "not browser" $(PYTEST_ARGS)

# Deployment checklist with production-like settings (throwaway secret).
check: deps
	DEBUG=0 ALLOWED_HOSTS=perfgoals.example.gov.cn \
	SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	$(PY) manage.py check --deploy --fail-level WARNING

deps: $(VENV)/.deps-runtime
dev-deps: $(VENV)/.deps-dev

# Stamps make a second run skip pip unless a requirements file changed.
$(VENV)/.deps-runtime: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.deps-dev: requirements-dev.txt requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.deps-runtime

$(PY):
	@py=""; \
	for cand in python3.11 python3; do \
		if command -v $$cand >/dev/null 2>&1 && \
		   $$cand -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then \
			py=$$cand; break; \
		fi; \
	done; \
	if [ -z "$$py" ]; then echo "需要 Python 3.11（找不到 python3.11，python3 也不是 3.11）" >&2; exit 1; fi; \
	echo "==> 用 $$($$py --version) 创建 $(VENV)"; \
	$$py -m venv $(VENV)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
