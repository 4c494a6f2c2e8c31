/*
 * test_hdr_rewrite.c - header addresses for a mailer and the header
 * block written to it (msg/hdr_rewrite.c), table-driven, with a small
 * .cf whose header rulesets show the path: 3, 1 or 2, S=/R=, 4.
 */
#include "t.h"
#include "addr/rewrite.h"
#include "cf/cf.h"
#include "cf/macro.h"
#include "cf/mailer.h"
#include "msg/intake.h"

#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

static const char test_cf[] =
    "V10/Berkeley\n"
    "O OperatorChars=.:%@!^/[]+\n"
    "Djmx.example.com\n"
    "S3\n"
    "R$* < $* > $*\t\t$2\n"
    "R$+ @ $+\t\t$@ $1 < @ $2 >\n"
    "S4\n"
    "R$* < @ $+ > $*\t\t$@ $1 @ $2 $3\n"
    "S1\n"
    "S2\n"
    "SEnv\n"
    "SHdrFrom\n"
    "R$+ < @ $+ >\t\t$@ $1 < @ $2 >\n"
    "R$+\t\t\t$@ $1 < @ masq.example >\n"
    "SHdrTo\n"
    "R$+ < @ $+ >\t\t$@ $1 < @ $2 . to >\n"
    "R$+\t\t\t$@ $1 < @ local.to >\n"
    "Mlocal, P=/bin/true, F=lsDFMx, S=Env, R=Env, A=true $u\n"
    "Msmtp, P=[IPC], F=mDFMuX, S=Env/HdrFrom, R=Env/HdrTo, E=\\r\\n, "
    "L=990, A=TCP $h\n"
    "Mnarrow, P=[IPC], F=mDFMuX, S=Env/HdrFrom, R=Env/HdrTo, L=40, "
    "A=TCP $h\n"
    "Mnorw, P=[IPC], F=mu, A=TCP $h\n";

static struct cf *cf;
static struct rw_ctx rw;

struct acase {
	const char *addr;
	const char *mailer;	/* NULL: the null mailer */
	bool sender;
	const char *want;
};

static const struct acase acases[] = {
	{ "joe", "smtp", true, "joe@masq.example" },
	{ "joe@x.org", "smtp", true, "joe@x.org" },
	{ "Joe Q <joe>", "smtp", true, "Joe Q <joe@masq.example>" },
	{ "joe (Joe Q)", "smtp", true, "joe@masq.example (Joe Q)" },
	{ "\"Joe, Q\" <joe@x.org>", "smtp", true, "\"Joe, Q\" <joe@x.org>" },
	{ "bob", "smtp", false, "bob@local.to" },
	{ "bob@y.org", "smtp", false, "bob@y.org.to" },
	{ "bob", "norw", false, "bob" },
	{ "bob", "local", false, "bob" },
	{ "Bob <bob>", NULL, false, "Bob <bob>" },
	{ "c@d.e.", NULL, true, "c@d.e." },
};

static void
test_addr(void)
{
	size_t i;

	for (i = 0; i < sizeof(acases) / sizeof(acases[0]); i++) {
		const struct acase *tc = &acases[i];
		struct buf out = BUF_INIT;
		const struct mailer *m = tc->mailer ?
		    mailer_find(cf, tc->mailer) : NULL;

		T_CHECK(tc->mailer == NULL || m != NULL);
		T_INTEQ(hdr_rewrite_addr(&rw, tc->addr, m, tc->sender, &out),
		    EX_OK);
		T_STREQ(buf_str(&out), tc->want);
		buf_free(&out);
	}
}

struct kcase {
	const char *name;
	const char *value;	/* after the colon */
	bool oldstyle;
	const char *mailer;
	const char *want;
};

static const struct kcase kcases[] = {
	{ "To", " a, b", false, NULL, " a, b" },
	{ "To", " a,b,,c ,", false, NULL, " a, b, c" },
	{ "To", "\ta", false, NULL, " a" },
	{ "To", "\n a", false, NULL, "  a" },
	{ "To", " a b", true, NULL, " a, b" },
	{ "To", " a b", false, NULL, " a b" },
	{ "To", " a @ b c", true, NULL, " a @ b, c" },
	{ "From", " a b", true, NULL, " a b" },
	{ "Cc", " carol,\n dave (D)", false, NULL, " carol, dave (D)" },
	{ "To", " \"x, y\" <e@x>, (c) d", false, NULL, " \"x, y\" <e@x>, (c) d" },
	{ "To", " aaaaaaaaaa@example.org, bbbbbbbbbb@example.org, "
	  "cccccccccc@example.org, dddddddddd@example.org, "
	  "eeeeeeeeee@example.org, ffffffffff@example.org", false, NULL,
	  " aaaaaaaaaa@example.org, bbbbbbbbbb@example.org, "
	  "cccccccccc@example.org,\n        dddddddddd@example.org, "
	  "eeeeeeeeee@example.org, ffffffffff@example.org" },
	{ "To", " bob, carol", false, "smtp", " bob@local.to, carol@local.to" },
	{ "To", " aaaa, bbbb, cccc", false, "narrow",
	  " aaaa@local.to, bbbb@local.to,\n        cccc@local.to" },
	{ "From", " joe", false, "smtp", " joe@masq.example" },
	{ "To", "", false, NULL, "" },
};

static void
test_commaize(void)
{
	size_t i;

	for (i = 0; i < sizeof(kcases) / sizeof(kcases[0]); i++) {
		const struct kcase *tc = &kcases[i];
		struct hdr_list l;
		struct hdr *h;
		struct buf out = BUF_INIT;

		hdr_list_init(&l);
		h = hdr_add_raw(&l, tc->name, tc->value);
		h->flags = strcmp(tc->name, "From") == 0 ? HDR_FROM : HDR_RCPT;
		T_INTEQ(hdr_rewrite_commaize(&rw, h, tc->value, tc->oldstyle,
		    tc->mailer ? mailer_find(cf, tc->mailer) : NULL, &out),
		    EX_OK);
		T_STREQ(buf_str(&out), tc->want);
		buf_free(&out);
		hdr_list_free(&l);
	}
}

/*
 * test_long - one huge address: sendmail's prescan gives up ("Address
 * too long") and cuts the value at the address's 256th byte; the real
 * 8.17 writes "To: " and 256 bytes (tests/golden/intake to-addr-1300)
 */
static void
test_long(void)
{
	struct hdr_list l;
	struct hdr *h;
	struct buf v = BUF_INIT, out = BUF_INIT;

	buf_adds(&v, " ");
	while (v.len < 3000)
		buf_addc(&v, 'a');
	buf_adds(&v, "@example.org");
	hdr_list_init(&l);
	h = hdr_add_raw(&l, "To", buf_str(&v));
	h->flags = HDR_RCPT;
	hdr_rewrite_commaize(NULL, h, buf_str(&v), false, NULL, &out);
	T_INTEQ(out.len, 1 + 256);
	buf_free(&v);
	buf_free(&out);
	hdr_list_free(&l);
}

/* put - the block for a mailer */
static const char *
put(const struct hdr_list *l, const char *mailer, unsigned eflags)
{
	static struct buf b;
	struct hdr_put_ctx pc;

	memset(&pc, 0, sizeof(pc));
	pc.m = mailer_find(cf, mailer);
	pc.rw = &rw;
	pc.macros = cf->macros;
	pc.eflags = eflags;
	buf_reset(&b);
	T_INTEQ(hdr_rewrite_put(l, &pc, &b), EX_OK);
	return buf_str(&b);
}

static void
test_put(void)
{
	struct hdr_list l;
	struct hdr *h;

	hdr_list_init(&l);
	h = hdr_add_raw(&l, "Return-Path", " <$g>");
	h->flags = HDR_DEFAULT | HDR_BINDLATE | HDR_FORCE | HDR_ACHECK;
	h->from_cf = true;
	h->mflags['P' / 8] |= 1 << ('P' % 8);
	h = hdr_add_raw(&l, "Received", " by x; DATE");
	h->flags = HDR_TRACE | HDR_FORCE;
	h = hdr_add_raw(&l, "From", " joe");
	h->flags = HDR_FROM | HDR_CHECK;
	h->mflags['F' / 8] |= 1 << ('F' % 8);
	h = hdr_add_raw(&l, "Full-Name", " Joe");
	h->flags = HDR_ACHECK | HDR_USER;
	h->mflags['x' / 8] |= 1 << ('x' % 8);
	h = hdr_add_raw(&l, "X-Client", " 1.2.3.4");
	h->flags = HDR_CHECK;
	h->cond_macro = xstrdup("client_addr");
	h = hdr_add_raw(&l, "To", " bob");
	h->flags = HDR_RCPT | HDR_USER;
	h = hdr_add_raw(&l, "Bcc", " secret");
	h->flags = HDR_RCPT | HDR_BCC | HDR_USER;
	h = hdr_add_raw(&l, "Resent-To", " r");
	h->flags = HDR_RCPT | HDR_RESENT | HDR_USER;
	h = hdr_add_raw(&l, "Subject", " a\nb\n\tc");
	h->flags = HDR_USER;
	h = hdr_add_raw(&l, "X-Gone", " x");
	h->deleted = true;

	macro_set(cf->macros, 'g', "sender@example.org");
	macro_set(cf->macros, macro_id(cf->macros, "client_addr", 11), NULL);
	T_STREQ(put(&l, "smtp", INTAKE_DELETE_BCC),
	    "Received: by x; DATE\n"
	    "From: joe@masq.example\n"
	    "To: bob@local.to\n"
	    "Subject: a\n b\n\tc\n");
	T_STREQ(put(&l, "local", INTAKE_RESENT),
	    "Received: by x; DATE\n"
	    "From: joe\n"
	    "Full-Name: Joe\n"
	    "To: bob\n"
	    "Bcc:\n"
	    "Resent-To: r\n"
	    "Subject: a\n b\n\tc\n");
	macro_set(cf->macros, macro_id(cf->macros, "client_addr", 11),
	    "1.2.3.4");
	l.v[0].mflags['s' / 8] |= 1 << ('s' % 8);
	T_STREQ(put(&l, "local", INTAKE_DELETE_BCC),
	    "Return-Path: <sender@example.org>\n"
	    "Received: by x; DATE\n"
	    "From: joe\n"
	    "Full-Name: Joe\n"
	    "X-Client: 1.2.3.4\n"
	    "To: bob\n"
	    "Subject: a\n b\n\tc\n");
	hdr_list_free(&l);
}

/* one list of "Name: value" lines (flags from the name) put for local */
static const char *
put_lines(const char *const *lines, unsigned eflags)
{
	struct hdr_list l;
	struct hdr *h;
	const char *r;
	size_t i;

	hdr_list_init(&l);
	for (i = 0; lines[i] != NULL; i += 2) {
		const char *name = lines[i], *v = lines[i + 1];
		bool cf_line = *name == '=', gone = *name == '-';

		if (cf_line || gone)
			name++;
		h = hdr_add_raw(&l, name, v);
		h->flags = strcmp(name, "From") == 0 ? HDR_FROM :
		    strcmp(name, "Subject") == 0 ? 0 : HDR_RCPT;
		if (!cf_line)
			h->flags |= HDR_USER;
		h->from_cf = cf_line;
		h->deleted = gone;
	}
	r = put(&l, "local", eflags);
	hdr_list_free(&l);
	return r;
}

/* OldStyleHeaders splits lists at blanks only while no sender's or
   recipients' header holds , ( < or ; (sendmail's chompheader, also for
   the headers a queue run reads from the qf) */
static void
test_put_oldstyle(void)
{
	static const char *const named[] = {
		"To", " Bob Builder <bob@x.org>", NULL };
	static const char *const blanks[] = {
		"To", " bob alice", "Subject", " a, b", NULL };
	static const char *const cc[] = {
		"To", " bob alice", "Cc", " carol@x.org, dave@x.org", NULL };
	static const char *const from[] = {
		"From", " Joe Q <joe>", "To", " bob alice", NULL };
	static const char *const cfline[] = {
		"=Cc", " <cf@x.org>", "-Bcc", " a, b", "To", " bob alice", NULL };

	T_STREQ(put_lines(named, INTAKE_OLDSTYLE),
	    "To: Bob Builder <bob@x.org>\n");
	T_STREQ(put_lines(blanks, INTAKE_OLDSTYLE),
	    "To: bob, alice\nSubject: a, b\n");
	T_STREQ(put_lines(blanks, 0), "To: bob alice\nSubject: a, b\n");
	T_STREQ(put_lines(cc, INTAKE_OLDSTYLE),
	    "To: bob alice\nCc: carol@x.org, dave@x.org\n");
	T_STREQ(put_lines(from, INTAKE_OLDSTYLE),
	    "From: Joe Q <joe>\nTo: bob alice\n");
	/* the .cf's lines and deleted headers do not count */
	T_STREQ(put_lines(cfline, INTAKE_OLDSTYLE),
	    "Cc: <cf@x.org>\nTo: bob, alice\n");
}

int
main(void)
{
	char path[64];
	struct cf_load_args la;
	struct arena a = ARENA_INIT;
	FILE *f, *devnull = fopen("/dev/null", "w");
	int fd;

	snprintf(path, sizeof(path), "/tmp/test_hdr_rewrite.XXXXXX");
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
	memset(&rw, 0, sizeof(rw));
	rw.cf = cf;
	rw.arena = &a;
	rw.err = devnull;
	test_addr();
	test_commaize();
	test_long();
	test_put();
	test_put_oldstyle();
	arena_free(&a);
	fclose(devnull);
	cf_free(cf);
	T_DONE();
}
