/*
 * cmdline - sendmail 8.17's command line, parsed as sendmail parses it.
 *
 * cmdline_parse reproduces sendmail's three steps: the "obsolete" pre-pass
 * that rewrites bare -C, -d, -q, -Q (to -Csendmail.cf, -d0-99.1, -q0, -Q.)
 * and refuses -Q.; a quiet first getopt pass that finds the mode (-b),
 * -d/-D, -G, -L and whether -q/-Q appear; and the full second pass.  The
 * getopt is sendmail's own BSD one: no argument permutation (the first
 * non-option ends the options: recipients follow), "--" or any "--word"
 * ends the options and is dropped, a lone "-" is a recipient, bundles
 * (-ti, -vbt, -FCronDaemon, -odi, -oem, -ODeliveryMode=q) work, an
 * option's value may be glued (-fx) or separate (-f x), even when it
 * starts with '-'.  Option letters: sendmail's getopt string
 * CMDLINE_OPTIONS.
 *
 * The mode follows the basename of argv[0] first (mailq -bp, newaliases
 * -bi, smtpd -bd, hoststat -bh, purgestat -bH), then -b, -q, -Q.
 *
 * Messages: everything sendmail would print while parsing (its exact
 * text) is kept in order in msgs[] with the stream it goes to (getopt's
 * complaints to stderr, the rest to stdout), and also appended to err.
 *
 * Errors, as sendmail: an illegal option or a missing value, an invalid
 * -b mode, -bz and -Q. stop at once (cmdline_parse returns EX_USAGE).
 * Other mistakes (second -f, bad -h/-N/-R/-V/-q, -q with -bv, ...) set
 * exitstat and parsing goes on; at the end cmdline_parse returns
 * exitstat unless the mode is -bt or -bC, where sendmail carries on and
 * exits with that status at the end (the caller must do the same).
 *
 * Deliberate departures from sendmail 8.17 (callers must never lose mail
 * or get a misleading failure for a harmless historic flag): -U (old
 * initial-submission flag) and -T (old timeout flag, which sendmail
 * turns into "Invalid time unit" noise and an exit 64 after delivery)
 * are accepted and only logged (warnings[]); -I (historic "initialize
 * aliases", a silent exit 64 in 8.17 on Linux) means -bi, logged.
 *
 * Also pure: -d values are only recorded (main applies them with
 * trace_set), and so is what sendmail checks after reading the .cf
 * (-B legality: cmdline_bodytype; -qG group; -f trust; -F quoting).
 *
 * Pure: no I/O, no exit, no global state; files named by -C, -D, -X are
 * only recorded.  Ownership: every pointer in struct cmdline is owned by
 * it and released by cmdline_free (rcpts[] points into av; traffic, which
 * main() opens, is closed there too).
 */
#ifndef TERN_CMDLINE_H
#define TERN_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "cf/cf.h"
#include "util/buf.h"

/* sendmail 8.17's getopt string (Linux build) */
#define CMDLINE_OPTIONS	"A:B:b:C:cD:d:e:F:f:Gh:IiL:M:mN:nO:o:p:Q:q:R:r:sTtUV:vX:"

#define CMDLINE_LABEL_MAX	32	/* -L is cut to this, as sendmail */

#ifndef TERN_ETC_DIR
#define TERN_ETC_DIR	"/etc/mail"	/* where sendmail.cf and submit.cf live */
#endif

/* Operation modes; the values are sendmail's -b letters (MD_*). */
enum cmdline_mode {
	CMDLINE_DELIVER = 'm',		/* -bm: deliver mail (default) */
	CMDLINE_SMTP = 's',		/* -bs: SMTP on stdin/stdout */
	CMDLINE_ARPAFTP = 'a',		/* -ba: ARPANET (FTP-style) mode */
	CMDLINE_DAEMON = 'd',		/* -bd: daemon (smtpd) */
	CMDLINE_FGDAEMON = 'D',		/* -bD: daemon in the foreground */
	CMDLINE_PRINT = 'p',		/* -bp: print the queue (mailq) */
	CMDLINE_PRINTNQE = 'P',		/* -bP: number of queue entries */
	CMDLINE_INITALIAS = 'i',	/* -bi: rebuild aliases (newaliases) */
	CMDLINE_TEST = 't',		/* -bt: address test mode */
	CMDLINE_VERIFY = 'v',		/* -bv: verify addresses */
	CMDLINE_HOSTSTAT = 'h',		/* -bh: host status (hoststat) */
	CMDLINE_PURGESTAT = 'H',	/* -bH: purge host status (purgestat) */
	CMDLINE_CHECKCONFIG = 'C',	/* -bC: check the configuration */
	CMDLINE_PRINTOPTS = 'O',	/* -bO: list option names, exit */
	CMDLINE_QUEUERUN = 'q',		/* -q / -Q: run (or quarantine) the queue */
};

/* Which .cf: -Ac, -Am (any other -A value means sendmail.cf). */
enum cmdline_cftype {
	CMDLINE_CF_RIGHT = 0,		/* by mode: submit.cf if there, for -bm -bs -ba */
	CMDLINE_CF_SUBMIT,		/* -Ac */
	CMDLINE_CF_SENDMAIL,		/* -Am */
};

/* -N bits (sendmail's DefaultNotify) */
#define CMDLINE_NOTIFY_SET	0x1	/* some -N given ("never": only this) */
#define CMDLINE_NOTIFY_SUCCESS	0x2
#define CMDLINE_NOTIFY_FAILURE	0x4
#define CMDLINE_NOTIFY_DELAY	0x8

/* A -qI, -qR, -qS or -qQ queue limit, possibly negated with '!'. */
struct cmdline_qlimit {
	char kind;		/* 'I' id, 'R' recipient, 'S' sender, 'Q' quarantine reason */
	bool negate;
	char *match;		/* substring to look for */
};

/* One thing sendmail would print while parsing. */
struct cmdline_msg {
	int fd;			/* 1 stdout, 2 stderr */
	char *text;		/* exact bytes, newline included where sendmail prints one */
	size_t len;		/* may hold a NUL ("Invalid operation mode \0") */
};

struct cmdline {
	/* input: set before cmdline_parse, which keeps it */
	bool extraprivs;	/* set-group-ID run by a non-root user: sendmail
				 * then ignores submission-only flags in other
				 * modes and -d with -q, with a WARNING */

	/* what was given */
	char **av;		/* argv after the obsolete pre-pass (owned array) */
	int ac;
	char *progname;		/* basename of argv[0] ("sendmail" if none) */
	int mode;		/* enum cmdline_mode */
	int cftype;		/* enum cmdline_cftype */
	char *conffile;		/* -C file; NULL: by cftype and mode */

	struct cf_override *options;	/* -o X..., -O Name=value, and the
					 * one-letter options -c -i -m -v -s -e
					 * stand for, in order */
	size_t noptions;
	bool *options_long;	/* per options[i]: from -O, so a one-character
				 * name is a long-name prefix (option.h's
				 * OPT_LONGNAME), not a legacy letter */
	struct cf_override *macros;	/* -M and -oM definitions, plus the
					 * macros -p ($r $s), -h ($c), -N, -R, -V
					 * (${dsn_notify} ${dsn_ret} ${dsn_envid})
					 * define, in order; names without braces */
	size_t nmacros;

	char *from;		/* -f/-r sender: "<>" for -f '' and -f '<>'; NULL if none */
	char from_flag;		/* 'f' or 'r', for "set sender to X using -f" */
	bool from_null;		/* the sender is the null sender <> */
	char *fullname;		/* -F; newlines made spaces; cleared by -q/-Q */
	char *bodytype;		/* -B, unchecked (cmdline_bodytype) */
	bool hop_set;
	int hopcount;		/* -h, as sendmail's short */
	char *proto;		/* -p proto[:host]: $r, cleaned */
	char *proto_host;	/* $s, cleaned */
	int notify;		/* -N bits, CMDLINE_NOTIFY_* */
	char *dsn_notify;	/* -N text as given */
	char *dsn_ret;		/* -R text ("full", "hdrs") */
	bool ret_hdrs;		/* -R hdrs */
	char *envid;		/* -V, when valid xtext */
	bool grab_to;		/* -t */
	bool ignore_dots;	/* -i (also option i=T) */
	bool verbose;		/* -v (also option v=T) */
	bool no_alias;		/* -n */
	bool submit_mta;	/* -G: relay (gateway) submission */
	char *label;		/* -L, cut to CMDLINE_LABEL_MAX, unprintables and '%' made '*' */
	char *traffic_file;	/* -X */
	FILE *traffic;		/* -X opened by main(), not by cmdline_parse;
				 * closed by cmdline_free */
	char *debug_file;	/* -D */
	char **dspecs;		/* -d values, in order (apply with trace_set) */
	size_t ndspecs;

	/* queue runs */
	bool queuerun;		/* some -q or -Q was given */
	long queue_interval;	/* -q<time>, seconds; 0: a single run */
	bool queue_persistent;	/* -qp */
	bool queue_foreground;	/* -qf */
	char queue_mode;	/* 0, 'Q' (-qQ: quarantined items), 'L' (-qL: lost items) */
	char *queue_group;	/* -qG */
	struct cmdline_qlimit *qlimits;
	size_t nqlimits;
	char *quarantine;	/* -Q reason ("." for a bare -Q: unquarantine) */

	char **rcpts;		/* the arguments after the options (into av) */
	int nrcpts;

	/* results */
	int exitstat;		/* sysexits status so far (0 if fine) */
	bool pass2;		/* the second pass was reached: before it,
				 * sendmail has applied -d and may stop for
				 * -d0.101 ("Version ...") */
	struct cmdline_msg *msgs;
	size_t nmsgs;
	size_t nmsgs_pass1;	/* msgs[] said before the second pass */
	char **warnings;	/* lines to log at info level */
	size_t nwarnings;
};

/* cmdline_init - an empty command line (extraprivs false) */
void cmdline_init(struct cmdline *);

/*
 * cmdline_parse - parse argv as sendmail 8.17 does.  cl must have been
 * set up by cmdline_init (its extraprivs is kept).  Returns 0 to go on
 * (cl->exitstat may still be set for -bt/-bC), or a sysexits code to exit
 * with at once.  err gets every message text; see cl->msgs for streams.
 */
int cmdline_parse(int argc, char **argv, struct cmdline *, struct buf *err);

/* cmdline_free - release everything cl owns */
void cmdline_free(struct cmdline *);

/*
 * cmdline_cf_path - the .cf to read: -C as given; else etc_dir/submit.cf
 * for -Ac, or for -bm, -bs, -ba (and -t) when exists() says it is there;
 * else etc_dir/sendmail.cf.  exists NULL means "assume it exists".
 * Returns static storage, valid until the next call.
 */
const char *cmdline_cf_path(const struct cmdline *, const char *etc_dir,
    bool (*exists)(const char *));

/* cmdline_mode_desc - "-bd (daemon)"-style text for a mode */
const char *cmdline_mode_desc(int mode);

/* body types for cmdline_bodytype, as sendmail's check_bodytype */
enum cmdline_bodytype {
	CMDLINE_BODY_NONE,	/* no -B */
	CMDLINE_BODY_7BIT,
	CMDLINE_BODY_8BITMIME,
	CMDLINE_BODY_ILLEGAL,	/* sendmail: "Illegal body type %s" */
};

/* cmdline_bodytype - classify a -B value (NULL allowed) */
int cmdline_bodytype(const char *);

/*
 * cmdline_convtime - sendmail's convtime: "1h30m", "2d", "90" (in
 * default_unit, one of w d h m s) to seconds.  A leading '-' negates;
 * "now" is CMDLINE_NOW.  Each bad unit letter appends sendmail's
 * "Invalid time unit `x'" line to bad (if not NULL) and counts as
 * default_unit.  Saturates instead of overflowing.
 */
#define CMDLINE_NOW	(-1L)
long cmdline_convtime(const char *, int default_unit, struct buf *bad);

#endif
