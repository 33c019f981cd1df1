# sales-tools: pipeline-forecast, cadence-check, visit-log, goal-score and
# the libsales library they share.
#
#   make            build everything into $(B)/
#   make check      unit tests, command-level tests, man lint, and all of it
#                   again under ASan+UBSan; ends with "N passed, N failed"
#   make bench      speed and memory against a bare libcsv parse and Miller
#   make demo       the leadership digest of the bundled sample company
#                   (make demo-html: the same as an HTML page)
#   make install    PREFIX=/usr/local DESTDIR= (binaries, man pages,
#                   bash completions)

PREFIX	?= /usr/local
BINDIR	?= $(PREFIX)/bin
MANDIR	?= $(PREFIX)/share/man
COMPDIR	?= $(PREFIX)/share/bash-completion/completions

CC	?= cc
CFLAGS	?= -O2 -g
WARN	 = -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Wpedantic
ifeq ($(WERROR),1)
WARN	+= -Werror
endif
B	?= build
# Hardening (off in the sanitizer build, where FORTIFY gets in ASan's way).
HARDEN	?= -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fPIE
HARDEN_LDFLAGS ?= -pie -Wl,-z,relro,-z,now
ALL_CFLAGS = $(WARN) -Ilibsales -pthread $(HARDEN) $(CFLAGS)
ALL_LDFLAGS = $(HARDEN_LDFLAGS) $(LDFLAGS)
LIBS	 = -lcsv -pthread

CHECK_CFLAGS = $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS   = $(shell pkg-config --libs check 2>/dev/null)

# Every cmd/<tool>.c except the shared cli.c is a binary.
TOOLS	 = $(sort $(filter-out cli,$(basename $(notdir $(wildcard cmd/*.c)))))
LIB_SRC	 = $(wildcard libsales/*.c)
LIB_OBJ	 = $(LIB_SRC:libsales/%.c=$(B)/lib/%.o)
LIB_HDR	 = $(wildcard libsales/*.h)
CLI_OBJ	 = $(B)/cmd/cli.o
UNIT_SRC = $(sort $(wildcard tests/unit/check_*.c))
UNIT_SUITES = $(filter-out main,$(UNIT_SRC:tests/unit/check_%.c=%))
UNIT_OBJ = $(UNIT_SRC:tests/unit/%.c=$(B)/unit/%.o)
MANS	 = $(wildcard man/*.[0-9])
FUZZ_SRC = $(wildcard tests/fuzz/fuzz_*.c)
REPLAY	 = $(FUZZ_SRC:tests/fuzz/fuzz_%.c=$(B)/fuzz-replay-%)

.PHONY: all deps check unit golden manlint san replay lint memcheck fuzz bench demo demo-html \
	install uninstall clean

all: $(TOOLS:%=$(B)/%) $(B)/gen-sample

# The fictional-company data generator (scripts/gen-sample).
$(B)/gen-sample: scripts/gen-sample.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ scripts/gen-sample.c -lm

deps:
	@scripts/install-deps

$(B)/lib/%.o: libsales/%.c $(LIB_HDR)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/libsales.a: $(LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $(LIB_OBJ)

$(B)/cmd/%.o: cmd/%.c cmd/cli.h $(LIB_HDR)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/%: $(B)/cmd/%.o $(CLI_OBJ) $(B)/libsales.a
	$(CC) $(CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(LIBS) $(TOOL_LIBS)

# Libraries only one tool needs (libical for calendars).
$(B)/cadence-check: TOOL_LIBS = -lical

# The unit runner: one Check suite per libsales module, chained by
# check_main.c from a list generated from the file names.
$(B)/unit/suites.h: $(UNIT_SRC)
	@mkdir -p $(@D)
	@for s in $(UNIT_SUITES); do echo "SUITE($$s)"; done > $@.tmp
	@cmp -s $@.tmp $@ || mv $@.tmp $@; rm -f $@.tmp

$(B)/unit/%.o: tests/unit/%.c $(B)/unit/suites.h $(LIB_HDR) $(wildcard tests/fuzz/*.h)
	$(CC) $(ALL_CFLAGS) -I$(B)/unit $(CHECK_CFLAGS) -c -o $@ $<

$(B)/check_libsales: $(UNIT_OBJ) $(B)/libsales.a
	$(CC) $(CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(LIBS) $(CHECK_LIBS) -lical

# Each fuzz harness as a plain program that replays saved inputs
# (tests/fuzz/regress/); make check runs them in the sanitizer build.
$(B)/fuzz-replay-%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(wildcard tests/fuzz/*.h) \
    $(B)/libsales.a
	$(CC) $(ALL_CFLAGS) -Itests/fuzz $(ALL_LDFLAGS) -o $@ \
	    tests/fuzz/fuzz_$*.c tests/fuzz/replay.c $(B)/libsales.a $(LIBS) -lical
replay: $(REPLAY)

check: deps
	@scripts/run-tests

# Pieces of the check, each usable alone.
unit: $(B)/check_libsales
	$(B)/check_libsales
golden: all
	scripts/run-golden.sh
manlint:
	scripts/lint-man.sh $(MANS)
san:
	$(MAKE) B=build-san CC=clang HARDEN= HARDEN_LDFLAGS= \
	    CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	    all build-san/check_libsales replay

# Static analysis with the committed configuration (.clang-tidy and
# scripts/lint): cppcheck and clang-tidy over every C file; must be clean.
lint: deps
	scripts/lint

# The unit suite and every command-level test under valgrind: zero
# errors, zero leaks.
memcheck: all $(B)/check_libsales
	scripts/memcheck

# libFuzzer harnesses (tests/fuzz/), each run FUZZ_SECONDS (default 60).
FUZZ_SECONDS ?= 60
fuzz: deps
	scripts/fuzz $(FUZZ_SECONDS)

bench: all
	scripts/install-deps --bench
	bench/run

# The leadership digest (scripts/leadership-report) on the bundled sample
# company (scripts/gen-sample), as of a fixed day; demo-html also writes
# the HTML page with its charts to $(B)/demo.html.
S	 = tests/fixtures/sample
ASOF	 = 2026-11-28
demo: deps all
	@scripts/leadership-report -d $(S) --as-of $(ASOF)
demo-html: deps all
	@scripts/leadership-report -d $(S) --as-of $(ASOF) --html $(B)/demo.html >/dev/null
	@echo "wrote $(B)/demo.html"

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7 $(DESTDIR)$(COMPDIR)
	for t in $(TOOLS); do install -m 755 $(B)/$$t $(DESTDIR)$(BINDIR)/$$t; done
	install -m 644 man/*.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 man/*.5 $(DESTDIR)$(MANDIR)/man5/
	install -m 644 man/*.7 $(DESTDIR)$(MANDIR)/man7/
	for t in $(TOOLS); do install -m 644 completions/$$t $(DESTDIR)$(COMPDIR)/$$t; done
	install -m 755 scripts/leadership-report $(DESTDIR)$(BINDIR)/leadership-report
	install -m 644 completions/leadership-report $(DESTDIR)$(COMPDIR)/leadership-report

uninstall:
	for t in $(TOOLS) leadership-report; do rm -f $(DESTDIR)$(BINDIR)/$$t $(DESTDIR)$(COMPDIR)/$$t; done
	for m in $(notdir $(wildcard man/*.1)); do rm -f $(DESTDIR)$(MANDIR)/man1/$$m; done
	for m in $(notdir $(wildcard man/*.5)); do rm -f $(DESTDIR)$(MANDIR)/man5/$$m; done
	for m in $(notdir $(wildcard man/*.7)); do rm -f $(DESTDIR)$(MANDIR)/man7/$$m; done

clean:
	rm -rf build build-san bench/out
