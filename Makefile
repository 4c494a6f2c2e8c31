# tern - non-recursive GNU make.
#
#   make            build build/bin/sendmail, tools and build/etc/mail/*.cf
#   make test       install missing packages, build, run every test
#   make run        install, build, generate the .cf files, start the mail
#                   server on the embedded default (scripts/demo.sh)
#   make bench      benchmarks against the real sendmail 8.17 and Postfix
#                   (never in tests)
#   make fuzz       longer libFuzzer runs (make test does short ones)
#   make install    the system layout (scripts/install.sh): DESTDIR, and
#                   prefix (or PREFIX given on the command line), sbindir,
#                   libexecdir, sysconfdir, localstatedir ... as GNU's
#
# Sources are found by wildcard: a new src/*/*.c joins libtern, a new
# tests/unit/test_*.c becomes a unit test, tests/fuzz/fuzz_*.c a fuzzer.

PREFIX     ?= $(CURDIR)/build/prefix
CC         ?= cc
CSTD       := -std=c11 -D_GNU_SOURCE
WARN       := -Wall -Wextra -Werror -Wno-unused-parameter
CFLAGS     ?= -O2 -g
CPPFLAGS   += -Isrc -Itests/unit
# Only libc is linked: src/util/dynlib.c loads OpenSSL, SASL, libevent,
# c-ares, libresolv and libdb on first use.  Tests that call them directly
# link them as well.
LDLIBS     := -pthread
TEST_LDLIBS := $(LDLIBS) -ldb -lresolv -lcares -levent -lsasl2 -lssl -lcrypto
SANFLAGS   := -fsanitize=address,undefined -fno-sanitize-recover=undefined \
	      -fno-omit-frame-pointer
PY         := /usr/bin/python3
M4LIB      := /usr/share/sendmail/cf/m4/cf.m4

B          := build
LIB_SRCS   := $(sort $(wildcard src/util/*.c src/cf/*.c src/addr/*.c \
		src/map/*.c src/msg/*.c src/queue/*.c src/smtp/*.c src/policy/*.c \
		src/auth/*.c src/deliver/*.c src/smtpc/*.c src/dns/*.c src/tls/*.c \
		src/main/mode_*.c src/main/cmdline*.c src/qwriter/*.c src/session/*.c \
		src/daemon/*.c))
MAIN_SRC   := src/main/main.c
TOOL_SRCS  := $(sort $(wildcard tools/*.c))
# helper programs: libexec/NAME/*.c -> build/libexec/NAME (mail.local, smrsh)
LIBEXEC_DIRS := $(sort $(patsubst %/,%,$(dir $(wildcard libexec/*/*.c))))
LIBEXECS   := $(LIBEXEC_DIRS:libexec/%=$(B)/libexec/%)
SAN_LIBEXECS := $(LIBEXEC_DIRS:libexec/%=$(B)/san/libexec/%)
UNIT_SRCS  := $(sort $(wildcard tests/unit/test_*.c))
FUZZ_SRCS  := $(sort $(wildcard tests/fuzz/fuzz_*.c))
HDRS       := $(wildcard src/*/*.h tests/unit/*.h libexec/*/*.h)

OBJS       := $(LIB_SRCS:%.c=$(B)/obj/%.o)
SAN_OBJS   := $(LIB_SRCS:%.c=$(B)/san/%.o)
TOOLS      := $(TOOL_SRCS:tools/%.c=$(B)/bin/%)
UNITS      := $(UNIT_SRCS:tests/unit/%.c=$(B)/san/tests/%)
FUZZERS    := $(FUZZ_SRCS:tests/fuzz/%.c=$(B)/fuzz/%)
CFS        := $(B)/etc/mail/submit.cf $(B)/etc/mail/sendmail.cf

.PHONY: all deps test unit golden cfload fuzz-short fuzz run bench clean install \
	install-cf unsigned-char-check FORCE
.DELETE_ON_ERROR:
# objects of the test and tool binaries are kept, so a rebuild is quick
.SECONDARY:

all: $(B)/bin/sendmail $(B)/bin/mailq $(B)/bin/newaliases $(TOOLS) $(CFS) \
	$(B)/san/bin/sendmail $(LIBEXECS) $(SAN_LIBEXECS)

deps:
	@scripts/deps.sh

# --- normal build
$(B)/obj/%.o: %.c $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) $(CFLAGS) $(CPPFLAGS) -c -o $@ $<

$(B)/libtern.a: $(OBJS)
	@rm -f $@
	ar rcs $@ $^

$(B)/bin/sendmail: $(B)/obj/$(MAIN_SRC:.c=.o) $(B)/libtern.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

$(B)/bin/mailq $(B)/bin/newaliases: $(B)/bin/sendmail
	ln -sf sendmail $@

$(B)/bin/%: $(B)/obj/tools/%.o $(B)/libtern.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

# a libexec program: its own directory's sources plus libtern
.SECONDEXPANSION:
$(B)/libexec/%: $$(addprefix $(B)/obj/,$$(subst .c,.o,$$(wildcard libexec/$$*/*.c))) $(B)/libtern.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

# (objects under san/obj/, since san/libexec/NAME is the program itself)
$(B)/san/obj/libexec/%.o: libexec/%.c $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) -O1 -g $(SANFLAGS) $(CPPFLAGS) -c -o $@ $<

$(B)/san/libexec/%: $$(addprefix $(B)/san/obj/,$$(subst .c,.o,$$(wildcard libexec/$$*/*.c))) $(B)/san/libtern.a
	@mkdir -p $(@D)
	$(CC) $(SANFLAGS) -o $@ $^ $(LDLIBS)

# --- ASan/UBSan build, used by every test
$(B)/san/%.o: %.c $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) -O1 -g $(SANFLAGS) $(CPPFLAGS) -c -o $@ $<

$(B)/san/libtern.a: $(SAN_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(B)/san/bin/sendmail: $(B)/san/$(MAIN_SRC:.c=.o) $(B)/san/libtern.a
	@mkdir -p $(@D)
	$(CC) $(SANFLAGS) -o $@ $^ $(LDLIBS)

$(B)/san/bin/%: $(B)/san/tools/%.o $(B)/san/libtern.a
	@mkdir -p $(@D)
	$(CC) $(SANFLAGS) -o $@ $^ $(LDLIBS)

$(B)/san/tests/%: $(B)/san/tests/unit/%.o $(B)/san/libtern.a
	@mkdir -p $(@D)
	$(CC) $(SANFLAGS) -o $@ $^ $(TEST_LDLIBS)

# the stubs' test links as the sendmail binary does
$(B)/san/tests/test_dynlib: TEST_LDLIBS := $(LDLIBS)

# --- libFuzzer targets (clang), ASan + UBSan: the library is compiled
# once with fuzzer instrumentation, each target links against it
FUZZFLAGS  := -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_OBJS  := $(LIB_SRCS:%.c=$(B)/fuzzobj/%.o)

$(B)/fuzzobj/%.o: %.c $(HDRS)
	@mkdir -p $(@D)
	clang $(CSTD) $(FUZZFLAGS) -fsanitize=fuzzer-no-link $(CPPFLAGS) -c -o $@ $<

$(B)/fuzzobj/libtern.a: $(FUZZ_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(B)/fuzz/%: tests/fuzz/%.c $(B)/fuzzobj/libtern.a $(HDRS)
	@mkdir -p $(@D)
	clang $(CSTD) $(FUZZFLAGS) -fsanitize=fuzzer $(CPPFLAGS) -o $@ $< \
		$(B)/fuzzobj/libtern.a $(TEST_LDLIBS)

# --- configuration: .mc -> .cf through Debian's sendmail-cf
# DefaultUser is mailnull (make install creates it); until then a machine
# without it gets nobody, so the generated sendmail.cf loads cleanly.
DEFUSER    ?= $(shell getent passwd mailnull >/dev/null 2>&1 && \
		echo mailnull:mailnull || echo nobody:nogroup)

# The embedded default (PREFIX inside the checkout) listens on high ports
# and keeps mailboxes under PREFIX, so `make run` touches nothing else.
SMTP_PORT  ?= 2525
# the client queue runner's user: smmsp when the machine has one
MSPUSER    ?= $(shell getent passwd smmsp >/dev/null 2>&1 && echo smmsp || echo root)
MSA_PORT   ?= 2587
MAILDIR    ?= $(PREFIX)/var/mail

$(B)/etc/mail/%.cf: cf/%.mc cf/tern-paths.m4 Makefile
	@mkdir -p $(@D)
	m4 -D TERN_PREFIX=$(PREFIX) -D TERN_CF=$(CURDIR)/cf \
		-D TERN_DEFAULT_USER=$(DEFUSER) -D TERN_SMTP_PORT=$(SMTP_PORT) \
		-D TERN_MSA_PORT=$(MSA_PORT) -D TERN_MAILDIR=$(MAILDIR) \
		-D TERN_MSP_USER=$(MSPUSER) $(M4LIB) $< > $@

# --- install: the system layout (scripts/install.sh does the work)
# PREFIX above is the embedded default's runtime prefix (make run); the
# install has its own GNU-style variables.  `make install PREFIX=/opt/x`
# still means that prefix for the programs; configuration, queues and
# the pid file stay under sysconfdir, localstatedir and runstatedir
# (/etc, /var, /run), since the programs read /etc/mail/*.cf.
ifneq ($(filter command line environment,$(origin PREFIX)),)
prefix     ?= $(PREFIX)
else
prefix     ?= /usr
endif
exec_prefix ?= $(prefix)
bindir     ?= $(exec_prefix)/bin
sbindir    ?= $(exec_prefix)/sbin
libexecdir ?= $(exec_prefix)/libexec
datarootdir ?= $(prefix)/share
mandir     ?= $(datarootdir)/man
sysconfdir ?= /etc
localstatedir ?= /var
runstatedir ?= /run
systemdunitdir ?= /lib/systemd/system
# mail.local and smrsh, where the install's sendmail.cf names them
ternlibexecdir ?= $(libexecdir)/tern

# The .cf files of the install: the same .mc files, the install's paths,
# ports 25 and 587, DefaultUser mailnull, mailboxes in /var/mail.  Made
# afresh each time (the paths come from the command line).
INSTALL_CF_DIR ?= $(B)/install-cf
INSTALL_CFS := $(INSTALL_CF_DIR)/sendmail.cf $(INSTALL_CF_DIR)/submit.cf

install-cf: $(INSTALL_CFS)

$(INSTALL_CF_DIR)/%.cf: cf/%.mc cf/tern-paths.m4 FORCE
	@mkdir -p $(@D)
	m4 -D TERN_CF=$(CURDIR)/cf -D TERN_SYSCONFDIR=$(sysconfdir) \
		-D TERN_LOCALSTATEDIR=$(localstatedir) \
		-D TERN_RUNSTATEDIR=$(runstatedir) \
		-D TERN_LIBEXEC=$(ternlibexecdir) \
		$(if $(filter /var,$(localstatedir)),,-D TERN_MAILDIR=$(localstatedir)/mail) \
		$(M4LIB) $< > $@

install: $(B)/bin/sendmail $(TOOLS) $(LIBEXECS) $(INSTALL_CFS)
	@DESTDIR='$(DESTDIR)' bindir='$(bindir)' sbindir='$(sbindir)' \
		ternlibexecdir='$(ternlibexecdir)' mandir='$(mandir)' \
		sysconfdir='$(sysconfdir)' localstatedir='$(localstatedir)' \
		runstatedir='$(runstatedir)' systemdunitdir='$(systemdunitdir)' \
		B='$(B)' cfdir='$(INSTALL_CF_DIR)' scripts/install.sh

FORCE:

# --- tests
test: deps
	$(MAKE) all $(UNITS) $(B)/san/bin/makemap $(FUZZERS)
	@tests/run-all.sh

unit: $(UNITS)
	@tests/run-unit.sh $(UNITS)

# the address/header code once more with -funsigned-char (build/uchar)
unsigned-char-check: $(B)/bin/makemap
	@SANFLAGS='$(SANFLAGS)' tests/uchar-check.sh

fuzz-short: $(FUZZERS)
	@tests/fuzz/run.sh short $(FUZZERS)

fuzz: $(FUZZERS)
	@tests/fuzz/run.sh long $(FUZZERS)

run: deps
	$(MAKE) all
	@scripts/demo.sh

bench: deps
	$(MAKE) all
	@bench/bt-bench.sh
	@bench/bs-bench.sh
	@bench/daemon-bench.sh
	@bench/msp-bench.sh

clean:
	rm -rf $(B)
