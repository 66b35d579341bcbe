# The two commands of the README: `make run` and `make test`. Both install what is missing
# (scripts/install-deps), configure and build with ccache, then run.
BUILD      ?= build
ASAN_BUILD ?= build-asan
TSAN_BUILD ?= build-tsan
DEMO       ?= $(CURDIR)/demo-station
JOBS       ?= 2

# Under CI warnings are errors and the sanitizer builds of the tests run too.
ifeq ($(CI),true)
WERROR := ON
else
WERROR ?= OFF
endif

.PHONY: all deps configure build run test test-asan test-tsan format format-check tidy package clean

all: build

deps:
	@scripts/install-deps

configure: deps
	@cmake -S . -B $(BUILD) -G Ninja -DTESSERA_WERROR=$(WERROR) >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

# Opens the desktop application on a demo station, created on first run (see README).
# Builds only the two executables, not the test suite.
run: configure
	@cmake --build $(BUILD) -j $(JOBS) --target tessera tessera-cli
	$(BUILD)/app/tessera --demo-station $(DEMO)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
ifeq ($(CI),true)
	@$(MAKE) --no-print-directory test-asan
	@$(MAKE) --no-print-directory test-tsan
endif

# Address + undefined-behaviour sanitizers over the whole test suite but the peer vectors
# (minutes of OCR, already run by `make test`; their parser driver cannot link a sanitized core).
test-asan: deps
	@cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DTESSERA_SANITIZE=ON -DTESSERA_WERROR=$(WERROR) >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	    LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    ctest --output-on-failure -j $(JOBS) -LE peers

# ThreadSanitizer over the two tests that run a station's work on two threads: the review page
# pressed during a commit (review_race_tests) and the store's owner check (station_owner_tests).
# Only those are built, in their own folder (the whole tree under TSan would not fit CI's 90
# minutes beside the plain and ASan builds). Qt is not instrumented: tests/tsan.supp says which
# Qt-internal reports it silences.
test-tsan: deps
	@cmake -S . -B $(TSAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTESSERA_SANITIZE_THREAD=ON -DTESSERA_WERROR=$(WERROR) >/dev/null
	@cmake --build $(TSAN_BUILD) -j $(JOBS) --target review_race_tests station_owner_tests
	cd $(TSAN_BUILD) && TSAN_OPTIONS=suppressions=$(CURDIR)/tests/tsan.supp:halt_on_error=1:second_deadlock_stack=1 \
	    ctest --output-on-failure -j $(JOBS) -R '^(review_race_tests|station_owner_tests)$$'

# clang-format 14 (Debian 12's) over every git-tracked C++ file, with the root .clang-format.
# format-check changes nothing and fails listing the files that do not match (CI runs it).
format: deps
	@scripts/format

format-check: deps
	@scripts/format --check

# Static analysis: clang-tidy 16 with the root .clang-tidy over the sources we ship (core, ui,
# app), using the build's compile_commands.json. See scripts/tidy for why 16 and not 14.
# TIDY_FOLDERS narrows it (`make tidy TIDY_FOLDERS="core/crypto app"`); empty, the whole tree.
TIDY_FOLDERS ?=
tidy: build
	@JOBS=$(JOBS) scripts/tidy $(BUILD) $(TIDY_FOLDERS)

package: build
	cd $(BUILD) && cpack

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(TSAN_BUILD)
