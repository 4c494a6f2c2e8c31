/*
 * tls_server - server-side TLS (STARTTLS and SMTPS), sans I/O.
 *
 * Two objects.  A struct tls_server is the OpenSSL context built once
 * from the options (certificate, key, CAs, CRLs, DH, ciphers, SSL
 * options); it is shared, read-only, by every session.  A struct
 * tls_conn is one connection's TLS state over memory BIOs: it never
 * touches a file descriptor, so the event loop owns the socket and the
 * fuzzer and the unit tests drive it directly.
 *
 * Privileges.  tls_server_new reads every file it will ever need (the
 * certificate chain, the key, CACertFile, each file in CACertPath,
 * CRLFile, each file in CRLPath, DHParameters) into memory at once, so
 * it must be called while still root, BEFORE the front end drops its
 * privileges (and before any chroot); nothing is read from disk later.
 * After a SIGHUP, build a new context in the privileged process.
 *
 * The key file is refused unless it is a regular file owned by root or
 * the effective uid, not writable by group or others, not readable by
 * others, and readable by group only with
 * DontBlameSendmail=GroupReadableKeyFile (sendmail's check).  A key or
 * certificate that cannot be used means no TLS: tls_server_new returns
 * NULL with the reason, and the caller sets
 *
 *	config.tls = srv != NULL ? SMTP_TLS_OFFER : SMTP_TLS_BROKEN;
 *
 * (STARTTLS is then not announced, and the command gets sendmail's
 * "454 4.3.3 TLS not available after start").  TLSSrvOptions=C allows a
 * context without a certificate.
 *
 * Driving a connection (STARTTLS):
 *
 *	act = smtp_server_input(s, ...) has SMTP_ACT_STARTTLS:
 *	  1. write out (the "220 2.0.0 Ready to start TLS") in clear;
 *	  2. DISCARD every input byte not yet given to the engine
 *	     (tls_discard_plain below; with an evbuffer:
 *	     evbuffer_drain(in, evbuffer_get_length(in))).  The engine has
 *	     already dropped what it was given after the STARTTLS line.
 *	     This is CVE-2011-0411: "STARTTLS\r\nRSET\r\n" in one packet
 *	     must never run RSET, neither before nor after the handshake;
 *	  3. c = tls_conn_new(srv); from now on every byte read from the
 *	     socket goes to tls_conn_feed_cipher, NEVER to the engine;
 *	  4. loop: r = tls_conn_handshake(c); tls_conn_take_cipher(c, &w)
 *	     and write w; on TLS_WANT_MORE wait for input (under the
 *	     engine's timeout), feed it, repeat; on end of input or
 *	     timeout the handshake failed;
 *	  5. act = smtp_server_tls_done(s, r == TLS_DONE, &out); on success
 *	     set the macros (tls_conn_info, tls_info_macros);
 *	  6. from now on: socket bytes -> tls_conn_feed_cipher ->
 *	     tls_conn_read_plain -> smtp_server_input, and engine output ->
 *	     tls_conn_write_plain -> tls_conn_take_cipher -> socket.  Call
 *	     tls_conn_read_plain once right after TLS_DONE without waiting
 *	     for the socket: the client's first command may have arrived
 *	     with its Finished message (that is legitimate: it was sent
 *	     encrypted, after the handshake).
 *
 *	SMTPS (a DaemonPortOptions M=s port): TLS from the first byte.
 *	tls_conn_new right after accept, steps 4 and 6 before
 *	smtp_server_start (the greeting goes out encrypted); there is no
 *	plaintext phase, so nothing to discard.  XXX: the engine has no
 *	"TLS from the start" entry yet (it would still offer STARTTLS):
 *	give that port config.tls = SMTP_TLS_OFF until it has.
 *
 * After EVERY tls_conn_* call, tls_conn_take_cipher and write what it
 * gives: OpenSSL writes from inside a read too (TLS 1.3 session tickets
 * after the handshake, alerts, key updates).  On TLS_FAILED write it as
 * well (it may hold an alert), then close: a failed connection is dead.
 *
 * Bounds: tls_conn_feed_cipher takes any length (copied into the
 * connection's input BIO); feed what one read() returned and consume it
 * (handshake / read_plain) before reading more, so memory stays at most
 * one read's worth plus OpenSSL's record buffers (released when idle:
 * SSL_MODE_RELEASE_BUFFERS).  Plaintext produced by tls_conn_read_plain
 * is never more than the ciphertext fed.
 *
 * Certificates are never matched by name here; ${verify} is the chain's
 * verification result only.  Where a name is ever compared (tls_client
 * policy, CN checks), use tls_name_match / X509_check_host, which never
 * match a name with an embedded NUL: ${cn_subject} of such a cert is
 * "BadCertificateContainsNUL", as in sendmail.
 *
 * Nothing here aborts on any input; allocation failure panics
 * (util/buf), as elsewhere in tern.
 */
#ifndef TERN_TLS_SERVER_H
#define TERN_TLS_SERVER_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

struct options;
struct tls_server;
struct tls_conn;

/*
 * tls_server_new - the context from ServerCertFile, ServerKeyFile,
 * CACertFile, CACertPath, CRLFile, CRLPath, DHParameters, CipherList,
 * CipherSuites, ServerSSLOptions, TLSSrvOptions,
 * CertFingerprintAlgorithm and DontBlameSendmail=GroupReadableKeyFile.
 * File names are taken as they are (expand $-macros first).  Returns
 * NULL when TLS cannot be offered; *why (appended to, may be NULL) then
 * says why in one line, e.g. "STARTTLS=server: file /k.pem unsafe:
 * group readable" or "no ServerCertFile".  Problems that do not
 * prevent TLS (a bad CipherList, an unreadable CA file, a bad DH file)
 * are reported with msg_warnx and the context is still returned, as
 * sendmail goes on with the defaults.
 */
struct tls_server *tls_server_new(const struct options *, struct buf *why);

/* tls_server_free - drop the context (connections hold references) */
void tls_server_free(struct tls_server *);

/*
 * tls_key_safe - sendmail's check of a key file: false and *why (a
 * static text) when unsafe.  group_ok: DBS GroupReadableKeyFile.
 */
bool tls_key_safe(const char *path, bool group_ok, const char **why);

/* results of the tls_conn_* steps */
enum tls_status {
	TLS_DONE,	/* handshake complete; write/shutdown done */
	TLS_WANT_MORE,	/* needs more ciphertext from the peer */
	TLS_CLOSED,	/* read_plain: the peer sent close_notify */
	TLS_FAILED	/* fatal; tls_conn_error says why; close */
};

/* tls_conn_new - a server-side connection; never NULL (panics) */
struct tls_conn *tls_conn_new(struct tls_server *);

/* tls_conn_free - forget the connection (no close_notify: see shutdown) */
void tls_conn_free(struct tls_conn *);

/* tls_conn_feed_cipher - bytes read from the socket; any n */
void tls_conn_feed_cipher(struct tls_conn *, const void *, size_t);

/*
 * tls_conn_take_cipher - append to out every byte waiting to be written
 * to the socket; returns how many.
 */
size_t tls_conn_take_cipher(struct tls_conn *, struct buf *out);

/* tls_conn_handshake - go on with the handshake: DONE, WANT_MORE, FAILED */
enum tls_status tls_conn_handshake(struct tls_conn *);

/*
 * tls_conn_read_plain - after TLS_DONE: append all plaintext that the
 * fed ciphertext holds to out.  TLS_WANT_MORE (possibly after
 * appending), TLS_CLOSED (close_notify seen; what came before it was
 * appended), TLS_FAILED.
 */
enum tls_status tls_conn_read_plain(struct tls_conn *, struct buf *out);

/*
 * tls_conn_write_plain - after TLS_DONE: encrypt n bytes (any n); the
 * records are then in tls_conn_take_cipher.  TLS_DONE or TLS_FAILED.
 */
enum tls_status tls_conn_write_plain(struct tls_conn *, const void *,
    size_t);

/*
 * tls_conn_shutdown - queue our close_notify (take_cipher, write, then
 * close the socket; we do not wait for the peer's).  TLS_DONE, or
 * TLS_FAILED when the connection was not usable.
 */
enum tls_status tls_conn_shutdown(struct tls_conn *);

/*
 * tls_conn_error - why the last step failed, one line for the log
 * ("handshake failed: wrong version number"); "" if none.
 */
const char *tls_conn_error(const struct tls_conn *);

/* tls_conn_done - has the handshake completed */
bool tls_conn_done(const struct tls_conn *);

/*
 * What sendmail 8.17 puts in its macros after a handshake.  Strings are
 * "" when there is no client certificate.  Subject and issuer are
 * X509_NAME_oneline in sendmail's 256-byte buffer, then xtext-encoded
 * (every byte outside '!'..'~', and + \ ( < > " ), as +XX); the CNs
 * likewise, or "BadCertificateUnknown", "BadCertificateTooLong",
 * "BadCertificateContainsNUL".
 */
#define TLS_NAME_MAX	256		/* sendmail's MAXNAME buffer */
#define TLS_XNAME_MAX	(3 * TLS_NAME_MAX)
#define TLS_FP_MAX	(64 * 3)	/* EVP_MAX_MD_SIZE bytes as XX: */

struct tls_info {
	char verify[16];	/* ${verify}: OK NO NOT FAIL */
	char version[32];	/* ${tls_version}: "TLSv1.3" */
	char cipher[64];	/* ${cipher}: "TLS_AES_256_GCM_SHA384" */
	int cipher_bits;	/* ${cipher_bits} */
	int alg_bits;		/* ${alg_bits} */
	bool has_cert;		/* the client presented a certificate */
	char cert_subject[TLS_XNAME_MAX];	/* ${cert_subject} */
	char cert_issuer[TLS_XNAME_MAX];	/* ${cert_issuer} */
	char cn_subject[TLS_XNAME_MAX];		/* ${cn_subject} */
	char cn_issuer[TLS_XNAME_MAX];		/* ${cn_issuer} */
	const char *fp_macro;	/* "cert_md5" (CertFingerprintAlgorithm
				   unset) or "cert_fp" */
	char cert_fp[TLS_FP_MAX];	/* "8F:3A:...", uppercase */
};

/* tls_conn_info - the macro values; call after TLS_DONE */
void tls_conn_info(const struct tls_conn *, struct tls_info *);

/*
 * tls_info_macros - call set(ctx, NAME, VALUE) for each macro sendmail
 * defines after a handshake, NAME without braces: verify, tls_version,
 * cipher, cipher_bits, alg_bits, cert_subject, cert_issuer, cn_subject,
 * cn_issuer, and cert_md5 or cert_fp.
 */
void tls_info_macros(const struct tls_info *,
    void (*set)(void *ctx, const char *name, const char *value), void *ctx);

/*
 * tls_discard_plain - the CVE-2011-0411 rule for a driver that keeps
 * its unprocessed input in a buf: empty it; returns the bytes dropped
 * (log them: a client that pipelines after STARTTLS is broken or
 * hostile).
 */
size_t tls_discard_plain(struct buf *pending);

/*
 * tls_name_match - does the certificate name (n bytes, as stored) equal
 * want, ignoring ASCII case?  Never true when name holds a NUL.
 */
bool tls_name_match(const unsigned char *name, size_t n, const char *want);

/* tls_xtext - sendmail's xtextify(s, "<>\")") of a C string into out */
void tls_xtext(const char *s, char *out, size_t outsize);

#endif
