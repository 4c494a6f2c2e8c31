/*
 * qf_read.c - a version 8 control file back into an envelope.
 *
 * The reading loop is sendmail's readqf(): each line, with the lines
 * after it that start with a blank joined on ("\n" kept), is dispatched
 * on its first byte.  The checks and messages are sendmail's where it
 * has them; qf.h lists where tern is stricter.
 */
#include "queue/qf.h"
#include "msg/intake.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/sysmacros.h>
#include <sys/types.h>

#define QF_SHORTSTR	203	/* sendmail's MAXSHORTSTR in "bad line" */

struct qf_read_state {
	struct envelope *e;
	struct buf *err;
	const char *path;	/* for messages */
	int lineno;		/* physical lines read so far */
	int qfver;
	bool seen_sender;
	bool terminated;
	char *ctladdr;		/* current C line, owned */
	char *orcpt;		/* pending Q line, decoded, owned */
	char *orcpt_xtext;	/* ... as written, owned */
	char *final;		/* pending r line, owned */
	char *reply;		/* pending per-recipient M line, owned */
};

/* qf_read_fail - sendmail's complaint in err; QF_ERR */
static int
qf_read_fail(struct qf_read_state *st, const char *fmt, const char *arg)
{
	buf_reset(st->err);
	buf_addf(st->err, fmt, arg);
	return QF_ERR;
}

/* qf_read_long - atol as sendmail uses it: leading number, saturating */
static long
qf_read_long(const char *s)
{
	long v;

	errno = 0;
	v = strtol(s, NULL, 10);
	return v;
}

/* qf_read_set - replace an owned string */
static void
qf_read_set(char **slot, const char *s)
{
	free(*slot);
	*slot = xstrdup(s);
}

/* qf_read_unbracket - "<a@b>" -> "a@b"; anything else as is */
static char *
qf_read_unbracket(const char *s)
{
	size_t n = strlen(s);

	if (n >= 2 && s[0] == '<' && s[n - 1] == '>')
		return xstrndup(s + 1, n - 2);
	return xstrdup(s);
}

/* qf_read_xtext - decode an xtext line; NULL if invalid or holding NUL */
static char *
qf_read_xtext(const char *s)
{
	struct buf b = BUF_INIT;
	char *r;

	if (!qf_xtext_decode(&b, s) || memchr(buf_str(&b), '\0', b.len) != NULL) {
		buf_free(&b);
		return NULL;
	}
	buf_str(&b);
	r = b.data != NULL ? buf_steal(&b) : xstrdup("");
	return r;
}

/* qf_read_flags - the F line letters */
static void
qf_read_flags(struct envelope *e, const char *p)
{
	bool d = false, n = false;

	for (; *p != '\0'; p++) {
		switch (*p) {
		case 'w': e->flags |= QF_F_WARNING; break;
		case 'r': e->flags |= QF_F_RESPONSE; break;
		case '8': e->flags |= QF_F_8BIT; break;
		case 'b': e->flags |= QF_F_DELBCC; break;
		case 'd': d = true; break;
		case 'n': n = true; break;
		case 's': e->flags |= QF_F_SPLIT; break;
		case 'e': e->smtputf8 = true; break;
		default: break;		/* sendmail ignores the others */
		}
	}
	if (d)
		e->ret = n ? ENV_RET_HDRS : ENV_RET_FULL;
	else if (n)
		e->flags |= QF_F_NOBODYRETN;
}

/* qf_read_rcpt - an R line */
static int
qf_read_rcpt(struct qf_read_state *st, const char *line)
{
	const char *p = line + 1;
	unsigned notify = 0, flags = 0;
	bool hasnotify = false;
	struct rcpt *r;

	if (st->qfver >= 1) {
		for (; *p != '\0' && *p != ':'; p++) {
			switch (*p) {
			case 'P': flags |= RCPT_PRIMARY; break;
			case 'N': hasnotify = true; break;
			case 'S': notify |= RCPT_NOTIFY_SUCCESS; break;
			case 'F': notify |= RCPT_NOTIFY_FAILURE; break;
			case 'D': notify |= RCPT_NOTIFY_DELAY; break;
			case 'B': flags |= RCPT_INTBCC; break;
			case 'A': flags |= RCPT_ALIAS; break;
			case 'M': flags |= RCPT_DYNMAILER; break;
			default: break;
			}
		}
		if (*p != ':')
			return qf_read_fail(st, "bad recipient line \"%s\"", line);
		p++;
	} else
		flags |= RCPT_PRIMARY;
	if (hasnotify) {
		if (notify == 0)
			notify = RCPT_NOTIFY_NEVER;
	} else if (notify == (RCPT_NOTIFY_FAILURE | RCPT_NOTIFY_DELAY))
		notify = 0;
	else if (st->qfver >= 1)
		flags |= RCPT_PINGS;
	r = envelope_add_rcpt(st->e, "");
	free(r->addr);
	r->addr = qf_read_unbracket(p);
	r->paddr = xstrdup(p);
	r->notify = notify;
	r->flags = flags;
	r->orcpt = st->orcpt;
	r->orcpt_xtext = st->orcpt_xtext;
	if (r->orcpt != NULL)
		r->flags |= RCPT_HASORCPT;
	r->final = st->final;
	r->reply = st->reply;
	r->ctladdr = st->ctladdr != NULL ? xstrdup(st->ctladdr) : NULL;
	st->orcpt = st->orcpt_xtext = st->final = st->reply = NULL;
	return QF_OK;
}

/* qf_read_header - an H line, by the header code's own reader */
static int
qf_read_header(struct qf_read_state *st, const char *line)
{
	if (!hdr_qf_parse(&st->e->headers, line + 1))
		return qf_read_fail(st, "header syntax error, line \"%s\"", line);
	return QF_OK;
}

/* qf_read_macro - a $ line: $x value or ${name}value */
static int
qf_read_macro(struct qf_read_state *st, const char *line)
{
	const char *p = line + 1, *end;
	char *name;

	if (*p == '\0')
		return QF_OK;		/* sendmail: no macro, ignored */
	if (*p == '{') {
		end = strchr(p, '}');
		if (end == NULL || end == p + 1)
			return qf_read_fail(st, "Unbalanced { on %s", p);
		name = xstrndup(p, (size_t)(end - p + 1));
		p = end + 1;
	} else {
		name = xstrndup(p, 1);
		p++;
	}
	envelope_set_macro(st->e, name, p);
	free(name);
	return QF_OK;
}

/* qf_read_deliverby - !<flag> <seconds> */
static void
qf_read_deliverby(struct envelope *e, const char *line)
{
	e->dlvr_flag = (unsigned char)line[1];
	e->deliver_by = line[1] != '\0' && line[2] != '\0' ?
	    qf_read_long(line + 3) : 0;
}

/* qf_read_inode - I<major>/<minor>/<inode>, only kept when well formed */
static void
qf_read_inode(struct envelope *e, const char *p)
{
	unsigned long maj, min, ino;
	char *end;

	errno = 0;
	maj = strtoul(p, &end, 10);
	if (*end != '/')
		return;
	min = strtoul(end + 1, &end, 10);
	if (*end != '/')
		return;
	ino = strtoul(end + 1, &end, 10);
	if (*end != '\0' || errno != 0)
		return;
	e->df_dev = (unsigned long)makedev(maj, min);
	e->df_ino = ino;
}

/* qf_read_line - dispatch one (joined) line */
static int
qf_read_line(struct qf_read_state *st, const char *line)
{
	struct envelope *e = st->e;
	int r;

	if (st->terminated)
		return qf_read_fail(st,
		    "SECURITY ALERT: extra or bogus data in queue file: %s", line);
	switch (line[0]) {
	case 'A':
		if (!qf_xtext_ok(line + 1))
			return qf_read_fail(st,
			    "SECURITY ALERT: extra or bogus data in queue file: %s",
			    line);
		qf_read_set(&e->auth, line + 1);
		break;
	case 'B':
		if (strcasecmp(line + 1, "7BIT") != 0 &&
		    strcasecmp(line + 1, "8BITMIME") != 0)
			return qf_read_fail(st,
			    "SECURITY ALERT: extra or bogus data in queue file: %s",
			    line);
		qf_read_set(&e->bodytype, line + 1);
		break;
	case 'C':
		free(st->ctladdr);
		st->ctladdr = line[1] != '\0' ? xstrdup(line + 1) : NULL;
		break;
	case 'D':
	case 'I':
	case 'L':
		if (line[0] == 'I')
			qf_read_inode(e, line + 1);
		break;
	case 'd':
		qf_read_set(&e->dfdir, line + 1);
		break;
	case 'E':
		qf_read_set(&e->errors_to, line + 1);
		break;
	case 'F':
		if (strncmp(line, "From ", 5) == 0)
			return qf_read_fail(st, "SECURITY ALERT: bogus qf line %s",
			    line);
		qf_read_flags(e, line + 1);
		break;
	case 'q':
		qf_read_set(&e->quarantine, line + 1);
		break;
	case 'H':
		return qf_read_header(st, line);
	case 'K':
		e->dtime = (time_t)qf_read_long(line + 1);
		break;
	case 'M':
		if (st->seen_sender)
			qf_read_set(&st->reply, line + 1);
		else
			qf_read_set(&e->message, line + 1);
		break;
	case 'N': {
		long n = qf_read_long(line + 1);

		e->ntries = n > INT_MAX ? INT_MAX : n < INT_MIN ? INT_MIN : (int)n;
		break;
	}
	case 'P':
		e->priority = qf_read_long(line + 1);
		break;
	case 'Q':
		free(st->orcpt);
		if ((st->orcpt = qf_read_xtext(line + 1)) == NULL)
			return qf_read_fail(st, "bad ORCPT (not xtext): %s", line);
		qf_read_set(&st->orcpt_xtext, line + 1);
		break;
	case 'r':
		qf_read_set(&st->final, line + 1);
		break;
	case 'R':
		return qf_read_rcpt(st, line);
	case 'S':
		free(e->sender);
		e->sender = qf_read_unbracket(line + 1);
		qf_read_set(&e->sender_paddr, line + 1);
		st->seen_sender = true;
		break;
	case 'T':
		e->ctime = (time_t)qf_read_long(line + 1);
		break;
	case 'V':
		st->qfver = (int)qf_read_long(line + 1);
		if (st->qfver > QF_VERSION) {
			buf_reset(st->err);
			buf_addf(st->err, "Version number in queue file (%d) "
			    "greater than max (%d)", st->qfver, QF_VERSION);
			return QF_ERR;
		}
		break;
	case 'Z':
		free(e->envid);
		if ((e->envid = qf_read_xtext(line + 1)) == NULL)
			return qf_read_fail(st, "bad ENVID (not xtext): %s", line);
		qf_read_set(&e->envid_xtext, line + 1);
		break;
	case '!':
		qf_read_deliverby(e, line);
		break;
	case '$':
		if ((r = qf_read_macro(st, line)) != QF_OK)
			return r;
		break;
	case '.':
		st->terminated = true;
		break;
	default: {
		char shown[QF_SHORTSTR + 1];
		size_t n = strlen(line);

		/* sendmail's shortenstring: the middle becomes "..." */
		if (n > QF_SHORTSTR) {
			memcpy(shown, line, QF_SHORTSTR / 2 - 1);
			memcpy(shown + QF_SHORTSTR / 2 - 1, "...", 3);
			memcpy(shown + QF_SHORTSTR / 2 + 2,
			    line + n - (QF_SHORTSTR - QF_SHORTSTR / 2 - 2),
			    QF_SHORTSTR - QF_SHORTSTR / 2 - 2);
			shown[QF_SHORTSTR] = '\0';
		} else
			memcpy(shown, line, n + 1);
		buf_reset(st->err);
		buf_addf(st->err, "readqf: %s: line %d: bad line \"%s\"",
		    st->path, st->lineno, shown);
		return QF_ERR;
	}
	}
	return QF_OK;
}

/* qf_read - parse len bytes of a control file into e */
int
qf_read(const char *data, size_t len, const char *path, struct envelope *e,
    struct buf *err)
{
	struct qf_read_state st;
	struct buf line = BUF_INIT;
	size_t pos = 0, nlines = 0;
	int rc = QF_OK;

	memset(&st, 0, sizeof(st));
	st.e = e;
	st.err = err;
	st.path = path != NULL ? path : "qf";
	while (pos < len && rc == QF_OK) {
		const char *nl;
		size_t n;

		/* one physical line, then its continuation lines */
		buf_reset(&line);
		for (;;) {
			nl = memchr(data + pos, '\n', len - pos);
			n = nl != NULL ? (size_t)(nl - (data + pos)) : len - pos;
			buf_add(&line, data + pos, n);
			pos += n + (nl != NULL);
			st.lineno++;
			if (pos >= len || (data[pos] != ' ' && data[pos] != '\t'))
				break;
			buf_addc(&line, '\n');
		}
		nlines++;
		if (memchr(buf_str(&line), '\0', line.len) != NULL) {
			rc = qf_read_fail(&st, "NUL byte in line \"%s\"",
			    buf_str(&line));
			break;
		}
		rc = qf_read_line(&st, buf_str(&line));
	}
	if (rc == QF_OK && nlines == 0)
		rc = QF_EMPTY;
	else if (rc == QF_OK && !st.terminated)
		rc = qf_read_fail(&st, "readqf: %s: incomplete queue file read",
		    st.path);
	free(st.ctladdr);
	free(st.orcpt);
	free(st.orcpt_xtext);
	free(st.final);
	free(st.reply);
	buf_free(&line);
	return rc;
}
