/*
 * cmdline_getopt - sendmail's own BSD-style getopt, state kept in a struct.
 *
 * Semantics of the getopt sendmail 8.17 links on Linux (not glibc's):
 * no permutation, "--" and any "--word" end the options and are
 * consumed, "-" alone is an operand; ':' is never an option letter.
 * With report set, an unknown letter or a missing value appends
 * "ARGV0: illegal option -- c" or "ARGV0: option requires an argument
 * -- c" (and a newline) to msg and returns '?'.  With report clear (the
 * quiet first pass), nothing is said and the option letter is returned
 * anyway: an unknown letter then takes a value like one that needs it,
 * and a missing value leaves arg as it was (stale), as sendmail's does.
 */
#ifndef TERN_CMDLINE_GETOPT_H
#define TERN_CMDLINE_GETOPT_H

#include <stdbool.h>

#include "util/buf.h"

struct cmdline_getopt {
	int ind;		/* next element of argv; start at 1 */
	const char *place;	/* rest of the current bundle; start at "" */
	const char *arg;	/* value of the last option (may be stale) */
	int opt;		/* the letter just looked at */
	bool report;		/* complain and return '?' */
};

/* cmdline_getopt_init - fresh state for a pass over argv */
void cmdline_getopt_init(struct cmdline_getopt *, bool report);

/* cmdline_getopt_next - the next option letter, '?' or -1 at the end */
int cmdline_getopt_next(struct cmdline_getopt *, int argc, char *const *argv,
    const char *optstring, struct buf *msg);

#endif
