/*
 * test_smtp_async.c - an end of data answered later: data_end returns
 * SMTP_PENDING, the engine holds the session (SMTP_ACT_WAIT) and
 * buffers what is pipelined behind the dot, smtp_server_data_done
 * writes the answer and goes on; a session ending meanwhile gets
 * data_abort.  DATA and BDAT LAST alike.
 */
#include "t.h"
#include "test_smtp.h"

#include <stdio.h>

/* a store that always defers; counts */
static int a_end, a_abort;

static int
async_end(void *ctx, struct envelope *e, struct smtp_reply *r)
{
	(void)ctx;
	(void)e;
	(void)r;
	a_end++;
	return SMTP_PENDING;
}

static void
async_abort(void *ctx, struct envelope *e)
{
	(void)ctx;
	(void)e;
	a_abort++;
}

/* open_async - a test session whose data_end is pending */
static void
open_async(struct tsmtp *t, bool chunking)
{
	struct smtp_server_cb cb = tsmtp_cb;

	memset(t, 0, sizeof(*t));
	a_end = a_abort = 0;
	tsmtp_config(&t->cfg);
	t->cfg.chunking = chunking;
	cb.ctx = t;
	cb.data_end = async_end;
	cb.data_abort = async_abort;
	buf_init(&t->out);
	buf_init(&t->body);
	buf_init(&t->bodies);
	t->s = smtp_server_new(&t->cfg, &cb);
	t->act = smtp_server_start(t->s, &t->out);
	tsmtp_send(t, "EHLO client.example\r\n");
	buf_reset(&t->out);
}

/* test_pipelined - commands after the dot wait for the answer */
static void
test_pipelined(void)
{
	struct tsmtp t;
	struct smtp_reply r;
	char *o;

	open_async(&t, false);
	tsmtp_send(&t, "MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\n"
	    "DATA\r\n");
	buf_reset(&t.out);
	tsmtp_send(&t, "Subject: x\r\n\r\nhello\r\n.\r\n"
	    "MAIL FROM:<c@example.com>\r\nRCPT TO:<d@example.com>\r\n");
	T_INTEQ(a_end, 1);
	T_CHECK(t.act & SMTP_ACT_WAIT);
	T_CHECK(!(t.act & SMTP_ACT_CLOSE));
	T_CHECK(smtp_server_waiting(t.s));
	T_INTEQ(t.out.len, 0);		/* nothing answered yet */
	T_INTEQ(t.n_check_mail, 1);	/* MAIL c@ not looked at */
	T_INTEQ(smtp_server_timeout(t.s), 0);
	/* more input meanwhile: still only buffered */
	tsmtp_send(&t, "DATA\r\n");
	T_CHECK(t.act & SMTP_ACT_WAIT);
	T_INTEQ(t.out.len, 0);
	T_INTEQ(t.n_reset, 0);		/* the transaction is not over */
	/* the store answers: 250, then the pipelined commands */
	smtp_reply_set(&r, 250, "2.0.0", "QIDA Message accepted for delivery");
	t.act = smtp_server_data_done(t.s, SMTP_OK, &r, &t.out);
	T_CHECK(!(t.act & SMTP_ACT_WAIT));
	o = tsmtp_take(&t);
	T_STREQ(o, "250 2.0.0 QIDA Message accepted for delivery\r\n"
	    "250 2.1.0 <c@example.com>... Sender ok\r\n"
	    "250 2.1.5 <d@example.com>... Recipient ok\r\n"
	    "354 End data with <CR><LF>.<CR><LF>\r\n");
	free(o);
	T_INTEQ(t.n_reset, 1);
	T_INTEQ(t.n_check_mail, 2);
	/* a second done is ignored */
	t.act = smtp_server_data_done(t.s, SMTP_OK, NULL, &t.out);
	T_INTEQ(t.out.len, 0);
	/* second message: a failure, with the default text */
	tsmtp_send(&t, "body\r\n.\r\nQUIT\r\n");
	T_INTEQ(a_end, 2);
	T_CHECK(t.act & SMTP_ACT_WAIT);
	t.act = smtp_server_data_done(t.s, SMTP_REJECT, NULL, &t.out);
	o = tsmtp_take(&t);
	T_STREQ(o, "451 4.3.0 Message not stored\r\n"
	    "221 2.0.0 mx.example.com closing connection\r\n");
	free(o);
	T_CHECK(t.act & SMTP_ACT_CLOSE);
	T_INTEQ(a_abort, 0);
	tsmtp_close(&t);
}

/* test_replies - defaults and sanitising of the late reply */
static void
test_replies(void)
{
	struct tsmtp t;
	struct smtp_reply r;

	open_async(&t, false);
	tsmtp_send(&t, "MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\n"
	    "DATA\r\n");
	tsmtp_send(&t, "x\r\n.\r\n");
	buf_reset(&t.out);
	t.act = smtp_server_data_done(t.s, SMTP_OK, NULL, &t.out);
	T_STREQ(tsmtp_last(&t), "250 2.0.0 Message accepted for delivery");
	/* a failure with a 2xx code is no success */
	tsmtp_send(&t, "MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\n"
	    "DATA\r\n");
	tsmtp_send(&t, "x\r\n.\r\n");
	smtp_reply_set(&r, 250, "2.0.0", "looks fine");
	t.act = smtp_server_data_done(t.s, SMTP_REJECT, &r, &t.out);
	T_STREQ(tsmtp_last(&t), "451 4.3.0 Message not stored");
	/* a 421 from the store ends the session */
	tsmtp_send(&t, "MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\n"
	    "DATA\r\n");
	tsmtp_send(&t, "x\r\n.\r\nNOOP\r\n");
	buf_reset(&t.out);
	smtp_reply_set(&r, 421, "4.3.0", "queue writer gone");
	t.act = smtp_server_data_done(t.s, SMTP_REJECT, &r, &t.out);
	T_STREQ(t.out.data, "421 4.3.0 queue writer gone\r\n");
	T_CHECK(t.act & SMTP_ACT_CLOSE);
	T_INTEQ(a_abort, 0);
	tsmtp_close(&t);
}

/* test_abort - the client goes away, or the session is freed, while pending */
static void
test_abort(void)
{
	struct tsmtp t;

	open_async(&t, false);
	tsmtp_send(&t, "MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\n"
	    "DATA\r\n");
	tsmtp_send(&t, "x\r\n.\r\nQUIT");
	buf_reset(&t.out);
	T_CHECK(t.act & SMTP_ACT_WAIT);
	/* end of input: the half line "QUIT" is not run, the message aborted */
	t.act = smtp_server_eof(t.s, &t.out);
	T_CHECK(t.act & SMTP_ACT_CLOSE);
	T_INTEQ(a_abort, 1);
	T_INTEQ(t.out.len, 0);
	T_CHECK(!smtp_server_waiting(t.s));
	/* a late answer after that does nothing */
	t.act = smtp_server_data_done(t.s, SMTP_OK, NULL, &t.out);
	T_CHECK(t.act & SMTP_ACT_CLOSE);
	T_INTEQ(t.out.len, 0);
	tsmtp_close(&t);
	T_INTEQ(a_abort, 1);

	/* freed while pending: data_abort once */
	open_async(&t, false);
	tsmtp_send(&t, "MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\n"
	    "DATA\r\n");
	tsmtp_send(&t, "x\r\n.\r\n");
	T_CHECK(t.act & SMTP_ACT_WAIT);
	tsmtp_close(&t);
	T_INTEQ(a_abort, 1);

	/* timeout while pending (a driver that keeps its timer): abort */
	open_async(&t, false);
	tsmtp_send(&t, "MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\n"
	    "DATA\r\n");
	tsmtp_send(&t, "x\r\n.\r\n");
	buf_reset(&t.out);
	t.act = smtp_server_timeout_expired(t.s, &t.out);
	T_CHECK(t.act & SMTP_ACT_CLOSE);
	T_INTEQ(t.out.len, 0);
	T_INTEQ(a_abort, 1);
	tsmtp_close(&t);
	T_INTEQ(a_abort, 1);
}

/* test_bdat - BDAT LAST is held the same way */
static void
test_bdat(void)
{
	struct tsmtp t;
	char *o;

	open_async(&t, true);
	tsmtp_send(&t, "MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\n");
	buf_reset(&t.out);
	tsmtp_send(&t, "BDAT 3\r\nab\nBDAT 2 LAST\r\ncdRSET\r\nNOOP\r\n");
	T_INTEQ(a_end, 1);
	T_CHECK(t.act & SMTP_ACT_WAIT);
	T_STREQ(t.out.data, "250 2.0.0 3 bytes received\r\n");
	T_STREQ(t.body.data, "ab\ncd");
	buf_reset(&t.out);
	t.act = smtp_server_data_done(t.s, SMTP_OK, NULL, &t.out);
	o = tsmtp_take(&t);
	T_STREQ(o, "250 2.0.0 Message accepted for delivery\r\n"
	    "250 2.0.0 Reset state\r\n250 2.0.0 OK\r\n");
	free(o);
	T_CHECK(t.act == 0);
	/* cut while pending */
	tsmtp_send(&t, "MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\n"
	    "BDAT 1 LAST\r\nx");
	T_CHECK(t.act & SMTP_ACT_WAIT);
	t.act = smtp_server_eof(t.s, &t.out);
	T_INTEQ(a_abort, 1);
	tsmtp_close(&t);
	T_INTEQ(a_abort, 1);
}

/* test_split - the dot and the pipelined command in pieces of 1 byte */
static void
test_split(void)
{
	struct tsmtp t;
	char *o;
	const char *in = "line\r\n.\r\nNOOP\r\n";

	open_async(&t, false);
	tsmtp_send(&t, "MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\n"
	    "DATA\r\n");
	tsmtp_feed(&t, in, strlen(in), 1);
	T_CHECK(t.act & SMTP_ACT_WAIT);
	T_INTEQ(a_end, 1);
	buf_reset(&t.out);
	t.act = smtp_server_data_done(t.s, SMTP_OK, NULL, &t.out);
	o = tsmtp_take(&t);
	T_STREQ(o, "250 2.0.0 Message accepted for delivery\r\n"
	    "250 2.0.0 OK\r\n");
	free(o);
	tsmtp_close(&t);
}

int
main(void)
{
	test_pipelined();
	test_replies();
	test_abort();
	test_bdat();
	test_split();
	T_DONE();
}
