/*
 * test_qf.c - the version 8 control file: byte for byte what sendmail
 * 8.17 wrote for the same envelopes (the two qf files below were written
 * by the real binary, tests/golden/bp/qf/), sendmail's reading rules and
 * messages, and what qf_write refuses.
 */
#include "queue/qf.h"
#include "msg/intake.h"
#include "t.h"

#include <stdlib.h>
#include <string.h>

/* -odq -bs: EHLO, MAIL with ENVID and RET=HDRS, two RCPTs (one with
   NOTIFY and ORCPT), a folded header */
static const char real1[] =
	"V8\n"
	"T1795503088\n"
	"K0\n"
	"N0\n"
	"P60038\n"
	"Fdns\n"
	"$_root@localhost\n"
	"$rESMTP\n"
	"$sclient.example.org\n"
	"${daemon_flags}c u\n"
	"S<alice@mx.example.com>\n"
	"Zabc+2Bdef\n"
	"Qrfc822;bob+40example.com\n"
	"rRFC822; bob@example.com\n"
	"RPNSF:<bob@example.com>\n"
	"rRFC822; carol@www.other.org\n"
	"RPFD:<carol@www.other.org>\n"
	"H?P?Return-Path: <\201g>\n"
	"H??Received: from client.example.org (root@localhost)\n"
	"\tby mx.example.com (8.17.1.9/8.17.1.9) with ESMTP id 6AO6pSpi001675;\n"
	"\tTue, 24 Nov 2026 06:51:28 GMT\n"
	"H?D?Date: Tue, 24 Nov 2026 06:51:28 GMT\n"
	"H?F?From: Alice Example <alice@mx.example.com>\n"
	"H?x?Full-Name: Alice Example\n"
	"H?M?Message-Id: <202611240651.6AO6pSpi001675@mx.example.com>\n"
	"H??Subject: test\n"
	"H??X-Foo: a\n"
	"  b\n"
	".\n";

/* BODY=8BITMIME AUTH=<>, odd header spacing, 8-bit header bytes, Bcc */
static const char real2[] =
	"V8\n"
	"T1795503198\n"
	"K0\n"
	"N0\n"
	"P30240\n"
	"B8BITMIME\n"
	"F8bs\n"
	"$_root@localhost\n"
	"$rESMTP\n"
	"$sc.example.org\n"
	"${daemon_flags}c u\n"
	"S<alice@mx.example.com>\n"
	"A<>\n"
	"rRFC822; bob@example.com\n"
	"RPFD:<bob@example.com>\n"
	"H?P?Return-Path: <\201g>\n"
	"H??Received: from c.example.org (root@localhost)\n"
	"\tby mx.example.com (8.17.1.9/8.17.1.9) with ESMTP id 6AO6rIwY003062\n"
	"\tfor <bob@example.com>; Tue, 24 Nov 2026 06:53:18 GMT\n"
	"H?D?Date: Tue, 24 Nov 2026 06:53:18 GMT\n"
	"H?F?From: Alice Example <alice@mx.example.com>\n"
	"H?x?Full-Name: Alice Example\n"
	"H?M?Message-Id: <202611240653.6AO6rIwY003062@mx.example.com>\n"
	"H??Subject:nospace\n"
	"H??X-A:   three\n"
	"H??X-B:\ttab\n"
	"H??X-C: 8bit \377\201\377\237\251\351\377\377 end\n"
	"H??X-D: cr in middle\n"
	"H??X-E:\n"
	"H??X-F:  \n"
	"H??X-G: fold\n"
	"\ttab\n"
	"  two\n"
	"H??To: bob@example.com, \"Carol X\" <carol@www.other.org>\n"
	"H??Cc: undisclosed-recipients:;\n"
	"H??Bcc: hidden@example.com\n"
	"H??reply-to: a@b.c\n"
	".\n";

/* set_flag - a ?flags? letter on a header */
static void
set_flag(struct hdr *h, int c)
{
	h->mflags[c / 8] |= (unsigned char)(1 << (c % 8));
}

/* build1 - the envelope of real1, as an SMTP intake would fill it */
static void
build1(struct envelope *e)
{
	struct rcpt *r;
	struct hdr *h;

	envelope_init(e);
	e->ctime = 1795503088;
	e->priority = 60038;
	e->ret = ENV_RET_HDRS;
	e->flags = QF_F_SPLIT;
	envelope_set_macro(e, "_", "root@localhost");
	envelope_set_macro(e, "r", "ESMTP");
	envelope_set_macro(e, "s", "client.example.org");
	envelope_set_macro(e, "{daemon_flags}", "c u");
	e->sender = xstrdup("alice@mx.example.com");
	e->envid = xstrdup("abc+def");
	e->envid_xtext = xstrdup("abc+2Bdef");
	r = envelope_add_rcpt(e, "bob@example.com");
	r->flags = RCPT_PRIMARY | RCPT_HASORCPT;
	r->notify = RCPT_NOTIFY_SUCCESS | RCPT_NOTIFY_FAILURE;
	r->orcpt = xstrdup("rfc822;bob@example.com");
	r->orcpt_xtext = xstrdup("rfc822;bob+40example.com");
	r->final = xstrdup("RFC822; bob@example.com");
	r = envelope_add_rcpt(e, "carol@www.other.org");
	r->flags = RCPT_PRIMARY;
	r->final = xstrdup("RFC822; carol@www.other.org");
	/* the headers as intake leaves them (msg/intake.h) */
	h = hdr_add_raw(&e->headers, "Return-Path", " <$g>");
	h->flags = HDR_BINDLATE | HDR_ACHECK | HDR_FORCE | HDR_CHECK;
	h->from_cf = true;
	set_flag(h, 'P');
	hdr_add_raw(&e->headers, "Received", " from client.example.org "
	    "(root@localhost)\n\tby mx.example.com (8.17.1.9/8.17.1.9) with "
	    "ESMTP id 6AO6pSpi001675;\n\tTue, 24 Nov 2026 06:51:28 GMT");
	set_flag(h = hdr_add_raw(&e->headers, "Date",
	    " Tue, 24 Nov 2026 06:51:28 GMT"), 'D');
	h->flags = HDR_CHECK;
	set_flag(h = hdr_add_raw(&e->headers, "From",
	    " Alice Example <alice@mx.example.com>"), 'F');
	h->flags = HDR_CHECK | HDR_FROM;
	set_flag(h = hdr_add_raw(&e->headers, "Full-Name", " Alice Example"),
	    'x');
	h->flags = HDR_CHECK;
	set_flag(h = hdr_add_raw(&e->headers, "Message-Id",
	    " <202611240651.6AO6pSpi001675@mx.example.com>"), 'M');
	h->flags = HDR_CHECK;
	hdr_add_raw(&e->headers, "Subject", " test");
	hdr_add_raw(&e->headers, "X-Foo", " a\n  b");
}

/* raw - the text after a header's colon (hdr_raw), in a static buffer */
static const char *
raw(const struct hdr *h)
{
	static struct buf b;

	buf_reset(&b);
	hdr_raw(h, &b);
	return buf_str(&b);
}

/* write_ok - qf_write into a fresh buffer; NULL if refused */
static char *
write_ok(const struct envelope *e, struct buf *err)
{
	struct buf out = BUF_INIT;

	if (qf_write(&out, e, err) < 0) {
		buf_free(&out);
		return NULL;
	}
	return buf_steal(&out);
}

/* read_s - qf_read of a C string */
static int
read_s(const char *s, struct envelope *e, struct buf *err)
{
	envelope_init(e);
	return qf_read(s, strlen(s), "./qfX", e, err);
}

/* refused - does qf_write refuse e, and say something containing why? */
static bool
refused(const struct envelope *e, const char *why)
{
	struct buf err = BUF_INIT;
	char *s = write_ok(e, &err);
	bool r = s == NULL && strstr(buf_str(&err), why) != NULL;

	if (!r)
		fprintf(stderr, "  refused? err=[%s]\n", buf_str(&err));
	free(s);
	buf_free(&err);
	return r;
}

/* read_err - qf_read fails with exactly this message */
static bool
read_err(const char *qf, const char *want)
{
	struct envelope e;
	struct buf err = BUF_INIT;
	int r = read_s(qf, &e, &err);
	bool ok = r == QF_ERR && strcmp(buf_str(&err), want) == 0;

	if (!ok)
		fprintf(stderr, "  read_err: r=%d err=[%s]\n  want [%s]\n", r,
		    buf_str(&err), want);
	envelope_free(&e);
	buf_free(&err);
	return ok;
}

static void
test_real1(void)
{
	struct envelope e, e2;
	struct buf err = BUF_INIT;
	char *s;

	/* the same envelope gives sendmail's bytes */
	build1(&e);
	s = write_ok(&e, &err);
	T_STREQ(s, real1);
	free(s);

	/* without the client's spellings: tern's own xtext */
	free(e.envid_xtext);
	e.envid_xtext = NULL;
	free(e.rcpts[0].orcpt_xtext);
	e.rcpts[0].orcpt_xtext = NULL;
	s = write_ok(&e, &err);
	T_CHECK(s != NULL && strstr(s, "\nZabc+2Bdef\n") != NULL);
	T_CHECK(s != NULL && strstr(s, "\nQrfc822;bob@example.com\n") != NULL);
	free(s);
	/* a spelling that no longer decodes to the value is not used */
	e.envid_xtext = xstrdup("stale");
	s = write_ok(&e, &err);
	T_CHECK(s != NULL && strstr(s, "\nZabc+2Bdef\n") != NULL);
	free(s);
	envelope_free(&e);

	/* read back: every field, then the same bytes again */
	T_INTEQ(read_s(real1, &e2, &err), QF_OK);
	T_INTEQ(e2.ctime, 1795503088);
	T_INTEQ(e2.priority, 60038);
	T_INTEQ(e2.ret, ENV_RET_HDRS);
	T_INTEQ(e2.flags, QF_F_SPLIT);
	T_STREQ(e2.sender, "alice@mx.example.com");
	T_STREQ(e2.sender_paddr, "<alice@mx.example.com>");
	T_STREQ(e2.envid, "abc+def");
	T_STREQ(envelope_macro(&e2, "{daemon_flags}"), "c u");
	T_STREQ(envelope_macro(&e2, "_"), "root@localhost");
	T_INTEQ(e2.nrcpts, 2);
	T_STREQ(e2.rcpts[0].addr, "bob@example.com");
	T_STREQ(e2.rcpts[0].orcpt, "rfc822;bob@example.com");
	T_STREQ(e2.rcpts[0].final, "RFC822; bob@example.com");
	T_INTEQ(e2.rcpts[0].notify, RCPT_NOTIFY_SUCCESS | RCPT_NOTIFY_FAILURE);
	T_INTEQ(e2.rcpts[0].flags, RCPT_PRIMARY | RCPT_HASORCPT);
	T_INTEQ(e2.rcpts[1].notify, 0);
	T_INTEQ(e2.rcpts[1].flags, RCPT_PRIMARY);
	T_INTEQ(e2.headers.n, 8);
	T_STREQ(e2.headers.v[0].value, "<$g>");
	T_CHECK(e2.headers.v[0].from_cf);
	T_CHECK(e2.headers.v[0].flags & HDR_BINDLATE);
	T_STREQ(raw(&e2.headers.v[7]), " a\n  b");
	s = write_ok(&e2, &err);
	T_STREQ(s, real1);
	free(s);
	envelope_free(&e2);
	buf_free(&err);
}

static void
test_real2(void)
{
	struct envelope e;
	struct buf err = BUF_INIT;
	char *s;

	T_INTEQ(read_s(real2, &e, &err), QF_OK);
	T_STREQ(e.auth, "<>");
	T_STREQ(e.bodytype, "8BITMIME");
	T_INTEQ(e.flags, QF_F_8BIT | QF_F_DELBCC | QF_F_SPLIT);
	T_STREQ(hdr_find(&e.headers, "X-C")->value,
	    "8bit \201\237\251\351\377 end");
	T_STREQ(raw(hdr_find(&e.headers, "X-B")), "\ttab");
	T_STREQ(raw(hdr_find(&e.headers, "X-A")), "   three");
	T_STREQ(raw(hdr_find(&e.headers, "Subject")), "nospace");
	T_STREQ(raw(hdr_find(&e.headers, "X-E")), "");
	T_STREQ(raw(hdr_find(&e.headers, "X-F")), "  ");
	T_STREQ(hdr_find(&e.headers, "X-G")->value, "fold\n\ttab\n  two");
	T_CHECK(hdr_find(&e.headers, "Bcc") != NULL);
	/* the same bytes back, odd spacing and all */
	s = write_ok(&e, &err);
	T_STREQ(s, real2);
	free(s);
	envelope_free(&e);
	buf_free(&err);
}

static void
test_encoding(void)
{
	struct envelope e, e2;
	struct buf err = BUF_INIT, x = BUF_INIT;
	struct rcpt *r;
	struct hdr *h;
	char *s;

	/* xtext */
	qf_xtext_encode(&x, "a+b=c d\r\n\001\377~!", 13);
	T_STREQ(buf_str(&x), "a+2Bb+3Dc+20d+0D+0A+01+FF~!");
	T_CHECK(qf_xtext_ok("a+2bb"));
	T_CHECK(!qf_xtext_ok("a+2"));
	T_CHECK(!qf_xtext_ok("a+zz"));
	T_CHECK(!qf_xtext_ok("a=b"));
	T_CHECK(!qf_xtext_ok("a b"));
	buf_reset(&x);
	T_CHECK(qf_xtext_decode(&x, "a+2Bb+0a"));
	T_STREQ(buf_str(&x), "a+b\n");

	/* CR and LF inside ENVID and ORCPT are data */
	envelope_init(&e);
	e.sender = xstrdup("a@b");
	e.envid = xstrdup("id\r\nS<evil@x>\n.\n");
	r = envelope_add_rcpt(&e, "r@x");
	r->orcpt = xstrdup("rfc822;x\nRPFD:<injected@x>");
	e.auth = xstrdup("+0ASevil");
	s = write_ok(&e, &err);
	T_CHECK(s != NULL);
	T_CHECK(s != NULL && strstr(s, "\nS<evil") == NULL);
	T_CHECK(s != NULL && strstr(s, "\nRPFD:<injected") == NULL);
	T_CHECK(s != NULL && strstr(s, "Zid+0D+0AS<evil@x>+0A.+0A\n") != NULL);
	T_INTEQ(read_s(s, &e2, &err), QF_OK);
	T_STREQ(e2.envid, e.envid);
	T_STREQ(e2.rcpts[0].orcpt, r->orcpt);
	T_INTEQ(e2.nrcpts, 1);
	T_STREQ(e2.sender, "a@b");
	envelope_free(&e2);
	free(s);

	/* a header: folding kept, CR and 8-bit are data, quote bytes too */
	h = hdr_add_raw(&e.headers, "X-Test", " a\r\n b\n\t\201\377\200c\r");
	s = write_ok(&e, &err);
	T_CHECK(s != NULL &&
	    strstr(s, "H??X-Test: a\r\n b\n\t\377\201\377\377\377\200c\r\n") != NULL);
	T_INTEQ(read_s(s, &e2, &err), QF_OK);
	T_STREQ(hdr_find(&e2.headers, "X-Test")->value, h->value);
	envelope_free(&e2);
	free(s);

	/* what cannot be queued without changing it is refused */
	free(e.sender);
	e.sender = xstrdup("a@b\nRPFD:<x@y>");
	T_CHECK(refused(&e, "sender: line feed"));
	free(e.sender);
	e.sender = xstrdup("a@b");
	/* a stray line feed in a header: blanks, as sendmail's denlstring */
	free(h->value);
	h->value = xstrdup("a\nRPFD:<x@y>\n.");
	s = write_ok(&e, &err);
	T_CHECK(s != NULL && strstr(s, "\nH??X-Test: a RPFD:<x@y> .\n") != NULL);
	T_INTEQ(read_s(s, &e2, &err), QF_OK);
	T_INTEQ(e2.nrcpts, 1);
	envelope_free(&e2);
	free(s);
	free(h->value);
	h->value = xstrdup("ok");
	free(h->name);
	h->name = xstrdup("X:Y");
	T_CHECK(refused(&e, "header name"));
	free(h->name);
	h->name = xstrdup("X Y");
	T_CHECK(refused(&e, "header name"));
	free(h->name);
	h->name = xstrdup("X-Test");
	free(e.auth);
	e.auth = xstrdup("a b");
	T_CHECK(refused(&e, "AUTH= parameter: not xtext"));
	free(e.auth);
	e.auth = NULL;
	r = &e.rcpts[0];
	r->final = xstrdup("rfc822; x\n.");
	T_CHECK(refused(&e, "final recipient"));
	free(r->final);
	r->final = NULL;
	envelope_set_macro(&e, "r", "ESMTP\nRPFD:<x>");
	T_CHECK(refused(&e, "r: line feed"));
	envelope_set_macro(&e, "r", "ESMTP");
	e.message = xstrdup("Deferred\n.");
	T_CHECK(refused(&e, "message"));
	free(e.message);
	e.message = NULL;
	s = write_ok(&e, &err);
	T_CHECK(s != NULL);
	free(s);
	envelope_free(&e);

	/* a template (Return-Path) and conditions */
	envelope_init(&e);
	e.sender = xstrdup("");
	h = hdr_add_raw(&e.headers, "Return-Path", " <$g> ${client_addr} $$5");
	h->flags = HDR_BINDLATE | HDR_ACHECK | HDR_CHECK;
	h->from_cf = true;
	h->cond_macro = xstrdup("client_addr");
	h = hdr_add_raw(&e.headers, "X-U", " $$ literal");
	h->cond_macro = xstrdup("j");
	h->flags = HDR_CHECK;
	s = write_ok(&e, &err);
	T_CHECK(s != NULL && strstr(s, "\nS<>\n") != NULL);
	T_CHECK(s != NULL && strstr(s,
	    "H?${client_addr}?Return-Path: <\201g> \201{client_addr} $5\n")
	    != NULL);
	T_CHECK(s != NULL && strstr(s, "H?$j?X-U: $$ literal\n") != NULL);
	T_INTEQ(read_s(s, &e2, &err), QF_OK);
	T_STREQ(e2.sender, "");
	T_STREQ(e2.headers.v[0].value, e.headers.v[0].value);
	T_STREQ(e2.headers.v[0].cond_macro, "client_addr");
	T_CHECK(e2.headers.v[0].from_cf);
	T_STREQ(e2.headers.v[1].value, "$$ literal");
	T_CHECK(!e2.headers.v[1].from_cf);
	T_STREQ(e2.headers.v[1].cond_macro, "j");
	envelope_free(&e2);
	free(s);
	/* what the header writer would take as it is */
	h = &e.headers.v[1];
	free(h->cond_macro);
	h->cond_macro = xstrdup("a?b");
	T_CHECK(refused(&e, "bad condition macro"));
	free(h->cond_macro);
	h->cond_macro = NULL;
	set_flag(h, '\n');
	T_CHECK(refused(&e, "bad ?flags? letter"));
	envelope_free(&e);
	buf_free(&err);
	buf_free(&x);
}

static void
test_fields(void)
{
	struct envelope e, e2;
	struct buf err = BUF_INIT;
	struct rcpt *r;
	char *s;

	envelope_init(&e);
	e.ctime = 1;
	e.dtime = 2;
	e.ntries = 3;
	e.priority = -4;
	e.flags = QF_F_WARNING | QF_F_RESPONSE | QF_F_NOBODYRETN;
	e.smtputf8 = true;
	e.sender = xstrdup("s");
	e.sender_paddr = xstrdup("s");
	e.quarantine = xstrdup("Spam: yes");
	e.message = xstrdup("Deferred: Connection refused");
	e.dlvr_flag = 'R';
	e.deliver_by = 3600;
	e.dfdir = xstrdup("q2");
	e.df_dev = 0x801;	/* 8/1 */
	e.df_ino = 1234567;
	r = envelope_add_rcpt(&e, "a");
	r->paddr = xstrdup("a");
	r->notify = RCPT_NOTIFY_NEVER;
	r->flags = RCPT_INTBCC;
	r->ctladdr = xstrdup("alice:1000:1000:alice");
	r->reply = xstrdup("Deferred: 451 try later");
	r = envelope_add_rcpt(&e, "b");
	r->ctladdr = xstrdup("alice:1000:1000:alice");
	r->notify = RCPT_NOTIFY_SUCCESS;
	r->flags = RCPT_PINGS | RCPT_ALIAS | RCPT_DYNMAILER;
	r = envelope_add_rcpt(&e, "c");
	r->flags = RCPT_DONE;
	r = envelope_add_rcpt(&e, "d");
	s = write_ok(&e, &err);
	T_CHECK(s != NULL && strncmp(s, "V8\nT1\nK2\nN3\nP-4\ndq2\nI8/1/1234567\n"
	    "qSpam: yes\nMDeferred: Connection refused\nFwrne\nSs\n!R 3600\n"
	    "MDeferred: 451 try later\nCalice:1000:1000:alice\nRNB:a\n"
	    "RSAM:<b>\nC\nRFD:<d>\n.\n", 1000) == 0);
	T_INTEQ(read_s(s, &e2, &err), QF_OK);
	T_INTEQ(e2.dtime, 2);
	T_INTEQ(e2.ntries, 3);
	T_INTEQ(e2.priority, -4);
	T_INTEQ(e2.flags, e.flags);
	T_CHECK(e2.smtputf8);
	T_STREQ(e2.quarantine, "Spam: yes");
	T_STREQ(e2.message, "Deferred: Connection refused");
	T_INTEQ(e2.dlvr_flag, 'R');
	T_INTEQ(e2.deliver_by, 3600);
	T_STREQ(e2.dfdir, "q2");
	T_INTEQ(e2.df_ino, 1234567);
	T_INTEQ(e2.df_dev, 0x801);
	T_INTEQ(e2.nrcpts, 3);
	T_STREQ(e2.rcpts[0].reply, "Deferred: 451 try later");
	T_STREQ(e2.rcpts[0].ctladdr, "alice:1000:1000:alice");
	T_INTEQ(e2.rcpts[0].notify, RCPT_NOTIFY_NEVER);
	T_INTEQ(e2.rcpts[0].flags, RCPT_INTBCC);
	T_STREQ(e2.rcpts[1].ctladdr, "alice:1000:1000:alice");
	T_INTEQ(e2.rcpts[1].notify, RCPT_NOTIFY_SUCCESS);
	T_INTEQ(e2.rcpts[1].flags, RCPT_PINGS | RCPT_ALIAS | RCPT_DYNMAILER);
	T_CHECK(e2.rcpts[2].ctladdr == NULL);
	T_STREQ(e2.rcpts[2].addr, "d");
	envelope_free(&e2);
	free(s);
	envelope_free(&e);

	/* RET=FULL: d alone */
	envelope_init(&e);
	e.ret = ENV_RET_FULL;
	s = write_ok(&e, &err);
	T_CHECK(s != NULL && strstr(s, "\nFd\nS<>\n") != NULL);
	T_INTEQ(read_s(s, &e2, &err), QF_OK);
	T_INTEQ(e2.ret, ENV_RET_FULL);
	envelope_free(&e2);
	free(s);
	envelope_free(&e);
	buf_free(&err);
}

static void
test_reading(void)
{
	struct envelope e;
	struct buf err = BUF_INIT;
	static char big[3000];

	/* sendmail's messages for what readqf refuses */
	T_CHECK(read_err("V8\nT1\nX-bogus\n.\n",
	    "readqf: ./qfX: line 3: bad line \"X-bogus\""));
	T_CHECK(read_err("V8\nT1\n\n.\n", "readqf: ./qfX: line 3: bad line \"\""));
	T_CHECK(read_err("V9\nT1\n.\n",
	    "Version number in queue file (9) greater than max (8)"));
	T_CHECK(read_err("V8\nT1\nS<a>\n",
	    "readqf: ./qfX: incomplete queue file read"));
	T_CHECK(read_err("V8\nT1\nS<a>\n.\nRPFD:<x>\n",
	    "SECURITY ALERT: extra or bogus data in queue file: RPFD:<x>"));
	T_CHECK(read_err("V8\nA a b\n.\n",
	    "SECURITY ALERT: extra or bogus data in queue file: A a b"));
	T_CHECK(read_err("V8\nBBINARYMIME\n.\n",
	    "SECURITY ALERT: extra or bogus data in queue file: BBINARYMIME"));
	T_CHECK(read_err("V8\nFrom evil\n.\n",
	    "SECURITY ALERT: bogus qf line From evil"));
	T_CHECK(read_err("V8\nZa+zz\n.\n", "bad ENVID (not xtext): Za+zz"));
	T_CHECK(read_err("V8\nZa+00\n.\n", "bad ENVID (not xtext): Za+00"));
	T_CHECK(read_err("V8\nRPFD<x>\n.\n", "bad recipient line \"RPFD<x>\""));
	T_CHECK(read_err("V8\nH??no colon\n.\n",
	    "header syntax error, line \"H??no colon\""));
	T_CHECK(read_err("V8\nH?P\n.\n", "header syntax error, line \"H?P\""));
	T_CHECK(read_err("V8\n${abc\n.\n", "Unbalanced { on {abc"));
	/* a long bad line is shortened in the middle, as sendmail */
	memset(big, 'x', sizeof(big) - 1);
	big[0] = 'X';
	{
		struct buf q = BUF_INIT;

		buf_addf(&q, "V8\n%s\n.\n", big);
		envelope_init(&e);
		T_INTEQ(qf_read(q.data, q.len, "qfY", &e, &err), QF_ERR);
		T_CHECK(strstr(buf_str(&err), "xxx...xxx") != NULL);
		T_CHECK(err.len < 260);
		envelope_free(&e);
		buf_free(&q);
	}
	/* NUL inside a line */
	envelope_init(&e);
	T_INTEQ(qf_read("V8\nS<a\0b>\n.\n", 12, "q", &e, &err), QF_ERR);
	envelope_free(&e);

	/* empty file; continuation lines; version 0 recipients; D E I L */
	envelope_init(&e);
	T_INTEQ(qf_read("", 0, "q", &e, &err), QF_EMPTY);
	envelope_free(&e);
	T_INTEQ(read_s("V0\nT5\nS<a>\n x\nR<r@x>\nDdfold\nEerr@x\nIjunk\nL5\n"
	    "M before rcpt\n.\n", &e, &err), QF_OK);
	T_STREQ(e.sender_paddr, "<a>\n x");
	T_STREQ(e.rcpts[0].addr, "r@x");
	T_INTEQ(e.rcpts[0].flags, RCPT_PRIMARY);
	T_STREQ(e.errors_to, "err@x");
	T_INTEQ(e.df_ino, 0);
	T_CHECK(e.message == NULL);
	envelope_free(&e);
	/* numbers are read as sendmail's atol reads them */
	T_INTEQ(read_s("V8\nT12abc\nK-3\nNx\nP99999999999999999999999\n.\n", &e,
	    &err), QF_OK);
	T_INTEQ(e.ctime, 12);
	T_INTEQ(e.dtime, -3);
	T_INTEQ(e.ntries, 0);
	T_CHECK(e.priority > 0);
	envelope_free(&e);
	buf_free(&err);
}

int
main(void)
{
	test_real1();
	test_real2();
	test_encoding();
	test_fields();
	test_reading();
	T_DONE();
}
