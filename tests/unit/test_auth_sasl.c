/*
 * test_auth_sasl - the AUTH mechanism list (sendmail's intersect of
 * AuthMechanisms with what Cyrus SASL offers, AuthOptions=p) and PLAIN
 * and CRAM-MD5 exchanges against a temporary sasldb made with sasl2-bin's
 * saslpasswd2 (skipped, and said so, when saslpasswd2 is missing).
 */
#include "auth/auth_sasl.h"
#include "cf/cf.h"
#include "cf/macro.h"
#include "cf/option.h"
#include "util/buf.h"
#include "t.h"

#include <sasl/sasl.h>
#include <sasl/saslutil.h>
#include <sasl/md5global.h>
#include <sasl/md5.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct {
	const char *allowed, *avail, *want;
} isect[] = {
	{ "EXTERNAL GSSAPI KERBEROS_V4 DIGEST-MD5 CRAM-MD5",
	    "SCRAM-SHA-256 SCRAM-SHA-1 DIGEST-MD5 CRAM-MD5 NTLM PLAIN LOGIN "
	    "ANONYMOUS", "DIGEST-MD5 CRAM-MD5" },
	{ "plain login", "LOGIN PLAIN", "plain login" },	/* allowed's order */
	{ "PLAIN", "CRAM-MD5", "" },
	{ "", "PLAIN", "" },
	{ "PLAIN  LOGIN", "PLAIN LOGIN", "PLAIN" },	/* stops at "" */
	{ "PLAINX PLAIN", "PLAIN", "PLAIN" },
};

static void
test_intersect(void)
{
	size_t i;

	for (i = 0; i < sizeof(isect) / sizeof(isect[0]); i++) {
		char *got = auth_sasl_intersect(isect[i].allowed, isect[i].avail);

		T_STREQ(got, isect[i].want);
		free(got);
	}
	T_CHECK(auth_sasl_intersect(NULL, "PLAIN") == NULL);
	T_CHECK(auth_sasl_intersect("PLAIN", NULL) == NULL);
}

/* a cf with just options and macros */
static struct cf *
fake_cf(const char *mechs, const char *authopts)
{
	struct cf *cf = calloc(1, sizeof(*cf));
	struct buf w = BUF_INIT;

	cf->macros = macros_new();
	cf->opts = calloc(1, sizeof(*cf->opts));
	option_init(cf->opts);
	if (mechs != NULL)
		option_set(cf->opts, "AuthMechanisms", mechs, 0, &w);
	if (authopts != NULL)
		option_set(cf->opts, "AuthOptions", authopts, 0, &w);
	macro_set(cf->macros, 'j', "mx.example.com");
	buf_free(&w);
	return cf;
}

static void
fake_cf_free(struct cf *cf)
{
	option_free(cf->opts);
	free(cf->opts);
	macros_free(cf->macros);
	free(cf);
}

static void
test_mechs(void)
{
	struct cf *cf = fake_cf(NULL, NULL);
	struct auth_sasl *a;
	char *m;

	/* sendmail's default AuthMechanisms with Debian's plugins */
	m = auth_sasl_mechs(cf);
	T_STREQ(m, "DIGEST-MD5 CRAM-MD5");
	free(m);
	fake_cf_free(cf);

	cf = fake_cf("LOGIN PLAIN CRAM-MD5 BOGUS", NULL);
	m = auth_sasl_mechs(cf);
	T_STREQ(m, "LOGIN PLAIN CRAM-MD5");
	free(m);
	fake_cf_free(cf);

	/* AuthOptions=p: no plaintext without TLS, again with it */
	cf = fake_cf("LOGIN PLAIN CRAM-MD5", "p");
	m = auth_sasl_mechs(cf);
	T_STREQ(m, "CRAM-MD5");
	free(m);
	a = auth_sasl_new(cf, "mx.example.com", NULL, NULL);
	T_CHECK(a != NULL);
	T_STREQ(auth_sasl_mechlist(a), "CRAM-MD5");
	T_INTEQ(auth_sasl_tls(a, 256, NULL), 0);
	T_STREQ(auth_sasl_mechlist(a), "LOGIN PLAIN CRAM-MD5");
	auth_sasl_free(a);
	fake_cf_free(cf);

	/* nothing in common, or an empty AuthMechanisms: no AUTH */
	cf = fake_cf("GSSAPI", NULL);
	T_CHECK(auth_sasl_mechs(cf) == NULL);
	fake_cf_free(cf);
	cf = fake_cf("", NULL);
	T_CHECK(auth_sasl_mechs(cf) == NULL);
	fake_cf_free(cf);
}

/* b64 - base64 of n bytes into a static buffer */
static const char *
b64(const char *s, unsigned n)
{
	static char out[512];
	unsigned len;

	if (sasl_encode64(s, n, out, sizeof(out), &len) != SASL_OK)
		return "";
	return out;
}

/* hmac_md5_hex - RFC 2104 HMAC-MD5 (key <= 64 bytes), lowercase hex */
static void
hmac_md5_hex(const char *key, const unsigned char *text, unsigned n,
    char hex[33])
{
	unsigned char k[64], d[16];
	MD5_CTX c;
	int i;

	memset(k, 0, sizeof(k));
	memcpy(k, key, strlen(key));
	for (i = 0; i < 64; i++)
		k[i] ^= 0x36;
	_sasl_MD5Init(&c);
	_sasl_MD5Update(&c, k, 64);
	_sasl_MD5Update(&c, text, n);
	_sasl_MD5Final(d, &c);
	for (i = 0; i < 64; i++)
		k[i] ^= 0x36 ^ 0x5c;
	_sasl_MD5Init(&c);
	_sasl_MD5Update(&c, k, 64);
	_sasl_MD5Update(&c, d, 16);
	_sasl_MD5Final(d, &c);
	for (i = 0; i < 16; i++)
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
}

static void
test_exchange(const char *dir)
{
	struct cf *cf = fake_cf("PLAIN LOGIN CRAM-MD5", NULL);
	struct auth_sasl *a = auth_sasl_new(cf, "mx.example.com", NULL, NULL);
	struct smtp_reply r;
	char chal[512], line[512], hex[33];
	unsigned clen;
	int rc;

	(void)dir;
	T_CHECK(a != NULL);
	if (a == NULL) {
		fake_cf_free(cf);
		return;
	}
	T_STREQ(auth_sasl_mechlist(a), "PLAIN LOGIN CRAM-MD5");

	/* PLAIN, a wrong password */
	memset(&r, 0, sizeof(r));
	rc = auth_sasl_step(a, "PLAIN", b64("\0alice\0wrong", 12), &r);
	T_INTEQ(rc, SMTP_REJECT);
	T_INTEQ(r.code, 535);
	T_STREQ(r.enh, "5.7.0");
	T_STREQ(r.text, "authentication failed");
	T_CHECK(!auth_sasl_authenticated(a));

	/* a bad initial response */
	memset(&r, 0, sizeof(r));
	T_INTEQ(auth_sasl_step(a, "PLAIN", "@@@", &r), SMTP_REJECT);
	T_INTEQ(r.code, 501);
	T_STREQ(r.text, "cannot BASE64 decode '@@@'");

	/* CRAM-MD5 */
	memset(&r, 0, sizeof(r));
	rc = auth_sasl_step(a, "CRAM-MD5", NULL, &r);
	T_INTEQ(rc, SMTP_MORE);
	T_INTEQ(r.code, 334);
	T_CHECK(sasl_decode64(r.text, strlen(r.text), chal, sizeof(chal) - 1,
	    &clen) == SASL_OK);
	hmac_md5_hex("secret", (unsigned char *)chal, clen, hex);
	snprintf(line, sizeof(line), "alice %s", hex);
	memset(&r, 0, sizeof(r));
	rc = auth_sasl_step(a, NULL, b64(line, strlen(line)), &r);
	T_INTEQ(rc, SMTP_OK);
	T_INTEQ(r.code, 235);
	T_STREQ(r.text, "OK Authenticated");
	T_CHECK(auth_sasl_authenticated(a));
	T_STREQ(macro_get_name(cf->macros, "auth_type"), "CRAM-MD5");
	T_STREQ(macro_get_name(cf->macros, "auth_authen"), "alice");
	T_STREQ(macro_get_name(cf->macros, "auth_author"), "alice");
	T_STREQ(macro_get_name(cf->macros, "auth_ssf"), "0");
	auth_sasl_free(a);

	/* PLAIN without an initial response, an authzid, and xtext */
	a = auth_sasl_new(cf, "mx.example.com", NULL, NULL);
	memset(&r, 0, sizeof(r));
	T_INTEQ(auth_sasl_step(a, "PLAIN", NULL, &r), SMTP_MORE);
	T_INTEQ(r.code, 334);
	T_STREQ(r.text, "");
	memset(&r, 0, sizeof(r));
	rc = auth_sasl_step(a, NULL, b64("b=b+\0alice\0secret", 17), &r);
	T_INTEQ(rc, SMTP_OK);
	T_STREQ(macro_get_name(cf->macros, "auth_type"), "PLAIN");
	T_STREQ(macro_get_name(cf->macros, "auth_authen"), "alice");
	T_STREQ(macro_get_name(cf->macros, "auth_author"), "b+3Db+2B");
	auth_sasl_free(a);

	/* LOGIN, abandoned half-way ("*": no call), then a fresh start */
	a = auth_sasl_new(cf, "mx.example.com", NULL, NULL);
	memset(&r, 0, sizeof(r));
	T_INTEQ(auth_sasl_step(a, "LOGIN", NULL, &r), SMTP_MORE);
	memset(&r, 0, sizeof(r));
	T_INTEQ(auth_sasl_step(a, "LOGIN", b64("alice", 5), &r), SMTP_MORE);
	memset(&r, 0, sizeof(r));
	T_INTEQ(auth_sasl_step(a, NULL, "!!", &r), SMTP_REJECT);
	T_INTEQ(r.code, 501);
	T_STREQ(r.text, "cannot decode AUTH parameter !!");
	memset(&r, 0, sizeof(r));
	T_INTEQ(auth_sasl_step(a, "LOGIN", b64("alice", 5), &r), SMTP_MORE);
	memset(&r, 0, sizeof(r));
	T_INTEQ(auth_sasl_step(a, NULL, b64("secret", 6), &r), SMTP_OK);
	T_INTEQ(r.code, 235);
	auth_sasl_free(a);
	fake_cf_free(cf);
}

int
main(void)
{
	char dir[] = "/tmp/test_auth_saslXXXXXX", path[256], cmd[768];
	bool have_db = false;
	FILE *f;

	test_intersect();
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(path, sizeof(path), "%s/Sendmail.conf", dir);
	if ((f = fopen(path, "w")) == NULL) {
		perror(path);
		return 1;
	}
	fprintf(f, "pwcheck_method: auxprop\nauxprop_plugin: sasldb\n"
	    "sasldb_path: %s/sasldb2\n", dir);
	fclose(f);
	if (access("/usr/sbin/saslpasswd2", X_OK) == 0) {
		snprintf(cmd, sizeof(cmd), "printf secret | /usr/sbin/saslpasswd2 "
		    "-f %s/sasldb2 -p -c -u mx.example.com alice", dir);
		have_db = system(cmd) == 0;
	}
	T_INTEQ(auth_sasl_init(dir), 0);
	test_mechs();
	if (have_db)
		test_exchange(dir);
	else
		printf("test_auth_sasl: SKIP exchanges: no /usr/sbin/saslpasswd2 "
		    "(sasl2-bin; scripts/deps.sh installs it)\n");
	auth_sasl_end();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	T_DONE();
}
