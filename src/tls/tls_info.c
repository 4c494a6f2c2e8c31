/*
 * tls_info.c - what a finished handshake tells the rulesets: sendmail
 * 8.17's ${verify}, ${cert_subject}, ${cn_subject}, ${cert_md5} ...
 * formatted as sendmail formats them.
 */
#include "tls/tls_int.h"

#include <openssl/evp.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <string.h>

/* tls_xtext - sendmail's xtextify(s, "<>\")"): odd bytes as +XX */
void
tls_xtext(const char *s, char *out, size_t outsize)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)s;
	size_t o = 0;

	if (outsize == 0)
		return;
	for (; *p != '\0'; p++) {
		unsigned c = *p;

		if (c < '!' || c > '~' || strchr("+\\(<>\")", (int)c) != NULL) {
			if (o + 3 >= outsize)
				break;
			out[o++] = '+';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 0xf];
		} else {
			if (o + 1 >= outsize)
				break;
			out[o++] = (char)c;
		}
	}
	out[o] = '\0';
}

/* tls_name_match - exact length, no NUL, ASCII case folded */
bool
tls_name_match(const unsigned char *name, size_t n, const char *want)
{
	size_t i;

	if (name == NULL || want == NULL || strlen(want) != n ||
	    memchr(name, '\0', n) != NULL)
		return false;
	for (i = 0; i < n; i++) {
		unsigned a = name[i], b = (unsigned char)want[i];

		if (a >= 'A' && a <= 'Z')
			a += 'a' - 'A';
		if (b >= 'A' && b <= 'Z')
			b += 'a' - 'A';
		if (a != b)
			return false;
	}
	return true;
}

/* info_dn - X509_NAME_oneline in sendmail's MAXNAME buffer, xtext'd */
static void
info_dn(X509_NAME *name, char *out, size_t outsize)
{
	char line[TLS_NAME_MAX];

	if (name == NULL || X509_NAME_oneline(name, line, sizeof line) ==
	    NULL)
		line[0] = '\0';
	tls_xtext(line, out, outsize);
}

/*
 * info_cn - the first CN, as sendmail takes it (raw bytes of the entry,
 * at most MAXNAME - 1): a CN holding a NUL must never pass for the text
 * before the NUL.
 */
static void
info_cn(X509_NAME *name, char *out, size_t outsize)
{
	char line[TLS_NAME_MAX];
	int i = name != NULL ?
	    X509_NAME_get_index_by_NID(name, NID_commonName, -1) : -1;
	const ASN1_STRING *d = NULL;
	int len;

	if (i >= 0)
		d = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i));
	if (d == NULL || (len = ASN1_STRING_length(d)) < 0) {
		snprintf(out, outsize, "BadCertificateUnknown");
		return;
	}
	if ((size_t)len >= sizeof line - 1) {
		snprintf(out, outsize, "BadCertificateTooLong");
		return;
	}
	if (memchr(ASN1_STRING_get0_data(d), '\0', (size_t)len) != NULL) {
		snprintf(out, outsize, "BadCertificateContainsNUL");
		return;
	}
	memcpy(line, ASN1_STRING_get0_data(d), (size_t)len);
	line[len] = '\0';
	tls_xtext(line, out, outsize);
}

/* info_fp - "AB:CD:..." of the whole certificate */
static void
info_fp(X509 *cert, const EVP_MD *md, char *out, size_t outsize)
{
	static const char hex[] = "0123456789ABCDEF";
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned n = 0, i;
	size_t o = 0;

	out[0] = '\0';
	if (md == NULL || X509_digest(cert, md, d, &n) != 1 || n == 0)
		return;
	for (i = 0; i < n && o + 3 < outsize; i++) {
		if (i > 0)
			out[o++] = ':';
		out[o++] = hex[d[i] >> 4];
		out[o++] = hex[d[i] & 0xf];
	}
	out[o] = '\0';
}

/* tls_conn_info - the macro values of a finished handshake */
void
tls_conn_info(const struct tls_conn *c, struct tls_info *info)
{
	SSL *ssl = tls_conn_ssl(c);
	const SSL_CIPHER *ci = SSL_get_current_cipher(ssl);
	const char *v = SSL_get_version(ssl);
	bool named, no_verify;
	const EVP_MD *md = tls_conn_fp(c, &named, &no_verify);
	X509 *cert;

	memset(info, 0, sizeof *info);
	info->fp_macro = named ? "cert_fp" : "cert_md5";
	snprintf(info->version, sizeof info->version, "%s",
	    v != NULL ? v : "UNKNOWN");
	if (ci != NULL) {
		snprintf(info->cipher, sizeof info->cipher, "%s",
		    SSL_CIPHER_get_name(ci));
		info->cipher_bits = SSL_CIPHER_get_bits(ci, &info->alg_bits);
	}
	cert = tls_conn_done(c) ? SSL_get1_peer_certificate(ssl) : NULL;
	if (cert == NULL) {
		snprintf(info->verify, sizeof info->verify, "%s",
		    no_verify ? "NOT" : "NO");
		return;
	}
	info->has_cert = true;
	snprintf(info->verify, sizeof info->verify, "%s",
	    SSL_get_verify_result(ssl) == X509_V_OK ? "OK" : "FAIL");
	info_dn(X509_get_subject_name(cert), info->cert_subject,
	    sizeof info->cert_subject);
	info_dn(X509_get_issuer_name(cert), info->cert_issuer,
	    sizeof info->cert_issuer);
	info_cn(X509_get_subject_name(cert), info->cn_subject,
	    sizeof info->cn_subject);
	info_cn(X509_get_issuer_name(cert), info->cn_issuer,
	    sizeof info->cn_issuer);
	info_fp(cert, md, info->cert_fp, sizeof info->cert_fp);
	X509_free(cert);
}

/* tls_info_macros - hand each macro to the caller's setter */
void
tls_info_macros(const struct tls_info *info,
    void (*set)(void *ctx, const char *name, const char *value), void *ctx)
{
	char n[16];

	set(ctx, "verify", info->verify);
	set(ctx, "tls_version", info->version);
	set(ctx, "cipher", info->cipher);
	snprintf(n, sizeof n, "%d", info->cipher_bits);
	set(ctx, "cipher_bits", n);
	snprintf(n, sizeof n, "%d", info->alg_bits);
	set(ctx, "alg_bits", n);
	set(ctx, "cert_subject", info->cert_subject);
	set(ctx, "cert_issuer", info->cert_issuer);
	set(ctx, "cn_subject", info->cn_subject);
	set(ctx, "cn_issuer", info->cn_issuer);
	set(ctx, info->fp_macro != NULL ? info->fp_macro : "cert_md5",
	    info->cert_fp);
}
