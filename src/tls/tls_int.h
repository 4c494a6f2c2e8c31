/* tls_int.h - what the files of src/tls share; not for other modules */
#ifndef TERN_TLS_INT_H
#define TERN_TLS_INT_H

#include <openssl/ssl.h>
#include <stdbool.h>

#include "cf/option.h"
#include "tls/tls_server.h"

struct tls_server {
	SSL_CTX *ctx;
	bool no_verify;		/* TLSSrvOptions V: no client cert asked */
	const EVP_MD *fp_md;	/* CertFingerprintAlgorithm, md5 if unset */
	bool fp_named;		/* ... was set: ${cert_fp}, else ${cert_md5} */
};

/* tls_dh_apply - DHParameters into ctx (warns, never fails) */
void tls_dh_apply(SSL_CTX *, const char *spec);

/* tls_sslopt_apply - ServerSSLOptions' +/- words onto ctx */
void tls_sslopt_apply(SSL_CTX *, const struct option_sslopts *);

/* tls_store_load - CACertFile, CACertPath, CRLFile, CRLPath into ctx */
void tls_store_load(SSL_CTX *, const char *cafile, const char *capath,
    const char *crlfile, const char *crlpath);

/* tls_conn_ssl - the connection's SSL object (tls_info.c) */
SSL *tls_conn_ssl(const struct tls_conn *);

/* tls_conn_fp - fingerprint digest, ${cert_fp} or not, TLSSrvOptions V */
const EVP_MD *tls_conn_fp(const struct tls_conn *, bool *named,
    bool *no_verify);

/* tls_ssl_why - the first queued OpenSSL error as text; clears the queue */
const char *tls_ssl_why(void);

#endif
