/*
 * qf_write.c - an envelope as sendmail 8.17's version 8 control file.
 *
 * The order and spelling of every line follow what sendmail's queueup()
 * writes (observed from the real binary, see tests/golden/bp/).  What
 * cannot be written without changing the data is refused (qf.h).
 */
#include "queue/qf.h"
#include "msg/intake.h"

#include <stdio.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <sys/types.h>

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

/*
 * qf_write_header - one H line, by the header code's own writer
 * (msg/intake.h hdr_qf_line: sendmail's quoting, conditions, the
 * HDR_BINDLATE template; a line feed not followed by a blank turns all
 * of them into blanks, as sendmail's denlstring).  What that writer
 * takes as it is must not be able to break the line: the name, the
 * ?condition? and its flag letters are checked here.
 */
static int
qf_write_header(struct buf *out, const struct hdr *h, struct buf *err)
{
	const unsigned char *p;
	int c;

	if (h->deleted)
		return 0;
	if (h->name == NULL || h->name[0] == '\0')
		return qf_write_fail(err, "header", "empty name");
	for (p = (const unsigned char *)h->name; *p != '\0'; p++)
		if (*p <= ' ' || *p >= 0177 || *p == ':')
			return qf_write_fail(err, "header name",
			    "not printable ASCII without ':'");
	if (h->cond_macro != NULL && strpbrk(h->cond_macro, "?\n}") != NULL)
		return qf_write_fail(err, h->name, "bad condition macro");
	if (h->cond_macro == NULL && (h->flags & (HDR_CHECK | HDR_ACHECK)))
		for (c = 0; c < 0200; c++)
			if ((h->mflags[c / 8] & (1 << (c % 8))) != 0 &&
			    (c < ' ' || c == '?' || c == '$' || c == 0177))
				return qf_write_fail(err, h->name,
				    "bad ?flags? letter");
	/* a template's macro name byte goes out as it is: it must not be
	   one the reader takes for sendmail's quoting or internal bytes */
	if (h->from_cf && (h->flags & HDR_BINDLATE)) {
		struct buf raw = BUF_INIT;
		size_t i;
		int bad = 0;

		hdr_raw(h, &raw);
		for (i = 0; i + 1 < raw.len; i++)
			if (raw.data[i] == '$') {
				unsigned char n = (unsigned char)raw.data[++i];

				if ((n & 0340) == 0200 || n == 0377)
					bad = 1;
			}
		buf_free(&raw);
		if (bad)
			return qf_write_fail(err, h->name, "bad macro name byte");
	}
	(void)hdr_qf_line(h, true, out);
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
	for (i = 0; i < e->headers.n; i++)
		if (qf_write_header(out, &e->headers.v[i], err) < 0)
			goto out;
	buf_adds(out, ".\n");
	rc = 0;
out:
	buf_free(&tmp);
	return rc;
}
