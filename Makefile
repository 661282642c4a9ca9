# Đảng bộ số — the two commands: `make run` (the demo) and `make test` (everything).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1:8000

.PHONY: install run test test-fast lint format browser clean

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	@touch $(STAMP)

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo --if-empty
	@echo ""
	@echo "Đảng bộ số đang chạy tại http://$(HOST)/"
	@echo "Tài khoản dùng thử (tên đăng nhập / mật khẩu):"
	@echo "  admin       / admin  — quản trị đảng bộ xã"
	@echo "  xaydungdang / demo   — Ban Xây dựng Đảng"
	@echo "  kiemtra     / demo   — Ủy ban Kiểm tra"
	@echo "  vanphong    / demo   — Văn phòng Đảng ủy"
	@echo "  bithu.nadon / demo   — bí thư chi bộ bản Nà Đon"
	@echo "  bithu.nabo  / demo   — bí thư chi bộ bản Nà Bỏ"
	@echo "  dangvien    / demo   — một đảng viên bản Nà Đon"
	@echo ""
	$(BIN)/python manage.py runserver $(HOST)

# Browser tests need Debian's chromium; install it when we can, else skip them loudly
# (CI sets REQUIRE_BROWSER=1, and then a missing browser fails the run).
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    echo "Cài Debian chromium cho kiểm thử trình duyệt…"; \
	    (apt-get install -y -q chromium >/dev/null 2>&1 || (apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null)) || true; \
	  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then \
	    sudo apt-get install -y -q chromium >/dev/null 2>&1 || true; \
	  fi; \
	fi

test: install browser
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$(REQUIRE_BROWSER)" = "1" ]; then echo "LỖI: thiếu /usr/bin/chromium mà REQUIRE_BROWSER=1."; exit 1; fi; \
	  echo ""; echo "##############################################################"; \
	  echo "## CẢNH BÁO: không có /usr/bin/chromium — BỎ QUA kiểm thử trình duyệt ##"; \
	  echo "##############################################################"; echo ""; \
	fi
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-fast: install
	$(BIN)/python -m pytest -m "not browser" $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var/dangbo.sqlite3* .pytest_cache .ruff_cache staticfiles
