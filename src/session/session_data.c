/*
 * session_data.c - the message: DATA (or BDAT) accepted, its text
 * through intake (headers parsed and rewritten, Received: added, body
 * set aside) into the store, and the store's commit before any 250.
 */
#include "session/session_int.h"
#include "cf/cf.h"
#include "cf/macro.h"
#include "queue/qf.h"
#include "util/log.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/*
 * session_save_macros - the macros sendmail keeps with a queued message
 * ($ lines of the qf): how it came ($r, $s, $_) and through which
 * daemon, so a later delivery (Received is already bound) and its DSNs
 * name it
 */
static void
session_save_macros(struct session *s, struct envelope *env)
{
	static const char *const names[] = { "r", "s", "_", "daemon_flags" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const char *v = macro_get_name(s->cf->macros, names[i]);

		if (v == NULL)
			continue;
		if (names[i][1] != '\0') {
			char n[64];

			snprintf(n, sizeof(n), "{%s}", names[i]);
			envelope_set_macro(env, n, v);
		} else
			envelope_set_macro(env, names[i], v);
	}
}

/* session_intake_close - end intake, whatever happened */
static void
session_intake_close(struct session *s)
{
	if (s->in_open) {
		intake_free(&s->in);
		s->in_open = false;
	}
}

/* session_store_abort - the store forgets the message */
static void
session_store_abort(struct session *s)
{
	if (s->msg != SESSION_MSG_NONE && s->store.abort != NULL)
		s->store.abort(s->store.ctx, s);
	s->msg = SESSION_MSG_NONE;
}


/* session_rcpt_known - intake's add_rcpt for recipients already taken */
static bool
session_rcpt_known(void *arg, const char *addr)
{
	(void)arg, (void)addr;
	return true;
}

/* session_data_start - DATA: a queue ID from the store, intake begins */
int
session_data_start(void *ctx, struct envelope *env, struct smtp_reply *r)
{
	struct session *s = ctx;
	struct intake_conf conf;
	struct intake_sender sender;
	char qid[QID_MAX];
	size_t i;

	if (s->store.begin == NULL) {
		smtp_reply_set(r, 451, "4.3.0", "Temporary system failure");
		return SMTP_REJECT;
	}
	session_enter(s);
	memset(qid, 0, sizeof(qid));
	if (s->store.begin(s->store.ctx, s, env, qid, r) != SMTP_OK) {
		if (r->code == 0)
			smtp_reply_set(r, 451, "4.3.0", "Temporary system failure");
		session_leave(s);
		return SMTP_REJECT;
	}
	s->msg = SESSION_MSG_OPEN;
	s->discarding = s->discard_msg || s->discard_conn;
	if (s->discarding)
		/* the queue ID is kept for the reply; nothing is stored */
		session_store_abort(s);
	qid[QID_MAX - 1] = '\0';
	snprintf(s->qid, sizeof(s->qid), "%s", qid);
	snprintf(env->qid, sizeof(env->qid), "%s", qid);
	env->ctime = time(NULL);
	session_protocol(s);	/* ESMTPSA: TLS and AUTH may have come since */
	intake_conf_init(&conf, s->cf);
	conf.smtp = true;
	conf.via = s->relay;
	memset(&sender, 0, sizeof(sender));
	sender.paddr = env->sender && *env->sender ? env->sender : NULL;
	intake_begin(&s->in, env, s->cf, s->cf->macros, &conf, &sender,
	    env->ctime);
	/*
	 * The recipients are in the envelope already; intake only needs
	 * them as the client wrote them ("<a@b>") for Received's "for <a@b>"
	 */
	s->in.add_rcpt = session_rcpt_known;
	s->in.add_rcpt_arg = s;
	for (i = 0; i < env->nrcpts; i++)
		intake_rcpt_list(&s->in, env->rcpts[i].paddr != NULL ?
		    env->rcpts[i].paddr : env->rcpts[i].addr);
	s->in_open = true;
	session_leave(s);
	return SMTP_OK;
}

/* session_flush_body - what intake set aside as body goes to the store */
static int
session_flush_body(struct session *s, struct smtp_reply *r)
{
	int rc = SMTP_OK;

	if (s->body.len > 0 && s->store.body != NULL && !s->discarding)
		rc = s->store.body(s->store.ctx, s, s->body.data, s->body.len, r);
	buf_reset(&s->body);
	if (rc != SMTP_OK && r->code == 0)
		smtp_reply_set(r, 452, "4.3.1",
		    "Insufficient disk space; try again later");
	return rc;
}

/* session_data_body - message text through intake */
int
session_data_body(void *ctx, const char *p, size_t n, struct smtp_reply *r)
{
	struct session *s = ctx;
	int rc;

	session_enter(s);
	intake_feed(&s->in, p, n, &s->body);
	rc = session_flush_body(s, r);
	session_leave(s);
	return rc;
}

/* session_intake_refusal - intake's complaint as the reply */
static void
session_intake_refusal(struct session *s, struct smtp_reply *r)
{
	const char *m = buf_str(&s->in.errors);
	char *last = xstrdup(m), *nl;

	while ((nl = strrchr(last, '\n')) != NULL && nl[1] == '\0')
		*nl = '\0';
	nl = strrchr(last, '\n');
	m = nl ? nl + 1 : last;
	/* its code and enhanced code are sendmail's: keep both */
	if (isdigit((unsigned char)m[0]) && isdigit((unsigned char)m[1]) &&
	    isdigit((unsigned char)m[2]))
		smtp_reply_parse(r, m);
	else
		smtp_reply_set(r, 554, "5.0.0", "%s", m);
	if (r->enh[0] == '\0')
		snprintf(r->enh, sizeof(r->enh), "%d.0.0", r->code / 100);
	free(last);
}

/*
 * session_data_accepted - the store committed: what follows a commit
 * (sendmail's from= log line, the default 250 text with the queue ID)
 */
void
session_data_accepted(struct session *s, const struct envelope *env,
    struct smtp_reply *r)
{
	intake_log_from(s->cf, env, s->msgsize);
	if (r->code == 0)
		smtp_reply_set(r, 250, "2.0.0", "%s Message accepted for delivery",
		    s->qid);
}

/* session_data_end - the whole message: intake's end, then the commit */
int
session_data_end(void *ctx, struct envelope *env, struct smtp_reply *r)
{
	struct session *s = ctx;
	int st, rc;
	long msgsize;

	session_enter(s);
	st = intake_end(&s->in, &s->body);
	/* what the header said about the message, kept in the qf F line */
	if (s->in.eflags & INTAKE_DELETE_BCC)
		env->flags |= QF_F_DELBCC;
	if (s->in.eflags & INTAKE_HAS8BIT)
		env->flags |= QF_F_8BIT;
	msgsize = s->in.parse.msgsize;
	s->msgsize = msgsize;
	if (st != INTAKE_OK)
		session_intake_refusal(s, r);
	else if (session_flush_body(s, r) != SMTP_OK)
		st = -1;
	session_intake_close(s);
	if (st != INTAKE_OK) {
		session_store_abort(s);
		session_leave(s);
		return SMTP_REJECT;
	}
	if (s->discarding) {
		/* sendmail's discard: the client is told it was accepted */
		s->discarding = false;
		s->discard_msg = false;
		log_line(LOG_INFO, "%s: discarded", s->qid);
		smtp_reply_set(r, 250, "2.0.0", "%s Message accepted for delivery",
		    s->qid);
		session_leave(s);
		return SMTP_OK;
	}
	env->priority = intake_priority(s->cf, env, msgsize);
	session_save_macros(s, env);
	if (s->quarantine_msg != NULL || s->quarantine_conn != NULL) {
		free(env->quarantine);
		env->quarantine = xstrdup(s->quarantine_msg != NULL ?
		    s->quarantine_msg : s->quarantine_conn);
		log_line(LOG_INFO, "%s: quarantine=%s", s->qid, env->quarantine);
	}
	s->msg = SESSION_MSG_ENDING;
	rc = s->store.end != NULL ? s->store.end(s->store.ctx, s, env, r) :
	    SMTP_REJECT;
	if (rc == SMTP_PENDING) {
		session_leave(s);
		return SMTP_PENDING;	/* session_store_done follows */
	}
	s->msg = SESSION_MSG_NONE;	/* the store is done with it */
	if (rc == SMTP_OK)
		session_data_accepted(s, env, r);
	session_leave(s);
	return rc == SMTP_OK ? SMTP_OK : SMTP_REJECT;
}

/* session_data_abort - a started message is abandoned */
void
session_data_abort(void *ctx, struct envelope *env)
{
	struct session *s = ctx;

	(void)env;
	session_enter(s);
	session_intake_close(s);
	session_store_abort(s);
	s->discarding = false;
	buf_reset(&s->body);
	session_leave(s);
}
