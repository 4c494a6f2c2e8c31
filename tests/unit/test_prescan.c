/* test_prescan.c - prescan against the real sendmail's -bt transcripts */
#include "t.h"
#include "addr_show.h"
#include "addr/prescan.h"

#include <stdlib.h>

#include "addr_cases.h"

#define OPCHARS	".:%@!^/[]+"	/* tern's sendmail.cf */

static struct arena arena = ARENA_INIT;

/* tok_line - "TOK: t1 t2\n" for a non-empty workspace */
static void
tok_line(struct buf *out, const struct ws *ws)
{
	size_t i;

	if (ws->n == 0)
		return;
	buf_adds(out, "TOK:");
	for (i = 0; i < ws->n; i++) {
		buf_addc(out, ' ');
		addr_show(out, ws->tok[i]);
	}
	buf_addc(out, '\n');
}

/* run_bt - a "99 ADDR" line: the whole-line check, then each address */
static void
run_bt(const char *in, struct buf *out)
{
	struct prescan_cfg cfg = { OPCHARS };
	struct ws *ws = malloc(sizeof(*ws));
	const char *p = in, *endp;

	if (prescan_invalid(in, NULL, out)) {
		free(ws);
		return;
	}
	for (;;) {
		ws->n = 0;
		if (prescan(p, ',', &cfg, PRESCAN_NOCOMMENT, &arena, ws, &endp,
		    out) == 0)
			tok_line(out, ws);
		if (*endp == '\0')
			break;
		p = endp + 1;
	}
	free(ws);
}

/* run_parse - /parse ADDR: prescan with comments, then the check */
static void
run_parse(const char *in, struct buf *out)
{
	struct prescan_cfg cfg = { OPCHARS };
	struct ws *ws = malloc(sizeof(*ws));

	ws->n = 0;
	if (prescan(in, '\0', &cfg, 0, &arena, ws, NULL, out) == 0 &&
	    !prescan_invalid(in, in, out))
		tok_line(out, ws);
	free(ws);
}

/* run_cf - the left-hand side of a rule */
static void
run_cf(const char *in, struct buf *out)
{
	struct prescan_cfg cfg = { OPCHARS };
	struct ws *ws = malloc(sizeof(*ws));

	ws->n = 0;
	if (prescan(in, '\0', &cfg, PRESCAN_CF, &arena, ws, NULL, NULL) == 0)
		tok_line(out, ws);
	free(ws);
}

/* test_table - every recorded case */
static void
test_table(void)
{
	size_t i;

	for (i = 0; i < sizeof(addr_pcases) / sizeof(addr_pcases[0]); i++) {
		const struct addr_pcase *c = &addr_pcases[i];
		struct buf out = BUF_INIT;

		if (c->mode == 'n')
			run_bt(c->in, &out);
		else if (c->mode == 'c')
			run_parse(c->in, &out);
		else
			run_cf(c->in, &out);
		if (strcmp(buf_str(&out), c->want) != 0)
			fprintf(stderr, "case %zu (%c) [%s]\n", i, c->mode, c->in);
		T_STREQ(buf_str(&out), c->want);
		buf_free(&out);
		arena_reset(&arena);
	}
}

/* test_api - the contract details the transcripts cannot show */
static void
test_api(void)
{
	struct prescan_cfg cfg = { NULL };
	struct ws *ws = malloc(sizeof(*ws));
	struct buf err = BUF_INIT;
	const char *endp;
	size_t i;

	/* "$|" is a word, never the operator */
	ws->n = 0;
	T_INTEQ(prescan("$| $#", '\0', &cfg, PRESCAN_NOCOMMENT, &arena, ws,
	    &endp, &err), 0);
	T_INTEQ(ws->n, 2);
	T_STREQ(ws->tok[0], "$|");
	for (i = 0; i < ws->n; i++)
		T_CHECK(!tok_is_op(ws->tok[i]));
	T_CHECK(*endp == '\0');
	T_CHECK(ws->tok[ws->n] == NULL);

	/* default OperatorChars are .:@[] */
	ws->n = 0;
	prescan("a%b.c", '\0', &cfg, 0, &arena, ws, NULL, NULL);
	T_INTEQ(ws->n, 3);
	T_STREQ(ws->tok[0], "a%b");

	/* tokens are appended; endp stops at the delimiter */
	ws->n = 0;
	prescan("x", '\0', &cfg, 0, &arena, ws, NULL, NULL);
	prescan("a, b", ',', &cfg, 0, &arena, ws, &endp, NULL);
	T_INTEQ(ws->n, 2);
	T_STREQ(ws->tok[1], "a");
	T_STREQ(endp, ", b");

	/* a fatal error puts ws->n back */
	{
		char big[700];

		memset(big, '@', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		ws->n = 0;
		buf_reset(&err);
		T_INTEQ(prescan(big, '\0', &cfg, 0, &arena, ws, NULL, &err),
		    -1);
		T_INTEQ(ws->n, 0);
		T_CHECK(strstr(buf_str(&err), "... Address too long\n") != NULL);
		/* cf mode has no byte budget, only the 1000 tokens */
		ws->n = 0;
		T_INTEQ(prescan(big, '\0', &cfg, PRESCAN_CF, &arena, ws, NULL,
		    NULL), 0);
		T_INTEQ(ws->n, sizeof(big) - 1);
	}
	{
		char many[2 * WS_MAXTOK + 3];

		for (i = 0; i < WS_MAXTOK + 1; i++) {
			many[2 * i] = 'a';
			many[2 * i + 1] = ' ';
		}
		many[2 * WS_MAXTOK + 1] = '\0';
		ws->n = 0;
		buf_reset(&err);
		T_INTEQ(prescan(many, '\0', &cfg, PRESCAN_CF, &arena, ws, NULL,
		    &err), -1);
		T_CHECK(strstr(buf_str(&err), "... prescan: too many tokens\n")
		    != NULL);
		many[2 * WS_MAXTOK - 1] = '\0';
		ws->n = 0;
		T_INTEQ(prescan(many, '\0', &cfg, PRESCAN_CF, &arena, ws, NULL,
		    NULL), 0);
		T_INTEQ(ws->n, WS_MAXTOK);
	}

	/* cf mode: meta runs are whole tokens, also inside words */
	ws->n = 0;
	T_INTEQ(prescan("R\001*\002foo\001=w\002.\001{x}\002 \"a \001*\002\"",
	    '\0', &cfg, PRESCAN_CF, &arena, ws, NULL, NULL), 0);
	T_INTEQ(ws->n, 7);
	T_STREQ(ws->tok[0], "R");
	T_STREQ(ws->tok[1], "\001*\002");
	T_STREQ(ws->tok[2], "foo");
	T_STREQ(ws->tok[3], "\001=w\002");
	T_STREQ(ws->tok[4], ".");
	T_STREQ(ws->tok[5], "\001{x}\002");
	T_STREQ(ws->tok[6], "\"a \001*\002\"");
	ws->n = 0;
	prescan("a\001open", '\0', &cfg, PRESCAN_CF, &arena, ws, NULL, NULL);
	T_INTEQ(ws->n, 2);
	T_STREQ(ws->tok[1], "\001open");
	/* cf mode repairs and reports nothing */
	ws->n = 0;
	buf_reset(&err);
	prescan("\"550 x <a", '\0', &cfg, PRESCAN_CF, &arena, ws, NULL, &err);
	T_INTEQ(ws->n, 1);
	T_STREQ(ws->tok[0], "\"550 x <a");
	T_INTEQ(err.len, 0);

	/* NOERR repairs silently */
	ws->n = 0;
	buf_reset(&err);
	prescan("<a", '\0', &cfg, PRESCAN_NOERR, &arena, ws, NULL, &err);
	T_INTEQ(ws->n, 3);
	T_INTEQ(err.len, 0);

	/* the message of a long address is shortened */
	{
		char s[300];

		for (i = 0; i < sizeof(s) - 1; i++)
			s[i] = i % 2 ? ' ' : 'x';
		s[0] = '<';
		s[sizeof(s) - 1] = '\0';
		buf_reset(&err);
		ws->n = 0;
		prescan(s, '\0', &cfg, 0, &arena, ws, NULL, &err);
		T_INTEQ(err.len, 100 + 3 + 100 + 4 + 14 + 1);
	}
	buf_free(&err);
	free(ws);
	arena_reset(&arena);
}

int
main(void)
{
	test_table();
	test_api();
	arena_free(&arena);
	T_DONE();
}
