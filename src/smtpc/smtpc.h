/*
 * smtpc - the SMTP client of the [IPC] mailers (smtp, esmtp, smtp8,
 * dsmtp, relay): one message to the recipients of one destination, as
 * sendmail 8.17's client does it.
 *
 * Use:
 *	struct smtpc_job j;
 *	struct smtpc_result res;
 *	smtpc_job_init(&j);
 *	j.hosts = "example.com"; j.mx = true; j.helo = "me.example.org";
 *	j.sender = "a@example.org"; j.rcpts = v; j.nrcpts = n;
 *	j.headers = hdr; j.headers_len = hlen; j.body_fd = dfd;
 *	smtpc_job_options(&j, cf->opts);	(timeouts, TLS files ...)
 *	rc = smtpc_deliver(&j, &res);
 *	... every v[i].exitstat/code/status/reply is set; res.relay ...
 *	smtpc_result_free(&j, &res);
 *
 * Hosts: job.hosts is the $@ of the triple: a name, a "[1.2.3.4]" or
 * "[IPv6:...]" literal, or a colon list of them ("a.example:[10.0.0.1]"),
 * tried in order; each name is expanded by MX when job.mx (sendmail's
 * default; not for mailers with F=0), and job.fallback_mx comes last.
 * A name without MX records stands for itself (its A/AAAA).  When
 * job.is_local says an MX host is this host, only hosts of better
 * preference are kept; none left is EX_CONFIG ("MX list for X points
 * back to Y").  Each host's addresses (IPv6, then IPv4) are tried in
 * turn; a refused or timed-out connection, a greeting other than 2xx,
 * a 4xx to EHLO/HELO, a 421 or a broken connection before the message
 * was handed over all move on to the next address.  Once a server has
 * answered MAIL FROM, its answers are final for this attempt.
 *
 * Session: greeting, EHLO (HELO when EHLO is refused), STARTTLS when
 * offered and job.starttls (bytes read before the TLS handshake are
 * thrown away: CVE-2011-0411), EHLO again, AUTH when offered and
 * job.auth_user is set, MAIL with SIZE= / BODY= / RET= ENVID= only when
 * the server offers SIZE / 8BITMIME / DSN, RCPTs (with NOTIFY= ORCPT=
 * only under DSN) sent in one write with MAIL when PIPELINING is
 * offered, DATA with dot-stuffing and CRLF line ends, QUIT.  Every read
 * and write is bounded by the Timeout.* value of its phase.
 *
 * Replies from the server are parsed strictly (smtpc_reply.c): three
 * digits, the same code on every line of a multiline reply, lines of at
 * most SMTPC_LINE_MAX bytes, at most SMTPC_REPLY_LINES lines; anything
 * else is a protocol error, which counts as a temporary failure.
 *
 * The files (one concept each):
 *   smtpc_reply.c    reply parser (sans I/O)
 *   smtpc_ehlo.c     EHLO keywords
 *   smtpc_dot.c      message encoder: LF -> CRLF, dot-stuffing
 *   smtpc_status.c   reply codes -> sysexits, enhanced status
 *   smtpc_conn.c     socket and TLS I/O under deadlines
 *   smtpc_tls.c      OpenSSL client context, STARTTLS, ${verify}
 *   smtpc_auth.c     AUTH PLAIN / LOGIN
 *   smtpc_hosts.c    the list of hosts and addresses to try
 *   smtpc_session.c  one SMTP dialogue on one connection
 *   smtpc_deliver.c  the whole: hosts in order, outcomes
 *   smtpc_options.c  a job's settings from struct options
 *   smtpc_cache.c    open connections kept between messages
 *
 * Connection cache: when job.cache is set (smtpc_cache_new), a
 * connection whose transaction ended in 2xx is kept open instead of
 * QUIT, and before connecting to an address the cache is asked for a
 * connection with the same key (host, address, port, STARTTLS and
 * AUTH settings, HELO name: smtpc_cache.c).  A cached connection is
 * reused with RSET; any answer but 250 (or none) closes it and a fresh
 * connection is made, which is not counted as a failure.  Without a
 * cache smtpc_deliver behaves as it always did.
 */
#ifndef TERN_SMTPC_H
#define TERN_SMTPC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "util/buf.h"

struct mime8to7_conf;

#define SMTPC_LINE_MAX		2048	/* longest reply line we accept */
#define SMTPC_REPLY_LINES	200	/* most lines of one reply */
#define SMTPC_CACHE_MAX		64	/* most cached connections */

/* one recipient: inputs, then its outcome */
struct smtpc_rcpt {
	const char *addr;	/* the address, without <> */
	const char *notify;	/* DSN NOTIFY value ("SUCCESS,FAILURE") or NULL */
	const char *orcpt;	/* DSN ORCPT value, xtext ("rfc822;a@b") or NULL */
	/* -- set by smtpc_deliver, always */
	int exitstat;		/* EX_OK, EX_TEMPFAIL, EX_NOUSER, ... */
	int code;		/* the SMTP reply code that decided, 0 if none */
	char status[16];	/* enhanced status, "2.0.0", "5.1.1" */
	char *reply;		/* that reply's last line, or a local text
				 * ("Connection refused by mx.example."),
				 * malloc'd: smtpc_result_free frees it */
};

/* EightBitMode values (the option's letters, as in cf/option.h) */
#define SMTPC_8BIT_PASS8	'p'	/* send 8-bit as it is */
#define SMTPC_8BIT_MIMIFY	'm'	/* the caller sets job.mime8to7 */
#define SMTPC_8BIT_STRICT	's'	/* refuse 8-bit to a non-8BITMIME peer */

struct smtpc_job {
	/* -- where */
	const char *hosts;	/* see above */
	int port;		/* 25 */
	bool mx;		/* expand names by MX (true) */
	const char *fallback_mx; /* FallbackMXhost, or NULL */
	unsigned families;	/* DNS_INET | DNS_INET6 (both) */
	bool dns_deterministic;	/* equal MX preferences by name (tests) */
	/* is this host name us (class w)?  NULL: never */
	bool (*is_local)(const char *host, void *arg);
	void *is_local_arg;
	const char *myname;	/* $j, for "points back to" and as HELO */

	/* -- the envelope */
	const char *helo;	/* EHLO/HELO argument; NULL: myname */
	const char *sender;	/* without <>; "" for the null sender */
	unsigned long size;	/* SIZE= value (bytes), 0: not sent */
	const char *body_type;	/* "8BITMIME", "7BIT" or NULL: no BODY= */
	const char *dsn_ret;	/* "FULL" / "HDRS" or NULL */
	const char *dsn_envid;	/* ENVID, xtext, or NULL */
	const char *auth_param;	/* MAIL AUTH= (RFC 4954), xtext, sent when
				   the server offers AUTH; or NULL */
	struct smtpc_rcpt *rcpts;
	size_t nrcpts;

	/* -- the message */
	const char *headers;	/* header block, LF line ends, no blank line */
	size_t headers_len;
	int body_fd;		/* the df: read from offset 0 (pread) */
	bool body_8bit;		/* headers or body hold 8-bit bytes */
	char eight_bit_mode;	/* SMTPC_8BIT_* (pass8) */
	/* 8-bit to 7-bit MIME conversion (msg/mime.h) when the server
	 * does not offer 8BITMIME and body_8bit or body_type is 8BITMIME:
	 * what is sent is the converted message, SIZE= its size; NULL:
	 * never (the caller decides from EightBitMode, BODY= and F=8) */
	const struct mime8to7_conf *mime8to7;

	/* -- Timeout.* in seconds, indexed by enum opt_to (cf/option.h),
	 * e.g. cf->opts->to; NULL or an entry <= 0: sendmail's default */
	const long *timeouts;

	/* -- STARTTLS (smtpc_tls.c) */
	bool starttls;		/* use it when offered (true) */
	bool tls_fallback_clear; /* TLSFallbacktoClear: handshake failed ->
				  * reconnect without STARTTLS */
	const char *tls_cert_file; /* ClientCertFile, or NULL */
	const char *tls_key_file;  /* ClientKeyFile (must not be readable
				    * by others; group only when allowed) */
	bool tls_key_group_ok;	/* DontBlameSendmail GroupReadableKeyFile */
	const char *tls_ca_file; /* CACertFile, or NULL */
	const char *tls_ca_path; /* CACertPath, or NULL */

	/* -- AUTH client (smtpc_auth.c) */
	const char *auth_user;	/* NULL: no AUTH */
	const char *auth_pass;
	const char *auth_authzid; /* NULL: none */
	const char *auth_mechs;	/* allowed, "PLAIN LOGIN" when NULL */
	bool auth_clear_ok;	/* allow AUTH without TLS (false) */

	FILE *verbose;		/* -v: the dialogue (">>> EHLO", "<<< 250"),
				 * or NULL */

	struct smtpc_cache *cache; /* connections to reuse and keep, or
				    * NULL (smtpc_cache_new) */
};

/* what the connection that decided looked like */
struct smtpc_result {
	char *relay;		/* "mx.example.com. [192.0.2.1]" (relay=) */
	char *mta;		/* the host name talked to (Remote-MTA) */
	int code;		/* last reply code of the dialogue, 0 none */
	char status[16];	/* its enhanced status */
	char *reply;		/* last line of that reply, or the local text
				 * of a failure (connection, DNS) */
	char verify[16];	/* ${verify}: NONE (no STARTTLS), OK, NO (no
				 * certificate), FAIL, PROTOCOL, SOFTWARE */
	char *tls_version;	/* ${tls_version}, or NULL */
	char *cipher;		/* ${cipher}, or NULL */
	int cipher_bits;	/* ${cipher_bits} */
	char *auth_mech;	/* AUTH mechanism used, or NULL */
	bool esmtp;		/* EHLO was accepted */
};

/* smtpc_job_init - defaults: port 25, MX on, both families, STARTTLS on,
 * EightBitMode pass8, body_fd -1 */
void smtpc_job_init(struct smtpc_job *);

struct options;
/* smtpc_job_options - fill from the options (cf->opts): timeouts,
 * FallbackMXhost, EightBitMode, ClientCertFile/KeyFile, CACertFile/Path,
 * TLSFallbacktoClear, DontBlameSendmail=GroupReadableKeyFile */
void smtpc_job_options(struct smtpc_job *, const struct options *);

/*
 * smtpc_deliver - send the message to the job's destination.
 *
 * Returns a sysexits code for the attempt as a whole:
 *   EX_OK          at least one recipient has it (see each exitstat)
 *   EX_TEMPFAIL    no host could be reached, DNS failed temporarily, a
 *                  protocol error, a 4xx to MAIL or DATA ...
 *   EX_NOHOST      the destination has no address (NXDOMAIN, no A/AAAA,
 *                  null MX), or a malformed literal
 *   EX_CONFIG      the MX list points back to this host
 *   EX_SOFTWARE    a CR or LF in the sender, a recipient, HELO or a
 *                  parameter (nothing is sent: it would inject commands)
 *   EX_UNAVAILABLE / EX_NOUSER / EX_DATAERR / EX_PROTOCOL  the server
 *                  refused permanently (the first recipient's, when all
 *                  were refused at RCPT)
 * Every rcpts[i] gets its exitstat, code, status and reply.  res must
 * be freed with smtpc_result_free even on failure.
 */
int smtpc_deliver(struct smtpc_job *, struct smtpc_result *);

/* smtpc_result_free - the result's and the recipients' strings */
void smtpc_result_free(struct smtpc_job *, struct smtpc_result *);

/* ---- smtpc_cache.c: the connection cache of one process */
struct smtpc_cache;
/* smtpc_cache_new - keep up to size connections (ConnectionCacheSize;
 * at most SMTPC_CACHE_MAX), each idle at most timeout seconds
 * (ConnectionCacheTimeout).  NULL when size <= 0: no caching. */
struct smtpc_cache *smtpc_cache_new(int size, long timeout);
/* smtpc_cache_expire - QUIT and close the connections idle too long;
 * seconds until the next one expires, or -1 when none is left */
long smtpc_cache_expire(struct smtpc_cache *);
/* smtpc_cache_count - connections kept now */
size_t smtpc_cache_count(const struct smtpc_cache *);
/* smtpc_cache_free - QUIT and close every connection; NULL is fine */
void smtpc_cache_free(struct smtpc_cache *);

/* ---------------- the parts, for the other smtpc files and tests */

/* ---- smtpc_reply.c: one reply, line by line */
struct smtpc_reply {
	int code;		/* 0 until the first line */
	size_t nlines;
	struct buf text;	/* lines after "CODE-"/"CODE ", joined "\n" */
	struct buf last;	/* the last line, whole ("250 2.0.0 Ok") */
	char status[16];	/* enhanced status of the first line, or "" */
};

enum smtpc_reply_step {
	SMTPC_REPLY_MORE,	/* a continuation line: feed the next */
	SMTPC_REPLY_DONE,	/* the reply is complete */
	SMTPC_REPLY_BAD,	/* malformed: protocol error */
};

void smtpc_reply_init(struct smtpc_reply *);
void smtpc_reply_free(struct smtpc_reply *);
/* smtpc_reply_line - take one line (without CR LF) of len bytes */
enum smtpc_reply_step smtpc_reply_line(struct smtpc_reply *,
    const char *line, size_t len);
/* smtpc_enhanced - "d.d.d" at the start of text (first digit must be
 * cls, 0 for any) into out[16]; length used, or 0 if none */
size_t smtpc_enhanced(const char *text, size_t len, int cls, char *out);

/* ---- smtpc_ehlo.c: what the server offers */
struct smtpc_ext {
	bool pipelining, eightbitmime, dsn, starttls, size, enhanced;
	bool smtputf8, auth;
	unsigned long size_max;	/* SIZE n; 0: no limit given */
	char auth_mechs[256];	/* " PLAIN LOGIN " (blank on both sides) */
};

/* smtpc_ehlo_parse - from the text of a 250 reply to EHLO */
void smtpc_ehlo_parse(const char *text, struct smtpc_ext *);
/* smtpc_ehlo_has_auth - is mech (upper case) in the AUTH list? */
bool smtpc_ehlo_has_auth(const struct smtpc_ext *, const char *mech);

/* ---- smtpc_dot.c: the message in SMTP form */
struct smtpc_dot {
	bool bol;		/* at the beginning of a line */
	bool cr;		/* a CR is held back (CR LF counts as LF) */
};

void smtpc_dot_init(struct smtpc_dot *);
/* smtpc_dot_add - encode len bytes of in, appending to out */
void smtpc_dot_add(struct smtpc_dot *, const char *in, size_t len,
    struct buf *out);
/* smtpc_dot_end - end an unfinished line, then ".\r\n" */
void smtpc_dot_end(struct smtpc_dot *, struct buf *out);

/* ---- smtpc_status.c */
enum smtpc_phase {
	SMTPC_PH_GREET, SMTPC_PH_HELO, SMTPC_PH_MAIL, SMTPC_PH_RCPT,
	SMTPC_PH_DATA, SMTPC_PH_DATAEND,
};
/* smtpc_exit_of - the sysexits a reply code means in a phase */
int smtpc_exit_of(int code, enum smtpc_phase);
/* smtpc_status_of - enhanced status of a reply: its own, or "X.0.0" */
void smtpc_status_of(const struct smtpc_reply *, char out[16]);

#endif
