/*
 * cf - a loaded .cf configuration: the whole sendmail 8.17 language.
 *
 * cf_load reads one .cf file (sendmail.cf or submit.cf) into a struct
 * cf: version level, macros, classes, options, maps, rulesets, mailers,
 * header templates, priorities, trusted users, queue groups.  Malformed
 * lines produce sendmail 8.17's diagnostics, byte for byte, on the
 * diagnostic stream (stdout in -bt, as sendmail; docs/notes/cf-warnings.md
 * lists them), and loading goes on, except after a fatal option.
 *
 * Exit status: cf->exitstat is sendmail's sticky ExitStat after loading:
 * 0, or the status of the first error (70 EX_SOFTWARE for sendmail's
 * syserr, 71 EX_OSERR when a system call failed).  The caller returns it
 * when its mode succeeds.  When cf->fatal is set (an unknown DeliveryMode
 * or EightBitMode letter, from the command line or an O line), loading
 * stopped at that point, cf->exitstat is 64 (EX_USAGE), and the caller
 * must stop at once with that status (sendmail exits there; nothing else
 * is printed), after cf_free.
 *
 * Ownership: the struct cf owns everything reachable from it;
 * cf_free releases it.  Not thread-safe; one cf per process role.
 */
#ifndef TERN_CF_H
#define TERN_CF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "util/buf.h"

struct options;
struct map;
struct ruleset;
struct mailer;
struct macros;
struct classes;
struct arena;
struct cf_rsname;

/* A command-line option or macro that the .cf must not override. */
struct cf_override {
	const char *name;	/* option long or one-letter name; macro name */
	const char *value;
};

struct cf_load_args {
	const char *path;			/* the .cf file */
	const struct cf_override *options;	/* -o / -O, in order */
	size_t noptions;
	const struct cf_override *macros;	/* -M / -D-style macro defs */
	size_t nmacros;
	bool is_submit;				/* MSP (submit.cf) role */
	bool test_mode;				/* -bt or -bC: also the warnings
						   sendmail gives only there */
	FILE *diag;				/* where warnings go; NULL: stderr */
};

/* Header template from an H line. */
struct cf_header {
	char *name;		/* "Received" */
	char *value;		/* raw, macros unexpanded */
	unsigned char flags[256 / 8];	/* ?flags? mailer flags bitmap */
	char *cond_macro;	/* ?${macro}? form: header added if set */
	int line;
};

struct cf_priority {
	char *name;
	int value;
};

/* A Q line: queue group. */
struct cf_queue_group {
	char *name;
	char *raw;		/* the equates, parsed by the queue issue */
};

struct cf {
	char *path;
	int version;		/* V level, 0 if none */
	char *vendor;		/* V .../vendor, "Berkeley" default */
	struct macros *macros;
	struct classes *classes;
	struct options *opts;
	struct ruleset **rulesets;	/* indexed by number, CF_MAXRWSETS */
	short rs_slot[256];		/* rsnames hashed: index + 1 */
	int next_named;			/* next number for a named ruleset */
	struct mailer **mailers;	/* 0 prog, 1 *file*, 2 *include*, ... */
	size_t nmailers;
	struct cf_header *headers;
	size_t nheaders;
	struct map **maps;
	size_t nmaps;
	struct cf_priority *prio;
	size_t nprio;
	char **env;		/* E lines: NAME=value */
	size_t nenv;
	struct cf_queue_group *qgroups;
	size_t nqgroups;
	size_t nwarnings;	/* how many warnings loading gave */
	int exitstat;		/* the first error's sysexits status, as
				   sendmail's sticky ExitStat; 0 if none */
	bool test_mode;		/* from cf_load_args */
	bool fatal;		/* a fatal option stopped loading: exit
				   with exitstat (64) at once */
	FILE *diag;
	int line;		/* the line being read, 0 after loading */
	struct cf_rule_work *rule_work;	/* cf_rule_compile's, while loading */
	char *tok_opchars;	/* OperatorChars the tokenizer fixed at the
				   first R line; NULL before */
	struct cf_rsname *rsnames;	/* ruleset names, sendmail's stab */
	size_t nrsnames;
	int next_mailer;	/* sendmail's nextmailer */
	char **milters;		/* X line filter names */
	size_t nmilters;
	size_t nenv_errors;	/* map diagnostics seen while loading */
	unsigned char munchbuf[2048];	/* sendmail's munchstring buffer, whose
				   stale bytes an M line's U=user:group
				   scan runs into (see mailer.c) */
	void *map_env;		/* struct map_env, owned */
	struct arena *strings;	/* rule words and other load-time text */
	bool is_submit;
};

#define CF_MAXRWSETS	200	/* rulesets 0..199, as sendmail */
#define CF_MAXLINE	2048	/* sendmail's MAXLINE: expanded text, values */

/* A ruleset name (S line, S=/R= equate) and its number; -1 if none. */
struct cf_rsname {
	char *name;
	int number;
};

/* cf_load - read a .cf file; NULL (and a message on diag) if unreadable */
struct cf *cf_load(const struct cf_load_args *);
void cf_free(struct cf *);

/*
 * cf_warn - an error about file:line, printed as sendmail prints it
 * ("FILE: line N: text", or the text alone when line is 0), with the
 * top bit of every byte cleared; like sendmail's syserr it makes the
 * exit status EX_SOFTWARE, or EX_OSERR for cf_warn_errno (a system call
 * failed), if none yet.  cf_note is sendmail's usrerr: the same line
 * without touching the exit status ("Invalid time unit").  cf_message
 * prints a plain line as is ("Warning: ...").
 */
void cf_warn(struct cf *, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void cf_warn_errno(struct cf *, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void cf_note(struct cf *, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void cf_message(struct cf *, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* cf_map_find - a map declared by a K line (or built in), NULL if none */
struct map *cf_map_find(struct cf *, const char *name);

/* cf_rule_compile - an R line's text (after the R) into ruleset rs */
void cf_rule_compile(struct cf *, int rs, const char *text, int line);
/* cf_rule_done - the .cf is read: release what compiling rules kept */
void cf_rule_done(struct cf *);

/* cf_opchars - the OperatorChars in force (option, or $o, or default) */
const char *cf_opchars(const struct cf *);

/*
 * cf_ruleset_find - by name or number text; -1 if undefined.  A name
 * whose S line failed for want of numbers draws sendmail's "NAME: too
 * many named rulesets (100 max)" again on the diagnostic stream.
 */
int cf_ruleset_find(const struct cf *, const char *name);

#endif
