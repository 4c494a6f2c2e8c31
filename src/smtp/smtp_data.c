/*
 * smtp_data.c - message text: DATA (dot-stuffed, ends at CRLF.CRLF)
 * and BDAT chunks (counted, RFC 3030).
 *
 * The DATA scanner is a five-state machine over bytes that keeps its
 * state across calls, so a message may arrive in pieces split anywhere.
 * The one way out of it is <CR><LF>.<CR><LF> (the <CR><LF> before the
 * dot being the end of the previous line, or of the DATA command): with
 * sendmail 8.18's defaults a bare LF or bare CR anywhere ends the
 * session with 421, so none of the published smuggling variants
 * (<LF>.<LF>, <CR>.<CR>, <LF>.<CR><LF>, <CR><LF>.<LF> ...) can end a
 * message or start another; relaxed, they are plain text (and a line
 * after a bare LF is no line start for the end-of-data rule, so
 * <LF>.<CRLF> is text too).  Text goes to
 * data_body with <CR><LF> turned into LF and the stuffed dots removed.
 */
#include "smtp/smtp_int.h"
#include "util/scan.h"

#include <string.h>

#define SMTP_DATA_FLUSH	65536	/* hand text to data_body in pieces */

/* smtp_data_begin - a new message text (DATA or first BDAT) */
void
smtp_data_begin(struct smtp_server *s)
{
	struct smtp_msg *m = &s->msg;

	m->ds = SMTP_D_BOL;
	m->bdat_cr = false;
	m->size = 0;
	m->too_big = false;
	m->has_nul = false;
	m->failed = false;
	memset(&m->fail, 0, sizeof(m->fail));
	s->bdat_total = 0;
	buf_reset(&m->pend);
}

/* smtp_data_flush - give the pending text to data_body */
static void
smtp_data_flush(struct smtp_server *s)
{
	struct smtp_msg *m = &s->msg;
	struct smtp_reply r;

	if (m->pend.len > 0 && !m->failed && !m->too_big &&
	    s->cb.data_body != NULL) {
		memset(&r, 0, sizeof(r));
		if (s->cb.data_body(s->cb.ctx, m->pend.data, m->pend.len,
		    &r) != SMTP_OK) {
			m->failed = true;
			if (r.code == 0)
				smtp_reply_set(&r, 451, "4.3.0",
				    "Error writing message");
			m->fail = r;
		}
	}
	buf_reset(&m->pend);
}

/* smtp_data_emit - text for the message, counted against the limit */
static void
smtp_data_emit(struct smtp_server *s, const char *p, size_t n)
{
	struct smtp_msg *m = &s->msg;

	if (n == 0)
		return;
	m->size += (long long)n;
	if (s->cfg.max_message_size > 0 && m->size > s->cfg.max_message_size)
		m->too_big = true;
	if (m->too_big || m->failed)
		return;
	if (n == 1)
		buf_addc(&m->pend, *p);	/* the LF of every line: inline */
	else
		buf_add(&m->pend, p, n);
	if (m->pend.len >= SMTP_DATA_FLUSH)
		smtp_data_flush(s);
}

/* smtp_data_abort - drop a started message */
void
smtp_data_abort(struct smtp_server *s)
{
	buf_reset(&s->msg.pend);
	s->waiting = false;
	if (s->msg.started) {
		s->msg.started = false;
		if (s->cb.data_abort != NULL)
			s->cb.data_abort(s->cb.ctx, &s->env);
	}
}

/*
 * smtp_data_finish - the message is complete: refuse it for what the
 * engine saw (too big, NUL with RejectNUL, a failed write), else let
 * data_end commit it.  The transaction ends either way.
 */
static void
smtp_data_finish(struct smtp_server *s, struct buf *out)
{
	struct smtp_msg *m = &s->msg;
	struct smtp_reply r;
	int rc;

	smtp_data_flush(s);
	s->env.msgsize = (long)m->size;
	memset(&r, 0, sizeof(r));
	s->state = SMTP_ST_CMD;
	if (m->failed) {
		r = m->fail;
		smtp_data_abort(s);
	} else if (m->too_big) {
		smtp_reply_set(&r, 552, "5.2.3",
		    "Message exceeds maximum fixed size (%ld)",
		    s->cfg.max_message_size);
		smtp_data_abort(s);
	} else if (m->has_nul && s->cfg.reject_nul) {
		smtp_reply_set(&r, 554, "5.6.1", "NUL byte not allowed");
		smtp_data_abort(s);
	} else if (s->cb.data_end == NULL) {
		smtp_reply_set(&r, 451, "4.3.0", "Message not stored");
		smtp_data_abort(s);
	} else {
		m->started = false;
		rc = s->cb.data_end(s->cb.ctx, &s->env, &r);
		if (rc == SMTP_PENDING) {
			/*
			 * The commit goes on elsewhere: hold the session
			 * (smtp_server_run stops) and keep the message
			 * "started", so that a session ending meanwhile
			 * calls data_abort.
			 */
			m->started = true;
			s->waiting = true;
			return;
		}
		smtp_data_answer(s, rc, &r, out);
		return;
	}
	smtp_reply_emit(out, &r);
	smtp_server_txn_reset(s);
	if (r.code == 421)
		smtp_server_close(s);
}

/*
 * smtp_data_answer - data_end's outcome (now or after SMTP_PENDING):
 * the reply, and the transaction is over
 */
void
smtp_data_answer(struct smtp_server *s, int rc, const struct smtp_reply *rr,
    struct buf *out)
{
	struct smtp_reply r;

	if (rr != NULL)
		r = *rr;
	else
		memset(&r, 0, sizeof(r));
	s->msg.started = false;
	s->waiting = false;
	if (rc == SMTP_OK && r.code == 0)
		smtp_reply_set(&r, 250, "2.0.0", "Message accepted for delivery");
	/* never a positive answer for a message not committed */
	if (rc != SMTP_OK && (r.code < 400 || r.code > 599))
		smtp_reply_set(&r, 451, "4.3.0", "Message not stored");
	/* nor a failure dressed as success, or a code from nowhere */
	if (rc == SMTP_OK && (r.code < 200 || r.code > 299))
		smtp_reply_set(&r, 250, "2.0.0", "Message accepted for delivery");
	smtp_reply_emit(out, &r);
	smtp_server_txn_reset(s);
	if (r.code == 421)
		smtp_server_close(s);
}

/* smtp_data_bare - 8.18's answer to a bare CR or LF: 421, end */
static void
smtp_data_bare(struct smtp_server *s, const char *what, struct buf *out)
{
	smtp_reply_write(out, "421 4.5.0 Bare %s not allowed", what);
	smtp_data_abort(s);
	smtp_server_close(s);
}

/* smtp_data_collect_fail - the client went away mid-message */
void
smtp_data_collect_fail(struct smtp_server *s, const char *info,
    struct buf *out)
{
	smtp_reply_write(out, "421 4.4.1 collect: relay=%s, from=%s, info=%s",
	    s->cfg.relay ? s->cfg.relay : "localhost",
	    s->mail_addr ? s->mail_addr : "", info);
	smtp_data_abort(s);
	smtp_server_close(s);
}

#define LF_OK(s)	((s)->cfg.flags & (SMTP_SRV_BARE_LF_OK | SMTP_SRV_BARE_LF_SPACE))
#define CR_OK(s)	((s)->cfg.flags & (SMTP_SRV_BARE_CR_OK | SMTP_SRV_BARE_CR_SPACE))
#define LF_AS(s)	(((s)->cfg.flags & SMTP_SRV_BARE_LF_SPACE) ? " " : "\n")
#define CR_AS(s)	(((s)->cfg.flags & SMTP_SRV_BARE_CR_SPACE) ? " " : "\r")

/*
 * smtp_data_feed - DATA text.  Returns the bytes used: all of them, or
 * up to the LF that ended the message (the rest are commands), or up
 * to a bare CR/LF that ended the session.
 */
size_t
smtp_data_feed(struct smtp_server *s, const char *p, size_t n,
    struct buf *out)
{
	struct smtp_msg *m = &s->msg;
	size_t i = 0, j;
	int c;

	while (i < n) {
		c = (unsigned char)p[i];
		switch (m->ds) {
		case SMTP_D_BOL:
			if (c == '.') {
				m->ds = SMTP_D_DOT;
				i++;
			} else
				m->ds = SMTP_D_MID;
			break;
		case SMTP_D_DOT:
			if (c == '\r') {
				m->ds = SMTP_D_DOTCR;
				i++;
			} else if (c == '\n') {
				if (!LF_OK(s)) {
					smtp_data_bare(s, "linefeed (LF)", out);
					return i + 1;
				}
				/* relaxed: data, but no new line for the
				   end-of-data rule (<LF>.<CRLF> smuggling) */
				smtp_data_emit(s, LF_AS(s), 1);
				m->ds = SMTP_D_MID;
				i++;
			} else
				m->ds = SMTP_D_MID;	/* a stuffed dot: dropped */
			break;
		case SMTP_D_DOTCR:
			if (c == '\n') {
				smtp_data_finish(s, out);
				return i + 1;
			}
			if (!CR_OK(s)) {
				smtp_data_bare(s, "carriage return (CR)", out);
				return i;
			}
			smtp_data_emit(s, CR_AS(s), 1);
			m->ds = SMTP_D_MID;
			break;
		case SMTP_D_MID:
			j = i + scan_eol(p + i, n - i);
			if (!m->has_nul && memchr(p + i, '\0', j - i) != NULL)
				m->has_nul = true;
			smtp_data_emit(s, p + i, j - i);
			i = j;
			if (i == n)
				break;
			if (p[i] == '\r') {
				m->ds = SMTP_D_CR;
				i++;
				break;
			}
			if (!LF_OK(s)) {
				smtp_data_bare(s, "linefeed (LF)", out);
				return i + 1;
			}
			smtp_data_emit(s, LF_AS(s), 1);
			m->ds = SMTP_D_MID;	/* not a line start: see above */
			i++;
			break;
		case SMTP_D_CR:
			if (c == '\n') {
				smtp_data_emit(s, "\n", 1);
				m->ds = SMTP_D_BOL;
				i++;
				break;
			}
			if (!CR_OK(s)) {
				smtp_data_bare(s, "carriage return (CR)", out);
				return i;
			}
			smtp_data_emit(s, CR_AS(s), 1);
			m->ds = SMTP_D_MID;
			break;
		}
	}
	return n;
}

/* smtp_data_bdat_end - a chunk is complete: answer it */
static void
smtp_data_bdat_end(struct smtp_server *s, struct buf *out)
{
	struct smtp_msg *m = &s->msg;
	struct smtp_reply r;

	s->state = SMTP_ST_CMD;
	if (s->bdat_err.code != 0) {
		r = s->bdat_err;
		memset(&s->bdat_err, 0, sizeof(s->bdat_err));
		smtp_reply_emit(out, &r);
		if (s->bdat_used && s->gotmail) {
			smtp_data_abort(s);
			smtp_server_txn_reset(s);
		}
		if (r.code == 421)
			smtp_server_close(s);
		return;
	}
	if (s->bdat_last) {
		if (m->bdat_cr) {
			m->bdat_cr = false;
			smtp_data_emit(s, "\r", 1);
		}
		smtp_data_finish(s, out);
		return;
	}
	smtp_data_flush(s);
	if (m->failed || m->too_big) {
		if (m->failed)
			r = m->fail;
		else
			smtp_reply_set(&r, 552, "5.2.3",
			    "Message exceeds maximum fixed size (%ld)",
			    s->cfg.max_message_size);
		smtp_reply_emit(out, &r);
		smtp_data_abort(s);
		smtp_server_txn_reset(s);
		if (r.code == 421)
			smtp_server_close(s);
		return;
	}
	smtp_reply_write(out, "250 2.0.0 %llu bytes received", s->bdat_total);
}

/*
 * smtp_data_bdat - the bytes of a BDAT chunk.  Returns the bytes used
 * (at most what is left of the chunk); answers when the chunk is done.
 */
size_t
smtp_data_bdat(struct smtp_server *s, const char *p, size_t n,
    struct buf *out)
{
	struct smtp_msg *m = &s->msg;
	size_t take, i = 0, j;

	take = n;
	if ((unsigned long long)take > s->bdat_left)
		take = (size_t)s->bdat_left;
	if (s->bdat_err.code == 0) {
		if (m->bdat_cr && take > 0) {
			m->bdat_cr = false;
			if (p[0] == '\n') {
				smtp_data_emit(s, "\n", 1);
				i = 1;
			} else
				smtp_data_emit(s, "\r", 1);
		}
		while (i < take) {
			for (j = i; j < take && p[j] != '\r'; j++)
				if (p[j] == '\0')
					m->has_nul = true;
			smtp_data_emit(s, p + i, j - i);
			if (j == take)
				break;
			if (j + 1 == take) {
				m->bdat_cr = true;	/* LF may come next */
				break;
			}
			if (p[j + 1] == '\n') {
				smtp_data_emit(s, "\n", 1);
				i = j + 2;
			} else {
				smtp_data_emit(s, "\r", 1);
				i = j + 1;
			}
		}
	}
	s->bdat_left -= take;
	s->bdat_total += take;
	if (s->bdat_left == 0)
		smtp_data_bdat_end(s, out);
	return take;
}
