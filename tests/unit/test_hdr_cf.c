/*
 * test_hdr_cf.c - the headers H lines add (msg/hdr_cf.c), a sender's
 * header lines against them (msg/hdr_chomp.c), the full name helpers,
 * and the qf H line of each (msg/hdr_qf.c), table-driven.
 */
#include "t.h"
#include "cf/cf.h"
#include "cf/macro.h"
#include "msg/intake.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char test_cf[] =
    "V10/Berkeley\n"
    "Djmx.example.com\n"
    "H?P?Return-Path: <$g>\n"
    "HReceived: by $j id $i$?u for $u$.; $b\n"
    "H?D?Date: $a\n"
    "H?F?From: $?x$x <$g>$|$g$.\n"
    "H?x?Full-Name: $x\n"
    "H?M?Message-Id: <$t.$i@$j>\n"
    "H?${client_addr}?X-Client: ${client_addr}\n"
    "HSubject: $>CheckSubject\n"
    "H?AB?X-Twice: first\n"
    "HX-Twice: second\n"
    "HReceived: second received\n"
    "Mlocal, P=/bin/true, F=lsDFM, A=true $u\n";

static struct cf *cf;

/* qf - the qf lines of a list */
static const char *
qf(const struct hdr_list *l, bool resent)
{
	static struct buf b;
	size_t i;

	buf_reset(&b);
	for (i = 0; i < l->n; i++)
		hdr_qf_line(&l->v[i], resent, &b);
	return buf_str(&b);
}

static void
test_defaults(void)
{
	struct hdr_list l;
	size_t i, live = 0;

	hdr_list_init(&l);
	hdr_cf_defaults(&l, cf);
	for (i = 0; i < l.n; i++)
		if (!l.v[i].deleted)
			live++;
	/* Subject: is a check, X-Twice replaced, both Received kept */
	T_INTEQ(live, 9);
	T_CHECK(hdr_find(&l, "subject") == NULL);
	T_CHECK(l.v[0].flags & HDR_DEFAULT);
	T_CHECK(l.v[0].flags & HDR_CHECK);
	T_CHECK(l.v[0].flags & HDR_BINDLATE);
	T_CHECK(!(l.v[0].flags & HDR_USER));
	T_CHECK(!(l.v[1].flags & HDR_CHECK));
	T_CHECK(l.v[1].flags & HDR_TRACE);
	T_STREQ(hdr_find(&l, "x-twice")->value, "second");
	/* the replaced one gave its ?flags? */
	T_INTEQ(hdr_find(&l, "x-twice")->mflags['A' / 8] & (1 << ('A' % 8)),
	    1 << ('A' % 8));
	T_STREQ(hdr_find(&l, "x-client")->cond_macro, "client_addr");
	/* before binding only Return-Path is written */
	T_STREQ(qf(&l, false), "H?P?Return-Path: <\x81g>\n");
	hdr_list_free(&l);
}

static void
test_bind(void)
{
	struct hdr_list l;
	struct macros *m = cf->macros;

	hdr_list_init(&l);
	hdr_cf_defaults(&l, cf);
	macro_set(m, 'g', "root");
	macro_set(m, 'x', "Joe (the) \"Q\" <P>");
	macro_set(m, 'a', "Mon, 1 Jan 2001 00:00:00 GMT");
	macro_set(m, 'b', "Tue, 2 Jan 2001 00:00:00 GMT");
	macro_set(m, 'i', "QID");
	macro_set(m, 't', "200101010000");
	macro_set(m, 'u', NULL);
	hdr_cf_bind(&l, m);
	T_STREQ(qf(&l, false),
	    "H?P?Return-Path: <\x81g>\n"
	    "H??Received: by mx.example.com id QID; Tue, 2 Jan 2001 00:00:00 GMT\n"
	    "H?D?Date: Mon, 1 Jan 2001 00:00:00 GMT\n"
	    "H?F?From: \"Joe (the) \\\"Q\\\" <P>\" <root>\n"
	    "H?x?Full-Name: Joe (the) \"Q\" <P>\n"
	    "H?M?Message-Id: <200101010000.QID@mx.example.com>\n"
	    "H??X-Twice: second\n"
	    "H??Received: second received\n");
	hdr_list_free(&l);

	/* no $x: From is $g alone, Full-Name and X-Client stay empty */
	hdr_list_init(&l);
	hdr_cf_defaults(&l, cf);
	macro_set(m, 'x', NULL);
	macro_set(m, 'g', "bob@example.net");
	macro_set(m, 'u', "alice");
	hdr_cf_bind(&l, m);
	T_STREQ(hdr_find(&l, "from")->value, "bob@example.net");
	T_CHECK(hdr_find(&l, "full-name")->flags & HDR_DEFAULT);
	T_CHECK(hdr_find(&l, "x-client")->flags & HDR_DEFAULT);
	T_STREQ(hdr_find(&l, "received")->value,
	    "by mx.example.com id QID for alice; Tue, 2 Jan 2001 00:00:00 GMT");
	hdr_list_free(&l);
	macro_set(m, 'u', NULL);
}

struct ccase {
	const char *line;
	int rc;
	const char *qf;		/* the header's qf line afterwards, or NULL */
	const char *replaced;	/* a default that is gone, or NULL */
};

static const struct ccase ccases[] = {
	{ "Subject: hi", HDR_CHOMP_OK, "H??Subject: hi\n", NULL },
	{ "Subject:hi", HDR_CHOMP_OK, "H??Subject:hi\n", NULL },
	{ "Subject : spaced", HDR_CHOMP_OK, "H??Subject: spaced\n", NULL },
	{ "Subject:\n folded", HDR_CHOMP_OK, "H??Subject:\n folded\n", NULL },
	{ "Date: Mon, 1 Jan 2001", HDR_CHOMP_OK,
	  "H??Date: Mon, 1 Jan 2001\n", "date" },
	{ "DATE: Mon", HDR_CHOMP_OK, "H??DATE: Mon\n", "date" },
	{ "Date:", HDR_CHOMP_DROPPED, NULL, NULL },
	{ "Date:  \t", HDR_CHOMP_DROPPED, NULL, NULL },
	{ "X-Empty:", HDR_CHOMP_OK, "H??X-Empty:\n", NULL },
	{ "Full-Name: Joe", HDR_CHOMP_OK, "H?x?Full-Name: Joe\n", "full-name" },
	{ "X-Client: 1.2.3.4", HDR_CHOMP_OK,
	  "H??X-Client: 1.2.3.4\n", "x-client" },
	{ "Received: from elsewhere", HDR_CHOMP_OK,
	  "H??Received: from elsewhere\n", NULL },
	{ "Return-Path: <evil@example.org>", HDR_CHOMP_OK,
	  "H??Return-Path: <evil@example.org>\n", NULL },
	{ "From: root", HDR_CHOMP_OK, "H??From: root\n", "from" },
	{ "From:root", HDR_CHOMP_OK, NULL, NULL },
	{ "From:root@mx", HDR_CHOMP_OK, "H??From:root@mx\n", "from" },
	{ "X-D\x7f" "el: y", HDR_CHOMP_SYNTAX, NULL, NULL },
	{ "X-nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn: v",
	  HDR_CHOMP_EOH, NULL, NULL },
	{ "X-8bit: \x80\x9f\xa0\xff", HDR_CHOMP_OK,
	  "H??X-8bit: \xff\x80\xff\x9f\xa0\xff\xff\n", NULL },
	{ "X-Dollar: $j \x81g", HDR_CHOMP_OK,
	  "H??X-Dollar: $j \xff\x81g\n", NULL },
};

static void
test_chomp(void)
{
	size_t i;

	for (i = 0; i < sizeof(ccases) / sizeof(ccases[0]); i++) {
		const struct ccase *tc = &ccases[i];
		struct hdr_list l;
		struct hdr_chomp_ctx ctx;
		unsigned eflags = INTAKE_OLDSTYLE;
		struct buf msg = BUF_INIT, line = BUF_INIT;
		size_t n0;
		int rc;

		hdr_list_init(&l);
		hdr_cf_defaults(&l, cf);
		n0 = l.n;
		memset(&ctx, 0, sizeof(ctx));
		ctx.eflags = &eflags;
		ctx.from_paddr = "root";
		ctx.from_user = "root";
		ctx.from_local = true;
		ctx.limited = true;
		ctx.scan_limit = n0;
		rc = hdr_chomp(&l, tc->line, strlen(tc->line), &ctx, &msg);
		T_INTEQ(rc, tc->rc);
		if (tc->qf != NULL) {
			T_INTEQ(l.n, n0 + 1);
			if (l.n == n0 + 1) {
				hdr_qf_line(&l.v[n0], false, &line);
				T_STREQ(buf_str(&line), tc->qf);
				T_CHECK(l.v[n0].flags & HDR_USER);
			}
		} else
			T_INTEQ(l.n, n0);
		if (tc->replaced != NULL) {
			size_t k;

			for (k = 0; k < n0; k++)
				if (strcasecmp(l.v[k].name, tc->replaced) == 0)
					T_CHECK(l.v[k].deleted);
		}
		if (rc == HDR_CHOMP_SYNTAX)
			T_STREQ(buf_str(&msg), "553 5.3.0 header syntax error, "
			    "line \"X-D\x7f" "el: y\"\n");
		buf_free(&msg);
		buf_free(&line);
		hdr_list_free(&l);
	}
}

/* test_chomp_state - Resent-, old style, the MH hack's HDR_USER */
static void
test_chomp_state(void)
{
	struct hdr_list l;
	struct hdr_chomp_ctx ctx;
	unsigned eflags = INTAKE_OLDSTYLE;
	struct hdr *from;

	hdr_list_init(&l);
	hdr_cf_defaults(&l, cf);
	memset(&ctx, 0, sizeof(ctx));
	ctx.eflags = &eflags;
	ctx.from_paddr = "root";
	ctx.from_user = "root";
	ctx.from_local = true;
	hdr_chomp(&l, "To: a b", 7, &ctx, NULL);
	T_CHECK(eflags & INTAKE_OLDSTYLE);
	hdr_chomp(&l, "Subject: a, b", 13, &ctx, NULL);
	T_CHECK(eflags & INTAKE_OLDSTYLE);
	hdr_chomp(&l, "Resent-To: x", 12, &ctx, NULL);
	T_CHECK(eflags & INTAKE_RESENT);
	/* after Resent-, the hack looks at Resent-From */
	hdr_chomp(&l, "From:root", 9, &ctx, NULL);
	T_CHECK(!hdr_find(&l, "from")->from_cf);
	hdr_chomp(&l, "Cc: c (C)", 9, &ctx, NULL);
	T_CHECK(!(eflags & INTAKE_OLDSTYLE));
	hdr_list_free(&l);

	/* the MH hack: the H line's From becomes the sender's */
	hdr_list_init(&l);
	hdr_cf_defaults(&l, cf);
	eflags = 0;
	hdr_chomp(&l, "From:root", 9, &ctx, NULL);
	from = hdr_find(&l, "from");
	T_CHECK(from != NULL && from->from_cf && (from->flags & HDR_USER) &&
	    (from->flags & HDR_DEFAULT));
	/* not for a remote sender */
	hdr_list_free(&l);
	hdr_list_init(&l);
	hdr_cf_defaults(&l, cf);
	ctx.from_local = false;
	hdr_chomp(&l, "From:root", 9, &ctx, NULL);
	from = hdr_find(&l, "from");
	T_CHECK(from != NULL && !from->from_cf);
	/* SingleLineFromHeader */
	ctx.single_line_from = true;
	hdr_chomp(&l, "From: a\n <b>", 12, &ctx, NULL);
	T_STREQ(l.v[l.n - 1].value, "a  <b>");
	T_STREQ(hdr_value(&l, "FROM"), "root");
	hdr_list_free(&l);
}

static void
test_fullname(void)
{
	static const struct { const char *gecos, *login, *want; } t[] = {
		{ "Alice Example,,,", "alice", "Alice Example" },
		{ "*Star", "x", "Star" },
		{ "& Smith;x", "bob", "Bob Smith" },
		{ "a%b", "x", "a" },
		{ "", "x", "" },
	};
	static const struct { const char *s; bool ok; const char *q; } r[] = {
		{ "Joe Public", true, "\"Joe Public\"" },
		{ "Joe Q. Public", false, "\"Joe Q. Public\"" },
		{ "Header, Name", false, "\"Header, Name\"" },
		{ "Joe (the) \"Q\" <P>", true, "\"Joe (the) \\\"Q\\\" <P>\"" },
		{ "Joe (a.b)", true, "\"Joe (a.b)\"" },
		{ "a\\", false, "\"a\\\\\"" },
		{ "unbalanced (", false, "\"unbalanced (\"" },
		{ "x)", false, "\"x)\"" },
		{ "\"q", false, "\"\\\"q\"" },
		{ "it's", false, "\"it's\"" },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct buf b = BUF_INIT;

		hdr_cf_fullname(t[i].gecos, t[i].login, &b);
		T_STREQ(buf_str(&b), t[i].want);
		buf_free(&b);
	}
	for (i = 0; i < sizeof(r) / sizeof(r[0]); i++) {
		struct buf b = BUF_INIT;

		T_INTEQ(hdr_cf_rfc822_string(r[i].s, NULL), r[i].ok);
		hdr_cf_addquotes(r[i].s, &b);
		T_STREQ(buf_str(&b), r[i].q);
		buf_free(&b);
	}
	T_INTEQ(hdr_cf_rfc822_string("a.b", "@"), true);
}

/* test_addheader - sendmail's addheader and auth_warning placement */
static void
test_addheader(void)
{
	struct hdr_list l;

	hdr_list_init(&l);
	hdr_add_raw(&l, "Subject", " x");
	hdr_cf_auth_warning(&l, "mx.example.com", "one");
	hdr_cf_auth_warning(&l, "mx.example.com", "two");
	hdr_cf_addheader(&l, "To", "alice", 0);
	hdr_cf_addheader(&l, "To", "bob", 0);
	T_STREQ(qf(&l, false),
	    "H??Subject: x\n"
	    "H??X-Authentication-Warning: mx.example.com: two\n"
	    "H??X-Authentication-Warning: mx.example.com: one\n"
	    "H??To: bob\n"
	    "H??To: alice\n");
	T_CHECK(l.v[1].flags & HDR_FORCE);
	T_CHECK(!(l.v[1].flags & HDR_USER));
	hdr_list_free(&l);
}

int
main(void)
{
	char path[64];
	struct cf_load_args la;
	FILE *f;
	int fd;

	snprintf(path, sizeof(path), "/tmp/test_hdr_cf.XXXXXX");
	fd = mkstemp(path);
	f = fdopen(fd, "w");
	fputs(test_cf, f);
	fclose(f);
	memset(&la, 0, sizeof(la));
	la.path = path;
	la.diag = stderr;
	cf = cf_load(&la);
	unlink(path);
	T_CHECK(cf != NULL);
	if (cf == NULL)
		T_DONE();
	test_defaults();
	test_bind();
	test_chomp();
	test_chomp_state();
	test_fullname();
	test_addheader();
	cf_free(cf);
	T_DONE();
}
