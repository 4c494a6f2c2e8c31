/*
 * smtp_param.c - the arguments of MAIL FROM: and RCPT TO:.
 *
 * "FROM:" / "TO:" are found the way sendmail's skipword finds them, the
 * address ends where sendmail's prescan would stop at a blank, and the
 * ESMTP parameters are split and judged as sendmail 8.17 does (its
 * replies, in its order; the first error wins).  All pure: these
 * functions only write into the caller's string and structs.
 */
#include "smtp/smtp_int.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SMTP_MAXARGS	20	/* sendmail's MAXSMTPARGS */

/* smtp_param_space - an ASCII blank as sendmail's isspace sees it */
static int
smtp_param_space(int c)
{
	return c >= 0 && c < 0x80 && isspace(c);
}

/* smtp_param_alnum - ASCII letter or digit */
static int
smtp_param_alnum(int c)
{
	return c >= 0 && c < 0x80 && isalnum(c);
}

/*
 * smtp_param_skipword - after MAIL/RCPT: skip blanks, a word, blanks,
 * ':' and blanks; the word must be `word` (any case) and something must
 * follow.  Returns the text after it, or NULL with *shown set to what
 * sendmail quotes in "Syntax error in parameters scanning" (the start of
 * the argument, cut where the word or colon ended).
 */
char *
smtp_param_skipword(char *p, const char *word, const char **shown)
{
	char *first = p, *q;

	while (smtp_param_space((unsigned char)*p))
		p++;
	q = p;
	while (*p != '\0' && *p != ':' && !smtp_param_space((unsigned char)*p))
		p++;
	while (smtp_param_space((unsigned char)*p))
		*p++ = '\0';
	if (*p != ':')
		goto syntax;
	*p++ = '\0';
	while (smtp_param_space((unsigned char)*p))
		p++;
	if (*p == '\0' || strcasecmp(q, word) != 0)
		goto syntax;
	return p;
syntax:
	*shown = first;
	return NULL;
}

/*
 * smtp_param_addr_end - where the address ends: the first blank that is
 * not inside quotes, a comment or <>, as prescan stops at its ' '
 * delimiter (a backslash protects the next character from the
 * quote/comment/angle counting, not from being the delimiter).
 */
char *
smtp_param_addr_end(char *p)
{
	int angle = 0, cmnt = 0;
	bool quoted = false, bslash = false;
	int c;

	for (; (c = (unsigned char)*p) != '\0'; p++) {
		if (smtp_param_space(c) && angle <= 0 && cmnt <= 0 && !quoted)
			break;
		if (bslash) {
			bslash = false;
			continue;
		}
		if (c == '\\') {
			bslash = true;
			continue;
		}
		if (c == '"' && cmnt <= 0) {
			quoted = !quoted;
			continue;
		}
		if (quoted)
			continue;
		if (c == '(')
			cmnt++;
		else if (c == ')' && cmnt > 0)
			cmnt--;
		else if (cmnt > 0)
			continue;
		else if (c == '<')
			angle++;
		else if (c == '>')
			angle--;
	}
	return p;
}

/* smtp_xtext_ok - RFC 3461 xtext: printable ASCII but '=', "+HH" escapes */
bool
smtp_xtext_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p != '\0') {
		if (*p == '+') {
			if (!isxdigit(p[1]) || p[1] >= 0x80 ||
			    !isxdigit(p[2]) || p[2] >= 0x80)
				return false;
			p += 3;
			continue;
		}
		if (*p < '!' || *p > '~' || *p == '=')
			return false;
		p++;
	}
	return true;
}

/* smtp_param_hex - one hex digit's value */
static int
smtp_param_hex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	return (tolower(c) - 'a') + 10;
}

/* smtp_xtext_decode - "+HH" to bytes (a decoded NUL ends the text) */
char *
smtp_xtext_decode(const char *s)
{
	struct buf b = BUF_INIT;
	const unsigned char *p = (const unsigned char *)s;
	int c;

	while (*p != '\0') {
		if (p[0] == '+' && isxdigit(p[1]) && isxdigit(p[2])) {
			c = smtp_param_hex(p[1]) * 16 + smtp_param_hex(p[2]);
			p += 3;
			if (c == 0)
				break;
			buf_addc(&b, c);
			continue;
		}
		buf_addc(&b, *p++);
	}
	buf_addc(&b, '\0');
	b.len--;
	return buf_steal(&b);
}

/* smtp_param_dsn - are DSN parameters taken (PrivacyOptions noreceipts) */
static bool
smtp_param_dsn(const struct smtp_server *s)
{
	return !(s->cfg.privacy & OPT_PRIV_NORECEIPTS);
}

/* smtp_param_by - BY=time;mode[trace] (RFC 2852), sendmail's checks */
static int
smtp_param_by(const struct smtp_server *s, char *vp,
    struct smtp_params *pp, struct smtp_reply *err)
{
	char *end;
	long t;
	int c;

	if (vp == NULL) {
		smtp_reply_set(err, 501, "5.5.2", "BY= requires a value");
		return -1;
	}
	errno = 0;
	t = strtol(vp, &end, 10);
	if (t == LONG_MIN || t == LONG_MAX || t > 999999999L ||
	    t < -999999999L) {
		smtp_reply_set(err, 501, "5.5.2", "BY=%s out of range", vp);
		return -1;
	}
	if (*end != ';') {
		smtp_reply_set(err, 501, "5.5.2", "BY= missing ';'");
		return -1;
	}
	end++;
	while (smtp_param_space((unsigned char)*end))
		end++;
	c = (unsigned char)*end;
	if (c == 'n' || c == 'N')
		pp->by_mode = 'N';
	else if (c == 'r' || c == 'R') {
		pp->by_mode = 'R';
		if (t <= 0) {
			smtp_reply_set(err, 501, "5.5.4",
			    "mode R requires BY time > 0");
			return -1;
		}
		if (s->cfg.deliver_by_min > 0 && t < s->cfg.deliver_by_min) {
			smtp_reply_set(err, 555, "5.5.2", "time %ld less than %ld",
			    t, s->cfg.deliver_by_min);
			return -1;
		}
	} else {
		/* sendmail shows a missing mode as '?' */
		smtp_reply_set(err, 501, "5.5.2", "illegal by-mode '%c'",
		    c ? c : '?');
		return -1;
	}
	end++;
	while (smtp_param_space((unsigned char)*end))
		end++;
	c = (unsigned char)*end;
	if (c == 't' || c == 'T')
		pp->by_trace = true;
	else if (c != '\0') {
		smtp_reply_set(err, 501, "5.5.2", "illegal by-trace '%c'", c);
		return -1;
	}
	pp->has_by = true;
	pp->by_time = t;
	return 0;
}

/* smtp_param_mail - one MAIL parameter */
static int
smtp_param_mail(const struct smtp_server *s, const char *kp, char *vp,
    struct smtp_params *pp, struct smtp_reply *err)
{
	if (strcasecmp(kp, "size") == 0) {
		if (vp == NULL) {
			smtp_reply_set(err, 501, "5.5.2", "SIZE requires a value");
			return -1;
		}
		errno = 0;
		pp->size = strtol(vp, NULL, 10);
		pp->has_size = true;
		if (pp->size == LONG_MAX && errno == ERANGE) {
			smtp_reply_set(err, 552, "5.2.3",
			    "Message size exceeds maximum value");
			return -1;
		}
		if (pp->size < 0) {
			smtp_reply_set(err, 552, "5.2.3", "Message size invalid");
			return -1;
		}
		return 0;
	}
	if (strcasecmp(kp, "body") == 0) {
		if (vp == NULL) {
			smtp_reply_set(err, 501, "5.5.2", "BODY requires a value");
			return -1;
		}
		if (strcasecmp(vp, "8bitmime") == 0)
			pp->body = "8BITMIME";
		else if (strcasecmp(vp, "7bit") == 0)
			pp->body = "7BIT";
		else {
			smtp_reply_set(err, 501, "5.5.4", "Unknown BODY type %s",
			    vp);
			return -1;
		}
		return 0;
	}
	if (strcasecmp(kp, "envid") == 0) {
		if (!smtp_param_dsn(s)) {
			smtp_reply_set(err, 504, "5.7.0",
			    "Sorry, ENVID not supported, we do not allow DSN");
			return -1;
		}
		if (vp == NULL) {
			smtp_reply_set(err, 501, "5.5.2", "ENVID requires a value");
			return -1;
		}
		if (!smtp_xtext_ok(vp)) {
			smtp_reply_set(err, 501, "5.5.4",
			    "Syntax error in ENVID parameter value");
			return -1;
		}
		if (pp->envid != NULL) {
			smtp_reply_set(err, 501, "5.5.0",
			    "Duplicate ENVID parameter");
			return -1;
		}
		pp->envid = vp;
		return 0;
	}
	if (strcasecmp(kp, "ret") == 0) {
		if (!smtp_param_dsn(s)) {
			smtp_reply_set(err, 504, "5.7.0",
			    "Sorry, RET not supported, we do not allow DSN");
			return -1;
		}
		if (vp == NULL) {
			smtp_reply_set(err, 501, "5.5.2", "RET requires a value");
			return -1;
		}
		if (pp->ret != ENV_RET_NONE) {
			smtp_reply_set(err, 501, "5.5.0", "Duplicate RET parameter");
			return -1;
		}
		if (strcasecmp(vp, "hdrs") == 0)
			pp->ret = ENV_RET_HDRS;
		else if (strcasecmp(vp, "full") == 0)
			pp->ret = ENV_RET_FULL;
		else {
			smtp_reply_set(err, 501, "5.5.2",
			    "Bad argument \"%s\" to RET", vp);
			return -1;
		}
		return 0;
	}
	if (strcasecmp(kp, "auth") == 0) {
		if (vp == NULL) {
			smtp_reply_set(err, 501, "5.5.2", "AUTH= requires a value");
			return -1;
		}
		if (pp->auth != NULL) {
			smtp_reply_set(err, 501, "5.5.0", "Duplicate AUTH parameter");
			return -1;
		}
		if (!smtp_xtext_ok(vp)) {
			smtp_reply_set(err, 501, "5.5.4",
			    "Syntax error in AUTH parameter value");
			return -1;
		}
		pp->auth = vp;
		return 0;
	}
	if (strcasecmp(kp, "by") == 0)
		return smtp_param_by(s, vp, pp, err);
	if (s->cfg.smtputf8 && strcasecmp(kp, "smtputf8") == 0) {
		if (vp != NULL) {
			smtp_reply_set(err, 501, "5.5.4",
			    "SMTPUTF8 does not take a value");
			return -1;
		}
		pp->smtputf8 = true;
		return 0;
	}
	smtp_reply_set(err, 555, "5.5.4", "%s parameter unrecognized", kp);
	return -1;
}

/* smtp_param_notify - NOTIFY=NEVER or a list of SUCCESS,FAILURE,DELAY */
static int
smtp_param_notify(char *vp, struct smtp_params *pp, struct smtp_reply *err)
{
	char *p, *w, *comma;

	pp->notify = 0;
	if (strcasecmp(vp, "never") == 0) {
		pp->notify = RCPT_NOTIFY_NEVER;
		return 0;
	}
	for (p = vp; p != NULL; ) {
		w = p;
		comma = p = strchr(p, ',');
		if (comma != NULL)
			*p++ = '\0';
		if (strcasecmp(w, "success") == 0)
			pp->notify |= RCPT_NOTIFY_SUCCESS;
		else if (strcasecmp(w, "failure") == 0)
			pp->notify |= RCPT_NOTIFY_FAILURE;
		else if (strcasecmp(w, "delay") == 0)
			pp->notify |= RCPT_NOTIFY_DELAY;
		else {
			/* sendmail's two blanks before "to" */
			smtp_reply_set(err, 501, "5.5.4",
			    "Bad argument \"%s\"  to NOTIFY", w);
			return -1;
		}
		if (comma != NULL)
			*comma = ',';
	}
	return 0;
}

/*
 * smtp_param_orcpt_ok - "addr-type;xtext": the type a non-empty RFC 822
 * atom (sendmail refuses "a.b;x", "@;x", ";x"), the whole valid xtext.
 */
static bool
smtp_param_orcpt_ok(const char *vp)
{
	const char *semi = strchr(vp, ';'), *p;

	if (semi == NULL || semi == vp || !smtp_xtext_ok(vp))
		return false;
	for (p = vp; p < semi; p++)
		if (strchr("()<>@,;:\\\".[]", *p) != NULL)
			return false;
	return true;
}

/* smtp_param_rcpt - one RCPT parameter */
static int
smtp_param_rcpt(const struct smtp_server *s, const char *kp, char *vp,
    struct smtp_params *pp, struct smtp_reply *err)
{
	if (strcasecmp(kp, "notify") == 0) {
		if (!smtp_param_dsn(s)) {
			smtp_reply_set(err, 504, "5.7.0",
			    "Sorry, NOTIFY not supported, we do not allow DSN");
			return -1;
		}
		if (vp == NULL) {
			smtp_reply_set(err, 501, "5.5.2", "NOTIFY requires a value");
			return -1;
		}
		return smtp_param_notify(vp, pp, err);
	}
	if (strcasecmp(kp, "orcpt") == 0) {
		if (!smtp_param_dsn(s)) {
			smtp_reply_set(err, 504, "5.7.0",
			    "Sorry, ORCPT not supported, we do not allow DSN");
			return -1;
		}
		if (vp == NULL) {
			smtp_reply_set(err, 501, "5.5.2", "ORCPT requires a value");
			return -1;
		}
		if (pp->orcpt != NULL) {
			smtp_reply_set(err, 501, "5.5.0",
			    "Duplicate ORCPT parameter");
			return -1;
		}
		if (!smtp_param_orcpt_ok(vp)) {
			smtp_reply_set(err, 501, "5.5.4",
			    "Syntax error in ORCPT parameter value");
			return -1;
		}
		pp->orcpt = vp;
		return 0;
	}
	smtp_reply_set(err, 555, "5.5.4", "%s parameter unrecognized", kp);
	return -1;
}

/*
 * smtp_param_parse - the parameters after the address, one by one as
 * sendmail's parse_esmtp_args splits them: a keyword of letters, digits
 * and '-', then optionally '=' and a value up to a blank, a control
 * character or another '='; whatever character stopped the scan is
 * dropped.  Returns 0, or -1 with err holding the first complaint.
 */
int
smtp_param_parse(const struct smtp_server *s, bool rcpt, char *p,
    struct smtp_params *pp, struct smtp_reply *err)
{
	int argno = 1;
	char *kp, *vp;
	int c;

	while (p != NULL && *p != '\0') {
		while (smtp_param_space((unsigned char)*p))
			p++;
		if (*p == '\0')
			break;
		kp = p;
		while (smtp_param_alnum((unsigned char)*p) || *p == '-')
			p++;
		vp = NULL;
		if (*p == '=') {
			*p++ = '\0';
			vp = p;
			while ((c = (unsigned char)*p) != '\0' && c != ' ' &&
			    !(c < 0x80 && iscntrl(c)) && c != '=')
				p++;
		}
		if (*p != '\0')
			*p++ = '\0';
		if ((rcpt ? smtp_param_rcpt(s, kp, vp, pp, err) :
		    smtp_param_mail(s, kp, vp, pp, err)) != 0)
			return -1;
		if (++argno >= SMTP_MAXARGS - 1) {
			smtp_reply_set(err, 501, "5.5.4", "Too many parameters");
			return -1;
		}
	}
	return 0;
}
