/* test_smtpc.c - the SMTP client's parsers: replies, EHLO keywords,
 * DATA encoding, status classes, MX lists pointing back, base64 */
#include "t.h"
#include "smtpc/smtpc.h"
#include "smtpc/smtpc_int.h"

#include <stdlib.h>
#include <sysexits.h>

#include "cf/option.h"

/* feed lines separated by '|'; the last step */
static enum smtpc_reply_step
feed(struct smtpc_reply *r, const char *lines)
{
	enum smtpc_reply_step st = SMTPC_REPLY_BAD;
	const char *p = lines;

	smtpc_reply_free(r);
	smtpc_reply_init(r);
	for (;;) {
		const char *e = strchr(p, '|');
		size_t n = e ? (size_t)(e - p) : strlen(p);

		st = smtpc_reply_line(r, p, n);
		if (st != SMTPC_REPLY_MORE || e == NULL)
			return st;
		p = e + 1;
	}
}

static void
test_reply(void)
{
	struct smtpc_reply r;
	char big[SMTPC_LINE_MAX + 10];
	int i;

	smtpc_reply_init(&r);
	T_INTEQ(feed(&r, "250 2.1.0 Ok"), SMTPC_REPLY_DONE);
	T_INTEQ(r.code, 250);
	T_STREQ(r.status, "2.1.0");
	T_STREQ(buf_str(&r.text), "2.1.0 Ok");
	T_STREQ(buf_str(&r.last), "250 2.1.0 Ok");
	T_INTEQ(feed(&r, "250-mx.example|250-PIPELINING|250 SIZE 1000"),
	    SMTPC_REPLY_DONE);
	T_INTEQ(r.nlines, 3);
	T_STREQ(buf_str(&r.text), "mx.example\nPIPELINING\nSIZE 1000");
	T_STREQ(buf_str(&r.last), "250 SIZE 1000");
	T_INTEQ(feed(&r, "250"), SMTPC_REPLY_DONE);	/* bare code */
	T_STREQ(buf_str(&r.text), "");
	T_STREQ(r.status, "");
	T_INTEQ(feed(&r, "250-a|251 b"), SMTPC_REPLY_BAD); /* code changed */
	T_INTEQ(feed(&r, "25"), SMTPC_REPLY_BAD);
	T_INTEQ(feed(&r, "2500 x"), SMTPC_REPLY_BAD);
	T_INTEQ(feed(&r, "abc def"), SMTPC_REPLY_BAD);
	T_INTEQ(feed(&r, "150 too low"), SMTPC_REPLY_BAD);
	T_INTEQ(feed(&r, "650 too high"), SMTPC_REPLY_BAD);
	T_INTEQ(feed(&r, "250_x"), SMTPC_REPLY_BAD);
	T_INTEQ(smtpc_reply_line(&r, "250 a\0b", 7), SMTPC_REPLY_BAD);
	/* enhanced code must match the reply's class */
	T_INTEQ(feed(&r, "550 4.1.1 odd"), SMTPC_REPLY_DONE);
	T_STREQ(r.status, "");
	T_INTEQ(feed(&r, "550 5.1.1 <a@b>... User unknown"), SMTPC_REPLY_DONE);
	T_STREQ(r.status, "5.1.1");
	T_INTEQ(feed(&r, "450 4.7.1234 x"), SMTPC_REPLY_DONE);
	T_STREQ(r.status, "");
	T_INTEQ(feed(&r, "451 4.3.0x"), SMTPC_REPLY_DONE);
	T_STREQ(r.status, "");
	/* a line too long */
	memset(big, 'x', sizeof big);
	memcpy(big, "250 ", 4);
	smtpc_reply_free(&r);
	smtpc_reply_init(&r);
	T_INTEQ(smtpc_reply_line(&r, big, sizeof big), SMTPC_REPLY_BAD);
	T_INTEQ(smtpc_reply_line(&r, big, SMTPC_LINE_MAX), SMTPC_REPLY_DONE);
	/* too many lines */
	smtpc_reply_free(&r);
	smtpc_reply_init(&r);
	for (i = 0; i < SMTPC_REPLY_LINES; i++)
		T_INTEQ(smtpc_reply_line(&r, "250-x", 5), SMTPC_REPLY_MORE);
	T_INTEQ(smtpc_reply_line(&r, "250 x", 5), SMTPC_REPLY_BAD);
	smtpc_reply_free(&r);
}

static void
test_ehlo(void)
{
	struct smtpc_ext x;

	smtpc_ehlo_parse("mx.example greets you\npipelining\nSIZE 10240000\n"
	    "8BITMIME\nDSN\nSTARTTLS\nENHANCEDSTATUSCODES\n"
	    "AUTH login Plain\nAUTH=CRAM-MD5", &x);
	T_CHECK(x.pipelining && x.eightbitmime && x.dsn && x.starttls &&
	    x.enhanced && x.size && x.auth);
	T_INTEQ(x.size_max, 10240000);
	T_CHECK(smtpc_ehlo_has_auth(&x, "PLAIN"));
	T_CHECK(smtpc_ehlo_has_auth(&x, "LOGIN"));
	T_CHECK(smtpc_ehlo_has_auth(&x, "CRAM-MD5"));
	T_CHECK(!smtpc_ehlo_has_auth(&x, "PLAI"));
	smtpc_ehlo_parse("mx.example\nSIZE\nX-PIPELINING\nSIZE x", &x);
	T_CHECK(x.size && x.size_max == 0 && !x.pipelining && !x.auth);
	/* the greeting line is not a keyword */
	smtpc_ehlo_parse("PIPELINING", &x);
	T_CHECK(!x.pipelining);
	smtpc_ehlo_parse("", &x);
	T_CHECK(!x.dsn);
	smtpc_ehlo_parse("h\nSIZE 99999999999999999999999", &x);
	T_CHECK(x.size && x.size_max == 0);
}

static const char *
dot(const char *in, size_t chunk)
{
	static struct buf out;
	struct smtpc_dot d;
	size_t i, n = strlen(in);

	buf_reset(&out);
	smtpc_dot_init(&d);
	for (i = 0; i < n; i += chunk)
		smtpc_dot_add(&d, in + i, n - i < chunk ? n - i : chunk, &out);
	smtpc_dot_end(&d, &out);
	return buf_str(&out);
}

static void
test_dot(void)
{
	size_t c;

	for (c = 1; c <= 64; c *= 4) {
		T_STREQ(dot("a\nb\n", c), "a\r\nb\r\n.\r\n");
		T_STREQ(dot(".x\n..y\nz.\n.\n", c),
		    "..x\r\n...y\r\nz.\r\n..\r\n.\r\n");
		T_STREQ(dot("no newline", c), "no newline\r\n.\r\n");
		T_STREQ(dot("crlf\r\n.dot\r\n", c),
		    "crlf\r\n..dot\r\n.\r\n");
		T_STREQ(dot("lone\rcr\n", c), "lone\rcr\r\n.\r\n");
		T_STREQ(dot("\r.x\n", c), "\r.x\r\n.\r\n");
		T_STREQ(dot("end\r", c), "end\r\r\n.\r\n");
		T_STREQ(dot("", c), ".\r\n");
		T_STREQ(dot("\n\n", c), "\r\n\r\n.\r\n");
	}
}

static void
test_status(void)
{
	struct smtpc_reply r;
	char st[16];

	T_INTEQ(smtpc_exit_of(250, SMTPC_PH_RCPT), EX_OK);
	T_INTEQ(smtpc_exit_of(451, SMTPC_PH_RCPT), EX_TEMPFAIL);
	T_INTEQ(smtpc_exit_of(421, SMTPC_PH_MAIL), EX_TEMPFAIL);
	T_INTEQ(smtpc_exit_of(550, SMTPC_PH_RCPT), EX_NOUSER);
	T_INTEQ(smtpc_exit_of(553, SMTPC_PH_RCPT), EX_NOUSER);
	T_INTEQ(smtpc_exit_of(552, SMTPC_PH_RCPT), EX_UNAVAILABLE);
	T_INTEQ(smtpc_exit_of(550, SMTPC_PH_MAIL), EX_UNAVAILABLE);
	T_INTEQ(smtpc_exit_of(553, SMTPC_PH_MAIL), EX_DATAERR);
	T_INTEQ(smtpc_exit_of(554, SMTPC_PH_DATAEND), EX_UNAVAILABLE);
	smtpc_reply_init(&r);
	feed(&r, "550 no enhanced code");
	smtpc_status_of(&r, st);
	T_STREQ(st, "5.0.0");
	feed(&r, "452 4.2.2 Mailbox full");
	smtpc_status_of(&r, st);
	T_STREQ(st, "4.2.2");
	smtpc_reply_free(&r);
}

static bool
is_me(const char *h, void *arg)
{
	return strcmp(h, (const char *)arg) == 0;
}

static void
test_cut_local(void)
{
	struct dns_mx v[] = {
		{ "a", 10 }, { "b", 10 }, { "me", 20 }, { "c", 20 }, { "d", 30 },
	};

	T_INTEQ(smtpc_hosts_cut_local(v, 5, is_me, "me"), 2);
	T_INTEQ(smtpc_hosts_cut_local(v, 5, is_me, "nobody"), 5);
	T_INTEQ(smtpc_hosts_cut_local(v, 5, NULL, NULL), 5);
	T_INTEQ(smtpc_hosts_cut_local(v, 5, is_me, "a"), -1);
	T_INTEQ(smtpc_hosts_cut_local(v, 5, is_me, "b"), -1);
	T_INTEQ(smtpc_hosts_cut_local(v, 5, is_me, "d"), 4);
}

static void
test_b64(void)
{
	struct buf b = BUF_INIT;

	smtpc_b64("", 0, &b);
	T_STREQ(buf_str(&b), "");
	smtpc_b64("f", 1, &b);
	T_STREQ(buf_str(&b), "Zg==");
	buf_reset(&b);
	smtpc_b64("foob", 4, &b);
	T_STREQ(buf_str(&b), "Zm9vYg==");
	buf_reset(&b);
	smtpc_b64("fooba", 5, &b);
	T_STREQ(buf_str(&b), "Zm9vYmE=");
	buf_reset(&b);
	smtpc_b64("foobar", 6, &b);
	T_STREQ(buf_str(&b), "Zm9vYmFy");
	buf_reset(&b);
	smtpc_auth_plain(NULL, "tim", "tanstaaftanstaaf", &b);
	T_STREQ(buf_str(&b), "AHRpbQB0YW5zdGFhZnRhbnN0YWFm"); /* RFC 4616 */
	buf_free(&b);
}

static void
test_hosts(void)
{
	struct smtpc_job j;
	struct smtpc_hosts h;

	smtpc_job_init(&j);
	j.mx = false;
	j.hosts = "[127.0.0.1]:b.example:[IPv6:::1]:b.example:";
	smtpc_hosts_build(&j, &h);
	T_INTEQ(h.n, 3);
	T_STREQ(h.v[0].name, "[127.0.0.1]");
	T_CHECK(h.v[0].literal);
	T_STREQ(h.v[1].name, "b.example");
	T_STREQ(h.v[2].name, "[IPv6:::1]");
	T_INTEQ(h.exitstat, EX_OK);
	smtpc_hosts_free(&h);
	j.hosts = "[300.1.1.1]";
	smtpc_hosts_build(&j, &h);
	T_INTEQ(h.n, 0);
	T_INTEQ(h.exitstat, EX_NOHOST);
	smtpc_hosts_free(&h);
	j.hosts = "";
	j.fallback_mx = "[10.0.0.1]";
	smtpc_hosts_build(&j, &h);
	T_INTEQ(h.n, 1);
	T_STREQ(h.v[0].name, "[10.0.0.1]");
	smtpc_hosts_free(&h);
}

static void
test_options(void)
{
	struct options o;
	struct smtpc_job j;

	option_init(&o);
	smtpc_job_init(&j);
	smtpc_job_options(&j, &o);
	T_INTEQ(smtpc_timeout(&j, OPT_TO_RCPT), 3600);
	T_INTEQ(smtpc_timeout(&j, OPT_TO_INITIAL), 300);
	T_INTEQ(j.eight_bit_mode, SMTPC_8BIT_PASS8);
	T_CHECK(j.fallback_mx == NULL && !j.tls_key_group_ok);
	o.to[OPT_TO_RCPT] = 7;
	T_INTEQ(smtpc_timeout(&j, OPT_TO_RCPT), 7);
	j.timeouts = NULL;
	T_INTEQ(smtpc_timeout(&j, OPT_TO_RCPT), 3600);
	T_INTEQ(smtpc_timeout(&j, OPT_TO_QUIT), 120);
	option_free(&o);
}

int
main(void)
{
	test_options();
	test_reply();
	test_ehlo();
	test_dot();
	test_status();
	test_cut_local();
	test_b64();
	test_hosts();
	T_DONE();
}
