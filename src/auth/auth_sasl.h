/*
 * auth_sasl - SMTP AUTH on the server side through Cyrus SASL, as
 * sendmail 8.17 does it.
 *
 * The library is initialised once per process as application
 * "Sendmail": it reads Sendmail.conf from the SASL configuration path
 * (pwcheck_method, mech_list, sasldb_path ...).  Each SMTP session has
 * its own struct auth_sasl (a sasl_conn_t for service "smtp", realm
 * AuthRealm or the host name) with the security properties AuthOptions
 * asks for (p: no plaintext mechanisms, a/d/f/m/y/c likewise; without
 * TLS the external SSF is 0, so "p" hides PLAIN and LOGIN).
 *
 * The announced list is sendmail's intersect(AuthMechanisms, what the
 * library offers): AuthMechanisms' words, in AuthMechanisms' order,
 * that the library lists (compared without case); nothing when
 * AuthMechanisms is unset or empty.  With the default AuthMechanisms
 * ("EXTERNAL GSSAPI KERBEROS_V4 DIGEST-MD5 CRAM-MD5") and Debian's
 * libsasl2-modules that is "DIGEST-MD5 CRAM-MD5".
 *
 * The exchange (auth_sasl_step) follows struct smtp_server_cb's auth
 * contract: base64 in and out, "334 challenge", "235 2.0.0 OK
 * Authenticated", "535 5.7.0 authentication failed", sendmail's "501
 * 5.5.4 cannot BASE64 decode '...'" for a bad initial response and
 * "501 5.5.4 cannot decode AUTH parameter ..." for a bad later line.
 * After success it sets ${auth_type} (the mechanism), ${auth_authen}
 * (the authentication identity, xtext as sendmail's xtextify),
 * ${auth_author} (the authorization identity, likewise) and
 * ${auth_ssf} in the cf's macros, for the relay decision.
 *
 * Passwords and responses are never logged.
 *
 * XXX no SASL security layer: sendmail wraps the connection when a
 * mechanism negotiates an SSF > 0 (DIGEST-MD5 auth-int/auth-conf); tern's
 * engine cannot, so the maximum SSF offered is 0 (DIGEST-MD5 then only
 * offers qop=auth).  AuthMaxBits is therefore not used yet.
 * XXX sendmail's SASL_CB_VERIFYFILE checks the safety of Sendmail.conf
 * and the sasldb (DontBlameSendmail=GroupReadableSASLDBFile ...); here
 * every file is accepted.
 */
#ifndef TERN_AUTH_SASL_H
#define TERN_AUTH_SASL_H

#include "smtp/smtp_server.h"

struct cf;
struct auth_sasl;

/*
 * auth_sasl_init - sasl_server_init(..., "Sendmail"), once per process.
 * confpath: the directories (":"-separated) where Sendmail.conf is
 * looked for; NULL: the library's default.  Calls after the first
 * return the first one's result.  0 if SASL is usable, -1 if not.
 */
int auth_sasl_init(const char *confpath);

/* auth_sasl_end - release the library (sasl_done); init may follow */
void auth_sasl_end(void);

/*
 * auth_sasl_intersect - sendmail's intersect(): the blank-separated
 * words of allowed that also occur in avail (case ignored), in
 * allowed's order, single blanks between.  NULL if either is NULL.
 * The caller frees the result.
 */
char *auth_sasl_intersect(const char *allowed, const char *avail);

/*
 * auth_sasl_new - a session.  hostname: $j (the realm unless AuthRealm
 * is set); localip/remoteip: "a.b.c.d;port" or NULL (-bs).  The cf must
 * outlive the session: its options are read now and its macros are set
 * after a successful AUTH.  NULL if SASL is unusable (initialised on
 * demand with the default path).
 */
struct auth_sasl *auth_sasl_new(struct cf *, const char *hostname,
    const char *localip, const char *remoteip);

/*
 * auth_sasl_mechlist - what EHLO announces: "DIGEST-MD5 CRAM-MD5", or
 * NULL for no AUTH at all.  Owned by the session; it changes only
 * through auth_sasl_tls.
 */
const char *auth_sasl_mechlist(const struct auth_sasl *);

/*
 * auth_sasl_tls - after a STARTTLS handshake: the cipher's bits become
 * the external SSF (so AuthOptions=p no longer hides PLAIN), authid is
 * the verified client certificate's subject or NULL.  The list is then
 * computed again.  0, or -1 when SASL failed (the list is then NULL).
 */
int auth_sasl_tls(struct auth_sasl *, unsigned ssf, const char *authid);

/*
 * auth_sasl_step - the engine's auth callback on a session: mech and
 * the initial response (NULL: none, "": the client sent "=") to start,
 * then mech NULL and each client line.  Returns SMTP_MORE, SMTP_OK or
 * SMTP_REJECT with r set.  A new start abandons an exchange in progress.
 */
int auth_sasl_step(struct auth_sasl *, const char *mech, const char *resp,
    struct smtp_reply *r);

/* auth_sasl_authenticated - did an exchange succeed on this session? */
bool auth_sasl_authenticated(const struct auth_sasl *);

/* auth_sasl_free - end a session; NULL is fine */
void auth_sasl_free(struct auth_sasl *);

/*
 * auth_sasl_mechs - the list a fresh session without TLS announces for
 * this cf (a throw-away session, hostname $j), malloc'd; NULL if SASL is
 * unusable or nothing is left.
 */
char *auth_sasl_mechs(const struct cf *);

#endif
