/*
 * auth_sasl - SMTP AUTH on the server side through Cyrus SASL (see
 * auth_sasl.h for the contract).
 */
#include "auth/auth_sasl.h"
#include "cf/cf.h"
#include "cf/macro.h"
#include "cf/option.h"
#include "util/buf.h"

#include <sasl/sasl.h>
#include <sasl/saslutil.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* sendmail's MAXOUTLEN: the largest buffer a security layer may use */
#define AUTH_SASL_MAXBUF	8192

struct auth_sasl {
	sasl_conn_t *conn;
	struct macros *macros;	/* NULL: a throw-away session */
	const struct options *opts;
	char *realm;		/* server FQDN given to sasl_server_new */
	char *localip, *remoteip;
	char *allowed;		/* AuthMechanisms, NULL: none */
	unsigned ext_ssf;	/* from TLS, 0 without */
	char *ext_id;		/* verified client certificate subject */
	char *mechlist;		/* what EHLO announces, NULL: no AUTH */
	char *mech;		/* the mechanism of the exchange under way */
	bool busy;		/* an exchange is under way */
	bool authenticated;
};

static int auth_sasl_state;	/* 0 untried, 1 usable, -1 unusable */
static char *auth_sasl_confpath;

/* auth_sasl_getconfpath - where Sendmail.conf is looked for (tests) */
static int
auth_sasl_getconfpath(void *ctx, char **path)
{
	(void)ctx;
	if (path == NULL)
		return SASL_BADPARAM;
	*path = auth_sasl_confpath;
	return SASL_OK;
}

/*
 * auth_sasl_verifyfile - every configuration file and plugin is
 * accepted.  XXX sendmail checks their safety here.
 */
static int
auth_sasl_verifyfile(void *ctx, const char *file, sasl_verify_type_t type)
{
	(void)ctx;
	(void)file;
	(void)type;
	return SASL_OK;
}

/*
 * auth_sasl_proxy - sendmail's proxy policy: an authentication identity
 * may act for any authorization identity; the relay rulesets judge the
 * outcome (${auth_authen}, ${auth_author}).
 */
static int
auth_sasl_proxy(sasl_conn_t *conn, void *ctx, const char *requested,
    unsigned rlen, const char *authid, unsigned alen, const char *realm,
    unsigned urlen, struct propctx *props)
{
	(void)conn;
	(void)ctx;
	(void)requested;
	(void)rlen;
	(void)realm;
	(void)urlen;
	(void)props;
	return authid == NULL || alen == 0 ? SASL_FAIL : SASL_OK;
}

typedef int (*auth_sasl_fn)(void);

/* the first entry only when auth_sasl_init was given a path */
static sasl_callback_t auth_sasl_callbacks[] = {
	{ SASL_CB_GETCONFPATH, (auth_sasl_fn)(void (*)(void))auth_sasl_getconfpath,
	    NULL },
	{ SASL_CB_VERIFYFILE, (auth_sasl_fn)(void (*)(void))auth_sasl_verifyfile,
	    NULL },
	{ SASL_CB_PROXY_POLICY, (auth_sasl_fn)(void (*)(void))auth_sasl_proxy,
	    NULL },
	{ SASL_CB_LIST_END, NULL, NULL }
};

int
auth_sasl_init(const char *confpath)
{
	if (auth_sasl_state != 0)
		return auth_sasl_state > 0 ? 0 : -1;
	/* without a path of our own, the library's default one */
	if (confpath != NULL)
		auth_sasl_confpath = xstrdup(confpath);
	auth_sasl_state = sasl_server_init(confpath != NULL ?
	    auth_sasl_callbacks : auth_sasl_callbacks + 1, "Sendmail") ==
	    SASL_OK ? 1 : -1;
	return auth_sasl_state > 0 ? 0 : -1;
}

void
auth_sasl_end(void)
{
	if (auth_sasl_state > 0)
		sasl_done();
	auth_sasl_state = 0;
	free(auth_sasl_confpath);
	auth_sasl_confpath = NULL;
}

char *
auth_sasl_intersect(const char *allowed, const char *avail)
{
	struct buf out = BUF_INIT;
	const char *w = allowed, *e;

	if (allowed == NULL || avail == NULL)
		return NULL;
	/* sendmail stops at an empty word (two blanks in a row) */
	while (*w != '\0' && *w != ' ') {
		const char *a = avail;
		size_t n;

		e = strchr(w, ' ');
		n = e ? (size_t)(e - w) : strlen(w);
		while (*a != '\0') {
			size_t m = strcspn(a, " ");

			if (m == n && strncasecmp(a, w, n) == 0) {
				if (out.len > 0)
					buf_addc(&out, ' ');
				buf_add(&out, w, n);
				break;
			}
			a += m;
			if (*a == ' ')
				a++;
		}
		if (e == NULL)
			break;
		w = e + 1;
	}
	buf_adds(&out, "");
	return buf_steal(&out);
}

/* auth_sasl_secflags - AuthOptions as SASL security flags */
static unsigned
auth_sasl_secflags(unsigned o)
{
	unsigned f = 0;

	if (o & OPT_AUTH_a)
		f |= SASL_SEC_NOACTIVE;
	if (o & OPT_AUTH_c)
		f |= SASL_SEC_PASS_CREDENTIALS;
	if (o & OPT_AUTH_d)
		f |= SASL_SEC_NODICTIONARY;
	if (o & OPT_AUTH_f)
		f |= SASL_SEC_FORWARD_SECRECY;
	if (o & OPT_AUTH_m)
		f |= SASL_SEC_MUTUAL_AUTH;
	if (o & OPT_AUTH_p)
		f |= SASL_SEC_NOPLAINTEXT;
	if (o & OPT_AUTH_y)
		f |= SASL_SEC_NOANONYMOUS;
	return f;
}

/* auth_sasl_conn - a fresh sasl_conn_t with the session's properties */
static int
auth_sasl_conn(struct auth_sasl *a)
{
	sasl_security_properties_t ssp;
	sasl_ssf_t ext = a->ext_ssf;

	if (a->conn != NULL)
		sasl_dispose(&a->conn);
	if (sasl_server_new("smtp", a->realm, NULL, a->localip, a->remoteip,
	    NULL, 0, &a->conn) != SASL_OK) {
		a->conn = NULL;
		return -1;
	}
	memset(&ssp, 0, sizeof(ssp));
	ssp.min_ssf = 0;
	ssp.max_ssf = 0;	/* XXX no security layer (auth_sasl.h) */
	ssp.maxbufsize = AUTH_SASL_MAXBUF;
	ssp.security_flags = auth_sasl_secflags(a->opts->auth_options);
	if (sasl_setprop(a->conn, SASL_SEC_PROPS, &ssp) != SASL_OK ||
	    sasl_setprop(a->conn, SASL_SSF_EXTERNAL, &ext) != SASL_OK ||
	    sasl_setprop(a->conn, SASL_AUTH_EXTERNAL, a->ext_id) != SASL_OK)
		return -1;
	return 0;
}

/* auth_sasl_list - compute the announced list on the current conn */
static void
auth_sasl_list(struct auth_sasl *a)
{
	const char *avail = NULL;
	unsigned len = 0;
	int num = 0;

	free(a->mechlist);
	a->mechlist = NULL;
	if (a->conn == NULL || a->allowed == NULL)
		return;
	if (sasl_listmech(a->conn, NULL, "", " ", "", &avail, &len, &num) !=
	    SASL_OK || num <= 0 || avail == NULL)
		return;
	a->mechlist = auth_sasl_intersect(a->allowed, avail);
	if (a->mechlist != NULL && *a->mechlist == '\0') {
		free(a->mechlist);
		a->mechlist = NULL;
	}
}

/* auth_sasl_open - a session on options, macros set only if given */
static struct auth_sasl *
auth_sasl_open(const struct options *o, struct macros *macros,
    const char *hostname, const char *localip, const char *remoteip)
{
	struct auth_sasl *a;

	if (auth_sasl_init(NULL) != 0)
		return NULL;
	a = xcalloc(1, sizeof(*a));
	a->opts = o;
	a->macros = macros;
	a->realm = xstrdup(o->auth_realm && *o->auth_realm ? o->auth_realm :
	    hostname ? hostname : "localhost");
	a->localip = localip ? xstrdup(localip) : NULL;
	a->remoteip = remoteip ? xstrdup(remoteip) : NULL;
	a->allowed = o->auth_mechanisms && *o->auth_mechanisms ?
	    xstrdup(o->auth_mechanisms) : NULL;
	if (auth_sasl_conn(a) == 0)
		auth_sasl_list(a);
	return a;
}

struct auth_sasl *
auth_sasl_new(struct cf *cf, const char *hostname, const char *localip,
    const char *remoteip)
{
	return auth_sasl_open(cf->opts, cf->macros, hostname, localip,
	    remoteip);
}

const char *
auth_sasl_mechlist(const struct auth_sasl *a)
{
	return a ? a->mechlist : NULL;
}

bool
auth_sasl_authenticated(const struct auth_sasl *a)
{
	return a != NULL && a->authenticated;
}

int
auth_sasl_tls(struct auth_sasl *a, unsigned ssf, const char *authid)
{
	a->ext_ssf = ssf;
	free(a->ext_id);
	a->ext_id = authid ? xstrdup(authid) : NULL;
	a->busy = false;
	if (auth_sasl_conn(a) != 0) {
		free(a->mechlist);
		a->mechlist = NULL;
		return -1;
	}
	auth_sasl_list(a);
	return 0;
}

void
auth_sasl_free(struct auth_sasl *a)
{
	if (a == NULL)
		return;
	if (a->conn != NULL)
		sasl_dispose(&a->conn);
	free(a->realm);
	free(a->localip);
	free(a->remoteip);
	free(a->allowed);
	free(a->ext_id);
	free(a->mechlist);
	free(a->mech);
	free(a);
}

char *
auth_sasl_mechs(const struct cf *cf)
{
	struct auth_sasl *a = auth_sasl_open(cf->opts, NULL,
	    macro_get(cf->macros, 'j'), NULL, NULL);
	char *list;

	if (a == NULL)
		return NULL;
	list = a->mechlist ? xstrdup(a->mechlist) : NULL;
	auth_sasl_free(a);
	return list;
}

/* auth_sasl_xtext - sendmail's xtextify(s, "=<>\")") */
static void
auth_sasl_xtext(struct buf *out, const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p < '!' || *p > '~' || *p == '+' || *p == '=' ||
		    strchr("<>\")", *p) != NULL)
			buf_addf(out, "+%02X", *p);
		else
			buf_addc(out, *p);
	}
	buf_adds(out, "");
}

/* auth_sasl_macro - set ${name} in the session's macros */
static void
auth_sasl_macro(struct auth_sasl *a, const char *name, const char *value)
{
	macro_set(a->macros, macro_id(a->macros, name, strlen(name)), value);
}

/* auth_sasl_done - the exchange succeeded: remember who, for the rules */
static int
auth_sasl_done(struct auth_sasl *a, struct smtp_reply *r)
{
	const void *v = NULL;
	struct buf b = BUF_INIT;
	char num[32];
	unsigned ssf = 0;

	a->busy = false;
	a->authenticated = true;
	if (sasl_getprop(a->conn, SASL_SSF, &v) == SASL_OK && v != NULL)
		ssf = *(const sasl_ssf_t *)v;
	if (a->macros != NULL) {
		auth_sasl_macro(a, "auth_type", a->mech);
		v = NULL;
		if (sasl_getprop(a->conn, SASL_AUTHUSER, &v) == SASL_OK &&
		    v != NULL) {
			auth_sasl_xtext(&b, v);
			auth_sasl_macro(a, "auth_authen", buf_str(&b));
		}
		v = NULL;
		buf_reset(&b);
		if (sasl_getprop(a->conn, SASL_USERNAME, &v) == SASL_OK &&
		    v != NULL) {
			auth_sasl_xtext(&b, v);
			auth_sasl_macro(a, "auth_author", buf_str(&b));
		}
		snprintf(num, sizeof(num), "%u", ssf);
		auth_sasl_macro(a, "auth_ssf", num);
	}
	buf_free(&b);
	smtp_reply_set(r, 235, "2.0.0", "OK Authenticated");
	return SMTP_OK;
}

/* auth_sasl_failed - 535, and a fresh connection for the next try */
static int
auth_sasl_failed(struct auth_sasl *a, struct smtp_reply *r)
{
	a->busy = false;
	smtp_reply_set(r, 535, "5.7.0", "authentication failed");
	(void)auth_sasl_conn(a);
	return SMTP_REJECT;
}

/* auth_sasl_answer - turn a SASL result into the SMTP reply */
static int
auth_sasl_answer(struct auth_sasl *a, int rc, const char *out,
    unsigned outlen, struct smtp_reply *r)
{
	char *enc;
	unsigned enclen = 0, cap;

	if (rc == SASL_OK)
		return auth_sasl_done(a, r);
	if (rc != SASL_CONTINUE)
		return auth_sasl_failed(a, r);
	cap = (outlen + 2) / 3 * 4 + 1;
	if (cap >= SMTP_TEXT_MAX) {
		/* a challenge the reply line cannot carry */
		a->busy = false;
		smtp_reply_set(r, 454, "4.5.4", "Temporary authentication failure");
		(void)auth_sasl_conn(a);
		return SMTP_REJECT;
	}
	enc = xmalloc(cap);
	if (sasl_encode64(out, outlen, enc, cap, &enclen) != SASL_OK) {
		free(enc);
		a->busy = false;
		smtp_reply_set(r, 454, "4.5.4", "Temporary authentication failure");
		(void)auth_sasl_conn(a);
		return SMTP_REJECT;
	}
	a->busy = true;
	smtp_reply_set(r, 334, "", "%s", enc);
	free(enc);
	return SMTP_MORE;
}

/* auth_sasl_decode - base64 text into a fresh buffer; false if bad */
static bool
auth_sasl_decode(const char *text, char **data, unsigned *len)
{
	size_t n = strlen(text);

	*len = 0;
	*data = xmalloc(n + 1);
	**data = '\0';
	if (n == 0)
		return true;
	if (n > UINT_MAX / 2 ||
	    sasl_decode64(text, (unsigned)n, *data, (unsigned)n + 1, len) !=
	    SASL_OK) {
		free(*data);
		*data = NULL;
		return false;
	}
	return true;
}

int
auth_sasl_step(struct auth_sasl *a, const char *mech, const char *resp,
    struct smtp_reply *r)
{
	const char *out = NULL;
	unsigned outlen = 0, inlen = 0;
	char *in = NULL;
	int rc;

	if (a == NULL || a->conn == NULL) {
		smtp_reply_set(r, 454, "4.7.0", "Temporary authentication failure");
		return SMTP_REJECT;
	}
	if (mech != NULL) {
		/* a new exchange: forget one left half-way ("*") */
		if (a->busy && auth_sasl_conn(a) != 0)
			return auth_sasl_failed(a, r);
		a->busy = false;
		if (resp != NULL && !auth_sasl_decode(resp, &in, &inlen)) {
			smtp_reply_set(r, 501, "5.5.4", "cannot BASE64 decode '%s'",
			    resp);
			return SMTP_REJECT;
		}
		free(a->mech);
		a->mech = xstrdup(mech);
		rc = sasl_server_start(a->conn, mech, resp ? in : NULL, inlen,
		    &out, &outlen);
		free(in);
		return auth_sasl_answer(a, rc, out, outlen, r);
	}
	if (!a->busy) {
		smtp_reply_set(r, 503, "5.5.0", "No AUTH in progress");
		return SMTP_REJECT;
	}
	if (resp == NULL || !auth_sasl_decode(resp, &in, &inlen)) {
		a->busy = false;
		smtp_reply_set(r, 501, "5.5.4", "cannot decode AUTH parameter %s",
		    resp ? resp : "");
		(void)auth_sasl_conn(a);
		return SMTP_REJECT;
	}
	rc = sasl_server_step(a->conn, in, inlen, &out, &outlen);
	free(in);
	return auth_sasl_answer(a, rc, out, outlen, r);
}
