/* smtpc_tls.c - STARTTLS on the client side: the OpenSSL context, the
 * handshake under a deadline, and ${verify} as sendmail records it */
#include "smtpc/smtpc_int.h"

#include <openssl/err.h>
#include <openssl/x509.h>
#include <poll.h>
#include <string.h>

#include "tls/tls_server.h"
#include "util/log.h"
#include "util/msg.h"

/* smtpc_tls_key_safe - sendmail's check of the key file (tls_key_safe:
 * owned by root or us, never for others, for the group only if allowed) */
bool
smtpc_tls_key_safe(const char *path, bool group_ok, const char **why)
{
	return tls_key_safe(path, group_ok, why);
}

static const char *
ssl_why(void)
{
	unsigned long e = ERR_get_error();
	const char *s = e != 0 ? ERR_reason_error_string(e) : NULL;

	ERR_clear_error();
	return s != NULL ? s : "unknown error";
}

/* the client's certificate: false leaves ctx unusable for it */
static bool
tls_load_cert(SSL_CTX *ctx, const struct smtpc_job *j)
{
	const char *why;

	/* sendmail logs it (LOG_WARNING) and goes on without the
	 * certificate; the caller is told too, as before */
	if (!smtpc_tls_key_safe(j->tls_key_file, j->tls_key_group_ok, &why)) {
		log_line(LOG_WARNING, "STARTTLS=client: file %s unsafe: %s",
		    j->tls_key_file, why);
		msg_warnx("STARTTLS=client: file %s unsafe: %s, no client "
		    "certificate", j->tls_key_file, why);
		return false;
	}
	if (SSL_CTX_use_certificate_chain_file(ctx, j->tls_cert_file) != 1 ||
	    SSL_CTX_use_PrivateKey_file(ctx, j->tls_key_file,
	    SSL_FILETYPE_PEM) != 1 || SSL_CTX_check_private_key(ctx) != 1) {
		why = ssl_why();
		log_line(LOG_WARNING, "STARTTLS=client, error: cannot use "
		    "%s / %s: %s", j->tls_cert_file, j->tls_key_file, why);
		msg_warnx("STARTTLS=client: cannot use %s / %s: %s",
		    j->tls_cert_file, j->tls_key_file, why);
		return false;
	}
	return true;
}

static SSL_CTX *
tls_new(const struct smtpc_job *j)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());

	if (ctx == NULL) {
		msg_warnx("STARTTLS=client: %s", ssl_why());
		return NULL;
	}
	/* opportunistic: the handshake never fails on verification;
	 * the outcome is recorded as ${verify} instead */
	SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
	if ((j->tls_ca_file != NULL || j->tls_ca_path != NULL) &&
	    SSL_CTX_load_verify_locations(ctx, j->tls_ca_file,
	    j->tls_ca_path) != 1)
		msg_warnx("STARTTLS=client: CA %s%s%s: %s",
		    j->tls_ca_file ? j->tls_ca_file : "",
		    j->tls_ca_file && j->tls_ca_path ? ", " : "",
		    j->tls_ca_path ? j->tls_ca_path : "", ssl_why());
	return ctx;
}

SSL_CTX *
smtpc_tls_lazy_get(struct smtpc_tls_lazy *lz)
{
	if (!lz->tried) {
		lz->tried = true;
		lz->ctx = smtpc_tls_ctx(lz->j);
	}
	return lz->ctx;
}

/* smtpc_tls_ctx - a client context for the job */
SSL_CTX *
smtpc_tls_ctx(const struct smtpc_job *j)
{
	SSL_CTX *ctx = tls_new(j);

	if (ctx == NULL || j->tls_cert_file == NULL || j->tls_key_file == NULL)
		return ctx;
	if (tls_load_cert(ctx, j))
		return ctx;
	/* a half-loaded certificate must not be offered: start afresh */
	SSL_CTX_free(ctx);
	return tls_new(j);
}

/* smtpc_tls_start - the handshake; ${verify}, cipher, version */
int
smtpc_tls_start(struct smtpc_conn *c, SSL_CTX *ctx, const char *sni,
    long timeout, struct smtpc_result *res)
{
	long long deadline = smtpc_now_ms() + (timeout > 0 ? timeout : 3600) *
	    1000LL;
	X509 *peer;
	long v;

	c->ssl = SSL_new(ctx);
	if (c->ssl == NULL || SSL_set_fd(c->ssl, c->fd) != 1) {
		snprintf(c->err, sizeof c->err, "TLS: %s", ssl_why());
		snprintf(res->verify, sizeof res->verify, "SOFTWARE");
		goto fail;
	}
	if (sni != NULL && SSL_set_tlsext_host_name(c->ssl, sni) != 1)
		ERR_clear_error();	/* SNI is a courtesy */
	for (;;) {
		int r = SSL_connect(c->ssl);
		short want;

		if (r == 1)
			break;
		switch (SSL_get_error(c->ssl, r)) {
		case SSL_ERROR_WANT_READ:
			want = POLLIN;
			break;
		case SSL_ERROR_WANT_WRITE:
			want = POLLOUT;
			break;
		default:
			snprintf(c->err, sizeof c->err,
			    "STARTTLS: handshake failed: %s", ssl_why());
			snprintf(res->verify, sizeof res->verify, "PROTOCOL");
			goto fail;
		}
		if (smtpc_conn_wait(c, want, deadline) <= 0) {
			snprintf(res->verify, sizeof res->verify, "TEMP");
			goto fail;
		}
	}
	peer = SSL_get1_peer_certificate(c->ssl);
	v = SSL_get_verify_result(c->ssl);
	snprintf(res->verify, sizeof res->verify, "%s",
	    peer == NULL ? "NO" : v == X509_V_OK ? "OK" : "FAIL");
	X509_free(peer);
	smtpc_set_text(&res->tls_version, SSL_get_version(c->ssl));
	smtpc_set_text(&res->cipher, SSL_get_cipher_name(c->ssl));
	res->cipher_bits = SSL_get_cipher_bits(c->ssl, NULL);
	if (c->verbose != NULL)
		fprintf(c->verbose, "--- STARTTLS: %s %s, verify=%s\n",
		    res->tls_version, res->cipher, res->verify);
	return 0;
fail:
	if (c->ssl != NULL) {
		SSL_free(c->ssl);
		c->ssl = NULL;
	}
	return -1;
}
