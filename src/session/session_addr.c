/*
 * session_addr.c - HELO/EHLO, MAIL and RCPT: sendmail's parseaddr on
 * the address, the check_mail / check_rcpt rulesets, and for a local
 * recipient whether the user or an alias exists.
 */
#include "session/session_int.h"
#include "addr/parseaddr.h"
#include "cf/cf.h"
#include "cf/macro.h"
#include "cf/mailer.h"
#include "map/map.h"
#include "policy/policy.h"

#include <ctype.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* session_status - remember the exit status a permanent refusal stands for */
void
session_status(struct session *s, const struct smtp_reply *r)
{
	if (s->exitstat == 0 && r->code / 100 == 5)
		s->exitstat = addr_error_exitstat(r->enh);
}

/*
 * session_parse - parseaddr on an SMTP address; the reply sendmail
 * gives if it is bad.  Called with the session's macros applied.
 */
int
session_parse(struct session *s, const char *addr, int flags,
    struct addr_result *res, struct smtp_reply *r)
{
	struct policy_result pr;
	int rc = SMTP_OK;

	policy_result_init(&pr);
	if (policy_parse_addr(s->cf, &s->arena, addr, flags, res, &pr) !=
	    POLICY_OK) {
		smtp_reply_set(r, pr.code, pr.dsn, "%s", buf_str(&pr.text));
		rc = SMTP_REJECT;
	}
	policy_result_free(&pr);
	arena_reset(&s->arena);
	return rc;
}

/* session_helo - HELO/EHLO: the name is $s, the protocol $r */
int
session_helo(void *ctx, bool ehlo, const char *name, struct smtp_reply *r)
{
	struct session *s = ctx;

	(void)r;
	session_macro(s, "s", name);
	s->helo = ehlo ? 2 : 1;
	session_protocol(s);
	return SMTP_OK;
}

/*
 * session_protocol - $r as sendmail 8.17 sets it (RFC 3848): SMTP after
 * HELO; after EHLO ESMTP, with S once TLS is on and A once the client
 * authenticated (ESMTPS, ESMTPA, ESMTPSA).  Called with the session's
 * macros applied, at EHLO and when a message begins.
 */
void
session_protocol(struct session *s)
{
	const char *tls, *auth;
	char r[16];

	if (s->helo == 0)
		return;
	if (s->helo == 1) {
		session_macro(s, "r", "SMTP");
		return;
	}
	tls = macro_get_name(s->cf->macros, "tls_version");
	auth = macro_get_name(s->cf->macros, "auth_type");
	snprintf(r, sizeof(r), "ESMTP%s%s", tls != NULL && *tls ? "S" : "",
	    auth != NULL && *auth ? "A" : "");
	session_macro(s, "r", r);
}

/* session_rcpt_forget - drop the kept RCPT parse */
void
session_rcpt_forget(struct session *s)
{
	if (s->rcpt_addr != NULL)
		addr_result_free(&s->rcpt_res);
	free(s->rcpt_addr);
	s->rcpt_addr = NULL;
}

/* session_rcpt_take - the kept parse of addr into *res, if it is addr's */
static bool
session_rcpt_take(struct session *s, const char *addr, struct addr_result *res)
{
	if (s->rcpt_addr == NULL || strcmp(s->rcpt_addr, addr) != 0)
		return false;
	*res = s->rcpt_res;		/* moved: the session keeps nothing */
	free(s->rcpt_addr);
	s->rcpt_addr = NULL;
	return true;
}

/* session_bracketed - addr in angle brackets, as the check_* rulesets
 * and the kept RCPT parse see it */
static void
session_bracketed(const char *addr, struct buf *out)
{
	if (*addr == '<')
		buf_adds(out, addr);
	else
		buf_addf(out, "<%s>", addr);
}

/*
 * session_parse_one - parseaddr on the address part of MAIL/RCPT text.
 * A good RCPT address's result is kept for session_check_rcpt (sendmail
 * too tests the local user on the address it parsed first).
 */
static int
session_parse_one(struct session *s, const char *text, size_t len, int flags,
    struct smtp_reply *r)
{
	struct addr_result res;
	char *addr = xstrndup(text, len);
	struct buf b = BUF_INIT;
	int rc = SMTP_OK;

	session_rcpt_forget(s);
	/* the null sender is always good */
	if (!(flags & RF_SENDERADDR) || strcmp(addr, "<>") != 0) {
		session_enter(s);
		rc = session_parse(s, addr, flags, &res, r);
		session_leave(s);
		if (rc == SMTP_OK && !(flags & RF_SENDERADDR)) {
			session_bracketed(addr, &b);
			s->rcpt_addr = buf_steal(&b);
			s->rcpt_res = res;
		} else
			addr_result_free(&res);
	}
	free(addr);
	return rc;
}

int
session_parse_mail(void *ctx, const char *text, size_t *addrlen,
    struct smtp_reply *r)
{
	return session_parse_one(ctx, text, *addrlen, RF_SENDERADDR, r);
}

int
session_parse_rcpt(void *ctx, const char *text, size_t *addrlen,
    struct smtp_reply *r)
{
	return session_parse_one(ctx, text, *addrlen, 0, r);
}

/* session_policy - run a check_* ruleset; a refusal as sendmail words it */
static int
session_policy(struct session *s, const char *ruleset, const char *addr,
    struct smtp_reply *r)
{
	struct policy_result pr;
	struct buf in = BUF_INIT;
	int rc = SMTP_OK;

	policy_result_init(&pr);
	session_bracketed(addr, &in);
	switch (policy_check(s->cf, ruleset, buf_str(&in), NULL, &pr, NULL)) {
	case POLICY_DISCARD:
		/* accepted; the whole message is dropped at its end */
		s->discard_msg = true;
		break;
	case POLICY_REJECT:
		/*
		 * sendmail names the address in permanent refusals only, as
		 * the client wrote it (the ruleset saw it in brackets)
		 */
		if (pr.code / 100 == 4)
			smtp_reply_set(r, pr.code, pr.dsn, "%s", buf_str(&pr.text));
		else
			smtp_reply_set(r, pr.code, pr.dsn, "%s... %s", addr,
			    buf_str(&pr.text));
		session_status(s, r);
		rc = SMTP_REJECT;
		break;
	case POLICY_QUARANTINE:
		/* accepted; the message is held with this reason */
		if (s->quarantine_msg == NULL)
			s->quarantine_msg = xstrdup(buf_str(&pr.text));
		break;
	default:
		break;
	}
	buf_free(&in);
	policy_result_free(&pr);
	return rc;
}

/* session_check_mail - $f, then check_mail */
int
session_check_mail(void *ctx, const char *addr, const struct smtp_params *p,
    struct envelope *env, struct smtp_reply *r)
{
	struct session *s = ctx;
	size_t len = strlen(addr);
	char *f;
	int rc;

	(void)p;
	(void)env;
	session_enter(s);
	/* $f is the sender without its angle brackets */
	f = len >= 2 && addr[0] == '<' && addr[len - 1] == '>' ?
	    xstrndup(addr + 1, len - 2) : xstrdup(addr);
	session_macro(s, "f", f);
	free(f);
	s->discard_msg = false;		/* a new transaction */
	free(s->quarantine_msg);
	s->quarantine_msg = NULL;
	rc = session_policy(s, "check_mail", addr, r);
	session_leave(s);
	return rc;
}

/* session_check_rcpt - check_rcpt, then the address and a local user */
int
session_check_rcpt(void *ctx, const char *addr, const struct smtp_params *p,
    struct envelope *env, struct rcpt *rcpt, struct smtp_reply *r)
{
	struct session *s = ctx;
	struct addr_result res;
	struct smtp_reply pr;
	struct buf a = BUF_INIT;
	int rc;

	(void)p;
	(void)env;
	(void)rcpt;
	session_enter(s);
	if ((rc = session_policy(s, "check_rcpt", addr, r)) != SMTP_OK) {
		session_leave(s);
		return rc;
	}
	session_bracketed(addr, &a);
	memset(&pr, 0, sizeof(pr));
	rc = session_rcpt_take(s, buf_str(&a), &res) ? SMTP_OK :
	    session_parse(s, buf_str(&a), 0, &res, &pr);
	/* a message to be discarded: its local users are not looked up */
	if (rc == SMTP_OK && !s->discard_msg && !s->discard_conn &&
	    res.mailer != NULL && res.user != NULL &&
	    strcmp(res.mailer->name, "local") == 0 &&
	    mailer_flag(res.mailer, 'w') && !policy_local_user(s->cf, res.user)) {
		smtp_reply_set(r, 550, "5.1.1", "%s... User unknown", buf_str(&a));
		rc = SMTP_REJECT;
	} else if (rc != SMTP_OK)
		*r = pr;
	addr_result_free(&res);
	buf_free(&a);
	session_leave(s);
	return rc;
}
