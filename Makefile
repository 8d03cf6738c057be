# connutils: conns, ipcheck, ipmask, portname.
# Every cmd/NAME.c is a program linked with the library; every tests/*.c is
# a helper program the suites use.  Adding a file needs no edit here.
# The library: lib/ what the four programs share, lib/resolve/ the resolver
# layer conns alone uses, lib/resolve/linux/ its Linux-only part (sock_diag,
# /proc/PID/fd), built on Linux only.  GNU make on every system (gmake on
# the BSDs).

PREFIX	?= /usr/local
BINDIR	?= $(PREFIX)/bin
MANDIR	?= $(PREFIX)/share/man
BUILD	?= build

CC	?= cc
CFLAGS	?= -O2
WFLAGS	= -std=c11 -Wall -Wextra -Wpedantic -Wshadow
SYSTEM	?= $(shell uname -s)
LIBDIRS	= lib lib/resolve $(if $(filter Linux,$(SYSTEM)),lib/resolve/linux)
CPPFLAGS += -D_GNU_SOURCE -D_FORTIFY_SOURCE=2 $(addprefix -iquote ,$(LIBDIRS)) \
	-I$(BUILD)/gen
LDLIBS	= -lpopt
SANFLAGS = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=all

VERSION	= 0.1.0
PROGS	= $(patsubst cmd/%.c,%,$(wildcard cmd/*.c))
LIBSRC	= $(foreach d,$(LIBDIRS),$(wildcard $(d)/*.c))
LIBHDR	= $(foreach d,$(LIBDIRS),$(wildcard $(d)/*.h))
LIBOBJ	= $(patsubst lib/%.c,$(BUILD)/lib/%.o,$(LIBSRC)) $(GENOBJ)
HELPERS	= $(patsubst tests/%.c,$(BUILD)/tests/%,$(wildcard tests/*.c))
# Generated sources appear once their generator exists.
GENOBJ	= $(if $(wildcard tools/porttab.awk),$(BUILD)/gen/port_table.o)

# Debian packages the build and the suites need; `make deps` installs them.
DEPS	= libpopt-dev bats bats-support bats-assert jq iproute2 net-tools \
	lsof sockstat util-linux procps mandoc
BENCHDEPS = hyperfine time
FUZZDEPS = clang libclang-rt-14-dev

all: $(addprefix $(BUILD)/,$(PROGS))

$(BUILD)/lib/%.o: lib/%.c $(LIBHDR)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(WFLAGS) $(CFLAGS) -DVERSION='"$(VERSION)"' -c -o $@ $<

# The port table is compiled in: tools/porttab.awk turns the TSV into C and
# fails the build, naming the line, on a duplicate port or an overlap.
$(BUILD)/gen/port_table.c: data/port-usage.tsv tools/porttab.awk
	@mkdir -p $(@D)
	awk -f tools/porttab.awk data/port-usage.tsv > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/port_table.o: $(BUILD)/gen/port_table.c $(LIBHDR)
	$(CC) $(CPPFLAGS) $(WFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/libconnutils.a: $(LIBOBJ)
	rm -f $@
	$(AR) rcs $@ $(LIBOBJ)

$(BUILD)/%: cmd/%.c $(BUILD)/libconnutils.a $(LIBHDR)
	$(CC) $(CPPFLAGS) $(WFLAGS) $(CFLAGS) -DVERSION='"$(VERSION)"' \
		$(LDFLAGS) -o $@ $< $(BUILD)/libconnutils.a $(LDLIBS)

$(BUILD)/tests/%: tests/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(WFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $<

helpers: $(HELPERS)

# The suites find the programs through CONNUTILS_BIN, so the same suites
# run against the plain and the sanitizer build.
PROVE	= prove -f --comments --timer --exec 'bats --tap'
SUITES	= $(sort $(wildcard tests/*.bats))

check: deps all helpers
	CONNUTILS_BIN=$(CURDIR)/$(BUILD) CONNUTILS_HELPERS=$(CURDIR)/$(BUILD)/tests \
		$(PROVE) $(SUITES)
	$(MAKE) check-sanitize

check-sanitize: deps
	$(MAKE) BUILD=$(BUILD)/san CFLAGS='$(SANFLAGS)' all helpers
	ASAN_OPTIONS=halt_on_error=1:abort_on_error=0:detect_leaks=1:exitcode=99 \
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:exitcode=99 \
	CONNUTILS_BIN=$(CURDIR)/$(BUILD)/san CONNUTILS_HELPERS=$(CURDIR)/$(BUILD)/san/tests \
		$(PROVE) $(SUITES)

bench: deps all helpers
	@$(MAKE) -s DEPS='$(BENCHDEPS)' deps
	@for b in tests/bench/*.sh; do echo "== $$b"; \
		CONNUTILS_BIN=$(CURDIR)/$(BUILD) CONNUTILS_HELPERS=$(CURDIR)/$(BUILD)/tests \
		bash $$b || exit 1; done

# Fuzzing: each tests/fuzz/NAME.c is a libFuzzer harness, built with clang
# against the library rebuilt in $(BUILD)/fuzz and run for FUZZ_SECONDS over
# its seed corpus tests/fuzz/corpus/NAME/.  Only these targets need clang.
FUZZ_SECONDS ?= 30
FUZZCC	?= clang
FUZZSAN	= -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=all
FUZZERS	= $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/*.c))

fuzz-deps:
	@$(MAKE) --no-print-directory DEPS='$(FUZZDEPS)' deps

fuzz: fuzz-deps
	$(MAKE) BUILD=$(BUILD)/fuzz CC=$(FUZZCC) \
		CFLAGS='$(FUZZSAN) -fsanitize=fuzzer-no-link' fuzz-build
	FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/fuzz/run.sh $(BUILD)/fuzz $(FUZZERS)

fuzz-build: $(addprefix $(BUILD)/bin/,$(FUZZERS))

$(BUILD)/bin/%: tests/fuzz/%.c $(BUILD)/libconnutils.a $(LIBHDR)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(WFLAGS) $(CFLAGS) -fsanitize=fuzzer -o $@ $< \
		$(BUILD)/libconnutils.a

# Every program under valgrind (memcheck, definite leaks are errors).
valgrind: all helpers
	@command -v valgrind >/dev/null || $(MAKE) DEPS=valgrind deps
	CONNUTILS_BIN=$(CURDIR)/$(BUILD) CONNUTILS_HELPERS=$(CURDIR)/$(BUILD)/tests \
		bash tests/valgrind.sh

.PHONY: fuzz fuzz-deps fuzz-build valgrind

# Compile-checks, with the project's flags and -Werror, exactly the sources
# a FreeBSD or macOS build compiles (no lib/resolve/linux) against those
# systems' headers (../shared/sysroots; clang from `make deps`).
SYSROOTS ?= ../shared/sysroots
PORTSRC	= $(wildcard lib/*.c lib/resolve/*.c cmd/*.c) $(BUILD)/gen/port_table.c
portcheck: $(BUILD)/gen/port_table.c
	@command -v clang >/dev/null || $(MAKE) --no-print-directory DEPS=clang deps
	$(SYSROOTS)/check -D_GNU_SOURCE -D_FORTIFY_SOURCE=2 -iquote lib \
		-iquote lib/resolve -I$(BUILD)/gen -DVERSION='"$(VERSION)"' \
		$(WFLAGS) -O2 -Werror -- $(PORTSRC)

.PHONY: portcheck

lint:
	mandoc -Tlint -W warning man/*.1

# Installs the Debian packages that are missing; as a non-root user it only
# names the command to run.
deps:
	@missing=; for p in $(DEPS); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || \
			missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "installing:$$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
				apt-get install -y -qq --no-install-recommends $$missing >/dev/null || exit 1; \
		else \
			echo "missing packages:$$missing"; \
			echo "run: sudo apt-get install$$missing"; exit 1; \
		fi; \
	fi

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	for p in $(PROGS); do install -m 755 $(BUILD)/$$p $(DESTDIR)$(BINDIR)/$$p; done
	for p in $(PROGS); do install -m 644 man/$$p.1 $(DESTDIR)$(MANDIR)/man1/$$p.1; done

clean:
	rm -rf $(BUILD)

.PHONY: all helpers check check-sanitize bench lint deps install clean
.SECONDARY:
