/*
 * tls_server.c - the server's OpenSSL context from sendmail's options.
 * Built as root, before the front end drops privileges (tls_server.h).
 */
#include "tls/tls_int.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "cf/option.h"
#include "util/msg.h"

/* tls_ssl_why - the first queued OpenSSL error as text; clears the queue */
const char *
tls_ssl_why(void)
{
	static char text[256];
	unsigned long e = ERR_peek_error();

	if (e == 0) {
		snprintf(text, sizeof text, "unknown error");
	} else {
		const char *r = ERR_reason_error_string(e);

		if (r != NULL)
			snprintf(text, sizeof text, "%s", r);
		else
			ERR_error_string_n(e, text, sizeof text);
	}
	ERR_clear_error();
	return text;
}

/*
 * srv_verify_cb - the client's chain never fails the handshake: the
 * outcome is ${verify}, judged by the rulesets.  A missing CRL is no
 * error (sendmail's default) unless a real error came first.
 */
static int
srv_verify_cb(int ok, X509_STORE_CTX *xc)
{
	int err;
	SSL *ssl;
	int *first;

	if (ok)
		return 1;
	err = X509_STORE_CTX_get_error(xc);
	ssl = X509_STORE_CTX_get_ex_data(xc,
	    SSL_get_ex_data_X509_STORE_CTX_idx());
	first = ssl != NULL ? SSL_get_app_data(ssl) : NULL;
	if (first == NULL)
		return 1;
	if (err == X509_V_ERR_UNABLE_TO_GET_CRL && *first == X509_V_OK)
		X509_STORE_CTX_set_error(xc, X509_V_OK);
	else if (*first == X509_V_OK)
		*first = err;
	return 1;
}

/* cert_file_safe - the certificate may be public, not writable by others */
static bool
cert_file_safe(const char *path, const char **why)
{
	struct stat st;

	if (stat(path, &st) < 0) {
		*why = "cannot stat";
		return false;
	}
	if (!S_ISREG(st.st_mode)) {
		*why = "not a regular file";
		return false;
	}
	if (st.st_mode & (S_IWGRP | S_IWOTH)) {
		*why = "group or world writable";
		return false;
	}
	return true;
}

/* srv_load_cert - chain and key; false with *why */
static bool
srv_load_cert(SSL_CTX *ctx, const struct options *o, struct buf *why)
{
	const char *cf = o->server_cert_file, *kf = o->server_key_file;
	const char *bad;

	if (cf == NULL || *cf == '\0' || kf == NULL || *kf == '\0') {
		if (why != NULL)
			buf_addf(why, "STARTTLS=server: no %s",
			    cf == NULL || *cf == '\0' ? "ServerCertFile" :
			    "ServerKeyFile");
		return false;
	}
	if (!cert_file_safe(cf, &bad)) {
		if (why != NULL)
			buf_addf(why, "STARTTLS=server: file %s unsafe: %s",
			    cf, bad);
		return false;
	}
	if (!tls_key_safe(kf, option_dbs_isset(o,
	    OPT_DBS_GROUPREADABLEKEYFILE), &bad)) {
		if (why != NULL)
			buf_addf(why, "STARTTLS=server: file %s unsafe: %s",
			    kf, bad);
		return false;
	}
	if (SSL_CTX_use_certificate_chain_file(ctx, cf) != 1) {
		if (why != NULL)
			buf_addf(why, "STARTTLS=server, error: %s: %s", cf,
			    tls_ssl_why());
		return false;
	}
	if (SSL_CTX_use_PrivateKey_file(ctx, kf, SSL_FILETYPE_PEM) != 1 ||
	    SSL_CTX_check_private_key(ctx) != 1) {
		if (why != NULL)
			buf_addf(why, "STARTTLS=server, error: %s: %s", kf,
			    tls_ssl_why());
		return false;
	}
	return true;
}

/*
 * srv_ciphers - CipherList and CipherSuites; a bad one is ignored.  A
 * failed SSL_CTX_set_cipher_list may already have emptied the TLS 1.2
 * list, so each is tried on a scratch context first.
 */
static void
srv_ciphers(SSL_CTX *ctx, const struct options *o)
{
	const char *cl = o->cipher_list, *cs = o->cipher_suites;
	SSL_CTX *try = SSL_CTX_new(TLS_server_method());

	if (try == NULL) {
		msg_warnx("STARTTLS=server, error: %s", tls_ssl_why());
		return;
	}
	if (cl != NULL && *cl != '\0') {
		if (SSL_CTX_set_cipher_list(try, cl) != 1 ||
		    SSL_CTX_set_cipher_list(ctx, cl) != 1)
			msg_warnx("STARTTLS=server, error: "
			    "SSL_CTX_set_cipher_list(%s) failed, list ignored: "
			    "%s", cl, tls_ssl_why());
	}
	if (cs != NULL && *cs != '\0') {
		if (SSL_CTX_set_ciphersuites(try, cs) != 1 ||
		    SSL_CTX_set_ciphersuites(ctx, cs) != 1)
			msg_warnx("STARTTLS=server, error: "
			    "SSL_CTX_set_ciphersuites(%s) failed, list ignored: "
			    "%s", cs, tls_ssl_why());
	}
	SSL_CTX_free(try);
}

/* tls_server_new - the context, or NULL when TLS cannot be offered */
struct tls_server *
tls_server_new(const struct options *o, struct buf *why)
{
	static const unsigned char sid_ctx[] = "tern-smtpd";
	struct tls_server *srv;
	SSL_CTX *ctx;
	const char *fpa = o->cert_fingerprint_algorithm;

	ctx = SSL_CTX_new(TLS_server_method());
	if (ctx == NULL) {
		if (why != NULL)
			buf_addf(why, "STARTTLS=server, error: %s",
			    tls_ssl_why());
		return NULL;
	}
	/*
	 * sendmail's default is SSL_OP_ALL; tern adds no renegotiation:
	 * the identity recorded in ${verify} must not change under the
	 * session (and it costs the server CPU).  -SSL_OP_NO_RENEGOTIATION
	 * in ServerSSLOptions takes it back.
	 */
	SSL_CTX_set_options(ctx, SSL_OP_ALL | SSL_OP_NO_RENEGOTIATION);
	tls_sslopt_apply(ctx, &o->server_ssl_options);
	/* idle sessions keep no record buffers */
	SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
	if (!o->tls_srv_no_cert || (o->server_cert_file != NULL &&
	    *o->server_cert_file != '\0')) {
		if (!srv_load_cert(ctx, o, why)) {
			SSL_CTX_free(ctx);
			return NULL;
		}
	}
	tls_store_load(ctx, o->ca_cert_file, o->ca_cert_path, o->crl_file,
	    o->crl_path);
	if (SSL_CTX_set_session_id_context(ctx, sid_ctx,
	    sizeof sid_ctx - 1) != 1) {
		if (why != NULL)
			buf_addf(why, "STARTTLS=server, error: %s",
			    tls_ssl_why());
		SSL_CTX_free(ctx);
		return NULL;
	}
	if (o->tls_srv_no_verify)
		SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
	else
		SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER |
		    SSL_VERIFY_CLIENT_ONCE, srv_verify_cb);
	srv_ciphers(ctx, o);
	tls_dh_apply(ctx, o->dh_parameters);

	srv = xcalloc(1, sizeof *srv);
	srv->ctx = ctx;
	srv->no_verify = o->tls_srv_no_verify;
	srv->fp_md = EVP_md5();
	if (fpa != NULL && *fpa != '\0') {
		const EVP_MD *md = EVP_get_digestbyname(fpa);

		if (md != NULL) {
			srv->fp_md = md;
			srv->fp_named = true;
		} else
			msg_warnx("STARTTLS=server, error: digest %s not "
			    "found, md5 used", fpa);
	}
	ERR_clear_error();
	return srv;
}

/* tls_server_free - connections keep their own reference to the ctx */
void
tls_server_free(struct tls_server *srv)
{
	if (srv == NULL)
		return;
	SSL_CTX_free(srv->ctx);
	free(srv);
}
