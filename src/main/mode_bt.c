/* mode_bt.c - address test mode (sendmail -bt), byte for byte */
#include "main/mode.h"
#include "main/mode_bt.h"
#include "addr/crackaddr.h"
#include "addr/parseaddr.h"
#include "addr/prescan.h"
#include "addr/rewrite.h"
#include "cf/cf.h"
#include "cf/cf_host.h"
#include "cf/cf_text.h"
#include "cf/class.h"
#include "cf/header.h"
#include "cf/macro.h"
#include "cf/mailer.h"
#include "cf/option.h"
#include "cf/rule.h"
#include "cf/ruleset.h"
#include "map/map.h"
#include "map/map_host.h"
#include "util/trace.h"

#include <ctype.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

struct bt {
	struct cf *cf;
	FILE *out;
	struct arena arena;
	int tryflags;		/* RF_* for /try, /parse */
	bool quit;
	int exitcode;
};

/* bt_status - the run's exit status: the first error's, as sendmail's */
static void
bt_status(struct bt *bt, int status)
{
	if (bt->exitcode == 0)
		bt->exitcode = status;
}

/* bt_ctx - a rewriting context printing to the output */
static void
bt_ctx(struct bt *bt, struct rw_ctx *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->cf = bt->cf;
	ctx->arena = &bt->arena;
	ctx->trace = bt->out;
	ctx->err = bt->out;
	ctx->debug = trace_level(21);
}

/* bt_skip - past blanks */
static const char *
bt_skip(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* bt_print_elem - one rule element as =S shows it */
static void
bt_print_elem(struct bt *bt, const struct rw_elem *e)
{
	char tmp[4];
	const char *nm;

	switch (e->kind) {
	case RW_WORD:
		rewrite_print_token(bt->out, e->text);
		break;
	case RW_OP:
		fputs(tok_opstr(e->n), bt->out);
		break;
	case RW_ANY: fputs("$*", bt->out); break;
	case RW_ONEPLUS: fputs("$+", bt->out); break;
	case RW_ONE: fputs("$-", bt->out); break;
	case RW_ZERO: fputs("$@", bt->out); break;
	case RW_POS: fprintf(bt->out, "$%d", e->n); break;
	case RW_CLASS:
	case RW_NCLASS:
	case RW_DMACRO:
		nm = macro_name(bt->cf->macros, e->n, tmp);
		fprintf(bt->out, "$%c", e->kind == RW_CLASS ? '=' :
		    e->kind == RW_NCLASS ? '~' : '&');
		if (strlen(nm) > 1)
			fprintf(bt->out, "{%s}", nm);
		else
			fputs(nm, bt->out);
		break;
	}
	fputc(' ', bt->out);
}

/*
 * bt_strtorwset - the ruleset a -bt command names, as sendmail parses it:
 * a number below 100, or a name of letters, digits and '_'.  *endp is
 * set past the name.  Prints sendmail's complaint and returns -1 when
 * the text is no ruleset name at all; -2 for a well-formed unknown one.
 */
static int
bt_strtorwset(struct bt *bt, const char *p, const char **endp)
{
	const char *start;
	char *name;
	int n;

	while (isspace((unsigned char)*p))
		p++;
	start = p;
	if (isdigit((unsigned char)*p)) {
		long v = 0;

		while (isdigit((unsigned char)*p)) {
			if (v < 100000)
				v = v * 10 + (*p - '0');
			p++;
		}
		*endp = p;
		if (v >= CF_MAXRWSETS / 2) {
			bt_status(bt, EX_SOFTWARE);
			fprintf(bt->out, "bad ruleset %ld (%d max)\n", v,
			    CF_MAXRWSETS / 2);
			return -1;
		}
		return (int)v;
	}
	while (isalnum((unsigned char)*p) || *p == '_')
		p++;
	*endp = p;
	if (p == start) {
		bt_status(bt, EX_SOFTWARE);
		fprintf(bt->out, "invalid ruleset name: \"%s\"\n", start);
		return -1;
	}
	name = xstrndup(start, (size_t)(p - start));
	n = cf_ruleset_find(bt->cf, name);
	free(name);
	return n < 0 ? -2 : n;
}

/* bt_show_ruleset - =S */
static void
bt_show_ruleset(struct bt *bt, const char *name)
{
	struct ruleset *rs;
	int n;
	size_t i, j;

	const char *end;

	n = bt_strtorwset(bt, name, &end);
	if (n < 0) {
		fprintf(bt->out, "Undefined ruleset %s\n", name);
		return;
	}
	rs = ruleset_get(bt->cf, n);
	for (i = 0; rs != NULL && i < rs->nrules; i++) {
		const struct rule *r = &rs->rules[i];

		fputc('R', bt->out);
		for (j = 0; j < r->nlhs; j++)
			bt_print_elem(bt, &r->lhs[j]);
		fputs("\t\t", bt->out);
		for (j = 0; j < r->nrhs; j++)
			bt_print_elem(bt, &r->rhs[j]);
		fputc('\n', bt->out);
	}
}

/* bt_equals - =S, =M */
static void
bt_equals(struct bt *bt, const char *line)
{
	size_t i;

	switch (line[1]) {
	case 'S':
		bt_show_ruleset(bt, line + 2);
		break;
	case 'M':
		for (i = 0; i < bt->cf->nmailers; i++) {
			struct buf b = BUF_INIT;

			mailer_print(bt->cf, bt->cf->mailers[i], &b);
			fputs(buf_str(&b), bt->out);
			buf_free(&b);
		}
		break;
	case '\0':
		fprintf(bt->out, "Usage: =Sruleset or =M\n");
		break;
	default:
		fprintf(bt->out, "Unknown \"=\" command %s\n", line);
		break;
	}
}

static void
bt_print_word(const char *w, void *ctx)
{
	fprintf(ctx, "%s\n", w);
}

/* bt_dollar - $x shows a macro, $=x a class */
static void
bt_dollar(struct bt *bt, const char *line)
{
	const char *p = line + 1;
	int id;

	if (*p == '=') {
		p++;
		if (*p == '\0') {
			fprintf(bt->out, "Name required for macro/class\n");
			return;
		}
		id = macro_id_parse(bt->cf->macros, &p);
		if (id >= 0)
			class_foreach(bt->cf->classes, id, bt_print_word, bt->out);
		return;
	}
	if (*p == '\0') {
		fprintf(bt->out, "Name required for macro/class\n");
		return;
	}
	if (*p == '&') {
		/* sendmail does not look a deferred name up here */
		fprintf(bt->out, "$&\n");
		return;
	}
	id = macro_id_parse(bt->cf->macros, &p);
	if (id < 0 || macro_get(bt->cf->macros, id) == NULL) {
		fprintf(bt->out, "Undefined\n");
		return;
	}
	{
		/* the stored value, shown as sendmail's xputs shows it */
		struct buf v = BUF_INIT;

		cf_text_xputs(macro_get(bt->cf->macros, id), &v);
		fprintf(bt->out, "%s\n", buf_str(&v));
		buf_free(&v);
	}
}

/* bt_dot - .Dx value, .Cx words */
static void
bt_dot(struct bt *bt, const char *line)
{
	const char *p = line + 2;
	int id;

	if (line[1] != 'D' && line[1] != 'C') {
		if (line[1] == '\0')
			fprintf(bt->out, "Usage: .[DC]macro value(s)\n");
		else
			fprintf(bt->out, "Unknown \".\" command %s\n", line);
		return;
	}
	if (*p == '\0') {
		/* sendmail complains for .D, and quietly ignores .C */
		if (line[1] == 'D')
			fprintf(bt->out, "Name required for macro/class\n");
		return;
	}
	id = macro_id_parse(bt->cf->macros, &p);
	if (id < 0) {
		fprintf(bt->out, "Name required for macro/class\n");
		return;
	}
	p = bt_skip(p);
	if (line[1] == 'D') {
		struct buf v = BUF_INIT;

		macro_expand(bt->cf->macros, p, &v);
		macro_set(bt->cf->macros, id, buf_str(&v));
		buf_free(&v);
		return;
	}
	while (*p) {
		const char *s = p;
		char *w;

		while (*p && !isspace((unsigned char)*p))
			p++;
		w = xstrndup(s, (size_t)(p - s));
		class_add(bt->cf->classes, id, w);
		free(w);
		p = bt_skip(p);
	}
}

/* bt_parse - /parse addr */
static void
bt_parse(struct bt *bt, const char *addr)
{
	struct buf cracked = BUF_INIT;
	struct addr_result res;
	struct rw_ctx ctx;

	if (*addr == '\0') {
		fprintf(bt->out, "Usage: /parse address\n");
		return;
	}
	crackaddr(addr, &cracked);
	fputs("Cracked address = ", bt->out);
	rewrite_print_token(bt->out, buf_str(&cracked));
	fputc('\n', bt->out);
	buf_free(&cracked);
	fprintf(bt->out, "Parsing %s %s address\n",
	    (bt->tryflags & RF_HEADERADDR) ? "header" : "envelope",
	    (bt->tryflags & RF_SENDERADDR) ? "sender" : "recipient");
	bt_ctx(bt, &ctx);
	parseaddr(&ctx, addr, bt->tryflags, &res);
	bt_status(bt, res.errstat);
	if (res.unparsable)
		fprintf(bt->out, "Cannot parse\n");
	if (res.mailer != NULL) {
		fprintf(bt->out, "mailer %s", res.mailer->name);
		if (res.host != NULL)
			fprintf(bt->out, ", host %s", res.host);
		fprintf(bt->out, ", user %s\n", res.user ? res.user : "");
	}
	addr_result_free(&res);
}

/* bt_sender - /sender addr */
static void
bt_sender(struct bt *bt, const char *addr)
{
	struct addr_result res;
	struct rw_ctx ctx;
	struct buf out = BUF_INIT;
	struct passwd *pw;

	pw = getpwuid(getuid());
	if (*addr == '\0')
		addr = pw ? pw->pw_name : "root";
	bt_ctx(bt, &ctx);
	parseaddr(&ctx, addr, 0, &res);
	/* an address that does not parse leaves the caller as the sender */
	if (res.unparsable) {
		addr_result_free(&res);
		addr = pw ? pw->pw_name : "root";
		parseaddr(&ctx, addr, 0, &res);
	}
	addr_result_free(&res);
	sendername(&ctx, addr, &out);
	/* like sendmail, the tested sender becomes $f for later lines */
	macro_set(bt->cf->macros, 'f', buf_str(&out));
	fprintf(bt->out, "addr=%s\n", buf_str(&out));
	buf_free(&out);
}

/* bt_try - /try mailer addr */
static void
bt_try(struct bt *bt, const char *args)
{
	const char *p = args, *addr;
	struct mailer *m;
	struct rw_ctx ctx;
	struct buf out = BUF_INIT;
	char *name;
	int rc;

	while (*p && !isspace((unsigned char)*p))
		p++;
	addr = bt_skip(p);
	if (*args == '\0' || *addr == '\0') {
		fprintf(bt->out, "Usage: /try mailer address\n");
		return;
	}
	name = xstrndup(args, (size_t)(p - args));
	m = mailer_find(bt->cf, name);
	if (m == NULL) {
		fprintf(bt->out, "Unknown mailer %s\n", name);
		free(name);
		return;
	}
	fprintf(bt->out, "Trying %s %s address %s for mailer %s\n",
	    (bt->tryflags & RF_HEADERADDR) ? "header" : "envelope",
	    (bt->tryflags & RF_SENDERADDR) ? "sender" : "recipient", addr, name);
	free(name);
	bt_ctx(bt, &ctx);
	rc = remotename(&ctx, addr, m, bt->tryflags, &out);
	fprintf(bt->out, "Rcode = %d, addr = %s\n", rc, buf_str(&out));
	buf_free(&out);
}

/* bt_tryflags - /tryflags [Hh|Ee][Ss|Rr] */
static void
bt_tryflags(struct bt *bt, const char *p)
{
	if (*p == '\0') {
		fprintf(bt->out, "Usage: /tryflags [Hh|Ee][Ss|Rr]\n");
		return;
	}
	for (; *p; p++) {
		switch (*p) {
		case 'H': case 'h': bt->tryflags |= RF_HEADERADDR; break;
		case 'E': case 'e': bt->tryflags &= ~RF_HEADERADDR; break;
		case 'S': case 's': bt->tryflags |= RF_SENDERADDR; break;
		case 'R': case 'r': bt->tryflags &= ~RF_SENDERADDR; break;
		default: break;
		}
	}
}

/* bt_map - /map name key */
static void
bt_map(struct bt *bt, const char *args)
{
	const char *p = args, *key;
	struct map *map;
	struct map_result res;
	char *name;

	while (*p && !isspace((unsigned char)*p))
		p++;
	if (p == args) {
		fprintf(bt->out, "Usage: /map mapname key\n");
		return;
	}
	name = xstrndup(args, (size_t)(p - args));
	key = bt_skip(p);
	map = cf_map_find(bt->cf, name);
	if (map == NULL) {
		fprintf(bt->out, "Map named \"%s\" not found\n", name);
		free(name);
		return;
	}
	if (*key == '\0') {
		fprintf(bt->out, "No key specified\n");
		free(name);
		return;
	}
	if (!map_open(map)) {
		fprintf(bt->out, "Map named \"%s\" not open\n", name);
		free(name);
		return;
	}
	fprintf(bt->out, "map_lookup: %s (%s) ", name, key);
	fflush(bt->out);
	map_result_init(&res);
	map_lookup_direct(map, key, &res);
	if (res.found)
		fprintf(bt->out, "returns %s (%d)\n", buf_str(&res.value), res.status);
	else
		fprintf(bt->out, "no match (%d)\n", res.status);
	map_result_free(&res);
	free(name);
}

/* bt_canon - /canon host */
static void
bt_canon(struct bt *bt, const char *host)
{
	struct buf out = BUF_INIT;

	if (*host == '\0') {
		fprintf(bt->out, "Usage: /canon address\n");
		return;
	}
	map_host_canon(bt->cf->map_env, host, &out);
	fprintf(bt->out, "getcanonname(%s) returns %s\n", host, buf_str(&out));
	buf_free(&out);
}

/* bt_mx - /mx host */
static void
bt_mx(struct bt *bt, const char *host)
{
	struct map_mx mx;
	size_t i;
	int n;

	if (*host == '\0') {
		fprintf(bt->out, "Usage: /mx address\n");
		return;
	}
	memset(&mx, 0, sizeof(mx));
	n = map_host_mx(bt->cf->map_env, host, &mx);
	fprintf(bt->out, "getmxrr(%s) returns %d value(s):\n", host, n);
	for (i = 0; i < mx.n; i++)
		fprintf(bt->out, "\t%s\n", mx.host[i]);
	map_mx_free(&mx);
}

/* bt_slash - the / commands */
static void
bt_slash(struct bt *bt, const char *line)
{
	const char *p = line + 1, *args;
	size_t len;

	while (*p && !isspace((unsigned char)*p))
		p++;
	len = (size_t)(p - line - 1);
	args = bt_skip(p);
#define IS(word) (len == strlen(word) && strncmp(line + 1, word, len) == 0)
	if (len == 0)
		fprintf(bt->out, "Usage: /[canon|map|mx|parse|try|tryflags]\n");
	else if (IS("quit"))
		bt->quit = true;
	else if (IS("parse"))
		bt_parse(bt, args);
	else if (IS("sender"))
		bt_sender(bt, args);
	else if (IS("try"))
		bt_try(bt, args);
	else if (IS("tryflags"))
		bt_tryflags(bt, args);
	else if (IS("map"))
		bt_map(bt, args);
	else if (IS("canon"))
		bt_canon(bt, args);
	else if (IS("mx"))
		bt_mx(bt, args);
	else if (IS("gethostbyname"))
		;
	else if (IS("expand")) {
		if (*args == '\0')
			fprintf(bt->out, "Usage: /expand string\n");
		else
			fputs(args, bt->out);
	} else if (IS("header")) {
		unsigned long ul = 0;

		if (!header_flags(bt->cf, args, &ul)) {
			fprintf(bt->out, "header syntax error, line \"%s\"\n", args);
			fprintf(bt->out, "ul = 00000000\n");
		} else
			fprintf(bt->out, "ul = 0x%08lx\n", ul);
	} else
		fprintf(bt->out, "Unknown \"/\" command %s\n", line);
#undef IS
}

/* bt_rulesets - "ruleset[,ruleset...] address[,address...]" */
static void
bt_rulesets(struct bt *bt, const char *line)
{
	const char *list = line, *p = line, *addr;
	struct prescan_cfg pc = { cf_opchars(bt->cf) };
	struct rw_ctx ctx;
	struct ws *ws;
	char *rsl;

	while (*p && !isspace((unsigned char)*p))
		p++;
	if (*p == '\0') {
		fprintf(bt->out, "No address!\n");
		return;
	}
	addr = p + 1;
	{
		struct buf err = BUF_INIT;
		bool bad = prescan_invalid(addr, NULL, &err);

		fputs(buf_str(&err), bt->out);
		if (bad && strstr(buf_str(&err), "8-bit character") != NULL)
			bt_status(bt, EX_USAGE);
		buf_free(&err);
		if (bad)
			return;
	}
	rsl = xstrndup(list, (size_t)(p - list));
	ws = xmalloc(sizeof(*ws));
	bt_ctx(bt, &ctx);
	do {
		struct buf err = BUF_INIT;
		const char *endp = addr;
		const char *q;
		int rc;

		ws->n = 0;
		ws->tok[0] = NULL;
		/* from V9 on, -bt lines keep parentheses as tokens */
		rc = prescan(addr, ',', &pc, bt->cf->version >= 9 ?
		    PRESCAN_NOCOMMENT : 0, &bt->arena, ws, &endp, &err);
		if (err.len > 0)
			fputs(buf_str(&err), bt->out);
		buf_free(&err);
		if (rc == 0 && ws->n > 0) {
			for (q = rsl; *q != '\0';) {
				const char *end;
				int rs = bt_strtorwset(bt, q, &end);
				int status;

				if (rs < 0) {
					fprintf(bt->out, "Undefined ruleset %s\n", q);
					break;
				}
				status = rewrite(&ctx, rs, ws, 0);
				if (status != EX_OK)
					fprintf(bt->out, "== Ruleset %s (%d) status %d\n",
					    q, rs, status);
				/* on to the next name, past the comma */
				while (*q != '\0' && *q++ != ',')
					;
			}
		}
		if (endp == NULL || *endp == '\0')
			break;
		addr = endp + 1;
	} while (1);
	free(ws);
	free(rsl);
}

/* bt_help - "?": the -bt lines of the help file */
static void
bt_help(struct bt *bt)
{
	const char *path = bt->cf->opts->help_file;
	FILE *f = path ? fopen(path, "r") : NULL;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	bool any = false;

	if (f == NULL) {
		fprintf(bt->out, "Sendmail %s -- HELP not implemented\n",
		    macro_get(bt->cf->macros, 'v'));
		return;
	}
	while ((n = getline(&line, &cap, f)) > 0) {
		struct buf v = BUF_INIT;

		if (strncmp(line, "-bt\t", 4) != 0)
			continue;
		macro_expand(bt->cf->macros, line + 4, &v);
		fputs(buf_str(&v), bt->out);
		if (v.len == 0 || v.data[v.len - 1] != '\n')
			fputc('\n', bt->out);
		buf_free(&v);
		any = true;
	}
	free(line);
	fclose(f);
	if (any)
		fprintf(bt->out, "End of HELP info\n");
	else
		fprintf(bt->out, "HELP topic \"-bt\" unknown\n");
}

/* bt_line - one input line */
static void
bt_line(struct bt *bt, char *line)
{
	const char *p = bt_skip(line);

	switch (*p) {
	case '\0':
	case '#':
		return;
	case '?':
		bt_help(bt);
		return;
	case '=':
		bt_equals(bt, p);
		return;
	case '$':
		bt_dollar(bt, p);
		return;
	case '.':
		bt_dot(bt, p);
		return;
	case '/':
		bt_slash(bt, p);
		return;
	case '-':
		if (p[1] == 'd') {
			trace_set(p + 2);
			return;
		}
		fprintf(bt->out, "Unknown \"-\" command %s\n", p);
		return;
	default:
		bt_rulesets(bt, p);
		return;
	}
}

/*
 * bt_daemon_flags - ${daemon_flags} for a submission that does not come
 * through a daemon, from DirectSubmissionModifiers, spelled as sendmail
 * spells daemon flags (an upper-case modifier letter twice).
 */
static void
bt_daemon_flags(struct cf *cf)
{
	const char *m = cf->opts->direct_submission_modifiers;
	struct buf flags = BUF_INIT;

	if (m == NULL)
		return;
	for (; *m; m++) {
		if (!isalpha((unsigned char)*m))
			continue;
		if (flags.len > 0)
			buf_addc(&flags, ' ');
		buf_addc(&flags, *m);
		if (isupper((unsigned char)*m))
			buf_addc(&flags, *m);
	}
	macro_set(cf->macros, macro_id(cf->macros, "daemon_flags", 12),
	    buf_str(&flags));
	buf_free(&flags);
}

/*
 * bt_getline - one input line as sendmail reads it: at most
 * BT_LINEMAX bytes (the rest is the next line), trailing blanks and
 * the newline removed.  -1 at EOF.
 */
#define BT_LINEMAX	2047
static ssize_t
bt_getline(char **line, size_t *cap, FILE *in)
{
	size_t n = 0;
	int c;

	if (*cap < BT_LINEMAX + 1) {
		*line = xrealloc(*line, BT_LINEMAX + 1);
		*cap = BT_LINEMAX + 1;
	}
	while (n < BT_LINEMAX && (c = getc(in)) != EOF) {
		if (c == '\n')
			goto done;
		(*line)[n++] = (char)c;
	}
	if (n == 0 && feof(in))
		return -1;
done:
	while (n > 0 && isspace((unsigned char)(*line)[n - 1]))
		n--;
	(*line)[n] = '\0';
	return (ssize_t)n;
}

int
bt_run(struct cf *cf, FILE *in, FILE *out)
{
	struct bt bt;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	memset(&bt, 0, sizeof(bt));
	bt.cf = cf;
	bt.out = out;
	cf->diag = out;
	macro_set(cf->macros, macro_id(cf->macros, "opMode", 6), "t");
	macro_set(cf->macros, macro_id(cf->macros, "deliveryMode", 12), "i");
	bt_daemon_flags(cf);
	fprintf(out, "ADDRESS TEST MODE (ruleset 3 NOT automatically invoked)\n"
	    "Enter <ruleset> <address>\n");
	while (!bt.quit) {
		fputs("> ", out);
		fflush(out);
		n = bt_getline(&line, &cap, in);
		if (n < 0)
			break;
		bt_line(&bt, line);
		arena_reset(&bt.arena);
	}
	if (trace_on(2, 1))
		fprintf(out, "\n====finis: stat %d e_id=NOQUEUE "
		    "e_flags=4001<OLDSTYLE,METOO>\n", bt.exitcode);
	fflush(out);
	free(line);
	arena_free(&bt.arena);
	return bt.exitcode ? bt.exitcode : cf->exitstat;
}

int
mode_bt(struct cf *cf, const struct cmdline *cl)
{
	(void)cl;
	return bt_run(cf, stdin, stdout);
}
