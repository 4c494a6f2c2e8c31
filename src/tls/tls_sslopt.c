/* tls_sslopt.c - ServerSSLOptions: SSL_OP_* names and numbers */
#include "tls/tls_int.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <strings.h>

#include "util/msg.h"

/* names the option reader accepts; 0 where OpenSSL 3 dropped the flag */
static const struct {
	const char *name;
	uint64_t op;
} sslopt_tab[] = {
	{ "SSL_OP_MICROSOFT_SESS_ID_BUG", 0 },
	{ "SSL_OP_NETSCAPE_CHALLENGE_BUG", 0 },
	{ "SSL_OP_LEGACY_SERVER_CONNECT", SSL_OP_LEGACY_SERVER_CONNECT },
	{ "SSL_OP_NETSCAPE_REUSE_CIPHER_CHANGE_BUG", 0 },
	{ "SSL_OP_SSLREF2_REUSE_CERT_TYPE_BUG", 0 },
	{ "SSL_OP_MICROSOFT_BIG_SSLV3_BUFFER", 0 },
	{ "SSL_OP_MSIE_SSLV2_RSA_PADDING", 0 },
	{ "SSL_OP_SSLEAY_080_CLIENT_DH_BUG", 0 },
	{ "SSL_OP_TLS_D5_BUG", 0 },
	{ "SSL_OP_TLS_BLOCK_PADDING_BUG", 0 },
	{ "SSL_OP_DONT_INSERT_EMPTY_FRAGMENTS",
	    SSL_OP_DONT_INSERT_EMPTY_FRAGMENTS },
	{ "SSL_OP_ALL", SSL_OP_ALL },
	{ "SSL_OP_NO_QUERY_MTU", SSL_OP_NO_QUERY_MTU },
	{ "SSL_OP_COOKIE_EXCHANGE", SSL_OP_COOKIE_EXCHANGE },
	{ "SSL_OP_NO_TICKET", SSL_OP_NO_TICKET },
	{ "SSL_OP_CISCO_ANYCONNECT", SSL_OP_CISCO_ANYCONNECT },
	{ "SSL_OP_NO_SESSION_RESUMPTION_ON_RENEGOTIATION",
	    SSL_OP_NO_SESSION_RESUMPTION_ON_RENEGOTIATION },
	{ "SSL_OP_NO_COMPRESSION", SSL_OP_NO_COMPRESSION },
	{ "SSL_OP_ALLOW_UNSAFE_LEGACY_RENEGOTIATION",
	    SSL_OP_ALLOW_UNSAFE_LEGACY_RENEGOTIATION },
	{ "SSL_OP_SINGLE_ECDH_USE", 0 },
	{ "SSL_OP_SINGLE_DH_USE", 0 },
	{ "SSL_OP_EPHEMERAL_RSA", 0 },
	{ "SSL_OP_CIPHER_SERVER_PREFERENCE", SSL_OP_CIPHER_SERVER_PREFERENCE },
	{ "SSL_OP_TLS_ROLLBACK_BUG", SSL_OP_TLS_ROLLBACK_BUG },
	{ "SSL_OP_NO_SSLv2", 0 },
	{ "SSL_OP_NO_SSLv3", SSL_OP_NO_SSLv3 },
	{ "SSL_OP_NO_TLSv1", SSL_OP_NO_TLSv1 },
	{ "SSL_OP_NO_TLSv1_3", SSL_OP_NO_TLSv1_3 },
	{ "SSL_OP_NO_TLSv1_2", SSL_OP_NO_TLSv1_2 },
	{ "SSL_OP_NO_TLSv1_1", SSL_OP_NO_TLSv1_1 },
	{ "SSL_OP_PKCS1_CHECK_1", 0 },
	{ "SSL_OP_PKCS1_CHECK_2", 0 },
	{ "SSL_OP_NETSCAPE_CA_DN_BUG", 0 },
	{ "SSL_OP_NETSCAPE_DEMO_CIPHER_CHANGE_BUG", 0 },
	{ "SSL_OP_CRYPTOPRO_TLSEXT_BUG", SSL_OP_CRYPTOPRO_TLSEXT_BUG },
	{ "SSL_OP_TLSEXT_PADDING", SSL_OP_TLSEXT_PADDING },
	{ "SSL_OP_NO_RENEGOTIATION", SSL_OP_NO_RENEGOTIATION },
	{ "SSL_OP_NO_ANTI_REPLAY", SSL_OP_NO_ANTI_REPLAY },
	{ "SSL_OP_ALLOW_NO_DHE_KEX", SSL_OP_ALLOW_NO_DHE_KEX },
	{ "SSL_OP_NO_ENCRYPT_THEN_MAC", SSL_OP_NO_ENCRYPT_THEN_MAC },
	{ "SSL_OP_PRIORITIZE_CHACHA", SSL_OP_PRIORITIZE_CHACHA },
	{ "SSL_OP_ENABLE_MIDDLEBOX_COMPAT", SSL_OP_ENABLE_MIDDLEBOX_COMPAT },
};

/* sslopt_value - one word's bits; false if neither a name nor a number */
static bool
sslopt_value(const char *w, uint64_t *op)
{
	size_t i;

	if (isdigit((unsigned char)w[0])) {
		char *end;
		unsigned long long v;

		errno = 0;
		v = strtoull(w, &end, 0);	/* sendmail: strtol base 0 */
		if (errno != 0 || *end != '\0')
			return false;
		*op = v;
		return true;
	}
	for (i = 0; i < sizeof sslopt_tab / sizeof sslopt_tab[0]; i++)
		if (strcasecmp(sslopt_tab[i].name, w) == 0) {
			*op = sslopt_tab[i].op;
			return true;
		}
	return false;
}

/* tls_sslopt_apply - set the + words, then clear the - words */
void
tls_sslopt_apply(SSL_CTX *ctx, const struct option_sslopts *o)
{
	uint64_t op;
	size_t i;

	for (i = 0; i < o->set.n; i++) {
		if (sslopt_value(o->set.v[i], &op))
			SSL_CTX_set_options(ctx, op);
		else
			msg_warnx("STARTTLS=server: ServerSSLOptions %s "
			    "unknown, ignored", o->set.v[i]);
	}
	for (i = 0; i < o->clear.n; i++) {
		if (sslopt_value(o->clear.v[i], &op))
			SSL_CTX_clear_options(ctx, op);
		else
			msg_warnx("STARTTLS=server: ServerSSLOptions -%s "
			    "unknown, ignored", o->clear.v[i]);
	}
}
