/*
 * token - the rewriting workspace: a bounded vector of token strings.
 *
 * A token is a NUL-terminated string.  The rewriting operators that
 * can appear in a workspace ($# $@ $: $| $>) are pointers into a
 * static table (tok_op), compared by identity, so no byte sequence in
 * an address can ever forge one: an input "$|" stays a plain word.
 *
 * Token texts live in an arena owned by the caller.  Limits follow
 * sendmail 8.17 (MAXATOM tokens, MAXNAME-sized atoms) so over-long
 * addresses fail the way sendmail's do.
 *
 * Rule text in a .cf is tokenized by the same prescan in "cf mode":
 * every $-construct is first encoded as TOK_META_OPEN <body>
 * TOK_META_CLOSE, which prescan keeps as one token (see prescan.h).
 */
#ifndef TERN_TOKEN_H
#define TERN_TOKEN_H

#include <stdbool.h>
#include <stddef.h>

#define WS_MAXTOK	1000		/* sendmail's MAXATOM */
#define TOK_META_OPEN	'\001'
#define TOK_META_CLOSE	'\002'

/*
 * $# $@ $: $| appear in workspaces that rulesets return; $> $[ $] $( $)
 * exist only while one rule's right-hand side is being applied.
 */
enum tok_opcode { TOK_OP_NET, TOK_OP_HOST, TOK_OP_USER, TOK_OP_BAR,
	TOK_OP_CALL, TOK_OP_HOSTBEGIN, TOK_OP_HOSTEND, TOK_OP_LOOKUPBEGIN,
	TOK_OP_LOOKUPEND, TOK_OP_COUNT };

extern const char tok_op[TOK_OP_COUNT][3];

struct ws {
	const char *tok[WS_MAXTOK + 1];	/* tok[n] == NULL */
	size_t n;
};

/* tok_is_op - is this token one of the operator pointers? */
static inline bool
tok_is_op(const char *t)
{
	const char *base = &tok_op[0][0];

	return t >= base && t < base + sizeof(tok_op);
}

static inline const char *
tok_opstr(enum tok_opcode op)
{
	return tok_op[op];
}

#endif
