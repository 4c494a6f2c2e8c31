/*
 * smtp_cmd.c - the command table and the dispatcher.
 *
 * Each row: the verb, the transaction phases where it is legal (with
 * sendmail's answer for the others), flags, a pure check (reads the
 * session, parses the arguments into struct smtp_args, decides; may
 * refuse with a reply) and a proceed (side effects: callbacks, state,
 * replies).  The dispatcher splits the line as sendmail does, applies
 * the nullserver rule and the slow-downs that come before a command,
 * then runs check and, if it passes, proceed.
 *
 * Replies, codes and the order of checks are sendmail 8.17's
 * (srvrsmtp.c), verified against the real binary in tests/golden/bs.
 */
#include "smtp/smtp_int.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* row flags */
#define CMD_NULLOK	0x01	/* allowed when refusing everything */
#define CMD_CHUNKING	0x02	/* exists only with config.chunking */

/* what to count before the check (sendmail's checksmtpattack order) */
enum smtp_pre { PRE_NONE, PRE_HELO, PRE_NOOP, PRE_RCPT };

struct smtp_cmd {
	const char *verb;
	unsigned legal;			/* SMTP_PH_* */
	const char *refuse[3];		/* reply in PH_NONE, PH_MAIL, PH_RCPT */
	unsigned flags;
	enum smtp_pre pre;
	int (*check)(const struct smtp_server *, const struct smtp_cmd *,
	    struct smtp_args *, struct smtp_reply *);
	void (*proceed)(struct smtp_server *, struct smtp_args *,
	    struct buf *);
};

/* smtp_cmd_phase - where the transaction is */
unsigned
smtp_cmd_phase(const struct smtp_server *s)
{
	if (!s->gotmail)
		return SMTP_PH_NONE;
	return s->nrcpts == 0 ? SMTP_PH_MAIL : SMTP_PH_RCPT;
}

/* smtp_cmd_legal - is the command legal now; else r = the row's answer */
static int
smtp_cmd_legal(const struct smtp_server *s, const struct smtp_cmd *c,
    struct smtp_reply *r)
{
	unsigned ph = smtp_cmd_phase(s);
	int i = ph == SMTP_PH_NONE ? 0 : ph == SMTP_PH_MAIL ? 1 : 2;

	if (c->legal & ph)
		return SMTP_OK;
	smtp_reply_parse(r, c->refuse[i] ? c->refuse[i] :
	    "503 5.5.1 Bad sequence of commands");
	return SMTP_REJECT;
}

/* smtp_cmd_space - an ASCII blank as sendmail's isspace sees it */
static int
smtp_cmd_space(int c)
{
	return c >= 0 && c < 0x80 && isspace(c);
}

/* smtp_cmd_strip - drop one pair of <> around an address */
static char *
smtp_cmd_strip(const char *a)
{
	size_t n = strlen(a);

	if (n >= 2 && a[0] == '<' && a[n - 1] == '>')
		return xstrndup(a + 1, n - 2);
	return xstrdup(a);
}

/* smtp_cmd_default - a refusal the callback did not word */
static void
smtp_cmd_default(struct smtp_reply *r)
{
	if (r->code == 0)
		smtp_reply_set(r, 550, "5.0.0", "Command rejected");
}

/*
 * smtp_cmd_split - address and parameters of MAIL/RCPT: the first
 * addrlen bytes of args->full are the address, the rest is parsed as
 * parameters (a complaint is kept in perr for its turn).
 */
static void
smtp_cmd_split(const struct smtp_server *s, bool rcpt, struct smtp_args *a,
    size_t addrlen)
{
	size_t n = strlen(a->line + a->fulloff);
	const char *full = a->line + a->fulloff;

	if (addrlen > n)
		addrlen = n;
	free(a->addr);
	free(a->pbuf);
	a->addr = xstrndup(full, addrlen);
	a->pbuf = xstrdup(full + addrlen);
	a->addrlen = addrlen;
	memset(&a->params, 0, sizeof(a->params));
	memset(&a->perr, 0, sizeof(a->perr));
	a->params.rest = full + addrlen;
	a->perr_set = smtp_param_parse(s, rcpt, a->pbuf, &a->params,
	    &a->perr) != 0;
}

/* smtp_cmd_mailrcpt - "FROM:"/"TO:", then the default split */
static int
smtp_cmd_mailrcpt(const struct smtp_server *s, bool rcpt,
    struct smtp_args *a, struct smtp_reply *r)
{
	struct buf t = BUF_INIT;
	const char *shown = "";
	char *p;

	p = smtp_param_skipword(a->arg, rcpt ? "to" : "from", &shown);
	if (p == NULL) {
		smtp_reply_set(r, 501, "5.5.2",
		    "Syntax error in parameters scanning \"%s\"",
		    smtp_reply_short(&t, shown));
		buf_free(&t);
		return SMTP_REJECT;
	}
	/* p points into a->work; find the same text in the original line */
	a->fulloff = a->argoff + (size_t)(p - a->arg);
	smtp_cmd_split(s, rcpt, a,
	    (size_t)(smtp_param_addr_end(p) - p));
	return SMTP_OK;
}

/* smtp_cmd_parse_cb - parse_mail/parse_rcpt, re-splitting if it moved */
static int
smtp_cmd_parse_cb(struct smtp_server *s, bool rcpt, struct smtp_args *a,
    struct smtp_reply *r)
{
	int (*fn)(void *, const char *, size_t *, struct smtp_reply *);
	size_t len = a->addrlen;

	fn = rcpt ? s->cb.parse_rcpt : s->cb.parse_mail;
	if (fn == NULL)
		return SMTP_OK;
	if (fn(s->cb.ctx, a->line + a->fulloff, &len, r) != SMTP_OK) {
		smtp_cmd_default(r);
		return SMTP_REJECT;
	}
	if (len != a->addrlen)
		smtp_cmd_split(s, rcpt, a, len);
	memset(r, 0, sizeof(*r));
	return SMTP_OK;
}

/* ---- HELO / EHLO */

/* check_helo - sendmail's domain-name test (RFC 1123 5.2.5) */
static int
check_helo(const struct smtp_server *s, const struct smtp_cmd *c,
    struct smtp_args *a, struct smtp_reply *r)
{
	char *q;
	bool ok = true;
	int ch;

	(void)c;
	if (smtp_server_pending(s)) {
		/* sent before our reply: 554 comes before any other check */
		a->stuffed = true;
		return SMTP_OK;
	}
	if (*a->arg == '\0' && !s->cfg.allow_bogus_helo) {
		smtp_reply_set(r, 501, "5.0.0", "%s requires domain address",
		    a->verb);
		return SMTP_REJECT;
	}
	if (strlen(a->arg) > 256) {
		smtp_reply_set(r, 501, "5.0.0", "Invalid domain name");
		return SMTP_REJECT;
	}
	for (q = a->arg; (ch = (unsigned char)*q) != '\0'; q++) {
		if (ch >= 0x80)
			break;
		if (isalnum(ch))
			continue;
		if (isspace(ch)) {
			/* only blanks may follow */
			*q = '\0';
			ok = s->cfg.allow_bogus_helo;
			while (!ok && *++q != '\0' &&
			    smtp_cmd_space((unsigned char)*q))
				;
			if (*q == '\0')
				ok = true;
			break;
		}
		if (strchr("[].-_#:", ch) == NULL)
			break;
	}
	if (*q == '\0' && ok)
		a->bogus = false;
	else if (!s->cfg.allow_bogus_helo) {
		smtp_reply_set(r, 501, "5.0.0", "Invalid domain name");
		return SMTP_REJECT;
	} else
		a->bogus = true;
	return SMTP_OK;
}

/* proceed_helo - stuffing check, callback, new session state, reply */
static void
proceed_helo(struct smtp_server *s, struct smtp_args *a, struct buf *out)
{
	struct smtp_reply r;
	const char *hello;
	struct buf t = BUF_INIT;

	if (a->stuffed) {
		/* the client did not wait for this reply (8.18) */
		smtp_reply_write(out, "554 5.5.0 SMTP protocol error");
		s->nullmode = true;
		s->nulltext = "Command rejected";
		return;
	}
	memset(&r, 0, sizeof(r));
	if (s->cb.helo != NULL && s->cb.helo(s->cb.ctx, a->ehlo, a->arg,
	    &r) != SMTP_OK) {
		smtp_cmd_default(&r);
		smtp_reply_emit(out, &r);
		if (r.code == 421)
			smtp_server_close(s);
		return;
	}
	hello = r.code != 0 || r.text[0] != '\0' ? r.text :
	    a->bogus ? "accepting invalid domain name" : "pleased to meet you";
	smtp_server_txn_reset(s);	/* even the first HELO: sendmail does */
	s->helo = a->ehlo ? SMTP_HELO_EHLO : SMTP_HELO_HELO;
	free(s->helo_name);
	s->helo_name = xstrdup(a->arg);
	if (a->ehlo) {
		smtp_ehlo_write(s, hello, out);
		return;
	}
	buf_addf(&t, "%s Hello %s, %s", s->cfg.hostname, s->cfg.client, hello);
	smtp_reply_line(out, 250, false, NULL, buf_str(&t));
	buf_free(&t);
}

/* ---- MAIL */

/* check_mail - HELO first (needmailhelo), one MAIL, AUTH first, "FROM:" */
static int
check_mail(const struct smtp_server *s, const struct smtp_cmd *c,
    struct smtp_args *a, struct smtp_reply *r)
{
	if (s->helo == SMTP_HELO_NONE &&
	    (s->cfg.privacy & OPT_PRIV_NEEDMAILHELO)) {
		smtp_reply_set(r, 503, "5.0.0", "Polite people say HELO first");
		return SMTP_REJECT;
	}
	if (smtp_cmd_legal(s, c, r) != SMTP_OK)
		return SMTP_REJECT;
	if (s->cfg.auth_required && !s->authenticated) {
		smtp_reply_set(r, 530, "5.7.0", "Authentication required");
		return SMTP_REJECT;
	}
	return smtp_cmd_mailrcpt(s, false, a, r);
}

/* proceed_mail - parseaddr, parameters, check_mail, SIZE limit, 250 */
static void
proceed_mail(struct smtp_server *s, struct smtp_args *a, struct buf *out)
{
	const struct smtp_params *pp = &a->params;
	struct envelope *e = &s->env;
	struct smtp_reply r;

	memset(&r, 0, sizeof(r));
	if (smtp_cmd_parse_cb(s, false, a, &r) != SMTP_OK)
		goto refuse;
	if (a->perr_set) {
		r = a->perr;
		goto refuse;
	}
	envelope_free(e);
	e->sender = smtp_cmd_strip(a->addr);
	if (pp->envid != NULL) {
		e->envid = smtp_xtext_decode(pp->envid);
		e->envid_xtext = xstrdup(pp->envid);
	}
	e->ret = pp->ret;
	if (pp->auth != NULL)
		e->auth = xstrdup(pp->auth);
	if (pp->body != NULL)
		e->bodytype = xstrdup(pp->body);
	e->smtputf8 = pp->smtputf8;
	e->declared_size = pp->has_size ? pp->size : 0;
	if (pp->has_by) {
		e->dlvr_flag = pp->by_mode;
		e->deliver_by = pp->by_time;
	}
	s->txn_dirty = true;
	if (s->cb.check_mail != NULL && s->cb.check_mail(s->cb.ctx, a->addr,
	    pp, e, &r) != SMTP_OK) {
		smtp_cmd_default(&r);
		smtp_server_txn_reset(s);
		goto refuse;
	}
	if (s->cfg.max_message_size > 0 && pp->has_size &&
	    pp->size > s->cfg.max_message_size) {
		smtp_reply_set(&r, 552, "5.2.3", "Message size exceeds fixed "
		    "maximum message size (%ld)", s->cfg.max_message_size);
		smtp_server_txn_reset(s);
		goto refuse;
	}
	s->gotmail = true;
	free(s->mail_addr);
	s->mail_addr = xstrdup(a->addr);
	if (r.code == 0)
		smtp_reply_set(&r, 250, "2.1.0", "%s... Sender ok", a->addr);
	smtp_reply_emit(out, &r);
	return;
refuse:
	smtp_reply_emit(out, &r);
	if (r.code == 421)
		smtp_server_close(s);
}

/* ---- RCPT */

/* check_rcpt - after MAIL; MaxRecipientsPerMessage; "TO:" */
static int
check_rcpt(const struct smtp_server *s, const struct smtp_cmd *c,
    struct smtp_args *a, struct smtp_reply *r)
{
	if (smtp_cmd_legal(s, c, r) != SMTP_OK)
		return SMTP_REJECT;
	a->count_bad = true;
	if (s->cfg.max_rcpts > 0 && s->nrcpts >= (unsigned)s->cfg.max_rcpts) {
		smtp_reply_set(r, 452, "4.5.3", "Too many recipients");
		return SMTP_REJECT;
	}
	return smtp_cmd_mailrcpt(s, true, a, r);
}

/* proceed_rcpt - parseaddr, parameters, check_rcpt, 250; count the bad */
static void
proceed_rcpt(struct smtp_server *s, struct smtp_args *a, struct buf *out)
{
	const struct smtp_params *pp = &a->params;
	struct envelope *e = &s->env;
	struct smtp_reply r;
	struct rcpt *rc;
	size_t i;

	memset(&r, 0, sizeof(r));
	if (smtp_cmd_parse_cb(s, true, a, &r) != SMTP_OK)
		goto refuse;
	if (a->perr_set) {
		r = a->perr;
		goto refuse;
	}
	rc = envelope_add_rcpt(e, "");
	free(rc->addr);
	rc->addr = smtp_cmd_strip(a->addr);
	rc->paddr = xstrdup(a->addr);
	rc->notify = pp->notify;
	rc->flags = RCPT_PRIMARY;
	if (pp->orcpt != NULL) {
		rc->orcpt = smtp_xtext_decode(pp->orcpt);
		rc->orcpt_xtext = xstrdup(pp->orcpt);
		rc->flags |= RCPT_HASORCPT;
	}
	i = e->nrcpts - 1;
	if (s->cb.check_rcpt != NULL && s->cb.check_rcpt(s->cb.ctx, a->addr,
	    pp, e, rc, &r) != SMTP_OK) {
		/* drop ours (the callback may have added others after it) */
		rc = &e->rcpts[i];
		free(rc->addr);
		free(rc->orcpt);
		free(rc->final);
		free(rc->status);
		free(rc->reply);
		free(rc->paddr);
		free(rc->ctladdr);
		free(rc->orcpt_xtext);
		memmove(rc, rc + 1, (e->nrcpts - i - 1) * sizeof(*rc));
		e->nrcpts--;
		smtp_cmd_default(&r);
		goto refuse;
	}
	s->nrcpts++;
	if (r.code == 0)
		smtp_reply_set(&r, 250, "2.1.5", "%s... Recipient ok", a->addr);
	smtp_reply_emit(out, &r);
	return;
refuse:
	s->nbadrcpts++;
	smtp_reply_emit(out, &r);
	if (r.code == 421)
		smtp_server_close(s);
}

/* ---- DATA */

/* check_data - MAIL and RCPT given, not in a BDAT transaction */
static int
check_data(const struct smtp_server *s, const struct smtp_cmd *c,
    struct smtp_args *a, struct smtp_reply *r)
{
	(void)a;
	if (smtp_cmd_legal(s, c, r) != SMTP_OK)
		return SMTP_REJECT;
	if (s->bdat_used) {
		smtp_reply_set(r, 503, "5.5.1", "DATA not allowed after BDAT");
		return SMTP_REJECT;
	}
	return SMTP_OK;
}

/* proceed_data - stuffing check, data_start, 354, message text */
static void
proceed_data(struct smtp_server *s, struct smtp_args *a, struct buf *out)
{
	struct smtp_reply r;

	(void)a;
	if (smtp_server_pending(s)) {
		/* message text before the 354: transaction stuffing */
		smtp_reply_write(out, "554 5.5.0 SMTP protocol error");
		smtp_server_close(s);
		return;
	}
	memset(&r, 0, sizeof(r));
	if (s->cb.data_start != NULL &&
	    s->cb.data_start(s->cb.ctx, &s->env, &r) != SMTP_OK) {
		smtp_cmd_default(&r);
		smtp_reply_emit(out, &r);
		if (r.code == 421)
			smtp_server_close(s);
		return;
	}
	s->msg.started = true;
	smtp_data_begin(s);
	smtp_reply_write(out, "354 End data with <CR><LF>.<CR><LF>");
	s->state = SMTP_ST_DATA;
}

/* ---- BDAT (RFC 3030) */

/* check_bdat - "BDAT size [LAST]", size of at most 19 digits */
static int
check_bdat(const struct smtp_server *s, const struct smtp_cmd *c,
    struct smtp_args *a, struct smtp_reply *r)
{
	const char *p = a->arg;
	unsigned long long n = 0;
	int digits = 0;

	(void)s;
	(void)c;
	while (*p >= '0' && *p <= '9' && digits < 19) {
		n = n * 10 + (unsigned)(*p++ - '0');
		digits++;
	}
	while (smtp_cmd_space((unsigned char)*p))
		p++;
	a->last = false;
	if (strncasecmp(p, "last", 4) == 0 &&
	    (p[4] == '\0' || smtp_cmd_space((unsigned char)p[4]))) {
		a->last = true;
		p += 4;
		while (smtp_cmd_space((unsigned char)*p))
			p++;
	}
	if (digits == 0 || *p != '\0') {
		smtp_reply_set(r, 501, "5.5.4",
		    "Syntax error in BDAT parameters");
		return SMTP_REJECT;
	}
	a->chunk = n;
	return SMTP_OK;
}

/* proceed_bdat - take the chunk; refusals are answered after it */
static void
proceed_bdat(struct smtp_server *s, struct smtp_args *a, struct buf *out)
{
	static const struct smtp_cmd data = {
		"BDAT", SMTP_PH_RCPT, { "503 5.0.0 Need MAIL command",
		"503 5.0.0 Need RCPT (recipient)", NULL }, 0, PRE_NONE,
		NULL, NULL
	};
	struct smtp_reply r;

	memset(&r, 0, sizeof(r));
	memset(&s->bdat_err, 0, sizeof(s->bdat_err));
	if (smtp_cmd_legal(s, &data, &r) != SMTP_OK)
		s->bdat_err = r;
	else if (!s->bdat_used) {
		if (s->cb.data_start != NULL &&
		    s->cb.data_start(s->cb.ctx, &s->env, &r) != SMTP_OK) {
			smtp_cmd_default(&r);
			s->bdat_err = r;
		} else {
			s->msg.started = true;
			s->bdat_used = true;
			smtp_data_begin(s);
		}
	}
	s->bdat_left = a->chunk;
	s->bdat_last = a->last;
	s->state = SMTP_ST_BDAT;
	if (a->chunk == 0)
		smtp_data_bdat(s, "", 0, out);
}

/* ---- RSET NOOP QUIT */

/* check_none - commands that take anything */
static int
check_none(const struct smtp_server *s, const struct smtp_cmd *c,
    struct smtp_args *a, struct smtp_reply *r)
{
	(void)s;
	(void)c;
	(void)a;
	(void)r;
	return SMTP_OK;
}

/* proceed_rset - 250, the transaction is gone */
static void
proceed_rset(struct smtp_server *s, struct smtp_args *a, struct buf *out)
{
	(void)a;
	smtp_reply_write(out, "250 2.0.0 Reset state");
	smtp_server_txn_reset(s);
}

/* proceed_noop - 250 OK */
static void
proceed_noop(struct smtp_server *s, struct smtp_args *a, struct buf *out)
{
	(void)s;
	(void)a;
	smtp_reply_write(out, "250 2.0.0 OK");
}

/* proceed_quit - 221, the session ends */
static void
proceed_quit(struct smtp_server *s, struct smtp_args *a, struct buf *out)
{
	(void)a;
	smtp_reply_write(out, "221 2.0.0 %s closing connection",
	    s->cfg.hostname);
	smtp_server_close(s);
}

/* ---- VRFY EXPN */

/* check_vrfy - novrfy/noexpn, needvrfyhelo/needexpnhelo */
static int
check_vrfy(const struct smtp_server *s, const struct smtp_cmd *c,
    struct smtp_args *a, struct smtp_reply *r)
{
	(void)c;
	if (!a->expn && (s->cfg.privacy & OPT_PRIV_NOVRFY)) {
		smtp_reply_set(r, 252, "2.5.2", "Cannot VRFY user; try RCPT to "
		    "attempt delivery (or try finger)");
		return SMTP_REJECT;
	}
	if (a->expn && (s->cfg.privacy & OPT_PRIV_NOEXPN)) {
		smtp_reply_set(r, 502, "5.7.0",
		    "Sorry, we do not allow this operation");
		return SMTP_REJECT;
	}
	if (s->helo == SMTP_HELO_NONE && (s->cfg.privacy &
	    (a->expn ? OPT_PRIV_NEEDEXPNHELO : OPT_PRIV_NEEDVRFYHELO))) {
		smtp_reply_set(r, 503, "5.0.0",
		    "I demand that you introduce yourself first");
		return SMTP_REJECT;
	}
	return SMTP_OK;
}

/* proceed_vrfy - slow-down count, argument, the vrfy callback's lines */
static void
proceed_vrfy(struct smtp_server *s, struct smtp_args *a, struct buf *out)
{
	struct smtp_lines l = { NULL, 0, 0 };
	struct smtp_reply r;
	size_t i;
	int rc;

	smtp_server_attack(s, &s->n_vrfy, SMTP_MAX_VRFY);
	if (*a->arg == '\0') {
		smtp_reply_write(out, "501 5.5.2 Argument required");
		return;
	}
	if (s->cb.vrfy == NULL) {
		if (a->expn)
			smtp_reply_write(out, "502 5.7.0 Sorry, we do not "
			    "allow this operation");
		else
			smtp_reply_write(out, "252 2.5.2 Cannot VRFY user; try "
			    "RCPT to attempt delivery (or try finger)");
		return;
	}
	rc = s->cb.vrfy(s->cb.ctx, a->expn, a->arg, &l);
	if (l.n == 0) {
		memset(&r, 0, sizeof(r));
		if (rc != SMTP_OK)
			smtp_cmd_default(&r);
		else
			smtp_reply_set(&r, 554, "5.5.2", "Nothing to %s",
			    a->expn ? "EXPN" : "VRFY");
		smtp_reply_emit(out, &r);
	}
	for (i = 0; i < l.n; i++)
		smtp_reply_line(out, l.v[i].code, i + 1 < l.n, l.v[i].enh,
		    l.v[i].text);
	if (l.n > 0 && l.v[l.n - 1].code == 421)
		smtp_server_close(s);
	free(l.v);
}

/* ---- ETRN */

/* check_etrn - noetrn, an argument */
static int
check_etrn(const struct smtp_server *s, const struct smtp_cmd *c,
    struct smtp_args *a, struct smtp_reply *r)
{
	(void)c;
	if (!smtp_ehlo_etrn(s)) {
		smtp_reply_set(r, 502, "5.7.0",
		    "Sorry, we do not allow this operation");
		return SMTP_REJECT;
	}
	if (*a->arg == '\0') {
		smtp_reply_set(r, 500, "5.5.2", "Parameter required");
		return SMTP_REJECT;
	}
	return SMTP_OK;
}

/* proceed_etrn - slow-down count, the etrn callback or the default */
static void
proceed_etrn(struct smtp_server *s, struct smtp_args *a, struct buf *out)
{
	struct smtp_reply r;
	int rc = SMTP_OK;

	smtp_server_attack(s, &s->n_etrn, SMTP_MAX_ETRN);
	memset(&r, 0, sizeof(r));
	if (s->cb.etrn != NULL)
		rc = s->cb.etrn(s->cb.ctx, a->arg, &r);
	if (rc != SMTP_OK)
		smtp_cmd_default(&r);
	else if (r.code == 0 && a->arg[0] == '#')
		smtp_reply_set(&r, 459, "4.5.4", "Queue %s unknown", a->arg + 1);
	else if (r.code == 0)
		smtp_reply_set(&r, 250, "2.0.0", "Queuing for node %s started",
		    a->arg);
	smtp_reply_emit(out, &r);
	if (r.code == 421)
		smtp_server_close(s);
}

/* ---- HELP VERB */

/* proceed_help - the HelpFile text */
static void
proceed_help(struct smtp_server *s, struct smtp_args *a, struct buf *out)
{
	smtp_help(s, a->arg, out);
}

/* check_verb - VERB only where EXPN and VERB are offered */
static int
check_verb(const struct smtp_server *s, const struct smtp_cmd *c,
    struct smtp_args *a, struct smtp_reply *r)
{
	(void)c;
	(void)a;
	if (!smtp_ehlo_verb(s)) {
		smtp_reply_set(r, 502, "5.7.0", "Verbose unavailable");
		return SMTP_REJECT;
	}
	return SMTP_OK;
}

/* proceed_verb - slow-down count (with NOOP), verb callback, 250 */
static void
proceed_verb(struct smtp_server *s, struct smtp_args *a, struct buf *out)
{
	(void)a;
	smtp_server_attack(s, &s->n_noop, (unsigned)s->cfg.max_noop);
	if (s->cb.verb != NULL)
		s->cb.verb(s->cb.ctx);
	smtp_reply_write(out, "250 2.0.0 Verbose mode");
}

/* ---- STARTTLS */

/* check_starttls - no arguments, TLS usable, no transaction */
static int
check_starttls(const struct smtp_server *s, const struct smtp_cmd *c,
    struct smtp_args *a, struct smtp_reply *r)
{
	(void)c;
	if (*a->arg != '\0') {
		smtp_reply_set(r, 501, "5.5.2",
		    "Syntax error (no parameters allowed)");
		return SMTP_REJECT;
	}
	if (s->cfg.tls == SMTP_TLS_OFF || s->tls_active) {
		smtp_reply_set(r, 503, "5.5.0", "TLS not available");
		return SMTP_REJECT;
	}
	if (s->cfg.tls == SMTP_TLS_BROKEN) {
		smtp_reply_set(r, 454, "4.3.3", "TLS not available after start");
		return SMTP_REJECT;
	}
	if (s->gotmail) {
		smtp_reply_set(r, 503, "5.5.0",
		    "TLS not permitted during a mail transaction");
		return SMTP_REJECT;
	}
	return SMTP_OK;
}

/* proceed_starttls - 220, drop buffered input, ask for the handshake */
static void
proceed_starttls(struct smtp_server *s, struct smtp_args *a, struct buf *out)
{
	(void)a;
	smtp_reply_write(out, "220 2.0.0 Ready to start TLS");
	/* nothing sent in clear after STARTTLS may count (CVE-2011-0411) */
	smtp_server_discard_input(s);
	s->want_tls = true;
}

/* ---- AUTH */

/* smtp_cmd_inlist - is word one of the blank-separated list's items */
static bool
smtp_cmd_inlist(const char *word, const char *list)
{
	size_t n = strlen(word), m;
	const char *p = list;

	while (*p != '\0') {
		while (*p == ' ')
			p++;
		for (m = 0; p[m] != '\0' && p[m] != ' '; m++)
			;
		if (m == n && m > 0 && strncasecmp(p, word, n) == 0)
			return true;
		p += m;
	}
	return false;
}

/* check_auth - mechanisms offered, not yet authenticated, no transaction, a known mechanism */
static int
check_auth(const struct smtp_server *s, const struct smtp_cmd *c,
    struct smtp_args *a, struct smtp_reply *r)
{
	char *p;

	(void)c;
	if (s->cfg.auth_mechs == NULL || *s->cfg.auth_mechs == '\0') {
		smtp_reply_set(r, 503, "5.3.3", "AUTH not available");
		return SMTP_REJECT;
	}
	if (s->authenticated) {
		smtp_reply_set(r, 503, "5.5.0", "Already Authenticated");
		return SMTP_REJECT;
	}
	if (s->gotmail) {
		smtp_reply_set(r, 503, "5.5.0",
		    "AUTH not permitted during a mail transaction");
		return SMTP_REJECT;
	}
	a->mech = a->arg;
	a->resp = NULL;
	for (p = a->arg; *p != '\0'; p++)
		if (smtp_cmd_space((unsigned char)*p)) {
			*p++ = '\0';
			while (smtp_cmd_space((unsigned char)*p))
				p++;
			if (*p != '\0')
				a->resp = p;
			break;
		}
	if (*a->mech == '\0') {
		smtp_reply_set(r, 501, "5.5.2", "AUTH mechanism must be specified");
		return SMTP_REJECT;
	}
	if (!smtp_cmd_inlist(a->mech, s->cfg.auth_mechs)) {
		smtp_reply_set(r, 504, "5.3.3", "AUTH mechanism %.32s not available",
		    a->mech);
		return SMTP_REJECT;
	}
	return SMTP_OK;
}

/* smtp_cmd_auth_result - answer one step of the SASL exchange */
static void
smtp_cmd_auth_result(struct smtp_server *s, int rc, struct smtp_reply *r,
    struct buf *out)
{
	if (rc == SMTP_MORE) {
		if (r->code == 0)
			smtp_reply_set(r, 334, "", "%s", "");
		s->state = SMTP_ST_AUTH;
	} else if (rc == SMTP_OK) {
		if (r->code == 0)
			smtp_reply_set(r, 235, "2.0.0", "OK Authenticated");
		s->authenticated = true;
		s->state = SMTP_ST_CMD;
	} else {
		if (r->code == 0)
			smtp_reply_set(r, 535, "5.7.0", "authentication failed");
		s->state = SMTP_ST_CMD;
	}
	smtp_reply_emit(out, r);
	if (r->code == 421)
		smtp_server_close(s);
}

/* proceed_auth - the first step of the SASL exchange */
static void
proceed_auth(struct smtp_server *s, struct smtp_args *a, struct buf *out)
{
	struct smtp_reply r;
	int rc;

	memset(&r, 0, sizeof(r));
	if (s->cb.auth == NULL) {
		smtp_reply_write(out, "454 4.7.0 Temporary authentication failure");
		return;
	}
	rc = s->cb.auth(s->cb.ctx, a->mech,
	    a->resp == NULL ? NULL : strcmp(a->resp, "=") == 0 ? "" : a->resp,
	    &r);
	smtp_cmd_auth_result(s, rc, &r, out);
}

/* smtp_cmd_auth_line - a line during the SASL exchange */
void
smtp_cmd_auth_line(struct smtp_server *s, char *line, struct buf *out)
{
	struct smtp_reply r;
	size_t n = strlen(line);

	if (n > 0 && line[n - 1] == '\r')
		line[--n] = '\0';
	if (strcmp(line, "*") == 0) {
		smtp_reply_write(out, "501 5.0.0 AUTH aborted");
		s->state = SMTP_ST_CMD;
		return;
	}
	memset(&r, 0, sizeof(r));
	smtp_cmd_auth_result(s, s->cb.auth(s->cb.ctx, NULL, line, &r), &r,
	    out);
}

/* ---- commands sendmail knows and refuses */

/* check_unimpl - SEND SAML SOML TURN: "502 Command not implemented" */
static int
check_unimpl(const struct smtp_server *s, const struct smtp_cmd *c,
    struct smtp_args *a, struct smtp_reply *r)
{
	struct buf t = BUF_INIT;

	(void)s;
	(void)c;
	smtp_reply_set(r, 502, "5.5.1", "Command not implemented: \"%s\"",
	    smtp_reply_short(&t, a->line));
	buf_free(&t);
	return SMTP_REJECT;
}

/* the command table */
static const struct smtp_cmd smtp_cmds[] = {
	{ "MAIL", SMTP_PH_NONE, { NULL, "503 5.5.0 Sender already specified",
	    "503 5.5.0 Sender already specified" }, 0, PRE_NONE,
	    check_mail, proceed_mail },
	{ "RCPT", SMTP_PH_MAIL | SMTP_PH_RCPT,
	    { "503 5.0.0 Need MAIL before RCPT", NULL, NULL }, 0, PRE_RCPT,
	    check_rcpt, proceed_rcpt },
	{ "DATA", SMTP_PH_RCPT, { "503 5.0.0 Need MAIL command",
	    "503 5.0.0 Need RCPT (recipient)", NULL }, 0, PRE_NONE,
	    check_data, proceed_data },
	{ "BDAT", SMTP_PH_ANY, { NULL, NULL, NULL }, CMD_CHUNKING, PRE_NONE,
	    check_bdat, proceed_bdat },
	{ "RSET", SMTP_PH_ANY, { NULL, NULL, NULL }, CMD_NULLOK, PRE_NONE,
	    check_none, proceed_rset },
	{ "VRFY", SMTP_PH_ANY, { NULL, NULL, NULL }, 0, PRE_NONE,
	    check_vrfy, proceed_vrfy },
	{ "EXPN", SMTP_PH_ANY, { NULL, NULL, NULL }, 0, PRE_NONE,
	    check_vrfy, proceed_vrfy },
	{ "HELP", SMTP_PH_ANY, { NULL, NULL, NULL }, 0, PRE_NONE,
	    check_none, proceed_help },
	{ "NOOP", SMTP_PH_ANY, { NULL, NULL, NULL }, CMD_NULLOK, PRE_NOOP,
	    check_none, proceed_noop },
	{ "QUIT", SMTP_PH_ANY, { NULL, NULL, NULL }, CMD_NULLOK, PRE_NONE,
	    check_none, proceed_quit },
	{ "HELO", SMTP_PH_ANY, { NULL, NULL, NULL }, CMD_NULLOK, PRE_HELO,
	    check_helo, proceed_helo },
	{ "EHLO", SMTP_PH_ANY, { NULL, NULL, NULL }, CMD_NULLOK, PRE_HELO,
	    check_helo, proceed_helo },
	{ "ETRN", SMTP_PH_ANY, { NULL, NULL, NULL }, 0, PRE_NONE,
	    check_etrn, proceed_etrn },
	{ "VERB", SMTP_PH_ANY, { NULL, NULL, NULL }, 0, PRE_NONE,
	    check_verb, proceed_verb },
	{ "SEND", SMTP_PH_ANY, { NULL, NULL, NULL }, 0, PRE_NONE,
	    check_unimpl, NULL },
	{ "SAML", SMTP_PH_ANY, { NULL, NULL, NULL }, 0, PRE_NONE,
	    check_unimpl, NULL },
	{ "SOML", SMTP_PH_ANY, { NULL, NULL, NULL }, 0, PRE_NONE,
	    check_unimpl, NULL },
	{ "TURN", SMTP_PH_ANY, { NULL, NULL, NULL }, 0, PRE_NONE,
	    check_unimpl, NULL },
	{ "AUTH", SMTP_PH_ANY, { NULL, NULL, NULL }, 0, PRE_NONE,
	    check_auth, proceed_auth },
	{ "STARTTLS", SMTP_PH_ANY, { NULL, NULL, NULL }, 0, PRE_NONE,
	    check_starttls, proceed_starttls },
};

/* smtp_cmd_find - the row for a verb (any case), or NULL */
static const struct smtp_cmd *
smtp_cmd_find(const struct smtp_server *s, const char *verb)
{
	size_t i;

	for (i = 0; i < sizeof(smtp_cmds) / sizeof(smtp_cmds[0]); i++)
		if (strcasecmp(smtp_cmds[i].verb, verb) == 0) {
			if ((smtp_cmds[i].flags & CMD_CHUNKING) &&
			    !s->cfg.chunking)
				return NULL;
			return &smtp_cmds[i];
		}
	return NULL;
}

/* smtp_cmd_badcmd - count a bad command; past the limit, 421 and end */
static bool
smtp_cmd_badcmd(struct smtp_server *s, struct buf *out)
{
	if (++s->n_badcmds <= SMTP_MAX_BADCMDS)
		return false;
	smtp_reply_write(out, "421 4.7.0 %s Too many bad commands; "
	    "closing connection", s->cfg.hostname);
	smtp_server_close(s);
	return true;
}

/*
 * smtp_cmd_rcpt_shutdown - BadRcptShutdown: after that many refused
 * recipients (and, with BadRcptShutdownGood, when at most that percentage
 * of them were good) a RCPT ends the session.
 */
static bool
smtp_cmd_rcpt_shutdown(const struct smtp_server *s)
{
	unsigned bad = s->nbadrcpts, good = s->nrcpts;

	if (s->cfg.bad_rcpt_shutdown <= 0 ||
	    bad < (unsigned)s->cfg.bad_rcpt_shutdown)
		return false;
	if (s->cfg.bad_rcpt_shutdown_good <= 0 || good == 0)
		return true;
	return bad * 100 / (good + bad) >= (unsigned)s->cfg.bad_rcpt_shutdown_good;
}

/* smtp_cmd_args_free - what the parse allocated */
static void
smtp_cmd_args_free(struct smtp_args *a)
{
	free(a->work);
	free(a->verbbuf);
	free(a->addr);
	free(a->pbuf);
}

/*
 * smtp_cmd_line - one command line (without its LF; len bytes, a
 * writable NUL-terminated copy).  A CR before the LF is dropped, a NUL
 * ends the text, blanks before the verb are skipped.
 */
void
smtp_cmd_line(struct smtp_server *s, char *line, size_t len, struct buf *out)
{
	const struct smtp_cmd *c;
	struct smtp_args a;
	struct smtp_reply r;
	struct buf t = BUF_INIT;
	char *p, *v;

	if (len > 0 && line[len - 1] == '\r')
		line[--len] = '\0';
	memset(&a, 0, sizeof(a));
	a.line = line;
	a.work = xstrdup(line);
	for (p = a.work; smtp_cmd_space((unsigned char)*p); p++)
		;
	v = p;
	while (*p != '\0' && !smtp_cmd_space((unsigned char)*p))
		p++;
	a.verbbuf = xstrndup(v, (size_t)(p - v));
	a.verb = a.verbbuf;
	while (smtp_cmd_space((unsigned char)*p))
		p++;
	a.arg = p;
	a.argoff = (size_t)(p - a.work);
	c = smtp_cmd_find(s, a.verb);
	a.ehlo = c != NULL && strcmp(c->verb, "EHLO") == 0;
	a.expn = c != NULL && strcmp(c->verb, "EXPN") == 0;

	if (s->nullmode && c != NULL && !(c->flags & CMD_NULLOK)) {
		if (!smtp_cmd_badcmd(s, out)) {
			if (isdigit((unsigned char)s->nulltext[0]) &&
			    isdigit((unsigned char)s->nulltext[1]) &&
			    isdigit((unsigned char)s->nulltext[2]))
				smtp_reply_write(out, "%s", s->nulltext);
			else
				smtp_reply_write(out, "550 5.0.0 %s",
				    s->nulltext);
		}
		goto done;
	}
	if (c == NULL) {
		if (!smtp_cmd_badcmd(s, out))
			smtp_reply_write(out, "500 5.5.1 Command unrecognized: "
			    "\"%s\"", smtp_reply_short(&t, line));
		goto done;
	}
	switch (c->pre) {
	case PRE_HELO:
		smtp_server_attack(s, &s->n_helo, SMTP_MAX_HELO);
		break;
	case PRE_NOOP:
		smtp_server_attack(s, &s->n_noop, (unsigned)s->cfg.max_noop);
		break;
	case PRE_RCPT:
		if (smtp_cmd_rcpt_shutdown(s)) {
			smtp_reply_write(out, "421 4.7.0 %s Too many bad "
			    "recipients; closing connection", s->cfg.hostname);
			smtp_server_close(s);
			goto done;
		}
		if (s->cfg.bad_rcpt_throttle > 0 &&
		    s->nbadrcpts >= (unsigned)s->cfg.bad_rcpt_throttle)
			smtp_server_stall(s, 1);
		break;
	case PRE_NONE:
		break;
	}
	memset(&r, 0, sizeof(r));
	if (c->check(s, c, &a, &r) != SMTP_OK) {
		if (a.count_bad)
			s->nbadrcpts++;
		smtp_reply_emit(out, &r);
		if (r.code == 421)
			smtp_server_close(s);
		goto done;
	}
	c->proceed(s, &a, out);
done:
	smtp_cmd_args_free(&a);
	buf_free(&t);
}

/*
 * smtp_cmd_check - the check step alone, without proceed and without
 * touching the session: SMTP_OK (proceed would run), SMTP_REJECT with
 * r (the refusal), or -1 for a verb not in the table.  For tests and
 * for callers that want to know what a command would meet.
 */
int
smtp_cmd_check(const struct smtp_server *s, const char *line,
    struct smtp_reply *r)
{
	const struct smtp_cmd *c;
	struct smtp_args a;
	char *p, *v;
	int rc;

	memset(&a, 0, sizeof(a));
	memset(r, 0, sizeof(*r));
	a.line = xstrdup(line);
	a.work = xstrdup(line);
	for (p = a.work; smtp_cmd_space((unsigned char)*p); p++)
		;
	v = p;
	while (*p != '\0' && !smtp_cmd_space((unsigned char)*p))
		p++;
	a.verbbuf = xstrndup(v, (size_t)(p - v));
	a.verb = a.verbbuf;
	while (smtp_cmd_space((unsigned char)*p))
		p++;
	a.arg = p;
	a.argoff = (size_t)(p - a.work);
	c = smtp_cmd_find(s, a.verb);
	if (c == NULL)
		rc = -1;
	else if (s->nullmode && !(c->flags & CMD_NULLOK)) {
		smtp_reply_parse(r, "550 5.0.0 Command rejected");
		rc = SMTP_REJECT;
	} else {
		a.ehlo = strcmp(c->verb, "EHLO") == 0;
		a.expn = strcmp(c->verb, "EXPN") == 0;
		rc = c->check(s, c, &a, r);
	}
	free(a.line);
	smtp_cmd_args_free(&a);
	return rc;
}

/* smtp_cmd_count - rows in the table (for tests) */
size_t
smtp_cmd_count(void)
{
	return sizeof(smtp_cmds) / sizeof(smtp_cmds[0]);
}
