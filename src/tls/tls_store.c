/*
 * tls_store.c - the trust store: CACertFile, CACertPath, CRLFile,
 * CRLPath, all read into memory now.
 *
 * OpenSSL's hashed-directory lookup reads CACertPath lazily, during a
 * verification: after the front end has dropped root (and maybe
 * chrooted) that could fail or read other files than at start-up.  So
 * every file of the directories is loaded at once instead.
 */
#include "tls/tls_int.h"

#include <dirent.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <stdio.h>
#include <sys/stat.h>

#include "util/buf.h"
#include "util/msg.h"

/* store_file - certificates and CRLs of one PEM file; how many */
static int
store_file(X509_STORE *st, const char *path)
{
	X509_LOOKUP *lu = X509_STORE_add_lookup(st, X509_LOOKUP_file());
	int n;

	if (lu == NULL)
		return 0;
	n = X509_load_cert_crl_file(lu, path, X509_FILETYPE_PEM);
	ERR_clear_error();
	return n > 0 ? n : 0;
}

/* store_dir - every regular file of dir; how many objects */
static int
store_dir(X509_STORE *st, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	struct buf path = BUF_INIT;
	int n = 0;

	if (d == NULL) {
		msg_warn("STARTTLS=server: cannot open %s", dir);
		return 0;
	}
	while ((de = readdir(d)) != NULL) {
		struct stat sb;

		if (de->d_name[0] == '.')
			continue;
		buf_reset(&path);
		buf_addf(&path, "%s/%s", dir, de->d_name);
		/* hash links point at files also listed: duplicates are
		 * ignored by the store */
		if (stat(path.data, &sb) < 0 || !S_ISREG(sb.st_mode))
			continue;
		n += store_file(st, path.data);
	}
	closedir(d);
	buf_free(&path);
	return n;
}

/* tls_store_load - the CAs (and the names sent to clients), the CRLs */
void
tls_store_load(SSL_CTX *ctx, const char *cafile, const char *capath,
    const char *crlfile, const char *crlpath)
{
	X509_STORE *st = SSL_CTX_get_cert_store(ctx);
	int ncrl = 0;

	if (cafile != NULL && *cafile != '\0') {
		STACK_OF(X509_NAME) *names;

		if (store_file(st, cafile) == 0)
			msg_warnx("STARTTLS=server, error: load verify locs "
			    "%s failed", cafile);
		/* the CA names a client may choose its certificate by */
		names = SSL_load_client_CA_file(cafile);
		if (names != NULL)
			SSL_CTX_set_client_CA_list(ctx, names);
		ERR_clear_error();
	}
	if (capath != NULL && *capath != '\0')
		(void)store_dir(st, capath);
	if (crlfile != NULL && *crlfile != '\0') {
		ncrl += store_file(st, crlfile);
		if (ncrl == 0)
			msg_warnx("STARTTLS=server, error: cannot load CRL "
			    "%s", crlfile);
	}
	if (crlpath != NULL && *crlpath != '\0')
		ncrl += store_dir(st, crlpath);
	/* checked for the client's own certificate; a CA without a CRL
	 * is let through by the verify callback (sendmail's default) */
	if (ncrl > 0)
		X509_STORE_set_flags(st, X509_V_FLAG_CRL_CHECK);
}
