/* test_lmtp.c - LMTP command parsing, user-name checks, status mapping */
#include "t.h"
#include "deliver/lmtp_cmd.h"
#include "deliver/mbox_path.h"
#include "deliver/mbox_status.h"

#include <errno.h>
#include <sysexits.h>

static const struct { const char *line; enum lmtp_verb verb; const char *arg; }
    verb_cases[] = {
	{ "LHLO host", LMTP_LHLO, "host" },
	{ "lhlo host", LMTP_LHLO, "host" },
	{ "MAIL FROM:<a@b>", LMTP_MAIL, "FROM:<a@b>" },
	{ "DATA", LMTP_DATA, "" },
	{ "QUIT", LMTP_QUIT, "" },
	{ "DATAX", LMTP_UNKNOWN, "" },
	{ "RSET", LMTP_RSET, "" },
	{ "EHLO x", LMTP_HELO, "x" },
	{ "", LMTP_UNKNOWN, "" },
	{ "QUI", LMTP_UNKNOWN, "" },
};

static const struct { const char *arg, *kw; int rc; const char *addr, *params; }
    path_cases[] = {
	{ "FROM:<a@b>", "FROM:", 0, "a@b", "" },
	{ "from: <a@b> SIZE=10 BODY=8BITMIME", "FROM:", 0, "a@b",
	  "SIZE=10 BODY=8BITMIME" },
	{ "FROM:<>", "FROM:", 0, "", "" },
	{ "TO:<\"a>b\"@c>", "TO:", 0, "\"a>b\"@c", "" },
	{ "TO:<a\\>b@c>", "TO:", 0, "a\\>b@c", "" },
	{ "TO:a@b", "TO:", -1, "", "" },
	{ "TO:<a@b", "TO:", -1, "", "" },
	{ "TO:<a@b>x", "TO:", -1, "", "" },
	{ "FROM:<a>", "TO:", -1, "", "" },
};

static const struct { const char *addr; int rc; const char *user; }
    local_cases[] = {
	{ "alice", 0, "alice" },
	{ "alice@example.org", 0, "alice" },
	{ "\"a b\"@x", 0, "a b" },
	{ "\"a@b\"@x", 0, "a@b" },
	{ "@r1,@r2:bob@x", 0, "bob" },
	{ "@x", -1, "" },
	{ "", -1, "" },
};

static const struct { const char *user; int ok; } user_cases[] = {
	{ "alice", 1 }, { "a.b-c_d", 1 }, { "", 0 }, { ".", 0 }, { "..", 0 },
	{ "../x", 0 }, { "a/b", 0 }, { "-f", 0 }, { "a\nb", 0 }, { "a b", 1 },
	{ "..a", 1 },
};

int
main(void)
{
	struct buf addr = BUF_INIT, user = BUF_INIT, path = BUF_INIT;
	struct lmtp_cmd c;
	struct mbox_status st;
	const char *params;
	size_t i;

	for (i = 0; i < sizeof(verb_cases) / sizeof(verb_cases[0]); i++) {
		lmtp_cmd_parse(verb_cases[i].line, &c);
		T_INTEQ(c.verb, verb_cases[i].verb);
		if (c.verb != LMTP_UNKNOWN)
			T_STREQ(c.arg, verb_cases[i].arg);
	}
	for (i = 0; i < sizeof(path_cases) / sizeof(path_cases[0]); i++) {
		int rc = lmtp_cmd_path(path_cases[i].arg, path_cases[i].kw,
		    &addr, &params);

		T_INTEQ(rc, path_cases[i].rc);
		if (rc == 0) {
			T_STREQ(buf_str(&addr), path_cases[i].addr);
			T_STREQ(params, path_cases[i].params);
		}
	}
	for (i = 0; i < sizeof(local_cases) / sizeof(local_cases[0]); i++) {
		int rc = lmtp_cmd_local(local_cases[i].addr, &user);

		T_INTEQ(rc, local_cases[i].rc);
		if (rc == 0)
			T_STREQ(buf_str(&user), local_cases[i].user);
	}
	for (i = 0; i < sizeof(user_cases) / sizeof(user_cases[0]); i++)
		T_INTEQ(mbox_path_user_ok(user_cases[i].user),
		    user_cases[i].ok);
	mbox_path_build(&path, "/var/mail", "alice");
	T_STREQ(buf_str(&path), "/var/mail/alice");
	mbox_path_build(&path, "/var/mail/", "alice");
	T_STREQ(buf_str(&path), "/var/mail/alice");

	mbox_status_errno(&st, EDQUOT, 0, "u", "write");
	T_INTEQ(st.ex, EX_TEMPFAIL);
	T_CHECK(strncmp(st.reply, "452 4.2.2 <u>... Mailbox full", 29) == 0);
	mbox_status_errno(&st, EDQUOT, 1, "u", "write");
	T_INTEQ(st.ex, EX_UNAVAILABLE);
	T_CHECK(strncmp(st.reply, "552 5.2.2 ", 10) == 0);
	mbox_status_errno(&st, ENOSPC, 1, "u", "write");
	T_INTEQ(st.ex, EX_TEMPFAIL);
	T_CHECK(strncmp(st.reply, "452 4.3.1 ", 10) == 0);
	mbox_status_errno(&st, EIO, 0, "u", "write");
	T_CHECK(strncmp(st.reply, "451 4.3.0 <u>... write: ", 24) == 0);
	mbox_status_set(&st, EX_NOUSER, "550 5.1.1", "<%s>... User unknown",
	    "a\r\nb");
	T_STREQ(st.reply, "550 5.1.1 <a??b>... User unknown");
	T_STREQ(mbox_status_text(&st), "<a??b>... User unknown");

	buf_free(&addr);
	buf_free(&user);
	buf_free(&path);
	T_DONE();
}
