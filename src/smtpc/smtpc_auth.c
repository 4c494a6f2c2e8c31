/* smtpc_auth.c - AUTH as a client: PLAIN and LOGIN (RFC 4954, 4616) */
#include "smtpc/smtpc_int.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

/* smtpc_b64 - standard base64 with padding */
void
smtpc_b64(const char *in, size_t len, struct buf *out)
{
	static const char tab[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *p = (const unsigned char *)in;
	size_t i;

	for (i = 0; i + 2 < len; i += 3) {
		buf_addc(out, tab[p[i] >> 2]);
		buf_addc(out, tab[((p[i] & 3) << 4) | (p[i + 1] >> 4)]);
		buf_addc(out, tab[((p[i + 1] & 15) << 2) | (p[i + 2] >> 6)]);
		buf_addc(out, tab[p[i + 2] & 63]);
	}
	if (len - i == 1) {
		buf_addc(out, tab[p[i] >> 2]);
		buf_addc(out, tab[(p[i] & 3) << 4]);
		buf_adds(out, "==");
	} else if (len - i == 2) {
		buf_addc(out, tab[p[i] >> 2]);
		buf_addc(out, tab[((p[i] & 3) << 4) | (p[i + 1] >> 4)]);
		buf_addc(out, tab[(p[i + 1] & 15) << 2]);
		buf_addc(out, '=');
	}
}

/* smtpc_auth_plain - the PLAIN initial response */
void
smtpc_auth_plain(const char *authzid, const char *user, const char *pass,
    struct buf *out)
{
	struct buf raw = BUF_INIT;

	buf_adds(&raw, authzid ? authzid : "");
	buf_addc(&raw, '\0');
	buf_adds(&raw, user);
	buf_addc(&raw, '\0');
	buf_adds(&raw, pass ? pass : "");
	smtpc_b64(raw.data, raw.len, out);
	explicit_bzero(raw.data, raw.len);
	buf_free(&raw);
}

/* send a secret line (never logged) and read the reply */
static int
auth_step(struct smtpc_conn *c, const char *line, const char *shown,
    long timeout, struct smtpc_reply *r)
{
	struct buf b = BUF_INIT;
	int rc;

	buf_adds(&b, line);
	buf_add(&b, "\r\n", 2);
	if (c->verbose != NULL)
		fprintf(c->verbose, ">>> %s\n", shown);
	rc = smtpc_conn_write(c, b.data, b.len, timeout);
	explicit_bzero(b.data, b.len);
	buf_free(&b);
	if (rc < 0)
		return -1;
	return smtpc_conn_reply(c, r, timeout);
}

/* the first mechanism of the allowed list that the server offers */
static const char *
auth_pick(const struct smtpc_job *j, const struct smtpc_ext *x, char *w,
    size_t wsize)
{
	const char *p = j->auth_mechs ? j->auth_mechs : "PLAIN LOGIN";

	while (*p != '\0') {
		size_t n = 0;

		while (*p == ' ' || *p == ',' || *p == '\t')
			p++;
		while (p[n] != '\0' && p[n] != ' ' && p[n] != ',' &&
		    p[n] != '\t')
			n++;
		if (n > 0 && n < wsize) {
			size_t k;

			for (k = 0; k < n; k++)
				w[k] = (char)toupper((unsigned char)p[k]);
			w[n] = '\0';
			if ((strcmp(w, "PLAIN") == 0 ||
			    strcmp(w, "LOGIN") == 0) &&
			    smtpc_ehlo_has_auth(x, w))
				return w;
		}
		p += n;
	}
	return NULL;
}

/* smtpc_auth - see smtpc_int.h */
int
smtpc_auth(struct smtpc_conn *c, const struct smtpc_job *j,
    const struct smtpc_ext *x, bool tls_on, long timeout,
    struct smtpc_result *res, struct buf *refused)
{
	struct smtpc_reply r;
	struct buf b = BUF_INIT;
	char w[32];
	const char *mech;
	int rc = 1;

	/* plain-text passwords only under TLS, unless allowed */
	if (!tls_on && !j->auth_clear_ok)
		return 1;
	mech = auth_pick(j, x, w, sizeof w);
	if (mech == NULL)
		return 1;
	smtpc_reply_init(&r);
	if (strcmp(mech, "PLAIN") == 0) {
		buf_adds(&b, "AUTH PLAIN ");
		smtpc_auth_plain(j->auth_authzid, j->auth_user, j->auth_pass,
		    &b);
		if (auth_step(c, buf_str(&b), "AUTH PLAIN ...", timeout,
		    &r) < 0)
			goto broken;
	} else {
		if (auth_step(c, "AUTH LOGIN", "AUTH LOGIN", timeout, &r) < 0)
			goto broken;
		if (r.code == 334) {
			smtpc_b64(j->auth_user, strlen(j->auth_user), &b);
			if (auth_step(c, buf_str(&b), "...", timeout, &r) < 0)
				goto broken;
		}
		if (r.code == 334) {
			explicit_bzero(b.data, b.len);
			buf_reset(&b);
			smtpc_b64(j->auth_pass ? j->auth_pass : "",
			    j->auth_pass ? strlen(j->auth_pass) : 0, &b);
			if (auth_step(c, buf_str(&b), "...", timeout, &r) < 0)
				goto broken;
		}
		if (r.code == 334) {
			/* it wants more than LOGIN has: cancel */
			if (auth_step(c, "*", "*", timeout, &r) < 0)
				goto broken;
		}
	}
	if (r.code == 235) {
		smtpc_set_text(&res->auth_mech, mech);
		rc = 0;
	} else {
		/* refused (535 bad credentials, ...): sendmail goes on
		 * without AUTH; the caller keeps the server's words */
		rc = 2;
		if (refused != NULL) {
			buf_reset(refused);
			buf_adds(refused, buf_str(&r.last));
		}
	}
	goto out;
broken:
	rc = -1;
out:
	if (b.data != NULL)
		explicit_bzero(b.data, b.len);
	buf_free(&b);
	smtpc_reply_free(&r);
	return rc;
}
