/*
 * smtp_ehlo.c - the EHLO reply: what this session offers.
 *
 * The order and the conditions are sendmail 8.17's: ENHANCEDSTATUSCODES
 * always first, PIPELINING, EXPN (unless noexpn) with VERB under it
 * (unless noverb), 8BITMIME, SMTPUTF8 (SmtpUTF8), SIZE [MaxMessageSize],
 * DSN (SendMimeErrors, not noreceipts), ETRN (not noetrn), AUTH mechs,
 * STARTTLS, DELIVERBY [DeliverByMin], then tern's CHUNKING, and HELP
 * last.  A session refusing everything (nullserver) offers only
 * ENHANCEDSTATUSCODES.
 */
#include "smtp/smtp_int.h"

/* smtp_ehlo_dsn - are DSN parameters announced */
bool
smtp_ehlo_dsn(const struct smtp_server *s)
{
	return s->cfg.send_mime_errors &&
	    !(s->cfg.privacy & OPT_PRIV_NORECEIPTS);
}

/* smtp_ehlo_etrn - is ETRN offered (and taken) */
bool
smtp_ehlo_etrn(const struct smtp_server *s)
{
	return !(s->cfg.privacy & OPT_PRIV_NOETRN);
}

/* smtp_ehlo_verb - is VERB offered (only together with EXPN) */
bool
smtp_ehlo_verb(const struct smtp_server *s)
{
	return !(s->cfg.privacy & OPT_PRIV_NOEXPN) &&
	    !(s->cfg.privacy & OPT_PRIV_NOVERB);
}

/* smtp_ehlo_write - "250-HOST Hello CLIENT, HELLO" and the list */
void
smtp_ehlo_write(struct smtp_server *s, const char *hello, struct buf *out)
{
	struct buf t = BUF_INIT;
	const struct smtp_server_config *c = &s->cfg;

	buf_addf(&t, "%s Hello %s, %s", c->hostname, c->client, hello);
	smtp_reply_line(out, 250, true, NULL, buf_str(&t));
	if (s->nullmode) {
		smtp_reply_line(out, 250, false, NULL, "ENHANCEDSTATUSCODES");
		buf_free(&t);
		return;
	}
	smtp_reply_line(out, 250, true, NULL, "ENHANCEDSTATUSCODES");
	if (!(c->flags & SMTP_SRV_NO_PIPELINING))
		smtp_reply_line(out, 250, true, NULL, "PIPELINING");
	if (!(c->privacy & OPT_PRIV_NOEXPN)) {
		smtp_reply_line(out, 250, true, NULL, "EXPN");
		if (smtp_ehlo_verb(s))
			smtp_reply_line(out, 250, true, NULL, "VERB");
	}
	smtp_reply_line(out, 250, true, NULL, "8BITMIME");
	if (c->smtputf8)
		smtp_reply_line(out, 250, true, NULL, "SMTPUTF8");
	buf_reset(&t);
	if (c->max_message_size > 0)
		buf_addf(&t, "SIZE %ld", c->max_message_size);
	else
		buf_adds(&t, "SIZE");
	smtp_reply_line(out, 250, true, NULL, buf_str(&t));
	if (smtp_ehlo_dsn(s))
		smtp_reply_line(out, 250, true, NULL, "DSN");
	if (smtp_ehlo_etrn(s))
		smtp_reply_line(out, 250, true, NULL, "ETRN");
	if (c->auth_mechs != NULL && *c->auth_mechs != '\0' &&
	    !s->authenticated) {
		buf_reset(&t);
		buf_addf(&t, "AUTH %s", c->auth_mechs);
		smtp_reply_line(out, 250, true, NULL, buf_str(&t));
	}
	if (c->tls == SMTP_TLS_OFFER && !s->tls_active)
		smtp_reply_line(out, 250, true, NULL, "STARTTLS");
	if (c->deliver_by_min >= 0) {
		buf_reset(&t);
		if (c->deliver_by_min > 0)
			buf_addf(&t, "DELIVERBY %ld", c->deliver_by_min);
		else
			buf_adds(&t, "DELIVERBY");
		smtp_reply_line(out, 250, true, NULL, buf_str(&t));
	}
	if (c->chunking)
		smtp_reply_line(out, 250, true, NULL, "CHUNKING");
	smtp_reply_line(out, 250, false, NULL, "HELP");
	buf_free(&t);
}
