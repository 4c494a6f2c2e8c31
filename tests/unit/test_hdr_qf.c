/*
 * test_hdr_qf.c - headers as qf H lines and back (msg/hdr_qf.c), and
 * sendmail's dates (msg/msgdate.c), table-driven.
 */
#include "t.h"
#include "msg/intake.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

struct qcase {
	const char *line;	/* after the "H", continuation lines joined */
	const char *name;
	const char *raw;	/* sep + value as read */
	unsigned long flags;	/* expected bits (subset) */
	const char *cond;
	bool tmpl;
};

static const struct qcase qcases[] = {
	{ "??Subject: hi", "Subject", " hi", HDR_USER, NULL, false },
	{ "?D?Date: Mon", "Date", " Mon", HDR_USER | HDR_CHECK, NULL, false },
	{ "?x?Full-Name: Joe", "Full-Name", " Joe", HDR_USER | HDR_CHECK | HDR_ACHECK,
	  NULL, false },
	{ "?$x?X-Full: Joe", "X-Full", " Joe", HDR_USER | HDR_CHECK, "x", false },
	{ "?${client_addr}?X-C: 1", "X-C", " 1", HDR_USER | HDR_CHECK,
	  "client_addr", false },
	{ "?P?Return-Path: <\x81g>", "Return-Path", " <$g>",
	  HDR_USER | HDR_CHECK | HDR_BINDLATE, NULL, true },
	{ "?P?Return-Path: <$x\x81g>", "Return-Path", " <$$x$g>",
	  HDR_BINDLATE, NULL, true },
	{ "To: a, b", "To", " a, b", HDR_USER | HDR_RCPT, NULL, false },
	{ "??X: \xff\x80\xff\xff", "X", " \x80\xff", HDR_USER, NULL, false },
	{ "??X:\n folded", "X", "\n folded", HDR_USER, NULL, false },
	{ "??X:", "X", "", HDR_USER, NULL, false },
};

static void
test_parse(void)
{
	size_t i;

	for (i = 0; i < sizeof(qcases) / sizeof(qcases[0]); i++) {
		const struct qcase *tc = &qcases[i];
		struct hdr_list l;
		struct buf raw = BUF_INIT, out = BUF_INIT, again = BUF_INIT;

		hdr_list_init(&l);
		T_CHECK(hdr_qf_parse(&l, tc->line));
		if (l.n != 1) {
			T_CHECK(!"parsed");
			continue;
		}
		T_STREQ(l.v[0].name, tc->name);
		hdr_raw(&l.v[0], &raw);
		T_STREQ(buf_str(&raw), tc->raw);
		T_INTEQ(l.v[0].flags & tc->flags, tc->flags);
		if (tc->cond != NULL)
			T_STREQ(l.v[0].cond_macro, tc->cond);
		else
			T_CHECK(l.v[0].cond_macro == NULL);
		T_INTEQ(l.v[0].from_cf, tc->tmpl);
		/* and back: the same line */
		T_CHECK(hdr_qf_line(&l.v[0], true, &out));
		buf_adds(&again, "H");
		buf_adds(&again, tc->line[0] == '?' ? "" : "??");
		buf_adds(&again, tc->line);
		buf_addc(&again, '\n');
		T_STREQ(buf_str(&out), buf_str(&again));
		buf_free(&raw);
		buf_free(&out);
		buf_free(&again);
		hdr_list_free(&l);
	}
}

static void
test_bad(void)
{
	static const char *const bad[] = {
		"?x", "?$?X: y", "?$abc?X: y", "?\x80?X: y", "No colon",
		": no name", "?D?: x", "X\x01: y",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct hdr_list l;

		hdr_list_init(&l);
		T_CHECK(!hdr_qf_parse(&l, bad[i]));
		T_INTEQ(l.n, 0);
		hdr_list_free(&l);
	}
}

/* test_line - what is not written, and the mflags rule */
static void
test_line(void)
{
	struct hdr_list l;
	struct hdr *h;
	struct buf b = BUF_INIT;

	hdr_list_init(&l);
	h = hdr_add_raw(&l, "Date", " x");
	h->mflags['D' / 8] |= 1 << ('D' % 8);
	/* inherited ?D? without HDR_CHECK: not shown, as sendmail */
	T_CHECK(hdr_qf_line(h, false, &b));
	T_STREQ(buf_str(&b), "H??Date: x\n");
	buf_reset(&b);
	h->flags |= HDR_CHECK;
	T_CHECK(hdr_qf_line(h, false, &b));
	T_STREQ(buf_str(&b), "H?D?Date: x\n");
	buf_reset(&b);
	h = hdr_add_raw(&l, "Resent-To", " y");
	h->flags |= HDR_RESENT;
	T_CHECK(!hdr_qf_line(h, false, &b));
	T_CHECK(hdr_qf_line(h, true, &b));
	buf_reset(&b);
	h = hdr_add_raw(&l, "Full-Name", " $x");
	h->flags |= HDR_DEFAULT;
	T_CHECK(!hdr_qf_line(h, false, &b));
	h->deleted = true;
	h->flags &= ~HDR_DEFAULT;
	T_CHECK(!hdr_qf_line(h, false, &b));
	/* a newline without a blank after it: all become blanks */
	h = hdr_add_raw(&l, "X", " a\nb\n c");
	T_CHECK(hdr_qf_line(h, false, &b));
	T_STREQ(buf_str(&b), "H??X: a b  c\n");
	buf_free(&b);
	hdr_list_free(&l);
}

static void
test_dates(void)
{
	char d[MSGDATE_CTIME], a[MSGDATE_ARPA], t[MSGDATE_STAMP];
	time_t when = 1795503114;	/* Tue Nov 24 06:51:54 2026 GMT */

	setenv("TZ", "GMT0", 1);
	tzset();
	msgdate_ctime(when, d);
	T_STREQ(d, "Tue Nov 24 06:51:54 2026");
	msgdate_arpa(d, when, a);
	T_STREQ(a, "Tue, 24 Nov 2026 06:51:54 GMT");
	msgdate_stamp(when, t);
	T_STREQ(t, "202611240651");
	msgdate_arpa("Mon Jan  1 00:00:00 2001", when, a);
	T_STREQ(a, "Mon, 1 Jan 2001 00:00:00 GMT");
	T_CHECK(msgdate_unixfrom("From bob@example.org Mon Jan  1 00:00:00 2001",
	    when, a));
	T_STREQ(a, "Mon, 1 Jan 2001 00:00:00 GMT");
	T_CHECK(!msgdate_unixfrom("From bob@example.org", when, a));
	T_CHECK(!msgdate_unixfrom("From a b c d e f g h i j k l m n o p q",
	    when, a));
	T_CHECK(msgdate_unixfrom("From a  Fri Dec 31 23:59:59 1999 remote",
	    when, a));
	T_STREQ(a, "Fri, 31 Dec 1999 23:59:59 GMT");

	setenv("TZ", "EST5EDT", 1);
	tzset();
	msgdate_ctime(when, d);
	T_STREQ(d, "Tue Nov 24 01:51:54 2026");
	msgdate_arpa(d, when, a);
	T_STREQ(a, "Tue, 24 Nov 2026 01:51:54 -0500");
	msgdate_stamp(when, t);
	T_STREQ(t, "202611240651");
	setenv("TZ", "IST-5:30", 1);
	tzset();
	msgdate_ctime(when, d);
	msgdate_arpa(d, when, a);
	T_STREQ(a, "Tue, 24 Nov 2026 12:21:54 +0530");
	/* a short date: its end ends the result, as in sendmail */
	msgdate_arpa("Mon Jan  1 00:00:00", when, a);
	T_STREQ(a, "Mon, 1 Jan ");
	setenv("TZ", "GMT0", 1);
	tzset();
}

int
main(void)
{
	test_parse();
	test_bad();
	test_line();
	test_dates();
	T_DONE();
}
