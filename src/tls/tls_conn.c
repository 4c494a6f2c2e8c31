/*
 * tls_conn.c - one server-side TLS connection over two memory BIOs:
 * rbio holds the peer's ciphertext we were fed, wbio what we must send.
 * Nothing here reads or writes a file descriptor.
 */
#include "tls/tls_int.h"

#include <limits.h>
#include <openssl/err.h>
#include <stdio.h>
#include <stdlib.h>

#include "util/msg.h"

struct tls_conn {
	SSL *ssl;
	BIO *rbio, *wbio;	/* owned by ssl */
	bool done;		/* handshake complete */
	bool dead;		/* a fatal error was seen */
	int verify_first;	/* first chain error (srv_verify_cb) */
	bool no_verify;
	const EVP_MD *fp_md;
	bool fp_named;
	char err[256];
};

#define CHUNK	16384		/* one TLS record's plaintext */

/* tls_conn_new - SSL object and memory BIOs; panics on failure */
struct tls_conn *
tls_conn_new(struct tls_server *srv)
{
	struct tls_conn *c = xcalloc(1, sizeof *c);

	c->ssl = SSL_new(srv->ctx);
	c->rbio = BIO_new(BIO_s_mem());
	c->wbio = BIO_new(BIO_s_mem());
	if (c->ssl == NULL || c->rbio == NULL || c->wbio == NULL)
		msg_panic("tls_conn_new: %s", tls_ssl_why());
	/* an empty rbio means "want more", not end of file */
	BIO_set_mem_eof_return(c->rbio, -1);
	SSL_set_bio(c->ssl, c->rbio, c->wbio);
	SSL_set_accept_state(c->ssl);
	c->verify_first = X509_V_OK;
	SSL_set_app_data(c->ssl, &c->verify_first);
	c->no_verify = srv->no_verify;
	c->fp_md = srv->fp_md;
	c->fp_named = srv->fp_named;
	return c;
}

/* tls_conn_free - frees the SSL object and both BIOs */
void
tls_conn_free(struct tls_conn *c)
{
	if (c == NULL)
		return;
	SSL_free(c->ssl);
	free(c);
}

/* tls_conn_feed_cipher - into rbio in pieces BIO_write can count */
void
tls_conn_feed_cipher(struct tls_conn *c, const void *p, size_t n)
{
	const unsigned char *q = p;

	while (n > 0) {
		int k = n > INT_MAX / 2 ? INT_MAX / 2 : (int)n;
		int w = BIO_write(c->rbio, q, k);

		if (w <= 0)
			msg_panic("tls_conn_feed_cipher: %s", tls_ssl_why());
		q += w;
		n -= (size_t)w;
	}
}

/* tls_conn_take_cipher - drain wbio into out */
size_t
tls_conn_take_cipher(struct tls_conn *c, struct buf *out)
{
	size_t total = 0;
	size_t pend;

	while ((pend = BIO_ctrl_pending(c->wbio)) > 0) {
		size_t k = pend > CHUNK ? CHUNK : pend;
		int r;

		buf_reserve(out, k);
		r = BIO_read(c->wbio, out->data + out->len, (int)k);
		if (r <= 0)
			break;
		out->len += (size_t)r;
		out->data[out->len] = '\0';
		total += (size_t)r;
	}
	return total;
}

/* conn_fail - remember why; the connection is dead */
static enum tls_status
conn_fail(struct tls_conn *c, const char *what, int sslerr)
{
	unsigned long e = ERR_peek_error();
	char detail[200];

	if (e != 0) {
		const char *r = ERR_reason_error_string(e);

		if (r != NULL)
			snprintf(detail, sizeof detail, "%s", r);
		else
			ERR_error_string_n(e, detail, sizeof detail);
	} else if (sslerr == SSL_ERROR_ZERO_RETURN)
		snprintf(detail, sizeof detail, "peer closed");
	else
		snprintf(detail, sizeof detail, "SSL_error=%d", sslerr);
	ERR_clear_error();
	snprintf(c->err, sizeof c->err, "%s failed: %s", what, detail);
	c->dead = true;
	return TLS_FAILED;
}

/* tls_conn_handshake - SSL_do_handshake on what was fed */
enum tls_status
tls_conn_handshake(struct tls_conn *c)
{
	int r, e;

	if (c->dead)
		return TLS_FAILED;
	if (c->done)
		return TLS_DONE;
	ERR_clear_error();
	r = SSL_do_handshake(c->ssl);
	if (r == 1) {
		c->done = true;
		return TLS_DONE;
	}
	e = SSL_get_error(c->ssl, r);
	if (e == SSL_ERROR_WANT_READ)
		return TLS_WANT_MORE;
	/* WANT_WRITE cannot happen on a memory BIO: treat as fatal */
	return conn_fail(c, "handshake", e);
}

/* tls_conn_read_plain - every record that the fed bytes complete */
enum tls_status
tls_conn_read_plain(struct tls_conn *c, struct buf *out)
{
	if (c->dead || !c->done) {
		if (!c->dead)
			snprintf(c->err, sizeof c->err,
			    "read before the handshake");
		return TLS_FAILED;
	}
	ERR_clear_error();
	for (;;) {
		size_t got = 0;
		int e;

		buf_reserve(out, CHUNK);
		if (SSL_read_ex(c->ssl, out->data + out->len, CHUNK, &got)) {
			out->len += got;
			out->data[out->len] = '\0';
			continue;
		}
		out->data[out->len] = '\0';
		e = SSL_get_error(c->ssl, 0);
		if (e == SSL_ERROR_WANT_READ)
			return TLS_WANT_MORE;
		if (e == SSL_ERROR_ZERO_RETURN) {
			snprintf(c->err, sizeof c->err, "peer closed");
			return TLS_CLOSED;
		}
		return conn_fail(c, "read", e);
	}
}

/* tls_conn_write_plain - SSL_write_ex never blocks on a memory BIO */
enum tls_status
tls_conn_write_plain(struct tls_conn *c, const void *p, size_t n)
{
	const unsigned char *q = p;

	if (c->dead || !c->done) {
		if (!c->dead)
			snprintf(c->err, sizeof c->err,
			    "write before the handshake");
		return TLS_FAILED;
	}
	ERR_clear_error();
	while (n > 0) {
		size_t k = n > CHUNK ? CHUNK : n, w = 0;

		if (!SSL_write_ex(c->ssl, q, k, &w))
			return conn_fail(c, "write", SSL_get_error(c->ssl, 0));
		q += w;
		n -= w;
	}
	return TLS_DONE;
}

/* tls_conn_shutdown - our close_notify only */
enum tls_status
tls_conn_shutdown(struct tls_conn *c)
{
	int r;

	if (c->dead || !c->done)
		return TLS_FAILED;
	ERR_clear_error();
	r = SSL_shutdown(c->ssl);
	/* 0: sent ours, the peer's not seen yet; that is all we want */
	if (r >= 0)
		return TLS_DONE;
	return conn_fail(c, "shutdown", SSL_get_error(c->ssl, r));
}

/* tls_conn_error - the last failure's text */
const char *
tls_conn_error(const struct tls_conn *c)
{
	return c->err;
}

/* tls_conn_done - has the handshake completed */
bool
tls_conn_done(const struct tls_conn *c)
{
	return c->done && !c->dead;
}

/* tls_conn_ssl - for tls_info.c */
SSL *
tls_conn_ssl(const struct tls_conn *c)
{
	return c->ssl;
}

/* tls_conn_fp - the fingerprint digest and its macro's name */
const EVP_MD *
tls_conn_fp(const struct tls_conn *c, bool *named, bool *no_verify)
{
	*named = c->fp_named;
	*no_verify = c->no_verify;
	return c->fp_md;
}

/* tls_discard_plain - CVE-2011-0411: unprocessed clear text never counts */
size_t
tls_discard_plain(struct buf *pending)
{
	size_t n = pending->len;

	buf_reset(pending);
	return n;
}
