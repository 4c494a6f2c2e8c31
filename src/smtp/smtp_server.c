/*
 * smtp_server.c - a session: life cycle, the input loop, actions.
 *
 * Input is appended to s->in and consumed from s->in_off on: command
 * lines (up to LF) go to the dispatcher (smtp_cmd.c), message text to
 * the DATA scanner or the BDAT counter (smtp_data.c), SASL lines to the
 * AUTH step.  The loop stops when the input is used up, the session
 * closed, a slow-down is due (SMTP_ACT_DELAY: the driver sleeps and
 * resumes), STARTTLS is pending, or a data_end is (SMTP_ACT_WAIT: the
 * driver calls smtp_server_data_done).
 */
#include "smtp/smtp_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* smtp_server_config_init - sendmail 8.17's defaults */
void
smtp_server_config_init(struct smtp_server_config *c)
{
	memset(c, 0, sizeof(*c));
	c->hostname = "localhost";
	c->greeting = "localhost Sendmail";
	c->greet_code = 220;
	c->client = "localhost";
	c->relay = "localhost";
	c->version = "";
	c->max_noop = 20;
	c->send_mime_errors = true;
	c->tls = SMTP_TLS_BROKEN;
	c->timeout_command = 3600;
	c->timeout_datablock = 3600;
}

/* smtp_server_config_options - what the .cf options decide */
void
smtp_server_config_options(struct smtp_server_config *c,
    const struct options *o)
{
	c->privacy = o->privacy;
	c->max_message_size = o->max_message_size;
	c->max_rcpts = o->max_recipients_per_message;
	c->bad_rcpt_throttle = o->bad_rcpt_throttle;
	c->bad_rcpt_shutdown = o->bad_rcpt_shutdown;
	c->bad_rcpt_shutdown_good = o->bad_rcpt_shutdown_good;
	c->max_noop = o->max_noop_commands;
	c->deliver_by_min = o->deliver_by_min;
	c->send_mime_errors = o->send_mime_errors;
	c->allow_bogus_helo = o->allow_bogus_helo;
	c->reject_nul = o->reject_nul;
	c->smtputf8 = o->smtp_utf8;
	c->timeout_command = o->to[OPT_TO_COMMAND] > 0 ?
	    o->to[OPT_TO_COMMAND] : 0;
	c->timeout_datablock = o->to[OPT_TO_DATABLOCK] > 0 ?
	    o->to[OPT_TO_DATABLOCK] : 0;
}

/* smtp_server_new - a session */
struct smtp_server *
smtp_server_new(const struct smtp_server_config *cfg,
    const struct smtp_server_cb *cb)
{
	struct smtp_server *s = xcalloc(1, sizeof(*s));

	s->cfg = *cfg;
	if (s->cfg.hostname == NULL)
		s->cfg.hostname = "localhost";
	if (s->cfg.greeting == NULL)
		s->cfg.greeting = "";
	if (s->cfg.client == NULL)
		s->cfg.client = "localhost";
	if (s->cfg.greet_code == 0)
		s->cfg.greet_code = 220;
	if (cb != NULL)
		s->cb = *cb;
	s->state = SMTP_ST_CMD;
	buf_init(&s->in);
	buf_init(&s->msg.pend);
	envelope_init(&s->env);
	if (cfg->nullserver != NULL) {
		s->nullmode = true;
		s->nulltext = cfg->nullserver;
	}
	return s;
}

/* smtp_server_txn_reset - forget the transaction */
void
smtp_server_txn_reset(struct smtp_server *s)
{
	bool had = s->gotmail || s->txn_dirty;

	smtp_data_abort(s);
	s->gotmail = false;
	s->txn_dirty = false;
	s->nrcpts = 0;
	s->bdat_used = false;
	free(s->mail_addr);
	s->mail_addr = NULL;
	envelope_free(&s->env);
	if (had && s->cb.txn_reset != NULL)
		s->cb.txn_reset(s->cb.ctx);
}

/* smtp_server_discard_input - drop what the client sent so far */
void
smtp_server_discard_input(struct smtp_server *s)
{
	buf_reset(&s->in);
	s->in_off = 0;
	s->longline = 0;
}

/* smtp_server_close - the session is over */
void
smtp_server_close(struct smtp_server *s)
{
	smtp_server_txn_reset(s);
	s->state = SMTP_ST_CLOSED;
	smtp_server_discard_input(s);
}

/* smtp_server_free - end a session */
void
smtp_server_free(struct smtp_server *s)
{
	if (s == NULL)
		return;
	smtp_server_txn_reset(s);
	buf_free(&s->in);
	buf_free(&s->msg.pend);
	envelope_free(&s->env);
	free(s->helo_name);
	free(s);
}

/* smtp_server_stall - a slow-down before the next reply goes out */
void
smtp_server_stall(struct smtp_server *s, long seconds)
{
	if (seconds > s->delay)
		s->delay = seconds;
	s->suspended = true;
}

/*
 * smtp_server_attack - sendmail's checksmtpattack: count the command;
 * from the max-th on, wait 1, 2, 4 ... seconds (at most 240).
 * XXX sendmail sleeps before it looks at the command; here the command
 * is answered at once and the reply held back (SMTP_ACT_DELAY), so the
 * HELO/EHLO stuffing check cannot see input sent during the wait.
 */
long
smtp_server_attack(struct smtp_server *s, unsigned *counter, unsigned max)
{
	unsigned shift;
	long d;

	if (max == 0)
		return 0;
	if (*counter < 0x7fffffffU)
		(*counter)++;
	if (*counter < max)
		return 0;
	shift = *counter - max;
	d = shift > 8 ? SMTP_MAX_DELAY : 1L << shift;
	if (d > SMTP_MAX_DELAY)
		d = SMTP_MAX_DELAY;
	smtp_server_stall(s, d);
	return d;
}

/*
 * smtp_server_pending - did the client send more than the current line.
 * XXX only what the driver has handed over counts; sendmail also asks
 * the socket (a driver that reads in small pieces weakens the check).
 */
bool
smtp_server_pending(const struct smtp_server *s)
{
	if (s->cfg.flags & SMTP_SRV_STUFFING_OK)
		return false;
	return s->in.len > s->in_off;
}

/* smtp_server_actions - what the driver must do now */
static int
smtp_server_actions(const struct smtp_server *s)
{
	int act = 0;

	if (s->state == SMTP_ST_CLOSED)
		return SMTP_ACT_CLOSE;
	if (s->suspended)
		act |= SMTP_ACT_DELAY;
	if (s->want_tls)
		act |= SMTP_ACT_STARTTLS;
	if (s->waiting)
		act |= SMTP_ACT_WAIT;
	return act;
}

/* smtp_server_line - one command or SASL line taken from the input */
static void
smtp_server_line(struct smtp_server *s, const char *p, size_t n,
    struct buf *out)
{
	char *line = xstrndup(p, n);	/* stops at a NUL: the text's end */

	if (s->state == SMTP_ST_AUTH)
		smtp_cmd_auth_line(s, line, out);
	else
		smtp_cmd_line(s, line, strlen(line), out);
	free(line);
}

/* smtp_server_run - process buffered input as far as allowed */
static void
smtp_server_run(struct smtp_server *s, struct buf *out)
{
	const char *p, *nl;
	size_t avail, n, max;

	while (s->state != SMTP_ST_CLOSED && !s->suspended && !s->want_tls &&
	    !s->waiting && s->started) {
		avail = s->in.len - s->in_off;
		if (avail == 0)
			break;
		p = s->in.data + s->in_off;
		if (s->state == SMTP_ST_DATA) {
			s->in_off += smtp_data_feed(s, p, avail, out);
			continue;
		}
		if (s->state == SMTP_ST_BDAT) {
			s->in_off += smtp_data_bdat(s, p, avail, out);
			continue;
		}
		max = s->state == SMTP_ST_AUTH ? SMTP_AUTH_LINE_MAX :
		    SMTP_LINE_MAX;
		nl = memchr(p, '\n', avail);
		if (nl == NULL) {
			if (avail > max) {
				/* too long already: count it, keep nothing */
				s->longline += avail;
				s->in_off += avail;
			}
			break;
		}
		n = (size_t)(nl - p) + 1;
		s->in_off += n;
		if (s->longline > 0 || n > max) {
			s->longline = 0;
			smtp_reply_write(out, "421 4.7.0 %s Command too long, "
			    "possible attack %s", s->cfg.hostname, s->cfg.client);
			smtp_server_close(s);
			break;
		}
		smtp_server_line(s, p, n - 1, out);
	}
	if (s->in_off == s->in.len) {
		buf_reset(&s->in);
		s->in_off = 0;
	} else if (s->in_off > 65536) {
		memmove(s->in.data, s->in.data + s->in_off,
		    s->in.len - s->in_off);
		buf_truncate(&s->in, s->in.len - s->in_off);
		s->in_off = 0;
	}
}

/*
 * smtp_server_start - the greeting.  sendmail puts "ESMTP" after the
 * first word of SmtpGreetingMessage's first line; further lines (split
 * at LF) lose one leading blank.
 */
int
smtp_server_start(struct smtp_server *s, struct buf *out)
{
	const char *g = s->cfg.greeting, *nl, *sp;
	struct buf t = BUF_INIT;
	int code = s->cfg.greet_code;
	size_t n;

	if (s->started || s->state == SMTP_ST_CLOSED)
		return smtp_server_actions(s);
	s->started = true;
	nl = strchr(g, '\n');
	n = nl ? (size_t)(nl - g) : strlen(g);
	sp = memchr(g, ' ', n);
	if (sp == NULL)
		sp = g + n;
	buf_add(&t, g, (size_t)(sp - g));
	buf_adds(&t, " ESMTP");
	buf_add(&t, sp, n - (size_t)(sp - g));
	smtp_reply_line(out, code, nl != NULL, NULL, buf_str(&t));
	while (nl != NULL) {
		g = nl + 1;
		nl = strchr(g, '\n');
		n = nl ? (size_t)(nl - g) : strlen(g);
		if (n > 0 && isspace((unsigned char)*g)) {
			g++;
			n--;
		}
		buf_reset(&t);
		buf_add(&t, g, n);
		smtp_reply_line(out, code, nl != NULL, NULL, buf_str(&t));
	}
	buf_free(&t);
	if (code >= 400) {
		/* a refusing greeting: nothing but QUIT makes sense */
		s->nullmode = true;
		if (s->nulltext == NULL)
			s->nulltext = "Command rejected";
	}
	smtp_server_run(s, out);
	return smtp_server_actions(s);
}

/* smtp_server_input - bytes from the client */
int
smtp_server_input(struct smtp_server *s, const void *data, size_t len,
    struct buf *out)
{
	if (s->state == SMTP_ST_CLOSED)
		return SMTP_ACT_CLOSE;
	if (len > 0)
		buf_add(&s->in, data, len);
	smtp_server_run(s, out);
	return smtp_server_actions(s);
}

/* smtp_server_resume - after the driver slept for SMTP_ACT_DELAY */
int
smtp_server_resume(struct smtp_server *s, struct buf *out)
{
	s->suspended = false;
	s->delay = 0;
	smtp_server_run(s, out);
	return smtp_server_actions(s);
}

/* smtp_server_eof - the client closed its side */
int
smtp_server_eof(struct smtp_server *s, struct buf *out)
{
	if (s->state == SMTP_ST_CLOSED)
		return SMTP_ACT_CLOSE;
	/*
	 * A last command without its LF is still answered (sendmail's
	 * sfgets returns it at end of file): "NOOP", or "421 4.7.0 ...
	 * Command too long" when it was over the limit.
	 */
	if (s->started && !s->suspended && !s->want_tls && !s->waiting &&
	    s->state != SMTP_ST_DATA && s->state != SMTP_ST_BDAT &&
	    (s->in.len > s->in_off || s->longline > 0)) {
		buf_addc(&s->in, '\n');
		smtp_server_run(s, out);
		if (s->state == SMTP_ST_CLOSED)
			return SMTP_ACT_CLOSE;
	}
	if (s->state == SMTP_ST_DATA || s->state == SMTP_ST_BDAT)
		smtp_data_collect_fail(s, "unexpected close", out);
	smtp_server_close(s);
	return SMTP_ACT_CLOSE;
}

/* smtp_server_timeout_expired - the client said nothing for too long */
int
smtp_server_timeout_expired(struct smtp_server *s, struct buf *out)
{
	if (s->state == SMTP_ST_CLOSED)
		return SMTP_ACT_CLOSE;
	if (s->state == SMTP_ST_DATA || s->state == SMTP_ST_BDAT)
		smtp_data_collect_fail(s, "read timeout", out);
	smtp_server_close(s);
	return SMTP_ACT_CLOSE;
}

/*
 * smtp_server_data_done - a pending data_end has its outcome: answer,
 * end the transaction, and go on with what the client sent meanwhile
 */
int
smtp_server_data_done(struct smtp_server *s, int status,
    const struct smtp_reply *r, struct buf *out)
{
	if (!s->waiting || s->state == SMTP_ST_CLOSED)
		return smtp_server_actions(s);
	smtp_data_answer(s, status == SMTP_OK ? SMTP_OK : SMTP_REJECT, r, out);
	smtp_server_run(s, out);
	return smtp_server_actions(s);
}

/* smtp_server_waiting - is a data_end pending */
bool
smtp_server_waiting(const struct smtp_server *s)
{
	return s->waiting;
}

/* smtp_server_set_auth_mechs - the AUTH list changed */
void
smtp_server_set_auth_mechs(struct smtp_server *s, const char *mechs)
{
	s->cfg.auth_mechs = mechs;
}

/* smtp_server_tls_done - the STARTTLS handshake is over */
int
smtp_server_tls_done(struct smtp_server *s, bool ok, struct buf *out)
{
	if (!s->want_tls || s->state == SMTP_ST_CLOSED)
		return smtp_server_actions(s);
	s->want_tls = false;
	if (!ok) {
		smtp_server_close(s);
		return SMTP_ACT_CLOSE;
	}
	/* RFC 3207 4.2: forget everything learnt before */
	s->tls_active = true;
	smtp_server_txn_reset(s);
	s->helo = SMTP_HELO_NONE;
	free(s->helo_name);
	s->helo_name = NULL;
	smtp_server_discard_input(s);
	smtp_server_run(s, out);
	return smtp_server_actions(s);
}

/* smtp_server_timeout - how long to wait for the client now */
long
smtp_server_timeout(const struct smtp_server *s)
{
	if (s->waiting)
		return 0;	/* the store, not the client, is slow */
	if (s->state == SMTP_ST_DATA || s->state == SMTP_ST_BDAT)
		return s->cfg.timeout_datablock;
	return s->cfg.timeout_command;
}

/* smtp_server_delay - how long to sleep for SMTP_ACT_DELAY */
long
smtp_server_delay(const struct smtp_server *s)
{
	return s->suspended ? s->delay : 0;
}

/* smtp_server_envelope - the transaction's envelope */
struct envelope *
smtp_server_envelope(struct smtp_server *s)
{
	return &s->env;
}

/* smtp_server_helo_kind - HELO, EHLO or none yet */
enum smtp_helo
smtp_server_helo_kind(const struct smtp_server *s)
{
	return s->helo;
}

/* smtp_server_helo_name - the name given with HELO/EHLO */
const char *
smtp_server_helo_name(const struct smtp_server *s)
{
	return s->helo_name;
}

/* smtp_server_authenticated - did AUTH succeed */
bool
smtp_server_authenticated(const struct smtp_server *s)
{
	return s->authenticated;
}

/* smtp_server_tls_active - is the session encrypted */
bool
smtp_server_tls_active(const struct smtp_server *s)
{
	return s->tls_active;
}

/* smtp_server_nrcpts - recipients accepted in this transaction */
unsigned
smtp_server_nrcpts(const struct smtp_server *s)
{
	return s->nrcpts;
}

/* smtp_server_nbadrcpts - recipients refused in this session */
unsigned
smtp_server_nbadrcpts(const struct smtp_server *s)
{
	return s->nbadrcpts;
}
