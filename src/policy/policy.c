/* policy.c - run a check_* ruleset and read its decision */
#include "policy/policy.h"
#include "addr/parseaddr.h"
#include "addr/prescan.h"
#include "addr/rewrite.h"
#include "cf/cf.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>

void
policy_result_init(struct policy_result *r)
{
	memset(r, 0, sizeof(*r));
	buf_init(&r->text);
	buf_init(&r->decision);
}

void
policy_result_free(struct policy_result *r)
{
	buf_free(&r->text);
	buf_free(&r->decision);
}

/* policy_temp - the answer to a ruleset that failed temporarily */
static enum policy_action
policy_temp(struct policy_result *res)
{
	res->action = POLICY_REJECT;
	res->code = 451;
	strcpy(res->dsn, "4.3.0");
	buf_set(&res->text, "Temporary system failure. Please try again later.");
	return res->action;
}

/*
 * policy_error - $#error $@ dsn $: "code text": the reply parts.  The
 * code comes from the text when it starts with one, else from the
 * class of the status (4 temporary, 5 permanent).
 */
static void
policy_error(struct policy_result *res, const char *dsn, const char *text)
{
	const char *t = text;
	size_t len = strlen(t);

	res->code = 0;
	if (len >= 3 && isdigit((unsigned char)t[0]) &&
	    isdigit((unsigned char)t[1]) && isdigit((unsigned char)t[2]) &&
	    (len == 3 || t[3] == ' ')) {
		res->code = (t[0] - '0') * 100 + (t[1] - '0') * 10 + (t[2] - '0');
		t += len > 3 ? 4 : 3;
		len -= len > 3 ? 4 : 3;
	}
	if (*dsn != '\0' && isdigit((unsigned char)*dsn) && strlen(dsn) < sizeof(res->dsn))
		strcpy(res->dsn, dsn);
	else
		strcpy(res->dsn, res->code / 100 == 4 ? "4.0.0" : "5.0.0");
	if (res->code == 0)
		res->code = res->dsn[0] == '4' ? 451 : 553;
	buf_add(&res->text, t, len);
}

/*
 * policy_text - the $: part of an $#error as sendmail makes its message:
 * words joined by blanks, but none beside a quoted string, and the
 * quotes then dropped ("550 sender " a@b " unknown" -> 550 sender a@b unknown)
 */
static void
policy_text(const struct ws *ws, size_t a, size_t b, const char *opchars,
    struct buf *out)
{
	size_t i;

	for (i = a; i < b; i++) {
		const char *t = ws->tok[i], *prev = i > a ? ws->tok[i - 1] : NULL;

		if (prev != NULL && prev[0] != '"' && t[0] != '"' &&
		    cataddr_space(prev, t, opchars))
			buf_addc(out, ' ');
		for (; *t; t++)
			if (*t != '"')
				buf_addc(out, *t);
	}
}

enum policy_action
policy_check(struct cf *cf, const char *ruleset, const char *input,
    const char *input2, struct policy_result *res, FILE *trace)
{
	struct arena arena = ARENA_INIT;
	struct prescan_cfg pc = { cf_opchars(cf) };
	struct rw_ctx ctx;
	struct ws *ws;
	struct buf line = BUF_INIT, part = BUF_INIT;
	int rs = cf_ruleset_find(cf, ruleset), st;
	size_t i, host = 0, user = 0;

	buf_reset(&res->text);
	buf_reset(&res->decision);
	res->action = POLICY_OK;
	res->code = 0;
	res->dsn[0] = '\0';
	if (rs < 0)
		return POLICY_OK;
	ws = arena_alloc(&arena, sizeof(*ws));
	ws->n = 0;
	ws->tok[0] = NULL;
	if (prescan(input, '\0', &pc, PRESCAN_NOERR, &arena, ws, NULL, NULL) < 0) {
		arena_free(&arena);
		return policy_temp(res);
	}
	if (input2 != NULL) {
		struct ws *w2 = arena_alloc(&arena, sizeof(*w2));

		w2->n = 0;
		(void)prescan(input2, '\0', &pc, PRESCAN_NOERR, &arena, w2, NULL, NULL);
		if (ws->n + 1 + w2->n <= WS_MAXTOK) {
			ws->tok[ws->n++] = tok_opstr(TOK_OP_BAR);
			for (i = 0; i < w2->n; i++)
				ws->tok[ws->n++] = w2->tok[i];
			ws->tok[ws->n] = NULL;
		}
	}
	memset(&ctx, 0, sizeof(ctx));
	ctx.cf = cf;
	ctx.arena = &arena;
	ctx.trace = trace;
	ctx.err = trace;
	st = rewrite(&ctx, rs, ws, 0);
	if (st == EX_TEMPFAIL) {
		arena_free(&arena);
		return policy_temp(res);
	}
	if (ws->n < 2 || ws->tok[0] != tok_opstr(TOK_OP_NET)) {
		arena_free(&arena);
		return POLICY_OK;
	}
	buf_set(&res->decision, ws->tok[1]);
	for (i = 2; i < ws->n; i++) {
		if (ws->tok[i] == tok_opstr(TOK_OP_HOST) && host == 0 && user == 0)
			host = i;
		else if (ws->tok[i] == tok_opstr(TOK_OP_USER) && user == 0)
			user = i;
	}
	if (strcasecmp(ws->tok[1], "error") == 0) {
		if (host)
			cataddr(ws, host + 1, user ? user : ws->n, '\0', pc.opchars,
			    &part);
		policy_text(ws, user ? user + 1 : ws->n, ws->n, pc.opchars, &line);
		if (strcasecmp(buf_str(&part), "quarantine") == 0) {
			/* "$#error $@ quarantine $: reason": accepted, held */
			res->action = POLICY_QUARANTINE;
			buf_set(&res->text, buf_str(&line));
		} else {
			res->action = POLICY_REJECT;
			policy_error(res, buf_str(&part), buf_str(&line));
		}
	} else if (strcasecmp(ws->tok[1], "discard") == 0) {
		res->action = POLICY_DISCARD;
	}
	buf_free(&line);
	buf_free(&part);
	arena_free(&arena);
	return res->action;
}
