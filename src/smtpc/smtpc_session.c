/* smtpc_session.c - one SMTP dialogue on an open connection */
#include "smtpc/smtpc_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>
#include <unistd.h>

#include "cf/option.h"
#include "msg/mime.h"

/* sendmail 8.17's Timeout.* defaults, seconds (0: the kernel's) */
static long
to_default(int i)
{
	switch (i) {
	case OPT_TO_CONNECT:	return 0;
	case OPT_TO_MAIL:	return 600;
	case OPT_TO_RCPT:	return 3600;
	case OPT_TO_DATABLOCK:	return 3600;
	case OPT_TO_DATAFINAL:	return 3600;
	case OPT_TO_QUIT:	return 120;
	case OPT_TO_MISC:	return 120;
	case OPT_TO_AUTH:	return 600;
	case OPT_TO_STARTTLS:	return 3600;
	default:		return 300;	/* initial helo datainit rset */
	}
}

/* smtpc_timeout - the job's value, or the default */
long
smtpc_timeout(const struct smtpc_job *j, int i)
{
	if (i < 0 || i >= OPT_TO_MAX)
		return 300;
	if (j->timeouts != NULL && j->timeouts[i] > 0)
		return j->timeouts[i];
	return to_default(i);
}

/* smtpc_set_text - replace *dst with a copy of s */
void
smtpc_set_text(char **dst, const char *s)
{
	free(*dst);
	*dst = s != NULL ? xstrdup(s) : NULL;
}

struct sess {
	struct smtpc_conn *c;
	struct smtpc_job *j;
	struct smtpc_result *res;
	struct smtpc_reply r;
	struct buf out;
	bool convert;		/* send the job's message as mime8to7 makes it */
	bool auth_missing;	/* credentials given, not authenticated */
	struct buf auth_why;	/* the server's refusal of our AUTH, or "" */
};

/* the last reply becomes the connection's */
static void
note_reply(struct sess *s)
{
	s->res->code = s->r.code;
	smtpc_status_of(&s->r, s->res->status);
	smtpc_set_text(&s->res->reply, buf_str(&s->r.last));
}

/* a local or I/O failure becomes the connection's text */
static void
note_local(struct sess *s, const char *status, const char *text)
{
	s->res->code = 0;
	snprintf(s->res->status, sizeof s->res->status, "%s", status);
	smtpc_set_text(&s->res->reply, text);
}

static void
rcpt_set(struct smtpc_rcpt *rc, int exitstat, int code, const char *status,
    const char *text)
{
	rc->exitstat = exitstat;
	rc->code = code;
	snprintf(rc->status, sizeof rc->status, "%s", status);
	smtpc_set_text(&rc->reply, text);
}

/* the current reply decides recipient rc in phase ph */
static void
rcpt_from_reply(struct sess *s, struct smtpc_rcpt *rc, enum smtpc_phase ph)
{
	char st[16];

	/* "530 Authentication required" while our credentials were
	 * refused (a wrong password) or could not be used: the fault is
	 * ours and fixable, so the message waits instead of bouncing
	 * (sendmail would bounce it) */
	if (s->r.code == 530 && s->auth_missing) {
		struct buf t = BUF_INIT;

		buf_adds(&t, buf_str(&s->r.last));
		if (s->auth_why.len > 0)
			buf_addf(&t, " (AUTH refused: %s)",
			    buf_str(&s->auth_why));
		rcpt_set(rc, EX_TEMPFAIL, s->r.code, "4.7.0", buf_str(&t));
		buf_free(&t);
		return;
	}
	smtpc_status_of(&s->r, st);
	rcpt_set(rc, smtpc_exit_of(s->r.code, ph), s->r.code, st,
	    buf_str(&s->r.last));
}

/* send a command (the verbose log shows shown, or the command) */
static int
sess_cmd(struct sess *s, const char *cmd, const char *shown, int to)
{
	buf_reset(&s->out);
	buf_adds(&s->out, cmd);
	buf_add(&s->out, "\r\n", 2);
	if (s->j->verbose != NULL)
		fprintf(s->j->verbose, ">>> %s\n", shown ? shown : cmd);
	return smtpc_conn_write(s->c, s->out.data, s->out.len,
	    smtpc_timeout(s->j, to));
}

/* a command and its reply: 0, or -1 when the connection failed */
static int
sess_ask(struct sess *s, const char *cmd, int to)
{
	if (sess_cmd(s, cmd, NULL, to) < 0 ||
	    smtpc_conn_reply(s->c, &s->r, smtpc_timeout(s->j, to)) < 0) {
		note_local(s, "4.4.2", s->c->err);
		return -1;
	}
	note_reply(s);
	return 0;
}

/* QUIT, politely; its answer does not matter (awaited only for -v) */
static void
sess_quit(struct sess *s)
{
	struct smtpc_reply q;

	if (s->j->verbose != NULL && s->res->relay != NULL) {
		/* sendmail -v names the host it leaves: "[127.0.0.1]" */
		size_t n = strcspn(s->res->relay, " ");

		fprintf(s->j->verbose, "Closing connection to %.*s\n", (int)n,
		    s->res->relay);
	}
	if (sess_cmd(s, "QUIT", NULL, OPT_TO_QUIT) < 0 || s->j->verbose == NULL)
		return;
	smtpc_reply_init(&q);
	(void)smtpc_conn_reply(s->c, &q, smtpc_timeout(s->j, OPT_TO_QUIT));
	smtpc_reply_free(&q);
}

/* EHLO, or HELO when EHLO is refused: 0 ok, -1 give up on this host */
static int
sess_hello(struct sess *s, struct smtpc_ext *x)
{
	const char *me = s->j->helo ? s->j->helo :
	    s->j->myname ? s->j->myname : "localhost";
	struct buf cmd = BUF_INIT;
	int rc = -1;

	memset(x, 0, sizeof *x);
	buf_addf(&cmd, "EHLO %s", me);
	if (sess_ask(s, buf_str(&cmd), OPT_TO_HELO) < 0)
		goto out;
	if (s->r.code / 100 == 2) {
		smtpc_ehlo_parse(buf_str(&s->r.text), x);
		s->res->esmtp = true;
		rc = 0;
		goto out;
	}
	if (s->r.code == 421)
		goto out;
	buf_reset(&cmd);
	buf_addf(&cmd, "HELO %s", me);
	if (sess_ask(s, buf_str(&cmd), OPT_TO_HELO) < 0)
		goto out;
	s->res->esmtp = false;
	if (s->r.code / 100 == 2)
		rc = 0;
	else if (s->r.code != 421)
		sess_quit(s);
out:
	buf_free(&cmd);
	return rc;
}

/* MAIL FROM with the parameters the server understands */
static void
mail_cmd(const struct smtpc_job *j, const struct smtpc_ext *x,
    unsigned long size, struct buf *b)
{
	buf_addf(b, "MAIL FROM:<%s>", j->sender ? j->sender : "");
	if (x->size && size > 0)
		buf_addf(b, " SIZE=%lu", size);
	if (x->eightbitmime && j->body_type != NULL)
		buf_addf(b, " BODY=%s", j->body_type);
	if (x->dsn && j->dsn_ret != NULL)
		buf_addf(b, " RET=%s", j->dsn_ret);
	if (x->dsn && j->dsn_envid != NULL)
		buf_addf(b, " ENVID=%s", j->dsn_envid);
	if (x->auth && j->auth_param != NULL)
		buf_addf(b, " AUTH=%s", j->auth_param);
	buf_add(b, "\r\n", 2);
}

static void
rcpt_cmd(const struct smtpc_rcpt *rc, const struct smtpc_ext *x,
    struct buf *b)
{
	buf_addf(b, "RCPT TO:<%s>", rc->addr);
	if (x->dsn && rc->notify != NULL)
		buf_addf(b, " NOTIFY=%s", rc->notify);
	if (x->dsn && rc->orcpt != NULL)
		buf_addf(b, " ORCPT=%s", rc->orcpt);
	buf_add(b, "\r\n", 2);
}

/* write cmds (a group of CRLF lines), logging each */
static int
sess_write_group(struct sess *s, const struct buf *cmds, int to)
{
	if (s->j->verbose != NULL) {
		const char *p = cmds->data, *end = cmds->data + cmds->len;

		while (p < end) {
			const char *e = memchr(p, '\r', (size_t)(end - p));

			if (e == NULL)
				e = end;
			fprintf(s->j->verbose, ">>> %.*s\n", (int)(e - p), p);
			p = e + 2;
		}
	}
	return smtpc_conn_write(s->c, cmds->data, cmds->len,
	    smtpc_timeout(s->j, to));
}

/* the recipients not decided yet all get a local outcome */
static void
rcpts_fail(struct smtpc_job *j, const bool *accepted, int exitstat,
    const char *status, const char *text)
{
	size_t i;

	for (i = 0; i < j->nrcpts; i++)
		if (accepted == NULL || accepted[i])
			rcpt_set(&j->rcpts[i], exitstat, 0, status, text);
}

/* the 8-bit to 7-bit conversion's output, into the DATA stream */
struct sess_cv {
	struct sess *s;
	struct smtpc_dot d;
	struct buf enc;
	long to;
};

static int
sess_cv_write(void *arg, const char *p, size_t n)
{
	struct sess_cv *v = arg;

	smtpc_dot_add(&v->d, p, n, &v->enc);
	if (v->enc.len >= 65536) {
		if (smtpc_conn_write(v->s->c, v->enc.data, v->enc.len,
		    v->to) < 0)
			return -1;
		buf_reset(&v->enc);
	}
	return 0;
}

/* sess_message_7bit - the message converted (msg/mime.h) */
static int
sess_message_7bit(struct sess *s)
{
	struct sess_cv v = { .s = s, .enc = BUF_INIT,
	    .to = smtpc_timeout(s->j, OPT_TO_DATABLOCK) };
	int rc = -1;

	smtpc_dot_init(&v.d);
	s->c->err[0] = '\0';
	if (mime8to7_fd(s->j->headers, s->j->headers_len, s->j->body_fd,
	    s->j->mime8to7, sess_cv_write, &v, NULL) < 0) {
		if (s->c->err[0] == '\0')	/* not the connection's */
			snprintf(s->c->err, sizeof s->c->err,
			    "error reading the message body: %s",
			    strerror(errno));
		goto out;
	}
	smtpc_dot_end(&v.d, &v.enc);
	if (s->j->verbose != NULL)
		fprintf(s->j->verbose, ">>> .\n");
	if (smtpc_conn_write(s->c, v.enc.data, v.enc.len, v.to) < 0)
		goto out;
	rc = 0;
out:
	buf_free(&v.enc);
	return rc;
}

/* headers, blank line and body, encoded, in blocks */
static int
sess_message(struct sess *s)
{
	struct smtpc_dot d;
	struct buf enc = BUF_INIT;
	char block[65536];
	off_t off = 0;
	long to = smtpc_timeout(s->j, OPT_TO_DATABLOCK);
	int rc = -1;

	if (s->convert)
		return sess_message_7bit(s);
	smtpc_dot_init(&d);
	if (s->j->headers_len > 0)
		smtpc_dot_add(&d, s->j->headers, s->j->headers_len, &enc);
	smtpc_dot_add(&d, "\n", 1, &enc);
	for (;;) {
		ssize_t n = 0;

		if (s->j->body_fd >= 0)
			n = pread(s->j->body_fd, block, sizeof block, off);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			snprintf(s->c->err, sizeof s->c->err,
			    "error reading the message body: %s",
			    strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		off += n;
		smtpc_dot_add(&d, block, (size_t)n, &enc);
		if (enc.len >= sizeof block) {
			if (smtpc_conn_write(s->c, enc.data, enc.len, to) < 0)
				goto out;
			buf_reset(&enc);
		}
	}
	smtpc_dot_end(&d, &enc);
	if (s->j->verbose != NULL)
		fprintf(s->j->verbose, ">>> .\n");
	if (smtpc_conn_write(s->c, enc.data, enc.len, to) < 0)
		goto out;
	rc = 0;
out:
	buf_free(&enc);
	return rc;
}

/* STARTTLS: 1 now under TLS, 0 went on in clear, -1 next host, -2 tls */
static int
sess_starttls(struct sess *s, SSL_CTX *tls, const char *sni)
{
	size_t junk;

	if (sess_ask(s, "STARTTLS", OPT_TO_STARTTLS) < 0)
		return -1;
	if (s->r.code == 421)
		return -1;
	if (s->r.code != 220)
		return 0;	/* refused: sendmail goes on in clear */
	/* CVE-2011-0411: nothing read before the handshake may count */
	junk = smtpc_conn_discard(s->c);
	if (junk > 0 && s->j->verbose != NULL)
		fprintf(s->j->verbose, "--- %zu bytes sent ahead of the TLS "
		    "handshake were discarded\n", junk);
	if (smtpc_tls_start(s->c, tls, sni,
	    smtpc_timeout(s->j, OPT_TO_STARTTLS), s->res) < 0) {
		note_local(s, "4.7.5", s->c->err);
		return -2;
	}
	return 1;
}

/* smtpc_session - the whole dialogue; see smtpc_int.h */
enum smtpc_sess
smtpc_session(struct smtpc_conn *c, struct smtpc_job *j,
    const char *hostname, bool literal, struct smtpc_tls_lazy *tls,
    struct smtpc_result *res)
{
	return (enum smtpc_sess)smtpc_session_ex(c, j, hostname, literal, tls,
	    res, NULL);
}

/* sess_rset - a cached session back to the start: 0 on 250 */
static int
sess_rset(struct sess *s)
{
	if (sess_ask(s, "RSET", OPT_TO_RSET) < 0)
		return -1;
	return s->r.code == 250 ? 0 : -1;
}

/* smtpc_session_ex - the dialogue, maybe on a cached connection or
 * keeping it; see smtpc_int.h */
int
smtpc_session_ex(struct smtpc_conn *c, struct smtpc_job *j,
    const char *hostname, bool literal, struct smtpc_tls_lazy *tls,
    struct smtpc_result *res, struct smtpc_sess_keep *k)
{
	struct sess s = { .c = c, .j = j, .res = res };
	struct smtpc_ext x;
	struct buf cmds = BUF_INIT;
	bool *accepted = NULL;
	bool tls_on = false, data_sent;
	unsigned long size;
	int ret = SMTPC_S_NEXT;
	size_t i, naccepted = 0;
	int t;

	smtpc_reply_init(&s.r);
	buf_init(&s.out);
	buf_init(&s.auth_why);
	c->verbose = j->verbose;
	if (k != NULL)
		k->kept = false;
	if (k != NULL && k->reuse != NULL) {
		x = *k->reuse;
		tls_on = k->tls_on;
		s.auth_missing = j->auth_user != NULL && res->auth_mech == NULL;
		if (sess_rset(&s) < 0) {
			ret = SMTPC_S_STALE;
			goto out;
		}
		goto transaction;
	}
	if (smtpc_conn_reply(c, &s.r, smtpc_timeout(j, OPT_TO_INITIAL)) < 0) {
		note_local(&s, "4.4.2", c->err);
		goto out;
	}
	note_reply(&s);
	if (s.r.code / 100 != 2) {
		if (s.r.code != 421)
			sess_quit(&s);
		goto out;
	}
	if (sess_hello(&s, &x) < 0)
		goto out;
	if (x.starttls && j->starttls && tls != NULL &&
	    smtpc_tls_lazy_get(tls) != NULL) {
		t = sess_starttls(&s, tls->ctx, literal ? NULL : hostname);
		if (t == -2) {
			ret = SMTPC_S_TLSFAIL;
			goto out;
		}
		if (t < 0)
			goto out;
		if (t == 1) {
			tls_on = true;
			if (sess_hello(&s, &x) < 0)
				goto out;
		}
	}
	if (j->auth_user != NULL) {
		t = x.auth ? smtpc_auth(c, j, &x, tls_on,
		    smtpc_timeout(j, OPT_TO_AUTH), res, &s.auth_why) : 1;
		if (t < 0) {
			note_local(&s, "4.4.2", c->err);
			goto out;
		}
		s.auth_missing = t != 0;
		if (t == 2 && j->verbose != NULL)
			fprintf(j->verbose, "--- AUTH refused, going on "
			    "without it\n");
	}

transaction:
	/* an 8-bit message to a 7-bit server: converted when the job says
	 * so; SIZE= is then the converted size (left out if unknown) */
	size = j->size;
	s.convert = j->mime8to7 != NULL && !x.eightbitmime &&
	    (j->body_8bit || (j->body_type != NULL &&
	    strcasecmp(j->body_type, "8BITMIME") == 0));
	if (s.convert && x.size && size > 0) {
		long long n = mime8to7_size(j->headers, j->headers_len,
		    j->body_fd, j->mime8to7);

		size = n > 0 ? (unsigned long)n : 0;
	}

	/* refusals of our own, before MAIL */
	if (x.size && x.size_max > 0 && size > x.size_max) {
		struct buf t2 = BUF_INIT;

		buf_addf(&t2, "552 5.3.4 Message is too large; %lu bytes max",
		    x.size_max);
		rcpts_fail(j, NULL, EX_UNAVAILABLE, "5.3.4", buf_str(&t2));
		note_local(&s, "5.3.4", buf_str(&t2));
		buf_free(&t2);
		sess_quit(&s);
		ret = SMTPC_S_DONE;
		goto out;
	}
	if (j->body_8bit && !x.eightbitmime && !s.convert &&
	    j->eight_bit_mode == SMTPC_8BIT_STRICT) {
		const char *t3 = "554 5.6.3 Cannot send 8-bit data to 7-bit "
		    "destination";

		rcpts_fail(j, NULL, EX_DATAERR, "5.6.3", t3);
		note_local(&s, "5.6.3", t3);
		sess_quit(&s);
		ret = SMTPC_S_DONE;
		goto out;
	}

	/*
	 * MAIL, the RCPTs and DATA: one write under PIPELINING (RFC 2920
	 * lets DATA end the group, as Postfix sends it), which saves a
	 * round trip per message.  With -v, DATA waits for the RCPTs'
	 * answers, so the dialogue shown reads as sendmail's.
	 */
	accepted = xcalloc(j->nrcpts ? j->nrcpts : 1, sizeof *accepted);
	data_sent = x.pipelining && j->verbose == NULL;
	mail_cmd(j, &x, size, &cmds);
	if (x.pipelining)
		for (i = 0; i < j->nrcpts; i++)
			rcpt_cmd(&j->rcpts[i], &x, &cmds);
	if (data_sent)
		buf_adds(&cmds, "DATA\r\n");
	if (sess_write_group(&s, &cmds, OPT_TO_MAIL) < 0 ||
	    smtpc_conn_reply(c, &s.r, smtpc_timeout(j, OPT_TO_MAIL)) < 0) {
		note_local(&s, "4.4.2", c->err);
		goto out;
	}
	note_reply(&s);
	if (s.r.code == 421)
		goto out;
	ret = SMTPC_S_DONE;
	if (s.r.code / 100 != 2) {
		for (i = 0; i < j->nrcpts; i++)
			rcpt_from_reply(&s, &j->rcpts[i], SMTPC_PH_MAIL);
		/* the pipelined RCPTs' and DATA's answers (503s) keep us
		   in step */
		for (i = 0; x.pipelining && i < j->nrcpts + data_sent; i++)
			if (smtpc_conn_reply(c, &s.r,
			    smtpc_timeout(j, OPT_TO_RCPT)) < 0)
				goto out;
		sess_quit(&s);
		goto out;
	}
	for (i = 0; i < j->nrcpts; i++) {
		if (!x.pipelining) {
			buf_reset(&cmds);
			rcpt_cmd(&j->rcpts[i], &x, &cmds);
			if (sess_write_group(&s, &cmds, OPT_TO_RCPT) < 0)
				break;
		}
		if (smtpc_conn_reply(c, &s.r, smtpc_timeout(j, OPT_TO_RCPT)) < 0)
			break;
		note_reply(&s);
		rcpt_from_reply(&s, &j->rcpts[i], SMTPC_PH_RCPT);
		if (s.r.code / 100 == 2) {
			accepted[i] = true;
			naccepted++;
		} else if (s.r.code == 421) {
			/* the server is leaving: nobody gets the message */
			size_t k;

			for (k = 0; k < j->nrcpts; k++)
				if (accepted[k] || k > i)
					rcpt_from_reply(&s, &j->rcpts[k],
					    SMTPC_PH_RCPT);
			goto out;
		}
	}
	if (i < j->nrcpts) {
		/* the connection broke among the RCPTs */
		note_local(&s, "4.4.2", c->err);
		for (; i < j->nrcpts; i++)
			rcpt_set(&j->rcpts[i], EX_TEMPFAIL, 0, "4.4.2", c->err);
		rcpts_fail(j, accepted, EX_TEMPFAIL, "4.4.2", c->err);
		goto out;
	}
	if (naccepted == 0) {
		/* a pipelined DATA gets a 5xx; a server that says 354 all
		   the same is given an empty message's end */
		if (data_sent && smtpc_conn_reply(c, &s.r,
		    smtpc_timeout(j, OPT_TO_DATAINIT)) == 0 &&
		    s.r.code == 354 &&
		    (smtpc_conn_write(c, ".\r\n", 3,
		    smtpc_timeout(j, OPT_TO_DATABLOCK)) < 0 ||
		    smtpc_conn_reply(c, &s.r,
		    smtpc_timeout(j, OPT_TO_DATAFINAL)) < 0))
			goto out;
		sess_quit(&s);
		goto out;
	}

	/* DATA (its answer, when it went with the RCPTs) */
	if (data_sent ? smtpc_conn_reply(c, &s.r,
	    smtpc_timeout(j, OPT_TO_DATAINIT)) < 0 :
	    sess_ask(&s, "DATA", OPT_TO_DATAINIT) < 0) {
		if (data_sent)
			note_local(&s, "4.4.2", c->err);
		rcpts_fail(j, accepted, EX_TEMPFAIL, "4.4.2", c->err);
		goto out;
	}
	if (data_sent)
		note_reply(&s);
	if (s.r.code != 354) {
		for (i = 0; i < j->nrcpts; i++)
			if (accepted[i])
				rcpt_from_reply(&s, &j->rcpts[i],
				    SMTPC_PH_DATA);
		if (s.r.code != 421)
			sess_quit(&s);
		goto out;
	}
	if (sess_message(&s) < 0 ||
	    smtpc_conn_reply(c, &s.r, smtpc_timeout(j, OPT_TO_DATAFINAL)) < 0) {
		note_local(&s, "4.4.2", c->err);
		rcpts_fail(j, accepted, EX_TEMPFAIL, "4.4.2", c->err);
		goto out;
	}
	note_reply(&s);
	for (i = 0; i < j->nrcpts; i++)
		if (accepted[i])
			rcpt_from_reply(&s, &j->rcpts[i], SMTPC_PH_DATAEND);
	if (k != NULL && k->keep && s.r.code / 100 == 2) {
		/* in step and willing: kept for the next message */
		k->kept = true;
		k->ext = x;
		k->tls_on = tls_on;
	} else if (s.r.code != 421)
		sess_quit(&s);
out:
	free(accepted);
	buf_free(&cmds);
	buf_free(&s.out);
	buf_free(&s.auth_why);
	smtpc_reply_free(&s.r);
	return ret;
}
