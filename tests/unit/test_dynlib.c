/*
 * test_dynlib.c - the OpenSSL and SASL stubs: nothing is loaded before
 * the first call, each library is loaded by its first function, and the
 * calls reach the real functions.  Built without -lssl/-lcrypto/-lsasl2
 * (see the Makefile): this is what the sendmail binary does.
 */
#include "t.h"
#include "util/dynlib.h"

#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <sasl/saslutil.h>
#include <string.h>

int
main(void)
{
	unsigned char raw[16];
	char b64[16];
	unsigned int n = 0;
	SSL_CTX *ctx;

	T_CHECK(!dynlib_loaded(DYNLIB_SSL));
	T_CHECK(!dynlib_loaded(DYNLIB_CRYPTO));
	T_CHECK(!dynlib_loaded(DYNLIB_SASL));

	/* libcrypto alone (authinfo's base64) */
	T_INTEQ(EVP_DecodeBlock(raw, (const unsigned char *)"dGVybg==", 8), 6);
	T_CHECK(memcmp(raw, "tern", 4) == 0);
	T_CHECK(dynlib_loaded(DYNLIB_CRYPTO));
	T_CHECK(!dynlib_loaded(DYNLIB_SSL));

	ctx = SSL_CTX_new(TLS_client_method());
	T_CHECK(ctx != NULL);
	T_CHECK(dynlib_loaded(DYNLIB_SSL));
	/* a macro over SSL_CTX_ctrl */
	T_CHECK(SSL_CTX_set_mode(ctx, SSL_MODE_AUTO_RETRY) & SSL_MODE_AUTO_RETRY);
	SSL_CTX_free(ctx);

	T_CHECK(!dynlib_loaded(DYNLIB_SASL));
	T_INTEQ(sasl_encode64("tern", 4, b64, sizeof(b64), &n), SASL_OK);
	T_STREQ(b64, "dGVybg==");
	T_CHECK(dynlib_loaded(DYNLIB_SASL));
	T_DONE();
}
