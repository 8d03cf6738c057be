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
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/site-functions
BUILD	?= build

CC	?= cc
CFLAGS	?= -O2
WFLAGS	= -std=c11 -Wall -Wextra -Wpedantic -Wshadow
SYSTEM	?= $(shell uname -s)
LIBDIRS	= lib lib/resolve $(if $(filter Linux,$(SYSTEM)),lib/resolve/linux)
CPPFLAGS += -D_GNU_SOURCE -D_FORTIFY_SOURCE=2 $(addprefix -iquote ,$(LIBDIRS)) \
	-I$(BUILD)/gen
LDLIBS	= -lpopt -pthread
SANFLAGS = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=all

VERSION	= 0.1.0
PROGS	= $(patsubst cmd/%.c,%,$(wildcard cmd/*.c))
LIBSRC	= $(foreach d,$(LIBDIRS),$(wildcard $(d)/*.c))
LIBHDR	= $(foreach d,$(LIBDIRS),$(wildcard $(d)/*.h))
LIBOBJ	= $(patsubst lib/%.c,$(BUILD)/lib/%.o,$(LIBSRC)) $(GENOBJ)
HELPERS	= $(patsubst tests/%.c,$(BUILD)/tests/%,$(wildcard tests/*.c))
# Generated sources appear once their generator exists.
GENOBJ	= $(if $(wildcard tools/porttab.awk),$(BUILD)/gen/port_table.o) \
	$(if $(wildcard tools/specialtab.awk),$(BUILD)/gen/special_table.o)

# Packages the build and the suites need, per system (uname -s); `make deps`
# installs the missing ones, and ./setup reads these lists.  Debian: the
# compiler, make and perl (prove) too, as a minimal Debian lacks them.  Where
# a system has no package for bats-support and bats-assert, they come from
# github.com/bats-core/bats-support and bats-assert.
OS	:= $(shell uname -s)
DEPS_Linux = gcc libc6-dev make perl libpopt-dev bats bats-support bats-assert \
	jq iproute2 net-tools lsof sockstat util-linux procps mandoc prometheus
DEPS_FreeBSD = gmake popt bats-core jq lsof
DEPS_OpenBSD = gmake popt bats jq
DEPS_Darwin = popt bats-core jq
# What the build alone needs, apart from the suites.
BUILDDEPS = libpopt-dev popt gcc libc6-dev make gmake
DEPS	= $(DEPS_$(OS))
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

# So are the special-purpose registries, by tools/specialtab.awk, which
# fails the build on a malformed row or a block listed twice.
SPECIALDATA = data/special-ipv4.tsv data/special-ipv6.tsv
$(BUILD)/gen/special_table.c: $(SPECIALDATA) tools/specialtab.awk
	@mkdir -p $(@D)
	awk -f tools/specialtab.awk $(SPECIALDATA) > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/special_table.o: $(BUILD)/gen/special_table.c $(LIBHDR)
	$(CC) $(CPPFLAGS) $(WFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/libconnutils.a: $(LIBOBJ)
	rm -f $@
	$(AR) rcs $@ $(LIBOBJ)

$(BUILD)/%: cmd/%.c $(BUILD)/libconnutils.a $(LIBHDR)
	$(CC) $(CPPFLAGS) $(WFLAGS) $(CFLAGS) -DVERSION='"$(VERSION)"' \
		$(LDFLAGS) -o $@ $< $(BUILD)/libconnutils.a $(LDLIBS)

$(BUILD)/tests/%: tests/%.c $(wildcard tests/*.h)
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
# The FreeBSD tree there has no pthread.h (its probe list had none): the
# files that use threads are checked against macOS alone.
SYSROOTS ?= ../shared/sysroots
PORTTHR	= lib/batch.c lib/connsort.c lib/special.c
PORTSRC	= $(filter-out $(PORTTHR),$(wildcard lib/*.c lib/resolve/*.c cmd/*.c)) \
	$(BUILD)/gen/port_table.c $(BUILD)/gen/special_table.c
PORTFLAGS = -D_GNU_SOURCE -D_FORTIFY_SOURCE=2 -iquote lib -iquote lib/resolve \
	-I$(BUILD)/gen -DVERSION='"$(VERSION)"' $(WFLAGS) -O2 -Werror
portcheck: $(BUILD)/gen/port_table.c $(BUILD)/gen/special_table.c
	@command -v clang >/dev/null || $(MAKE) --no-print-directory DEPS=clang deps
	$(SYSROOTS)/check $(PORTFLAGS) -- $(PORTSRC)
	$(SYSROOTS)/check -t macos $(PORTFLAGS) -- $(PORTTHR)

.PHONY: portcheck

lint:
	mandoc -Tlint -W warning man/*.1

# Installs the missing packages with the system's tool; as a non-root user,
# or without the tool, it names the missing ones and prints the line to run.
deps:
	@case $(OS) in \
	Linux) tool=apt-get add='apt-get install'; \
		have() { dpkg-query -W -f='$${Status}' "$$1" 2>/dev/null | grep -q 'ok installed'; } ;; \
	FreeBSD) tool=pkg add='pkg install -y'; have() { pkg info -e "$$1"; } ;; \
	OpenBSD) tool=pkg_add add=pkg_add; have() { pkg_info -qe "$$1-*"; } ;; \
	Darwin) tool=brew add='brew install'; have() { brew list --versions "$$1" >/dev/null; } ;; \
	*) echo "deps: $(OS): unknown system; install: $(DEPS)"; exit 1 ;; \
	esac; \
	missing=; build=; for p in $(DEPS); do have $$p 2>/dev/null && continue; \
		missing="$$missing $$p"; \
		case " $(BUILDDEPS) " in *" $$p "*) build="$$build $$p";; esac; done; \
	[ -n "$$missing" ] || exit 0; \
	sudo=sudo; [ $(OS) != OpenBSD ] || sudo=doas; [ $(OS) != Darwin ] || sudo=; \
	if command -v $$tool >/dev/null && { [ -z "$$sudo" ] || [ "$$(id -u)" = 0 ]; }; then \
		echo "installing:$$missing"; \
		case $$tool in \
		apt-get) apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq --no-install-recommends $$missing >/dev/null ;; \
		*) $$add $$missing ;; \
		esac || exit 1; \
	else \
		echo "missing packages:$$missing"; \
		[ -z "$$build" ] || echo "build needs:$$build"; \
		echo "run: $${sudo:+$$sudo }$$add $(DEPS)"; exit 1; \
	fi

# bash-completion loads completions/NAME when NAME is first completed, so
# each program gets the (one, shared) file; zsh reads the #compdef line.
install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	for p in $(PROGS); do install -m 755 $(BUILD)/$$p $(DESTDIR)$(BINDIR)/$$p; done
	for p in $(PROGS); do install -m 644 man/$$p.1 $(DESTDIR)$(MANDIR)/man1/$$p.1; done
	for p in $(PROGS); do install -m 644 completion/connutils.bash \
		$(DESTDIR)$(BASHCOMPDIR)/$$p; done
	install -m 644 completion/_connutils $(DESTDIR)$(ZSHCOMPDIR)/_connutils

# The tarball holds what git holds: a file the build needs but git does not
# ship fails distcheck, which builds and runs the suites in the unpacked tree.
DIST	= connutils-$(VERSION)
DISTTMP	= $(BUILD)/distcheck

dist:
	rm -rf $(BUILD)/$(DIST) && mkdir -p $(BUILD)/$(DIST)
	git ls-files | tar -cf - -T - | tar -C $(BUILD)/$(DIST) -xf -
	tar -C $(BUILD) -czf $(DIST).tar.gz $(DIST)
	rm -rf $(BUILD)/$(DIST)
	@echo $(DIST).tar.gz

distcheck: dist
	rm -rf $(DISTTMP) && mkdir -p $(DISTTMP)
	tar -C $(DISTTMP) -xzf $(DIST).tar.gz
	$(MAKE) -C $(DISTTMP)/$(DIST) check
	$(MAKE) -C $(DISTTMP)/$(DIST) DESTDIR=$(CURDIR)/$(DISTTMP)/root install
	test -x $(DISTTMP)/root$(BINDIR)/conns
	rm -rf $(DISTTMP)
	@echo "$(DIST).tar.gz: distcheck passed"

clean:
	rm -rf $(BUILD)

.PHONY: all helpers check check-sanitize bench lint deps install dist distcheck clean
.SECONDARY:
