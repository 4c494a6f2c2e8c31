/*
 * test_hdr_rcpt.c - recipient lists as sendmail splits them, -t's
 * headers, NoRecipientAction, the hop count (msg/hdr_rcpt.c,
 * msg/hdr_hops.c), table-driven.
 */
#include "t.h"
#include "cf/option.h"
#include "msg/intake.h"

#include <string.h>

/* collect - fn for hdr_rcpt_*: "addr|" each */
static bool
collect(void *arg, const char *addr)
{
	struct buf *b = arg;

	buf_adds(b, addr);
	buf_addc(b, '|');
	return strcmp(addr, "bad") != 0;
}

struct scase {
	const char *list;
	unsigned eflags;	/* before */
	const char *want;
	unsigned after;		/* INTAKE_OLDSTYLE after */
};

static const struct scase scases[] = {
	{ "alice", INTAKE_OLDSTYLE, "alice|", INTAKE_OLDSTYLE },
	{ "bob alice", INTAKE_OLDSTYLE, "alice|bob|", INTAKE_OLDSTYLE },
	{ "bob alice", 0, "bob alice|", 0 },
	{ "bob, alice", INTAKE_OLDSTYLE, "alice|bob|", 0 },
	{ "bob , carol  , (c) dave", INTAKE_OLDSTYLE,
	  "(c) dave|carol  |bob |", 0 },
	{ "\"x, y\" <e@x>, f@y", 0, "f@y|\"x, y\" <e@x>|", 0 },
	{ "friends: bob, alice;, carol", 0, "carol|alice;|friends: bob|", 0 },
	{ ",, ,a,,", 0, "a|", 0 },
	{ "", 0, "", 0 },
	{ " \t ", INTAKE_OLDSTYLE, "", INTAKE_OLDSTYLE },
	{ "<@a,@b:u@c>, d", 0, "d|<@a,@b:u@c>|", 0 },
	{ "a\\ b c", INTAKE_OLDSTYLE, "c|b|a\\|", INTAKE_OLDSTYLE },
	{ "x (a, b)", INTAKE_OLDSTYLE, "x (a, b)|", 0 },
	{ "a;b", INTAKE_OLDSTYLE, "a;b|", 0 },
};

static void
test_split(void)
{
	size_t i;

	for (i = 0; i < sizeof(scases) / sizeof(scases[0]); i++) {
		struct buf b = BUF_INIT;
		unsigned e = scases[i].eflags;

		hdr_rcpt_split(scases[i].list, &e, collect, &b);
		T_STREQ(buf_str(&b), scases[i].want);
		T_INTEQ(e & INTAKE_OLDSTYLE, scases[i].after);
		buf_free(&b);
	}
	{
		struct buf b = BUF_INIT;
		unsigned e = 0;

		/* fn's answer is counted */
		T_INTEQ(hdr_rcpt_split("a, bad, c", &e, collect, &b), 2);
		buf_free(&b);
	}
}

/* list - a header list from "Name: value" lines joined by '|' */
static void
list(struct hdr_list *l, const char *spec, unsigned *eflags)
{
	struct hdr_chomp_ctx ctx;
	const char *p = spec, *e;

	memset(&ctx, 0, sizeof(ctx));
	ctx.eflags = eflags;
	hdr_list_init(l);
	while (*p != '\0') {
		e = strchr(p, '|');
		if (e == NULL)
			e = p + strlen(p);
		hdr_chomp(l, p, (size_t)(e - p), &ctx, NULL);
		p = *e ? e + 1 : e;
	}
}

struct gcase {
	const char *headers;
	const char *want;
};

static const struct gcase gcases[] = {
	{ "To: bob|Bcc: alice|Subject: x", "bob|alice|" },
	{ "Bcc: alice, bob", "bob|alice|" },
	{ "To: bob|Cc: carol, \"D\" <d@x>|Apparently-To: e", "bob|\"D\" <d@x>|carol|e|" },
	{ "To: bob|Resent-To: alice|Resent-Cc: c|Resent-Bcc: d", "alice|c|d|" },
	{ "To: a,\n b|From: c", "b|a|" },
	{ "To: bob alice", "alice|bob|" },
	{ "To: bob alice|Cc: c, d", "bob alice|d|c|" },
	{ "From: x, y|Reply-To: z|Sender: w", "" },
	{ "Errors-To: e|Return-Receipt-To: r", "" },
};

static void
test_grab(void)
{
	size_t i;

	for (i = 0; i < sizeof(gcases) / sizeof(gcases[0]); i++) {
		struct hdr_list l;
		struct buf b = BUF_INIT;
		unsigned e = INTAKE_OLDSTYLE;

		list(&l, gcases[i].headers, &e);
		hdr_rcpt_grab(&l, &e, collect, &b);
		T_STREQ(buf_str(&b), gcases[i].want);
		buf_free(&b);
		hdr_list_free(&l);
	}
}

struct ncase {
	const char *headers;
	int action;
	const char *want;	/* the headers after, "Name:raw|" */
	bool delete_bcc;
};

static const struct ncase ncases[] = {
	{ "Subject: x", OPT_NRA_NONE, "Subject: x|", false },
	{ "Subject: x", OPT_NRA_ADD_TO, "Subject: x|To: bob|To: alice|", false },
	{ "Subject: x", OPT_NRA_ADD_APPARENTLY_TO,
	  "Subject: x|Apparently-To: bob|Apparently-To: alice|", false },
	{ "Subject: x", OPT_NRA_ADD_BCC, "Subject: x|Bcc:  |", false },
	{ "Subject: x", OPT_NRA_ADD_TO_UNDISCLOSED,
	  "Subject: x|To: undisclosed-recipients:;|", false },
	{ "To: x|Bcc: y", OPT_NRA_ADD_TO, "To: x|Bcc: y|", true },
	{ "Cc: x", OPT_NRA_ADD_TO, "Cc: x|", true },
	{ "Apparently-To: x", OPT_NRA_ADD_TO, "Apparently-To: x|", true },
	{ "Bcc: y", OPT_NRA_ADD_TO, "Bcc: y|", false },
	{ "Resent-To: y", OPT_NRA_ADD_TO, "Resent-To: y|To: bob|To: alice|",
	  false },
};

static void
test_norcpt(void)
{
	static const char *const rcpts[] = { "alice", "bob" };
	size_t i, k;

	for (i = 0; i < sizeof(ncases) / sizeof(ncases[0]); i++) {
		struct hdr_list l;
		struct buf b = BUF_INIT;
		unsigned e = 0;

		list(&l, ncases[i].headers, &e);
		hdr_rcpt_norcpt(&l, ncases[i].action, rcpts, 2, &e);
		for (k = 0; k < l.n; k++) {
			buf_adds(&b, l.v[k].name);
			buf_addc(&b, ':');
			hdr_raw(&l.v[k], &b);
			buf_addc(&b, '|');
		}
		T_STREQ(buf_str(&b), ncases[i].want);
		T_INTEQ((e & INTAKE_DELETE_BCC) != 0, ncases[i].delete_bcc);
		buf_free(&b);
		hdr_list_free(&l);
	}
}

static void
test_hops(void)
{
	struct hdr_list l;
	struct buf msg = BUF_INIT;
	unsigned e = 0;

	list(&l, "Received: a|Via: b|Mail-From: c|X-Received: d|"
	    "Received: e", &e);
	T_INTEQ(hdr_hops_count(&l), 4);
	l.v[0].deleted = true;
	T_INTEQ(hdr_hops_count(&l), 3);
	hdr_list_free(&l);
	T_CHECK(hdr_hops_check(25, 25, "root", NULL, "alice", &msg));
	T_INTEQ(msg.len, 0);
	T_CHECK(!hdr_hops_check(27, 25, "root", NULL, "alice", &msg));
	T_STREQ(buf_str(&msg), "554 5.4.6 Too many hops 27 (25 max): from "
	    "root via localhost, to alice\n");
	buf_reset(&msg);
	T_CHECK(!hdr_hops_check(4, 3, "<>", "client.example.org", NULL, &msg));
	T_STREQ(buf_str(&msg), "554 5.4.6 Too many hops 4 (3 max): from "
	    "<> via client.example.org, to (nobody)\n");
	buf_free(&msg);
}

int
main(void)
{
	test_split();
	test_grab();
	test_norcpt();
	test_hops();
	T_DONE();
}
