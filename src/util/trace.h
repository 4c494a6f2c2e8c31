/*
 * trace - sendmail's -dN.M debug table, kept in one place.
 *
 * Numbered categories 0..TRACE_NCAT-1 (100, as in sendmail 8.17) each
 * hold a level 0..255; trace_on(cat, level) is sendmail's tTd(cat,
 * level).  trace_set parses sendmail's -d syntax exactly as 8.17 does:
 *
 *	spec  ::= flag { sep flag }	sep: ',' ' ' or tab, repeated freely
 *	flag  ::= N | N-M | pattern, each optionally followed by .level
 *
 * N-M sets every category from N to M (nothing if N > M); a missing
 * level means 1; ".", "-" with no digits mean 0.  Out-of-range values
 * never fail and never overflow: a category above 99 becomes 99 (so
 * -d150.5 sets 99), a level is taken modulo 256 (-d0.256 is 0, -d0.357
 * is 101, as sendmail's unsigned char); anything else after a flag up to
 * the next separator is skipped.  A flag that does not start with a
 * digit (-dfoo.3, -d-1.5, -d*_trace_*) is a named (libsm-style) setting:
 * kept for trace_named, never touching the numbered table.  An empty or
 * NULL spec means TRACE_DEFAULT.
 *
 * The table is process-global, like sendmail's; not thread-safe.
 */
#ifndef TERN_TRACE_H
#define TERN_TRACE_H

#include <stdbool.h>
#include <stdio.h>

#define TRACE_NCAT	100		/* categories 0..99 */
#define TRACE_DEFAULT	"0-99.1,*_trace_*.1"	/* -d with no value */
#define TRACE_NAMED_MAX	32		/* named settings kept (newest) */
#define TRACE_NAME_MAX	64		/* longer patterns are cut */

/* trace_set - apply one -d specification (sendmail's tTflag) */
void trace_set(const char *spec);

/* trace_on - sendmail's tTd: is category cat at level >= level? */
bool trace_on(int cat, int level);

/* trace_level - the level of category cat; 0 if out of range */
int trace_level(int cat);

/* trace_named - level of a named setting matching name (newest wins), 0 if none */
int trace_named(const char *name);

/* trace_active - is any numbered category non-zero? */
bool trace_active(void);

/* trace_reset - every level 0, named settings dropped */
void trace_reset(void);

/* trace_file - where trace output goes (stdout unless -D set one) */
FILE *trace_file(void);
void trace_set_file(FILE *);

/* trace_printf - write to trace_file(), unbuffered as sendmail's debug file */
void trace_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
