/* cf_rule.c - compile R lines into matchable rules, with sendmail's checks */
#include "cf/cf.h"
#include "cf/cf_text.h"
#include "cf/class.h"
#include "cf/macro.h"
#include "cf/option.h"
#include "cf/rule.h"
#include "cf/ruleset.h"
#include "addr/prescan.h"
#include "addr/token.h"
#include "util/arena.h"

#include <stdlib.h>
#include <string.h>

#define CF_RULE_MAXMATCH	9	/* sendmail's MAXMATCH: wildcards */
#define CF_RULE_MAXMAPARGS	10	/* sendmail's MAX_MAP_ARGS */
#define CF_RULE_MAXRECURSION	10	/* sendmail's MaxMacroRecursion */
#define CF_RULE_SHORT		203	/* sendmail's MAXSHORTSTR */
#define CF_RULE_OPERATORS	"*+-#@:>[]()|.0123456789"

/*
 * One side of a rule being expanded as sendmail's expand() does: the
 * prescan input (every $-construct one meta token), the same text in
 * sendmail's bytes (what its messages quote), the bytes counted against
 * its buffer, and the state of $? $| $. conditionals.
 */
struct cf_rule_exp {
	struct cf *cf;
	int line;
	struct buf enc;		/* prescan input */
	struct buf shown;	/* sendmail's bytes, top bits cleared */
	size_t sm;		/* sendmail's bytes so far */
	bool full;		/* its buffer is full: the rest is lost */
	bool deep;		/* "recursion too deep" said */
	int iflev, skiplev;
	bool skipping;
};

/*
 * what compiling one R line needs, kept from line to line while a .cf
 * loads (a few hundred rules: allocating and freeing it per rule was a
 * fifth of the load's instructions); cf_rule_done releases it
 */
struct cf_rule_work {
	struct arena scratch;		/* prescan's token text */
	struct ws ws;
	struct buf raw, err;
	struct cf_rule_exp x;
};

/* cf_rule_metabyte - sendmail's internal byte for an operator, top bit off */
static int
cf_rule_metabyte(int c)
{
	static const char ops[] = "*+-=~#@:>|.[]()&";
	static const unsigned char val[] = { 0220, 0221, 0222, 0223, 0224,
	    0226, 0227, 0230, 0231, 0233, 0234, 0235, 0236, 0205, 0206, 0202 };
	const char *p = c != '\0' ? strchr(ops, c) : NULL;

	if (c >= '0' && c <= '9')
		return 0225 & 0x7f;		/* MATCHREPL, then the digit */
	return p != NULL ? val[p - ops] & 0x7f : '?';
}

/* cf_rule_room - can n more of sendmail's bytes go into its buffer? */
static bool
cf_rule_room(struct cf_rule_exp *x, size_t n)
{
	if (x->full || x->sm + n > CF_MAXLINE - 1) {
		x->full = true;
		return false;
	}
	x->sm += n;
	return true;
}

/* cf_rule_putrun - n literal bytes that fit, at once; false if not */
static bool
cf_rule_putrun(struct cf_rule_exp *x, const char *p, size_t n)
{
	size_t at = x->shown.len, i;

	if (x->skipping || x->full || x->sm + n > CF_MAXLINE - 1)
		return false;
	x->sm += n;
	buf_add(&x->enc, p, n);
	buf_add(&x->shown, p, n);
	for (i = at; i < x->shown.len; i++)
		x->shown.data[i] &= 0x7f;
	return true;
}

/* cf_rule_putc - one literal byte */
static void
cf_rule_putc(struct cf_rule_exp *x, int c)
{
	if (x->skipping || !cf_rule_room(x, 1))
		return;
	buf_addc(&x->enc, c);
	buf_addc(&x->shown, c & 0x7f);
}

/*
 * cf_rule_putmeta - one $-construct (op, and the name text for $= $~ $&
 * and the digit of $1) as one meta token
 */
static void
cf_rule_putmeta(struct cf_rule_exp *x, int op, const char *name, size_t len)
{
	bool named = op == '=' || op == '~' || op == '&';

	if (x->skipping || !cf_rule_room(x, named || (op >= '0' && op <= '9') ?
	    2 : 1))
		return;
	buf_addc(&x->enc, TOK_META_OPEN);
	buf_addc(&x->enc, '$');
	buf_addc(&x->enc, op);
	buf_add(&x->enc, name, len);
	buf_addc(&x->enc, TOK_META_CLOSE);
	buf_addc(&x->shown, cf_rule_metabyte(op));
	if (op >= '0' && op <= '9')
		buf_addc(&x->shown, op);
	else if (named && len > 2 && name[0] == '{')
		buf_addc(&x->shown, macro_show_byte(x->cf->macros,
		    macro_id(x->cf->macros, name + 1, len - 2)) & 0x7f);
	else if (named && len > 0)
		buf_addc(&x->shown, (unsigned char)name[0] & 0x7f);
}

/* cf_rule_cond - $?x $| $. (at level 0, $| and $. are operators) */
static void
cf_rule_cond(struct cf_rule_exp *x, int op, int id)
{
	switch (op) {
	case '?':
		x->iflev++;
		if (x->skipping) {
			x->skiplev++;
		} else {
			const char *v = macro_get(x->cf->macros, id);

			x->skipping = v == NULL || *v == '\0';
		}
		break;
	case '|':
		if (x->iflev == 0)
			cf_rule_putmeta(x, op, "", 0);
		else if (x->skiplev == 0)
			x->skipping = !x->skipping;
		break;
	case '.':
		if (x->iflev == 0) {
			cf_rule_putmeta(x, op, "", 0);
			break;
		}
		x->iflev--;
		if (x->skiplev == 0)
			x->skipping = false;
		else
			x->skiplev--;
		break;
	}
}

/* cf_rule_expand - $-form text into x, macros replaced by their values */
static void
cf_rule_expand(struct cf_rule_exp *x, const char *p, int depth)
{
	while (*p != '\0' && !x->full) {
		const char *q, *name;
		size_t n, nlen;
		int pre = 0, id;

		if (*p != '$') {
			/* a run of plain bytes at once, else byte by byte */
			n = strcspn(p, "$");
			if (cf_rule_putrun(x, p, n))
				p += n;
			else
				cf_rule_putc(x, (unsigned char)*p++);
			continue;
		}
		n = cf_text_reflen(p);
		q = p + 1;
		p += n;
		if (n == 1)
			continue;	/* a name sendmail could not read */
		if (*q == '$') {
			cf_rule_putc(x, '$');
			continue;
		}
		if (*q == '=' || *q == '~' || *q == '&' || *q == '?')
			pre = *q++;
		name = q;
		nlen = (size_t)(p - q);
		if (nlen == 0)
			id = 0;
		else if (*name == '{' && nlen > 2)
			id = macro_id(x->cf->macros, name + 1, nlen - 2);
		else
			id = (unsigned char)*name;
		if (pre == '?') {
			cf_rule_cond(x, pre, id);
		} else if (pre != 0) {
			cf_rule_putmeta(x, pre, name, nlen);
		} else if (nlen == 1 && strchr(CF_RULE_OPERATORS, *name) != NULL) {
			if (*name == '|' || *name == '.')
				cf_rule_cond(x, *name, 0);
			else
				cf_rule_putmeta(x, *name, "", 0);
		} else if (!x->skipping) {
			const char *v = macro_get(x->cf->macros, id);

			if (v == NULL)
				continue;
			if (!macro_expandable(x->cf->macros, id)) {
				while (*v != '\0')
					cf_rule_putc(x, (unsigned char)*v++);
			} else if (depth + 1 < CF_RULE_MAXRECURSION) {
				cf_rule_expand(x, v, depth + 1);
			} else if (!x->deep) {
				x->deep = true;
				cf_warn(x->cf, x->line, "expand: recursion too deep "
				    "(%d max)", CF_RULE_MAXRECURSION);
			}
		}
	}
}

/* cf_rule_shorten - sendmail's shortenstring: 100 bytes ... 100 bytes */
static void
cf_rule_shorten(const struct buf *s, struct buf *out)
{
	size_t half = (CF_RULE_SHORT - 3) / 2;

	if (s->len < CF_RULE_SHORT) {
		buf_add(out, s->data, s->len);
		return;
	}
	buf_add(out, s->data, half);
	buf_adds(out, "...");
	buf_add(out, s->data + s->len - half, half);
}

/*
 * cf_rule_prescan_errors - prescan's complaints, quoting the text as
 * sendmail's expanded it (prescan quotes the encoded input)
 */
static void
cf_rule_prescan_errors(struct cf_rule_exp *x, const struct buf *err)
{
	const char *p, *end;

	if (err->len == 0)
		return;
	p = err->data;
	end = err->data + err->len;
	while (p != NULL && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *lineend = nl != NULL ? nl : end, *sep = NULL, *s;
		struct buf msg = BUF_INIT;

		for (s = p; s + 4 <= lineend; s++)
			if (memcmp(s, "... ", 4) == 0)
				sep = s;
		cf_rule_shorten(&x->shown, &msg);
		if (sep != NULL)
			buf_add(&msg, sep, (size_t)(lineend - sep));
		else {
			buf_adds(&msg, "... ");
			buf_add(&msg, p, (size_t)(lineend - p));
		}
		cf_note(x->cf, x->line, "%s", buf_str(&msg));
		buf_free(&msg);
		p = nl != NULL ? nl + 1 : NULL;
	}
}

/* cf_rule_opchars - the tokenizer fixes its operators on first use */
static void
cf_rule_opchars(struct cf *cf)
{
	if (cf->tok_opchars != NULL)
		return;
	cf->tok_opchars = xstrdup(cf_opchars(cf));
	option_operator_chars_default(cf->opts, cf->tok_opchars);
}

/*
 * cf_rule_tokens - expand and tokenize one side; false where sendmail's
 * prescan returns NULL (an error, or no tokens at all)
 */
static bool
cf_rule_tokens(struct cf *cf, const char *text, size_t len,
    struct cf_rule_work *w, int line)
{
	struct cf_rule_exp *x = &w->x;
	struct buf enc = x->enc, shown = x->shown;	/* kept, emptied */
	struct prescan_cfg pc;
	bool ok;

	memset(x, 0, sizeof(*x));
	x->enc = enc;
	x->shown = shown;
	buf_reset(&x->enc);
	buf_reset(&x->shown);
	x->cf = cf;
	x->line = line;
	buf_reset(&w->raw);
	buf_reset(&w->err);
	buf_add(&w->raw, text, len);
	cf_rule_expand(x, buf_str(&w->raw), 0);
	cf_rule_opchars(cf);
	pc.opchars = cf_opchars(cf);
	w->ws.n = 0;
	w->ws.tok[0] = NULL;
	ok = prescan(buf_str(&x->enc), '\0', &pc, PRESCAN_CF, &w->scratch,
	    &w->ws, NULL, &w->err) == 0;
	if (w->err.len > 0)
		cf_rule_prescan_errors(x, &w->err);
	return ok && w->ws.n > 0;
}

/* cf_rule_elem - one token as a rule element; *op gets its $-operator */
static void
cf_rule_elem(struct cf *cf, const char *t, bool lhs, struct rw_elem *x,
    int *op)
{
	const char *body;

	*op = 0;
	if (t[0] != TOK_META_OPEN || t[1] != '$' || t[2] == '\0') {
		x->kind = RW_WORD;
		x->text = arena_strdup(cf->strings, t);
		return;
	}
	body = t + 2;
	*op = (unsigned char)*body;
	switch (*body) {
	case '*': x->kind = RW_ANY; break;
	case '+': x->kind = RW_ONEPLUS; break;
	case '-': x->kind = RW_ONE; break;
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
		char *name = xstrndup(p, strcspn(p, "\002"));
		const char *np = name;
		int id = *np != '\0' ? macro_id_parse(cf->macros, &np) : 0;

		free(name);
		x->kind = *body == '=' ? RW_CLASS : *body == '~' ? RW_NCLASS :
		    RW_DMACRO;
		x->n = id < 0 ? 0 : id;
		break;
	}
	default:
		if (*body >= '0' && *body <= '9') {
			x->kind = RW_POS;
			x->n = *body - '0';
			break;
		}
		/* "$." outside a conditional: a token of its own */
		x->kind = RW_WORD;
		x->text = arena_strdup(cf->strings, t + 1);
		{
			char *e = strchr((char *)x->text, TOK_META_CLOSE);

			if (e != NULL)
				*e = '\0';
		}
		break;
	}
	/* on the right, the wildcards are just printed back */
	if (!lhs && (x->kind == RW_ANY || x->kind == RW_ONEPLUS ||
	    x->kind == RW_ONE || x->kind == RW_CLASS || x->kind == RW_NCLASS)) {
		struct buf b = BUF_INIT;
		char tmp[4];

		buf_addc(&b, '$');
		buf_addc(&b, *body);
		if (x->kind == RW_CLASS || x->kind == RW_NCLASS) {
			const char *nm = macro_name(cf->macros, x->n, tmp);

			if (strlen(nm) > 1)
				buf_addf(&b, "{%s}", nm);
			else
				buf_adds(&b, nm);
		}
		x->kind = RW_WORD;
		x->text = arena_strdup(cf->strings, buf_str(&b));
		buf_free(&b);
	}
}

/* cf_rule_lhs - the left side's elements and sendmail's checks on them */
static size_t
cf_rule_lhs(struct cf *cf, const struct ws *ws, struct rw_elem **out,
    int *nfuzzy, int line)
{
	struct rw_elem *e = xcalloc(ws->n + 1, sizeof(*e));
	size_t i;

	for (i = 0; i < ws->n; i++) {
		int op;

		cf_rule_elem(cf, ws->tok[i], true, &e[i], &op);
		switch (op) {
		case '*': case '+': case '-': case '=': case '~':
			(*nfuzzy)++;
			break;
		case ':': case '>': case '.': case '[': case ']': case '(':
		case ')':
			cf_warn(cf, line, "Inappropriate use of $%c on LHS", op);
			break;
		default:
			if (op >= '0' && op <= '9')
				cf_warn(cf, line, "Inappropriate use of $1-$9 on LHS");
			break;
		}
	}
	*out = e;
	return ws->n;
}

/* cf_rule_rhs - the right side's elements and sendmail's checks on them */
static size_t
cf_rule_rhs(struct cf *cf, const struct ws *ws, struct rw_elem **out,
    int nfuzzy, int line)
{
	struct rw_elem *e = xcalloc(ws->n + 1, sizeof(*e));
	bool inmap = false;
	int args = 0, endtoken = 0;
	size_t i;

	for (i = 0; i < ws->n; i++) {
		int op;

		cf_rule_elem(cf, ws->tok[i], false, &e[i], &op);
		switch (op) {
		case '*': case '+': case '-': case '=': case '~':
			cf_warn(cf, line, "Inappropriate use of $%c on RHS", op);
			break;
		case '@':
			if (inmap && ++args >= CF_RULE_MAXMAPARGS)
				cf_warn(cf, line, "too many arguments for map lookup");
			break;
		case '[': case '(':
			endtoken = op == '[' ? ']' : ')';
			if (inmap)
				cf_warn(cf, line, "cannot nest map lookups");
			inmap = true;
			args = 0;
			break;
		case ']': case ')':
			if (op == endtoken) {
				inmap = false;
				endtoken = 0;
			}
			break;
		default:
			if (op >= '0' && op <= '9' && (op == '0' || op - '0' > nfuzzy))
				cf_warn(cf, line, "replacement $%c out of bounds", op);
			break;
		}
	}
	if (inmap)
		cf_warn(cf, line, "missing map closing token");
	*out = e;
	return ws->n;
}

void
cf_rule_compile(struct cf *cf, int rsno, const char *text, int line)
{
	const char *lhs_end, *rhs, *rhs_end;
	struct cf_rule_work *w;
	struct rule r;
	int nfuzzy = 0;

	if (rsno < 0 || rsno >= CF_MAXRWSETS) {
		struct buf shown = BUF_INIT;

		cf_text_show(cf, text, strlen(text), true, &shown);
		cf_warn(cf, line, "missing valid ruleset for \"R%s\"",
		    buf_str(&shown));
		buf_free(&shown);
		return;
	}
	for (lhs_end = text; *lhs_end && *lhs_end != '\t'; lhs_end++)
		;
	if (*lhs_end == '\0') {
		struct buf shown = BUF_INIT;

		cf_text_show(cf, text, strlen(text), true, &shown);
		cf_warn(cf, line, "invalid rewrite line \"R%s\" (tab expected)",
		    buf_str(&shown));
		buf_free(&shown);
		return;
	}
	memset(&r, 0, sizeof(r));
	r.line = line;
	if ((w = cf->rule_work) == NULL)
		w = cf->rule_work = xcalloc(1, sizeof(*w));
	arena_reset(&w->scratch);
	if (cf_rule_tokens(cf, text, (size_t)(lhs_end - text), w, line)) {
		r.nlhs = cf_rule_lhs(cf, &w->ws, &r.lhs, &nfuzzy, line);
	} else {
		cf_warn(cf, line, "R line: null LHS");
		r.lhs = xcalloc(1, sizeof(*r.lhs));
	}
	if (nfuzzy > CF_RULE_MAXMATCH) {
		cf_warn(cf, line, "R line: too many wildcards");
		r.nlhs = 0;
	}
	for (rhs = lhs_end; *rhs == '\t'; rhs++)
		;
	for (rhs_end = rhs; *rhs_end && *rhs_end != '\t'; rhs_end++)
		;
	arena_reset(&w->scratch);
	if (cf_rule_tokens(cf, rhs, (size_t)(rhs_end - rhs), w, line)) {
		r.nrhs = cf_rule_rhs(cf, &w->ws, &r.rhs, nfuzzy, line);
	} else {
		cf_warn(cf, line, "R line: null RHS");
		r.rhs = xcalloc(1, sizeof(*r.rhs));
	}
	if (cf->rulesets[rsno] == NULL) {
		free(r.lhs);
		free(r.rhs);
		return;
	}
	ruleset_add_rule(cf->rulesets[rsno], &r);
}

void
cf_rule_done(struct cf *cf)
{
	struct cf_rule_work *w = cf->rule_work;

	if (w == NULL)
		return;
	arena_free(&w->scratch);
	buf_free(&w->raw);
	buf_free(&w->err);
	buf_free(&w->x.enc);
	buf_free(&w->x.shown);
	free(w);
	cf->rule_work = NULL;
}
