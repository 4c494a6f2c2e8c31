/*
 * option - sendmail 8.17's option table: every O-line / -o / -O option.
 *
 * A struct options holds one typed field per option, sendmail's built-in
 * defaults (option_init), and the raw text last given for each option
 * (option_raw), so later code can read anything by name.
 *
 * Names: long names are matched case-insensitively and, as in sendmail,
 * an unambiguous prefix is accepted ("O Timeo=5m" sets Timeout, with a
 * note); "Name.sub" selects a sub-option (Timeout.connect, Milter.LogLevel;
 * on other options the ".sub" part is ignored).  A one-character name is
 * the legacy letter ("d" = DeliveryMode, "Q" = QueueDirectory, "r" =
 * the old Timeout list, "T" = QueueTimeout, "g" = default group, "M" =
 * define a macro).
 *
 * Diagnostics: every message is appended to the caller's buf as one or
 * more complete lines ending in '\n', exactly as sendmail 8.17 prints
 * them (sendmail writes them to stdout in -bt mode).  Messages that
 * sendmail prints through its error routines carry the location prefix
 * "FILE: line N: " when option_where() has named a file; messages that
 * sendmail prints plainly ("Warning: ...") never do.  Command-line
 * options (no file) get no prefix, as in sendmail.
 *
 * Values: strings are stored as written, with $x macros unexpanded
 * (sendmail expands some TLS file options at set time; callers expand
 * later).  Durations are seconds (OPTION_TIME_NOW for "now").
 *
 * Ownership: struct options owns every string and list in it;
 * option_free releases them.  No function here aborts or crashes on any
 * input; allocation failure panics (util/buf).
 */
#ifndef TERN_OPTION_H
#define TERN_OPTION_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

/* flags for option_set / option_parse_line */
#define OPT_FROM_CMDLINE 0x01	/* -o / -O: sticky, later .cf lines ignored */
#define OPT_UNSAFE	0x02	/* set by an untrusted user (not root) */
#define OPT_LONGNAME	0x04	/* a one-character name is a long name */

/*
 * Return values.  They follow sendmail's error classes, which decide its
 * exit status: OPTION_ERR is what sendmail reports through syserr (its
 * -bt run then ends with status 70, EX_SOFTWARE, and goes on loading);
 * OPTION_OK may still come with notes in warn ("Option X used as
 * abbreviation", "Invalid time unit", "Warning: ..."), which leave the
 * exit status alone; OPTION_FATAL is where sendmail stops at once with
 * status 64 (EX_USAGE): an unknown DeliveryMode or EightBitMode letter.
 */
#define OPTION_OK	0
#define OPTION_ERR	(-1)
#define OPTION_FATAL	(-2)

#define OPTION_TIME_NOW	(-1L)	/* "now" in a duration (queue return) */

/* DeliveryMode (option d): sendmail's letters */
#define OPT_DM_INTERACTIVE 'i'
#define OPT_DM_BACKGROUND  'b'
#define OPT_DM_QUEUE	   'q'
#define OPT_DM_DEFER	   'd'

/* ErrorMode (option e) */
#define OPT_EM_PRINT	'p'
#define OPT_EM_QUIET	'q'
#define OPT_EM_MAIL	'm'
#define OPT_EM_WRITE	'w'
#define OPT_EM_BERKNET	'e'

/* EightBitMode (option 8) */
#define OPT_8BIT_PASS8	'p'	/* pass8: pass 8-bit, convert MIME */
#define OPT_8BIT_MIMIFY 'm'	/* mimify: convert 8-bit to MIME */
#define OPT_8BIT_STRICT 's'	/* strict: reject unlabelled 8-bit */

/* SuperSafe (option s) */
enum opt_supersafe {
	OPT_SAFE_FALSE, OPT_SAFE_TRUE, OPT_SAFE_INTERACTIVE,
	OPT_SAFE_POSTMILTER
};

/* QueueSortOrder: sendmail's letters */
#define OPT_QSO_PRIORITY 'p'
#define OPT_QSO_HOST	 'h'
#define OPT_QSO_FILENAME 'f'
#define OPT_QSO_MODTIME	 'm'
#define OPT_QSO_TIME	 't'
#define OPT_QSO_RANDOM	 'r'
#define OPT_QSO_SHUFFLE	 's'
#define OPT_QSO_NONE	 'n'

enum opt_norcpt {
	OPT_NRA_NONE, OPT_NRA_ADD_TO, OPT_NRA_ADD_APPARENTLY_TO,
	OPT_NRA_ADD_BCC, OPT_NRA_ADD_TO_UNDISCLOSED
};

enum opt_probe {
	OPT_DPI_PROBEALL, OPT_DPI_PROBENONE, OPT_DPI_SKIPLOOPBACK
};

/* PrivacyOptions bits (sendmail's values) */
#define OPT_PRIV_PUBLIC		0x00000000UL
#define OPT_PRIV_NEEDMAILHELO	0x00000001UL
#define OPT_PRIV_NEEDEXPNHELO	0x00000002UL
#define OPT_PRIV_NEEDVRFYHELO	0x00000004UL
#define OPT_PRIV_NOEXPN		0x00000008UL
#define OPT_PRIV_NOVRFY		0x00000010UL
#define OPT_PRIV_AUTHWARNINGS	0x00000020UL
#define OPT_PRIV_NOVERB		0x00000040UL
#define OPT_PRIV_RESTRICTMAILQ	0x00010000UL
#define OPT_PRIV_RESTRICTQRUN	0x00020000UL
#define OPT_PRIV_RESTRICTEXPAND	0x00040000UL
#define OPT_PRIV_NOETRN		0x00080000UL
#define OPT_PRIV_NOBODYRETN	0x00100000UL
#define OPT_PRIV_NORECEIPTS	0x00200000UL
#define OPT_PRIV_NOACTUALRECIPIENT 0x00400000UL
#define OPT_PRIV_GOAWAY		0x0000ffffUL	/* all the SMTP-visible ones */

/* DontBlameSendmail flags: bit numbers into options.dbs */
enum opt_dbs {
	OPT_DBS_ASSUMESAFECHOWN = 1,
	OPT_DBS_GROUPWRITABLEDIRPATHSAFE,
	OPT_DBS_GROUPWRITABLEFORWARDFILESAFE,
	OPT_DBS_GROUPWRITABLEINCLUDEFILESAFE,
	OPT_DBS_GROUPWRITABLEALIASFILE,
	OPT_DBS_WORLDWRITABLEALIASFILE,
	OPT_DBS_FORWARDFILEINUNSAFEDIRPATH,
	OPT_DBS_INCLUDEFILEINUNSAFEDIRPATH,
	OPT_DBS_MAPINUNSAFEDIRPATH,
	OPT_DBS_LINKEDALIASFILEINWRITABLEDIR,
	OPT_DBS_LINKEDCLASSFILEINWRITABLEDIR,
	OPT_DBS_LINKEDFORWARDFILEINWRITABLEDIR,
	OPT_DBS_LINKEDINCLUDEFILEINWRITABLEDIR,
	OPT_DBS_LINKEDMAPINWRITABLEDIR,
	OPT_DBS_LINKEDSERVICESWITCHFILEINWRITABLEDIR,
	OPT_DBS_FILEDELIVERYTOHARDLINK,
	OPT_DBS_FILEDELIVERYTOSYMLINK,
	OPT_DBS_WRITEMAPTOHARDLINK,
	OPT_DBS_WRITEMAPTOSYMLINK,
	OPT_DBS_WRITESTATSTOHARDLINK,
	OPT_DBS_WRITESTATSTOSYMLINK,
	OPT_DBS_FORWARDFILEINGROUPWRITABLEDIRPATH,
	OPT_DBS_INCLUDEFILEINGROUPWRITABLEDIRPATH,
	OPT_DBS_CLASSFILEINUNSAFEDIRPATH,
	OPT_DBS_ERRORHEADERINUNSAFEDIRPATH,
	OPT_DBS_HELPFILEINUNSAFEDIRPATH,
	OPT_DBS_FORWARDFILEINUNSAFEDIRPATHSAFE,
	OPT_DBS_INCLUDEFILEINUNSAFEDIRPATHSAFE,
	OPT_DBS_RUNPROGRAMINUNSAFEDIRPATH,
	OPT_DBS_RUNWRITABLEPROGRAM,
	OPT_DBS_NONROOTSAFEADDR,
	OPT_DBS_TRUSTSTICKYBIT,
	OPT_DBS_DONTWARNFORWARDFILEINUNSAFEDIRPATH,
	OPT_DBS_INSUFFICIENTENTROPY,
	OPT_DBS_GROUPREADABLESASLDBFILE,
	OPT_DBS_GROUPWRITABLESASLDBFILE,
	OPT_DBS_GROUPWRITABLEFORWARDFILE,
	OPT_DBS_GROUPWRITABLEINCLUDEFILE,
	OPT_DBS_WORLDWRITABLEFORWARDFILE,
	OPT_DBS_WORLDWRITABLEINCLUDEFILE,
	OPT_DBS_GROUPREADABLEKEYFILE,
	OPT_DBS_GROUPREADABLEDEFAULTAUTHINFOFILE,
	OPT_DBS_MAX
};

/* ResolverOptions flags (resolver names; bits of options.resolver_set/clr) */
enum opt_res {
	OPT_RES_DEBUG, OPT_RES_AAONLY, OPT_RES_USEVC, OPT_RES_PRIMARY,
	OPT_RES_IGNTC, OPT_RES_RECURSE, OPT_RES_DEFNAMES, OPT_RES_STAYOPEN,
	OPT_RES_DNSRCH, OPT_RES_USE_EDNS0, OPT_RES_USE_DNSSEC, OPT_RES_TRUSTAD,
	OPT_RES_MAX
};

/* AuthOptions letters as bits */
#define OPT_AUTH_A	0x001	/* A: AUTH= parameter only when authenticated */
#define OPT_AUTH_a	0x002	/* a: no active (non-dictionary) attacks */
#define OPT_AUTH_c	0x004	/* c: mechanisms that pass client credentials */
#define OPT_AUTH_d	0x008	/* d: no dictionary attacks */
#define OPT_AUTH_f	0x010	/* f: forward secrecy required */
#define OPT_AUTH_m	0x020	/* m: mutual authentication required */
#define OPT_AUTH_p	0x040	/* p: no plaintext passwords (unless TLS) */
#define OPT_AUTH_y	0x080	/* y: no anonymous mechanisms */

/* Timeout sub-options: index into options.to[] */
enum opt_to {
	OPT_TO_INITIAL, OPT_TO_CONNECT, OPT_TO_ICONNECT, OPT_TO_ACONNECT,
	OPT_TO_HELO, OPT_TO_MAIL, OPT_TO_RCPT, OPT_TO_DATAINIT,
	OPT_TO_DATABLOCK, OPT_TO_DATAFINAL, OPT_TO_RSET, OPT_TO_QUIT,
	OPT_TO_MISC, OPT_TO_COMMAND, OPT_TO_IDENT, OPT_TO_FILEOPEN,
	OPT_TO_CONTROL, OPT_TO_HOSTSTATUS, OPT_TO_LHLO, OPT_TO_AUTH,
	OPT_TO_STARTTLS,
	OPT_TO_MAX
};

/* message classes for queuereturn / queuewarn */
enum opt_toc {
	OPT_TOC_NORMAL, OPT_TOC_URGENT, OPT_TOC_NONURGENT, OPT_TOC_DSN,
	OPT_TOC_MAX
};

/* resolver timeouts: default, first attempt, normal lookups */
enum opt_rto { OPT_RTO_DEFAULT, OPT_RTO_FIRST, OPT_RTO_NORMAL, OPT_RTO_MAX };

/* Milter.macros.<stage> */
enum opt_milter_macros {
	OPT_MM_CONNECT, OPT_MM_HELO, OPT_MM_ENVFROM, OPT_MM_ENVRCPT,
	OPT_MM_DATA, OPT_MM_EOM, OPT_MM_EOH, OPT_MM_MAX
};

/* A list of raw strings, in the order given. */
struct option_list {
	char **v;
	size_t n;
};

/* A +NAME / -NAME / number word list (ServerSSLOptions, ClientSSLOptions). */
struct option_sslopts {
	struct option_list set;		/* names (or numbers) to turn on */
	struct option_list clear;	/* names (or numbers) to turn off */
};

#define OPTION_NTAB	148	/* rows in the option table */
#define OPTION_NTIMEOUT	39	/* Timeout.* names, aliases included */

struct options {
	/* -- messages and queue */
	bool seven_bit_input;		/* SevenBitInput (7) */
	char eight_bit_mode;		/* EightBitMode (8): OPT_8BIT_* */
	struct option_list alias_files;	/* AliasFile (A): one spec each */
	long alias_wait;		/* AliasWait (a), seconds */
	char blank_sub;			/* BlankSub (B) */
	long min_free_blocks;		/* MinFreeBlocks (b) */
	int checkpoint_interval;	/* CheckpointInterval (C) */
	bool hold_expensive;		/* HoldExpensive (c) */
	char delivery_mode;		/* DeliveryMode (d): OPT_DM_* */
	char *error_header;		/* ErrorHeader (E) */
	char error_mode;		/* ErrorMode (e): OPT_EM_* */
	unsigned temp_file_mode;	/* TempFileMode (F) */
	bool save_from_line;		/* SaveFromLine (f) */
	bool match_gecos;		/* MatchGECOS (G) */
	char *help_file;		/* HelpFile (H) */
	int max_hop_count;		/* MaxHopCount (h) */
	unsigned resolver_set;		/* ResolverOptions (I): 1 << OPT_RES_* */
	unsigned resolver_clear;
	bool has_wildcard_mx;		/* ResolverOptions HasWildcardMX */
	bool work_around_broken_aaaa;	/* ResolverOptions WorkAroundBrokenAAAA */
	bool ignore_dots;		/* IgnoreDots (i) */
	char *forward_path;		/* ForwardPath (J) */
	bool send_mime_errors;		/* SendMimeErrors (j) */
	int connection_cache_size;	/* ConnectionCacheSize (k) */
	long connection_cache_timeout;	/* ConnectionCacheTimeout (K) */
	bool use_errors_to;		/* UseErrorsTo (l) */
	int log_level;			/* LogLevel (L) */
	bool me_too;			/* MeToo (m) */
	struct option_list macro_defs;	/* option M: "Xvalue" / "{name}value" */
	bool check_aliases;		/* CheckAliases (n) */
	bool old_style_headers;		/* OldStyleHeaders (o) */
	struct option_list daemon_port_options; /* DaemonPortOptions (O) */
	unsigned long privacy;		/* PrivacyOptions (p): OPT_PRIV_* */
	char *postmaster_copy;		/* PostmasterCopy (P) */
	long queue_factor;		/* QueueFactor (q) */
	char *queue_directory;		/* QueueDirectory (Q) */
	bool dont_prune_routes;		/* DontPruneRoutes (R) */
	char *status_file;		/* StatusFile (S) */
	enum opt_supersafe super_safe;	/* SuperSafe (s) */
	char *time_zone_spec;		/* TimeZoneSpec (t); NULL = unset TZ */
	char *user_database_spec;	/* UserDatabaseSpec (U) */
	/* DefaultUser (u) and option g: read them through
	   option_default_uid/gid (option_user.c), which look sendmail's
	   default user up on first use, not at every start */
	char *default_user;		/* DefaultUser (u): user name */
	long default_uid;		/* DefaultUser uid */
	long default_gid;		/* DefaultUser group / option g */
	bool default_ids_pending;	/* not looked up yet */
	char *fallback_mx_host;		/* FallbackMXhost (V) */
	bool verbose;			/* Verbose (v) */
	bool try_null_mx_list;		/* TryNullMXList (w) */
	int queue_la;			/* QueueLA (x) */
	int refuse_la;			/* RefuseLA (X) */
	long recipient_factor;		/* RecipientFactor (y) */
	bool fork_each_job;		/* ForkEachJob (Y) */
	long class_factor;		/* ClassFactor (z) */
	long retry_factor;		/* RetryFactor (Z) */
	char queue_sort_order;		/* QueueSortOrder: OPT_QSO_* */
	char *hosts_file;		/* HostsFile */
	long min_queue_age;		/* MinQueueAge, seconds */
	long max_queue_age;		/* MaxQueueAge, seconds */
	char *default_charset;		/* DefaultCharSet */
	char *service_switch_file;	/* ServiceSwitchFile */
	long dial_delay;		/* DialDelay, seconds */
	enum opt_norcpt no_recipient_action; /* NoRecipientAction */
	char *safe_file_environment;	/* SafeFileEnvironment */
	long max_message_size;		/* MaxMessageSize (0: no limit) */
	bool colon_ok_in_addr;		/* ColonOkInAddr */
	int max_queue_run_size;		/* MaxQueueRunSize */
	int max_daemon_children;	/* MaxDaemonChildren */
	bool dont_expand_cnames;	/* DontExpandCnames */
	char *must_quote_chars;		/* MustQuoteChars (the full set) */
	char *smtp_greeting_message;	/* SmtpGreetingMessage */
	char *unix_from_line;		/* UnixFromLine */
	char *operator_chars;		/* OperatorChars; NULL: not set */
	bool dont_init_groups;		/* DontInitGroups */
	bool single_line_from_header;	/* SingleLineFromHeader */
	bool allow_bogus_helo;		/* AllowBogusHELO */
	int connection_rate_throttle;	/* ConnectionRateThrottle */
	long connection_rate_window_size; /* ConnectionRateWindowSize, s */
	bool unsafe_group_writes;	/* UnsafeGroupWrites */
	char *double_bounce_address;	/* DoubleBounceAddress */
	char *host_status_directory;	/* HostStatusDirectory */
	bool single_thread_delivery;	/* SingleThreadDelivery */
	char *run_as_user;		/* RunAsUser: the text given */
	long run_as_uid;		/* -1: not set */
	long run_as_gid;		/* -1: not set */
	bool rrt_implies_dsn;		/* RrtImpliesDsn */
	char *pid_file;			/* PidFile */
	unsigned char dbs[(OPT_DBS_MAX + 7) / 8]; /* DontBlameSendmail bits */
	enum opt_probe dont_probe_interfaces; /* DontProbeInterfaces */
	int max_recipients_per_message;	/* MaxRecipientsPerMessage */
	char *dead_letter_drop;		/* DeadLetterDrop */
	int max_alias_recursion;	/* MaxAliasRecursion */
	char *connect_only_to;		/* ConnectOnlyTo (a valid IP address) */
	char *trusted_user;		/* TrustedUser: the text given */
	long trusted_uid;		/* 0: not set */
	int max_mime_header_length;	/* MaxMimeHeaderLength header part */
	int max_mime_field_length;	/* ... /field part */
	char *control_socket_name;	/* ControlSocketName */
	int max_headers_length;		/* MaxHeadersLength */
	char *process_title_prefix;	/* ProcessTitlePrefix */
	int max_noop_commands;		/* MaxNOOPCommands */
	char *helo_name;		/* HeloName */
	char *fallback_smart_host;	/* FallbackSmartHost */
	bool soft_bounce;		/* SoftBounce */
	bool reject_nul;		/* RejectNUL */
	bool use_compressed_ipv6_addresses; /* UseCompressedIPv6Addresses */
	bool smtp_utf8;			/* SmtpUTF8 */

	/* -- queue runs and load */
	int bad_rcpt_throttle;		/* BadRcptThrottle */
	int bad_rcpt_shutdown;		/* BadRcptShutdown */
	int bad_rcpt_shutdown_good;	/* BadRcptShutdownGood */
	long deliver_by_min;		/* DeliverByMin, seconds */
	int max_queue_children;		/* MaxQueueChildren */
	int max_runners_per_queue;	/* MaxRunnersPerQueue */
	int nice_queue_run;		/* NiceQueueRun */
	int delay_la;			/* DelayLA */
	int fast_split;			/* FastSplit */
	long reject_log_interval;	/* RejectLogInterval, seconds */
	bool requires_dirfsync;		/* RequiresDirfsync */
	long shared_memory_key;		/* SharedMemoryKey */
	char *shared_memory_key_file;	/* SharedMemoryKeyFile */
	int data_file_buffer_size;	/* DataFileBufferSize */
	int xscript_file_buffer_size;	/* XscriptFileBufferSize */
	char *mailbox_database;		/* MailboxDatabase */
	bool use_msp;			/* UseMSP */
	char *direct_submission_modifiers; /* DirectSubmissionModifiers */
	struct option_list client_port_options; /* ClientPortOptions */
	char *ldap_default_spec;	/* LDAPDefaultSpec */
	char *input_mail_filters;	/* InputMailFilters */
	int milter_log_level;		/* Milter.LogLevel; -1: use LogLevel */
	char *milter_macros[OPT_MM_MAX]; /* Milter.macros.*: accumulated */
	unsigned queue_file_mode;	/* QueueFileMode */

	/* -- AUTH and TLS */
	char *default_auth_info;	/* DefaultAuthInfo */
	char *auth_mechanisms;		/* AuthMechanisms; NULL: none */
	char *auth_realm;		/* AuthRealm */
	unsigned auth_options;		/* AuthOptions: OPT_AUTH_* */
	int auth_max_bits;		/* AuthMaxBits */
	char *server_cert_file;		/* ServerCertFile */
	char *server_key_file;		/* ServerKeyFile */
	char *client_cert_file;		/* ClientCertFile */
	char *client_key_file;		/* ClientKeyFile */
	char *ca_cert_file;		/* CACertFile */
	char *ca_cert_path;		/* CACertPath */
	char *dh_parameters;		/* DHParameters */
	char *cipher_list;		/* CipherList */
	char *cipher_suites;		/* CipherSuites */
	char *rand_file;		/* RandFile */
	char *crl_file;			/* CRLFile */
	char *crl_path;			/* CRLPath */
	char *cert_fingerprint_algorithm; /* CertFingerprintAlgorithm */
	char *ssl_engine;		/* SSLEngine */
	char *ssl_engine_path;		/* SSLEnginePath */
	bool tls_srv_no_verify;		/* TLSSrvOptions V */
	bool tls_srv_no_cert;		/* TLSSrvOptions C */
	struct option_sslopts server_ssl_options; /* ServerSSLOptions */
	struct option_sslopts client_ssl_options; /* ClientSSLOptions */
	bool tls_fallback_to_clear;	/* TLSFallbacktoClear */
	bool set_cert_altnames;		/* SetCertAltnames */
	bool strict_transport_security;	/* StrictTransportSecurity */

	/* -- Timeout.* (seconds; resolver retry is a count) */
	long to[OPT_TO_MAX];		/* OPT_TO_* */
	long to_queuereturn[OPT_TOC_MAX]; /* Timeout.queuereturn[.class] */
	long to_queuewarn[OPT_TOC_MAX];	/* Timeout.queuewarn[.class]; 0 off */
	long to_resolver_retrans[OPT_RTO_MAX]; /* -1: resolver default */
	long to_resolver_retry[OPT_RTO_MAX];   /* -1: resolver default */

	/* -- bookkeeping */
	bool dropped_privs;	/* an unsafe option came from an untrusted user */
	bool warn_q_option;	/* QueueDirectory set by an untrusted user */
	char *where_file;	/* location for messages, see option_where */
	int where_line;
	unsigned char sticky[256 / 8];		/* by option code */
	unsigned char sticky_to[64 / 8];	/* by Timeout code */
	unsigned char sticky_milter[16 / 8];	/* by Milter sub-option */
	char *raw[OPTION_NTAB];			/* last text given, by row */
	char *raw_to[OPTION_NTIMEOUT];		/* by Timeout name row */
	char *raw_milter[OPT_MM_MAX + 1];	/* LogLevel, macros.* */
};

/* option_init - sendmail 8.17's built-in defaults */
void option_init(struct options *);

/* option_free - release everything the options own */
void option_free(struct options *);

/*
 * option_where - name the file and line for the next messages
 * (file NULL: no location prefix, as for command-line options).
 */
void option_where(struct options *, const char *file, int line);

/*
 * option_set - set one option.  name: long name (prefix allowed,
 * "Timeout.sub" form) or, if one character long and without
 * OPT_LONGNAME, the legacy letter; empty is sendmail's "null option
 * name".  value: the text after '=' (NULL is taken as "").  For -O text
 * as typed, option_parse_long splits "Name=value" as sendmail does.
 */
int option_set(struct options *, const char *name, const char *value,
    int flags, struct buf *warn);

/*
 * option_parse_line - the text after the 'O' of an O line:
 * " Name=value", " Name", " Name=" or the legacy "xvalue".
 */
int option_parse_line(struct options *, const char *after_o, int flags,
    struct buf *warn);

/*
 * option_parse_long - "Name=value" as given to -O (the long form of an
 * O line without its leading space).
 */
int option_parse_long(struct options *, const char *text, int flags,
    struct buf *warn);

/*
 * option_raw - the text last given for an option (exact long name,
 * case-insensitive, or "Timeout.sub", "Milter.sub", or a legacy letter);
 * NULL if never set.
 */
const char *option_raw(const struct options *, const char *name);

/*
 * option_operator_chars_default - record that the tokenizer has fixed its
 * operator characters (sendmail's prescan does so on first use: $o below
 * V7, else ".:@[]") while OperatorChars was unset.  A later OperatorChars
 * option then draws sendmail's "is being redefined" warning (and, as in
 * sendmail, can no longer change the tokenizer).
 */
void option_operator_chars_default(struct options *, const char *chars);

/* option_canon_name - the long name for a name or letter; NULL if none */
const char *option_canon_name(const char *name);

/* option_count - rows in the table (named options and letters) */
size_t option_count(void);

/* option_name_at - long name of row i ("" for the letter-only g and M) */
const char *option_name_at(size_t i);

/* option_letter_at - legacy letter of row i, 0 if it has none */
int option_letter_at(size_t i);

/* option_dbs_isset - test a DontBlameSendmail flag */
bool option_dbs_isset(const struct options *, enum opt_dbs);

/* option_timeout_name_at - the i-th Timeout sub-option name; NULL at end */
const char *option_timeout_name_at(size_t i);

/*
 * option_default_uid, option_default_gid - DefaultUser's ids (sendmail's
 * default user, mailnull, sendmail or daemon, unless the .cf names one),
 * looked up the first time they are needed
 */
long option_default_uid(const struct options *);
long option_default_gid(const struct options *);

#endif
