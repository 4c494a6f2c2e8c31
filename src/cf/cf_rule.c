/* cf_rule.c - compile R lines into matchable rules */
#include "cf/cf.h"
#include "cf/class.h"
#include "cf/macro.h"
#include "cf/rule.h"
#include "cf/ruleset.h"
#include "addr/prescan.h"
#include "addr/token.h"
#include "util/arena.h"

#include <stdlib.h>
#include <string.h>

/* cf_rule_meta - append one encoded $-construct */
static void
cf_rule_meta(struct buf *out, const char *body, size_t len)
{
	buf_addc(out, TOK_META_OPEN);
	buf_add(out, body, len);
	buf_addc(out, TOK_META_CLOSE);
}

/*
 * cf_rule_encode - turn rule text into prescan input: macros are
 * expanded now (as sendmail does when it reads the line), every other
 * $-construct becomes one meta token.
 */
static void
cf_rule_encode(struct cf *cf, const char *p, struct buf *out)
{
	while (*p) {
		if (*p != '$' || p[1] == '\0') {
			buf_addc(out, *p++);
			continue;
		}
		const char *start = p++;

		switch (*p) {
		case '*': case '+': case '-': case '@': case ':': case '#':
		case '|': case '>': case '[': case ']': case '(': case ')':
		case '1': case '2': case '3': case '4': case '5':
		case '6': case '7': case '8': case '9': case '0':
			p++;
			cf_rule_meta(out, start, (size_t)(p - start));
			break;
		case '=': case '~': case '&': {
			p++;
			if (macro_id_parse(cf->macros, &p) < 0) {
				buf_add(out, start, (size_t)(p - start));
				break;
			}
			cf_rule_meta(out, start, (size_t)(p - start));
			break;
		}
		case '$':
			buf_addc(out, '$');
			p++;
			break;
		default: {
			const char *name = p;
			struct buf ref = BUF_INIT;

			if (macro_id_parse(cf->macros, &p) < 0) {
				buf_addc(out, '$');
				break;
			}
			buf_addc(&ref, '$');
			buf_add(&ref, name, (size_t)(p - name));
			macro_expand(cf->macros, buf_str(&ref), out);
			buf_free(&ref);
			break;
		}
		}
	}
}

/* cf_rule_convert - tokens of one side into rule elements */
static size_t
cf_rule_convert(struct cf *cf, const struct ws *ws, bool lhs,
    struct rw_elem **out, int *npos, int line)
{
	struct rw_elem *e = xcalloc(ws->n + 1, sizeof(*e));
	size_t i, n = 0;
	int maxpos = 0;

	for (i = 0; i < ws->n; i++) {
		const char *t = ws->tok[i];
		struct rw_elem *x = &e[n++];

		if (t[0] != TOK_META_OPEN) {
			x->kind = RW_WORD;
			x->text = arena_strdup(cf->strings, t);
			continue;
		}
		const char *body = t + 2;	/* after "\001$" */

		switch (t[2]) {
		case '*': x->kind = lhs ? RW_ANY : RW_WORD; break;
		case '+': x->kind = lhs ? RW_ONEPLUS : RW_WORD; break;
		case '-': x->kind = lhs ? RW_ONE : RW_WORD; break;
		case '@':
			if (lhs) {
				x->kind = RW_ZERO;
			} else {
				x->kind = RW_OP;
				x->n = TOK_OP_HOST;
			}
			break;
		case ':': x->kind = RW_OP; x->n = TOK_OP_USER; break;
		case '#': x->kind = RW_OP; x->n = TOK_OP_NET; break;
		case '|': x->kind = RW_OP; x->n = TOK_OP_BAR; break;
		case '[': x->kind = RW_OP; x->n = TOK_OP_HOSTBEGIN; break;
		case ']': x->kind = RW_OP; x->n = TOK_OP_HOSTEND; break;
		case '(': x->kind = RW_OP; x->n = TOK_OP_LOOKUPBEGIN; break;
		case ')': x->kind = RW_OP; x->n = TOK_OP_LOOKUPEND; break;
		case '>':
			/* the ruleset name (or a $n giving it) follows; it is
			 * looked up when the rule runs, as sendmail does */
			x->kind = RW_OP;
			x->n = TOK_OP_CALL;
			break;
		case '=': case '~': case '&': {
			const char *p = body + 1;
			int id = macro_id_parse(cf->macros, &p);

			x->kind = t[2] == '=' ? RW_CLASS : t[2] == '~' ? RW_NCLASS :
			    RW_DMACRO;
			x->n = id;
			break;
		}
		default:
			if (t[2] >= '0' && t[2] <= '9') {
				x->kind = RW_POS;
				x->n = t[2] - '0';
				if (lhs)
					cf_warn(cf, line, "readcf: $%c in LHS", t[2]);
				if (x->n > maxpos)
					maxpos = x->n;
				break;
			}
			x->kind = RW_WORD;
			x->text = arena_strdup(cf->strings, t);
			break;
		}
		if (lhs && (x->kind == RW_ANY || x->kind == RW_ONEPLUS ||
		    x->kind == RW_ONE || x->kind == RW_CLASS || x->kind == RW_NCLASS))
			(*npos)++;
		if (x->kind == RW_WORD && x->text == NULL)
			x->text = arena_strdup(cf->strings, t);
	}
	if (!lhs && maxpos > *npos)
		cf_warn(cf, line, "replacement $%d out of bounds", maxpos);
	*out = e;
	return n;
}

/* cf_rule_side - encode, tokenize and convert one side */
static size_t
cf_rule_side(struct cf *cf, const char *text, size_t len, bool lhs,
    struct rw_elem **out, int *npos, int line)
{
	struct buf raw = BUF_INIT, enc = BUF_INIT, err = BUF_INIT;
	struct arena scratch = ARENA_INIT;
	struct prescan_cfg pc = { cf_opchars(cf) };
	struct ws *ws = xmalloc(sizeof(*ws));
	size_t n;

	buf_add(&raw, text, len);
	cf_rule_encode(cf, buf_str(&raw), &enc);
	ws->n = 0;
	ws->tok[0] = NULL;
	if (prescan(buf_str(&enc), '\0', &pc, PRESCAN_CF, &scratch, ws, NULL,
	    &err) < 0 || err.len > 0) {
		if (err.len > 0 && err.data[err.len - 1] == '\n')
			buf_truncate(&err, err.len - 1);
		cf_warn(cf, line, "%s", err.len ? buf_str(&err) :
		    "cannot tokenize rule");
	}
	n = cf_rule_convert(cf, ws, lhs, out, npos, line);
	free(ws);
	arena_free(&scratch);
	buf_free(&raw);
	buf_free(&enc);
	buf_free(&err);
	return n;
}

void
cf_rule_compile(struct cf *cf, int rsno, const char *text, int line)
{
	const char *lhs = text, *lhs_end, *rhs, *rhs_end;
	struct rule r;
	int npos = 0;

	memset(&r, 0, sizeof(r));
	r.line = line;
	for (lhs_end = lhs; *lhs_end && *lhs_end != '\t'; lhs_end++)
		;
	rhs = lhs_end;
	while (*rhs == '\t' || *rhs == '\n')
		rhs++;
	for (rhs_end = rhs; *rhs_end && *rhs_end != '\t'; rhs_end++)
		;
	if (*lhs_end == '\0' || rhs == rhs_end) {
		cf_warn(cf, line, "invalid rewrite line \"R%s\" (tab expected)", text);
		return;
	}
	r.nlhs = cf_rule_side(cf, lhs, (size_t)(lhs_end - lhs), true, &r.lhs,
	    &npos, line);
	r.nrhs = cf_rule_side(cf, rhs, (size_t)(rhs_end - rhs), false, &r.rhs,
	    &npos, line);
	if (rsno < 0 || rsno >= CF_MAXRWSETS || cf->rulesets[rsno] == NULL) {
		free(r.lhs);
		free(r.rhs);
		return;
	}
	ruleset_add_rule(cf->rulesets[rsno], &r);
}
