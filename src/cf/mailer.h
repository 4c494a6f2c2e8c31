/*
 * mailer - mailer definitions (M lines) with all their equates.
 *
 * Mailers 0, 1 and 2 are built in (prog, *file*, *include*), as in
 * sendmail; an M line with one of those names replaces it in place,
 * every other mailer is numbered in the order the file declares it, at
 * most 25.  A malformed M line gets sendmail 8.17's diagnostic; some
 * leave the mailer undefined (no A= or P=, a bad S= or R= ruleset, bad
 * [IPC] or [FILE] parameters), others only lose the bad equate.  One
 * sendmail bug is kept because it shows: a U=user:group whose group
 * name ends the equate makes sendmail scan past its end through a
 * static buffer and clear its mailer counter (mailer_ids), so that
 * mailer and the next ones take numbers 0, 1, ... again.
 */
#ifndef TERN_MAILER_H
#define TERN_MAILER_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "util/buf.h"

struct cf;

struct mailer {
	char *name;
	int number;
	char *path;		/* P= ("[IPC]", "[FILE]", a program) */
	char **argv;		/* A= words, macros unexpanded */
	size_t argc;
	unsigned char flags[256 / 8];	/* F= */
	int s_env, s_hdr;	/* S= rulesets, -1 unset */
	int r_env, r_hdr;	/* R= rulesets, -1 unset */
	char *eol;		/* E=, unescaped; "\n" default */
	long linelimit;		/* L= */
	long maxsize;		/* M= */
	uid_t uid;		/* U=, (uid_t)-1 unset */
	gid_t gid;
	char *uidname;		/* U= as written, when a name */
	char *execdir;		/* D= */
	int nice;		/* N= */
	char *mtatype, *addrtype, *diagtype;	/* T= */
	char *charset;		/* C= */
	long wait;		/* W= seconds */
	char *qgroup;		/* Q= */
	char *rootdir;		/* /= */
	long maxdeliveries;	/* m= */
	long maxrcpt;		/* r=, 100 default */
};

static inline bool
mailer_flag(const struct mailer *m, unsigned char f)
{
	return m->flags[f / 8] >> (f % 8) & 1;
}

/* mailer_define - an M line's text (after the M, in the $-form of
 * cf_text.h); diagnostics via cf_warn */
void mailer_define(struct cf *, const char *text, int line);
/* mailer_builtins - create prog, *file*, *include* */
void mailer_builtins(struct cf *);
struct mailer *mailer_find(const struct cf *, const char *name);
/* mailer_error - the built-in *error* mailer (not in the numbered list) */
struct mailer *mailer_error(void);
void mailer_free(struct mailer *);
/* mailer_print - one line as sendmail's -bt =M prints it */
void mailer_print(const struct cf *, const struct mailer *, struct buf *);

#endif
