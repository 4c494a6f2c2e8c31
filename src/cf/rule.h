/*
 * rule - compiled rewriting rules (R lines) and rulesets (S lines).
 *
 * A rule side is a vector of elements.  Literal words keep their text;
 * every $-construct of the .cf language has its own kind, so the
 * matcher and the rewriter never look at text to find an operator.
 */
#ifndef TERN_RULE_H
#define TERN_RULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum rw_kind {
	RW_WORD,	/* literal token: text */
	RW_OP,		/* operator $# $@ $: $| $> $[ $] $( $): op */
	RW_ANY,		/* $*  zero or more tokens */
	RW_ONEPLUS,	/* $+  one or more */
	RW_ONE,		/* $-  exactly one */
	RW_ZERO,	/* $@ in the LHS: exactly zero */
	RW_CLASS,	/* $=X  a phrase in class id */
	RW_NCLASS,	/* $~X  one token not in class id */
	RW_DMACRO,	/* $&x  macro id, expanded at run time */
	RW_POS,		/* $1..$9  (RHS): n */
};

struct rw_elem {
	enum rw_kind kind;
	int n;			/* op code, class/macro id, position, ruleset */
	const char *text;	/* RW_WORD: the token */
	unsigned char bit;	/* RW_WORD, RW_OP: the matcher's token bit
				   (set with the rule's need) */
};

struct rule {
	struct rw_elem *lhs, *rhs;
	size_t nlhs, nrhs;
	int line;		/* .cf line, for diagnostics */
	bool prepared;		/* the matcher's cache (rw_rule_prep): */
	size_t minmatch;	/* fewest tokens the LHS can match */
	uint64_t need;		/* the token bits of its literals */
};

struct ruleset {
	char *name;		/* NULL for a ruleset known only by number */
	int number;
	struct rule *rules;
	size_t nrules, cap;
};

#endif
