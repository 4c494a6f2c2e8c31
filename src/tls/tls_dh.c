/*
 * tls_dh.c - DHParameters: sendmail's keywords or a PEM file.
 *
 * sendmail 8.17: "5" precomputed 512 bit, "1" generate 1024, "2"
 * generate 2048, "i" its included 2048-bit prime (the default), "none"
 * no DH, else a file name.  tern never generates primes at start-up
 * (slow, and OpenSSL 3 refuses groups below 2048 bits at the usual
 * security level anyway): every keyword but "none" uses OpenSSL's
 * built-in RFC 7919/3526 groups sized to the certificate's key, which
 * is what "i" meant.  XXX "5" and "1" are thus stronger than asked.
 */
#include "tls/tls_int.h"

#include <openssl/pem.h>
#include <string.h>
#include <strings.h>

#include "util/msg.h"

/* dh_file - parameters from a PEM file; false if unusable */
static bool
dh_file(SSL_CTX *ctx, const char *path)
{
	BIO *bio = BIO_new_file(path, "r");
	EVP_PKEY *pk;

	if (bio == NULL) {
		msg_warnx("STARTTLS=server, error: cannot read DH parameters"
		    "(%s): %s", path, tls_ssl_why());
		return false;
	}
	pk = PEM_read_bio_Parameters(bio, NULL);
	BIO_free(bio);
	if (pk == NULL || !EVP_PKEY_is_a(pk, "DH")) {
		msg_warnx("STARTTLS=server, error: cannot read DH parameters"
		    "(%s): %s", path, pk == NULL ? tls_ssl_why() :
		    "not DH parameters");
		EVP_PKEY_free(pk);
		return false;
	}
	/* set0 takes pk on success only */
	if (SSL_CTX_set0_tmp_dh_pkey(ctx, pk) != 1) {
		msg_warnx("STARTTLS=server, error: DH parameters(%s) "
		    "refused: %s", path, tls_ssl_why());
		EVP_PKEY_free(pk);
		return false;
	}
	return true;
}

/* tls_dh_apply - DHParameters into ctx; a bad value means no DH */
void
tls_dh_apply(SSL_CTX *ctx, const char *spec)
{
	if (spec == NULL || *spec == '\0')
		spec = "i";
	if (strcasecmp(spec, "none") == 0)
		return;		/* no temporary DH: no DHE suites */
	if (spec[0] == '/') {
		if (!dh_file(ctx, spec))
			msg_warnx("STARTTLS=server, status=failed to "
			    "initialize DH parameters, DHE suites disabled");
		return;
	}
	if (strchr("512iI", spec[0]) != NULL) {
		if (SSL_CTX_set_dh_auto(ctx, 1) != 1)
			msg_warnx("STARTTLS=server: built-in DH parameters: %s",
			    tls_ssl_why());
		return;
	}
	msg_warnx("STARTTLS=server, error: illegal value '%s' for "
	    "DHParameters", spec);
}
