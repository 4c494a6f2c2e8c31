/*
 * qf_write.c - an envelope as sendmail 8.17's version 8 control file.
 *
 * The order and spelling of every line follow what sendmail's queueup()
 * writes (observed from the real binary, see tests/golden/bp/).  What
 * cannot be written without changing the data is refused (qf.h).
 */
#include "queue/qf.h"

#include <stdio.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <sys/types.h>

#define QF_QUOTE	0377	/* sendmail's METAQUOTE */
#define QF_MACRO	0201	/* MACROEXPAND: $x */
#define QF_MACRODEX	0202	/* MACRODEXPAND: $&x */
#define QF_CONDIF	0203	/* $? */
#define QF_CONDELSE	0204	/* $| */
#define QF_CONDFI	0205	/* $. */

/* qf_write_fail - say why in err; -1 */
static int
qf_write_fail(struct buf *err, const char *what, const char *why)
{
	buf_reset(err);
	buf_addf(err, "%s: %s", what, why);
	return -1;
}

/* qf_write_plain - a one-line field: LF refused, everything else as is */
static int
qf_write_plain(struct buf *out, int letter, const char *s, const char *what,
    struct buf *err)
{
	if (strchr(s, '\n') != NULL)
		return qf_write_fail(err, what, "line feed cannot be queued");
	buf_addc(out, letter);
	buf_adds(out, s);
	buf_addc(out, '\n');
	return 0;
}

/* qf_write_quoted - header text with 0x80-0x9f and 0xff quoted */
static void
qf_write_quoted(struct buf *out, unsigned char c)
{
	if ((c & 0340) == 0200 || c == QF_QUOTE)
		buf_addc(out, QF_QUOTE);
	buf_addc(out, c);
}

/*
 * qf_write_template - a .cf header template: $-syntax to sendmail's
 * internal bytes.  Returns false on a '$' at the very end.
 */
static bool
qf_write_template(struct buf *out, const char *v)
{
	const unsigned char *p = (const unsigned char *)v;

	while (*p != '\0') {
		if (*p != '$') {
			qf_write_quoted(out, *p++);
			continue;
		}
		switch (p[1]) {
		case '\0':
			return false;
		case '$':
			buf_addc(out, '$');
			p += 2;
			continue;
		case '?':
			buf_addc(out, QF_CONDIF);
			break;
		case '|':
			buf_addc(out, QF_CONDELSE);
			break;
		case '.':
			buf_addc(out, QF_CONDFI);
			break;
		case '&':
			if (p[2] == '\0')
				return false;
			buf_addc(out, QF_MACRODEX);
			buf_addc(out, p[2]);
			p += 3;
			continue;
		default:
			buf_addc(out, QF_MACRO);
			buf_addc(out, p[1]);
			break;
		}
		p += 2;
	}
	return true;
}

/* qf_write_header - one H line; -1 (err set) if it cannot be written */
static int
qf_write_header(struct buf *out, const struct hdr *h, struct buf *err)
{
	const unsigned char *p;
	const char *v = h->value != NULL ? h->value : "";
	int c;

	if (h->name == NULL || h->name[0] == '\0')
		return qf_write_fail(err, "header", "empty name");
	for (p = (const unsigned char *)h->name; *p != '\0'; p++)
		if (*p <= ' ' || *p >= 0177 || *p == ':')
			return qf_write_fail(err, "header name",
			    "not printable ASCII without ':'");
	for (p = (const unsigned char *)v; *p != '\0'; p++)
		if (*p == '\n' && p[1] != ' ' && p[1] != '\t')
			return qf_write_fail(err, h->name,
			    "line feed not followed by a blank");
	buf_adds(out, "H?");
	if (h->cond_macro != NULL && h->cond_macro[0] != '\0') {
		if (strchr(h->cond_macro, '?') != NULL ||
		    strchr(h->cond_macro, '\n') != NULL ||
		    strchr(h->cond_macro, '}') != NULL)
			return qf_write_fail(err, h->name, "bad condition macro");
		if (h->cond_macro[1] == '\0')
			buf_addf(out, "$%c", h->cond_macro[0]);
		else
			buf_addf(out, "${%s}", h->cond_macro);
	} else {
		for (c = '!'; c < 0177; c++)
			if (c != '?' && c != '$' &&
			    (h->mflags[c / 8] & (1 << (c % 8))) != 0)
				buf_addc(out, c);
	}
	buf_addc(out, '?');
	buf_adds(out, h->name);
	buf_addc(out, ':');
	/* "Name: value"; a value already starting with a blank (a parser
	   that keeps them) or a folded line is written as it is */
	if (v[0] != '\0' && v[0] != '\n' && v[0] != ' ' && v[0] != '\t')
		buf_addc(out, ' ');
	if ((h->flags & QF_H_DEFAULT) != 0) {
		if (!qf_write_template(out, v))
			return qf_write_fail(err, h->name, "'$' at end of template");
	} else {
		for (p = (const unsigned char *)v; *p != '\0'; p++)
			qf_write_quoted(out, *p);
	}
	buf_addc(out, '\n');
	return 0;
}

/* qf_write_macro - one $ line */
static int
qf_write_macro(struct buf *out, const struct env_macro *m, struct buf *err)
{
	size_t n = strlen(m->name);

	if (n == 0 || strchr(m->name, '\n') != NULL ||
	    (n == 1 && m->name[0] == '{') ||
	    (n > 1 && (m->name[0] != '{' || m->name[n - 1] != '}' ||
	    n == 2 || memchr(m->name + 1, '}', n - 2) != NULL)))
		return qf_write_fail(err, "macro", "bad name");
	if (strchr(m->value, '\n') != NULL)
		return qf_write_fail(err, m->name, "line feed cannot be queued");
	buf_addc(out, '$');
	buf_adds(out, m->name);
	buf_adds(out, m->value);
	buf_addc(out, '\n');
	return 0;
}

/*
 * qf_write_xtext - ENVID or ORCPT: the client's spelling when it still
 * decodes to the value, else tern's encoding of the value
 */
static void
qf_write_xtext(struct buf *out, int letter, const char *value,
    const char *spelled)
{
	struct buf dec = BUF_INIT;

	buf_addc(out, letter);
	if (spelled != NULL && qf_xtext_decode(&dec, spelled) &&
	    dec.len == strlen(value) && memcmp(buf_str(&dec), value, dec.len) == 0)
		buf_adds(out, spelled);
	else
		qf_xtext_encode(out, value, strlen(value));
	buf_addc(out, '\n');
	buf_free(&dec);
}

/* qf_write_rcpt - the M, C, Q, r and R lines of one recipient */
static int
qf_write_rcpt(struct buf *out, const struct rcpt *r, const char **lastctl,
    struct buf *err)
{
	struct buf tmp = BUF_INIT;
	unsigned notify = r->notify;
	const char *ctl = r->ctladdr != NULL && r->ctladdr[0] != '\0' ?
	    r->ctladdr : NULL;
	int rc = 0;

	if (r->reply != NULL && qf_write_plain(out, 'M', r->reply,
	    "recipient message", err) < 0)
		return -1;
	/* a C line when the controlling user changes, "C" to clear it */
	if (ctl == NULL) {
		if (*lastctl != NULL)
			buf_adds(out, "C\n");
		*lastctl = NULL;
	} else if (*lastctl == NULL || strcmp(*lastctl, ctl) != 0) {
		if (qf_write_plain(out, 'C', ctl, "controlling user", err) < 0)
			return -1;
		*lastctl = ctl;
	}
	if (r->orcpt != NULL)
		qf_write_xtext(out, 'Q', r->orcpt, r->orcpt_xtext);
	if (r->final != NULL && qf_write_plain(out, 'r', r->final,
	    "final recipient", err) < 0)
		return -1;
	if (r->paddr != NULL)
		buf_set(&tmp, r->paddr);
	else
		buf_addf(&tmp, "<%s>", r->addr != NULL ? r->addr : "");
	buf_addc(out, 'R');
	if (r->flags & RCPT_PRIMARY)
		buf_addc(out, 'P');
	if (notify == 0 && !(r->flags & RCPT_PINGS))
		notify = RCPT_NOTIFY_FAILURE | RCPT_NOTIFY_DELAY;
	else if (!(r->flags & RCPT_PINGS))
		buf_addc(out, 'N');
	if (notify & RCPT_NOTIFY_SUCCESS)
		buf_addc(out, 'S');
	if (notify & RCPT_NOTIFY_FAILURE)
		buf_addc(out, 'F');
	if (notify & RCPT_NOTIFY_DELAY)
		buf_addc(out, 'D');
	if (r->flags & RCPT_INTBCC)
		buf_addc(out, 'B');
	if (r->flags & RCPT_ALIAS)
		buf_addc(out, 'A');
	if (r->flags & RCPT_DYNMAILER)
		buf_addc(out, 'M');
	if (qf_write_plain(out, ':', buf_str(&tmp), "recipient", err) < 0)
		rc = -1;
	buf_free(&tmp);
	return rc;
}

/* qf_write_flags - the F line */
static void
qf_write_flags(struct buf *out, const struct envelope *e)
{
	char f[16];
	size_t n = 0;

	if (e->flags & QF_F_WARNING)
		f[n++] = 'w';
	if (e->flags & QF_F_RESPONSE)
		f[n++] = 'r';
	if (e->flags & QF_F_8BIT)
		f[n++] = '8';
	if (e->flags & QF_F_DELBCC)
		f[n++] = 'b';
	if (e->ret != ENV_RET_NONE)
		f[n++] = 'd';
	if (e->ret == ENV_RET_HDRS || (e->flags & QF_F_NOBODYRETN))
		f[n++] = 'n';
	if (e->flags & QF_F_SPLIT)
		f[n++] = 's';
	if (e->smtputf8)
		f[n++] = 'e';
	if (n == 0)
		return;
	buf_addc(out, 'F');
	buf_add(out, f, n);
	buf_addc(out, '\n');
}

/* qf_write - append the control file for e to out */
int
qf_write(struct buf *out, const struct envelope *e, struct buf *err)
{
	struct buf tmp = BUF_INIT;
	const char *lastctl = NULL;
	size_t i;
	int rc = -1;

	buf_addf(out, "V%d\nT%ld\nK%ld\nN%d\nP%ld\n", QF_VERSION,
	    (long)e->ctime, (long)e->dtime, e->ntries, e->priority);
	if (e->dfdir != NULL &&
	    qf_write_plain(out, 'd', e->dfdir, "data file directory", err) < 0)
		goto out;
	if (e->df_ino != 0)
		buf_addf(out, "I%ld/%ld/%lu\n", (long)major((dev_t)e->df_dev),
		    (long)minor((dev_t)e->df_dev), e->df_ino);
	if (e->bodytype != NULL &&
	    qf_write_plain(out, 'B', e->bodytype, "body type", err) < 0)
		goto out;
	if (e->quarantine != NULL &&
	    qf_write_plain(out, 'q', e->quarantine, "quarantine reason", err) < 0)
		goto out;
	if (e->message != NULL &&
	    qf_write_plain(out, 'M', e->message, "message", err) < 0)
		goto out;
	qf_write_flags(out, e);
	for (i = 0; i < e->nmacros; i++)
		if (qf_write_macro(out, &e->macros[i], err) < 0)
			goto out;
	if (e->sender_paddr != NULL)
		buf_set(&tmp, e->sender_paddr);
	else
		buf_addf(&tmp, "<%s>", e->sender != NULL ? e->sender : "");
	if (qf_write_plain(out, 'S', buf_str(&tmp), "sender", err) < 0)
		goto out;
	if (e->envid != NULL)
		qf_write_xtext(out, 'Z', e->envid, e->envid_xtext);
	if (e->auth != NULL) {
		if (!qf_xtext_ok(e->auth)) {
			qf_write_fail(err, "AUTH= parameter", "not xtext");
			goto out;
		}
		buf_addf(out, "A%s\n", e->auth);
	}
	if (e->dlvr_flag != 0) {
		/* sendmail writes its flag bits as a raw byte */
		if (e->dlvr_flag == '\n' || (e->dlvr_flag & ~0xff) != 0) {
			qf_write_fail(err, "DELIVERBY", "bad flag byte");
			goto out;
		}
		buf_addf(out, "!%c %ld\n", e->dlvr_flag, e->deliver_by);
	}
	for (i = 0; i < e->nrcpts; i++) {
		if (e->rcpts[i].flags & RCPT_DONE)
			continue;
		if (qf_write_rcpt(out, &e->rcpts[i], &lastctl, err) < 0)
			goto out;
	}
	for (i = 0; i < e->headers.n; i++) {
		if (e->headers.v[i].deleted)
			continue;
		if (qf_write_header(out, &e->headers.v[i], err) < 0)
			goto out;
	}
	buf_adds(out, ".\n");
	rc = 0;
out:
	buf_free(&tmp);
	return rc;
}
