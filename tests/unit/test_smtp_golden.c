/*
 * test_smtp_golden.c - replay tests/golden/bs against the engine alone.
 *
 * The golden transcripts are the real sendmail 8.17's answers; most of
 * them come from the protocol engine, some from policy (parseaddr, the
 * check_* rulesets, aliases, the queue).  Here the policy is an oracle:
 * when the engine asks a callback, the callback answers with the reply
 * line the transcript holds at that point, but only for replies that
 * are policy's by their form ("ADDR... text", "250 ... Sender ok",
 * the queue's "250 2.0.0 QID ..."); for anything the engine must say
 * itself the oracle accepts and says nothing, so a wrong engine shows.
 * Every other line (greeting, EHLO list, syntax errors, parameter
 * errors, state errors, line-length, bare CR/LF, stuffing, nullserver,
 * HELP, timeouts, EOF) is the engine's own and must match byte for byte.
 *
 * The script format, the transcript format and the normalization are
 * those of tests/golden/bs/drive.py.  Configurations: the O lines of
 * the golden .cf files that matter to the engine, then the session's
 * -O arguments, through the real option parser.
 */
#include "t.h"
#include "smtp/smtp_server.h"
#include "cf/option.h"
#include "util/buf.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GOLD_DIR "tests/golden/bs"

/* the O lines of the golden configurations the engine reads */
static const struct {
	const char *config;
	const char *opts[8];
} gold_cf[] = {
	{ "mta", { "HelpFile=/tmp/w/etc/mail/helpfile", "SendMimeErrors=True",
	    "PrivacyOptions=authwarnings", NULL } },
	{ "tern-sendmail", { "MaxMessageSize=52428800",
	    "HelpFile=/tmp/w/etc/mail/helpfile", "SendMimeErrors=True",
	    "PrivacyOptions=authwarnings,noexpn,novrfy", NULL } },
	{ "tern-submit", { "HelpFile=/tmp/w/etc/mail/helpfile",
	    "SendMimeErrors=True",
	    "PrivacyOptions=goaway,noetrn,restrictqrun", NULL } },
};

/* ---- files */

static char *
gold_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct buf b = BUF_INIT;
	char tmp[8192];
	size_t n;

	if (f == NULL)
		return NULL;
	while ((n = fread(tmp, 1, sizeof(tmp), f)) > 0)
		buf_add(&b, tmp, n);
	fclose(f);
	buf_addc(&b, '\0');
	b.len--;
	if (len)
		*len = b.len;
	return buf_steal(&b);
}

/* ---- the script format (drive.py) */

static size_t
gold_one(const char *t, size_t i, struct buf *b, int *nocrlf)
{
	char c = t[i];
	unsigned x;

	if (c != '\\' || t[i + 1] == '\0') {
		buf_addc(b, c);
		return i + 1;
	}
	switch (t[i + 1]) {
	case 'r': buf_addc(b, '\r'); return i + 2;
	case 'n': buf_addc(b, '\n'); return i + 2;
	case 't': buf_addc(b, '\t'); return i + 2;
	case '0': buf_addc(b, '\0'); return i + 2;
	case '\\': buf_addc(b, '\\'); return i + 2;
	case 'x':
		sscanf(t + i + 2, "%2x", &x);
		buf_addc(b, (int)x);
		return i + 4;
	case 'c':
		*nocrlf = 1;
		return i + 2;
	case '[': {
		long count = strtol(t + i + 2, NULL, 10);
		const char *close = strchr(t + i, ']');
		struct buf one = BUF_INIT;
		size_t k;
		long j;

		k = gold_one(t, (size_t)(close - t) + 1, &one, nocrlf);
		for (j = 0; j < count; j++)
			buf_add(b, one.data, one.len);
		buf_free(&one);
		return k;
	}
	}
	buf_addc(b, c);
	return i + 1;
}

/* a step: write bytes, or sleep seconds */
struct gold_step {
	struct buf data;
	double sleep;		/* >0: a sleep step */
};

static size_t
gold_script(const char *text, struct gold_step **steps)
{
	struct gold_step *v = NULL;
	size_t n = 0, cap = 0, i;
	const char *p = text, *nl;
	struct buf line = BUF_INIT;
	int group = 0;

	while (*p != '\0') {
		nl = strchr(p, '\n');
		buf_reset(&line);
		buf_add(&line, p, nl ? (size_t)(nl - p) : strlen(p));
		p = nl ? nl + 1 : p + strlen(p);
		buf_addc(&line, '\0');
		line.len--;
		if (line.data[0] == '#')
			continue;
		if (strcmp(line.data, "@end") == 0) {
			group = 0;
			continue;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		if (strcmp(line.data, "@pipe") == 0) {
			buf_init(&v[n].data);
			v[n++].sleep = 0;
			group = 1;
			continue;
		}
		if (strncmp(line.data, "@sleep ", 7) == 0) {
			buf_init(&v[n].data);
			v[n++].sleep = atof(line.data + 7);
			continue;
		}
		if (!group) {
			buf_init(&v[n].data);
			v[n++].sleep = 0;
		}
		{
			struct gold_step *st = &v[n - 1];
			int nocrlf = 0;

			for (i = 0; i < line.len; )
				i = gold_one(line.data, i, &st->data, &nocrlf);
			if (!nocrlf)
				buf_add(&st->data, "\r\n", 2);
		}
	}
	buf_free(&line);
	*steps = v;
	return n;
}

/* ---- the transcript format */

static void
gold_escape(struct buf *o, const unsigned char *p, size_t n)
{
	size_t i = 0, j;
	char one[8];

	while (i < n) {
		for (j = i; j < n && p[j] == p[i]; j++)
			;
		switch (p[i]) {
		case '\\': strcpy(one, "\\\\"); break;
		case '\r': strcpy(one, "\\r"); break;
		case '\n': strcpy(one, "\\n"); break;
		case '\t': strcpy(one, "\\t"); break;
		case 0: strcpy(one, "\\0"); break;
		default:
			if (p[i] >= 0x20 && p[i] < 0x7f) {
				one[0] = (char)p[i];
				one[1] = '\0';
			} else
				snprintf(one, sizeof(one), "\\x%02x", p[i]);
		}
		if (j - i >= 8)
			buf_addf(o, "\\[%zu]%s", j - i, one);
		else
			while (i < j) {
				buf_adds(o, one);
				i++;
			}
		i = j;
	}
}

/* gold_lines - render bytes as transcript lines with a prefix */
static void
gold_lines(struct buf *o, const char *first, const char *more,
    const char *p, size_t n)
{
	size_t s = 0, k;
	int nth = 0;

	while (s < n) {
		const char *nl = memchr(p + s, '\n', n - s);

		buf_adds(o, nth++ == 0 ? first : more);
		if (nl == NULL) {
			gold_escape(o, (const unsigned char *)p + s, n - s);
			buf_adds(o, "\\c\n");
			break;
		}
		k = (size_t)(nl - (p + s)) + 1;
		if (k >= 2 && p[s + k - 2] == '\r')
			gold_escape(o, (const unsigned char *)p + s, k - 2);
		else
			gold_escape(o, (const unsigned char *)p + s, k);
		buf_addc(o, '\n');
		s += k;
	}
}

/* ---- the oracle */

struct gold {
	char **exp;		/* expected S lines, in order */
	size_t nexp;
	size_t base;		/* S lines written before this step */
	struct buf *out;	/* this step's output so far */
	int calls_bad;		/* a callback was asked where it should not */
};

/* gold_next - the expected line for the reply being made now */
static const char *
gold_next(struct gold *g)
{
	size_t k = g->base, i;

	for (i = 0; i < g->out->len; i++)
		if (g->out->data[i] == '\n')
			k++;
	return k < g->nexp ? g->exp[k] : "";
}

/* gold_policy - is this reply policy's (an address prefix or access) */
static int
gold_policy(const char *l)
{
	return strstr(l, "... ") != NULL ||
	    strcmp(l, "451 4.3.0 Try again later") == 0;
}

/* gold_parse_error - does it come from parseaddr (before parameters) */
static int
gold_parse_error(const char *l)
{
	static const char *const w[] = {
		"Unbalanced", "Hostname required", "List:; syntax illegal",
		"too long", "prescan", "Syntax error in mailbox address",
		"8-bit character", "Colon illegal", NULL
	};
	int i;

	if (l[0] != '5' || !gold_policy(l))
		return 0;
	for (i = 0; w[i]; i++)
		if (strstr(l, w[i]) != NULL)
			return 1;
	return 0;
}

static int
gold_parse(void *ctx, const char *text, size_t *len, struct smtp_reply *r)
{
	struct gold *g = ctx;
	const char *l = gold_next(g);

	(void)text;
	(void)len;
	if (gold_parse_error(l)) {
		smtp_reply_parse(r, l);
		return SMTP_REJECT;
	}
	return SMTP_OK;
}

static int
gold_check(struct gold *g, struct smtp_reply *r)
{
	const char *l = gold_next(g);

	if (strncmp(l, "250 ", 4) == 0 && strstr(l, "... ") != NULL) {
		smtp_reply_parse(r, l);
		return SMTP_OK;
	}
	if (gold_policy(l) && !gold_parse_error(l)) {
		smtp_reply_parse(r, l);
		return SMTP_REJECT;
	}
	return SMTP_OK;
}

static int
gold_check_mail(void *ctx, const char *addr, const struct smtp_params *p,
    struct envelope *e, struct smtp_reply *r)
{
	(void)addr;
	(void)p;
	(void)e;
	return gold_check(ctx, r);
}

static int
gold_check_rcpt(void *ctx, const char *addr, const struct smtp_params *p,
    struct envelope *e, struct rcpt *rc, struct smtp_reply *r)
{
	(void)addr;
	(void)p;
	(void)e;
	(void)rc;
	return gold_check(ctx, r);
}

static int
gold_end(void *ctx, struct envelope *e, struct smtp_reply *r)
{
	struct gold *g = ctx;
	const char *l = gold_next(g);

	(void)e;
	smtp_reply_parse(r, l);
	return strncmp(l, "250 ", 4) == 0 ? SMTP_OK : SMTP_REJECT;
}

static int
gold_vrfy(void *ctx, bool expn, const char *arg, struct smtp_lines *lines)
{
	struct gold *g = ctx;
	const char *l = gold_next(g);
	size_t k = g->base, i;
	struct smtp_reply r;

	(void)expn;
	(void)arg;
	if (strstr(l, "Cannot VRFY user") || strstr(l, "do not allow") ||
	    strstr(l, "I demand") || strstr(l, "Argument required") ||
	    (l[0] != '2' && l[0] != '5')) {
		g->calls_bad++;
		smtp_lines_add(lines, 250, "", "oracle: not policy's: %s", l);
		return SMTP_OK;
	}
	for (i = 0; i < g->out->len; i++)
		if (g->out->data[i] == '\n')
			k++;
	for (; k < g->nexp; k++) {
		smtp_reply_parse(&r, g->exp[k]);
		smtp_lines_add(lines, r.code, r.enh, "%s", r.text);
		if (g->exp[k][3] != '-')
			break;
	}
	return SMTP_OK;
}

static int
gold_etrn(void *ctx, const char *arg, struct smtp_reply *r)
{
	struct gold *g = ctx;
	const char *l = gold_next(g);

	(void)arg;
	if (gold_policy(l)) {
		smtp_reply_parse(r, l);
		return SMTP_REJECT;
	}
	/* queue groups are the queue's business */
	if (strncmp(l, "250 2.0.0 Queuing for queue group ", 34) == 0)
		smtp_reply_parse(r, l);
	return SMTP_OK;
}

/* gold_expand - the one macro the golden helpfile uses */
static void
gold_expand(void *ctx, const char *in, struct buf *out)
{
	(void)ctx;
	for (; *in != '\0'; in++) {
		if (in[0] == '$' && in[1] == 'm') {
			buf_adds(out, "example.com");
			in++;
		} else
			buf_addc(out, *in);
	}
}

/* ---- one session */

static char *gold_help;
static size_t gold_help_len;

/* gold_config - the session's engine settings */
static int
gold_config(const char *name, const char *args, struct options *o,
    struct smtp_server_config *c)
{
	struct buf warn = BUF_INIT;
	char cfg[64], *a, *p, *w;
	size_t i, j;
	const char *help;

	snprintf(cfg, sizeof(cfg), "%.*s", (int)strcspn(name, "."), name);
	option_init(o);
	for (i = 0; i < sizeof(gold_cf) / sizeof(gold_cf[0]); i++)
		if (strcmp(gold_cf[i].config, cfg) == 0)
			for (j = 0; gold_cf[i].opts[j]; j++)
				option_parse_long(o, gold_cf[i].opts[j], 0, &warn);
	a = xstrdup(args ? args : "");
	for (p = a; (w = strtok(p, " \t\n")) != NULL; p = NULL) {
		if (strcmp(w, "-O") == 0)
			continue;
		if (w[0] == '-')
			continue;	/* -M{client_addr}: policy's */
		option_parse_long(o, w, 0, &warn);
	}
	free(a);
	buf_free(&warn);
	smtp_server_config_init(c);
	smtp_server_config_options(c, o);
	c->hostname = "mx.example.com";
	c->greeting = strcmp(cfg, "tern-submit") == 0 ?
	    "mx.example.com Sendmail 8.17.1.9/8.17.1.9/Submit; DATE" :
	    "mx.example.com Sendmail 8.17.1.9/8.17.1.9; DATE";
	c->client = "root@localhost";
	c->relay = "localhost";
	c->version = "8.17.1.9";
	c->auth_mechs = "DIGEST-MD5 CRAM-MD5";
	help = option_raw(o, "HelpFile");
	if (help != NULL && strcmp(help, "/tmp/w/etc/mail/helpfile") == 0) {
		c->help_text = gold_help;
		c->help_len = gold_help_len;
	}
	return 0;
}

/* gold_session - replay one script; 0 if the transcript matches */
static int
gold_session(const char *name)
{
	char path[512], *in, *exp, *args, *p;
	struct gold_step *steps;
	size_t nsteps, i, nwrites = 0, w = 0;
	struct buf got = BUF_INIT, out = BUF_INIT, want = BUF_INIT;
	struct smtp_server_config cfg;
	struct smtp_server_cb cb;
	struct smtp_server *s;
	struct options o;
	struct gold g;
	int act, rc;
	bool late = false;

	snprintf(path, sizeof(path), GOLD_DIR "/%s.in", name);
	in = gold_read(path, NULL);
	snprintf(path, sizeof(path), GOLD_DIR "/%s.out", name);
	exp = gold_read(path, NULL);
	snprintf(path, sizeof(path), GOLD_DIR "/%s.args", name);
	args = gold_read(path, NULL);
	if (in == NULL || exp == NULL) {
		fprintf(stderr, "%s: missing .in or .out\n", name);
		free(in);
		free(exp);
		free(args);
		return 1;
	}
	/* expected: the transcript without the exit line; its S lines */
	memset(&g, 0, sizeof(g));
	for (p = exp; *p != '\0'; ) {
		char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);

		if (strncmp(p, "X: ", 3) != 0) {
			buf_add(&want, p, n);
			buf_addc(&want, '\n');
		}
		if (strncmp(p, "S: ", 3) == 0) {
			struct buf l = BUF_INIT;
			int nocrlf = 0;
			size_t k;

			for (k = 3; k < n; )
				k = gold_one(p, k, &l, &nocrlf);
			buf_addc(&l, '\0');
			g.exp = xreallocarray(g.exp, g.nexp + 1, sizeof(char *));
			g.exp[g.nexp++] = buf_steal(&l);
		}
		p = nl ? nl + 1 : p + n;
	}
	nsteps = gold_script(in, &steps);
	for (i = 0; i < nsteps; i++)
		if (steps[i].sleep == 0)
			nwrites++;
	gold_config(name, args, &o, &cfg);
	memset(&cb, 0, sizeof(cb));
	cb.ctx = &g;
	cb.parse_mail = gold_parse;
	cb.parse_rcpt = gold_parse;
	cb.check_mail = gold_check_mail;
	cb.check_rcpt = gold_check_rcpt;
	cb.data_end = gold_end;
	cb.vrfy = gold_vrfy;
	cb.etrn = gold_etrn;
	cb.expand = gold_expand;
	g.out = &out;
	s = smtp_server_new(&cfg, &cb);
	act = smtp_server_start(s, &out);
	for (i = 0; ; i++) {
		/* answer delays at once: the oracle does not care about time */
		while (!(act & SMTP_ACT_CLOSE) && (act & SMTP_ACT_DELAY))
			act = smtp_server_resume(s, &out);
		if (i == nsteps)
			break;
		if (steps[i].sleep > 0) {
			long t = smtp_server_timeout(s);

			/* what the server says while the client sleeps is
			   read (and shown) after the client's next write */
			if (!(act & SMTP_ACT_CLOSE) && t > 0 &&
			    steps[i].sleep >= (double)t) {
				gold_lines(&got, "S: ", "S: ",
				    out.data ? out.data : "", out.len);
				for (p = out.data; p && p < out.data + out.len;
				    p++)
					if (*p == '\n')
						g.base++;
				buf_reset(&out);
				act = smtp_server_timeout_expired(s, &out);
				late = true;
			}
			continue;
		}
		if (!late) {
			gold_lines(&got, "S: ", "S: ",
			    out.data ? out.data : "", out.len);
			for (p = out.data; p && p < out.data + out.len; p++)
				if (*p == '\n')
					g.base++;
			buf_reset(&out);
		}
		late = false;
		gold_lines(&got, "C: ", "C| ", steps[i].data.data ?
		    steps[i].data.data : "", steps[i].data.len);
		if (steps[i].data.len == 0)
			buf_adds(&got, "C: \n");
		w++;
		if (!(act & SMTP_ACT_CLOSE))
			act = smtp_server_input(s, steps[i].data.data,
			    steps[i].data.len, &out);
	}
	if (!(act & SMTP_ACT_CLOSE))
		act = smtp_server_eof(s, &out);
	gold_lines(&got, "S: ", "S: ", out.data ? out.data : "", out.len);
	(void)nwrites;
	(void)w;
	rc = strcmp(buf_str(&got), buf_str(&want)) != 0 || g.calls_bad;
	if (rc) {
		/* show the first difference */
		const char *a = buf_str(&want), *b = buf_str(&got);
		int line = 1;

		while (*a && *a == *b) {
			if (*a == '\n')
				line++;
			a++;
			b++;
		}
		fprintf(stderr, "golden %s: differs at line %d\n  want: %.*s\n"
		    "  got:  %.*s\n", name, line, (int)strcspn(a, "\n"), a,
		    (int)strcspn(b, "\n"), b);
	}
	smtp_server_free(s);
	for (i = 0; i < nsteps; i++)
		buf_free(&steps[i].data);
	free(steps);
	for (i = 0; i < g.nexp; i++)
		free(g.exp[i]);
	free(g.exp);
	option_free(&o);
	buf_free(&got);
	buf_free(&out);
	buf_free(&want);
	free(in);
	free(exp);
	free(args);
	return rc;
}

static int
gold_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
main(int argc, char **argv)
{
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, i, len;
	int failed = 0;

	gold_help = gold_read("tests/golden/data/helpfile", &gold_help_len);
	T_CHECK(gold_help != NULL);
	if (argc > 1) {
		for (i = 1; i < (size_t)argc; i++) {
			int rc = gold_session(argv[i]);

			T_INTEQ(rc, 0);
		}
		free(gold_help);
		T_DONE();
	}
	d = opendir(GOLD_DIR);
	T_CHECK(d != NULL);
	while (d != NULL && (de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len > 3 && strcmp(de->d_name + len - 3, ".in") == 0) {
			names = xreallocarray(names, n + 1, sizeof(char *));
			names[n++] = xstrndup(de->d_name, len - 3);
		}
	}
	if (d != NULL)
		closedir(d);
	qsort(names, n, sizeof(char *), gold_cmp);
	for (i = 0; i < n; i++) {
		int rc = gold_session(names[i]);

		if (rc)
			failed++;
		T_INTEQ(rc, 0);
		free(names[i]);
	}
	free(names);
	free(gold_help);
	printf("smtp-golden: %zu sessions, %d differ\n", n, failed);
	T_DONE();
}
