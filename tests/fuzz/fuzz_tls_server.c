/*
 * fuzz_tls_server.c - arbitrary bytes as the client's ciphertext into a
 * server-side handshake.  The first byte picks how the rest is cut into
 * feeds (1..256 bytes each), so record and message boundaries move.
 * Nothing may crash, leak or read out of bounds; a failed connection
 * stays failed.  The names of the data also go through tls_xtext and
 * tls_name_match.
 *
 * The context is built once from a key and self-signed certificate
 * made in memory, written to a mkdtemp directory next to the binary
 * (build/) and removed again at once: tls_server_new keeps everything
 * in memory, as the front end relies on after dropping root.
 */
#include "tls/tls_server.h"

#include <limits.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cf/option.h"

static struct tls_server *srv;

/* write_pem - the key (0600) or the certificate; false on failure */
static bool
write_pem(const char *path, EVP_PKEY *key, X509 *x)
{
	FILE *f = fopen(path, "w");
	bool ok;

	if (f == NULL)
		return false;
	(void)fchmod(fileno(f), 0600);
	ok = key != NULL ? PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL,
	    NULL) == 1 : PEM_write_X509(f, x) == 1;
	return fclose(f) == 0 && ok;
}

/* make_server - key, certificate, context; exits on failure */
static void
make_server(void)
{
	char exe[PATH_MAX], dir[PATH_MAX + 32], cert[PATH_MAX + 64],
	    key[PATH_MAX + 64];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	char *slash;
	EVP_PKEY *pk = EVP_EC_gen("P-256");
	X509 *x = X509_new();
	struct options o;
	struct buf w = BUF_INIT;

	if (n <= 0 || pk == NULL || x == NULL)
		abort();
	exe[n] = '\0';
	/* build/fuzz/NAME -> build/ */
	if ((slash = strrchr(exe, '/')) != NULL)
		*slash = '\0';
	if ((slash = strrchr(exe, '/')) != NULL)
		*slash = '\0';
	snprintf(dir, sizeof dir, "%s/fuzz-tls.XXXXXX", exe);
	if (mkdtemp(dir) == NULL)
		abort();
	snprintf(cert, sizeof cert, "%s/cert.pem", dir);
	snprintf(key, sizeof key, "%s/key.pem", dir);
	ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
	X509_gmtime_adj(X509_getm_notBefore(x), 0);
	X509_gmtime_adj(X509_getm_notAfter(x), 86400);
	X509_set_pubkey(x, pk);
	X509_NAME_add_entry_by_NID(X509_get_subject_name(x), NID_commonName,
	    MBSTRING_ASC, (const unsigned char *)"fuzz.example", -1, -1, 0);
	X509_set_issuer_name(x, X509_get_subject_name(x));
	if (X509_sign(x, pk, EVP_sha256()) == 0 || !write_pem(key, pk, NULL) ||
	    !write_pem(cert, NULL, x))
		abort();
	option_init(&o);
	option_set(&o, "ServerCertFile", cert, 0, &w);
	option_set(&o, "ServerKeyFile", key, 0, &w);
	srv = tls_server_new(&o, &w);
	unlink(cert);
	unlink(key);
	rmdir(dir);
	if (srv == NULL) {
		fprintf(stderr, "fuzz_tls_server: %s\n", buf_str(&w));
		abort();
	}
	option_free(&o);
	buf_free(&w);
	EVP_PKEY_free(pk);
	X509_free(x);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tls_conn *c;
	struct buf out = BUF_INIT, plain = BUF_INIT;
	enum tls_status st = TLS_WANT_MORE;
	size_t step, off = 1;
	char x[64];

	if (srv == NULL)
		make_server();
	if (size == 0)
		return 0;
	step = (size_t)data[0] + 1;
	c = tls_conn_new(srv);
	while (off < size) {
		size_t k = size - off < step ? size - off : step;

		tls_conn_feed_cipher(c, data + off, k);
		off += k;
		if (st == TLS_WANT_MORE) {
			st = tls_conn_handshake(c);
			if (st == TLS_DONE)
				st = tls_conn_read_plain(c, &plain);
		} else if (st == TLS_DONE)
			st = tls_conn_read_plain(c, &plain);
		(void)tls_conn_take_cipher(c, &out);
		if (st == TLS_FAILED) {
			/* dead stays dead */
			if (tls_conn_handshake(c) != TLS_FAILED ||
			    tls_conn_error(c)[0] == '\0')
				abort();
			break;
		}
	}
	if (tls_conn_done(c))
		(void)tls_conn_shutdown(c);
	(void)tls_conn_take_cipher(c, &out);
	tls_conn_free(c);

	/* the name helpers on the same bytes */
	{
		char *s = strndup((const char *)data, size > 200 ? 200 : size);

		if (s == NULL)
			abort();
		tls_xtext(s, x, sizeof x);
		if (strlen(x) >= sizeof x)
			abort();
		if (memchr(data, '\0', size) != NULL &&
		    tls_name_match(data, size, s))
			abort();
		free(s);
	}
	buf_free(&out);
	buf_free(&plain);
	return 0;
}
