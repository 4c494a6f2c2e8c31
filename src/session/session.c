/*
 * session.c - a session's life: the engine's settings from the .cf,
 * the callbacks wired to the session's answers, the greeting (or the
 * Connect: refusal), the store's late answer, TLS facts.
 */
#include "session/session_int.h"
#include "auth/auth_sasl.h"
#include "cf/cf.h"
#include "cf/macro.h"
#include "cf/option.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The HelpFile is the same for every session on a cf: read once and
 * shared.  Texts of older configurations stay (a session may still use
 * one after a reload); there are as many as reloads.
 */
struct session_help {
	const struct cf *cf;
	char *text;
	size_t len;
	struct session_help *next;
};
static struct session_help *session_helps;

/* session_help - the HelpFile of cf, read whole; NULL if none */
static const char *
session_help(const struct cf *cf, size_t *len)
{
	struct session_help *h;
	struct buf b = BUF_INIT;
	char chunk[4096];
	FILE *f;
	size_t n;

	for (h = session_helps; h != NULL; h = h->next)
		if (h->cf == cf) {
			*len = h->len;
			return h->text;
		}
	*len = 0;
	f = cf->opts->help_file ? fopen(cf->opts->help_file, "r") : NULL;
	if (f == NULL)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	h = xcalloc(1, sizeof(*h));
	h->cf = cf;
	h->len = b.len;
	h->text = buf_steal(&b);
	h->next = session_helps;
	session_helps = h;
	*len = h->len;
	return h->text;
}

/*
 * session_chunking - CHUNKING/BDAT (RFC 3030) is not sendmail 8.17's, so
 * it is off unless the .cf asks with the macro D{TernChunking}True (a
 * macro, not an option: the real sendmail reads such a .cf silently).
 */
static bool
session_chunking(const struct cf *cf)
{
	const char *v = macro_get_name(cf->macros, "TernChunking");

	return v != NULL && v[0] != '\0' && strchr("tTyY", v[0]) != NULL;
}

/* session_expand - HelpFile lines: macros with the session's values */
static void
session_expand(void *ctx, const char *in, struct buf *out)
{
	struct session *s = ctx;

	session_enter(s);
	macro_expand(s->cf->macros, in, out);
	session_leave(s);
}

/* session_auth - AUTH through Cyrus SASL (sets ${auth_*}) */
static int
session_auth(void *ctx, const char *mech, const char *resp,
    struct smtp_reply *r)
{
	struct session *s = ctx;
	int rc;

	session_enter(s);
	rc = auth_sasl_step(s->sasl, mech, resp, r);
	session_leave(s);
	return rc;
}

/* session_new - a session for a client */
struct session *
session_new(struct cf *cf, const struct session_client *client,
    const struct session_store *store)
{
	struct session *s = xcalloc(1, sizeof(*s));
	const char *v;

	s->cf = cf;
	if (store != NULL)
		s->store = *store;
	buf_init(&s->greeting);
	buf_init(&s->body);
	v = macro_get(cf->macros, 'j');
	s->hostname = xstrdup(v ? v : "localhost");
	v = macro_get(cf->macros, 'v');
	s->version = xstrdup(v ? v : "");
	session_client_setup(s, client);
	return s;
}

/* session_free - end a session */
void
session_free(struct session *s)
{
	if (s == NULL)
		return;
	/* the engine aborts an open message through data_abort */
	smtp_server_free(s->srv);
	session_data_abort(s, NULL);
	auth_sasl_free(s->sasl);
	session_mvs_free(&s->over);
	session_mvs_free(&s->saved);
	session_rcpt_forget(s);
	buf_free(&s->greeting);
	buf_free(&s->body);
	arena_free(&s->arena);
	free(s->client);
	free(s->relay);
	free(s->addr);
	free(s->sasl_local);
	free(s->sasl_remote);
	free(s->hostname);
	free(s->version);
	free(s->nulltext);
	free(s->quarantine_conn);
	free(s->quarantine_msg);
	free(s);
}

/* session_start - the engine, then the greeting or the refusal */
int
session_start(struct session *s, struct buf *out)
{
	struct smtp_server_config cfg;
	struct smtp_server_cb cb;
	struct smtp_reply refusal;
	const char *help;
	size_t help_len;
	int act;

	if (s->srv != NULL)
		return smtp_server_start(s->srv, out);
	(void)session_connect_check(s, &refusal);
	session_enter(s);
	smtp_server_config_init(&cfg);
	smtp_server_config_options(&cfg, s->cf->opts);
	cfg.hostname = s->hostname;
	cfg.client = s->client;
	cfg.relay = s->relay;
	cfg.version = s->version;
	cfg.tls = s->tls;
	cfg.auth_required = s->auth_required;
	cfg.chunking = session_chunking(s->cf);
	help = session_help(s->cf, &help_len);
	cfg.help_text = help;
	cfg.help_len = help_len;
	if (s->connect_rc == SMTP_OK && s->early_talker) {
		/* spoke before the greeting: only QUIT is served */
		buf_addf(&s->greeting, "%s not accepting messages", s->hostname);
		cfg.greet_code = 554;
		cfg.nullserver = "Command rejected";
	} else if (s->connect_rc == SMTP_OK) {
		macro_expand(s->cf->macros, s->cf->opts->smtp_greeting_message ?
		    s->cf->opts->smtp_greeting_message :
		    "$j Sendmail $v ready at $b", &s->greeting);
		s->sasl = auth_sasl_new(s->cf, s->hostname, s->sasl_local,
		    s->sasl_remote);
		cfg.auth_mechs = auth_sasl_mechlist(s->sasl);
	} else {
		/*
		 * Refused at connect: say so in the greeting, then only QUIT
		 * (every other command gets the ruleset's reply)
		 */
		buf_addf(&s->greeting, "%s not accepting messages", s->hostname);
		cfg.greet_code = refusal.code / 100 == 4 ? 421 : 554;
		cfg.nullserver = NULL;
	}
	session_leave(s);

	memset(&cb, 0, sizeof(cb));
	cb.ctx = s;
	cb.helo = session_helo;
	cb.parse_mail = session_parse_mail;
	cb.parse_rcpt = session_parse_rcpt;
	cb.check_mail = session_check_mail;
	cb.check_rcpt = session_check_rcpt;
	cb.data_start = session_data_start;
	cb.data_body = session_data_body;
	cb.data_end = session_data_end;
	cb.data_abort = session_data_abort;
	cb.expand = session_expand;
	cb.vrfy = session_vrfy;
	cb.etrn = session_etrn;
	cb.auth = session_auth;
	cfg.greeting = buf_str(&s->greeting);
	if (s->connect_rc != SMTP_OK) {
		struct buf t = BUF_INIT;

		buf_addf(&t, "%d %s %s", s->connect_reply.code,
		    s->connect_reply.enh, s->connect_reply.text);
		/* borrowed by the engine: kept in the session */
		s->nulltext = buf_steal(&t);
		cfg.nullserver = s->nulltext;
	}
	s->srv = smtp_server_new(&cfg, &cb);
	act = smtp_server_start(s->srv, out);
	return act;
}

/* session_engine - the engine to drive */
struct smtp_server *
session_engine(struct session *s)
{
	return s->srv;
}

/* session_store_done - the store's late answer to a pending end */
int
session_store_done(struct session *s, int status, const struct smtp_reply *r,
    struct buf *out)
{
	struct smtp_reply reply;
	int act;

	if (s->srv == NULL)
		return SMTP_ACT_CLOSE;
	if (s->msg != SESSION_MSG_ENDING)
		return smtp_server_data_done(s->srv, status, r, out);
	if (r != NULL)
		reply = *r;
	else
		memset(&reply, 0, sizeof(reply));
	session_enter(s);
	s->msg = SESSION_MSG_NONE;	/* the store is done with it */
	if (status == SMTP_OK)
		session_data_accepted(s, smtp_server_envelope(s->srv), &reply);
	act = smtp_server_data_done(s->srv, status == SMTP_OK ? SMTP_OK :
	    SMTP_REJECT, &reply, out);
	session_leave(s);
	return act;
}

/* session_tls_done - the handshake's facts into macros and SASL */
void
session_tls_done(struct session *s, const struct session_tls *t)
{
	char bits[16];

	session_enter(s);
	session_macro(s, "tls_version", t->version);
	session_macro(s, "cipher", t->cipher);
	snprintf(bits, sizeof(bits), "%d", t->cipher_bits);
	session_macro(s, "cipher_bits", bits);
	session_macro(s, "verify", t->verify);
	session_macro(s, "cert_subject", t->cert_subject);
	session_macro(s, "cert_issuer", t->cert_issuer);
	session_macro(s, "cn_subject", t->cn_subject);
	session_macro(s, "cn_issuer", t->cn_issuer);
	if (s->sasl != NULL) {
		/* a verified client certificate is an external identity */
		(void)auth_sasl_tls(s->sasl, t->cipher_bits > 0 ?
		    (unsigned)t->cipher_bits : 0, t->verify != NULL &&
		    strcmp(t->verify, "OK") == 0 ? t->cert_subject : NULL);
		if (s->srv != NULL)
			smtp_server_set_auth_mechs(s->srv,
			    auth_sasl_mechlist(s->sasl));
	}
	session_leave(s);
}

/* session_exitstat - the first permanent refusal's exit status */
int
session_exitstat(const struct session *s)
{
	return s->exitstat;
}

/* session_qid - the current or last message's queue ID */
const char *
session_qid(const struct session *s)
{
	return s->qid;
}

void
session_set_data(struct session *s, void *data)
{
	s->data = data;
}

void *
session_data(const struct session *s)
{
	return s->data;
}
