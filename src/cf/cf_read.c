/* cf_read.c - read a .cf file line by line into a struct cf, as sendmail
 * 8.17's readcf: folded lines, translation, dispatch on the first byte */
#include "cf/cf.h"
#include "cf/cf_host.h"
#include "cf/cf_int.h"
#include "cf/cf_text.h"
#include "cf/class.h"
#include "cf/header.h"
#include "cf/macro.h"
#include "cf/mailer.h"
#include "cf/option.h"
#include "cf/ruleset.h"
#include "map/map.h"
#include "util/arena.h"
#include "util/version.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <strings.h>
#include <sysexits.h>

#define CF_DEFAULT_OPCHARS	".:@[]"
#define CF_MAXPRIORITIES	25	/* sendmail's MAXPRIORITIES */
#define CF_CONFIGLEVEL		10	/* the newest V level sendmail knows */

/* --- diagnostics */

/* cf_print - one diagnostic line, located when line > 0 */
static void
cf_print(struct cf *cf, int line, bool strip, const char *fmt, va_list ap)
{
	FILE *f = cf->diag ? cf->diag : stderr;
	struct buf b = BUF_INIT;
	size_t i;

	if (line > 0)
		buf_addf(&b, "%s: line %d: ", cf->path, line);
	buf_vaddf(&b, fmt, ap);
	/* sendmail's error messages never show an eight-bit byte */
	for (i = 0; strip && i < b.len; i++)
		b.data[i] &= 0x7f;
	buf_addc(&b, '\n');
	fwrite(b.data, 1, b.len, f);
	buf_free(&b);
	cf->nwarnings++;
}

/* cf_status - sendmail's sticky ExitStat: the first error's status */
static void
cf_status(struct cf *cf, int status)
{
	if (cf->exitstat == 0)
		cf->exitstat = status;
}

void
cf_warn(struct cf *cf, int line, const char *fmt, ...)
{
	va_list ap;

	cf_status(cf, EX_SOFTWARE);
	va_start(ap, fmt);
	cf_print(cf, line, true, fmt, ap);
	va_end(ap);
}

void
cf_warn_errno(struct cf *cf, int line, const char *fmt, ...)
{
	va_list ap;

	cf_status(cf, EX_OSERR);
	va_start(ap, fmt);
	cf_print(cf, line, true, fmt, ap);
	va_end(ap);
}

void
cf_note(struct cf *cf, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cf_print(cf, line, true, fmt, ap);
	va_end(ap);
}

void
cf_message(struct cf *cf, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cf_print(cf, 0, false, fmt, ap);
	va_end(ap);
}

const char *
cf_opchars(const struct cf *cf)
{
	const char *v = cf->opts->operator_chars;

	/* once the tokenizer has its operators, they stay */
	if (cf->tok_opchars != NULL)
		return cf->tok_opchars;
	if (v != NULL)
		return v;
	if (cf->version < 7 && macro_get(cf->macros, 'o') != NULL)
		return macro_get(cf->macros, 'o');
	return CF_DEFAULT_OPCHARS;
}

/* --- options */

/*
 * cf_option_result - print what the option module said and take its
 * verdict: an error sets the status, a fatal one stops loading
 */
static void
cf_option_result(struct cf *cf, int rc, const struct buf *warn)
{
	if (warn->len > 0) {
		fwrite(warn->data, 1, warn->len, cf->diag ? cf->diag : stderr);
		cf->nwarnings++;
	}
	if (rc == OPTION_ERR)
		cf_status(cf, EX_SOFTWARE);
	else if (rc == OPTION_FATAL) {
		cf->fatal = true;
		cf->exitstat = EX_USAGE;
	}
}

/* cf_line_O - an option line */
static void
cf_line_O(struct cf *cf, const char *p, int line)
{
	struct buf warn = BUF_INIT;
	int rc;

	/* the option module words its own messages, location included */
	option_where(cf->opts, cf->path, line);
	rc = option_parse_line(cf->opts, p, 0, &warn);
	cf_option_result(cf, rc, &warn);
	buf_free(&warn);
}

/* --- the small line types */

/* cf_line_D - Dxvalue, D{name}value: the value as sendmail's munchstring */
static void
cf_line_D(struct cf *cf, const char *p, int line)
{
	struct buf val = BUF_INIT;
	int id;

	if ((id = cf_text_macid(cf, p, &p, line)) < 0)
		return;
	cf_text_munch(cf, p, NULL, '\0', &val);
	macro_set_cf(cf->macros, id, buf_str(&val));
	buf_free(&val);
}

/* cf_line_V - Vlevel[/vendor] */
static void
cf_line_V(struct cf *cf, const char *text, int line)
{
	const char *p = text;
	char *end;
	long v;

	while (*p == ' ' || (*p >= '\t' && *p <= '\r'))
		p++;
	if (!isascii((unsigned char)*p) || !isdigit((unsigned char)*p)) {
		struct buf shown = BUF_INIT;

		cf_text_show(cf, text, strlen(text), true, &shown);
		cf_warn(cf, line, "invalid argument to V line: \"%.20s\"",
		    buf_str(&shown));
		buf_free(&shown);
		return;
	}
	v = strtol(p, &end, 10);
	cf->version = v > INT_MAX ? INT_MAX : (int)v;
	if (*end == '/') {
		const char *vendor = ++end;

		while (isascii((unsigned char)*end) && isalpha((unsigned char)*end))
			end++;
		if ((size_t)(end - vendor) == 8 &&
		    strncasecmp(vendor, "Berkeley", 8) == 0) {
			free(cf->vendor);
			cf->vendor = xstrndup(vendor, 8);
		} else {
			cf_warn(cf, line, "invalid V line vendor code: \"%.*s\"",
			    (int)(end - vendor), vendor);
		}
	}
}

/* cf_line_P - Pname=value; anything else is an unknown line */
static void
cf_line_P(struct cf *cf, const char *p, int line)
{
	const char *eq = strchr(p, '=');

	if (cf->nprio >= CF_MAXPRIORITIES) {
		cf_warn(cf, line, "too many %c lines, %d max", 'P',
		    CF_MAXPRIORITIES);
		return;
	}
	if (eq == NULL) {
		struct buf shown = BUF_INIT;

		cf_text_show(cf, p, strlen(p), true, &shown);
		cf_warn(cf, line, "unknown configuration line \"P%s\"",
		    buf_str(&shown));
		buf_free(&shown);
		return;
	}
	cf->prio = xreallocarray(cf->prio, cf->nprio + 1, sizeof(*cf->prio));
	cf->prio[cf->nprio].name = xstrndup(p, (size_t)(eq - p));
	cf->prio[cf->nprio++].value = (int)strtol(eq + 1, NULL, 10);
}

/* cf_line_E - Ename=value, or Ename to pass the caller's value */
static void
cf_line_E(struct cf *cf, const char *p)
{
	cf->env = xreallocarray(cf->env, cf->nenv + 1, sizeof(*cf->env));
	cf->env[cf->nenv++] = xstrdup(p);
}

/* cf_unknown - a line of a type sendmail does not know */
static void
cf_unknown(struct cf *cf, const char *bp, int line)
{
	struct buf shown = BUF_INIT;

	cf_text_show(cf, bp, strlen(bp), true, &shown);
	cf_warn(cf, line, "unknown configuration line \"%s\"", buf_str(&shown));
	buf_free(&shown);
}

/* cf_dispatch - one translated line */
static void
cf_dispatch(struct cf *cf, const char *bp, int line, int *cur_rs)
{
	const char *p = bp + 1;

	switch (bp[0]) {
	case '\0':
	case '#':
		break;
	case 'R':
		cf_rule_compile(cf, *cur_rs, p, line);
		break;
	case 'S':
		*cur_rs = ruleset_declare(cf, p, line);
		break;
	case 'D':
		cf_line_D(cf, p, line);
		break;
	case 'H':
		header_define(cf, p, line);
		break;
	case 'C':
		cf_class_line(cf, p, line);
		break;
	case 'T':
		cf_class_trusted(cf, p);
		break;
	case 'F':
		cf_class_file(cf, p, line);
		break;
	case 'M':
		mailer_define(cf, p, line);
		break;
	case 'O':
		cf_line_O(cf, p, line);
		break;
	case 'P':
		cf_line_P(cf, p, line);
		break;
	case 'Q':
		cf_queue_line(cf, p, line);
		break;
	case 'V':
		cf_line_V(cf, p, line);
		break;
	case 'K':
		cf_map_line(cf, p, line);
		break;
	case 'E':
		cf_line_E(cf, p);
		break;
	case 'X':
		cf_milter_line(cf, p, line);
		break;
	default:
		cf_unknown(cf, bp, line);
		break;
	}
}

/*
 * cf_read_line - one folded line as sendmail's fgetfolded reads it:
 * CR LF is LF, a line that starts with a blank continues the one before
 * (the newline is kept), and *lineno counts newlines, so a folded line
 * is reported by its last line and a last line without a newline by the
 * one before it.  False at the end of the file.
 */
static bool
cf_read_line(const char **pp, const char *end, struct buf *out, int *lineno)
{
	const char *p = *pp;

	buf_reset(out);
	while (p < end) {
		/* a run without CR or LF at once */
		const char *q = memchr(p, '\n', (size_t)(end - p)), *cr;

		if (q == NULL)
			q = end;
		if ((cr = memchr(p, '\r', (size_t)(q - p))) != NULL)
			q = cr;
		if (q > p)
			buf_add(out, p, (size_t)(q - p));
		p = q;
		if (p == end)
			break;
		if (*p == '\r') {
			p++;
			if (p == end || *p != '\n') {
				buf_addc(out, '\r');	/* a lone CR stays */
				continue;
			}
		}
		/* LF (or CR LF) */
		p++;
		buf_addc(out, '\n');
		if (*lineno < INT_MAX)
			(*lineno)++;
		if (p == end || (*p != ' ' && *p != '\t'))
			break;
	}
	*pp = p;
	if (out->len == 0)
		return false;
	if (out->data[out->len - 1] == '\n')
		buf_truncate(out, out->len - 1);
	return true;
}

/* cf_slurp - the whole file into text; false with errno */
static bool
cf_slurp(FILE *f, struct buf *text)
{
	char tmp[65536];
	size_t n;

	while ((n = fread(tmp, 1, sizeof(tmp), f)) > 0)
		buf_add(text, tmp, n);
	return !ferror(f);
}

/* cf_new - an empty configuration with the built-in pieces */
static struct cf *
cf_new(const struct cf_load_args *a)
{
	struct cf *cf = xcalloc(1, sizeof(*cf));
	size_t i;

	cf->path = xstrdup(a->path);
	cf->vendor = xstrdup("Berkeley");
	cf->diag = a->diag;
	cf->is_submit = a->is_submit;
	cf->test_mode = a->test_mode;
	cf->macros = macros_new();
	cf->classes = classes_new();
	cf->opts = xcalloc(1, sizeof(struct options));
	option_init(cf->opts);
	cf->rulesets = xcalloc(CF_MAXRWSETS, sizeof(*cf->rulesets));
	cf->next_named = CF_MAXRWSETS;
	cf->strings = xcalloc(1, sizeof(struct arena));
	cf_map_env_init(cf);
	/* command-line options come first, and a fatal one ends it all */
	for (i = 0; i < a->noptions && !cf->fatal; i++) {
		struct buf warn = BUF_INIT;
		int rc;

		rc = option_set(cf->opts, a->options[i].name, a->options[i].value,
		    OPT_FROM_CMDLINE, &warn);
		cf_option_result(cf, rc, &warn);
		buf_free(&warn);
	}
	if (cf->fatal)
		return cf;
	cf_host_init(cf);
	cf_class_defaults(cf);
	mailer_builtins(cf);
	return cf;
}

/* cf_finish_checks - what sendmail says about the whole configuration */
static void
cf_finish_checks(struct cf *cf)
{
	const char *mbdb = option_raw(cf->opts, "MailboxDatabase");

	if (cf->opts->super_safe == OPT_SAFE_INTERACTIVE &&
	    cf->opts->delivery_mode != OPT_DM_INTERACTIVE)
		cf_message(cf, "WARNING: SuperSafe=interactive should only be "
		    "used with\n         DeliveryMode=interactive");
	if (mbdb != NULL && strcmp(mbdb, "pw") != 0 &&
	    strcmp(mbdb, "ldap") != 0 && strncmp(mbdb, "ldap:", 5) != 0) {
		cf_message(cf, "Can't initialize mailbox database \"%s\": "
		    "Service unavailable", mbdb);
		cf_status(cf, EX_UNAVAILABLE);
	}
	if (cf->opts->single_thread_delivery &&
	    cf->opts->host_status_directory == NULL) {
		cf_message(cf, "Warning: HostStatusDirectory required for "
		    "SingleThreadDelivery");
		cf->opts->single_thread_delivery = false;
	}
	/* sendmail names its own version here; tern names its own */
	if (cf->version < CF_CONFIGLEVEL)
		cf_message(cf, "Warning: .cf file is out of date: sendmail %s "
		    "supports version %d, .cf file is version %d", TERN_VERSION,
		    CF_CONFIGLEVEL, cf->version);
	if (mailer_find(cf, "local") == NULL)
		cf_warn(cf, 0, "No local mailer defined");
}

/* cf_finish - what sendmail does once the file is read */
static void
cf_finish(struct cf *cf, const struct cf_load_args *a)
{
	struct map_env *env = cf->map_env;
	size_t i;

	for (i = 0; i < a->nmacros; i++) {
		const char *name = a->macros[i].name;

		macro_set_cf(cf->macros, macro_id(cf->macros, name, strlen(name)),
		    a->macros[i].value);
	}
	env->hosts_file = option_raw(cf->opts, "HostsFile");
	env->service_switch = option_raw(cf->opts, "ServiceSwitchFile");
	env->resolver_options = option_raw(cf->opts, "ResolverOptions");
	env->alias_file = option_raw(cf->opts, "AliasFile");
	cf_map_aliases(cf);
	cf_map_builtins(cf);
	cf_host_finish(cf);
	cf_finish_checks(cf);
}

/*
 * cf_read_safe - a set-group-ID run (the submission program) believes
 * only a regular configuration file that no group or other can write,
 * owned by root or the caller, as sendmail's safefile refuses one
 */
static bool
cf_read_safe(FILE *f, const char *path, FILE *diag)
{
	struct stat st;
	const char *why = NULL;

	if (getegid() == getgid() && geteuid() == getuid())
		return true;
	if (fstat(fileno(f), &st) < 0)
		why = strerror(errno);
	else if (!S_ISREG(st.st_mode))
		why = "not a regular file";
	else if (st.st_mode & S_IWOTH)
		why = "World writable file";
	else if (st.st_mode & S_IWGRP)
		why = "Group writable file";
	else if (st.st_uid != 0 && st.st_uid != getuid())
		why = "Bad file owner";
	if (why == NULL)
		return true;
	fprintf(diag, "554 5.3.0 cannot open %s: %s\n", path, why);
	return false;
}

struct cf *
cf_load(const struct cf_load_args *a)
{
	struct cf *cf;
	struct buf raw = BUF_INIT, line = BUF_INIT, text = BUF_INIT;
	const char *p, *end;
	FILE *f;
	int lineno = 0, cur_rs = -1;

	cf = cf_new(a);
	if (cf->fatal)
		return cf;
	f = fopen(a->path, "r");
	if (f == NULL) {
		fprintf(a->diag ? a->diag : stderr,
		    "554 5.3.0 cannot open %s: %s\n", a->path, strerror(errno));
		cf_free(cf);
		return NULL;
	}
	if (!cf_read_safe(f, a->path, a->diag ? a->diag : stderr)) {
		fclose(f);
		cf_free(cf);
		return NULL;
	}
	if (!cf_slurp(f, &text)) {
		fprintf(a->diag ? a->diag : stderr,
		    "554 5.3.0 cannot read %s: %s\n", a->path, strerror(errno));
		fclose(f);
		buf_free(&text);
		cf_free(cf);
		return NULL;
	}
	fclose(f);
	p = text.data != NULL ? text.data : "";
	end = p + text.len;
	while (!cf->fatal && cf_read_line(&p, end, &raw, &lineno)) {
		const char *bp = buf_str(&raw);

		if (bp[0] == '#')
			continue;
		cf->line = lineno;
		cf_text_translate(cf, bp, &line, lineno);
		cf_dispatch(cf, buf_str(&line), lineno, &cur_rs);
	}
	cf->line = 0;
	cf_rule_done(cf);
	buf_free(&text);
	buf_free(&raw);
	buf_free(&line);
	if (!cf->fatal)
		cf_finish(cf, a);
	return cf;
}

void
cf_free(struct cf *cf)
{
	size_t i;

	if (cf == NULL)
		return;
	ruleset_free_all(cf);
	free(cf->rulesets);
	for (i = 0; i < cf->nmailers; i++)
		mailer_free(cf->mailers[i]);
	free(cf->mailers);
	for (i = 0; i < cf->nmaps; i++)
		map_free(cf->maps[i]);
	free(cf->maps);
	header_free_all(cf);
	for (i = 0; i < cf->nprio; i++)
		free(cf->prio[i].name);
	free(cf->prio);
	for (i = 0; i < cf->nenv; i++)
		free(cf->env[i]);
	free(cf->env);
	for (i = 0; i < cf->nqgroups; i++) {
		free(cf->qgroups[i].name);
		free(cf->qgroups[i].raw);
	}
	free(cf->qgroups);
	cf_milter_free(cf);
	option_free(cf->opts);
	free(cf->opts);
	macros_free(cf->macros);
	classes_free(cf->classes);
	arena_free(cf->strings);
	free(cf->strings);
	free(cf->map_env);
	cf_rule_done(cf);
	free(cf->tok_opchars);
	free(cf->vendor);
	free(cf->path);
	free(cf);
}
