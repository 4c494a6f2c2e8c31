/*
 * test_smtp_cmd.c - the command table, over commands x states x
 * PrivacyOptions, through the whole engine (the reply) and through the
 * check step alone (the same verdict, the session untouched).
 */
#include "t.h"
#include "test_smtp.h"
#include "smtp/smtp_int.h"

#include <stdio.h>

/* states a case starts from */
enum st { ST_NEW, ST_HELO, ST_MAIL, ST_RCPT, ST_NULL };

static const struct cmdcase {
	enum st st;
	unsigned long privacy;
	const char *cmd;
	const char *want;	/* the last reply line */
	int check;		/* what the check alone says: 0 ok, 1 reject,
				   -1 unknown verb, 2 not tested */
} cases[] = {
	/* always legal */
	{ ST_NEW, 0, "NOOP", "250 2.0.0 OK", 0 },
	{ ST_NEW, 0, "noop extra words", "250 2.0.0 OK", 0 },
	{ ST_RCPT, 0, "NOOP", "250 2.0.0 OK", 0 },
	{ ST_NEW, 0, "RSET", "250 2.0.0 Reset state", 0 },
	{ ST_RCPT, 0, "RSET", "250 2.0.0 Reset state", 0 },
	{ ST_NEW, 0, "QUIT", "221 2.0.0 mx.example.com closing connection", 0 },
	{ ST_RCPT, 0, "quit now", "221 2.0.0 mx.example.com closing connection", 0 },
	{ ST_NEW, 0, "HELP", "502 5.3.0 Sendmail 8.17.1.9 -- HELP not "
	    "implemented", 0 },
	{ ST_NEW, 0, "VERB", "250 2.0.0 Verbose mode", 0 },
	{ ST_NEW, 0, "FOO", "500 5.5.1 Command unrecognized: \"FOO\"", -1 },
	{ ST_NEW, 0, "  foo bar", "500 5.5.1 Command unrecognized: \"  foo bar\"",
	    -1 },
	{ ST_NEW, 0, "", "500 5.5.1 Command unrecognized: \"\"", -1 },
	{ ST_NEW, 0, "SEND", "502 5.5.1 Command not implemented: \"SEND\"", 1 },
	{ ST_NEW, 0, "turn x", "502 5.5.1 Command not implemented: \"turn x\"",
	    1 },
	{ ST_NEW, 0, "BDAT 1", "500 5.5.1 Command unrecognized: \"BDAT 1\"",
	    -1 },
	/* HELO / EHLO */
	{ ST_NEW, 0, "HELO x.example", "250 mx.example.com Hello root@localhost, "
	    "pleased to meet you", 0 },
	{ ST_RCPT, 0, "EHLO x.example", "250 HELP", 0 },
	{ ST_NEW, 0, "HELO", "501 5.0.0 HELO requires domain address", 1 },
	{ ST_NEW, 0, "ehlo", "501 5.0.0 ehlo requires domain address", 1 },
	{ ST_NEW, 0, "HELO a b", "501 5.0.0 Invalid domain name", 1 },
	{ ST_NEW, 0, "HELO a!b", "501 5.0.0 Invalid domain name", 1 },
	{ ST_NEW, 0, "HELO a  ", "250 mx.example.com Hello root@localhost, "
	    "pleased to meet you", 0 },
	{ ST_NEW, 0, "HELO [192.0.2.1]", "250 mx.example.com Hello "
	    "root@localhost, pleased to meet you", 0 },
	/* MAIL */
	{ ST_NEW, 0, "MAIL FROM:<a@b>", "250 2.1.0 <a@b>... Sender ok", 0 },
	{ ST_HELO, 0, "mail from: <a@b> SIZE=10",
	    "250 2.1.0 <a@b>... Sender ok", 0 },
	{ ST_MAIL, 0, "MAIL FROM:<a@b>", "503 5.5.0 Sender already specified",
	    1 },
	{ ST_RCPT, 0, "MAIL FROM:<a@b>", "503 5.5.0 Sender already specified",
	    1 },
	{ ST_NEW, 0, "MAIL", "501 5.5.2 Syntax error in parameters scanning "
	    "\"\"", 1 },
	{ ST_NEW, 0, "MAIL FROM:", "501 5.5.2 Syntax error in parameters "
	    "scanning \"FROM\"", 1 },
	{ ST_NEW, 0, "MAIL TO:<a@b>", "501 5.5.2 Syntax error in parameters "
	    "scanning \"TO\"", 1 },
	{ ST_NEW, 0x01, "MAIL FROM:<a@b>", "503 5.0.0 Polite people say HELO "
	    "first", 1 },
	{ ST_HELO, 0x01, "MAIL FROM:<a@b>", "250 2.1.0 <a@b>... Sender ok",
	    0 },
	{ ST_NEW, 0, "MAIL FROM:<a@b> BODY=foo", "501 5.5.4 Unknown BODY type "
	    "foo", 0 },
	{ ST_NEW, 0x200000, "MAIL FROM:<a@b> RET=FULL", "504 5.7.0 Sorry, RET "
	    "not supported, we do not allow DSN", 0 },
	/* RCPT */
	{ ST_NEW, 0, "RCPT TO:<a@b>", "503 5.0.0 Need MAIL before RCPT", 1 },
	{ ST_HELO, 0, "RCPT TO:<a@b>", "503 5.0.0 Need MAIL before RCPT", 1 },
	{ ST_MAIL, 0, "RCPT TO:<c@d>", "250 2.1.5 <c@d>... Recipient ok", 0 },
	{ ST_RCPT, 0, "RCPT TO:<c@d>", "250 2.1.5 <c@d>... Recipient ok", 0 },
	{ ST_MAIL, 0, "RCPT bob", "501 5.5.2 Syntax error in parameters "
	    "scanning \"bob\"", 1 },
	{ ST_MAIL, 0, "RCPT TO:<c@d> NOTIFY=NEVER,SUCCESS", "501 5.5.4 Bad "
	    "argument \"NEVER\"  to NOTIFY", 0 },
	/* DATA */
	{ ST_NEW, 0, "DATA", "503 5.0.0 Need MAIL command", 1 },
	{ ST_HELO, 0, "DATA x", "503 5.0.0 Need MAIL command", 1 },
	{ ST_MAIL, 0, "DATA", "503 5.0.0 Need RCPT (recipient)", 1 },
	{ ST_RCPT, 0, "DATA", "354 End data with <CR><LF>.<CR><LF>", 0 },
	/* VRFY EXPN and privacy */
	{ ST_NEW, 0, "VRFY x", "250 2.1.5 <x@example.com>", 0 },
	{ ST_NEW, 0, "VRFY", "501 5.5.2 Argument required", 0 },
	{ ST_NEW, 0, "EXPN x", "250 2.1.5 <other@example.com>", 0 },
	{ ST_NEW, 0x10, "VRFY x", "252 2.5.2 Cannot VRFY user; try RCPT to "
	    "attempt delivery (or try finger)", 1 },
	{ ST_NEW, 0x08, "EXPN x", "502 5.7.0 Sorry, we do not allow this "
	    "operation", 1 },
	{ ST_NEW, 0x04, "VRFY x", "503 5.0.0 I demand that you introduce "
	    "yourself first", 1 },
	{ ST_HELO, 0x04, "VRFY x", "250 2.1.5 <x@example.com>", 0 },
	{ ST_NEW, 0x02, "EXPN x", "503 5.0.0 I demand that you introduce "
	    "yourself first", 1 },
	{ ST_NEW, 0x14, "VRFY x", "252 2.5.2 Cannot VRFY user; try RCPT to "
	    "attempt delivery (or try finger)", 1 },
	{ ST_NEW, 0xffff, "EXPN x", "502 5.7.0 Sorry, we do not allow this "
	    "operation", 1 },
	/* ETRN VERB */
	{ ST_NEW, 0, "ETRN example.com", "250 2.0.0 Queuing for node "
	    "example.com started", 0 },
	{ ST_NEW, 0, "ETRN", "500 5.5.2 Parameter required", 1 },
	{ ST_NEW, 0, "ETRN #q", "459 4.5.4 Queue q unknown", 0 },
	{ ST_NEW, 0x80000, "ETRN x", "502 5.7.0 Sorry, we do not allow this "
	    "operation", 1 },
	{ ST_NEW, 0x40, "VERB", "502 5.7.0 Verbose unavailable", 1 },
	{ ST_NEW, 0x08, "VERB", "502 5.7.0 Verbose unavailable", 1 },
	/* STARTTLS AUTH */
	{ ST_NEW, 0, "STARTTLS", "454 4.3.3 TLS not available after start", 1 },
	{ ST_NEW, 0, "STARTTLS x", "501 5.5.2 Syntax error (no parameters "
	    "allowed)", 1 },
	{ ST_NEW, 0, "AUTH", "501 5.5.2 AUTH mechanism must be specified", 1 },
	{ ST_NEW, 0, "AUTH PLAIN", "504 5.3.3 AUTH mechanism PLAIN not "
	    "available", 1 },
	{ ST_MAIL, 0, "AUTH CRAM-MD5", "503 5.5.0 AUTH not permitted during a "
	    "mail transaction", 1 },
	{ ST_HELO, 0, "AUTH cram-md5", "235 2.0.0 OK Authenticated", 0 },
	/* refusing everything */
	{ ST_NULL, 0, "MAIL FROM:<a@b>", "550 5.0.0 Command rejected", 1 },
	{ ST_NULL, 0, "HELP", "550 5.0.0 Command rejected", 1 },
	{ ST_NULL, 0, "VRFY x", "550 5.0.0 Command rejected", 1 },
	{ ST_NULL, 0, "SEND", "550 5.0.0 Command rejected", 1 },
	{ ST_NULL, 0, "NOOP", "250 2.0.0 OK", 0 },
	{ ST_NULL, 0, "RSET", "250 2.0.0 Reset state", 0 },
	{ ST_NULL, 0, "FOO", "500 5.5.1 Command unrecognized: \"FOO\"", -1 },
	{ ST_NULL, 0, "EHLO x", "250 ENHANCEDSTATUSCODES", 0 },
	{ ST_NULL, 0, "HELO x", "250 mx.example.com Hello root@localhost, "
	    "pleased to meet you", 0 },
};

/* setup - bring a session to a state, lockstep */
static void
setup(struct tsmtp *t, enum st st, unsigned long privacy)
{
	memset(t, 0, sizeof(*t));
	tsmtp_config(&t->cfg);
	t->cfg.privacy = privacy;
	tsmtp_open(t);
	if (st == ST_NULL)
		tsmtp_send(t, "EHLO x\r\nNOOP\r\n");
	if (st >= ST_HELO && st <= ST_RCPT)
		tsmtp_send(t, "EHLO x\r\n");
	if (st >= ST_MAIL && st <= ST_RCPT)
		tsmtp_send(t, "MAIL FROM:<a@b>\r\n");
	if (st == ST_RCPT)
		tsmtp_send(t, "RCPT TO:<c@d>\r\n");
	buf_reset(&t->out);
}

/* test_table - each case: the check alone, then the whole command */
static void
test_table(void)
{
	struct tsmtp t;
	struct smtp_reply r;
	struct buf line = BUF_INIT;
	size_t i;
	int rc;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct cmdcase *c = &cases[i];
		unsigned nr;
		bool gm;

		setup(&t, c->st, c->privacy);
		nr = smtp_server_nrcpts(t.s);
		gm = smtp_server_envelope(t.s)->sender != NULL;
		rc = smtp_cmd_check(t.s, c->cmd, &r);
		if (c->check != 2) {
			if (rc != c->check)
				fprintf(stderr, "case %zu (%s): check %d\n", i,
				    c->cmd, rc);
			T_INTEQ(rc, c->check);
		}
		/* the check left the session alone */
		T_INTEQ(smtp_server_nrcpts(t.s), nr);
		T_INTEQ(smtp_server_envelope(t.s)->sender != NULL, gm);
		T_INTEQ(t.out.len, 0);
		buf_reset(&line);
		buf_adds(&line, c->cmd);
		buf_adds(&line, "\r\n");
		tsmtp_send(&t, line.data);
		if (strcmp(tsmtp_last(&t), c->want) != 0)
			fprintf(stderr, "case %zu (%s):\n", i, c->cmd);
		T_STREQ(tsmtp_last(&t), c->want);
		if (rc == SMTP_REJECT) {
			/* a refusing check's reply is what went out */
			struct buf x = BUF_INIT;

			buf_addf(&x, "%d %s%s%s", r.code, r.enh,
			    r.enh[0] ? " " : "", r.text);
			T_STREQ(tsmtp_last(&t), x.data);
			buf_free(&x);
		}
		tsmtp_close(&t);
	}
	buf_free(&line);
}

/* test_ehlo - the list follows the settings */
static void
test_ehlo(void)
{
	struct tsmtp t;
	char *o;

	setup(&t, ST_NEW, 0);
	tsmtp_send(&t, "EHLO x\r\n");
	o = tsmtp_take(&t);
	T_STREQ(o, "250-mx.example.com Hello root@localhost, pleased to meet "
	    "you\r\n250-ENHANCEDSTATUSCODES\r\n250-PIPELINING\r\n250-EXPN\r\n"
	    "250-VERB\r\n250-8BITMIME\r\n250-SIZE\r\n250-DSN\r\n250-ETRN\r\n"
	    "250-AUTH DIGEST-MD5 CRAM-MD5\r\n250-DELIVERBY\r\n250 HELP\r\n");
	free(o);
	tsmtp_close(&t);

	memset(&t, 0, sizeof(t));
	tsmtp_config(&t.cfg);
	t.cfg.privacy = 0xffff | 0x80000 | 0x200000;
	t.cfg.max_message_size = 1000;
	t.cfg.deliver_by_min = 60;
	t.cfg.smtputf8 = true;
	t.cfg.chunking = true;
	t.cfg.tls = SMTP_TLS_OFFER;
	t.cfg.auth_mechs = NULL;
	tsmtp_open(&t);
	buf_reset(&t.out);
	tsmtp_send(&t, "EHLO x\r\n");
	o = tsmtp_take(&t);
	T_STREQ(o, "250-mx.example.com Hello root@localhost, pleased to meet "
	    "you\r\n250-ENHANCEDSTATUSCODES\r\n250-PIPELINING\r\n"
	    "250-8BITMIME\r\n250-SMTPUTF8\r\n250-SIZE 1000\r\n"
	    "250-STARTTLS\r\n250-DELIVERBY 60\r\n250-CHUNKING\r\n250 HELP\r\n");
	free(o);
	/* STARTTLS: the rest of the input is dropped, the session restarts */
	tsmtp_send(&t, "MAIL FROM:<a@b>\r\n");
	tsmtp_send(&t, "RSET\r\n");
	tsmtp_send(&t, "STARTTLS\r\nMAIL FROM:<injected@b>\r\n");
	o = tsmtp_take(&t);
	T_STREQ(o, "250 2.1.0 <a@b>... Sender ok\r\n250 2.0.0 Reset state\r\n"
	    "220 2.0.0 Ready to start TLS\r\n");
	free(o);
	T_CHECK(smtp_server_tls_active(t.s));
	T_INTEQ(smtp_server_helo_kind(t.s), SMTP_HELO_NONE);
	tsmtp_send(&t, "EHLO x\r\n");
	o = tsmtp_take(&t);
	T_CHECK(strstr(o, "STARTTLS") == NULL);
	free(o);
	tsmtp_send(&t, "STARTTLS\r\n");
	T_STREQ(tsmtp_last(&t), "503 5.5.0 TLS not available");
	tsmtp_close(&t);
}

/* test_greeting - ESMTP after the first word; more lines; refusal */
static void
test_greeting(void)
{
	struct tsmtp t;
	char *o;

	memset(&t, 0, sizeof(t));
	tsmtp_config(&t.cfg);
	t.cfg.greeting = "host.example Sendmail\nsecond\n third";
	tsmtp_open(&t);
	o = tsmtp_take(&t);
	T_STREQ(o, "220-host.example ESMTP Sendmail\r\n220-second\r\n"
	    "220 third\r\n");
	free(o);
	tsmtp_close(&t);

	memset(&t, 0, sizeof(t));
	tsmtp_config(&t.cfg);
	t.cfg.greeting = "single";
	t.cfg.greet_code = 554;
	tsmtp_open(&t);
	o = tsmtp_take(&t);
	T_STREQ(o, "554 single ESMTP\r\n");
	free(o);
	tsmtp_send(&t, "MAIL FROM:<a@b>\r\n");
	T_STREQ(tsmtp_last(&t), "550 5.0.0 Command rejected");
	tsmtp_close(&t);

	/* input before the greeting waits for it */
	memset(&t, 0, sizeof(t));
	tsmtp_config(&t.cfg);
	t.s = NULL;
	{
		struct smtp_server_cb cb = tsmtp_cb;

		cb.ctx = &t;
		t.s = smtp_server_new(&t.cfg, &cb);
		buf_init(&t.out);
		buf_init(&t.body);
		buf_init(&t.bodies);
		t.act = smtp_server_input(t.s, "NOOP\r\n", 6, &t.out);
		T_INTEQ(t.out.len, 0);
		t.act = smtp_server_start(t.s, &t.out);
		o = tsmtp_take(&t);
		T_STREQ(o, "220 mx.example.com ESMTP Sendmail 8.17.1.9/8.17.1.9; "
		    "DATE\r\n250 2.0.0 OK\r\n");
		free(o);
	}
	tsmtp_close(&t);
}

/* test_slowdown - sendmail's delays: HELO 3, VRFY 6, ETRN 8, NOOP 20 */
static void
test_slowdown(void)
{
	struct tsmtp t;
	int i;

	setup(&t, ST_NEW, 0);
	tsmtp_send(&t, "HELO a\r\n");
	tsmtp_send(&t, "HELO a\r\n");
	T_INTEQ(t.delays, 0);
	tsmtp_send(&t, "HELO a\r\n");
	T_INTEQ(t.delays, 1);
	tsmtp_send(&t, "HELO\r\n");		/* failed ones count too */
	T_INTEQ(t.delays, 3);
	for (i = 0; i < 5; i++)
		tsmtp_send(&t, "VRFY x\r\n");
	T_INTEQ(t.delays, 3);
	tsmtp_send(&t, "EXPN x\r\n");
	T_INTEQ(t.delays, 4);
	for (i = 0; i < 19; i++)
		tsmtp_send(&t, "NOOP\r\n");
	T_INTEQ(t.delays, 4);
	tsmtp_send(&t, "VERB\r\n");
	T_INTEQ(t.delays, 5);
	tsmtp_send(&t, "NOOP\r\n");
	T_INTEQ(t.delays, 7);
	for (i = 0; i < 20; i++)
		tsmtp_send(&t, "NOOP\r\n");
	T_INTEQ(t.delays, 7 + 4 + 8 + 16 + 32 + 64 + 128 + 14 * 240);
	tsmtp_close(&t);

	/* the delay holds the reply back until resume */
	setup(&t, ST_NEW, 0);
	t.act = smtp_server_input(t.s, "HELO a\r\nHELO b\r\n", 16, &t.out);
	T_CHECK(!(t.act & SMTP_ACT_DELAY));
	buf_reset(&t.out);
	t.act = smtp_server_input(t.s, "HELO c\r\n", 8, &t.out);
	T_CHECK(t.act & SMTP_ACT_DELAY);
	T_INTEQ(smtp_server_delay(t.s), 1);
	t.act = smtp_server_input(t.s, "NOOP\r\n", 6, &t.out);
	T_CHECK(t.act & SMTP_ACT_DELAY);
	t.act = smtp_server_resume(t.s, &t.out);
	T_CHECK(!(t.act & SMTP_ACT_DELAY));
	T_STREQ(tsmtp_last(&t), "250 2.0.0 OK");
	tsmtp_close(&t);
}

/* test_badcmds - 25 bad commands are answered, the 26th closes */
static void
test_badcmds(void)
{
	struct tsmtp t;
	int i;

	setup(&t, ST_NEW, 0);
	for (i = 0; i < 25; i++)
		tsmtp_send(&t, "FOO\r\n");
	T_STREQ(tsmtp_last(&t), "500 5.5.1 Command unrecognized: \"FOO\"");
	T_CHECK(!t.closed);
	tsmtp_send(&t, "SEND\r\nMAIL\r\nFOO\r\n");
	T_STREQ(tsmtp_last(&t), "421 4.7.0 mx.example.com Too many bad "
	    "commands; closing connection");
	T_CHECK(t.closed);
	tsmtp_close(&t);
}

/* test_lines - length limits, NUL, CR, LF */
static void
test_lines(void)
{
	struct tsmtp t;
	struct buf b = BUF_INIT;
	int k;

	for (k = 2046; k <= 2047; k++) {
		setup(&t, ST_NEW, 0);
		buf_reset(&b);
		buf_adds(&b, "NOOP ");
		while (b.len < (size_t)k)
			buf_addc(&b, 'a');
		buf_adds(&b, "\r\n");
		tsmtp_feed(&t, b.data, b.len, 100);
		T_STREQ(tsmtp_last(&t), k == 2046 ? "250 2.0.0 OK" :
		    "421 4.7.0 mx.example.com Command too long, possible "
		    "attack root@localhost");
		tsmtp_close(&t);
	}
	/* long without LF: nothing until the LF comes */
	setup(&t, ST_NEW, 0);
	buf_reset(&b);
	while (b.len < 100000)
		buf_addc(&b, 'x');
	tsmtp_feed(&t, b.data, b.len, 4096);
	T_INTEQ(t.out.len, 0);
	tsmtp_send(&t, "\r\n");
	T_STREQ(tsmtp_last(&t), "421 4.7.0 mx.example.com Command too long, "
	    "possible attack root@localhost");
	tsmtp_close(&t);

	setup(&t, ST_NEW, 0);
	tsmtp_feed(&t, "XYZ a\0b\r\n", 9, 0);
	T_STREQ(tsmtp_last(&t), "500 5.5.1 Command unrecognized: \"XYZ a\"");
	tsmtp_send(&t, "NOOP\n");
	T_STREQ(tsmtp_last(&t), "250 2.0.0 OK");
	tsmtp_send(&t, "FOO a\rb\r\n");
	T_STREQ(tsmtp_last(&t), "500 5.5.1 Command unrecognized: \"FOO a\rb\"");
	tsmtp_send(&t, "FOO \xe9t\xe9\r\n");
	T_STREQ(tsmtp_last(&t), "500 5.5.1 Command unrecognized: \"FOO iti\"");
	tsmtp_send(&t, "FOO \x80zz\r\n");
	T_STREQ(tsmtp_last(&t), "500 5.5.1 Command unrecognized: \"FOO ");
	tsmtp_close(&t);
	buf_free(&b);
}

/* test_auth - a SASL exchange through the callback */
static void
test_auth(void)
{
	struct tsmtp t;

	setup(&t, ST_HELO, 0);
	t.auth_steps = 2;
	tsmtp_send(&t, "AUTH DIGEST-MD5\r\n");
	T_STREQ(tsmtp_last(&t), "334 Q2hhbGxlbmdl");
	tsmtp_send(&t, "abc\r\n");
	T_STREQ(tsmtp_last(&t), "334 Q2hhbGxlbmdl");
	tsmtp_send(&t, "def\r\n");
	T_STREQ(tsmtp_last(&t), "235 2.0.0 OK Authenticated");
	T_CHECK(smtp_server_authenticated(t.s));
	tsmtp_send(&t, "AUTH DIGEST-MD5\r\n");
	T_STREQ(tsmtp_last(&t), "503 5.5.0 Already Authenticated");
	tsmtp_close(&t);

	setup(&t, ST_HELO, 0);
	t.auth_steps = 5;
	tsmtp_send(&t, "AUTH CRAM-MD5 =\r\n");
	tsmtp_send(&t, "*\r\n");
	T_STREQ(tsmtp_last(&t), "501 5.0.0 AUTH aborted");
	T_CHECK(!smtp_server_authenticated(t.s));
	tsmtp_send(&t, "NOOP\r\n");
	T_STREQ(tsmtp_last(&t), "250 2.0.0 OK");
	tsmtp_close(&t);

	/* AUTH required before MAIL */
	memset(&t, 0, sizeof(t));
	tsmtp_config(&t.cfg);
	t.cfg.auth_required = true;
	tsmtp_open(&t);
	tsmtp_send(&t, "MAIL FROM:<a@b>\r\n");
	T_STREQ(tsmtp_last(&t), "530 5.7.0 Authentication required");
	tsmtp_close(&t);
}

/* test_envelope - what MAIL and RCPT leave in the envelope */
static void
test_envelope(void)
{
	struct tsmtp t;
	struct envelope *e;

	setup(&t, ST_HELO, 0);
	tsmtp_send(&t, "MAIL FROM:<a@b> SIZE=123 BODY=8BITMIME RET=HDRS "
	    "ENVID=x+2By AUTH=<> BY=100;RT\r\n");
	e = smtp_server_envelope(t.s);
	T_STREQ(e->sender, "a@b");
	T_INTEQ(e->declared_size, 123);
	T_STREQ(e->bodytype, "8BITMIME");
	T_INTEQ(e->ret, ENV_RET_HDRS);
	T_STREQ(e->envid, "x+y");
	T_STREQ(e->envid_xtext, "x+2By");
	T_STREQ(e->auth, "<>");
	T_INTEQ(e->dlvr_flag, 'R');
	T_INTEQ(e->deliver_by, 100);
	tsmtp_send(&t, "RCPT TO:<c@d> NOTIFY=SUCCESS,DELAY "
	    "ORCPT=rfc822;C+40d\r\n");
	T_INTEQ(e->nrcpts, 1);
	T_STREQ(e->rcpts[0].addr, "c@d");
	T_STREQ(e->rcpts[0].paddr, "<c@d>");
	T_INTEQ(e->rcpts[0].notify, RCPT_NOTIFY_SUCCESS | RCPT_NOTIFY_DELAY);
	T_STREQ(e->rcpts[0].orcpt, "rfc822;C@d");
	T_STREQ(e->rcpts[0].orcpt_xtext, "rfc822;C+40d");
	T_CHECK(e->rcpts[0].flags & RCPT_PRIMARY);
	T_CHECK(e->rcpts[0].flags & RCPT_HASORCPT);
	t.refuse_rcpt = 1;
	tsmtp_send(&t, "RCPT TO:<x@y>\r\n");
	T_STREQ(tsmtp_last(&t), "550 5.1.1 <x@y>... User unknown");
	T_INTEQ(e->nrcpts, 1);
	T_INTEQ(smtp_server_nbadrcpts(t.s), 1);

	/* a refusing callback that added recipients keeps them */
	t.add_alias = 1;
	tsmtp_send(&t, "RCPT TO:<z@y>\r\n");
	T_INTEQ(e->nrcpts, 21);
	T_STREQ(e->rcpts[0].addr, "c@d");
	T_STREQ(e->rcpts[1].addr, "alias@x");
	T_STREQ(e->rcpts[20].addr, "alias@x");
	t.add_alias = 0;
	tsmtp_send(&t, "RSET\r\n");
	T_CHECK(e->sender == NULL);
	T_INTEQ(e->nrcpts, 0);
	T_INTEQ(t.n_reset, 1);
	tsmtp_close(&t);

	/* a refused check_mail ends the attempt and resets */
	setup(&t, ST_HELO, 0);
	t.refuse_mail = 1;
	tsmtp_send(&t, "MAIL FROM:<a@b>\r\n");
	T_STREQ(tsmtp_last(&t), "550 5.7.1 <a@b>... Access denied");
	T_INTEQ(t.n_reset, 1);
	t.refuse_mail = 0;
	tsmtp_send(&t, "MAIL FROM:<a@b>\r\n");
	T_STREQ(tsmtp_last(&t), "250 2.1.0 <a@b>... Sender ok");
	tsmtp_close(&t);

	/* MaxRecipientsPerMessage; throttle */
	memset(&t, 0, sizeof(t));
	tsmtp_config(&t.cfg);
	t.cfg.max_rcpts = 1;
	t.cfg.bad_rcpt_throttle = 1;
	tsmtp_open(&t);
	tsmtp_send(&t, "MAIL FROM:<a@b>\r\n");
	tsmtp_send(&t, "RCPT TO:<c@d>\r\n");
	T_INTEQ(t.delays, 0);
	tsmtp_send(&t, "RCPT TO:<c@d>\r\n");
	T_STREQ(tsmtp_last(&t), "452 4.5.3 Too many recipients");
	T_INTEQ(t.delays, 0);
	tsmtp_send(&t, "RCPT TO:<c@d>\r\n");
	T_INTEQ(t.delays, 1);
	tsmtp_close(&t);
}

int
main(void)
{
	T_CHECK(smtp_cmd_count() >= 19);
	test_table();
	test_ehlo();
	test_greeting();
	test_slowdown();
	test_badcmds();
	test_lines();
	test_auth();
	test_envelope();
	T_DONE();
}
