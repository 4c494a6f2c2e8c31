/*
 * rewrite - apply a ruleset to a workspace, as sendmail's rewrite().
 *
 * Matching is sendmail's: leftmost-shortest with backtracking; $=X
 * matches one or more tokens whose concatenation is a class member;
 * literal words compare without regard to case.  The right-hand side
 * is built, then $[ $] and $( $) lookups are done left to right, then
 * $> subroutine calls from the last to the first, each applying to the
 * rest of the workspace.  A result that begins with $# ends the
 * ruleset; $@ returns after the rule, $: applies the rule once.
 *
 * With trace set, every ruleset prints its "input:" and "returns:"
 * lines as sendmail's -bt does.  Diagnostics (loops, recursion, missing
 * maps) go through err.  Returns a sysexits status: EX_OK, EX_TEMPFAIL
 * when a lookup failed temporarily, EX_CONFIG for loops and the like.
 */
#ifndef TERN_REWRITE_H
#define TERN_REWRITE_H

#include <stdio.h>

#include "addr/token.h"
#include "util/arena.h"

struct cf;

#define REWRITE_MAX_RECURSION	50
#define REWRITE_LOOP_LIMIT	100

struct rw_ctx {
	struct cf *cf;
	struct arena *arena;	/* tokens made while rewriting */
	FILE *trace;		/* input:/returns: lines, NULL for none */
	int debug;		/* -d21 level: rule-by-rule trace at >= 12 */
	FILE *err;		/* diagnostics; NULL: the trace, or stderr */
};

int rewrite(struct rw_ctx *, int ruleset, struct ws *, int reclevel);

/* rewrite_print_tokens - " tok tok ..." as sendmail's printav */
void rewrite_print_tokens(FILE *, const struct ws *);

/* rewrite_tokstr - one token as sendmail prints it */
void rewrite_print_token(FILE *, const char *tok);

#endif
