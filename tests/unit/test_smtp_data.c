/*
 * test_smtp_data.c - message text: end of DATA, dot-stuffing, line ends,
 * sizes, SMTP smuggling (CVE-2023-51765) and BDAT.
 *
 * The smuggling test sends every published variant of a fake
 * end-of-data followed by a second transaction, whole and split at every
 * byte position and byte by byte, with sendmail 8.18's default (bare CR
 * and LF refused: 421, nothing stored) and relaxed (bare CR and LF are
 * text, or blanks: one message holding the fake commands).  No second message is
 * ever started.
 */
#include "t.h"
#include "test_smtp.h"

#include <stdio.h>

/* head - EHLO, MAIL, RCPT one by one (EHLO must not be pipelined) */
static void
head(struct tsmtp *t)
{
	tsmtp_send(t, "EHLO client.example\r\n");
	tsmtp_send(t, "MAIL FROM:<a@example.com>\r\n");
	tsmtp_send(t, "RCPT TO:<b@example.com>\r\n");
}

/* one run: a session, the prelude lockstep, then text in pieces */
struct run {
	struct tsmtp t;
};

/* run_text - EHLO/MAIL/RCPT/DATA one by one, then `text` cut as asked */
static void
run_text(struct tsmtp *t, unsigned flags, const char *text, size_t n,
    size_t cut, size_t piece)
{
	memset(t, 0, sizeof(*t));
	tsmtp_config(&t->cfg);
	t->cfg.flags = flags;
	tsmtp_open(t);
	head(t);
	buf_reset(&t->out);
	tsmtp_send(t, "DATA\r\n");
	if (cut > 0 && cut < n) {
		tsmtp_feed(t, text, cut, piece);
		tsmtp_feed(t, text + cut, n - cut, piece);
	} else
		tsmtp_feed(t, text, n, piece);
	if (!t->closed) {
		t->act = smtp_server_eof(t->s, &t->out);
		tsmtp_after(t);
	}
}

#define V(x)	{ x, sizeof(x) - 1 }
static const struct {
	const char *s;
	size_t n;
} smuggle[] = {
	V("\n.\n"), V("\n.\r\n"), V("\r.\r"), V("\r.\r\n"),
	V("\r\n.\n"), V("\r\n.\r"), V("\r.\n"), V("\n.\r"),
	V("\n.\n\r\n"), V("\r\n.\n\r\n"), V("\r\n.\r\r\n"),
	V("\r\n\n.\r\n"), V("\r\n\r.\r\n"), V("\r\n.\0\r\n"),
	V("\r\n .\r\n"), V("\n\r.\r\n"), V("\r\n..\r\n"),
};

/* test_smuggling - every variant, every cut, both policies */
static void
test_smuggling(void)
{
	struct tsmtp t;
	struct buf text = BUF_INIT;
	size_t v, cut;
	char *ref, *got;
	int bad, mode;

	for (v = 0; v < sizeof(smuggle) / sizeof(smuggle[0]); v++) {
		buf_reset(&text);
		buf_adds(&text, "Subject: smuggling\r\n\r\nx");
		buf_add(&text, smuggle[v].s, smuggle[v].n);
		buf_adds(&text, "MAIL FROM:<evil@example.com>\r\n"
		    "RCPT TO:<victim@example.com>\r\nDATA\r\n"
		    "Subject: smuggled\r\n\r\nsmuggled\r\n.\r\n"
		    "QUIT\r\n");
		for (mode = 0; mode < 3; mode++) {
			/* relaxed, relaxed to blanks (g2/u2), 8.18's default */
			unsigned flags = mode == 0 ? SMTP_SRV_BARE_LF_OK |
			    SMTP_SRV_BARE_CR_OK : mode == 1 ?
			    SMTP_SRV_BARE_LF_SPACE | SMTP_SRV_BARE_CR_SPACE : 0;
			int strict = mode == 2;

			run_text(&t, flags, text.data, text.len, 0, 0);
			ref = tsmtp_take(&t);
			/* never a second message, whatever the policy */
			T_INTEQ(t.n_start, 1);
			T_CHECK(t.n_end <= 1);
			T_CHECK(strstr(ref, "QID2") == NULL);
			if (strict && strstr(ref, "421 4.5.0 Bare") != NULL) {
				/* a bare CR or LF: 421, nothing stored */
				T_INTEQ(t.n_end, 0);
				T_INTEQ(t.n_abort, 1);
				T_CHECK(t.closed);
			} else {
				/* no bare end, or relaxed: one message that
				   holds the fake transaction as text */
				T_INTEQ(t.n_end, 1);
				T_CHECK(t.bodies.data != NULL && memmem(
				    t.bodies.data, t.bodies.len,
				    "RCPT TO:<victim", 15) != NULL);
				T_CHECK(strstr(ref, "250 2.0.0 QID1") != NULL);
			}
			tsmtp_close(&t);
			bad = 0;
			for (cut = 1; cut < text.len; cut++) {
				run_text(&t, flags, text.data, text.len, cut, 0);
				got = tsmtp_take(&t);
				if (strcmp(got, ref) != 0 || t.n_start != 1 ||
				    t.n_end > 1)
					bad++;
				free(got);
				tsmtp_close(&t);
			}
			T_INTEQ(bad, 0);
			run_text(&t, flags, text.data, text.len, 0, 1);
			got = tsmtp_take(&t);
			T_STREQ(got, ref);
			T_INTEQ(t.n_start, 1);
			free(got);
			tsmtp_close(&t);
			free(ref);
		}
	}
	buf_free(&text);
}

/* test_end - only CRLF.CRLF ends; split anywhere; text after is commands */
static void
test_end(void)
{
	static const char msg[] = "Subject: x\r\n\r\nbody\r\n.\r\nNOOP\r\n";
	struct tsmtp t;
	size_t piece, cut;
	char *ref, *got;

	run_text(&t, 0, msg, sizeof(msg) - 1, 0, 0);
	ref = tsmtp_take(&t);
	T_STREQ(ref, "354 End data with <CR><LF>.<CR><LF>\r\n"
	    "250 2.0.0 QID1 Message accepted for delivery\r\n"
	    "250 2.0.0 OK\r\n");
	T_INTEQ(t.n_end, 1);
	T_STREQ(t.bodies.data, "Subject: x\n\nbody\n\x01");
	T_INTEQ(t.msgsize, 17);
	tsmtp_close(&t);
	for (piece = 1; piece < 8; piece++)
		for (cut = 0; cut < sizeof(msg); cut++) {
			run_text(&t, 0, msg, sizeof(msg) - 1, cut, piece);
			got = tsmtp_take(&t);
			T_STREQ(got, ref);
			T_INTEQ(t.n_end, 1);
			free(got);
			tsmtp_close(&t);
		}
	free(ref);
}

/* test_dots - stuffed dots are removed, only the first of a line */
static void
test_dots(void)
{
	static const char msg[] = "..\r\n...\r\n.x\r\n..x\r\n. \r\n x.\r\n"
	    "a..b\r\n.\r\n";
	struct tsmtp t;

	run_text(&t, 0, msg, sizeof(msg) - 1, 0, 0);
	T_INTEQ(t.n_end, 1);
	T_STREQ(t.bodies.data, ".\n..\nx\n.x\n \n x.\na..b\n\x01");
	tsmtp_close(&t);
	/* an empty message */
	run_text(&t, 0, ".\r\n", 3, 0, 0);
	T_INTEQ(t.n_end, 1);
	T_STREQ(t.bodies.data, "\x01");
	T_INTEQ(t.msgsize, 0);
	tsmtp_close(&t);
}

/* test_bare - the 421 texts and that nothing is stored */
static void
test_bare(void)
{
	struct tsmtp t;
	char *o;

	run_text(&t, 0, "a\nb\r\n.\r\n", 8, 0, 0);
	o = tsmtp_take(&t);
	T_CHECK(strstr(o, "421 4.5.0 Bare linefeed (LF) not allowed\r\n"));
	T_INTEQ(t.n_end, 0);
	T_INTEQ(t.n_abort, 1);
	T_CHECK(t.closed);
	free(o);
	tsmtp_close(&t);
	run_text(&t, 0, "a\rb\r\n.\r\n", 8, 0, 0);
	o = tsmtp_take(&t);
	T_CHECK(strstr(o, "421 4.5.0 Bare carriage return (CR) not allowed"));
	T_INTEQ(t.n_end, 0);
	free(o);
	tsmtp_close(&t);
	/* a CR at the end of a piece waits for the next byte */
	run_text(&t, 0, "a\r\nb\r\n.\r\n", 9, 2, 0);
	T_INTEQ(t.n_end, 1);
	T_STREQ(t.bodies.data, "a\nb\n\x01");
	tsmtp_close(&t);
	/* relaxed: bare ends are text, CRLF still becomes LF */
	run_text(&t, SMTP_SRV_BARE_LF_OK | SMTP_SRV_BARE_CR_OK,
	    "a\nb\rc\r\r\n.\n.\r\n.\r\n", 16, 0, 0);
	T_INTEQ(t.n_end, 1);
	T_STREQ(t.bodies.data, "a\nb\rc\r\n\n.\n\x01");
	tsmtp_close(&t);
	/* or replaced by blanks, as with 8.18's g2/u2 */
	run_text(&t, SMTP_SRV_BARE_LF_SPACE | SMTP_SRV_BARE_CR_SPACE,
	    "a\nb\rc\r\r\n.\n.\r\n.\r\n", 16, 0, 0);
	T_INTEQ(t.n_end, 1);
	T_STREQ(t.bodies.data, "a b c \n .\n\x01");
	tsmtp_close(&t);
}

/* test_size - MaxMessageSize counts stored bytes (LF line ends) */
static void
test_size(void)
{
	struct tsmtp t;
	struct buf m = BUF_INIT;
	int k;

	for (k = 0; k < 2; k++) {
		memset(&t, 0, sizeof(t));
		tsmtp_config(&t.cfg);
		t.cfg.max_message_size = 1000;
		tsmtp_open(&t);
		head(&t);
		tsmtp_send(&t, "DATA\r\n");
		buf_reset(&m);
		buf_adds(&m, "Subject: x\r\n\r\n");
		while (m.len < 14 + 987 + (size_t)k)
			buf_addc(&m, 'a');
		buf_adds(&m, "\r\n.\r\n");
		tsmtp_feed(&t, m.data, m.len, 100);
		if (k == 0) {
			T_INTEQ(t.n_end, 1);
			T_INTEQ(t.msgsize, 1000);
		} else {
			T_INTEQ(t.n_end, 0);
			T_INTEQ(t.n_abort, 1);
			T_STREQ(tsmtp_last(&t), "552 5.2.3 Message exceeds "
			    "maximum fixed size (1000)");
			/* the session goes on */
			tsmtp_send(&t, "MAIL FROM:<a@example.com>\r\n");
			T_STREQ(tsmtp_last(&t), "250 2.1.0 <a@example.com>... "
			    "Sender ok");
		}
		tsmtp_close(&t);
	}
	buf_free(&m);
}

/* test_callbacks - refusals at start, in the middle, at the end */
static void
test_callbacks(void)
{
	struct tsmtp t;

	memset(&t, 0, sizeof(t));
	tsmtp_config(&t.cfg);
	t.refuse_start = 1;
	tsmtp_open(&t);
	head(&t);
	tsmtp_send(&t, "DATA\r\n");
	T_STREQ(tsmtp_last(&t), "451 4.3.0 Try again");
	tsmtp_send(&t, "NOOP\r\n");
	T_STREQ(tsmtp_last(&t), "250 2.0.0 OK");
	tsmtp_close(&t);

	memset(&t, 0, sizeof(t));
	tsmtp_config(&t.cfg);
	t.refuse_body = 1;
	tsmtp_open(&t);
	head(&t);
	tsmtp_send(&t, "DATA\r\n");
	tsmtp_send(&t, "x\r\n.\r\n");
	T_STREQ(tsmtp_last(&t), "452 4.3.1 Disk full");
	T_INTEQ(t.n_end, 0);
	T_INTEQ(t.n_abort, 1);
	tsmtp_close(&t);

	memset(&t, 0, sizeof(t));
	tsmtp_config(&t.cfg);
	t.refuse_end = 1;
	tsmtp_open(&t);
	head(&t);
	tsmtp_send(&t, "DATA\r\n");
	tsmtp_send(&t, "x\r\n.\r\n");
	T_STREQ(tsmtp_last(&t), "554 5.7.1 Rejected at end");
	tsmtp_send(&t, "RCPT TO:<b@example.com>\r\n");
	T_STREQ(tsmtp_last(&t), "503 5.0.0 Need MAIL before RCPT");
	tsmtp_close(&t);

	/* RejectNUL */
	memset(&t, 0, sizeof(t));
	tsmtp_config(&t.cfg);
	t.cfg.reject_nul = true;
	tsmtp_open(&t);
	head(&t);
	tsmtp_send(&t, "DATA\r\n");
	tsmtp_feed(&t, "a\0b\r\n.\r\n", 8, 0);
	T_STREQ(tsmtp_last(&t), "554 5.6.1 NUL byte not allowed");
	T_INTEQ(t.n_end, 0);
	tsmtp_close(&t);
}

/* test_eof_timeout - the collect: replies */
static void
test_eof_timeout(void)
{
	struct tsmtp t;

	run_text(&t, 0, "Subject: x\r\n", 12, 0, 0);
	T_STREQ(tsmtp_last(&t), "421 4.4.1 collect: relay=localhost, "
	    "from=<a@example.com>, info=unexpected close");
	T_INTEQ(t.n_abort, 1);
	tsmtp_close(&t);

	memset(&t, 0, sizeof(t));
	tsmtp_config(&t.cfg);
	tsmtp_open(&t);
	head(&t);
	T_INTEQ(smtp_server_timeout(t.s), 3600);
	tsmtp_send(&t, "DATA\r\n");
	tsmtp_send(&t, "abc");
	T_INTEQ(smtp_server_timeout(t.s), 3600);
	t.act = smtp_server_timeout_expired(t.s, &t.out);
	T_CHECK(t.act & SMTP_ACT_CLOSE);
	T_STREQ(tsmtp_last(&t), "421 4.4.1 collect: relay=localhost, "
	    "from=<a@example.com>, info=read timeout");
	tsmtp_close(&t);

	/* outside a message: the session just ends, silently */
	memset(&t, 0, sizeof(t));
	tsmtp_config(&t.cfg);
	tsmtp_open(&t);
	head(&t);
	buf_reset(&t.out);
	t.act = smtp_server_eof(t.s, &t.out);
	T_CHECK(t.act & SMTP_ACT_CLOSE);
	T_INTEQ(t.out.len, 0);
	T_INTEQ(t.n_reset, 1);
	tsmtp_close(&t);

	/* a last command without LF is answered, as sendmail's sfgets has it */
	memset(&t, 0, sizeof(t));
	tsmtp_config(&t.cfg);
	tsmtp_open(&t);
	head(&t);
	tsmtp_feed(&t, "NOOP", 4, 0);
	buf_reset(&t.out);
	t.act = smtp_server_eof(t.s, &t.out);
	T_CHECK(t.act & SMTP_ACT_CLOSE);
	T_STREQ(tsmtp_last(&t), "250 2.0.0 OK");
	tsmtp_close(&t);

	/* ... and an over-long one gets "Command too long" */
	memset(&t, 0, sizeof(t));
	tsmtp_config(&t.cfg);
	tsmtp_open(&t);
	head(&t);
	{
		static char big[5000];

		memset(big, 'a', sizeof(big));
		tsmtp_feed(&t, big, sizeof(big), 0);
	}
	buf_reset(&t.out);
	t.act = smtp_server_eof(t.s, &t.out);
	T_CHECK(t.act & SMTP_ACT_CLOSE);
	T_CHECK(strncmp(tsmtp_last(&t), "421 4.7.0 ", 10) == 0);
	T_CHECK(strstr(tsmtp_last(&t), "Command too long") != NULL);
	tsmtp_close(&t);
}

/* test_bdat - CHUNKING */
static void
test_bdat(void)
{
	struct tsmtp t;
	char *o;

	memset(&t, 0, sizeof(t));
	tsmtp_config(&t.cfg);
	tsmtp_open(&t);
	head(&t);
	tsmtp_send(&t, "BDAT 3\r\n");
	T_STREQ(tsmtp_last(&t), "500 5.5.1 Command unrecognized: \"BDAT 3\"");
	tsmtp_close(&t);

	memset(&t, 0, sizeof(t));
	tsmtp_config(&t.cfg);
	t.cfg.chunking = true;
	t.cfg.max_message_size = 20;
	tsmtp_open(&t);
	tsmtp_send(&t, "EHLO x\r\n");
	o = tsmtp_take(&t);
	T_CHECK(strstr(o, "250-CHUNKING\r\n250 HELP\r\n") != NULL);
	free(o);
	/* a chunk before MAIL is read, then refused */
	tsmtp_send(&t, "BDAT 6\r\nQUIT\r\n");
	T_STREQ(tsmtp_last(&t), "503 5.0.0 Need MAIL command");
	T_CHECK(!t.closed);
	tsmtp_send(&t, "MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\n");
	buf_reset(&t.out);
	/* pipelined chunks; CRLF split across chunks; dots untouched */
	tsmtp_send(&t, "BDAT 4\r\n.a\r\rBDAT 7\r\n\nb\r\nc\r\nBDAT 0 LAST\r\n");
	o = tsmtp_take(&t);
	T_STREQ(o, "250 2.0.0 4 bytes received\r\n"
	    "250 2.0.0 11 bytes received\r\n"
	    "250 2.0.0 QID1 Message accepted for delivery\r\n");
	free(o);
	T_STREQ(t.bodies.data, ".a\r\nb\nc\n\x01");
	/* BDAT then DATA */
	tsmtp_send(&t, "MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\n");
	tsmtp_send(&t, "BDAT 2\r\nab");
	tsmtp_send(&t, "DATA\r\n");
	T_STREQ(tsmtp_last(&t), "503 5.5.1 DATA not allowed after BDAT");
	/* over MaxMessageSize: refused at the chunk, transaction gone */
	tsmtp_send(&t, "BDAT 30\r\n123456789012345678901234567890");
	T_STREQ(tsmtp_last(&t), "552 5.2.3 Message exceeds maximum fixed "
	    "size (20)");
	tsmtp_send(&t, "BDAT 1 LAST\r\nx");
	T_STREQ(tsmtp_last(&t), "503 5.0.0 Need MAIL command");
	T_INTEQ(t.n_end, 1);
	/* syntax */
	tsmtp_send(&t, "BDAT\r\n");
	T_STREQ(tsmtp_last(&t), "501 5.5.4 Syntax error in BDAT parameters");
	tsmtp_send(&t, "BDAT 1 FIRST\r\n");
	T_STREQ(tsmtp_last(&t), "501 5.5.4 Syntax error in BDAT parameters");
	tsmtp_send(&t, "BDAT 99999999999999999999\r\n");
	T_STREQ(tsmtp_last(&t), "501 5.5.4 Syntax error in BDAT parameters");
	/* a session cut in a chunk */
	tsmtp_send(&t, "MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\n");
	tsmtp_send(&t, "BDAT 10 LAST\r\nabc");
	t.act = smtp_server_eof(t.s, &t.out);
	T_STREQ(tsmtp_last(&t), "421 4.4.1 collect: relay=localhost, "
	    "from=<a@example.com>, info=unexpected close");
	T_INTEQ(t.n_end, 1);
	tsmtp_close(&t);
}

int
main(void)
{
	test_smuggling();
	test_end();
	test_dots();
	test_bare();
	test_size();
	test_callbacks();
	test_eof_timeout();
	test_bdat();
	T_DONE();
}
