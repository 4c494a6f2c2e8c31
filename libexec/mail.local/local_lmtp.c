/* local_lmtp.c - mail.local -l: an RFC 2033 LMTP server on stdin/stdout */
#include "local.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "deliver/lmtp_cmd.h"
#include "util/msg.h"

struct session {
	const struct local_opts *o;
	struct local_in in;
	struct buf line;	/* the current command, without CRLF */
	struct buf sender;	/* MAIL FROM, without brackets */
	int lhlo;		/* LHLO seen */
	int have_mail;
	struct local_rcpt *rcpt;
	size_t nrcpt;
	int spool_fd;		/* opened at the first DATA */
	char host[256];
};

/* reply - one reply line; a client that went away ends the session */
static void
reply(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)vprintf(fmt, ap);
	va_end(ap);
	if (fputs("\r\n", stdout) == EOF || fflush(stdout) == EOF)
		msg_fatal(EX_IOERR, "cannot write to the LMTP client: %m");
}

/* reset - forget the transaction */
static void
reset(struct session *s)
{
	size_t i;

	for (i = 0; i < s->nrcpt; i++)
		local_user_free(&s->rcpt[i]);
	s->nrcpt = 0;
	s->have_mail = 0;
	buf_reset(&s->sender);
}

/* read_line - next command line; 1, or 0 at EOF; *too_long if cut */
static int
read_line(struct session *s, int *too_long)
{
	buf_reset(&s->line);
	*too_long = 0;
	for (;;) {
		char *start, *nl;
		size_t n;

		if (!local_in_fill(&s->in))
			return 0;
		start = s->in.data + s->in.start;
		nl = memchr(start, '\n', s->in.end - s->in.start);
		n = nl ? (size_t)(nl - start) : s->in.end - s->in.start;
		if (s->line.len + n > LOCAL_LINE_MAX)
			*too_long = 1;
		else
			buf_add(&s->line, start, n);
		s->in.start += n + (nl != NULL);
		if (nl != NULL)
			break;
	}
	if (s->line.len > 0 && s->line.data[s->line.len - 1] == '\r')
		buf_truncate(&s->line, s->line.len - 1);
	if (memchr(s->line.data ? s->line.data : "", '\0', s->line.len))
		*too_long = 1;	/* a NUL: treat as unparsable, like too long */
	return 1;
}

static void
do_lhlo(struct session *s, const char *arg)
{
	if (*arg == '\0') {
		reply("501 5.5.4 LHLO requires a domain name");
		return;
	}
	reset(s);
	s->lhlo = 1;
	reply("250-%s", s->host);
	if (!s->o->no8bit)
		reply("250-8BITMIME");
	reply("250-ENHANCEDSTATUSCODES");
	reply("250 PIPELINING");
}

static void
do_mail(struct session *s, const char *arg)
{
	struct buf addr = BUF_INIT;
	const char *params;

	if (!s->lhlo)
		reply("503 5.5.1 Send LHLO first");
	else if (s->have_mail)
		reply("503 5.5.1 Nested MAIL command");
	else if (lmtp_cmd_path(arg, "FROM:", &addr, &params) != 0)
		reply("501 5.5.4 Syntax error in MAIL FROM");
	else {
		/* SIZE= and BODY= need nothing from a local mailbox */
		buf_set(&s->sender, buf_str(&addr));
		s->have_mail = 1;
		reply("250 2.1.0 <%s>... Sender ok", buf_str(&addr));
	}
	buf_free(&addr);
}

static void
do_rcpt(struct session *s, const char *arg)
{
	struct buf addr = BUF_INIT, user = BUF_INIT;
	struct mbox_status st;
	struct local_rcpt r;
	const char *params;

	if (!s->have_mail)
		reply("503 5.5.1 Need MAIL command");
	else if (lmtp_cmd_path(arg, "TO:", &addr, &params) != 0 ||
	    lmtp_cmd_local(buf_str(&addr), &user) != 0)
		reply("501 5.5.4 Syntax error in RCPT TO");
	else if (s->nrcpt >= LOCAL_MAX_RCPT)
		reply("452 4.5.3 Too many recipients");
	else if (local_user_lookup(s->o, buf_str(&user), &r, &st) != 0)
		reply("%s", st.reply);
	else {
		s->rcpt[s->nrcpt++] = r;
		reply("250 2.1.5 <%s>... Recipient ok", buf_str(&user));
	}
	buf_free(&addr);
	buf_free(&user);
}

/* do_data - read the message, then one reply per accepted recipient */
static int
do_data(struct session *s, const char *arg)
{
	struct mbox_status st;
	int spool_err = 0;
	size_t i;

	if (!s->have_mail) {
		reply("503 5.5.1 Need MAIL command");
		return 0;
	}
	if (s->nrcpt == 0) {
		reply("503 5.5.1 No valid recipients");
		return 0;
	}
	if (*arg != '\0') {
		reply("501 5.5.4 DATA takes no arguments");
		return 0;
	}
	if (s->spool_fd < 0 && (s->spool_fd = local_spool_open()) < 0) {
		spool_err = errno;
		msg_warn("cannot create a spool file");
	}
	reply("354 Enter mail, end with \".\" on a line by itself");
	if (s->spool_fd >= 0) {
		if (local_spool_read(&s->in, 1, s->spool_fd, &spool_err) != 0)
			return -1;	/* the client went away mid-message */
	} else {
		/* read and drop the message to stay in step */
		int drop = -1;

		if (local_spool_read(&s->in, 1, drop, &drop) != 0)
			return -1;
	}
	for (i = 0; i < s->nrcpt; i++) {
		if (spool_err != 0)
			mbox_status_errno(&st, spool_err, 0, s->rcpt[i].user,
			    "cannot write the spool file");
		else
			(void)local_user_deliver(s->o, &s->rcpt[i],
			    s->spool_fd, buf_str(&s->sender), &st);
		if (st.ex != EX_OK)
			msg_warnx("%s", st.reply);
		reply("%s", st.reply);
	}
	reset(s);
	return 0;
}

/* local_lmtp - serve one LMTP session; the exit status of mail.local */
int
local_lmtp(const struct local_opts *o)
{
	struct session s;
	struct lmtp_cmd c;
	int too_long, rc = EX_OK;

	memset(&s, 0, sizeof(s));
	s.o = o;
	s.spool_fd = -1;
	buf_init(&s.line);
	buf_init(&s.sender);
	s.rcpt = xcalloc(LOCAL_MAX_RCPT, sizeof(*s.rcpt));
	local_in_init(&s.in, 0);
	if (gethostname(s.host, sizeof(s.host)) != 0)
		strcpy(s.host, "localhost");
	s.host[sizeof(s.host) - 1] = '\0';
	reply("220 %s LMTP tern mail.local ready", s.host);
	while (read_line(&s, &too_long)) {
		if (too_long) {
			reply("500 5.5.2 Line too long");
			continue;
		}
		lmtp_cmd_parse(buf_str(&s.line), &c);
		switch (c.verb) {
		case LMTP_LHLO:
			do_lhlo(&s, c.arg);
			break;
		case LMTP_MAIL:
			do_mail(&s, c.arg);
			break;
		case LMTP_RCPT:
			do_rcpt(&s, c.arg);
			break;
		case LMTP_DATA:
			if (do_data(&s, c.arg) != 0) {
				rc = EX_PROTOCOL;
				goto out;
			}
			break;
		case LMTP_RSET:
			reset(&s);
			reply("250 2.0.0 Reset state");
			break;
		case LMTP_NOOP:
			reply("250 2.0.0 OK");
			break;
		case LMTP_VRFY:
			reply("252 2.5.2 Cannot VRFY user");
			break;
		case LMTP_QUIT:
			reply("221 2.0.0 %s closing connection", s.host);
			goto out;
		case LMTP_HELO:
			reply("500 5.5.1 This is LMTP: use LHLO");
			break;
		default:
			reply("500 5.5.1 Command unrecognized");
			break;
		}
	}
out:
	reset(&s);
	free(s.rcpt);
	buf_free(&s.line);
	buf_free(&s.sender);
	if (s.spool_fd >= 0)
		(void)close(s.spool_fd);
	return rc;
}
