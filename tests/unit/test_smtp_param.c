/*
 * test_smtp_param.c - MAIL/RCPT arguments: "FROM:" scanning, where the
 * address ends, xtext, and every ESMTP parameter's replies (the texts
 * and the first-error-wins order of sendmail 8.17, as the golden -bs
 * sessions recorded them).
 */
#include "t.h"
#include "test_smtp.h"
#include "smtp/smtp_int.h"

#include <stdio.h>

static void
test_skipword(void)
{
	static const struct {
		const char *in, *word, *rest, *shown;
	} c[] = {
		{ "FROM:<a@b>", "from", "<a@b>", NULL },
		{ "from:  <a@b> X", "from", "<a@b> X", NULL },
		{ "FROM :<a@b>", "from", "<a@b>", NULL },
		{ "FROM\t: x", "from", "x", NULL },
		{ "", "from", NULL, "" },
		{ "FROM:", "from", NULL, "FROM" },
		{ "FROM:   ", "from", NULL, "FROM" },
		{ "TO:<a>", "from", NULL, "TO" },
		{ "FROM<a>", "from", NULL, "FROM<a>" },
		{ "bob", "to", NULL, "bob" },
		{ "FROMX:<a>", "from", NULL, "FROMX" },
		{ "FROM x:<a>", "from", NULL, "FROM" },
	};
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		char *s = xstrdup(c[i].in);
		const char *shown = "(none)";
		char *r = smtp_param_skipword(s, c[i].word, &shown);

		if (c[i].rest != NULL) {
			T_CHECK(r != NULL);
			if (r != NULL)
				T_STREQ(r, c[i].rest);
		} else {
			T_CHECK(r == NULL);
			T_STREQ(shown, c[i].shown);
		}
		free(s);
	}
}

static void
test_addr_end(void)
{
	static const struct {
		const char *in;
		size_t len;
	} c[] = {
		{ "<a@b> SIZE=1", 5 },
		{ "<a b@c> SIZE=1", 7 },
		{ "(a b) c@d X", 5 },
		{ "(a b)c@d X", 8 },
		{ "\"a b\"@c X", 7 },
		{ "a\\ b@c", 2 },
		{ "<a\\>b c@d> X", 10 },
		{ "<\"a>b\"@c> X", 9 },
		{ "<(a>b)c@d> X", 10 },
		{ "a@b>c d", 5 },
		{ "<a@b>\tX", 5 },
		{ "<a@b>SIZE=1 X", 11 },
		{ "<a@b", 4 },
		{ "", 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		char *s = xstrdup(c[i].in);
		size_t n = (size_t)(smtp_param_addr_end(s) - s);

		if (n != c[i].len)
			fprintf(stderr, "addr_end(%s) = %zu\n", c[i].in, n);
		T_INTEQ(n, c[i].len);
		free(s);
	}
}

static void
test_xtext(void)
{
	char *d;

	T_CHECK(smtp_xtext_ok("abc"));
	T_CHECK(smtp_xtext_ok(""));
	T_CHECK(smtp_xtext_ok("a+2Bb+2b"));
	T_CHECK(!smtp_xtext_ok("a+2"));
	T_CHECK(!smtp_xtext_ok("a+zz"));
	T_CHECK(!smtp_xtext_ok("a=b"));
	T_CHECK(!smtp_xtext_ok("a b"));
	T_CHECK(!smtp_xtext_ok("a\xe9"));
	T_CHECK(!smtp_xtext_ok("a\x7f"));
	d = smtp_xtext_decode("a+2Bb+40c+0Ad");
	T_STREQ(d, "a+b@c\nd");
	free(d);
	d = smtp_xtext_decode("a+00b");
	T_STREQ(d, "a");
	free(d);
}

/* one MAIL or RCPT parameter list and the reply it gets ("" = ok) */
static const struct pcase {
	bool rcpt;
	unsigned long privacy;
	const char *params;
	const char *want;
} pcases[] = {
	{ false, 0, "SIZE=100", "" },
	{ false, 0, "SIZE=abc", "" },
	{ false, 0, "SIZE=", "" },
	{ false, 0, "SIZE", "501 5.5.2 SIZE requires a value" },
	{ false, 0, "SIZE=-5", "552 5.2.3 Message size invalid" },
	{ false, 0, "SIZE=99999999999999999999999",
	    "552 5.2.3 Message size exceeds maximum value" },
	{ false, 0, "SIZE=-99999999999999999999999",
	    "552 5.2.3 Message size invalid" },
	{ false, 0, "size=10 SIZE=20", "" },
	{ false, 0, "BODY=7bit", "" },
	{ false, 0, "BODY=8BITMIME", "" },
	{ false, 0, "BODY=foo", "501 5.5.4 Unknown BODY type foo" },
	{ false, 0, "BODY=BINARYMIME", "501 5.5.4 Unknown BODY type BINARYMIME" },
	{ false, 0, "BODY", "501 5.5.2 BODY requires a value" },
	{ false, 0, "BODY=foo SIZE=-1", "501 5.5.4 Unknown BODY type foo" },
	{ false, 0, "RET=FULL", "" },
	{ false, 0, "RET=hdrs", "" },
	{ false, 0, "RET=BAD", "501 5.5.2 Bad argument \"BAD\" to RET" },
	{ false, 0, "RET", "501 5.5.2 RET requires a value" },
	{ false, 0, "RET=FULL RET=HDRS", "501 5.5.0 Duplicate RET parameter" },
	{ false, 0, "RET=FULL RET=BAD", "501 5.5.0 Duplicate RET parameter" },
	{ false, 0, "RET=FULL RET", "501 5.5.2 RET requires a value" },
	{ false, 0x200000, "RET=FULL",
	    "504 5.7.0 Sorry, RET not supported, we do not allow DSN" },
	{ false, 0, "ENVID=abc", "" },
	{ false, 0, "ENVID=", "" },
	{ false, 0, "ENVID=a+2", "501 5.5.4 Syntax error in ENVID parameter value" },
	{ false, 0, "ENVID", "501 5.5.2 ENVID requires a value" },
	{ false, 0, "ENVID=a ENVID=b", "501 5.5.0 Duplicate ENVID parameter" },
	{ false, 0, "ENVID=a ENVID=a+2",
	    "501 5.5.4 Syntax error in ENVID parameter value" },
	{ false, 0x200000, "ENVID=x",
	    "504 5.7.0 Sorry, ENVID not supported, we do not allow DSN" },
	{ false, 0, "AUTH=<>", "" },
	{ false, 0, "AUTH=", "" },
	{ false, 0, "AUTH", "501 5.5.2 AUTH= requires a value" },
	{ false, 0, "AUTH=a+2", "501 5.5.4 Syntax error in AUTH parameter value" },
	{ false, 0, "AUTH=<> AUTH=a+2", "501 5.5.0 Duplicate AUTH parameter" },
	{ false, 0, "BY=100;R", "" },
	{ false, 0, "BY=100;rt", "" },
	{ false, 0, "BY=-5;N", "" },
	{ false, 0, "BY=0;R", "501 5.5.4 mode R requires BY time > 0" },
	{ false, 0, "BY=100", "501 5.5.2 BY= missing ';'" },
	{ false, 0, "BY=100;X", "501 5.5.2 illegal by-mode 'X'" },
	{ false, 0, "BY=100;", "501 5.5.2 illegal by-mode '?'" },
	{ false, 0, "BY=100;RX", "501 5.5.2 illegal by-trace 'X'" },
	{ false, 0, "BY=1000000000;R", "501 5.5.2 BY=1000000000;R out of range" },
	{ false, 0, "BY", "501 5.5.2 BY= requires a value" },
	{ false, 0, "SMTPUTF8", "555 5.5.4 SMTPUTF8 parameter unrecognized" },
	{ false, 0, "FOO=bar", "555 5.5.4 FOO parameter unrecognized" },
	{ false, 0, "=x", "555 5.5.4  parameter unrecognized" },
	{ false, 0, "SIZE=10=20", "555 5.5.4 20 parameter unrecognized" },
	{ false, 0, "SIZE:10", "501 5.5.2 SIZE requires a value" },
	{ false, 0, "BODY=7bit\tSIZE=10", "" },
	{ false, 0, "FOO\xe9=1", "555 5.5.4 FOO parameter unrecognized" },
	{ false, 0, "BODY=7BIT BODY=7BIT BODY=7BIT BODY=7BIT BODY=7BIT "
	    "BODY=7BIT BODY=7BIT BODY=7BIT BODY=7BIT BODY=7BIT BODY=7BIT "
	    "BODY=7BIT BODY=7BIT BODY=7BIT BODY=7BIT BODY=7BIT BODY=7BIT", "" },
	{ false, 0, "BODY=7BIT BODY=7BIT BODY=7BIT BODY=7BIT BODY=7BIT "
	    "BODY=7BIT BODY=7BIT BODY=7BIT BODY=7BIT BODY=7BIT BODY=7BIT "
	    "BODY=7BIT BODY=7BIT BODY=7BIT BODY=7BIT BODY=7BIT BODY=7BIT "
	    "BODY=7BIT", "501 5.5.4 Too many parameters" },
	{ true, 0, "NOTIFY=NEVER", "" },
	{ true, 0, "notify=success,failure,delay", "" },
	{ true, 0, "NOTIFY=bad", "501 5.5.4 Bad argument \"bad\"  to NOTIFY" },
	{ true, 0, "NOTIFY=never,SUCCESS",
	    "501 5.5.4 Bad argument \"never\"  to NOTIFY" },
	{ true, 0, "NOTIFY=SUCCESS,NEVER",
	    "501 5.5.4 Bad argument \"NEVER\"  to NOTIFY" },
	{ true, 0, "NOTIFY=", "501 5.5.4 Bad argument \"\"  to NOTIFY" },
	{ true, 0, "NOTIFY", "501 5.5.2 NOTIFY requires a value" },
	{ true, 0, "NOTIFY=SUCCESS,,FAILURE",
	    "501 5.5.4 Bad argument \"\"  to NOTIFY" },
	{ true, 0, "NOTIFY=SUCCESS NOTIFY=NEVER", "" },
	{ true, 0x200000, "NOTIFY=NEVER",
	    "504 5.7.0 Sorry, NOTIFY not supported, we do not allow DSN" },
	{ true, 0, "ORCPT=rfc822;a@b", "" },
	{ true, 0, "ORCPT=x-foo;bar", "" },
	{ true, 0, "ORCPT=rfc822;", "" },
	{ true, 0, "ORCPT=a_b;x", "" },
	{ true, 0, "ORCPT=+41;x", "" },
	{ true, 0, "ORCPT=bob@x", "501 5.5.4 Syntax error in ORCPT parameter value" },
	{ true, 0, "ORCPT=", "501 5.5.4 Syntax error in ORCPT parameter value" },
	{ true, 0, "ORCPT=;x", "501 5.5.4 Syntax error in ORCPT parameter value" },
	{ true, 0, "ORCPT=a.b;x", "501 5.5.4 Syntax error in ORCPT parameter value" },
	{ true, 0, "ORCPT=@;x", "501 5.5.4 Syntax error in ORCPT parameter value" },
	{ true, 0, "ORCPT=rfc822;a+2",
	    "501 5.5.4 Syntax error in ORCPT parameter value" },
	{ true, 0, "ORCPT", "501 5.5.2 ORCPT requires a value" },
	{ true, 0, "ORCPT=rfc822;a ORCPT=bad", "501 5.5.0 Duplicate ORCPT parameter" },
	{ true, 0, "ORCPT=bad ORCPT=rfc822;a",
	    "501 5.5.4 Syntax error in ORCPT parameter value" },
	{ true, 0, "SIZE=10", "555 5.5.4 SIZE parameter unrecognized" },
	{ true, 0, "NOTIFY=NEVER FOO=bar", "555 5.5.4 FOO parameter unrecognized" },
};

static void
test_params(void)
{
	struct tsmtp t;
	struct smtp_params pp;
	struct smtp_reply r;
	size_t i;

	for (i = 0; i < sizeof(pcases) / sizeof(pcases[0]); i++) {
		const struct pcase *c = &pcases[i];
		char *p = xstrdup(c->params);
		struct buf got = BUF_INIT;
		int rc;

		memset(&t, 0, sizeof(t));
		tsmtp_config(&t.cfg);
		t.cfg.privacy = c->privacy;
		tsmtp_open(&t);
		memset(&pp, 0, sizeof(pp));
		memset(&r, 0, sizeof(r));
		rc = smtp_param_parse(t.s, c->rcpt, p, &pp, &r);
		if (rc != 0)
			buf_addf(&got, "%d %s %s", r.code, r.enh, r.text);
		if (strcmp(buf_str(&got), c->want) != 0)
			fprintf(stderr, "params %zu: %s\n", i, c->params);
		T_STREQ(buf_str(&got), c->want);
		buf_free(&got);
		free(p);
		tsmtp_close(&t);
	}
}

/* test_values - what a good list leaves in struct smtp_params */
static void
test_values(void)
{
	struct tsmtp t;
	struct smtp_params pp;
	struct smtp_reply r;
	char *p;

	memset(&t, 0, sizeof(t));
	tsmtp_config(&t.cfg);
	t.cfg.smtputf8 = true;
	t.cfg.deliver_by_min = 50;
	tsmtp_open(&t);
	memset(&pp, 0, sizeof(pp));
	p = xstrdup("SIZE=12abc BODY=8bitmime RET=HDRS ENVID=e+2B AUTH=<> "
	    "BY=60;NT SMTPUTF8");
	T_INTEQ(smtp_param_parse(t.s, false, p, &pp, &r), 0);
	T_CHECK(pp.has_size);
	T_INTEQ(pp.size, 12);
	T_STREQ(pp.body, "8BITMIME");
	T_INTEQ(pp.ret, ENV_RET_HDRS);
	T_STREQ(pp.envid, "e+2B");
	T_STREQ(pp.auth, "<>");
	T_CHECK(pp.has_by);
	T_INTEQ(pp.by_time, 60);
	T_INTEQ(pp.by_mode, 'N');
	T_CHECK(pp.by_trace);
	T_CHECK(pp.smtputf8);
	free(p);
	p = xstrdup("BY=40;R");
	memset(&pp, 0, sizeof(pp));
	T_INTEQ(smtp_param_parse(t.s, false, p, &pp, &r), -1);
	T_STREQ(r.text, "time 40 less than 50");
	T_INTEQ(r.code, 555);
	free(p);
	p = xstrdup("SMTPUTF8=x");
	memset(&pp, 0, sizeof(pp));
	T_INTEQ(smtp_param_parse(t.s, false, p, &pp, &r), -1);
	T_INTEQ(r.code, 501);
	free(p);
	p = xstrdup("NOTIFY=FAILURE,delay ORCPT=rfc822;a+40b");
	memset(&pp, 0, sizeof(pp));
	T_INTEQ(smtp_param_parse(t.s, true, p, &pp, &r), 0);
	T_INTEQ(pp.notify, RCPT_NOTIFY_FAILURE | RCPT_NOTIFY_DELAY);
	T_STREQ(pp.orcpt, "rfc822;a+40b");
	free(p);
	tsmtp_close(&t);
}

/* test_reply - line sanitizing, parsing, shortening */
static void
test_reply(void)
{
	struct buf o = BUF_INIT, t = BUF_INIT;
	struct smtp_reply r;
	char big[400];
	const char *s;

	smtp_reply_line(&o, 250, true, "2.0.0", "j\xf6rg");
	smtp_reply_line(&o, 7, false, "", "a\nb\x80z");
	T_STREQ(buf_str(&o), "250-2.0.0 jvrg\r\n451 a b\r\n");
	smtp_reply_parse(&r, "553 5.1.3 <a@>... Hostname required");
	T_INTEQ(r.code, 553);
	T_STREQ(r.enh, "5.1.3");
	T_STREQ(r.text, "<a@>... Hostname required");
	smtp_reply_parse(&r, "550 Network 10.1 is blocked");
	T_STREQ(r.enh, "");
	T_STREQ(r.text, "Network 10.1 is blocked");
	smtp_reply_parse(&r, "garbage");
	T_INTEQ(r.code, 451);
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	big[0] = 'A';
	big[sizeof(big) - 2] = 'Z';
	s = smtp_reply_short(&t, big);
	T_INTEQ(strlen(s), 203);
	T_CHECK(s[0] == 'A' && s[202] == 'Z' && strncmp(s + 100, "...", 3) == 0);
	big[202] = '\0';
	T_CHECK(smtp_reply_short(&t, big) == big);
	buf_free(&o);
	buf_free(&t);
}

int
main(void)
{
	test_skipword();
	test_addr_end();
	test_xtext();
	test_params();
	test_values();
	test_reply();
	T_DONE();
}
