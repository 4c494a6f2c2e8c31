/* test_option.c - sendmail 8.17's option table: names, types, stickiness */
#include "t.h"
#include "cf/option.h"

#include <stdlib.h>
#include <string.h>

/* set - O-line text after 'O', from the .cf; returns the rc */
static int
set_line(struct options *o, const char *line, struct buf *w)
{
	buf_reset(w);
	return option_parse_line(o, line, 0, w);
}

static void
test_defaults(void)
{
	struct options o;

	option_init(&o);
	T_INTEQ(o.delivery_mode, 'b');
	T_INTEQ(o.error_mode, 'p');
	T_INTEQ(o.log_level, 9);
	T_INTEQ(o.max_hop_count, 25);
	T_INTEQ(o.temp_file_mode, 0600);
	T_INTEQ(o.queue_file_mode, 0600);
	T_INTEQ(o.privacy, OPT_PRIV_PUBLIC);
	T_INTEQ(o.super_safe, OPT_SAFE_TRUE);
	T_INTEQ(o.queue_sort_order, 'p');
	T_INTEQ(o.max_headers_length, 32768);
	T_INTEQ(o.max_mime_header_length, 2048);
	T_INTEQ(o.max_mime_field_length, 1024);
	T_INTEQ(o.max_alias_recursion, 10);
	T_INTEQ(o.max_noop_commands, 20);
	T_INTEQ(o.connection_cache_size, 1);
	T_INTEQ(o.connection_cache_timeout, 300);
	T_INTEQ(o.to[OPT_TO_INITIAL], 300);
	T_INTEQ(o.to[OPT_TO_MAIL], 600);
	T_INTEQ(o.to[OPT_TO_RCPT], 3600);
	T_INTEQ(o.to[OPT_TO_IDENT], 5);
	T_INTEQ(o.to[OPT_TO_CONNECT], 0);
	T_INTEQ(o.to[OPT_TO_HOSTSTATUS], 1800);
	T_INTEQ(o.to_queuereturn[OPT_TOC_NORMAL], 5 * 86400);
	T_INTEQ(o.to_queuewarn[OPT_TOC_URGENT], 0);
	T_INTEQ(o.to_resolver_retry[OPT_RTO_FIRST], -1);
	T_CHECK(o.me_too && o.send_mime_errors && o.colon_ok_in_addr);
	T_CHECK(!o.use_msp && !o.seven_bit_input && !o.ignore_dots);
	T_STREQ(o.hosts_file, "/etc/hosts");
	T_STREQ(o.service_switch_file, "/etc/mail/service.switch");
	T_STREQ(o.forward_path, "$z/.forward");
	T_STREQ(o.unix_from_line, "From $g  $d");
	T_STREQ(o.smtp_greeting_message, "$j Sendmail $v ready at $b");
	T_STREQ(o.must_quote_chars, "@,;:\\()[].'");
	T_STREQ(o.double_bounce_address, "postmaster");
	T_CHECK(o.queue_directory == NULL && o.operator_chars == NULL);
	T_CHECK(o.default_user == NULL && o.default_ids_pending);
	/* looked up on first use: someone, never root */
	T_CHECK(option_default_uid(&o) > 0 && o.default_user != NULL);
	T_CHECK(!o.default_ids_pending);
	T_CHECK(option_raw(&o, "DeliveryMode") == NULL);
	T_INTEQ(option_count(), OPTION_NTAB);
	option_free(&o);
}

static void
test_names(void)
{
	size_t i, named = 0, letters = 0;

	for (i = 0; i < option_count(); i++) {
		if (option_name_at(i)[0] != '\0')
			named++;
		if (option_letter_at(i) != 0)
			letters++;
	}
	T_INTEQ(named, 146);
	T_INTEQ(letters, 51);
	T_CHECK(option_name_at(option_count()) == NULL);
	T_STREQ(option_canon_name("d"), "DeliveryMode");
	T_STREQ(option_canon_name("Q"), "QueueDirectory");
	T_STREQ(option_canon_name("r"), "Timeout");
	T_STREQ(option_canon_name("deliverymode"), "DeliveryMode");
	T_CHECK(option_canon_name("W") == NULL);
	T_CHECK(option_canon_name("Deliv") == NULL);
	T_STREQ(option_timeout_name_at(0), "initial");
	T_CHECK(option_timeout_name_at(OPTION_NTIMEOUT) == NULL);
}

static const struct {
	const char *val;
	int want;
} bools[] = {
	{ "True", 1 }, { "true", 1 }, { "T", 1 }, { "t", 1 }, { "Yes", 1 },
	{ "y", 1 }, { "", 1 }, { "False", 0 }, { "f", 0 }, { "no", 0 },
	{ "1", 0 }, { "0", 0 }, { "on", 0 }, { "x", 0 },
};

static void
test_bool(void)
{
	struct options o;
	struct buf w = BUF_INIT;
	size_t i;

	option_init(&o);
	for (i = 0; i < sizeof(bools) / sizeof(bools[0]); i++) {
		T_INTEQ(option_set(&o, "UseMSP", bools[i].val, 0, &w), 0);
		T_INTEQ(o.use_msp, bools[i].want);
	}
	T_INTEQ(set_line(&o, " SevenBitInput", &w), 0);
	T_CHECK(o.seven_bit_input);
	T_INTEQ(set_line(&o, " SevenBitInput=False", &w), 0);
	T_CHECK(!o.seven_bit_input);
	T_INTEQ(set_line(&o, " SevenBitInput=  t", &w), 0);
	T_CHECK(o.seven_bit_input);
	T_INTEQ(set_line(&o, "i", &w), 0);		/* Oi = IgnoreDots */
	T_CHECK(o.ignore_dots);
	T_INTEQ(set_line(&o, "iFalse", &w), 0);
	T_CHECK(!o.ignore_dots);
	T_STREQ(buf_str(&w), "");
	buf_free(&w);
	option_free(&o);
}

static const struct {
	const char *name, *val;
	long want;
	const char *warn;
} times[] = {
	{ "ConnectionCacheTimeout", "1h30m", 5400, "" },
	{ "ConnectionCacheTimeout", "90", 5400, "" },
	{ "ConnectionCacheTimeout", "90s", 90, "" },
	{ "ConnectionCacheTimeout", "2d", 172800, "" },
	{ "ConnectionCacheTimeout", "1w", 604800, "" },
	{ "ConnectionCacheTimeout", "1w2d3h4m5s", 788645, "" },
	{ "ConnectionCacheTimeout", "", 0, "" },
	{ "ConnectionCacheTimeout", "now", OPTION_TIME_NOW, "" },
	{ "ConnectionCacheTimeout", "-5m", -300, "" },
	{ "ConnectionCacheTimeout", "5x", 300,
	    "x.cf: line 7: Invalid time unit `x'\n" },
	{ "ConnectionCacheTimeout", "ab", 0,
	    "x.cf: line 7: Invalid time unit `a'\n"
	    "x.cf: line 7: Invalid time unit `b'\n" },
	{ "ConnectionCacheTimeout", "3 m", 180,
	    "x.cf: line 7: Invalid time unit ` '\n" },
	{ "MinQueueAge", "30", 1800, "" },
	{ "DialDelay", "10", 10, "" },
	{ "DeliverByMin", "10", 10, "" },
	{ "RejectLogInterval", "2", 7200, "" },
	{ "ConnectionRateWindowSize", "60", 60, "" },
	{ "MaxQueueAge", "1", 60, "" },
	{ "AliasWait", "10", 600, "" },
	{ "AliasWait", "", 300, "" },
	{ "K", "3", 180, "" },
};

static void
test_time(void)
{
	struct options o;
	struct buf w = BUF_INIT;
	size_t i;
	long got;

	option_init(&o);
	option_where(&o, "x.cf", 7);
	for (i = 0; i < sizeof(times) / sizeof(times[0]); i++) {
		buf_reset(&w);
		option_set(&o, times[i].name, times[i].val, 0, &w);
		if (strcmp(times[i].name, "MinQueueAge") == 0)
			got = o.min_queue_age;
		else if (strcmp(times[i].name, "DialDelay") == 0)
			got = o.dial_delay;
		else if (strcmp(times[i].name, "DeliverByMin") == 0)
			got = o.deliver_by_min;
		else if (strcmp(times[i].name, "RejectLogInterval") == 0)
			got = o.reject_log_interval;
		else if (strcmp(times[i].name, "ConnectionRateWindowSize") == 0)
			got = o.connection_rate_window_size;
		else if (strcmp(times[i].name, "MaxQueueAge") == 0)
			got = o.max_queue_age;
		else if (strcmp(times[i].name, "AliasWait") == 0)
			got = o.alias_wait;
		else
			got = o.connection_cache_timeout;
		T_INTEQ(got, times[i].want);
		T_STREQ(buf_str(&w), times[i].warn);
	}
	/* saturates instead of overflowing */
	option_set(&o, "K", "99999999999999999999999w", 0, &w);
	T_CHECK(o.connection_cache_timeout > 0);
	buf_free(&w);
	option_free(&o);
}

static void
test_timeouts(void)
{
	struct options o;
	struct buf w = BUF_INIT;
	int i;

	option_init(&o);
	option_where(&o, "x.cf", 3);
	T_INTEQ(set_line(&o, " Timeout.connect=1h", &w), 0);
	T_INTEQ(o.to[OPT_TO_CONNECT], 3600);
	T_INTEQ(set_line(&o, " Timeout.Connect=2", &w), 0);
	T_INTEQ(o.to[OPT_TO_CONNECT], 120);
	T_INTEQ(set_line(&o, " Timeout.connect", &w), 0);
	T_INTEQ(o.to[OPT_TO_CONNECT], 0);
	T_INTEQ(set_line(&o, " Timeout.queuereturn=5", &w), 0);
	for (i = 0; i < OPT_TOC_MAX; i++)
		T_INTEQ(o.to_queuereturn[i], 5 * 86400);
	T_INTEQ(set_line(&o, " Timeout.queuereturn.urgent=2d", &w), 0);
	T_INTEQ(o.to_queuereturn[OPT_TOC_URGENT], 2 * 86400);
	T_INTEQ(o.to_queuereturn[OPT_TOC_NORMAL], 5 * 86400);
	T_INTEQ(set_line(&o, " Timeout.queuereturn=now", &w), 0);
	T_INTEQ(o.to_queuereturn[OPT_TOC_DSN], OPTION_TIME_NOW);
	T_INTEQ(set_line(&o, " Timeout.queuewarn=4", &w), 0);
	T_INTEQ(o.to_queuewarn[OPT_TOC_NONURGENT], 4 * 3600);
	T_INTEQ(set_line(&o, " Timeout.queuewarn.*=1", &w), 0);
	T_INTEQ(o.to_queuewarn[OPT_TOC_DSN], 3600);
	T_INTEQ(set_line(&o, " Timeout.queuewarn.non-urgent=12h", &w), 0);
	T_INTEQ(o.to_queuewarn[OPT_TOC_NONURGENT], 12 * 3600);
	T_INTEQ(set_line(&o, " Timeout.queuewarn.dsn=30m", &w), 0);
	T_INTEQ(o.to_queuewarn[OPT_TOC_DSN], 1800);
	T_INTEQ(set_line(&o, " Timeout.resolver.retrans=5", &w), 0);
	T_INTEQ(o.to_resolver_retrans[OPT_RTO_FIRST], 5);
	T_INTEQ(set_line(&o, " Timeout.resolver.retrans.normal=1m", &w), 0);
	T_INTEQ(o.to_resolver_retrans[OPT_RTO_NORMAL], 60);
	T_INTEQ(set_line(&o, " Timeout.resolver.retry=4", &w), 0);
	T_INTEQ(o.to_resolver_retry[OPT_RTO_DEFAULT], 4);
	T_INTEQ(set_line(&o, " Timeout.resolver.retry.first=2", &w), 0);
	T_INTEQ(o.to_resolver_retry[OPT_RTO_FIRST], 2);
	T_INTEQ(o.to_resolver_retry[OPT_RTO_NORMAL], 4);
	T_INTEQ(set_line(&o, " Timeout.hoststatus=1h", &w), 0);
	T_INTEQ(o.to[OPT_TO_HOSTSTATUS], 3600);
	T_INTEQ(set_line(&o, " Timeout.aconnect=10m", &w), 0);
	T_INTEQ(o.to[OPT_TO_ACONNECT], 600);
	T_INTEQ(set_line(&o, " Timeout.starttls=1h", &w), 0);
	T_INTEQ(o.to[OPT_TO_STARTTLS], 3600);
	T_INTEQ(set_line(&o, " Timeout.misc=7", &w), 0);
	T_INTEQ(o.to[OPT_TO_MISC], 420);
	T_STREQ(buf_str(&w), "");

	/* a bad unit warns once, or twice where the unit differs */
	T_INTEQ(set_line(&o, " Timeout.helo=5x", &w), 0);
	T_STREQ(buf_str(&w), "x.cf: line 3: Invalid time unit `x'\n");
	T_INTEQ(set_line(&o, " Timeout.queuewarn=5x", &w), 0);
	T_STREQ(buf_str(&w), "x.cf: line 3: Invalid time unit `x'\n"
	    "x.cf: line 3: Invalid time unit `x'\n");
	T_INTEQ(set_line(&o, " Timeout.bogus=5m", &w), OPTION_ERR);
	T_STREQ(buf_str(&w), "x.cf: line 3: settimeout: invalid timeout bogus\n");

	/* the old list form, "Timeout=" and "Or" */
	T_INTEQ(set_line(&o, "r7m,helo=3,connect:4,noeq,,", &w), 0);
	T_INTEQ(o.to[OPT_TO_MAIL], 420);
	T_INTEQ(o.to[OPT_TO_COMMAND], 420);
	T_INTEQ(o.to[OPT_TO_DATAFINAL], 420);
	T_INTEQ(o.to[OPT_TO_HELO], 180);
	T_INTEQ(o.to[OPT_TO_CONNECT], 240);
	T_STREQ(buf_str(&w), "");
	T_INTEQ(set_line(&o, " Timeout=rcpt=1h,bad=1", &w), OPTION_ERR);
	T_INTEQ(o.to[OPT_TO_RCPT], 3600);
	T_STREQ(buf_str(&w), "x.cf: line 3: settimeout: invalid timeout bad\n");

	/* QueueTimeout / T: return[/warn] */
	T_INTEQ(set_line(&o, "T3d/2h", &w), 0);
	T_INTEQ(o.to_queuereturn[OPT_TOC_URGENT], 3 * 86400);
	T_INTEQ(o.to_queuewarn[OPT_TOC_URGENT], 7200);
	T_INTEQ(set_line(&o, " QueueTimeout=4", &w), 0);
	T_INTEQ(o.to_queuereturn[OPT_TOC_NORMAL], 4 * 86400);
	T_STREQ(option_raw(&o, "Timeout.queuewarn"), "2h");
	T_STREQ(option_raw(&o, "timeout.misc"), "7");
	T_CHECK(option_raw(&o, "Timeout.nosuch") == NULL);
	buf_free(&w);
	option_free(&o);
}

static const struct {
	const char *line;
	int rc;
	char want;
} modes[] = {
	{ " DeliveryMode=i", 0, 'i' },
	{ " DeliveryMode=interactive", 0, 'i' },
	{ " DeliveryMode=b", 0, 'b' },
	{ " DeliveryMode=background", 0, 'b' },
	{ " DeliveryMode=q", 0, 'q' },
	{ " DeliveryMode=queueonly", 0, 'q' },
	{ " DeliveryMode=d", 0, 'd' },
	{ " DeliveryMode=deferred", 0, 'd' },
	{ " DeliveryMode=", 0, 'i' },
	{ " DeliveryMode", 0, 'i' },
	{ "dq", 0, 'q' },
	{ "db", 0, 'b' },
	{ "d", 0, 'i' },
	{ " DeliveryM=q", 0, 'q' },
	{ " Deliv=q", OPTION_ERR, 'i' },
	{ " DeliveryMode=Background", OPTION_FATAL, 'i' },
	{ " DeliveryMode=x", OPTION_FATAL, 'i' },
};

static void
test_delivery_mode(void)
{
	struct options o;
	struct buf w = BUF_INIT;
	size_t i;

	option_init(&o);
	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		o.delivery_mode = 'i';
		T_INTEQ(set_line(&o, modes[i].line, &w), modes[i].rc);
		T_INTEQ(o.delivery_mode, modes[i].want);
	}
	T_STREQ(buf_str(&w), "Unknown delivery mode x\n");
	T_INTEQ(option_set(&o, "d", "q", OPT_FROM_CMDLINE, &w), 0);
	T_INTEQ(o.delivery_mode, 'q');
	buf_free(&w);
	option_free(&o);
}

static void
test_enums(void)
{
	struct options o;
	struct buf w = BUF_INIT;

	option_init(&o);
	option_where(&o, "x.cf", 1);
	T_INTEQ(set_line(&o, " ErrorMode=m", &w), 0);
	T_INTEQ(o.error_mode, 'm');
	T_INTEQ(set_line(&o, "eq", &w), 0);
	T_INTEQ(o.error_mode, 'q');
	T_INTEQ(set_line(&o, " ErrorMode=print", &w), 0);
	T_INTEQ(o.error_mode, 'p');
	T_INTEQ(set_line(&o, "ew", &w), 0);
	T_INTEQ(o.error_mode, 'w');
	T_INTEQ(set_line(&o, "ee", &w), 0);
	T_INTEQ(o.error_mode, 'e');
	T_INTEQ(set_line(&o, " ErrorMode=z", &w), 0);	/* silently ignored */
	T_INTEQ(o.error_mode, 'e');
	T_STREQ(buf_str(&w), "");

	T_INTEQ(set_line(&o, " EightBitMode=mimefy", &w), 0);
	T_INTEQ(o.eight_bit_mode, 'm');
	T_INTEQ(set_line(&o, "8s", &w), 0);
	T_INTEQ(o.eight_bit_mode, 's');
	T_INTEQ(set_line(&o, " EightBitMode=Pass8", &w), OPTION_FATAL);
	T_STREQ(buf_str(&w), "x.cf: line 1: Unknown 8-bit mode P\n");
	T_INTEQ(set_line(&o, " EightBitMode=", &w), OPTION_FATAL);
	T_STREQ(buf_str(&w), "x.cf: line 1: Unknown 8-bit mode \n");

	T_INTEQ(set_line(&o, " SuperSafe=Interactive", &w), 0);
	T_INTEQ(o.super_safe, OPT_SAFE_INTERACTIVE);
	T_INTEQ(set_line(&o, " SuperSafe=PostMilter", &w), 0);
	T_INTEQ(o.super_safe, OPT_SAFE_POSTMILTER);
	T_INTEQ(set_line(&o, " SuperSafe=False", &w), 0);
	T_INTEQ(o.super_safe, OPT_SAFE_FALSE);
	T_INTEQ(set_line(&o, " SuperSafe", &w), 0);
	T_INTEQ(o.super_safe, OPT_SAFE_TRUE);

	T_INTEQ(set_line(&o, " QueueSortOrder=Host", &w), 0);
	T_INTEQ(o.queue_sort_order, 'h');
	T_INTEQ(set_line(&o, " QueueSortOrder=filename", &w), 0);
	T_INTEQ(o.queue_sort_order, 'f');
	T_INTEQ(set_line(&o, " QueueSortOrder=random", &w), 0);
	T_INTEQ(o.queue_sort_order, 'r');
	T_INTEQ(set_line(&o, " QueueSortOrder=x", &w), OPTION_ERR);
	T_INTEQ(o.queue_sort_order, 'r');
	T_STREQ(buf_str(&w), "x.cf: line 1: Invalid queue sort order \"x\"\n");
	T_INTEQ(set_line(&o, " QueueSortOrder=", &w), OPTION_ERR);
	T_STREQ(buf_str(&w), "x.cf: line 1: Invalid queue sort order \"\"\n");

	T_INTEQ(set_line(&o, " NoRecipientAction=add-bcc", &w), 0);
	T_INTEQ(o.no_recipient_action, OPT_NRA_ADD_BCC);
	T_INTEQ(set_line(&o, " NoRecipientAction=Add-To-Undisclosed", &w), 0);
	T_INTEQ(o.no_recipient_action, OPT_NRA_ADD_TO_UNDISCLOSED);
	T_INTEQ(set_line(&o, " NoRecipientAction=bad", &w), OPTION_ERR);
	T_STREQ(buf_str(&w), "x.cf: line 1: Invalid NoRecipientAction: bad\n");

	T_INTEQ(set_line(&o, " DontProbeInterfaces=loopback", &w), 0);
	T_INTEQ(o.dont_probe_interfaces, OPT_DPI_SKIPLOOPBACK);
	T_INTEQ(set_line(&o, " DontProbeInterfaces=True", &w), 0);
	T_INTEQ(o.dont_probe_interfaces, OPT_DPI_PROBENONE);
	T_INTEQ(set_line(&o, " DontProbeInterfaces=false", &w), 0);
	T_INTEQ(o.dont_probe_interfaces, OPT_DPI_PROBEALL);
	buf_free(&w);
	option_free(&o);
}

static const struct {
	const char *val;
	unsigned long want;
	const char *warn;
} privs[] = {
	{ "goaway", OPT_PRIV_GOAWAY, "" },
	{ "authwarnings", OPT_PRIV_AUTHWARNINGS, "" },
	{ "public", 0, "" },
	{ "", 0, "" },
	{ "noexpn,novrfy", OPT_PRIV_NOEXPN | OPT_PRIV_NOVRFY, "" },
	{ "NoExpn  NoVrfy", OPT_PRIV_NOEXPN | OPT_PRIV_NOVRFY, "" },
	{ ",,needmailhelo;noetrn+noverb", OPT_PRIV_NEEDMAILHELO |
	    OPT_PRIV_NOETRN | OPT_PRIV_NOVERB, "" },
	{ "goaway,noetrn,restrictqrun", OPT_PRIV_GOAWAY | OPT_PRIV_NOETRN |
	    OPT_PRIV_RESTRICTQRUN, "" },
	{ "restrictmailq restrictexpand noreceipts nobodyreturn",
	    OPT_PRIV_RESTRICTMAILQ | OPT_PRIV_RESTRICTEXPAND |
	    OPT_PRIV_NORECEIPTS | OPT_PRIV_NOBODYRETN, "" },
	{ "needexpnhelo,needvrfyhelo,noactualrecipient",
	    OPT_PRIV_NEEDEXPNHELO | OPT_PRIV_NEEDVRFYHELO |
	    OPT_PRIV_NOACTUALRECIPIENT, "" },
	{ "noexpn,bogus", OPT_PRIV_NOEXPN,
	    "x.cf: line 2: readcf: Op line: bogus unrecognized\n" },
	{ "no_expn", 0, "x.cf: line 2: readcf: Op line: no unrecognized\n"
	    "x.cf: line 2: readcf: Op line: expn unrecognized\n" },
};

static void
test_privacy(void)
{
	struct options o;
	struct buf w = BUF_INIT;
	size_t i;

	option_init(&o);
	option_where(&o, "x.cf", 2);
	for (i = 0; i < sizeof(privs) / sizeof(privs[0]); i++) {
		o.privacy = 0;
		buf_reset(&w);
		option_set(&o, "PrivacyOptions", privs[i].val, 0, &w);
		T_INTEQ(o.privacy, privs[i].want);
		T_STREQ(buf_str(&w), privs[i].warn);
	}
	/* lines accumulate, as in sendmail */
	o.privacy = 0;
	set_line(&o, " PrivacyOptions=noexpn", &w);
	set_line(&o, "pnovrfy", &w);
	T_INTEQ(o.privacy, OPT_PRIV_NOEXPN | OPT_PRIV_NOVRFY);
	T_INTEQ(OPT_PRIV_GOAWAY & OPT_PRIV_NOETRN, 0);
	T_CHECK((OPT_PRIV_GOAWAY & OPT_PRIV_NOVERB) != 0);
	buf_free(&w);
	option_free(&o);
}

static void
test_dbs(void)
{
	struct options o;
	struct buf w = BUF_INIT;

	option_init(&o);
	option_where(&o, "x.cf", 4);
	T_INTEQ(set_line(&o, " DontBlameSendmail=GroupReadableKeyFile", &w), 0);
	T_CHECK(option_dbs_isset(&o, OPT_DBS_GROUPREADABLEKEYFILE));
	T_INTEQ(set_line(&o, " DontBlameSendmail=groupwritablealiasfile, "
	    "ForwardFileInUnsafeDirPath", &w), 0);
	T_CHECK(option_dbs_isset(&o, OPT_DBS_GROUPWRITABLEALIASFILE));
	T_CHECK(option_dbs_isset(&o, OPT_DBS_FORWARDFILEINUNSAFEDIRPATH));
	T_CHECK(option_dbs_isset(&o, OPT_DBS_GROUPREADABLEKEYFILE));
	T_INTEQ(set_line(&o, " DontBlameSendmail=safe,MapInUnsafeDirPath",
	    &w), 0);
	T_CHECK(!option_dbs_isset(&o, OPT_DBS_GROUPREADABLEKEYFILE));
	T_CHECK(option_dbs_isset(&o, OPT_DBS_MAPINUNSAFEDIRPATH));
	T_INTEQ(set_line(&o, " DontBlameSendmail=foo", &w), OPTION_ERR);
	T_STREQ(buf_str(&w),
	    "x.cf: line 4: readcf: DontBlameSendmail option: foo unrecognized\n");
	T_INTEQ(set_line(&o, " UnsafeGroupWrites=False", &w), 0);
	T_CHECK(option_dbs_isset(&o, OPT_DBS_GROUPWRITABLEFORWARDFILESAFE));
	T_CHECK(option_dbs_isset(&o, OPT_DBS_GROUPWRITABLEINCLUDEFILESAFE));
	T_CHECK(!option_dbs_isset(&o, OPT_DBS_MAX));
	buf_free(&w);
	option_free(&o);
}

static void
test_values(void)
{
	struct options o;
	struct buf w = BUF_INIT;

	option_init(&o);
	option_where(&o, "/tmp/w/x.cf", 12);
	set_line(&o, " QueueFileMode=0660", &w);
	T_INTEQ(o.queue_file_mode, 0660);
	set_line(&o, "F0644", &w);
	T_INTEQ(o.temp_file_mode, 0644);
	set_line(&o, " TempFileMode=8", &w);		/* not octal: 0 */
	T_INTEQ(o.temp_file_mode, 0);
	set_line(&o, " TempFileMode=017777", &w);
	T_INTEQ(o.temp_file_mode, 0777);
	set_line(&o, " MaxMessageSize=52428800", &w);
	T_INTEQ(o.max_message_size, 52428800);
	set_line(&o, " MaxMessageSize=10k", &w);	/* atol: 10 */
	T_INTEQ(o.max_message_size, 10);
	set_line(&o, "b100/2000", &w);
	T_INTEQ(o.min_free_blocks, 100);
	T_INTEQ(o.max_message_size, 2000);
	set_line(&o, " MaxHopCount=  17xyz", &w);
	T_INTEQ(o.max_hop_count, 17);
	{
		struct options p;

		/* after prescan's first use, OperatorChars is a redefinition */
		option_init(&p);
		option_operator_chars_default(&p, NULL);
		T_STREQ(p.operator_chars, ".:@[]");
		set_line(&p, " OperatorChars=.:@", &w);
		T_CHECK(strncmp(buf_str(&w), "Warning: OperatorChars", 22) == 0);
		option_free(&p);
		buf_reset(&w);
	}
	set_line(&o, " MaxHopCount=abc", &w);
	T_INTEQ(o.max_hop_count, 0);
	set_line(&o, " MaxHopCount=99999999999999999999", &w);
	T_CHECK(o.max_hop_count > 0);
	set_line(&o, " ConnectionCacheSize=-4", &w);
	T_INTEQ(o.connection_cache_size, 0);
	set_line(&o, " LogLevel=14", &w);
	T_INTEQ(o.log_level, 14);
	set_line(&o, " BlankSub=.", &w);
	T_INTEQ(o.blank_sub, '.');
	set_line(&o, " BlankSub=", &w);
	T_INTEQ(o.blank_sub, ' ');
	T_STREQ(buf_str(&w), "");

	set_line(&o, " SmtpGreetingMessage=$j Sendmail $v/$Z; $b", &w);
	T_STREQ(o.smtp_greeting_message, "$j Sendmail $v/$Z; $b");
	set_line(&o, " UnixFromLine=\"From $g\"\\t$d\\n", &w);
	T_STREQ(o.unix_from_line, "From $g\t$d\n");
	set_line(&o, " OperatorChars=.:%@!^/[]+", &w);
	T_STREQ(o.operator_chars, ".:%@!^/[]+");
	option_operator_chars_default(&o, ".:@[]");	/* already set: no-op */
	T_STREQ(o.operator_chars, ".:%@!^/[]+");
	T_STREQ(buf_str(&w), "");
	set_line(&o, " OperatorChars=.:@", &w);
	T_STREQ(buf_str(&w), "Warning: OperatorChars is being redefined.\n"
	    "         It should only be set before ruleset definitions.\n");
	set_line(&o, " MustQuoteChars=.", &w);
	T_STREQ(o.must_quote_chars, "@,;:\\()[].");
	set_line(&o, " MustQuoteChars=0123456789012345678901234567890123456789",
	    &w);
	T_STREQ(buf_str(&w), "Warning: MustQuoteChars too long, ignored.\n");
	T_STREQ(o.must_quote_chars, "@,;:\\()[]");

	set_line(&o, " MaxHeadersLength=10", &w);
	T_STREQ(buf_str(&w), "Warning: MaxHeadersLength: headers length "
	    "limit set lower than 16384\n");
	T_INTEQ(o.max_headers_length, 10);
	set_line(&o, " MaxHeadersLength=0", &w);
	T_STREQ(buf_str(&w), "");
	set_line(&o, " MaxMimeHeaderLength=5/5", &w);
	T_STREQ(buf_str(&w), "Warning: MaxMimeHeaderLength: header length "
	    "limit set lower than 128\nWarning: MaxMimeHeaderLength: field "
	    "length limit set lower than 40\n");
	set_line(&o, " MaxMimeHeaderLength=256", &w);
	T_INTEQ(o.max_mime_header_length, 256);
	T_INTEQ(o.max_mime_field_length, 128);

	set_line(&o, " HelpFile=", &w);
	T_STREQ(o.help_file, "helpfile");
	set_line(&o, " StatusFile", &w);
	T_STREQ(o.status_file, "statistics");
	set_line(&o, " QueueDirectory=", &w);
	T_STREQ(o.queue_directory, "mqueue");
	set_line(&o, "Q/var/spool/mqueue", &w);
	T_STREQ(o.queue_directory, "/var/spool/mqueue");
	set_line(&o, " TimeZoneSpec=", &w);
	T_STREQ(o.time_zone_spec, "");
	set_line(&o, " ForwardPath", &w);
	T_STREQ(o.forward_path, "");
	set_line(&o, " ErrorHeader=", &w);
	T_CHECK(o.error_header == NULL);
	set_line(&o, " FallbackMXhost=", &w);
	T_CHECK(o.fallback_mx_host == NULL);
	set_line(&o, " AuthMechanisms=", &w);
	T_CHECK(o.auth_mechanisms == NULL);
	set_line(&o, " SafeFileEnvironment=/arch///", &w);
	T_STREQ(o.safe_file_environment, "/arch");
	set_line(&o, " SafeFileEnvironment=///", &w);
	T_STREQ(o.safe_file_environment, "/arch");
	set_line(&o, " DefaultCharSet=iso-8859-1", &w);
	T_STREQ(o.default_charset, "iso-8859-1");
	set_line(&o, " CACertFile=$z/certs/ca.pem", &w);
	T_STREQ(o.ca_cert_file, "$z/certs/ca.pem");
	set_line(&o, " DirectSubmissionModifiers=C", &w);
	T_STREQ(o.direct_submission_modifiers, "C");
	T_STREQ(buf_str(&w), "");

	set_line(&o, " AuthOptions=A,p y", &w);
	T_INTEQ(o.auth_options, OPT_AUTH_A | OPT_AUTH_p | OPT_AUTH_y);
	T_INTEQ(set_line(&o, " AuthOptions=Z", &w), 0);	/* a note only */
	T_STREQ(buf_str(&w), "Warning: Option: AuthOptions unknown "
	    "parameter 'Z'\n");
	set_line(&o, " TLSSrvOptions=V", &w);
	T_CHECK(o.tls_srv_no_verify && !o.tls_srv_no_cert);
	set_line(&o, " TLSSrvOptions=\001", &w);
	T_STREQ(buf_str(&w), "Warning: Option: TLSSrvOptions unknown "
	    "parameter '?'\n");
	set_line(&o, " ResolverOptions=+AAONLY -dnsrch HasWildcardMX", &w);
	T_CHECK(o.has_wildcard_mx);
	T_CHECK(o.resolver_set & (1U << OPT_RES_AAONLY));
	T_CHECK(o.resolver_clear & (1U << OPT_RES_DNSRCH));
	set_line(&o, " ResolverOptions=+use_inet6", &w);
	T_STREQ(buf_str(&w), "/tmp/w/x.cf: line 12: readcf: I option value "
	    "use_inet6 unrecognized\n");
	set_line(&o, " ServerSSLOptions=+SSL_OP_NO_SSLv3 -SSL_OP_ALL,0x4", &w);
	T_INTEQ(o.server_ssl_options.set.n, 2);
	T_INTEQ(o.server_ssl_options.clear.n, 1);
	set_line(&o, " ClientSSLOptions=+foo", &w);
	T_STREQ(buf_str(&w), "/tmp/w/x.cf: line 12: readcf: ClientSSLOptions "
	    "option value foo unrecognized\n");
	set_line(&o, " ConnectOnlyTo=127.0.0.1", &w);
	T_STREQ(o.connect_only_to, "127.0.0.1");
	set_line(&o, " ConnectOnlyTo=bad", &w);
	T_STREQ(buf_str(&w), "/tmp/w/x.cf: line 12: readcf: option "
	    "ConnectOnlyTo: invalid IP address bad\n");
	set_line(&o, " SmtpUTF8=True", &w);
	T_STREQ(buf_str(&w), "/tmp/w/x.cf: line 12: readcf: option: SmtpUTF8 "
	    "set but no USE_EAI support\n");
	set_line(&o, " SmtpUTF8=False", &w);
	T_STREQ(buf_str(&w),
	    "Warning: Option: SmtpUTF8 requires USE_EAI support\n");
	buf_free(&w);
	option_free(&o);
}

static void
test_lists(void)
{
	struct options o;
	struct buf w = BUF_INIT;

	option_init(&o);
	option_where(&o, "x.cf", 5);
	set_line(&o, " AliasFile=/etc/mail/aliases", &w);
	set_line(&o, "A/etc/a2, hash:/etc/a3,ldap:\"-k a,b\",/x", &w);
	T_INTEQ(o.alias_files.n, 5);
	T_STREQ(o.alias_files.v[0], "/etc/mail/aliases");
	T_STREQ(o.alias_files.v[1], "/etc/a2");
	T_STREQ(o.alias_files.v[2], "hash:/etc/a3");
	T_STREQ(o.alias_files.v[3], "ldap:\"-k a,b\"");
	T_STREQ(o.alias_files.v[4], "/x");
	set_line(&o, " AliasFile=", &w);
	T_STREQ(o.alias_files.v[5], "aliases");

	set_line(&o, " DaemonPortOptions=Port=smtp, Name=MTA", &w);
	set_line(&o, " DaemonPortOptions=Port=587, Name=MSA, M=Ea", &w);
	T_INTEQ(o.daemon_port_options.n, 2);
	T_STREQ(o.daemon_port_options.v[1], "Port=587, Name=MSA, M=Ea");
	T_STREQ(option_raw(&o, "DaemonPortOptions"), "Port=587, Name=MSA, M=Ea");
	T_STREQ(buf_str(&w), "");
	set_line(&o, " DaemonPortOptions=Port=25, Bogus=1, Family=foo, D=z", &w);
	T_STREQ(buf_str(&w),
	    "x.cf: line 5: PortOptions parameter \"Bogus=1\" unknown\n"
	    "x.cf: line 5: Unknown address family foo in Family=option\n"
	    "x.cf: line 5: Unknown delivery mode z\n");
	set_line(&o, " ClientPortOptions=Family=inet, Address=0.0.0.0", &w);
	set_line(&o, " ClientPortOptions=Family=inet6, Modifier=h", &w);
	T_INTEQ(o.client_port_options.n, 2);
	T_STREQ(buf_str(&w), "");
	while (o.daemon_port_options.n < 64)
		set_line(&o, " DaemonPortOptions=Name=D", &w);
	T_INTEQ(set_line(&o, " DaemonPortOptions=Name=E", &w), OPTION_ERR);
	T_STREQ(buf_str(&w), "x.cf: line 5: too many daemons defined (64 max)\n");

	set_line(&o, "Mxhello world", &w);
	T_INTEQ(o.macro_defs.n, 1);
	T_STREQ(o.macro_defs.v[0], "xhello world");

	set_line(&o, " Milter.macros.connect=j, _", &w);
	set_line(&o, " Milter.macros.connect={daemon_name}", &w);
	T_STREQ(o.milter_macros[OPT_MM_CONNECT], "j, _, {daemon_name}");
	set_line(&o, " Milter.LogLevel=6", &w);
	T_INTEQ(o.milter_log_level, 6);
	T_STREQ(option_raw(&o, "Milter.loglevel"), "6");
	T_STREQ(buf_str(&w), "");
	set_line(&o, " Milter=1", &w);
	T_STREQ(buf_str(&w), "x.cf: line 5: milter_set_option: invalid Milter "
	    "option, must specify suboption\n");
	set_line(&o, " Milter.bogus=1", &w);
	T_STREQ(buf_str(&w),
	    "x.cf: line 5: milter_set_option: invalid Milter option bogus\n");
	buf_free(&w);
	option_free(&o);
}

static void
test_users(void)
{
	struct options o;
	struct buf w = BUF_INIT;

	option_init(&o);
	option_where(&o, "x.cf", 9);
	T_INTEQ(set_line(&o, " RunAsUser=root", &w), 0);
	T_INTEQ(o.run_as_uid, 0);
	T_INTEQ(o.run_as_gid, 0);
	T_INTEQ(set_line(&o, " RunAsUser=1000:1001", &w), 0);
	T_INTEQ(o.run_as_uid, 1000);
	T_INTEQ(o.run_as_gid, 1001);
	T_STREQ(o.run_as_user, "1000:1001");
	T_INTEQ(set_line(&o, " TrustedUser=0", &w), 0);
	T_INTEQ(o.trusted_uid, 0);
	T_INTEQ(set_line(&o, " DefaultUser=0.0", &w), 0);
	T_INTEQ(o.default_uid, 0);
	T_INTEQ(o.default_gid, 0);
	T_STREQ(buf_str(&w), "");
	T_INTEQ(set_line(&o, " RunAsUser=no-such-user-x", &w), OPTION_ERR);
	T_STREQ(buf_str(&w), "x.cf: line 9: readcf: option RunAsUser: "
	    "unknown user no-such-user-x\n");
	T_INTEQ(set_line(&o, " RunAsUser=root:no-such-group-x", &w), OPTION_ERR);
	T_STREQ(buf_str(&w), "x.cf: line 9: readcf: option RunAsUser: "
	    "unknown group no-such-group-x\n");
	T_INTEQ(set_line(&o, " TrustedUser=", &w), OPTION_ERR);
	T_STREQ(buf_str(&w),
	    "x.cf: line 9: readcf: option TrustedUser: unknown user \n");
	T_INTEQ(set_line(&o, "uno-such-user-x", &w), OPTION_ERR);
	T_STREQ(buf_str(&w),
	    "x.cf: line 9: readcf: option u: unknown user no-such-user-x\n");
	T_INTEQ(set_line(&o, "u0:no-such-group-x", &w), OPTION_ERR);
	T_STREQ(buf_str(&w),
	    "x.cf: line 9: readcf: option u: unknown group no-such-group-x\n");
	T_INTEQ(set_line(&o, "g", &w), OPTION_ERR);
	T_STREQ(buf_str(&w), "x.cf: line 9: readcf: option g: unknown group \n");
	T_INTEQ(set_line(&o, "g42", &w), 0);
	T_INTEQ(o.default_gid, 42);
	buf_free(&w);
	option_free(&o);
}

static const struct {
	const char *line;
	int rc;
	const char *warn;
} names[] = {
	{ " Foo=bar", OPTION_ERR,
	    "x.cf: line 8: readcf: unknown option name Foo\n" },
	{ " Foo.bar=x", OPTION_ERR,
	    "x.cf: line 8: readcf: unknown option name Foo\n" },
	{ "W", OPTION_ERR, "x.cf: line 8: readcf: unknown option name 0x57\n" },
	{ "\tAliasFile=x", OPTION_ERR,
	    "x.cf: line 8: readcf: unknown option name 0x9\n" },
	{ "", OPTION_ERR, "x.cf: line 8: readcf: unknown option name 0x0\n" },
	{ "\377x", OPTION_ERR,
	    "x.cf: line 8: readcf: unknown option name 0xff\n" },
	{ " =x", OPTION_ERR, "x.cf: line 8: readcf: null option name\n" },
	{ "  =x", OPTION_ERR, "x.cf: line 8: readcf: ambiguous option name  "
	    "(matches SevenBitInput and EightBitMode)\n" },
	{ "  AliasFile=x", OPTION_ERR,
	    "x.cf: line 8: readcf: unknown option name  AliasFile\n" },
	{ " Alias=x", OPTION_ERR, "x.cf: line 8: readcf: ambiguous option name "
	    "Alias (matches AliasFile and AliasWait)\n" },
	{ " Max=1", OPTION_ERR, "x.cf: line 8: readcf: ambiguous option name "
	    "Max (matches MaxHopCount and MaxMessageSize)\n" },
	{ " Time=1", OPTION_ERR, "x.cf: line 8: readcf: ambiguous option name "
	    "Time (matches Timeout and TimeZoneSpec)\n" },
	{ " Timeo=5m", 0,
	    "x.cf: line 8: Option Timeo used as abbreviation for Timeout\n" },
	{ " HostStatus=x", 0, "x.cf: line 8: Option HostStatus used as "
	    "abbreviation for HostStatusDirectory\n" },
	{ " Cert=sha1", 0, "x.cf: line 8: Option Cert used as abbreviation for "
	    "CertFingerprintAlgorithm\n" },
	{ " DANE=true", OPTION_ERR,
	    "x.cf: line 8: readcf: unknown option name DANE\n" },
	{ " aliasfile = /x", 0, "" },
	{ " AliasFile.foo=/y", 0, "" },
	{ " Timeout.connect=1m", 0, "" },
	{ " LDAPDefaultSpec=-h localhost", 0, "" },
	{ " CipherSuites=TLS_AES_256_GCM_SHA384", 0, "" },
};

static void
test_name_forms(void)
{
	struct options o;
	struct buf w = BUF_INIT;
	size_t i;

	option_init(&o);
	option_where(&o, "x.cf", 8);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		T_INTEQ(set_line(&o, names[i].line, &w), names[i].rc);
		T_STREQ(buf_str(&w), names[i].warn);
	}
	T_STREQ(option_raw(&o, "AliasFile"), "/y");
	T_STREQ(option_raw(&o, "A"), "/y");
	T_STREQ(option_raw(&o, "HostStatusDirectory"), "x");
	T_STREQ(o.host_status_directory, "x");

	/* command-line messages carry no location */
	option_where(&o, NULL, 0);
	buf_reset(&w);
	T_INTEQ(option_set(&o, "W", "", OPT_FROM_CMDLINE, &w), OPTION_ERR);
	T_INTEQ(option_parse_long(&o, "Foo=bar", OPT_FROM_CMDLINE, &w),
	    OPTION_ERR);
	T_STREQ(buf_str(&w), "readcf: unknown option name 0x57\n"
	    "readcf: unknown option name Foo\n");
	buf_reset(&w);
	T_INTEQ(option_set(&o, "A", "x", OPT_LONGNAME, &w), OPTION_ERR);
	T_STREQ(buf_str(&w), "readcf: ambiguous option name A "
	    "(matches AliasFile and AliasWait)\n");
	buf_reset(&w);
	T_INTEQ(option_set(&o, "", "x", OPT_LONGNAME | OPT_FROM_CMDLINE, &w),
	    OPTION_ERR);			/* -O=x */
	T_STREQ(buf_str(&w), "readcf: null option name\n");
	/* NULL warn buffer and NULL values are fine */
	T_INTEQ(option_set(&o, "Bogus", NULL, 0, NULL), OPTION_ERR);
	T_INTEQ(option_set(&o, NULL, NULL, 0, NULL), OPTION_ERR);
	T_INTEQ(option_parse_line(&o, NULL, 0, NULL), OPTION_ERR);
	buf_free(&w);
	option_free(&o);
}

static void
test_sticky(void)
{
	struct options o;
	struct buf w = BUF_INIT;

	option_init(&o);
	option_where(&o, NULL, 0);
	T_INTEQ(option_set(&o, "d", "q", OPT_FROM_CMDLINE, &w), 0);
	T_INTEQ(option_parse_long(&o, "QueueDirectory=/var", OPT_FROM_CMDLINE,
	    &w), 0);
	T_INTEQ(option_parse_long(&o, "Timeout.helo=9m", OPT_FROM_CMDLINE, &w),
	    0);
	T_INTEQ(option_parse_long(&o, "Timeout.queuewarn=1h", OPT_FROM_CMDLINE,
	    &w), 0);
	T_INTEQ(option_set(&o, "p", "noexpn", OPT_FROM_CMDLINE, &w), 0);
	T_INTEQ(option_set(&o, "L", "3", OPT_FROM_CMDLINE, &w), 0);

	option_where(&o, "x.cf", 1);
	T_INTEQ(set_line(&o, " DeliveryMode=i", &w), 0);
	T_INTEQ(o.delivery_mode, 'q');		/* -od sticks */
	T_INTEQ(set_line(&o, "Q/tmp", &w), 0);	/* -O and -o share a code */
	T_STREQ(o.queue_directory, "/var");
	T_INTEQ(set_line(&o, " Timeout.helo=1m", &w), 0);
	T_INTEQ(o.to[OPT_TO_HELO], 540);
	T_INTEQ(set_line(&o, " Timeout.mail=1m", &w), 0);
	T_INTEQ(o.to[OPT_TO_MAIL], 60);		/* other sub-options free */
	T_INTEQ(set_line(&o, " Timeout.queuewarn.urgent=5h", &w), 0);
	T_INTEQ(o.to_queuewarn[OPT_TOC_URGENT], 3600);	/* pinned too */
	T_INTEQ(set_line(&o, " Timeout.queuewarn.non-urgent=5h", &w), 0);
	T_INTEQ(o.to_queuewarn[OPT_TOC_NONURGENT], 5 * 3600);	/* not */
	T_INTEQ(set_line(&o, " PrivacyOptions=novrfy", &w), 0);
	T_INTEQ(o.privacy, OPT_PRIV_NOEXPN | OPT_PRIV_NOVRFY);	/* never */
	T_INTEQ(set_line(&o, " LogLevel=9", &w), 0);
	T_INTEQ(o.log_level, 3);
	T_STREQ(option_raw(&o, "LogLevel"), "3");
	/* a sticky option ignored on a bad value gives no message */
	T_INTEQ(set_line(&o, " DeliveryMode=z", &w), 0);
	T_STREQ(buf_str(&w), "");
	/* the command line may set it again */
	T_INTEQ(option_set(&o, "d", "b", OPT_FROM_CMDLINE, &w), 0);
	T_INTEQ(o.delivery_mode, 'b');

	/* untrusted callers: LogLevel only up, privileges noted */
	T_CHECK(!o.dropped_privs);
	T_INTEQ(option_set(&o, "L", "1", OPT_FROM_CMDLINE | OPT_UNSAFE, &w), 0);
	T_INTEQ(o.log_level, 3);
	T_CHECK(!o.dropped_privs);		/* LogLevel is safe */
	T_INTEQ(option_set(&o, "Q", "/x", OPT_FROM_CMDLINE | OPT_UNSAFE, &w), 0);
	T_CHECK(o.dropped_privs && o.warn_q_option);
	buf_free(&w);
	option_free(&o);
}

/* test_garbage - no input crashes (run under ASan/UBSan) */
static void
test_garbage(void)
{
	struct options o;
	struct buf w = BUF_INIT, line = BUF_INIT;
	unsigned seed = 12345;
	size_t i, j, k;

	option_init(&o);
	option_where(&o, "x.cf", 1);
	for (i = 0; i < 3000; i++) {
		buf_reset(&line);
		if (i % 3 == 0) {
			k = (seed >> 8) % option_count();
			buf_addc(&line, ' ');
			buf_adds(&line, option_name_at(k));
			buf_addc(&line, '=');
		} else if (i % 3 == 1) {
			buf_adds(&line, " Timeout.");
			k = (seed >> 8) % OPTION_NTIMEOUT;
			buf_adds(&line, option_timeout_name_at(k));
			buf_addc(&line, '=');
		}
		for (j = 0; j < (seed >> 4) % 40; j++) {
			seed = seed * 1103515245 + 12345;
			buf_addc(&line, (int)((seed >> 16) % 255) + 1);
		}
		seed = seed * 1103515245 + 12345;
		buf_reset(&w);
		(void)option_parse_line(&o, buf_str(&line), 0, &w);
	}
	T_CHECK(1);
	buf_free(&line);
	buf_free(&w);
	option_free(&o);
}

int
main(void)
{
	test_defaults();
	test_names();
	test_bool();
	test_time();
	test_timeouts();
	test_delivery_mode();
	test_enums();
	test_privacy();
	test_dbs();
	test_values();
	test_lists();
	test_users();
	test_name_forms();
	test_sticky();
	test_garbage();
	T_DONE();
}
