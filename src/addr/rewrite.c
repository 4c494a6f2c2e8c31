/* rewrite.c - the rewriting engine: match a rule, build, look up, call */
#include "addr/rewrite.h"
#include "addr/prescan.h"
#include "cf/cf.h"
#include "cf/class.h"
#include "cf/macro.h"
#include "cf/rule.h"
#include "cf/ruleset.h"
#include "map/map.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>

#define RW_MAXMATCH	10	/* $1..$9 */
#define RW_CLASSBUF	1024	/* longest phrase tried against a class */

struct rw_match {
	size_t first, last;	/* tokens first..last-1 */
};

struct rw_matcher {
	const struct rw_ctx *ctx;
	const struct rule *rule;
	const struct ws *ws;
	const unsigned char *tix;	/* ws's token bits (rw_ws_bits) */
	uint64_t ops;			/* the operators ws holds, as bits */
	struct rw_match m[RW_MAXMATCH];
	int nm;
	unsigned long steps;	/* bound on backtracking work */
};

/* rw_error - a diagnostic line */
static void
rw_error(const struct rw_ctx *ctx, const char *fmt, ...)
{
	FILE *f = ctx->err ? ctx->err : ctx->trace ? ctx->trace : stderr;
	va_list ap;

	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
}

void
rewrite_print_token(FILE *f, const char *t)
{
	const unsigned char *p = (const unsigned char *)t;

	if (tok_is_op(t)) {
		fputs(t, f);
		return;
	}
	/* most tokens are plain printable ASCII */
	for (p = (const unsigned char *)t; *p >= 0x20 && *p < 0x7f; p++)
		;
	if (*p == '\0') {
		fwrite_unlocked(t, 1, (size_t)((const char *)p - t), f);
		return;
	}
	p = (const unsigned char *)t;
	/*
	 * as sendmail's -bt prints: \t \r \n spelled out, other control
	 * bytes and 0xff left out, other 8-bit bytes as M- and the low 7 bits
	 */
	for (; *p; p++) {
		unsigned c = *p;

		if (c == 0xff)
			continue;
		if (c & 0x80) {
			fputs("M-", f);
			c &= 0x7f;
		}
		if (c == '\t')
			fputs("\\t", f);
		else if (c == '\r')
			fputs("\\r", f);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c >= 0x20 && c != 0x7f)
			fputc((int)c, f);
	}
}

void
rewrite_print_tokens(FILE *f, const struct ws *ws)
{
	size_t i;

	for (i = 0; i < ws->n; i++) {
		fputc_unlocked(' ', f);
		rewrite_print_token(f, ws->tok[i]);
	}
	fputc_unlocked('\n', f);
}

/* rw_lc - ASCII lower case, without the locale (a table: the matcher
 * compares words with it more than anything else) */
static const unsigned char rw_lc[256] = {
#define RW_LC1(c) (unsigned char)((c) >= 'A' && (c) <= 'Z' ? (c) + 32 : (c))
#define RW_LC4(c) RW_LC1(c), RW_LC1((c) + 1), RW_LC1((c) + 2), RW_LC1((c) + 3)
#define RW_LC16(c) RW_LC4(c), RW_LC4((c) + 4), RW_LC4((c) + 8), RW_LC4((c) + 12)
#define RW_LC64(c) RW_LC16(c), RW_LC16((c) + 16), RW_LC16((c) + 32), \
	RW_LC16((c) + 48)
	RW_LC64(0), RW_LC64(64), RW_LC64(128), RW_LC64(192)
#undef RW_LC64
#undef RW_LC16
#undef RW_LC4
#undef RW_LC1
};

static inline unsigned char
rw_lower(unsigned char c)
{
	return rw_lc[c];
}

/* rw_word_eq - a literal word against a token, ignoring ASCII case */
static inline bool
rw_word_eq(const char *pat, const char *tok)
{
	const unsigned char *p = (const unsigned char *)pat;
	const unsigned char *t = (const unsigned char *)tok;

	for (; rw_lower(*p) == rw_lower(*t); p++, t++)
		if (*p == '\0')
			return !tok_is_op(tok);
	return false;
}

/* rw_concat - tokens [first, last) without separators, bounded */
static bool
rw_concat(const struct ws *ws, size_t first, size_t last, char *buf,
    size_t size)
{
	size_t len = 0, l;

	for (; first < last; first++) {
		l = strlen(ws->tok[first]);
		if (len + l >= size)
			return false;
		memcpy(buf + len, ws->tok[first], l);
		len += l;
	}
	buf[len] = '\0';
	return true;
}

/*
 * rw_tok_bit - which of 64 bits stands for a token: an operator's by its
 * code (0-8), a word's by its first two bytes, ASCII-lowercased (9-63),
 * so a literal of a left side and every token it can match share the
 * bit (the words of rules are mostly one or two bytes: "<", "@", ".").
 */
static inline unsigned
rw_tok_bit(const char *t)
{
	const unsigned char *p = (const unsigned char *)t;
	unsigned h, b;

	if (tok_is_op(t))
		return (unsigned)((size_t)(t - &tok_op[0][0]) /
		    sizeof(tok_op[0]));
	h = rw_lower(p[0]);
	if (p[0] != '\0')
		h |= (unsigned)rw_lower(p[1]) << 8;
	b = (uint32_t)(h * 0x9e3779b1u) >> 26;
	return b < TOK_OP_COUNT ? b + 64 - TOK_OP_COUNT : b;
}

#define RW_OP_BITS	((UINT64_C(1) << TOK_OP_COUNT) - 1)

/* rw_ws_bits - each token's bit into tix; the union of them */
static uint64_t
rw_ws_bits(const struct ws *ws, unsigned char *tix)
{
	uint64_t sig = 0;
	size_t i;

	for (i = 0; i < ws->n; i++) {
		tix[i] = (unsigned char)rw_tok_bit(ws->tok[i]);
		sig |= UINT64_C(1) << tix[i];
	}
	return sig;
}

/*
 * rw_rule_prep - what the matcher knows of a rule before trying it,
 * worked out once per rule: the fewest tokens its left side can match,
 * the bits of its literal tokens (a workspace lacking one of them cannot
 * match), and each literal's own bit (a token with another bit cannot
 * be that literal).  Quick ways past most rules and most comparisons.
 */
static void
rw_rule_prep(const struct rule *r)
{
	struct rule *w = (struct rule *)r;	/* a cache inside the rule */
	size_t i, n = 0;
	uint64_t need = 0;

	for (i = 0; i < r->nlhs; i++) {
		struct rw_elem *e = &w->lhs[i];

		switch (e->kind) {
		case RW_WORD:
			e->bit = (unsigned char)rw_tok_bit(e->text);
			need |= UINT64_C(1) << e->bit;
			n++;
			break;
		case RW_OP:
			e->bit = (unsigned char)rw_tok_bit(tok_opstr(e->n));
			need |= UINT64_C(1) << e->bit;
			n++;
			break;
		case RW_ONEPLUS: case RW_ONE:
		case RW_CLASS: case RW_NCLASS:
			n++;
			break;
		default:
			break;
		}
	}
	w->minmatch = n;
	w->need = need;
	w->prepared = true;
}

/* rw_cannot_match - ruled out without the matcher? */
static inline bool
rw_cannot_match(const struct rule *r, const struct ws *ws, uint64_t sig)
{
	if (!r->prepared)
		rw_rule_prep(r);
	return ws->n < r->minmatch || (r->need & ~sig) != 0;
}

/* rw_elem_at - does a literal element (word or operator) stand at ws[i]?
 * (tix: the workspace's token bits) */
static inline bool
rw_elem_at(const struct rw_elem *e, const struct ws *ws,
    const unsigned char *tix, size_t i)
{
	if (i >= ws->n || tix[i] != e->bit)
		return false;
	if (e->kind == RW_WORD)
		return rw_word_eq(e->text, ws->tok[i]);
	return ws->tok[i] == tok_opstr(e->n);
}

/*
 * rw_ends_match - a literal at either end of the LHS must stand at that
 * end of the workspace: most rules fail here, before any backtracking.
 */
static inline bool
rw_ends_match(const struct rule *r, const struct ws *ws,
    const unsigned char *tix)
{
	const struct rw_elem *first, *last;

	if (r->nlhs == 0)
		return true;
	first = &r->lhs[0];
	last = &r->lhs[r->nlhs - 1];
	if ((first->kind == RW_WORD || first->kind == RW_OP) &&
	    !rw_elem_at(first, ws, tix, 0))
		return false;
	if ((last->kind == RW_WORD || last->kind == RW_OP) &&
	    (ws->n == 0 || !rw_elem_at(last, ws, tix, ws->n - 1)))
		return false;
	return true;
}

static bool rw_match_from(struct rw_matcher *, size_t li, size_t wi);

/* rw_push - record a positional match and go on; undo on failure */
static bool
rw_push(struct rw_matcher *mt, size_t li, size_t first, size_t last)
{
	int saved = mt->nm;

	if (mt->nm < RW_MAXMATCH) {
		mt->m[mt->nm].first = first;
		mt->m[mt->nm].last = last;
	}
	mt->nm++;
	if (rw_match_from(mt, li + 1, last))
		return true;
	mt->nm = saved;
	return false;
}

/* rw_match_from - does lhs[li..] match ws[wi..]? */
static bool
rw_match_from(struct rw_matcher *mt, size_t li, size_t wi)
{
	const struct rule *r = mt->rule;
	const struct ws *ws = mt->ws;
	const struct rw_elem *e;
	size_t k;

	if (++mt->steps > 1000000)
		return false;
	for (;;) {
		if (li == r->nlhs)
			return wi == ws->n;
		e = &r->lhs[li];
		switch (e->kind) {
		case RW_WORD:
		case RW_OP:
			if (!rw_elem_at(e, ws, mt->tix, wi))
				return false;
			li++, wi++;
			continue;
		case RW_ZERO:
			li++;
			continue;
		case RW_DMACRO: {
			const char *v = macro_get(mt->ctx->cf->macros, e->n);
			size_t l;

			while (v != NULL && *v != '\0') {
				if (wi >= ws->n)
					return false;
				l = strlen(ws->tok[wi]);
				if (l == 0 || strncasecmp(v, ws->tok[wi], l) != 0)
					return false;
				v += l;
				wi++;
			}
			li++;
			continue;
		}
		case RW_ONE:
			if (wi >= ws->n)
				return false;
			return rw_push(mt, li, wi, wi + 1);
		case RW_NCLASS:
			if (wi >= ws->n || class_has(mt->ctx->cf->classes, e->n,
			    ws->tok[wi]))
				return false;
			return rw_push(mt, li, wi, wi + 1);
		case RW_ANY:
		case RW_ONEPLUS:
			/* a trailing $* or $+ takes the rest at once */
			if (li + 1 == r->nlhs) {
				if (e->kind == RW_ONEPLUS && wi >= ws->n)
					return false;
				return rw_push(mt, li, wi, ws->n);
			}
			/*
			 * When a literal follows, only the places where it
			 * stands can end this match: skip the others.
			 */
			for (k = wi + (e->kind == RW_ONEPLUS); k <= ws->n; k++) {
				const struct rw_elem *nx = &r->lhs[li + 1];

				if ((nx->kind == RW_WORD || nx->kind == RW_OP) &&
				    !rw_elem_at(nx, ws, mt->tix, k))
					continue;
				if (rw_push(mt, li, wi, k))
					return true;
			}
			return false;
		case RW_CLASS: {
			char buf[RW_CLASSBUF];
			size_t maxlen = class_maxlen(mt->ctx->cf->classes, e->n);

			for (k = wi + 1; k <= ws->n; k++) {
				if (!rw_concat(ws, wi, k, buf, sizeof(buf)) ||
				    strlen(buf) > maxlen)
					return false;
				if (class_has(mt->ctx->cf->classes, e->n, buf) &&
				    rw_push(mt, li, wi, k))
					return true;
			}
			return false;
		}
		default:
			return false;
		}
	}
}

/* rw_add - append a token to the new workspace, bounded */
static bool
rw_add(struct ws *out, const char *t)
{
	if (out->n >= WS_MAXTOK)
		return false;
	out->tok[out->n++] = t;
	out->tok[out->n] = NULL;
	return true;
}

/*
 * rw_scratch - one of the calling thread's token lists for the moment:
 * rw_add_text's and rw_lookups' (neither calls itself, nor the other
 * with its own list live), instead of a fresh 8 KiB of the arena on
 * every call.
 */
enum { RW_SCRATCH_TEXT, RW_SCRATCH_LOOKUPS, RW_SCRATCH_N };

static struct ws *
rw_scratch(int which)
{
	static __thread struct ws *list[RW_SCRATCH_N];

	if (list[which] == NULL)
		list[which] = xmalloc(sizeof(struct ws));
	return list[which];
}

/* rw_add_text - tokenize text (a macro value, a map result) into out */
static bool
rw_add_text(struct rw_ctx *ctx, struct ws *out, const char *text)
{
	struct ws *tmp = rw_scratch(RW_SCRATCH_TEXT);
	struct prescan_cfg pc = { cf_opchars(ctx->cf) };
	bool ok = true;
	size_t i;

	tmp->n = 0;
	tmp->tok[0] = NULL;
	(void)prescan(text, '\0', &pc, PRESCAN_NOERR, ctx->arena, tmp, NULL, NULL);
	for (i = 0; i < tmp->n && ok; i++)
		ok = rw_add(out, tmp->tok[i]);
	return ok;
}

/*
 * rw_build - the right-hand side with $n and $&x substituted; *ops: a
 * bit (1 << code) for each operator it may have put there (only for $[
 * $( and $> is there anything for rw_lookups and rw_callsubr to do)
 */
static bool
rw_build(struct rw_ctx *ctx, const struct rw_matcher *mt, struct ws *out,
    uint64_t *ops)
{
	const struct rule *r = mt->rule;
	size_t i = 0, k;

	*ops = 0;
	out->n = 0;
	out->tok[0] = NULL;
	/* a leading $@ or $: says how to go on, it is not output */
	if (r->nrhs > 0 && r->rhs[0].kind == RW_OP &&
	    (r->rhs[0].n == TOK_OP_HOST || r->rhs[0].n == TOK_OP_USER))
		i = 1;
	for (; i < r->nrhs; i++) {
		const struct rw_elem *e = &r->rhs[i];
		bool ok = true;

		switch (e->kind) {
		case RW_WORD:
			ok = rw_add(out, e->text);
			break;
		case RW_OP:
			ok = rw_add(out, tok_opstr(e->n));
			*ops |= UINT64_C(1) << e->n;
			break;
		case RW_POS:
			if (e->n < 1 || e->n > mt->nm || e->n > RW_MAXMATCH) {
				rw_error(ctx, "rewrite: ruleset %s: replacement $%d out of bounds",
				    "?", e->n);
				return false;
			}
			k = mt->m[e->n - 1].last - mt->m[e->n - 1].first;
			if (out->n + k > WS_MAXTOK) {
				ok = false;
				break;
			}
			memcpy(&out->tok[out->n],
			    &mt->ws->tok[mt->m[e->n - 1].first],
			    k * sizeof(out->tok[0]));
			out->n += k;
			out->tok[out->n] = NULL;
			if (k > 0)
				*ops |= mt->ops;
			break;
		case RW_DMACRO: {
			const char *v = macro_get(ctx->cf->macros, e->n);

			if (ctx->debug >= 2 && ctx->trace) {
				char tmp[4];

				fprintf(ctx->trace, "rewrite: RHS $&{%s} => \"%s\"\n",
				    macro_name(ctx->cf->macros, e->n, tmp),
				    v ? v : "(NULL)");
			}
			if (v != NULL)
				ok = rw_add_text(ctx, out, v);
			break;
		}
		default:
			break;
		}
		if (!ok) {
			rw_error(ctx, "554 5.3.0 rewrite: expansion too long");
			return false;
		}
	}
	return true;
}

/* rw_join - tokens [a, b) concatenated into an arena string */
static char *
rw_join(struct rw_ctx *ctx, const struct ws *ws, size_t a, size_t b)
{
	struct buf tmp = BUF_INIT;
	char *s;

	for (; a < b; a++)
		buf_adds(&tmp, ws->tok[a]);
	s = arena_strdup(ctx->arena, buf_str(&tmp));
	buf_free(&tmp);
	return s;
}

/*
 * rw_lookup_one - the lookup bracketed at ws[open..close]; the result
 * tokens go to out.  Returns the map status.
 */
static int
rw_lookup_one(struct rw_ctx *ctx, const struct ws *ws, size_t open,
    size_t close, struct ws *out)
{
	bool host = ws->tok[open] == tok_opstr(TOK_OP_HOSTBEGIN);
	size_t i = open + 1, keystart, keyend, defstart = 0;
	const char *mapname = "host";
	const char *args[10];
	size_t nargs = 0;
	struct map *map;
	struct map_result res;
	int status = EX_OK;
	bool have_default = false;

	if (!host) {
		if (i < close)
			mapname = ws->tok[i++];
	}
	keystart = i;
	while (i < close && ws->tok[i] != tok_opstr(TOK_OP_HOST) &&
	    ws->tok[i] != tok_opstr(TOK_OP_USER))
		i++;
	keyend = i;
	while (i < close && ws->tok[i] == tok_opstr(TOK_OP_HOST)) {
		size_t a = ++i;

		while (i < close && ws->tok[i] != tok_opstr(TOK_OP_HOST) &&
		    ws->tok[i] != tok_opstr(TOK_OP_USER))
			i++;
		if (nargs < sizeof(args) / sizeof(args[0]) - 1)
			args[nargs++] = rw_join(ctx, ws, a, i);
	}
	if (i < close && ws->tok[i] == tok_opstr(TOK_OP_USER)) {
		have_default = true;
		defstart = i + 1;
	}
	args[nargs] = NULL;
	map = cf_map_find(ctx->cf, mapname);
	map_result_init(&res);
	if (map == NULL) {
		rw_error(ctx, "554 5.3.0 rewrite: map %s not found", mapname);
		status = EX_CONFIG;
	} else {
		map_lookup(map, rw_join(ctx, ws, keystart, keyend), args, nargs, &res);
		status = res.status;
	}
	if (map != NULL && res.found) {
		/* a MAP_BAR_BYTE in a value stands for the $| operator */
		char *v = buf_str(&res.value) ? xstrdup(buf_str(&res.value)) : NULL;
		char *p = v, *bar;

		while ((bar = strchr(p, MAP_BAR_BYTE)) != NULL) {
			*bar = '\0';
			rw_add_text(ctx, out, p);
			rw_add(out, tok_opstr(TOK_OP_BAR));
			p = bar + 1;
		}
		rw_add_text(ctx, out, p);
		free(v);
	} else if (have_default) {
		for (i = defstart; i < close; i++)
			rw_add(out, ws->tok[i]);
	} else {
		for (i = keystart; i < keyend; i++)
			rw_add(out, ws->tok[i]);
	}
	map_result_free(&res);
	return status;
}

/* rw_lookups - do every $[ $] and $( $) in ws, left to right */
static int
rw_lookups(struct rw_ctx *ctx, struct ws *ws)
{
	struct ws *out;
	size_t i, j;
	int status = EX_OK, st;
	bool any = false;

	for (i = 0; i < ws->n && !any; i++)
		any = ws->tok[i] == tok_opstr(TOK_OP_HOSTBEGIN) ||
		    ws->tok[i] == tok_opstr(TOK_OP_LOOKUPBEGIN);
	if (!any)
		return EX_OK;
	out = rw_scratch(RW_SCRATCH_LOOKUPS);
	out->n = 0;
	out->tok[0] = NULL;
	for (i = 0; i < ws->n; i++) {
		const char *t = ws->tok[i];
		const char *endop;
		int depth = 0;

		if (t != tok_opstr(TOK_OP_HOSTBEGIN) &&
		    t != tok_opstr(TOK_OP_LOOKUPBEGIN)) {
			rw_add(out, t);
			continue;
		}
		endop = t == tok_opstr(TOK_OP_HOSTBEGIN) ?
		    tok_opstr(TOK_OP_HOSTEND) : tok_opstr(TOK_OP_LOOKUPEND);
		for (j = i + 1; j < ws->n; j++) {
			if (ws->tok[j] == t)
				depth++;
			else if (ws->tok[j] == endop && depth-- == 0)
				break;
		}
		/* only a temporary failure of a lookup fails the ruleset */
		st = rw_lookup_one(ctx, ws, i, j, out);
		if (st == EX_TEMPFAIL && status == EX_OK)
			status = st;
		i = j;
	}
	memcpy(ws->tok, out->tok, (out->n + 1) * sizeof(out->tok[0]));
	ws->n = out->n;
	return status;
}

/* rw_subr_number - the ruleset a $> names: number, name or "name" */
static int
rw_subr_number(struct rw_ctx *ctx, const char *t)
{
	size_t len = strlen(t);
	char small[128], *name = small;
	int n;

	if (len >= 2 && t[0] == '"' && t[len - 1] == '"')
		t++, len -= 2;
	if (len >= sizeof(small))
		name = xmalloc(len + 1);
	memcpy(name, t, len);
	name[len] = '\0';
	n = cf_ruleset_find(ctx->cf, name);
	if (n < 0)
		rw_error(ctx, "Unknown ruleset %s", name);
	if (name != small)
		free(name);
	return n;
}

/* rw_callsubr - do $> calls from the last to the first */
static int
rw_callsubr(struct rw_ctx *ctx, struct ws *ws, int reclevel)
{
	size_t i;
	int status = EX_OK;

	for (i = ws->n; i-- > 0;) {
		struct ws sub_store, *sub = &sub_store;	/* see rewrite() */
		int rs, st;
		size_t k;

		if (ws->tok[i] != tok_opstr(TOK_OP_CALL))
			continue;
		if (i + 1 >= ws->n) {
			ws->n = i;
			ws->tok[i] = NULL;
			continue;
		}
		rs = rw_subr_number(ctx, ws->tok[i + 1]);
		if (rs < 0) {
			memmove(&ws->tok[i], &ws->tok[i + 2],
			    (ws->n - i - 1) * sizeof(ws->tok[0]));
			ws->n -= 2;
			if (status == EX_OK)
				status = EX_CONFIG;
			continue;
		}
		/* a call to a ruleset without rules is skipped, untraced */
		if (ruleset_get(ctx->cf, rs) == NULL ||
		    ruleset_get(ctx->cf, rs)->nrules == 0) {
			if (ctx->debug >= 2 && ctx->trace)
				fprintf(ctx->trace, "-----skip subr %s (%d)\n",
				    ruleset_label(ctx->cf, rs), rs);
			memmove(&ws->tok[i], &ws->tok[i + 2],
			    (ws->n - i - 1) * sizeof(ws->tok[0]));
			ws->n -= 2;
			continue;
		}
		sub->n = 0;
		for (k = i + 2; k < ws->n; k++)
			sub->tok[sub->n++] = ws->tok[k];
		sub->tok[sub->n] = NULL;
		st = rewrite(ctx, rs, sub, reclevel);
		if (st != EX_OK && status == EX_OK)
			status = st;
		for (k = 0; k < sub->n && i + k < WS_MAXTOK; k++)
			ws->tok[i + k] = sub->tok[k];
		ws->n = i + k;
		ws->tok[ws->n] = NULL;
	}
	return status;
}

/* rw_trace_rule - -d21.12 detail */
static void
rw_trace_side(FILE *f, const struct cf *cf, const struct rw_elem *e, size_t n)
{
	size_t i;
	char tmp[4];

	for (i = 0; i < n; i++) {
		switch (e[i].kind) {
		case RW_WORD: fprintf(f, " %s", e[i].text); break;
		case RW_OP: fprintf(f, " %s", tok_opstr(e[i].n)); break;
		case RW_ANY: fputs(" $*", f); break;
		case RW_ONEPLUS: fputs(" $+", f); break;
		case RW_ONE: fputs(" $-", f); break;
		case RW_ZERO: fputs(" $@", f); break;
		case RW_POS: fprintf(f, " $%d", e[i].n); break;
		case RW_CLASS:
		case RW_NCLASS:
		case RW_DMACRO: {
			const char *nm = macro_name(cf->macros, e[i].n, tmp);

			fprintf(f, " $%c%s%s%s", e[i].kind == RW_CLASS ? '=' :
			    e[i].kind == RW_NCLASS ? '~' : '&',
			    strlen(nm) > 1 ? "{" : "", nm, strlen(nm) > 1 ? "}" : "");
			break;
		}
		}
	}
}

/* rw_trace_label - the ruleset name in 16 columns (cut or padded), then what */
static void
rw_trace_label(FILE *f, const char *label, const char *what)
{
	char line[16 + 16];
	size_t n = strnlen(label, 16), w = strlen(what);

	memcpy(line, label, n);
	memset(line + n, ' ', 16 - n);
	memcpy(line + 16, what, w);
	fwrite_unlocked(line, 1, 16 + w, f);
}

int
rewrite(struct rw_ctx *ctx, int rsno, struct ws *ws, int reclevel)
{
	struct ruleset *rs;
	struct rw_matcher mt;
	/*
	 * the rewritten list lives on the stack (8 KiB a level, at most
	 * REWRITE_MAX_RECURSION levels, only ever in a main thread): from
	 * the arena, every ruleset call took two such lists that lived as
	 * long as the arena, the better part of a MiB for one check_rcpt
	 */
	struct ws nws_store, *nws = &nws_store;
	const char *label;
	int rstat = EX_OK, st;
	size_t ri, loops = 0;
	uint64_t sig;
	unsigned char tix[WS_MAXTOK];

	if (rsno < 0 || rsno >= CF_MAXRWSETS) {
		rw_error(ctx, "554 5.3.5 rewrite: illegal ruleset number %d", rsno);
		return EX_CONFIG;
	}
	if (reclevel++ > REWRITE_MAX_RECURSION) {
		rw_error(ctx, "rewrite: excessive recursion (max %d), ruleset %s",
		    REWRITE_MAX_RECURSION, ruleset_label(ctx->cf, rsno));
		return EX_CONFIG;
	}
	label = ruleset_label(ctx->cf, rsno);
	if (ctx->trace) {
		rw_trace_label(ctx->trace, label, "   input:");
		rewrite_print_tokens(ctx->trace, ws);
	}
	rs = ruleset_get(ctx->cf, rsno);
	sig = rw_ws_bits(ws, tix);
	for (ri = 0; rs != NULL && ri < rs->nrules;) {
		const struct rule *r = &rs->rules[ri];
		bool ret = false, once = false;
		uint64_t ops;

		/* an address resolved to a mailer is not rewritten further */
		if (ws->n > 0 && ws->tok[0] == tok_opstr(TOK_OP_NET))
			break;

		if (ctx->debug >= 12 && ctx->trace) {
			fputs("-----trying rule:", ctx->trace);
			rw_trace_side(ctx->trace, ctx->cf, r->lhs, r->nlhs);
			fputc('\n', ctx->trace);
		}
		mt.ctx = ctx;
		mt.rule = r;
		mt.ws = ws;
		mt.tix = tix;
		mt.ops = sig & RW_OP_BITS;
		mt.nm = 0;
		mt.steps = 0;
		if (rw_cannot_match(r, ws, sig) || !rw_ends_match(r, ws, tix) ||
		    !rw_match_from(&mt, 0, 0)) {
			if (ctx->debug >= 12 && ctx->trace)
				fputs("----- rule fails\n", ctx->trace);
			ri++;
			loops = 0;
			continue;
		}
		if (ctx->debug >= 12 && ctx->trace) {
			fputs("-----rule matches:", ctx->trace);
			rw_trace_side(ctx->trace, ctx->cf, r->rhs, r->nrhs);
			fputc('\n', ctx->trace);
		}
		if (r->nrhs > 0 && r->rhs[0].kind == RW_OP) {
			ret = r->rhs[0].n == TOK_OP_HOST;
			once = r->rhs[0].n == TOK_OP_USER;
		}
		if (!rw_build(ctx, &mt, nws, &ops)) {
			rstat = EX_CONFIG;
			break;
		}
		if (ops & (UINT64_C(1) << TOK_OP_HOSTBEGIN |
		    UINT64_C(1) << TOK_OP_LOOKUPBEGIN)) {
			st = rw_lookups(ctx, nws);
			if (st != EX_OK && rstat == EX_OK)
				rstat = st;
		}
		if (ops & UINT64_C(1) << TOK_OP_CALL) {
			st = rw_callsubr(ctx, nws, reclevel);
			if (st != EX_OK && rstat == EX_OK)
				rstat = st;
		}
		memcpy(ws->tok, nws->tok, (nws->n + 1) * sizeof(nws->tok[0]));
		ws->n = nws->n;
		sig = rw_ws_bits(ws, tix);
		if (ctx->debug >= 12 && ctx->trace) {
			fputs("rewritten as:", ctx->trace);
			rewrite_print_tokens(ctx->trace, ws);
		}
		if (ret)
			break;
		if (once) {
			ri++;
			loops = 0;
			continue;
		}
		if (++loops > REWRITE_LOOP_LIMIT) {
			rw_error(ctx, "554 5.3.5 Infinite loop in ruleset %s, rule %zu",
			    label, ri + 1);
			rstat = EX_CONFIG;
			break;
		}
	}
	if (ctx->trace) {
		rw_trace_label(ctx->trace, label, " returns:");
		rewrite_print_tokens(ctx->trace, ws);
	}
	return rstat;
}
