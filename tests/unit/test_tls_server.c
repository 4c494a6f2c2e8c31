/*
 * test_tls_server.c - the server-side TLS object against an OpenSSL
 * client in the same process (both over memory BIOs): handshake, data
 * both ways, client certificates (OK, FAIL, NO, NOT), sendmail's macro
 * formats, the key file check, DH parameters, cipher lists, SSL
 * options, broken handshakes, NULs in certificate names, and the
 * CVE-2011-0411 rule driven through the SMTP engine.
 *
 * Certificates are made at run time with openssl(1) in a mkdtemp
 * directory under build/ (the one with a NUL in its CN with the API,
 * since no command line can carry a NUL).
 */
#include "t.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cf/option.h"
#include "smtp/smtp_server.h"
#include "tls/tls_server.h"
#include "util/msg.h"

static char dir[PATH_MAX];
static struct buf warnings = BUF_INIT;

/* sink - collect diagnostics so tests can look at them */
static void
sink(enum msg_level lv, const char *text, void *ctx)
{
	(void)lv;
	(void)ctx;
	buf_adds(&warnings, text);
	buf_addc(&warnings, '\n');
}

/* sh - run a shell command in dir; true on exit 0 */
static bool
sh(const char *fmt, const char *a)
{
	char cmd[PATH_MAX + 2048];

	snprintf(cmd, sizeof cmd, "cd '%s' && ", dir);
	snprintf(cmd + strlen(cmd), sizeof cmd - strlen(cmd), fmt, a, a, a);
	return system(cmd) == 0;
}

static const char *
path(const char *name)
{
	static char p[8][PATH_MAX + 64];
	static int i;

	i = (i + 1) % 8;
	snprintf(p[i], sizeof p[i], "%s/%s", dir, name);
	return p[i];
}

/* make_nul_cert - a client cert signed by the CA with CN "good\0.evil" */
static bool
make_nul_cert(void)
{
	static const unsigned char cn[] = "good.example.test\0.evil.test";
	EVP_PKEY *cakey = NULL, *key = NULL;
	X509 *ca = NULL, *x = NULL;
	FILE *f;
	bool ok = false;

	if ((f = fopen(path("ca.key"), "r")) == NULL)
		return false;
	cakey = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	fclose(f);
	if ((f = fopen(path("ca.crt"), "r")) == NULL)
		goto out;
	ca = PEM_read_X509(f, NULL, NULL, NULL);
	fclose(f);
	key = EVP_EC_gen("P-256");
	x = X509_new();
	if (cakey == NULL || ca == NULL || key == NULL || x == NULL)
		goto out;
	ASN1_INTEGER_set(X509_get_serialNumber(x), 4242);
	X509_gmtime_adj(X509_getm_notBefore(x), -3600);
	X509_gmtime_adj(X509_getm_notAfter(x), 86400);
	X509_set_version(x, 2);
	X509_set_pubkey(x, key);
	X509_set_issuer_name(x, X509_get_subject_name(ca));
	if (!X509_NAME_add_entry_by_NID(X509_get_subject_name(x),
	    NID_commonName, MBSTRING_ASC, cn, (int)sizeof cn - 1, -1, 0))
		goto out;
	if (X509_sign(x, cakey, EVP_sha256()) == 0)
		goto out;
	if ((f = fopen(path("nul.crt"), "w")) == NULL)
		goto out;
	PEM_write_X509(f, x);
	fclose(f);
	if ((f = fopen(path("nul.key"), "w")) == NULL)
		goto out;
	PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL);
	fclose(f);
	ok = true;
out:
	EVP_PKEY_free(cakey);
	EVP_PKEY_free(key);
	X509_free(ca);
	X509_free(x);
	return ok;
}

/* make_certs - CA, server (RSA, for DHE), clients; false if openssl failed */
static bool
make_certs(void)
{
	static const char *const cmds[] = {
		"openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256"
		" -nodes -keyout ca.key -out ca.crt -days 2"
		" -subj '/O=Tern (Test)/CN=Tern Test CA' 2>/dev/null",
		"openssl req -newkey rsa:2048 -nodes -keyout srv.key"
		" -out srv.csr -subj /CN=mx.example.test 2>/dev/null",
		"openssl x509 -req -in srv.csr -CA ca.crt -CAkey ca.key"
		" -CAcreateserial -out srv.crt -days 2 2>/dev/null",
		"openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes"
		" -keyout cli.key -out cli.csr"
		" -subj '/C=DE/O=Example Corp/CN=client.example.test'"
		" 2>/dev/null",
		"openssl x509 -req -in cli.csr -CA ca.crt -CAkey ca.key"
		" -CAcreateserial -out cli.crt -days 2 2>/dev/null",
		"openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256"
		" -nodes -keyout self.key -out self.crt -days 2"
		" -subj /CN=self.example.test 2>/dev/null",
		"openssl genpkey -genparam -algorithm DH"
		" -pkeyopt dh_param:ffdhe2048 -out dh.pem 2>/dev/null",
		"echo garbage > bad-dh.pem",
		"chmod 600 srv.key && mkdir -p capath && cp ca.crt capath/",
		"openssl x509 -in cli.crt -noout -fingerprint -md5"
		" | sed 's/.*=//' > cli.md5",
		"openssl x509 -in cli.crt -noout -fingerprint -sha256"
		" | sed 's/.*=//' > cli.sha256",
	};
	size_t i;

	for (i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
		if (!sh(cmds[i], "")) {
			fprintf(stderr, "failed: %s\n", cmds[i]);
			return false;
		}
	return make_nul_cert();
}

static char *
slurp_line(const char *name)
{
	static char line[256];
	FILE *f = fopen(path(name), "r");

	line[0] = '\0';
	if (f != NULL) {
		if (fgets(line, sizeof line, f) == NULL)
			line[0] = '\0';
		fclose(f);
	}
	line[strcspn(line, "\n")] = '\0';
	return line;
}

/* opts - the server's options: "Name=value" pairs, NULL-terminated */
static void
opts(struct options *o, const char *const *kv)
{
	struct buf w = BUF_INIT;

	option_init(o);
	option_set(o, "ServerCertFile", path("srv.crt"), 0, &w);
	option_set(o, "ServerKeyFile", path("srv.key"), 0, &w);
	option_set(o, "CACertFile", path("ca.crt"), 0, &w);
	for (; kv != NULL && *kv != NULL; kv++) {
		T_INTEQ(option_parse_long(o, *kv, 0, &w), 0);
	}
	if (w.len > 0)
		fprintf(stderr, "options: %s", w.data);
	buf_free(&w);
}

static struct tls_server *
server(const char *const *kv)
{
	struct options o;
	struct buf why = BUF_INIT;
	struct tls_server *srv;

	opts(&o, kv);
	srv = tls_server_new(&o, &why);
	if (srv == NULL)
		fprintf(stderr, "tls_server_new: %s\n", buf_str(&why));
	option_free(&o);
	buf_free(&why);
	return srv;
}

/* the OpenSSL client */
struct cli {
	SSL_CTX *ctx;
	SSL *ssl;
	BIO *rb, *wb;
};

struct cli_spec {
	const char *cert, *key;	/* client certificate, or NULL */
	int maxver;		/* 0: any */
	const char *ciphers;	/* TLS <= 1.2 list, or NULL */
	const char *suites;	/* TLS 1.3 suites, or NULL */
};

static bool
cli_new(struct cli *c, const struct cli_spec *s)
{
	memset(c, 0, sizeof *c);
	c->ctx = SSL_CTX_new(TLS_client_method());
	if (c->ctx == NULL)
		return false;
	SSL_CTX_set_verify(c->ctx, SSL_VERIFY_NONE, NULL);
	if (s->maxver != 0)
		SSL_CTX_set_max_proto_version(c->ctx, s->maxver);
	if (s->ciphers != NULL)
		SSL_CTX_set_cipher_list(c->ctx, s->ciphers);
	if (s->suites != NULL)
		SSL_CTX_set_ciphersuites(c->ctx, s->suites);
	if (s->cert != NULL &&
	    (SSL_CTX_use_certificate_file(c->ctx, path(s->cert),
	    SSL_FILETYPE_PEM) != 1 || SSL_CTX_use_PrivateKey_file(c->ctx,
	    path(s->key), SSL_FILETYPE_PEM) != 1))
		return false;
	c->ssl = SSL_new(c->ctx);
	c->rb = BIO_new(BIO_s_mem());
	c->wb = BIO_new(BIO_s_mem());
	BIO_set_mem_eof_return(c->rb, -1);
	SSL_set_bio(c->ssl, c->rb, c->wb);
	SSL_set_connect_state(c->ssl);
	return true;
}

static void
cli_free(struct cli *c)
{
	SSL_free(c->ssl);
	SSL_CTX_free(c->ctx);
	ERR_clear_error();
}

/* to_server - everything the client wrote, fed to the server */
static void
to_server(struct cli *c, struct tls_conn *t)
{
	char b[4096];
	int n;

	while ((n = BIO_read(c->wb, b, sizeof b)) > 0)
		tls_conn_feed_cipher(t, b, (size_t)n);
}

/* to_client - everything the server wrote, fed to the client */
static void
to_client(struct tls_conn *t, struct cli *c)
{
	struct buf w = BUF_INIT;

	if (tls_conn_take_cipher(t, &w) > 0)
		BIO_write(c->rb, w.data, (int)w.len);
	buf_free(&w);
}

/* pump - run both sides until the server is done or failed */
static enum tls_status
pump(struct cli *c, struct tls_conn *t)
{
	enum tls_status st = TLS_WANT_MORE;
	int round;

	for (round = 0; round < 50 && st == TLS_WANT_MORE; round++) {
		(void)SSL_do_handshake(c->ssl);
		to_server(c, t);
		st = tls_conn_handshake(t);
		to_client(t, c);
	}
	(void)SSL_do_handshake(c->ssl);
	return st;
}

/* session - handshake with a fresh client; info filled on success */
static enum tls_status
session(struct tls_server *srv, const struct cli_spec *s,
    struct tls_info *info)
{
	struct cli c;
	struct tls_conn *t;
	enum tls_status st;

	if (srv == NULL || !cli_new(&c, s))
		return TLS_FAILED;
	t = tls_conn_new(srv);
	st = pump(&c, t);
	if (st == TLS_DONE && info != NULL)
		tls_conn_info(t, info);
	tls_conn_free(t);
	cli_free(&c);
	return st;
}

static void
test_handshake_and_data(void)
{
	struct tls_server *srv = server(NULL);
	struct cli_spec spec = { 0 };
	struct cli c;
	struct tls_conn *t;
	struct tls_info info;
	struct buf got = BUF_INIT;
	char rd[256], *big;
	size_t n = 0, i, total;
	const size_t bigsz = 100000;

	T_CHECK(srv != NULL);
	if (srv == NULL || !cli_new(&c, &spec))
		return;
	t = tls_conn_new(srv);
	T_CHECK(!tls_conn_done(t));
	T_INTEQ(tls_conn_read_plain(t, &got), TLS_FAILED);
	T_INTEQ(pump(&c, t), TLS_DONE);
	T_CHECK(tls_conn_done(t));
	tls_conn_info(t, &info);
	T_STREQ(info.verify, "NO");
	T_STREQ(info.version, "TLSv1.3");
	T_CHECK(info.cipher[0] != '\0');
	T_CHECK(info.cipher_bits >= 128);
	T_INTEQ(info.alg_bits, info.cipher_bits);
	T_CHECK(!info.has_cert);
	T_STREQ(info.cert_subject, "");
	T_STREQ(info.fp_macro, "cert_md5");

	/* client -> server */
	T_INTEQ(SSL_write(c.ssl, "EHLO client\r\n", 13), 13);
	to_server(&c, t);
	T_INTEQ(tls_conn_read_plain(t, &got), TLS_WANT_MORE);
	T_STREQ(buf_str(&got), "EHLO client\r\n");
	to_client(t, &c);
	/* server -> client */
	T_INTEQ(tls_conn_write_plain(t, "250 ok\r\n", 8), TLS_DONE);
	to_client(t, &c);
	T_CHECK(SSL_read_ex(c.ssl, rd, sizeof rd - 1, &n) == 1);
	rd[n] = '\0';
	T_STREQ(rd, "250 ok\r\n");

	/* 100 kB both ways, in many records */
	big = xmalloc(bigsz);
	for (i = 0; i < bigsz; i++)
		big[i] = (char)('a' + i % 26);
	T_INTEQ(tls_conn_write_plain(t, big, bigsz), TLS_DONE);
	to_client(t, &c);
	for (total = 0;;) {
		char b[20000];

		if (SSL_read_ex(c.ssl, b, sizeof b, &n) != 1)
			break;
		T_CHECK(memcmp(b, big + total, n) == 0);
		total += n;
	}
	T_INTEQ(total, bigsz);
	buf_reset(&got);
	for (total = 0; total < bigsz; total += n) {
		T_CHECK(SSL_write_ex(c.ssl, big + total, bigsz - total, &n));
		if (n == 0)
			break;
	}
	to_server(&c, t);
	T_INTEQ(tls_conn_read_plain(t, &got), TLS_WANT_MORE);
	T_INTEQ(got.len, bigsz);
	T_CHECK(got.len == bigsz && memcmp(got.data, big, bigsz) == 0);
	free(big);

	/* orderly close both ways */
	T_INTEQ(tls_conn_shutdown(t), TLS_DONE);
	to_client(t, &c);
	T_CHECK(SSL_read_ex(c.ssl, rd, sizeof rd, &n) == 0);
	T_INTEQ(SSL_get_error(c.ssl, 0), SSL_ERROR_ZERO_RETURN);
	SSL_shutdown(c.ssl);
	to_server(&c, t);
	buf_reset(&got);
	T_INTEQ(tls_conn_read_plain(t, &got), TLS_CLOSED);
	tls_conn_free(t);
	cli_free(&c);
	buf_free(&got);
	tls_server_free(srv);
}

static void
test_client_certs(void)
{
	static const char *const sha[] = {
		"CertFingerprintAlgorithm=sha256", NULL };
	static const char *const nov[] = { "TLSSrvOptions=V", NULL };
	static const char *const capath[] = { "CACertFile=",
		NULL, NULL };
	struct tls_server *srv = server(NULL);
	struct cli_spec good = { "cli.crt", "cli.key", 0, NULL, NULL };
	struct cli_spec self = { "self.crt", "self.key", 0, NULL, NULL };
	struct cli_spec good12 = { "cli.crt", "cli.key", TLS1_2_VERSION,
		NULL, NULL };
	struct tls_info info;
	char cap[PATH_MAX + 64];
	const char *capv[3];

	T_INTEQ(session(srv, &good, &info), TLS_DONE);
	T_STREQ(info.verify, "OK");
	T_CHECK(info.has_cert);
	T_STREQ(info.cert_subject,
	    "/C=DE/O=Example+20Corp/CN=client.example.test");
	T_STREQ(info.cert_issuer, "/O=Tern+20+28Test+29/CN=Tern+20Test+20CA");
	T_STREQ(info.cn_subject, "client.example.test");
	T_STREQ(info.cn_issuer, "Tern+20Test+20CA");
	T_STREQ(info.fp_macro, "cert_md5");
	T_STREQ(info.cert_fp, slurp_line("cli.md5"));
	T_INTEQ(session(srv, &good12, &info), TLS_DONE);
	T_STREQ(info.verify, "OK");
	T_STREQ(info.version, "TLSv1.2");

	T_INTEQ(session(srv, &self, &info), TLS_DONE);
	T_STREQ(info.verify, "FAIL");
	T_STREQ(info.cn_subject, "self.example.test");
	tls_server_free(srv);

	srv = server(sha);
	T_INTEQ(session(srv, &good, &info), TLS_DONE);
	T_STREQ(info.fp_macro, "cert_fp");
	T_STREQ(info.cert_fp, slurp_line("cli.sha256"));
	tls_server_free(srv);

	srv = server(nov);
	T_INTEQ(session(srv, &good, &info), TLS_DONE);
	T_STREQ(info.verify, "NOT");
	T_CHECK(!info.has_cert);
	tls_server_free(srv);

	/* CACertPath alone: read at start-up, the file list not needed */
	snprintf(cap, sizeof cap, "CACertPath=%s", path("capath"));
	capv[0] = capath[0];
	capv[1] = cap;
	capv[2] = NULL;
	srv = server(capv);
	T_INTEQ(session(srv, &good, &info), TLS_DONE);
	T_STREQ(info.verify, "OK");
	tls_server_free(srv);
}

/* make_crl - a CRL by the key/cert pair named, revoking serial */
static bool
make_crl(const char *keyf, const char *crtf, const char *certf_revoked,
    const char *out)
{
	EVP_PKEY *k = NULL;
	X509 *ca = NULL, *rv = NULL;
	X509_CRL *crl = X509_CRL_new();
	X509_REVOKED *r = X509_REVOKED_new();
	ASN1_TIME *now = ASN1_TIME_new();
	FILE *f;
	bool ok = false;

	if ((f = fopen(path(keyf), "r")) != NULL) {
		k = PEM_read_PrivateKey(f, NULL, NULL, NULL);
		fclose(f);
	}
	if ((f = fopen(path(crtf), "r")) != NULL) {
		ca = PEM_read_X509(f, NULL, NULL, NULL);
		fclose(f);
	}
	if ((f = fopen(path(certf_revoked), "r")) != NULL) {
		rv = PEM_read_X509(f, NULL, NULL, NULL);
		fclose(f);
	}
	if (k == NULL || ca == NULL || rv == NULL || crl == NULL ||
	    r == NULL || now == NULL)
		goto out;
	X509_gmtime_adj(now, -60);
	X509_CRL_set_version(crl, 1);
	X509_CRL_set_issuer_name(crl, X509_get_subject_name(ca));
	X509_CRL_set1_lastUpdate(crl, now);
	X509_gmtime_adj(now, 86400);
	X509_CRL_set1_nextUpdate(crl, now);
	X509_REVOKED_set_serialNumber(r, X509_get_serialNumber(rv));
	X509_gmtime_adj(now, -30);
	X509_REVOKED_set_revocationDate(r, now);
	if (X509_CRL_add0_revoked(crl, r) != 1)
		goto out;
	r = NULL;
	X509_CRL_sort(crl);
	if (X509_CRL_sign(crl, k, EVP_sha256()) == 0)
		goto out;
	if ((f = fopen(path(out), "w")) == NULL)
		goto out;
	ok = PEM_write_X509_CRL(f, crl) == 1;
	fclose(f);
out:
	EVP_PKEY_free(k);
	X509_free(ca);
	X509_free(rv);
	X509_CRL_free(crl);
	X509_REVOKED_free(r);
	ASN1_TIME_free(now);
	return ok;
}

static void
test_crl(void)
{
	struct cli_spec good = { "cli.crt", "cli.key", 0, NULL, NULL };
	struct cli_spec nul = { "nul.crt", "nul.key", 0, NULL, NULL };
	struct cli_spec self = { "self.crt", "self.key", 0, NULL, NULL };
	struct tls_server *srv;
	struct tls_info info;
	char crl[PATH_MAX + 64];
	const char *v[2] = { crl, NULL };

	/* the CA revoked cli.crt: FAIL; nul.crt is not revoked: OK */
	T_CHECK(make_crl("ca.key", "ca.crt", "cli.crt", "ca.crl"));
	snprintf(crl, sizeof crl, "CRLFile=%s", path("ca.crl"));
	srv = server(v);
	T_INTEQ(session(srv, &good, &info), TLS_DONE);
	T_STREQ(info.verify, "FAIL");
	T_INTEQ(session(srv, &nul, &info), TLS_DONE);
	T_STREQ(info.verify, "OK");
	/* an untrusted chain and no CRL: the missing CRL hides nothing */
	T_INTEQ(session(srv, &self, &info), TLS_DONE);
	T_STREQ(info.verify, "FAIL");
	tls_server_free(srv);
	/* only some other issuer's CRL: a missing CRL is no failure */
	T_CHECK(make_crl("self.key", "self.crt", "cli.crt", "other.crl"));
	snprintf(crl, sizeof crl, "CRLFile=%s", path("other.crl"));
	srv = server(v);
	T_INTEQ(session(srv, &good, &info), TLS_DONE);
	T_STREQ(info.verify, "OK");
	tls_server_free(srv);
}

static void
test_nul_names(void)
{
	struct tls_server *srv = server(NULL);
	struct cli_spec nul = { "nul.crt", "nul.key", 0, NULL, NULL };
	struct tls_info info;
	static const unsigned char evil[] = "good.example.test\0.evil.test";
	X509 *x;
	FILE *f;

	T_INTEQ(session(srv, &nul, &info), TLS_DONE);
	T_STREQ(info.verify, "OK");	/* the chain is fine ... */
	T_STREQ(info.cn_subject, "BadCertificateContainsNUL"); /* the name not */
	T_CHECK(strstr(info.cert_subject, "good.example.test") != NULL);
	tls_server_free(srv);

	T_CHECK(!tls_name_match(evil, sizeof evil - 1, "good.example.test"));
	T_CHECK(!tls_name_match(evil, sizeof evil - 1,
	    "good.example.test.evil.test"));
	T_CHECK(tls_name_match((const unsigned char *)"Mx.Example", 10,
	    "mx.example"));
	T_CHECK(!tls_name_match((const unsigned char *)"mx.example", 10,
	    "mx.exampl"));
	T_CHECK(!tls_name_match((const unsigned char *)"mx.exampl", 9,
	    "mx.example"));
	f = fopen(path("nul.crt"), "r");
	x = f != NULL ? PEM_read_X509(f, NULL, NULL, NULL) : NULL;
	if (f != NULL)
		fclose(f);
	T_CHECK(x != NULL);
	if (x != NULL) {
		T_CHECK(X509_check_host(x, "good.example.test", 0,
		    X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS, NULL) != 1);
		X509_free(x);
	}
}

static void
test_xtext(void)
{
	char out[64];

	tls_xtext("/O=A B/CN=x+y", out, sizeof out);
	T_STREQ(out, "/O=A+20B/CN=x+2By");
	tls_xtext("<>\"()\\\x7f\xc3", out, sizeof out);
	T_STREQ(out, "+3C+3E+22+28+29+5C+7F+C3");
	tls_xtext("abcdef", out, 4);
	T_STREQ(out, "abc");
	tls_xtext("a b", out, 4);	/* +20 does not fit after a */
	T_STREQ(out, "a");
}

static void
test_key_file(void)
{
	static const char *const dbs[] = {
		"DontBlameSendmail=GroupReadableKeyFile", NULL };
	struct options o;
	struct buf why = BUF_INIT;
	struct tls_server *srv;
	const char *bad;
	const char *k = path("srv.key");

	T_CHECK(tls_key_safe(k, false, &bad));
	chmod(k, 0640);
	T_CHECK(!tls_key_safe(k, false, &bad));
	T_STREQ(bad, "group readable");
	T_CHECK(tls_key_safe(k, true, &bad));
	opts(&o, NULL);
	srv = tls_server_new(&o, &why);
	T_CHECK(srv == NULL);
	T_CHECK(strstr(buf_str(&why), "unsafe: group readable") != NULL);
	option_free(&o);
	buf_reset(&why);
	srv = server(dbs);
	T_CHECK(srv != NULL);
	tls_server_free(srv);
	chmod(k, 0644);
	T_CHECK(!tls_key_safe(k, true, &bad));
	T_STREQ(bad, "world readable");
	opts(&o, dbs);
	T_CHECK(tls_server_new(&o, &why) == NULL);
	T_CHECK(strstr(buf_str(&why), "world readable") != NULL);
	option_free(&o);
	chmod(k, 0660);
	T_CHECK(!tls_key_safe(k, true, &bad));
	chmod(k, 0600);
	T_CHECK(!tls_key_safe(path("nonexistent.key"), true, &bad));
	T_CHECK(!tls_key_safe(dir, true, &bad));

	/* no certificate: no TLS */
	buf_reset(&why);
	option_init(&o);
	T_CHECK(tls_server_new(&o, &why) == NULL);
	T_CHECK(strstr(buf_str(&why), "no ServerCertFile") != NULL);
	option_free(&o);
	/* a key that does not match the certificate */
	buf_reset(&why);
	opts(&o, NULL);
	option_set(&o, "ServerKeyFile", path("cli.key"), 0, &why);
	chmod(path("cli.key"), 0600);
	T_CHECK(tls_server_new(&o, &why) == NULL);
	option_free(&o);
	buf_free(&why);
}

static void
test_dh_ciphers_options(void)
{
	static const char *const none[] = { "DHParameters=none", NULL };
	static const char *const cl[] = {
		"CipherList=ECDHE-RSA-AES128-GCM-SHA256", NULL };
	static const char *const cs[] = {
		"CipherSuites=TLS_CHACHA20_POLY1305_SHA256", NULL };
	static const char *const no13[] = {
		"ServerSSLOptions=+SSL_OP_NO_TLSv1_3", NULL };
	static const char *const badcl[] = { "CipherList=NOSUCHCIPHER", NULL };
	struct cli_spec dhe = { NULL, NULL, TLS1_2_VERSION,
		"DHE-RSA-AES256-GCM-SHA384", NULL };
	struct cli_spec ecdhe128 = { NULL, NULL, TLS1_2_VERSION,
		"ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384", NULL };
	struct cli_spec ecdhe256 = { NULL, NULL, TLS1_2_VERSION,
		"ECDHE-RSA-AES256-GCM-SHA384", NULL };
	struct cli_spec any = { 0 };
	struct tls_server *srv;
	struct tls_info info;
	char dhf[PATH_MAX + 64];
	const char *dhv[2] = { dhf, NULL };

	/* default ("i"): DHE works with the built-in group */
	srv = server(NULL);
	T_INTEQ(session(srv, &dhe, &info), TLS_DONE);
	T_STREQ(info.cipher, "DHE-RSA-AES256-GCM-SHA384");
	T_INTEQ(info.cipher_bits, 256);
	tls_server_free(srv);
	/* a parameters file */
	snprintf(dhf, sizeof dhf, "DHParameters=%s", path("dh.pem"));
	srv = server(dhv);
	T_INTEQ(session(srv, &dhe, &info), TLS_DONE);
	T_STREQ(info.cipher, "DHE-RSA-AES256-GCM-SHA384");
	tls_server_free(srv);
	/* none: no DHE suite can be agreed */
	srv = server(none);
	T_CHECK(srv != NULL);
	T_INTEQ(session(srv, &dhe, NULL), TLS_FAILED);
	T_INTEQ(session(srv, &any, &info), TLS_DONE);
	tls_server_free(srv);
	/* a bad file: warned, DH off, TLS still offered */
	buf_reset(&warnings);
	snprintf(dhf, sizeof dhf, "DHParameters=%s", path("bad-dh.pem"));
	srv = server(dhv);
	T_CHECK(srv != NULL);
	T_CHECK(strstr(buf_str(&warnings), "cannot read DH parameters") !=
	    NULL);
	T_INTEQ(session(srv, &dhe, NULL), TLS_FAILED);
	tls_server_free(srv);
	buf_reset(&warnings);
	snprintf(dhf, sizeof dhf, "DHParameters=bogus");
	srv = server(dhv);
	T_CHECK(strstr(buf_str(&warnings), "illegal value 'bogus'") != NULL);
	tls_server_free(srv);

	/* CipherList applied (TLS 1.2) */
	srv = server(cl);
	T_INTEQ(session(srv, &ecdhe128, &info), TLS_DONE);
	T_STREQ(info.cipher, "ECDHE-RSA-AES128-GCM-SHA256");
	T_INTEQ(info.cipher_bits, 128);
	T_INTEQ(session(srv, &ecdhe256, NULL), TLS_FAILED);
	tls_server_free(srv);
	/* a bad list is ignored with a warning */
	buf_reset(&warnings);
	srv = server(badcl);
	T_CHECK(srv != NULL);
	T_CHECK(strstr(buf_str(&warnings), "NOSUCHCIPHER") != NULL);
	T_INTEQ(session(srv, &ecdhe256, NULL), TLS_DONE);
	tls_server_free(srv);
	/* CipherSuites applied (TLS 1.3) */
	srv = server(cs);
	T_INTEQ(session(srv, &any, &info), TLS_DONE);
	T_STREQ(info.cipher, "TLS_CHACHA20_POLY1305_SHA256");
	tls_server_free(srv);
	/* ServerSSLOptions */
	srv = server(no13);
	T_INTEQ(session(srv, &any, &info), TLS_DONE);
	T_STREQ(info.version, "TLSv1.2");
	tls_server_free(srv);
}

static void
test_broken(void)
{
	struct tls_server *srv = server(NULL);
	struct cli_spec any = { 0 };
	struct cli c;
	struct tls_conn *t;
	struct buf w = BUF_INIT;
	char hello[4096];
	int n;

	if (srv == NULL)
		return;
	/* plaintext SMTP where a ClientHello belongs */
	t = tls_conn_new(srv);
	tls_conn_feed_cipher(t, "EHLO x\r\nMAIL FROM:<a@b>\r\n", 25);
	T_INTEQ(tls_conn_handshake(t), TLS_FAILED);
	T_CHECK(strncmp(tls_conn_error(t), "handshake failed: ", 18) == 0);
	T_INTEQ(tls_conn_handshake(t), TLS_FAILED);	/* stays dead */
	T_INTEQ(tls_conn_write_plain(t, "x", 1), TLS_FAILED);
	T_INTEQ(tls_conn_shutdown(t), TLS_FAILED);
	(void)tls_conn_take_cipher(t, &w);	/* an alert, maybe */
	tls_conn_free(t);

	/* half a ClientHello, then nothing: wants more; freed cleanly */
	if (!cli_new(&c, &any))
		return;
	(void)SSL_do_handshake(c.ssl);
	n = BIO_read(c.wb, hello, sizeof hello);
	T_CHECK(n > 20);
	t = tls_conn_new(srv);
	tls_conn_feed_cipher(t, hello, (size_t)n / 2);
	T_INTEQ(tls_conn_handshake(t), TLS_WANT_MORE);
	/* ... then garbage in place of the rest */
	memset(hello, 0xee, sizeof hello);
	tls_conn_feed_cipher(t, hello, sizeof hello);
	T_INTEQ(tls_conn_handshake(t), TLS_FAILED);
	T_CHECK(tls_conn_error(t)[0] != '\0');
	tls_conn_free(t);
	cli_free(&c);

	/* broken after the server's flight: client's Finished corrupted */
	if (!cli_new(&c, &any))
		return;
	t = tls_conn_new(srv);
	(void)SSL_do_handshake(c.ssl);
	to_server(&c, t);
	T_INTEQ(tls_conn_handshake(t), TLS_WANT_MORE);
	to_client(t, &c);
	(void)SSL_do_handshake(c.ssl);
	n = BIO_read(c.wb, hello, sizeof hello);
	T_CHECK(n > 10);
	if (n > 10)
		hello[n - 5] ^= 0x55;
	tls_conn_feed_cipher(t, hello, n > 0 ? (size_t)n : 0);
	T_INTEQ(tls_conn_handshake(t), TLS_FAILED);
	T_CHECK(!tls_conn_done(t));
	tls_conn_free(t);
	cli_free(&c);

	/* a fresh connection after all that still works */
	T_INTEQ(session(srv, &any, NULL), TLS_DONE);
	buf_free(&w);
	tls_server_free(srv);
}

/*
 * test_cve_2011_0411 - a driver as tls_server.h prescribes: "STARTTLS"
 * and "MAIL FROM" in one packet, with more still unread in the driver's
 * buffer; after the handshake only what came encrypted counts.
 */
static void
test_cve_2011_0411(void)
{
	struct tls_server *srv = server(NULL);
	struct smtp_server_config cfg;
	struct smtp_server_cb cb;
	struct smtp_server *s;
	struct buf out = BUF_INIT, pending = BUF_INIT, plain = BUF_INIT;
	struct cli_spec any = { 0 };
	struct cli c;
	struct tls_conn *t;
	char rd[4096];
	size_t n = 0;
	int act;
	const char *pkt = "STARTTLS\r\nMAIL FROM:<evil@example>\r\n";

	if (srv == NULL || !cli_new(&c, &any))
		return;
	smtp_server_config_init(&cfg);
	cfg.hostname = "mx.example.test";
	cfg.tls = SMTP_TLS_OFFER;
	memset(&cb, 0, sizeof cb);
	s = smtp_server_new(&cfg, &cb);
	(void)smtp_server_start(s, &out);
	act = smtp_server_input(s, "EHLO a\r\n", 8, &out);
	T_CHECK(strstr(buf_str(&out), "250-STARTTLS") != NULL);
	buf_reset(&out);
	/* the driver read more than it handed over: RCPT is still pending */
	buf_adds(&pending, "RCPT TO:<x@example>\r\n");
	act = smtp_server_input(s, pkt, strlen(pkt), &out);
	T_CHECK(act & SMTP_ACT_STARTTLS);
	T_STREQ(buf_str(&out), "220 2.0.0 Ready to start TLS\r\n");
	T_INTEQ(tls_discard_plain(&pending), 21);
	T_INTEQ(pending.len, 0);
	buf_reset(&out);

	t = tls_conn_new(srv);
	T_INTEQ(pump(&c, t), TLS_DONE);
	act = smtp_server_tls_done(s, true, &out);
	T_INTEQ(act, 0);
	T_STREQ(buf_str(&out), "");	/* nothing left of the clear text */
	T_CHECK(smtp_server_tls_active(s));
	/* the encrypted EHLO may come with the Finished: read at once */
	T_INTEQ(SSL_write(c.ssl, "EHLO b\r\n", 8), 8);
	to_server(&c, t);
	T_INTEQ(tls_conn_read_plain(t, &plain), TLS_WANT_MORE);
	act = smtp_server_input(s, plain.data, plain.len, &out);
	T_CHECK(strncmp(buf_str(&out), "250-mx.example.test", 19) == 0);
	T_CHECK(strstr(buf_str(&out), "STARTTLS") == NULL);
	T_CHECK(strstr(buf_str(&out), "Sender ok") == NULL);
	T_INTEQ(tls_conn_write_plain(t, out.data, out.len), TLS_DONE);
	to_client(t, &c);
	T_CHECK(SSL_read_ex(c.ssl, rd, sizeof rd - 1, &n) == 1);
	rd[n] = '\0';
	T_CHECK(strncmp(rd, "250-mx.example.test", 19) == 0);
	/* a MAIL now would be the first of the transaction */
	buf_reset(&out);
	act = smtp_server_input(s, "MAIL FROM:<a@b>\r\n", 17, &out);
	T_CHECK(strstr(buf_str(&out), "250 2.1.0") != NULL);
	smtp_server_free(s);
	tls_conn_free(t);
	cli_free(&c);
	buf_free(&out);
	buf_free(&pending);
	buf_free(&plain);
	tls_server_free(srv);
}

/* test_macros - tls_info_macros names and values */
static void
set_macro(void *ctx, const char *name, const char *value)
{
	struct buf *b = ctx;

	buf_addf(b, "%s=%s;", name, value);
}

static void
test_macros(void)
{
	struct tls_info info;
	struct buf b = BUF_INIT;

	memset(&info, 0, sizeof info);
	snprintf(info.verify, sizeof info.verify, "OK");
	snprintf(info.version, sizeof info.version, "TLSv1.3");
	snprintf(info.cipher, sizeof info.cipher, "TLS_AES_256_GCM_SHA384");
	info.cipher_bits = info.alg_bits = 256;
	snprintf(info.cn_subject, sizeof info.cn_subject, "c");
	info.fp_macro = "cert_md5";
	snprintf(info.cert_fp, sizeof info.cert_fp, "AB:CD");
	tls_info_macros(&info, set_macro, &b);
	T_STREQ(buf_str(&b), "verify=OK;tls_version=TLSv1.3;"
	    "cipher=TLS_AES_256_GCM_SHA384;cipher_bits=256;alg_bits=256;"
	    "cert_subject=;cert_issuer=;cn_subject=c;cn_issuer=;"
	    "cert_md5=AB:CD;");
	buf_free(&b);
}

int
main(void)
{
	char tmpl[] = "build/tls-test.XXXXXX";

	if (mkdtemp(tmpl) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	/* absolute: DHParameters wants a path starting with '/' */
	if (realpath(tmpl, dir) == NULL) {
		perror("realpath");
		return 1;
	}
	msg_set_sink(sink, NULL);
	T_CHECK(make_certs());
	test_xtext();
	test_macros();
	test_handshake_and_data();
	test_client_certs();
	test_nul_names();
	test_crl();
	test_key_file();
	test_dh_ciphers_options();
	test_broken();
	test_cve_2011_0411();
	if (t_failed == 0)
		(void)sh("cd .. && rm -rf '%s'", strrchr(dir, '/') + 1);
	else
		fprintf(stderr, "kept %s\nwarnings:\n%s", dir,
		    buf_str(&warnings));
	buf_free(&warnings);
	T_DONE();
}
