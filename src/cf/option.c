/*
 * option.c - sendmail 8.17's option table and the code that sets options
 * by name, by legacy letter, and from O lines.
 *
 * The table lists the options in sendmail's own order: the order decides
 * which options an abbreviated name is ambiguous between, and the codes
 * decide stickiness (a command-line -oQ pins QueueDirectory as well as
 * -O QueueDirectory).  Simple options are set from the table's kind and
 * field offset; the rest have a case in option_apply.
 */
#include "cf/option_int.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

enum opt_kind {
	K_SPECIAL,	/* a case in option_apply */
	K_BOOL,
	K_INT,
	K_LONG,
	K_LATOI,	/* long field read like atoi */
	K_OCTAL,	/* file mode, & 0777 */
	K_STR,		/* string as given, "" allowed */
	K_STRNE,	/* string, an empty value is ignored */
	K_STRNULL,	/* string, an empty value unsets it */
	K_MUNCH,	/* quoted string, old macro options */
	K_TIME		/* duration; unit = default unit */
};

#define F_SAFE		0x01	/* harmless when set by any user */
#define F_SUBOPT	0x02	/* has .sub-options, sticky per sub-option */
#define F_NOSTICKY	0x04	/* never pinned by the command line */

struct option_desc {
	const char *name;
	unsigned char code;
	unsigned char flags;
	unsigned char kind;
	char unit;
	size_t off;
};

#define OFF(f)	offsetof(struct options, f)
#define NOFF	((size_t)-1)

/* codes of the options without a letter (sendmail's numbering) */
enum {
	C_QUEUESORTORD = 0x81, C_HOSTSFILE = 0x82, C_MQA = 0x83,
	C_DEFCHARSET = 0x85, C_SSFILE = 0x86, C_DIALDELAY = 0x87,
	C_NORCPTACTION = 0x88, C_SAFEFILEENV = 0x89, C_MAXMSGSIZE = 0x8a,
	C_COLONOKINADDR = 0x8b, C_MAXQUEUERUN = 0x8c, C_MAXCHILDREN = 0x8d,
	C_KEEPCNAMES = 0x8e, C_MUSTQUOTE = 0x8f, C_SMTPGREETING = 0x90,
	C_UNIXFROM = 0x91, C_OPCHARS = 0x92, C_DONTINITGRPS = 0x93,
	C_SLFH = 0x94, C_ABH = 0x95, C_CONNTHROT = 0x97, C_UGW = 0x99,
	C_DBLBOUNCE = 0x9a, C_HSDIR = 0x9b, C_SINGTHREAD = 0x9c,
	C_RUNASUSER = 0x9d, C_DSN_RRT = 0x9e, C_PIDFILE = 0x9f,
	C_DBS = 0xa0, C_DPI = 0xa1, C_MAXRCPT = 0xa2, C_DEADLETTER = 0xa3,
	C_MAXALIASRCSN = 0xa5, C_CNCTONLYTO = 0xa6, C_TRUSTUSER = 0xa7,
	C_MAXMIMEHDRLEN = 0xa8, C_CONTROLSOCKET = 0xa9, C_MAXHDRSLEN = 0xaa,
	C_PROCTITLEPREFIX = 0xac, C_SASLINFO = 0xad, C_SASLMECH = 0xae,
	C_CLIENTPORT = 0xaf, C_DF_BUFSIZE = 0xb0, C_XF_BUFSIZE = 0xb1,
	C_LDAPDEFAULTSPEC = 0xb2, C_SRVCERTFILE = 0xb4, C_SRVKEYFILE = 0xb5,
	C_CLTCERTFILE = 0xb6, C_CLTKEYFILE = 0xb7, C_CACERTFILE = 0xb8,
	C_CACERTPATH = 0xb9, C_DHPARAMS = 0xba, C_INPUTMILTER = 0xbb,
	C_MILTER = 0xbc, C_SASLOPTS = 0xbd, C_QUEUE_FILE_MODE = 0xbe,
	C_CERTFP = 0xbf, C_CIPHERLIST = 0xc0, C_RANDFILE = 0xc1,
	C_TLS_SRV_OPTS = 0xc2, C_RCPTTHROT = 0xc3, C_DLVR_MIN = 0xc4,
	C_MAXQUEUECHILDREN = 0xc5, C_MAXRUNNERSPERQUEUE = 0xc6,
	C_DIRECTSUBMODIFIERS = 0xc7, C_NICEQUEUERUN = 0xc8, C_SHMKEY = 0xc9,
	C_SASLBITS = 0xca, C_MBDB = 0xcb, C_MSQ = 0xcc, C_DELAY_LA = 0xcd,
	C_FASTSPLIT = 0xce, C_SOFTBOUNCE = 0xcf, C_SHMKEYFILE = 0xd0,
	C_REJECTLOGINTERVAL = 0xd1, C_REQUIRES_DIR_FSYNC = 0xd2,
	C_CONN_RATE_WINDOW = 0xd3, C_CRLFILE = 0xd4,
	C_FALLBACKSMARTHOST = 0xd5, C_SASLREALM = 0xd6, C_CRLPATH = 0xd7,
	C_HELONAME = 0xd8, C_MAXNOOPCOMMANDS = 0xdc, C_RCPTSHUTD = 0xe1,
	C_RCPTSHUTDG = 0xe2, C_SRV_SSL_OPTIONS = 0xe3,
	C_CLT_SSL_OPTIONS = 0xe4, C_MAX_QUEUE_AGE = 0xe5, C_REJECTNUL = 0xe9,
	C_USECOMPRESSEDIPV6 = 0xec, C_SSLENGINE = 0xed,
	C_SSLENGINEPATH = 0xee, C_TLSFB2CLEAR = 0xef, C_SETCERTALTNAMES = 0xf7,
	C_SMTPUTF8 = 0xf8, C_STRICTTS = 0xf9, C_CIPHERSUITES = 0xfa
};

static const struct option_desc option_tab[OPTION_NTAB] = {
	{ "SevenBitInput", '7', F_SAFE, K_BOOL, 0, OFF(seven_bit_input) },
	{ "EightBitMode", '8', F_SAFE, K_SPECIAL, 0, NOFF },
	{ "AliasFile", 'A', 0, K_SPECIAL, 0, NOFF },
	{ "AliasWait", 'a', 0, K_SPECIAL, 0, NOFF },
	{ "BlankSub", 'B', 0, K_SPECIAL, 0, NOFF },
	{ "MinFreeBlocks", 'b', F_SAFE, K_SPECIAL, 0, NOFF },
	{ "CheckpointInterval", 'C', F_SAFE, K_SPECIAL, 0, NOFF },
	{ "HoldExpensive", 'c', 0, K_BOOL, 0, OFF(hold_expensive) },
	{ "DeliveryMode", 'd', F_SAFE, K_SPECIAL, 0, NOFF },
	{ "ErrorHeader", 'E', 0, K_STRNE, 0, OFF(error_header) },
	{ "ErrorMode", 'e', F_SAFE, K_SPECIAL, 0, NOFF },
	{ "TempFileMode", 'F', 0, K_OCTAL, 0, OFF(temp_file_mode) },
	{ "SaveFromLine", 'f', 0, K_BOOL, 0, OFF(save_from_line) },
	{ "MatchGECOS", 'G', 0, K_BOOL, 0, OFF(match_gecos) },
	{ "", 'g', 0, K_SPECIAL, 0, NOFF },
	{ "HelpFile", 'H', 0, K_SPECIAL, 0, NOFF },
	{ "MaxHopCount", 'h', 0, K_INT, 0, OFF(max_hop_count) },
	{ "ResolverOptions", 'I', 0, K_SPECIAL, 0, NOFF },
	{ "IgnoreDots", 'i', F_SAFE, K_BOOL, 0, OFF(ignore_dots) },
	{ "ForwardPath", 'J', 0, K_STR, 0, OFF(forward_path) },
	{ "SendMimeErrors", 'j', F_SAFE, K_BOOL, 0, OFF(send_mime_errors) },
	{ "ConnectionCacheSize", 'k', 0, K_SPECIAL, 0, NOFF },
	{ "ConnectionCacheTimeout", 'K', 0, K_TIME, 'm',
	    OFF(connection_cache_timeout) },
	{ "UseErrorsTo", 'l', 0, K_BOOL, 0, OFF(use_errors_to) },
	{ "LogLevel", 'L', F_SAFE, K_SPECIAL, 0, NOFF },
	{ "MeToo", 'm', F_SAFE, K_BOOL, 0, OFF(me_too) },
	{ "", 'M', F_NOSTICKY, K_SPECIAL, 0, NOFF },
	{ "CheckAliases", 'n', 0, K_BOOL, 0, OFF(check_aliases) },
	{ "OldStyleHeaders", 'o', F_SAFE, K_BOOL, 0, OFF(old_style_headers) },
	{ "DaemonPortOptions", 'O', 0, K_SPECIAL, 0, NOFF },
	{ "PrivacyOptions", 'p', F_SAFE | F_NOSTICKY, K_SPECIAL, 0, NOFF },
	{ "PostmasterCopy", 'P', 0, K_STR, 0, OFF(postmaster_copy) },
	{ "QueueFactor", 'q', 0, K_LATOI, 0, OFF(queue_factor) },
	{ "QueueDirectory", 'Q', 0, K_SPECIAL, 0, NOFF },
	{ "DontPruneRoutes", 'R', 0, K_BOOL, 0, OFF(dont_prune_routes) },
	{ "Timeout", 'r', F_SUBOPT, K_SPECIAL, 0, NOFF },
	{ "StatusFile", 'S', 0, K_SPECIAL, 0, NOFF },
	{ "SuperSafe", 's', F_SAFE, K_SPECIAL, 0, NOFF },
	{ "QueueTimeout", 'T', 0, K_SPECIAL, 0, NOFF },
	{ "TimeZoneSpec", 't', 0, K_STR, 0, OFF(time_zone_spec) },
	{ "UserDatabaseSpec", 'U', 0, K_STR, 0, OFF(user_database_spec) },
	{ "DefaultUser", 'u', 0, K_SPECIAL, 0, NOFF },
	{ "FallbackMXhost", 'V', 0, K_STRNE, 0, OFF(fallback_mx_host) },
	{ "Verbose", 'v', F_SAFE, K_BOOL, 0, OFF(verbose) },
	{ "TryNullMXList", 'w', 0, K_BOOL, 0, OFF(try_null_mx_list) },
	{ "QueueLA", 'x', 0, K_INT, 0, OFF(queue_la) },
	{ "RefuseLA", 'X', 0, K_INT, 0, OFF(refuse_la) },
	{ "RecipientFactor", 'y', 0, K_LATOI, 0, OFF(recipient_factor) },
	{ "ForkEachJob", 'Y', 0, K_BOOL, 0, OFF(fork_each_job) },
	{ "ClassFactor", 'z', 0, K_LATOI, 0, OFF(class_factor) },
	{ "RetryFactor", 'Z', 0, K_LATOI, 0, OFF(retry_factor) },
	{ "QueueSortOrder", C_QUEUESORTORD, F_SAFE, K_SPECIAL, 0, NOFF },
	{ "HostsFile", C_HOSTSFILE, 0, K_STR, 0, OFF(hosts_file) },
	{ "MinQueueAge", C_MQA, F_SAFE, K_TIME, 'm', OFF(min_queue_age) },
	{ "DefaultCharSet", C_DEFCHARSET, F_SAFE, K_SPECIAL, 0, NOFF },
	{ "ServiceSwitchFile", C_SSFILE, 0, K_STR, 0,
	    OFF(service_switch_file) },
	{ "DialDelay", C_DIALDELAY, F_SAFE, K_TIME, 's', OFF(dial_delay) },
	{ "NoRecipientAction", C_NORCPTACTION, F_SAFE, K_SPECIAL, 0, NOFF },
	{ "SafeFileEnvironment", C_SAFEFILEENV, 0, K_SPECIAL, 0, NOFF },
	{ "MaxMessageSize", C_MAXMSGSIZE, 0, K_LONG, 0,
	    OFF(max_message_size) },
	{ "ColonOkInAddr", C_COLONOKINADDR, F_SAFE, K_BOOL, 0,
	    OFF(colon_ok_in_addr) },
	{ "MaxQueueRunSize", C_MAXQUEUERUN, F_SAFE, K_INT, 0,
	    OFF(max_queue_run_size) },
	{ "MaxDaemonChildren", C_MAXCHILDREN, 0, K_INT, 0,
	    OFF(max_daemon_children) },
	{ "DontExpandCnames", C_KEEPCNAMES, 0, K_BOOL, 0,
	    OFF(dont_expand_cnames) },
	{ "MustQuoteChars", C_MUSTQUOTE, 0, K_SPECIAL, 0, NOFF },
	{ "SmtpGreetingMessage", C_SMTPGREETING, 0, K_MUNCH, 0,
	    OFF(smtp_greeting_message) },
	{ "UnixFromLine", C_UNIXFROM, 0, K_MUNCH, 0, OFF(unix_from_line) },
	{ "OperatorChars", C_OPCHARS, 0, K_SPECIAL, 0, NOFF },
	{ "DontInitGroups", C_DONTINITGRPS, 0, K_BOOL, 0,
	    OFF(dont_init_groups) },
	{ "SingleLineFromHeader", C_SLFH, F_SAFE, K_BOOL, 0,
	    OFF(single_line_from_header) },
	{ "AllowBogusHELO", C_ABH, F_SAFE, K_BOOL, 0, OFF(allow_bogus_helo) },
	{ "ConnectionRateThrottle", C_CONNTHROT, 0, K_INT, 0,
	    OFF(connection_rate_throttle) },
	{ "UnsafeGroupWrites", C_UGW, 0, K_SPECIAL, 0, NOFF },
	{ "DoubleBounceAddress", C_DBLBOUNCE, 0, K_STR, 0,
	    OFF(double_bounce_address) },
	{ "HostStatusDirectory", C_HSDIR, 0, K_STRNE, 0,
	    OFF(host_status_directory) },
	{ "SingleThreadDelivery", C_SINGTHREAD, 0, K_BOOL, 0,
	    OFF(single_thread_delivery) },
	{ "RunAsUser", C_RUNASUSER, 0, K_SPECIAL, 0, NOFF },
	{ "RrtImpliesDsn", C_DSN_RRT, 0, K_BOOL, 0, OFF(rrt_implies_dsn) },
	{ "PidFile", C_PIDFILE, 0, K_STR, 0, OFF(pid_file) },
	{ "DontBlameSendmail", C_DBS, F_NOSTICKY, K_SPECIAL, 0, NOFF },
	{ "DontProbeInterfaces", C_DPI, 0, K_SPECIAL, 0, NOFF },
	{ "MaxRecipientsPerMessage", C_MAXRCPT, F_SAFE, K_INT, 0,
	    OFF(max_recipients_per_message) },
	{ "DeadLetterDrop", C_DEADLETTER, 0, K_STR, 0, OFF(dead_letter_drop) },
	{ "MaxAliasRecursion", C_MAXALIASRCSN, 0, K_INT, 0,
	    OFF(max_alias_recursion) },
	{ "ConnectOnlyTo", C_CNCTONLYTO, 0, K_SPECIAL, 0, NOFF },
	{ "TrustedUser", C_TRUSTUSER, 0, K_SPECIAL, 0, NOFF },
	{ "MaxMimeHeaderLength", C_MAXMIMEHDRLEN, 0, K_SPECIAL, 0, NOFF },
	{ "ControlSocketName", C_CONTROLSOCKET, 0, K_STR, 0,
	    OFF(control_socket_name) },
	{ "MaxHeadersLength", C_MAXHDRSLEN, 0, K_SPECIAL, 0, NOFF },
	{ "ProcessTitlePrefix", C_PROCTITLEPREFIX, 0, K_STR, 0,
	    OFF(process_title_prefix) },
	{ "DefaultAuthInfo", C_SASLINFO, 0, K_STR, 0, OFF(default_auth_info) },
	{ "AuthMechanisms", C_SASLMECH, 0, K_STRNULL, 0,
	    OFF(auth_mechanisms) },
	{ "ClientPortOptions", C_CLIENTPORT, 0, K_SPECIAL, 0, NOFF },
	{ "DataFileBufferSize", C_DF_BUFSIZE, 0, K_INT, 0,
	    OFF(data_file_buffer_size) },
	{ "XscriptFileBufferSize", C_XF_BUFSIZE, 0, K_INT, 0,
	    OFF(xscript_file_buffer_size) },
	{ "LDAPDefaultSpec", C_LDAPDEFAULTSPEC, 0, K_STR, 0,
	    OFF(ldap_default_spec) },
	{ "ServerCertFile", C_SRVCERTFILE, 0, K_STR, 0,
	    OFF(server_cert_file) },
	{ "ServerKeyFile", C_SRVKEYFILE, 0, K_STR, 0, OFF(server_key_file) },
	{ "ClientCertFile", C_CLTCERTFILE, 0, K_STR, 0,
	    OFF(client_cert_file) },
	{ "ClientKeyFile", C_CLTKEYFILE, 0, K_STR, 0, OFF(client_key_file) },
	{ "CACertFile", C_CACERTFILE, 0, K_STR, 0, OFF(ca_cert_file) },
	{ "CACertPath", C_CACERTPATH, 0, K_STR, 0, OFF(ca_cert_path) },
	{ "DHParameters", C_DHPARAMS, 0, K_STR, 0, OFF(dh_parameters) },
	{ "InputMailFilters", C_INPUTMILTER, 0, K_STR, 0,
	    OFF(input_mail_filters) },
	{ "Milter", C_MILTER, F_SUBOPT, K_SPECIAL, 0, NOFF },
	{ "AuthOptions", C_SASLOPTS, 0, K_SPECIAL, 0, NOFF },
	{ "QueueFileMode", C_QUEUE_FILE_MODE, 0, K_OCTAL, 0,
	    OFF(queue_file_mode) },
	{ "CertFingerprintAlgorithm", C_CERTFP, 0, K_STR, 0,
	    OFF(cert_fingerprint_algorithm) },
	{ "CipherList", C_CIPHERLIST, 0, K_STR, 0, OFF(cipher_list) },
	{ "RandFile", C_RANDFILE, 0, K_STR, 0, OFF(rand_file) },
	{ "TLSSrvOptions", C_TLS_SRV_OPTS, 0, K_SPECIAL, 0, NOFF },
	{ "BadRcptThrottle", C_RCPTTHROT, F_SAFE, K_INT, 0,
	    OFF(bad_rcpt_throttle) },
	{ "DeliverByMin", C_DLVR_MIN, 0, K_TIME, 's', OFF(deliver_by_min) },
	{ "MaxQueueChildren", C_MAXQUEUECHILDREN, 0, K_INT, 0,
	    OFF(max_queue_children) },
	{ "MaxRunnersPerQueue", C_MAXRUNNERSPERQUEUE, 0, K_INT, 0,
	    OFF(max_runners_per_queue) },
	{ "DirectSubmissionModifiers", C_DIRECTSUBMODIFIERS, 0, K_STR, 0,
	    OFF(direct_submission_modifiers) },
	{ "NiceQueueRun", C_NICEQUEUERUN, 0, K_INT, 0, OFF(nice_queue_run) },
	{ "SharedMemoryKey", C_SHMKEY, 0, K_LONG, 0, OFF(shared_memory_key) },
	{ "AuthMaxBits", C_SASLBITS, 0, K_INT, 0, OFF(auth_max_bits) },
	{ "MailboxDatabase", C_MBDB, 0, K_STR, 0, OFF(mailbox_database) },
	{ "UseMSP", C_MSQ, 0, K_BOOL, 0, OFF(use_msp) },
	{ "DelayLA", C_DELAY_LA, 0, K_INT, 0, OFF(delay_la) },
	{ "FastSplit", C_FASTSPLIT, 0, K_INT, 0, OFF(fast_split) },
	{ "SoftBounce", C_SOFTBOUNCE, 0, K_BOOL, 0, OFF(soft_bounce) },
	{ "SharedMemoryKeyFile", C_SHMKEYFILE, 0, K_STR, 0,
	    OFF(shared_memory_key_file) },
	{ "RejectLogInterval", C_REJECTLOGINTERVAL, 0, K_TIME, 'h',
	    OFF(reject_log_interval) },
	{ "RequiresDirfsync", C_REQUIRES_DIR_FSYNC, 0, K_BOOL, 0,
	    OFF(requires_dirfsync) },
	{ "ConnectionRateWindowSize", C_CONN_RATE_WINDOW, 0, K_TIME, 's',
	    OFF(connection_rate_window_size) },
	{ "CRLFile", C_CRLFILE, 0, K_STR, 0, OFF(crl_file) },
	{ "FallbackSmartHost", C_FALLBACKSMARTHOST, 0, K_STRNE, 0,
	    OFF(fallback_smart_host) },
	{ "AuthRealm", C_SASLREALM, 0, K_STRNULL, 0, OFF(auth_realm) },
	{ "CRLPath", C_CRLPATH, 0, K_STR, 0, OFF(crl_path) },
	{ "HeloName", C_HELONAME, 0, K_STR, 0, OFF(helo_name) },
	{ "MaxNOOPCommands", C_MAXNOOPCOMMANDS, 0, K_INT, 0,
	    OFF(max_noop_commands) },
	{ "BadRcptShutdown", C_RCPTSHUTD, F_SAFE, K_INT, 0,
	    OFF(bad_rcpt_shutdown) },
	{ "BadRcptShutdownGood", C_RCPTSHUTDG, F_SAFE, K_INT, 0,
	    OFF(bad_rcpt_shutdown_good) },
	{ "ServerSSLOptions", C_SRV_SSL_OPTIONS, 0, K_SPECIAL, 0, NOFF },
	{ "ClientSSLOptions", C_CLT_SSL_OPTIONS, 0, K_SPECIAL, 0, NOFF },
	{ "MaxQueueAge", C_MAX_QUEUE_AGE, 0, K_TIME, 'm', OFF(max_queue_age) },
	{ "RejectNUL", C_REJECTNUL, F_SAFE, K_BOOL, 0, OFF(reject_nul) },
	{ "UseCompressedIPv6Addresses", C_USECOMPRESSEDIPV6, 0, K_BOOL, 0,
	    OFF(use_compressed_ipv6_addresses) },
	{ "SSLEngine", C_SSLENGINE, 0, K_STR, 0, OFF(ssl_engine) },
	{ "SSLEnginePath", C_SSLENGINEPATH, 0, K_STR, 0,
	    OFF(ssl_engine_path) },
	{ "TLSFallbacktoClear", C_TLSFB2CLEAR, 0, K_BOOL, 0,
	    OFF(tls_fallback_to_clear) },
	{ "SetCertAltnames", C_SETCERTALTNAMES, 0, K_BOOL, 0,
	    OFF(set_cert_altnames) },
	{ "SmtpUTF8", C_SMTPUTF8, 0, K_SPECIAL, 0, NOFF },
	{ "StrictTransportSecurity", C_STRICTTS, 0, K_BOOL, 0,
	    OFF(strict_transport_security) },
	{ "CipherSuites", C_CIPHERSUITES, 0, K_STR, 0, OFF(cipher_suites) },
};

#define BIT_SET(a, i)	((a)[(i) / 8] |= (unsigned char)(1U << ((i) % 8)))
#define BIT_ISSET(a, i)	(((a)[(i) / 8] >> ((i) % 8)) & 1U)

#define MAXDAEMONS	64	/* the DaemonPortOptions limit of this build */
#define MAXHDRSLEN	32768	/* sendmail's default MaxHeadersLength */
#define MAXLINE		2048	/* sendmail's default MaxMimeHeaderLength */

/* option_warnf - append one message, located (FILE: line N: ) or plain */
void
option_warnf(const struct options *o, struct buf *warn, bool located,
    const char *fmt, ...)
{
	va_list ap;

	if (warn == NULL)
		return;
	if (located && o->where_file != NULL)
		buf_addf(warn, "%s: line %d: ", o->where_file, o->where_line);
	va_start(ap, fmt);
	buf_vaddf(warn, fmt, ap);
	va_end(ap);
	buf_addc(warn, '\n');
}

/* option_list_add - append a copy of s to a list */
void
option_list_add(struct option_list *l, const char *s)
{
	l->v = xreallocarray(l->v, l->n + 2, sizeof(*l->v));
	l->v[l->n++] = xstrdup(s);
	l->v[l->n] = NULL;
}

/* option_list_free - release a list's strings */
void
option_list_free(struct option_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* option_strset - replace an owned string with a copy (NULL allowed) */
void
option_strset(char **dst, const char *src)
{
	char *copy = src != NULL ? xstrdup(src) : NULL;

	free(*dst);
	*dst = copy;
}

/* option_count - rows in the table */
size_t
option_count(void)
{
	return OPTION_NTAB;
}

/* option_name_at - long name of row i */
const char *
option_name_at(size_t i)
{
	return i < OPTION_NTAB ? option_tab[i].name : NULL;
}

/* option_letter_at - legacy letter of row i, 0 if none */
int
option_letter_at(size_t i)
{
	if (i >= OPTION_NTAB || option_tab[i].code >= 0x80)
		return 0;
	return option_tab[i].code;
}

/* option_dbs_isset - test a DontBlameSendmail flag */
bool
option_dbs_isset(const struct options *o, enum opt_dbs f)
{
	if (f <= 0 || f >= OPT_DBS_MAX)
		return false;
	return BIT_ISSET(o->dbs, f) != 0;
}

/* option_row_by_code - table row of a letter or code, -1 if none */
static int
option_row_by_code(int code)
{
	int i;

	for (i = 0; i < OPTION_NTAB; i++)
		if (option_tab[i].code == code)
			return i;
	return -1;
}

/* option_row_exact - row of an exact long name, -1 if none */
static int
option_row_exact(const char *name)
{
	int i;

	if (*name == '\0')
		return -1;
	for (i = 0; i < OPTION_NTAB; i++)
		if (strcasecmp(option_tab[i].name, name) == 0)
			return i;
	return -1;
}

/* option_canon_name - the long name for a name or letter; NULL if none */
const char *
option_canon_name(const char *name)
{
	int row;

	if (name == NULL || *name == '\0')
		return NULL;
	row = name[1] == '\0' ? option_row_by_code((unsigned char)name[0]) :
	    option_row_exact(name);
	return row < 0 ? NULL : option_tab[row].name;
}

/*
 * option_row_long - sendmail's long-name search: an exact match wins,
 * one prefix match is taken as an abbreviation (with a note), and a
 * second prefix match before any exact one is an error.
 */
static int
option_row_long(const struct options *o, const char *name, struct buf *warn)
{
	size_t len = strlen(name);
	int i, sel = -1;

	for (i = 0; i < OPTION_NTAB; i++) {
		if (strncasecmp(option_tab[i].name, name, len) != 0)
			continue;
		if (strlen(option_tab[i].name) == len) {
			sel = -1;
			break;
		}
		if (sel >= 0)
			break;
		sel = i;
	}
	if (i == OPTION_NTAB && sel >= 0)
		i = sel;
	else if (i == OPTION_NTAB) {
		option_warnf(o, warn, true, "readcf: unknown option name %s",
		    name);
		return -1;
	} else if (sel >= 0) {
		option_warnf(o, warn, true, "readcf: ambiguous option name %s "
		    "(matches %s and %s)", name, option_tab[sel].name,
		    option_tab[i].name);
		return -1;
	}
	if (strlen(option_tab[i].name) != len)
		option_warnf(o, warn, true,
		    "Option %s used as abbreviation for %s", name,
		    option_tab[i].name);
	return i;
}

/* option_operator_chars_default - the tokenizer fixed its operators */
void
option_operator_chars_default(struct options *o, const char *chars)
{
	if (o->operator_chars == NULL)
		o->operator_chars = xstrdup(chars != NULL ? chars : ".:@[]");
}

/* option_where - name the file and line for the next messages */
void
option_where(struct options *o, const char *file, int line)
{
	if (file == NULL || o->where_file == NULL ||
	    strcmp(file, o->where_file) != 0)
		option_strset(&o->where_file, file);
	o->where_line = line;
}

/* option_init - sendmail 8.17's built-in defaults */
void
option_init(struct options *o)
{
	long nprocs = sysconf(_SC_NPROCESSORS_ONLN);

	memset(o, 0, sizeof(*o));
	if (nprocs < 1)
		nprocs = 1;
	if (nprocs > 1024)
		nprocs = 1024;
	o->eight_bit_mode = OPT_8BIT_PASS8;
	o->blank_sub = ' ';
	o->checkpoint_interval = 10;
	o->delivery_mode = OPT_DM_BACKGROUND;
	o->error_mode = OPT_EM_PRINT;
	o->temp_file_mode = 0600;
	o->max_hop_count = 25;
	o->forward_path = xstrdup("$z/.forward");
	o->send_mime_errors = true;
	o->connection_cache_size = 1;
	o->connection_cache_timeout = 5 * 60;
	o->log_level = 9;
	o->me_too = true;
	o->privacy = OPT_PRIV_PUBLIC;
	o->queue_factor = 30000L * 20;
	o->super_safe = OPT_SAFE_TRUE;
	o->queue_la = (int)(8 * nprocs);
	o->refuse_la = (int)(12 * nprocs);
	o->recipient_factor = 30000;
	o->class_factor = 1800;
	o->retry_factor = 90000;
	o->queue_sort_order = OPT_QSO_PRIORITY;
	o->hosts_file = xstrdup("/etc/hosts");
	o->service_switch_file = xstrdup("/etc/mail/service.switch");
	o->no_recipient_action = OPT_NRA_NONE;
	o->colon_ok_in_addr = true;
	o->must_quote_chars = xstrdup("@,;:\\()[].'");
	o->smtp_greeting_message = xstrdup("$j Sendmail $v ready at $b");
	o->unix_from_line = xstrdup("From $g  $d");
	o->connection_rate_window_size = 60;
	o->unsafe_group_writes = true;
	o->double_bounce_address = xstrdup("postmaster");
	o->run_as_uid = -1;
	o->run_as_gid = -1;
	o->pid_file = xstrdup("/var/run/sendmail/mta/sendmail.pid");
	o->dont_probe_interfaces = OPT_DPI_PROBEALL;
	o->max_alias_recursion = 10;
	o->max_mime_header_length = MAXLINE;
	o->max_mime_field_length = MAXLINE / 2;
	o->max_headers_length = MAXHDRSLEN;
	o->max_noop_commands = 20;
	o->max_runners_per_queue = 1;
	o->fast_split = 1;
	o->reject_log_interval = 3 * 3600;
	o->requires_dirfsync = true;
	o->data_file_buffer_size = 4096;
	o->xscript_file_buffer_size = 4096;
	o->mailbox_database = xstrdup("pw");
	o->milter_log_level = -1;
	o->queue_file_mode = 0600;
	o->auth_mechanisms =
	    xstrdup("EXTERNAL GSSAPI KERBEROS_V4 DIGEST-MD5 CRAM-MD5");
	o->auth_max_bits = INT_MAX;
	option_timeout_defaults(o);
	o->default_uid = o->default_gid = -1;
	o->default_ids_pending = true;	/* option_user_defaults on demand */
}

/* option_free - release everything the options own */
void
option_free(struct options *o)
{
	size_t i;

	for (i = 0; i < OPTION_NTAB; i++) {
		const struct option_desc *d = &option_tab[i];

		if (d->off != NOFF && (d->kind == K_STR || d->kind == K_STRNE ||
		    d->kind == K_STRNULL || d->kind == K_MUNCH))
			free(*(char **)((char *)o + d->off));
		free(o->raw[i]);
	}
	for (i = 0; i < OPTION_NTIMEOUT; i++)
		free(o->raw_to[i]);
	for (i = 0; i <= OPT_MM_MAX; i++)
		free(o->raw_milter[i]);
	for (i = 0; i < OPT_MM_MAX; i++)
		free(o->milter_macros[i]);
	option_list_free(&o->alias_files);
	option_list_free(&o->macro_defs);
	option_list_free(&o->daemon_port_options);
	option_list_free(&o->client_port_options);
	option_list_free(&o->server_ssl_options.set);
	option_list_free(&o->server_ssl_options.clear);
	option_list_free(&o->client_ssl_options.set);
	option_list_free(&o->client_ssl_options.clear);
	free(o->help_file);
	free(o->queue_directory);
	free(o->status_file);
	free(o->default_user);
	free(o->default_charset);
	free(o->safe_file_environment);
	free(o->must_quote_chars);
	free(o->operator_chars);
	free(o->run_as_user);
	free(o->connect_only_to);
	free(o->trusted_user);
	free(o->where_file);
	memset(o, 0, sizeof(*o));
}

/*
 * option_alias_files - AliasFile: a comma list of specs ("file",
 * "class:spec"); a comma inside double quotes does not split (LDAP
 * specs).  Specs accumulate over lines.
 */
static void
option_alias_files(struct options *o, const char *val)
{
	const char *p = *val == '\0' ? "aliases" : val;

	for (;;) {
		const char *spec, *q;
		bool quoted = false;

		while (isspace((unsigned char)*p))
			p++;
		if (*p == '\0')
			break;
		spec = p;
		q = strpbrk(p, " ,/:");
		if (q != NULL && *q == ':')
			q++;
		if (q == NULL)
			q = p + strlen(p);
		for (; *q != '\0'; q++) {
			if (*q == '"')
				quoted = !quoted;
			else if (*q == ',' && !quoted)
				break;
		}
		{
			char *one = xstrndup(spec, (size_t)(q - spec));

			option_list_add(&o->alias_files, one);
			free(one);
		}
		if (*q == '\0')
			break;
		p = q + 1;
	}
}

/*
 * option_port_options - check DaemonPortOptions / ClientPortOptions
 * "Key=value, ..." items the way sendmail does when the option is set:
 * keys are known by their first character; Family must be a number or a
 * family this build has; D= (per-daemon delivery mode) must be a mode
 * letter.  The
 * Addr and Port lookups sendmail also does here are left to the daemon.
 */
static int
option_port_options(struct options *o, const char *val, struct buf *warn)
{
	const char *p = val;
	int rc = OPTION_OK;

	while (*p != '\0') {
		const char *item, *end, *v;
		char *f;

		while (isspace((unsigned char)*p))
			p++;
		if (*p == '\0')
			break;
		item = p;
		end = strchr(p, ',');
		if (end == NULL)
			end = p + strlen(p);
		p = *end == ',' ? end + 1 : end;
		f = xstrndup(item, (size_t)(end - item));
		if ((v = strchr(f, '=')) == NULL) {
			free(f);
			continue;
		}
		while (isspace((unsigned char)*++v))
			;
		switch (f[0]) {
		case 'A': case 'a': case 'I': case 'i': case 'L': case 'l':
		case 'M': case 'm': case 'N': case 'n': case 'P': case 'p':
		case 'R': case 'S': case 's': case 'c': case 'd': case 'q':
		case 'r':
			break;
		case 'F': case 'f':
			if (!isdigit((unsigned char)*v) &&
			    strcasecmp(v, "inet") != 0 &&
			    strcasecmp(v, "inet6") != 0 &&
			    strcasecmp(v, "local") != 0 &&
			    strcasecmp(v, "unix") != 0) {
				option_warnf(o, warn, true, "Unknown address "
				    "family %s in Family=option", v);
				rc = OPTION_ERR;
			}
			break;
		case 'D':
			if (*v == '\0' || strchr("ibqd", *v) == NULL) {
				option_warnf(o, warn, true,
				    "Unknown delivery mode %.1s", v);
				rc = OPTION_ERR;
			}
			break;
		default:
			option_warnf(o, warn, true,
			    "PortOptions parameter \"%s\" unknown", f);
			rc = OPTION_ERR;
			break;
		}
		free(f);
	}
	return rc;
}

/* option_mime_lengths - MaxMimeHeaderLength: "header[/field]" */
static void
option_mime_lengths(struct options *o, const char *val, struct buf *warn)
{
	const char *slash = strchr(val, '/');
	int h = option_value_int(val), f;

	f = slash != NULL && slash[1] != '\0' ? option_value_int(slash + 1) :
	    h / 2;
	if (h <= 0)
		h = 0;
	else if (h < 128)
		option_warnf(o, warn, false, "Warning: MaxMimeHeaderLength: "
		    "header length limit set lower than 128");
	if (f <= 0)
		f = 0;
	else if (f < 40)
		option_warnf(o, warn, false, "Warning: MaxMimeHeaderLength: "
		    "field length limit set lower than 40");
	o->max_mime_header_length = h;
	o->max_mime_field_length = f;
}

/* option_connect_only_to - ConnectOnlyTo: an IPv6 or IPv4 address */
static int
option_connect_only_to(struct options *o, const char *val, struct buf *warn)
{
	unsigned char a6[16];

	if (inet_pton(AF_INET6, val, a6) == 1 ||
	    inet_addr(val) != INADDR_NONE) {
		option_strset(&o->connect_only_to, val);
		return OPTION_OK;
	}
	option_warnf(o, warn, true,
	    "readcf: option ConnectOnlyTo: invalid IP address %s", val);
	return OPTION_ERR;
}

/* option_apply - set the value of the option in row; the big switch */
static int
option_apply(struct options *o, int row, const char *sub, const char *val,
    bool safe, bool sticky, struct buf *warn)
{
	const struct option_desc *d = &option_tab[row];
	char *field = d->off != NOFF ? (char *)o + d->off : NULL;
	char *copy;
	unsigned bits;
	int c = (unsigned char)*val, v;

	switch (d->kind) {
	case K_BOOL:
		*(bool *)field = option_value_bool(val);
		return OPTION_OK;
	case K_INT:
		*(int *)field = option_value_int(val);
		return OPTION_OK;
	case K_LATOI:
		*(long *)field = option_value_int(val);
		return OPTION_OK;
	case K_LONG:
		*(long *)field = option_value_long(val);
		return OPTION_OK;
	case K_OCTAL:
		*(unsigned *)field = option_value_octal(val) & 0777;
		return OPTION_OK;
	case K_STRNE:
		if (*val == '\0')
			return OPTION_OK;
		/* FALLTHROUGH */
	case K_STR:
		option_strset((char **)field, val);
		return OPTION_OK;
	case K_STRNULL:
		option_strset((char **)field, *val == '\0' ? NULL : val);
		return OPTION_OK;
	case K_MUNCH:
		free(*(char **)field);
		*(char **)field = option_value_munch(val);
		return OPTION_OK;
	case K_TIME:
		*(long *)field = option_value_time(o, val, d->unit, warn);
		return OPTION_OK;
	}

	switch (d->code) {
	case '8':
		if (c != OPT_8BIT_PASS8 && c != OPT_8BIT_MIMIFY &&
		    c != OPT_8BIT_STRICT) {
			option_warnf(o, warn, true, "Unknown 8-bit mode %.1s",
			    val);
			return OPTION_FATAL;
		}
		o->eight_bit_mode = (char)c;
		break;
	case 'A':
		option_alias_files(o, val);
		break;
	case 'a':
		o->alias_wait = c == '\0' ? 5 * 60 :
		    option_value_time(o, val, 'm', warn);
		break;
	case 'B':
		o->blank_sub = c == '\0' ? ' ' : (char)c;
		break;
	case 'b':
		if ((copy = strchr(val, '/')) != NULL)
			o->max_message_size = option_value_long(copy + 1);
		o->min_free_blocks = option_value_long(val);
		break;
	case 'C':
		v = option_value_int(val);
		if (safe || o->checkpoint_interval > v)
			o->checkpoint_interval = v;
		break;
	case 'd':
		if (c == '\0')
			c = OPT_DM_INTERACTIVE;
		if (strchr("ibqd", c) == NULL) {
			option_warnf(o, warn, true,
			    "Unknown delivery mode %.1s", val);
			return OPTION_FATAL;
		}
		o->delivery_mode = (char)c;
		break;
	case 'e':
		if (c != '\0' && strchr("pqmew", c) != NULL)
			o->error_mode = (char)c;
		break;
	case 'g':
		return option_user_group(o, 'g', val, warn);
	case 'H':
		option_strset(&o->help_file, c == '\0' ? "helpfile" : val);
		break;
	case 'I':
		return option_words_resolver(o, val, warn);
	case 'k':
		v = option_value_int(val);
		o->connection_cache_size = v < 0 ? 0 : v;
		break;
	case 'L':
		v = option_value_int(val);
		if (safe || o->log_level < v)
			o->log_level = v;
		break;
	case 'M':
		option_list_add(&o->macro_defs, val);
		break;
	case 'O':
		if (o->daemon_port_options.n >= MAXDAEMONS) {
			option_warnf(o, warn, true,
			    "too many daemons defined (%d max)", MAXDAEMONS);
			return OPTION_ERR;
		}
		option_list_add(&o->daemon_port_options, val);
		return option_port_options(o, val, warn);
	case 'p':
		return option_words_privacy(o, val, warn);
	case 'Q':
		option_strset(&o->queue_directory, c == '\0' ? "mqueue" : val);
		if (!safe)
			o->warn_q_option = true;
		break;
	case 'r':
		if (sub == NULL)
			return option_timeout_list(o, val, sticky, warn);
		return option_timeout_set(o, sub, val, sticky, warn);
	case 'S':
		option_strset(&o->status_file, c == '\0' ? "statistics" : val);
		break;
	case 's':
		if (tolower(c) == 'i')
			o->super_safe = OPT_SAFE_INTERACTIVE;
		else if (tolower(c) == 'p')
			o->super_safe = OPT_SAFE_POSTMILTER;
		else
			o->super_safe = option_value_bool(val) ?
			    OPT_SAFE_TRUE : OPT_SAFE_FALSE;
		break;
	case 'T':
		copy = xstrdup(val);
		v = OPTION_OK;
		if (strchr(copy, '/') != NULL) {
			*strchr(copy, '/') = '\0';
			v = option_timeout_set(o, "queuewarn",
			    copy + strlen(copy) + 1, sticky, warn);
		}
		if (option_timeout_set(o, "queuereturn", copy, sticky, warn) !=
		    OPTION_OK)
			v = OPTION_ERR;
		free(copy);
		return v;
	case 'u':
		return option_user_default(o, val, warn);
	case C_QUEUESORTORD:
		if (c == '\0' || strchr("fhmptrsn", tolower(c)) == NULL) {
			option_warnf(o, warn, true,
			    "Invalid queue sort order \"%s\"", val);
			return OPTION_ERR;
		}
		o->queue_sort_order = (char)tolower(c);
		break;
	case C_DEFCHARSET:
		/* sendmail turns newlines in the value into blanks */
		copy = xstrdup(val);
		for (v = 0; copy[v] != '\0'; v++)
			if (copy[v] == '\n')
				copy[v] = ' ';
		free(o->default_charset);
		o->default_charset = copy;
		break;
	case C_NORCPTACTION:
		if (strcasecmp(val, "none") == 0)
			o->no_recipient_action = OPT_NRA_NONE;
		else if (strcasecmp(val, "add-to") == 0)
			o->no_recipient_action = OPT_NRA_ADD_TO;
		else if (strcasecmp(val, "add-apparently-to") == 0)
			o->no_recipient_action = OPT_NRA_ADD_APPARENTLY_TO;
		else if (strcasecmp(val, "add-bcc") == 0)
			o->no_recipient_action = OPT_NRA_ADD_BCC;
		else if (strcasecmp(val, "add-to-undisclosed") == 0)
			o->no_recipient_action = OPT_NRA_ADD_TO_UNDISCLOSED;
		else {
			option_warnf(o, warn, true,
			    "Invalid NoRecipientAction: %s", val);
			return OPTION_ERR;
		}
		break;
	case C_SAFEFILEENV:
		copy = xstrdup(val);
		for (v = (int)strlen(copy); v > 0 && copy[v - 1] == '/'; v--)
			copy[v - 1] = '\0';
		if (*copy != '\0') {
			free(o->safe_file_environment);
			o->safe_file_environment = copy;
		} else
			free(copy);
		break;
	case C_MUSTQUOTE:
		if (strlen(val) < 50 - 10) {
			struct buf b = BUF_INIT;

			buf_adds(&b, "@,;:\\()[]");
			buf_adds(&b, val);
			free(o->must_quote_chars);
			o->must_quote_chars = buf_steal(&b);
		} else {
			option_warnf(o, warn, false, "Warning: MustQuoteChars "
			    "too long, ignored.");
			option_strset(&o->must_quote_chars, "@,;:\\()[]");
		}
		break;
	case C_OPCHARS:
		if (o->operator_chars != NULL)
			option_warnf(o, warn, false, "Warning: OperatorChars "
			    "is being redefined.\n         It should only be "
			    "set before ruleset definitions.");
		free(o->operator_chars);
		o->operator_chars = option_value_munch(val);
		break;
	case C_UGW:
		o->unsafe_group_writes = option_value_bool(val);
		if (!o->unsafe_group_writes) {
			option_words_dbs_set(o,
			    OPT_DBS_GROUPWRITABLEFORWARDFILESAFE);
			option_words_dbs_set(o,
			    OPT_DBS_GROUPWRITABLEINCLUDEFILESAFE);
		}
		break;
	case C_RUNASUSER:
		return option_user_runas(o, val, warn);
	case C_DBS:
		return option_words_dbs(o, val, warn);
	case C_DPI:
		if (strcasecmp(val, "loopback") == 0)
			o->dont_probe_interfaces = OPT_DPI_SKIPLOOPBACK;
		else if (option_value_bool(val))
			o->dont_probe_interfaces = OPT_DPI_PROBENONE;
		else
			o->dont_probe_interfaces = OPT_DPI_PROBEALL;
		break;
	case C_CNCTONLYTO:
		return option_connect_only_to(o, val, warn);
	case C_TRUSTUSER:
		return option_user_trusted(o, val, warn);
	case C_MAXMIMEHDRLEN:
		option_mime_lengths(o, val, warn);
		break;
	case C_MAXHDRSLEN:
		o->max_headers_length = option_value_int(val);
		if (o->max_headers_length > 0 &&
		    o->max_headers_length < MAXHDRSLEN / 2)
			option_warnf(o, warn, false, "Warning: MaxHeadersLength:"
			    " headers length limit set lower than %d",
			    MAXHDRSLEN / 2);
		break;
	case C_CLIENTPORT:
		option_list_add(&o->client_port_options, val);
		return option_port_options(o, val, warn);
	case C_MILTER:
		return option_timeout_milter(o, sub, val, sticky, warn);
	case C_SASLOPTS:
		return option_words_letters(o, "AuthOptions", "Aacdfmpy",
		    &o->auth_options, val, warn);
	case C_TLS_SRV_OPTS:
		bits = 0;
		v = option_words_letters(o, "TLSSrvOptions", "VC", &bits, val,
		    warn);
		if (bits & 1)
			o->tls_srv_no_verify = true;
		if (bits & 2)
			o->tls_srv_no_cert = true;
		return v;
	case C_SRV_SSL_OPTIONS:
		return option_words_ssl(o, &o->server_ssl_options,
		    "ServerSSLOptions", val, warn);
	case C_CLT_SSL_OPTIONS:
		return option_words_ssl(o, &o->client_ssl_options,
		    "ClientSSLOptions", val, warn);
	case C_SMTPUTF8:
		/* this build has no USE_EAI: sendmail 8.17 (Debian) says so */
		o->smtp_utf8 = option_value_bool(val);
		if (o->smtp_utf8) {
			option_warnf(o, warn, true, "readcf: option: SmtpUTF8 "
			    "set but no USE_EAI support");
			return OPTION_ERR;
		}
		option_warnf(o, warn, false, "Warning: Option: SmtpUTF8 "
		    "requires USE_EAI support");
		break;
	default:
		break;
	}
	return OPTION_OK;
}

/*
 * option_set_row - the common path once the row is known: stickiness,
 * trust, raw text, value, and pinning by the command line.
 */
static int
option_set_row(struct options *o, int row, const char *sub, const char *val,
    int flags, struct buf *warn)
{
	const struct option_desc *d = &option_tab[row];
	bool sticky = (flags & OPT_FROM_CMDLINE) != 0;
	bool safe = (flags & OPT_UNSAFE) == 0;
	int rc;

	if (sub != NULL && !(d->flags & F_SUBOPT))
		sub = NULL;
	if (!sticky && BIT_ISSET(o->sticky, d->code))
		return OPTION_OK;
	if (!safe && !(d->flags & F_SAFE) &&
	    !(d->code == 'M' && (val[0] == 'r' || val[0] == 's')))
		o->dropped_privs = true;
	if (sub == NULL)
		option_strset(&o->raw[row], val);
	rc = option_apply(o, row, sub, val, safe, sticky, warn);
	if (sticky && !(d->flags & (F_SUBOPT | F_NOSTICKY)))
		BIT_SET(o->sticky, d->code);
	return rc;
}

/* option_set_code - set by legacy letter (or internal code) */
static int
option_set_code(struct options *o, int code, const char *val, int flags,
    struct buf *warn)
{
	int row = option_row_by_code(code);

	if (row < 0) {
		option_warnf(o, warn, true, "readcf: unknown option name 0x%x",
		    code & 0xff);
		return OPTION_ERR;
	}
	return option_set_row(o, row, NULL, val, flags, warn);
}

/* option_set_long - set by long name, "Name.sub" allowed */
static int
option_set_long(struct options *o, const char *name, const char *val,
    int flags, struct buf *warn)
{
	char *n = xstrdup(name), *sub;
	int row, rc;

	if ((sub = strchr(n, '.')) != NULL)
		*sub++ = '\0';
	row = option_row_long(o, n, warn);
	rc = row < 0 ? OPTION_ERR :
	    option_set_row(o, row, sub, val, flags, warn);
	free(n);
	return rc;
}

/* option_set - set one option by long name or legacy letter */
int
option_set(struct options *o, const char *name, const char *value, int flags,
    struct buf *warn)
{
	if (value == NULL)
		value = "";
	if (name == NULL || name[0] == '\0') {
		option_warnf(o, warn, true, "readcf: null option name");
		return OPTION_ERR;
	}
	if (name[1] == '\0' && !(flags & OPT_LONGNAME))
		return option_set_code(o, (unsigned char)name[0], value, flags,
		    warn);
	return option_set_long(o, name, value, flags, warn);
}

/*
 * option_parse_long - "Name=value": blanks before '=' end the name,
 * blanks after it are skipped; no '=' means an empty value.  A name of
 * only blanks is empty (and, like sendmail, matches every option); an
 * '=' right at the start is a null name.
 */
int
option_parse_long(struct options *o, const char *text, int flags,
    struct buf *warn)
{
	const char *eq, *val;
	size_t end;
	char *name;
	int rc;

	if (text == NULL)
		text = "";
	eq = strchr(text, '=');
	end = eq != NULL ? (size_t)(eq - text) : strlen(text);
	if (end == 0) {
		option_warnf(o, warn, true, "readcf: null option name");
		return OPTION_ERR;
	}
	val = eq != NULL ? eq + 1 : text + end;
	while (end > 0 && text[end - 1] == ' ')
		end--;
	while (*val == ' ')
		val++;
	name = xstrndup(text, end);
	rc = option_set_long(o, name, val, flags & ~OPT_LONGNAME, warn);
	free(name);
	return rc;
}

/* option_parse_line - the text after the 'O' of an O line */
int
option_parse_line(struct options *o, const char *after_o, int flags,
    struct buf *warn)
{
	if (after_o == NULL)
		after_o = "";
	if (after_o[0] == ' ')
		return option_parse_long(o, after_o + 1, flags, warn);
	if (after_o[0] == '\0')
		return option_set_code(o, 0, "", flags, warn);
	return option_set_code(o, (unsigned char)after_o[0], after_o + 1,
	    flags, warn);
}

/* option_raw - the text last given for an option; NULL if never set */
const char *
option_raw(const struct options *o, const char *name)
{
	const char *dot;
	int row;

	if (name == NULL || *name == '\0')
		return NULL;
	if (name[1] == '\0') {
		row = option_row_by_code((unsigned char)name[0]);
		return row < 0 ? NULL : o->raw[row];
	}
	if ((dot = strchr(name, '.')) != NULL) {
		size_t n = (size_t)(dot - name);

		if (n == 7 && strncasecmp(name, "Timeout", 7) == 0) {
			row = option_timeout_row(dot + 1);
			return row < 0 ? NULL : o->raw_to[row];
		}
		if (n == 6 && strncasecmp(name, "Milter", 6) == 0) {
			row = option_timeout_milter_row(dot + 1);
			return row < 0 ? NULL : o->raw_milter[row];
		}
		return NULL;
	}
	row = option_row_exact(name);
	return row < 0 ? NULL : o->raw[row];
}
