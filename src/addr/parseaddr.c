/* parseaddr.c - address to mailer triple, and to a mailer's form */
#include "addr/parseaddr.h"
#include "addr/crackaddr.h"
#include "addr/prescan.h"
#include "cf/cf.h"
#include "cf/mailer.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#define PARSE_SPECIALS	"()<>,;\"\r\n"
#define PARSE_NAMEBUF	257	/* sendmail's MAXNAME + 1 result buffers */

/* parse_is_special - a one-character operator token? */
static bool
parse_is_special(const char *t, const char *opchars)
{
	if (tok_is_op(t))
		return true;
	if (t[0] == '\0' || t[1] != '\0')
		return false;
	return strchr(opchars, t[0]) != NULL || strchr(PARSE_SPECIALS, t[0]) != NULL;
}

bool
cataddr_space(const char *a, const char *b, const char *opchars)
{
	return !parse_is_special(a, opchars) && !parse_is_special(b, opchars);
}

void
cataddr(const struct ws *ws, size_t a, size_t b, int spacesub,
    const char *opchars, struct buf *out)
{
	cataddr_bounded(ws, a, b, spacesub, opchars, 0, out);
}

void
cataddr_bounded(const struct ws *ws, size_t a, size_t b, int spacesub,
    const char *opchars, size_t size, struct buf *out)
{
	size_t i, start = out->len, len;

	for (i = a; i < b; i++) {
		bool space = i > a && spacesub != '\0' &&
		    !parse_is_special(ws->tok[i - 1], opchars) &&
		    !parse_is_special(ws->tok[i], opchars);

		len = strlen(ws->tok[i]) + space;
		/* as sendmail's buffer of size bytes: room for the NUL and one */
		if (size > 0 && out->len - start + len + 3 > size)
			break;
		if (space)
			buf_addc(out, spacesub);
		buf_adds(out, ws->tok[i]);
	}
}

/* parse_err - a diagnostic line on the context's error stream */
static FILE *
parse_errf(const struct rw_ctx *ctx)
{
	return ctx->err ? ctx->err : ctx->trace ? ctx->trace : stderr;
}

/* parse_scan - tokenize an address, reporting prescan's errors */
static int
parse_scan(struct rw_ctx *ctx, const char *addr, struct ws *ws)
{
	struct prescan_cfg pc = { cf_opchars(ctx->cf) };
	struct buf err = BUF_INIT;
	int rc;

	ws->n = 0;
	ws->tok[0] = NULL;
	rc = prescan(addr, '\0', &pc, 0, ctx->arena, ws, NULL, &err);
	if (err.len > 0)
		fputs(buf_str(&err), parse_errf(ctx));
	buf_free(&err);
	return rc;
}

/* parse_invalid - sendmail's whole-address check, after prescan */
static bool
parse_invalid(struct rw_ctx *ctx, const char *addr)
{
	struct buf err = BUF_INIT;
	bool bad = prescan_invalid(addr, addr, &err);

	if (err.len > 0)
		fputs(buf_str(&err), parse_errf(ctx));
	buf_free(&err);
	return bad;
}

static int parse_build(struct rw_ctx *, const char *, int, struct ws *,
    struct addr_result *);

void
addr_result_free(struct addr_result *r)
{
	free(r->host);
	free(r->user);
	memset(r, 0, sizeof(*r));
}

/* parse_user_rulesets - rewrite the user part for mailer m */
static int
parse_user_rulesets(struct rw_ctx *ctx, const struct mailer *m, int flags,
    struct ws *ws)
{
	int st, status = EX_OK, rs;

	st = rewrite(ctx, (flags & RF_SENDERADDR) ? 1 : 2, ws, 0);
	if (st != EX_OK)
		status = st;
	if (m != NULL) {
		if (flags & RF_SENDERADDR)
			rs = (flags & RF_HEADERADDR) ? m->s_hdr : m->s_env;
		else
			rs = (flags & RF_HEADERADDR) ? m->r_hdr : m->r_env;
		if (rs > 0) {
			st = rewrite(ctx, rs, ws, 0);
			if (st != EX_OK && status == EX_OK)
				status = st;
		}
	}
	st = rewrite(ctx, 4, ws, 0);
	if (st != EX_OK && status == EX_OK)
		status = st;
	return status;
}

/* parse_error_text - the message of an $#error triple, shown to the user */
static void
parse_error_text(const char *user, struct buf *out)
{
	const char *p = user;
	size_t len = strlen(user);

	if (len >= 2 && p[0] == '"' && p[len - 1] == '"') {
		p++;
		len -= 2;
	}
	if (len >= 4 && isdigit((unsigned char)p[0]) && isdigit((unsigned char)p[1]) &&
	    isdigit((unsigned char)p[2]) && (p[3] == ' ' || p[3] == '-')) {
		p += 4;
		len -= 4;
	}
	buf_add(out, p, len);
}

/* addr_dsn_exitstat - class 5 DSN subject/detail to sysexits (observed table) */
static int
addr_dsn_exitstat(long subject, long detail)
{
	static const int addressing[] = { EX_DATAERR, EX_NOUSER, EX_NOHOST,
	    EX_USAGE, EX_UNAVAILABLE, EX_CONFIG, EX_NOUSER, EX_USAGE, EX_NOHOST };
	static const int network[] = { EX_IOERR, 0, EX_IOERR, 0, EX_PROTOCOL, 0,
	    EX_CONFIG };

	switch (subject) {
	case 1:
		return detail >= 0 && detail < 9 ? addressing[detail] : EX_UNAVAILABLE;
	case 3:
		return EX_OSERR;
	case 4:
		return detail >= 0 && detail < 7 ? network[detail] : EX_UNAVAILABLE;
	case 5:
		return EX_PROTOCOL;
	case 7:
		return EX_DATAERR;
	default:
		return EX_UNAVAILABLE;
	}
}

int
addr_error_exitstat(const char *host)
{
	static const struct { const char *name; int status; } names[] = {
		{ "usage", EX_USAGE }, { "nouser", EX_NOUSER },
		{ "nohost", EX_NOHOST }, { "unavailable", EX_UNAVAILABLE },
		{ "software", EX_SOFTWARE }, { "tempfail", 0 },
		{ "protocol", EX_PROTOCOL }, { "config", EX_CONFIG },
	};
	long cls, subject, detail;
	char *end;
	size_t i;

	if (isdigit((unsigned char)host[0])) {
		cls = strtol(host, &end, 10);
		if (*end == '\0')
			return (int)cls;
		if (*end != '.' || (cls != 2 && cls != 4 && cls != 5))
			return EX_CONFIG;
		subject = strtol(end + 1, &end, 10);
		if (*end != '.')
			return EX_SOFTWARE;
		detail = strtol(end + 1, &end, 10);
		if (*end != '\0')
			return EX_CONFIG;
		return cls == 5 ? addr_dsn_exitstat(subject, detail) : 0;
	}
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcasecmp(host, names[i].name) == 0)
			return names[i].status;
	return strchr(host, '.') != NULL ? EX_CONFIG : EX_UNAVAILABLE;
}

int
parseaddr(struct rw_ctx *ctx, const char *addr, int flags,
    struct addr_result *res)
{
	struct ws *ws = xmalloc(sizeof(*ws));
	int st;

	memset(res, 0, sizeof(*res));
	if (parse_scan(ctx, addr, ws) < 0 || ws->n == 0 ||
	    parse_invalid(ctx, addr)) {
		res->unparsable = true;
		res->status = EX_USAGE;
		free(ws);
		return res->status;
	}
	res->status = rewrite(ctx, 3, ws, 0);
	st = rewrite(ctx, 0, ws, 0);
	if (st != EX_OK && res->status == EX_OK)
		res->status = st;
	return parse_build(ctx, addr, flags, ws, res);
}

/*
 * parse_build - sendmail's buildaddr: the triple in ws (after ruleset 0
 * or 5) into res, the user through the mailer's rulesets; frees ws
 */
static int
parse_build(struct rw_ctx *ctx, const char *addr, int flags, struct ws *ws,
    struct addr_result *res)
{
	struct ws *uws;
	const char *opchars = cf_opchars(ctx->cf);
	size_t i, hostat = 0, userat = 0;
	struct buf b = BUF_INIT;
	int st;

	if (ws->n == 0 || ws->tok[0] != tok_opstr(TOK_OP_NET) || ws->n < 2) {
		fprintf(parse_errf(ctx), "%s... 554 5.3.5 buildaddr: no mailer in parsed address\n",
		    addr);
		if (res->status == EX_OK)
			res->status = EX_SOFTWARE;
		free(ws);
		return res->status;
	}
	for (i = 2; i < ws->n; i++) {
		if (ws->tok[i] == tok_opstr(TOK_OP_HOST) && hostat == 0 && userat == 0)
			hostat = i;
		else if (ws->tok[i] == tok_opstr(TOK_OP_USER) && userat == 0)
			userat = i;
	}
	res->mailer = mailer_find(ctx->cf, ws->tok[1]);
	if (hostat) {
		cataddr(ws, hostat + 1, userat ? userat : ws->n, '\0', opchars, &b);
		res->host = buf_steal(&b);
	}
	if (userat)
		cataddr(ws, userat + 1, ws->n, ' ', opchars, &b);
	if (strcmp(ws->tok[1], "error") == 0) {
		struct buf msg = BUF_INIT;

		res->mailer = mailer_error();
		res->errstat = addr_error_exitstat(res->host ? res->host : "");
		res->user = buf_steal(&b);
		parse_error_text(res->user, &msg);
		fprintf(parse_errf(ctx), "%s... %s\n", addr, buf_str(&msg));
		buf_free(&msg);
		free(ws);
		return res->status;
	}
	if (res->mailer == NULL) {
		fprintf(parse_errf(ctx), "%s... 554 5.3.5 buildaddr: unknown mailer %s\n",
		    addr, ws->tok[1]);
		buf_free(&b);
		free(ws);
		if (res->status == EX_OK)
			res->status = EX_UNAVAILABLE;
		return res->status;
	}
	/*
	 * programs, files and lists have their own mailers, where the
	 * mailer allows them (F=| F=/ F=:)
	 */
	if (userat + 1 < ws->n) {
		const char *u = ws->tok[userat + 1];
		struct mailer *m = res->mailer;

		/* behind one opening quote too: "|prog arg" is a program
		   (its user keeps the quotes; F=s strips them later) */
		if (u[0] == '"')
			u++;
		if (u[0] == '|' && mailer_flag(m, '|'))
			res->mailer = mailer_find(ctx->cf, "prog");
		else if (u[0] == '/' && mailer_flag(m, '/'))
			res->mailer = mailer_find(ctx->cf, "*file*");
		else if (strncasecmp(buf_str(&b), ":include:", 9) == 0 &&
		    mailer_flag(m, ':'))
			res->mailer = mailer_find(ctx->cf, "*include*");
	}
	buf_free(&b);
	uws = xmalloc(sizeof(*uws));
	uws->n = 0;
	for (i = userat ? userat + 1 : ws->n; i < ws->n; i++)
		uws->tok[uws->n++] = ws->tok[i];
	uws->tok[uws->n] = NULL;
	if (res->mailer != NULL && strcmp(res->mailer->name, "*include*") == 0) {
		cataddr(uws, 0, uws->n, ' ', opchars, &b);
		res->user = xstrdup(buf_str(&b) + 9);
		buf_free(&b);
	} else {
		st = parse_user_rulesets(ctx, res->mailer, flags, uws);
		if (st != EX_OK && res->status == EX_OK)
			res->status = st;
		cataddr(uws, 0, uws->n, ' ', opchars, &b);
		res->user = buf_steal(&b);
	}
	free(uws);
	free(ws);
	return res->status;
}

bool
addr_ruleset5(struct rw_ctx *ctx, const char *user, struct addr_result *res)
{
	struct ws *ws = xmalloc(sizeof(*ws));
	int rs = 5;

	memset(res, 0, sizeof(*res));
	if (parse_scan(ctx, user, ws) < 0 || ws->n == 0) {
		free(ws);
		return false;
	}
	res->status = rewrite(ctx, rs, ws, 0);
	if (res->status == EX_TEMPFAIL || ws->n < 2 ||
	    ws->tok[0] != tok_opstr(TOK_OP_NET)) {
		free(ws);
		return res->status == EX_TEMPFAIL;
	}
	(void)parse_build(ctx, user, 0, ws, res);
	return true;
}

int
sendername(struct rw_ctx *ctx, const char *addr, struct buf *out)
{
	struct ws *ws = xmalloc(sizeof(*ws));
	int status, st;

	if (parse_scan(ctx, addr, ws) < 0) {
		free(ws);
		return EX_USAGE;
	}
	status = rewrite(ctx, 3, ws, 0);
	st = parse_user_rulesets(ctx, NULL, RF_SENDERADDR, ws);
	if (st != EX_OK && status == EX_OK)
		status = st;
	cataddr(ws, 0, ws->n, ' ', cf_opchars(ctx->cf), out);
	free(ws);
	return status;
}

int
remotename(struct rw_ctx *ctx, const char *addr, const struct mailer *m,
    int flags, struct buf *out)
{
	struct ws *ws = xmalloc(sizeof(*ws));
	struct buf fancy = BUF_INIT, plain = BUF_INIT;
	int status, st;

	/* the comment and phrase parts stay, as sendmail's crackaddr keeps them */
	crackaddr(addr, &fancy);
	if (parse_scan(ctx, addr, ws) < 0) {
		/* what does not tokenize is passed on as it is */
		buf_adds(&plain, addr);
		status = EX_OK;
	} else {
		status = rewrite(ctx, 3, ws, 0);
		st = parse_user_rulesets(ctx, m, flags, ws);
		if (st != EX_OK && status == EX_OK)
			status = st;
		cataddr_bounded(ws, 0, ws->n, ' ', cf_opchars(ctx->cf),
		    PARSE_NAMEBUF, &plain);
	}
	/* put the rewritten address where $g stands in the template */
	for (const char *p = buf_str(&fancy); *p; p++) {
		if (p[0] == '$' && p[1] == 'g') {
			buf_adds(out, buf_str(&plain));
			p++;
		} else
			buf_addc(out, *p);
	}
	buf_truncate(out, PARSE_NAMEBUF - 1);
	buf_free(&fancy);
	buf_free(&plain);
	free(ws);
	return status;
}
