/*
 * option_words.c - options whose value is a list of words or letters:
 * PrivacyOptions, DontBlameSendmail, ResolverOptions, Server/Client
 * SSLOptions, AuthOptions and TLSSrvOptions.  Each splits its value the
 * way sendmail 8.17 does, since the splitting decides which odd words
 * get a warning.
 */
#include "cf/option_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct word_bits {
	const char *name;
	unsigned long bits;
};

static const struct word_bits privacy_tab[] = {
	{ "public", OPT_PRIV_PUBLIC },
	{ "needmailhelo", OPT_PRIV_NEEDMAILHELO },
	{ "needexpnhelo", OPT_PRIV_NEEDEXPNHELO },
	{ "needvrfyhelo", OPT_PRIV_NEEDVRFYHELO },
	{ "noexpn", OPT_PRIV_NOEXPN },
	{ "novrfy", OPT_PRIV_NOVRFY },
	{ "restrictexpand", OPT_PRIV_RESTRICTEXPAND },
	{ "restrictmailq", OPT_PRIV_RESTRICTMAILQ },
	{ "restrictqrun", OPT_PRIV_RESTRICTQRUN },
	{ "noetrn", OPT_PRIV_NOETRN },
	{ "noverb", OPT_PRIV_NOVERB },
	{ "authwarnings", OPT_PRIV_AUTHWARNINGS },
	{ "noreceipts", OPT_PRIV_NORECEIPTS },
	{ "nobodyreturn", OPT_PRIV_NOBODYRETN },
	{ "goaway", OPT_PRIV_GOAWAY },
	{ "noactualrecipient", OPT_PRIV_NOACTUALRECIPIENT },
	{ NULL, 0 }
};

/* "safe" (bit 0) clears every flag */
static const struct word_bits dbs_tab[] = {
	{ "safe", 0 },
	{ "assumesafechown", OPT_DBS_ASSUMESAFECHOWN },
	{ "groupwritabledirpathsafe", OPT_DBS_GROUPWRITABLEDIRPATHSAFE },
	{ "groupwritableforwardfilesafe",
	    OPT_DBS_GROUPWRITABLEFORWARDFILESAFE },
	{ "groupwritableincludefilesafe",
	    OPT_DBS_GROUPWRITABLEINCLUDEFILESAFE },
	{ "groupwritablealiasfile", OPT_DBS_GROUPWRITABLEALIASFILE },
	{ "worldwritablealiasfile", OPT_DBS_WORLDWRITABLEALIASFILE },
	{ "forwardfileinunsafedirpath", OPT_DBS_FORWARDFILEINUNSAFEDIRPATH },
	{ "includefileinunsafedirpath", OPT_DBS_INCLUDEFILEINUNSAFEDIRPATH },
	{ "mapinunsafedirpath", OPT_DBS_MAPINUNSAFEDIRPATH },
	{ "linkedaliasfileinwritabledir",
	    OPT_DBS_LINKEDALIASFILEINWRITABLEDIR },
	{ "linkedclassfileinwritabledir",
	    OPT_DBS_LINKEDCLASSFILEINWRITABLEDIR },
	{ "linkedforwardfileinwritabledir",
	    OPT_DBS_LINKEDFORWARDFILEINWRITABLEDIR },
	{ "linkedincludefileinwritabledir",
	    OPT_DBS_LINKEDINCLUDEFILEINWRITABLEDIR },
	{ "linkedmapinwritabledir", OPT_DBS_LINKEDMAPINWRITABLEDIR },
	{ "linkedserviceswitchfileinwritabledir",
	    OPT_DBS_LINKEDSERVICESWITCHFILEINWRITABLEDIR },
	{ "filedeliverytohardlink", OPT_DBS_FILEDELIVERYTOHARDLINK },
	{ "filedeliverytosymlink", OPT_DBS_FILEDELIVERYTOSYMLINK },
	{ "writemaptohardlink", OPT_DBS_WRITEMAPTOHARDLINK },
	{ "writemaptosymlink", OPT_DBS_WRITEMAPTOSYMLINK },
	{ "writestatstohardlink", OPT_DBS_WRITESTATSTOHARDLINK },
	{ "writestatstosymlink", OPT_DBS_WRITESTATSTOSYMLINK },
	{ "forwardfileingroupwritabledirpath",
	    OPT_DBS_FORWARDFILEINGROUPWRITABLEDIRPATH },
	{ "includefileingroupwritabledirpath",
	    OPT_DBS_INCLUDEFILEINGROUPWRITABLEDIRPATH },
	{ "classfileinunsafedirpath", OPT_DBS_CLASSFILEINUNSAFEDIRPATH },
	{ "errorheaderinunsafedirpath", OPT_DBS_ERRORHEADERINUNSAFEDIRPATH },
	{ "helpfileinunsafedirpath", OPT_DBS_HELPFILEINUNSAFEDIRPATH },
	{ "forwardfileinunsafedirpathsafe",
	    OPT_DBS_FORWARDFILEINUNSAFEDIRPATHSAFE },
	{ "includefileinunsafedirpathsafe",
	    OPT_DBS_INCLUDEFILEINUNSAFEDIRPATHSAFE },
	{ "runprograminunsafedirpath", OPT_DBS_RUNPROGRAMINUNSAFEDIRPATH },
	{ "runwritableprogram", OPT_DBS_RUNWRITABLEPROGRAM },
	{ "nonrootsafeaddr", OPT_DBS_NONROOTSAFEADDR },
	{ "truststickybit", OPT_DBS_TRUSTSTICKYBIT },
	{ "dontwarnforwardfileinunsafedirpath",
	    OPT_DBS_DONTWARNFORWARDFILEINUNSAFEDIRPATH },
	{ "insufficiententropy", OPT_DBS_INSUFFICIENTENTROPY },
	{ "groupreadablesasldbfile", OPT_DBS_GROUPREADABLESASLDBFILE },
	{ "groupwritablesasldbfile", OPT_DBS_GROUPWRITABLESASLDBFILE },
	{ "groupwritableforwardfile", OPT_DBS_GROUPWRITABLEFORWARDFILE },
	{ "groupwritableincludefile", OPT_DBS_GROUPWRITABLEINCLUDEFILE },
	{ "worldwritableforwardfile", OPT_DBS_WORLDWRITABLEFORWARDFILE },
	{ "worldwritableincludefile", OPT_DBS_WORLDWRITABLEINCLUDEFILE },
	{ "groupreadablekeyfile", OPT_DBS_GROUPREADABLEKEYFILE },
	{ "groupreadabledefaultauthinfofile",
	    OPT_DBS_GROUPREADABLEDEFAULTAUTHINFOFILE },
	{ NULL, 0 }
};

/* resolver flag names this build knows ("true" is accepted, no effect) */
static const struct word_bits resolver_tab[] = {
	{ "debug", 1U << OPT_RES_DEBUG },
	{ "aaonly", 1U << OPT_RES_AAONLY },
	{ "usevc", 1U << OPT_RES_USEVC },
	{ "primary", 1U << OPT_RES_PRIMARY },
	{ "igntc", 1U << OPT_RES_IGNTC },
	{ "recurse", 1U << OPT_RES_RECURSE },
	{ "defnames", 1U << OPT_RES_DEFNAMES },
	{ "stayopen", 1U << OPT_RES_STAYOPEN },
	{ "dnsrch", 1U << OPT_RES_DNSRCH },
	{ "use_edns0", 1U << OPT_RES_USE_EDNS0 },
	{ "use_dnssec", 1U << OPT_RES_USE_DNSSEC },
	{ "trustad", 1U << OPT_RES_TRUSTAD },
	{ "true", 0 },
	{ NULL, 0 }
};

/* OpenSSL option names sendmail 8.17 (with OpenSSL 3) accepts */
static const char *const ssl_tab[] = {
	"SSL_OP_MICROSOFT_SESS_ID_BUG", "SSL_OP_NETSCAPE_CHALLENGE_BUG",
	"SSL_OP_LEGACY_SERVER_CONNECT",
	"SSL_OP_NETSCAPE_REUSE_CIPHER_CHANGE_BUG",
	"SSL_OP_SSLREF2_REUSE_CERT_TYPE_BUG",
	"SSL_OP_MICROSOFT_BIG_SSLV3_BUFFER", "SSL_OP_MSIE_SSLV2_RSA_PADDING",
	"SSL_OP_SSLEAY_080_CLIENT_DH_BUG", "SSL_OP_TLS_D5_BUG",
	"SSL_OP_TLS_BLOCK_PADDING_BUG", "SSL_OP_DONT_INSERT_EMPTY_FRAGMENTS",
	"SSL_OP_ALL", "SSL_OP_NO_QUERY_MTU", "SSL_OP_COOKIE_EXCHANGE",
	"SSL_OP_NO_TICKET", "SSL_OP_CISCO_ANYCONNECT",
	"SSL_OP_NO_SESSION_RESUMPTION_ON_RENEGOTIATION",
	"SSL_OP_NO_COMPRESSION", "SSL_OP_ALLOW_UNSAFE_LEGACY_RENEGOTIATION",
	"SSL_OP_SINGLE_ECDH_USE", "SSL_OP_SINGLE_DH_USE",
	"SSL_OP_EPHEMERAL_RSA", "SSL_OP_CIPHER_SERVER_PREFERENCE",
	"SSL_OP_TLS_ROLLBACK_BUG", "SSL_OP_NO_SSLv2", "SSL_OP_NO_SSLv3",
	"SSL_OP_NO_TLSv1", "SSL_OP_NO_TLSv1_3", "SSL_OP_NO_TLSv1_2",
	"SSL_OP_NO_TLSv1_1", "SSL_OP_PKCS1_CHECK_1", "SSL_OP_PKCS1_CHECK_2",
	"SSL_OP_NETSCAPE_CA_DN_BUG", "SSL_OP_NETSCAPE_DEMO_CIPHER_CHANGE_BUG",
	"SSL_OP_CRYPTOPRO_TLSEXT_BUG", "SSL_OP_TLSEXT_PADDING",
	"SSL_OP_NO_RENEGOTIATION", "SSL_OP_NO_ANTI_REPLAY",
	"SSL_OP_ALLOW_NO_DHE_KEX", "SSL_OP_NO_ENCRYPT_THEN_MAC",
	"SSL_OP_PRIORITIZE_CHACHA", "SSL_OP_ENABLE_MIDDLEBOX_COMPAT",
	NULL
};

#define BIT_SET(a, i)	((a)[(i) / 8] |= (unsigned char)(1U << ((i) % 8)))

/* word_find - a case-insensitive table lookup; NULL if absent */
static const struct word_bits *
word_find(const struct word_bits *tab, const char *w)
{
	for (; tab->name != NULL; tab++)
		if (strcasecmp(tab->name, w) == 0)
			return tab;
	return NULL;
}

/*
 * word_next - sendmail's splitting for PrivacyOptions and
 * DontBlameSendmail: skip blanks and punctuation, take a run of letters
 * and digits, then swallow exactly one following character (whatever it
 * is).  Returns a copy of the word, NULL at the end.
 */
static char *
word_next(const char **pp)
{
	const unsigned char *p = (const unsigned char *)*pp, *w;
	char *word;

	while (isascii(*p) && (isspace(*p) || ispunct(*p)))
		p++;
	if (*p == '\0') {
		*pp = (const char *)p;
		return NULL;
	}
	w = p;
	while (isascii(*p) && isalnum(*p))
		p++;
	word = xstrndup((const char *)w, (size_t)(p - w));
	if (*p != '\0')
		p++;
	*pp = (const char *)p;
	return word;
}

/* option_words_privacy - PrivacyOptions: OR the named bits in */
int
option_words_privacy(struct options *o, const char *val, struct buf *warn)
{
	const char *p = val ? val : "";
	const struct word_bits *w;
	int rc = OPTION_OK;
	char *word;

	while ((word = word_next(&p)) != NULL) {
		if ((w = word_find(privacy_tab, word)) == NULL) {
			option_warnf(o, warn, true,
			    "readcf: Op line: %s unrecognized", word);
			rc = OPTION_ERR;
		} else
			o->privacy |= w->bits;
		free(word);
	}
	return rc;
}

/* option_words_dbs_set - turn one DontBlameSendmail flag on */
void
option_words_dbs_set(struct options *o, enum opt_dbs f)
{
	if (f > 0 && f < OPT_DBS_MAX)
		BIT_SET(o->dbs, f);
}

/* option_words_dbs - DontBlameSendmail: set flags, "safe" clears all */
int
option_words_dbs(struct options *o, const char *val, struct buf *warn)
{
	const char *p = val ? val : "";
	const struct word_bits *w;
	int rc = OPTION_OK;
	char *word;

	while ((word = word_next(&p)) != NULL) {
		if ((w = word_find(dbs_tab, word)) == NULL) {
			option_warnf(o, warn, true, "readcf: DontBlameSendmail "
			    "option: %s unrecognized", word);
			rc = OPTION_ERR;
		} else if (w->bits == 0)
			memset(o->dbs, 0, sizeof(o->dbs));
		else
			option_words_dbs_set(o, (enum opt_dbs)w->bits);
		free(word);
	}
	return rc;
}

/*
 * option_words_resolver - ResolverOptions: words split at blanks, each
 * "+name" (or bare "name") sets and "-name" clears a resolver flag.
 */
int
option_words_resolver(struct options *o, const char *val, struct buf *warn)
{
	const unsigned char *p = (const unsigned char *)(val ? val : "");
	const struct word_bits *w;
	int rc = OPTION_OK;

	while (*p != '\0') {
		const unsigned char *q;
		bool clear = false;
		char *word;

		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		if (*p == '-' || *p == '+')
			clear = (*p++ == '-');
		q = p;
		while (*p != '\0' && !(isascii(*p) && isspace(*p)))
			p++;
		word = xstrndup((const char *)q, (size_t)(p - q));
		if (*p != '\0')
			p++;
		if (strcasecmp(word, "HasWildcardMX") == 0)
			o->has_wildcard_mx = !clear;
		else if (strcasecmp(word, "WorkAroundBrokenAAAA") == 0)
			o->work_around_broken_aaaa = !clear;
		else if ((w = word_find(resolver_tab, word)) == NULL) {
			option_warnf(o, warn, true,
			    "readcf: I option value %s unrecognized", word);
			rc = OPTION_ERR;
		} else if (clear) {
			o->resolver_clear |= (unsigned)w->bits;
			o->resolver_set &= ~(unsigned)w->bits;
		} else {
			o->resolver_set |= (unsigned)w->bits;
			o->resolver_clear &= ~(unsigned)w->bits;
		}
		free(word);
	}
	return rc;
}

/*
 * option_words_ssl - ServerSSLOptions / ClientSSLOptions: words split at
 * blanks and commas, "+NAME" or "NAME" to set, "-NAME" to clear; a word
 * starting with a digit is a number and accepted as is.
 */
int
option_words_ssl(struct options *o, struct option_sslopts *s,
    const char *optname, const char *val, struct buf *warn)
{
	const unsigned char *p = (const unsigned char *)(val ? val : "");
	int rc = OPTION_OK;
	size_t i;

	while (*p != '\0') {
		const unsigned char *q;
		bool clear = false, known;
		char *word;

		while (*p == ' ' || *p == ',')
			p++;
		if (*p == '\0')
			break;
		if (*p == '-' || *p == '+')
			clear = (*p++ == '-');
		q = p;
		while (*p != '\0' && *p != ',' && !(isascii(*p) &&
		    isspace(*p)))
			p++;
		word = xstrndup((const char *)q, (size_t)(p - q));
		if (*p != '\0')
			p++;
		known = isdigit((unsigned char)word[0]) != 0;
		for (i = 0; !known && ssl_tab[i] != NULL; i++)
			known = strcasecmp(ssl_tab[i], word) == 0;
		if (!known) {
			option_warnf(o, warn, true,
			    "readcf: %s option value %s unrecognized",
			    optname, word);
			rc = OPTION_ERR;
		} else
			option_list_add(clear ? &s->clear : &s->set, word);
		free(word);
	}
	return rc;
}

/*
 * option_words_letters - AuthOptions / TLSSrvOptions: the first character
 * of each word (words end at ',', ' ' or TAB) is a flag letter; letters
 * maps each known letter to bit 1 << position.  Unknown letters get
 * sendmail's plain warning (only a note: the option still counts as set).
 */
int
option_words_letters(struct options *o, const char *optname,
    const char *letters, unsigned *bits, const char *val, struct buf *warn)
{
	const char *p = val;

	while (p != NULL && *p != '\0') {
		const char *l;
		int c = (unsigned char)*p;

		if (c == ' ' || c == '\t' || c == ',')
			;
		else if ((l = strchr(letters, c)) != NULL)
			*bits |= 1U << (l - letters);
		else {
			option_warnf(o, warn, false,
			    "Warning: Option: %s unknown parameter '%c'",
			    optname, isascii(c) && isprint(c) ? c : '?');
		}
		p = strpbrk(p + 1, ", \t");
		if (p != NULL)
			p++;
	}
	return OPTION_OK;
}
