/* cf_read.c - read a .cf file line by line into a struct cf */
#include "cf/cf.h"
#include "cf/class.h"
#include "cf/cf_host.h"
#include "cf/header.h"
#include "cf/macro.h"
#include "cf/mailer.h"
#include "cf/option.h"
#include "cf/ruleset.h"
#include "map/map.h"
#include "util/arena.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#define CF_DEFAULT_OPCHARS	".:@[]"

/* cf_vwarn - print one diagnostic and note the exit status */
static void
cf_vwarn(struct cf *cf, int line, int status, const char *fmt, va_list ap)
{
	FILE *f = cf->diag ? cf->diag : stderr;

	cf->nwarnings++;
	if (cf->exitstat == 0)
		cf->exitstat = status;
	if (line > 0)
		fprintf(f, "%s: line %d: ", cf->path, line);
	vfprintf(f, fmt, ap);
	fputc('\n', f);
}

void
cf_warn(struct cf *cf, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cf_vwarn(cf, line, EX_SOFTWARE, fmt, ap);
	va_end(ap);
}

void
cf_warn_errno(struct cf *cf, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cf_vwarn(cf, line, EX_OSERR, fmt, ap);
	va_end(ap);
}

const char *
cf_opchars(const struct cf *cf)
{
	const char *v = cf->opts->operator_chars;

	if (v != NULL)
		return v;
	if (cf->version < 7 && macro_get(cf->macros, 'o') != NULL)
		return macro_get(cf->macros, 'o');
	return CF_DEFAULT_OPCHARS;
}

/* --- the map environment: how maps see macros, other maps, options */

static const char *
cf_env_macro_get(void *ctx, const char *name)
{
	struct cf *cf = ctx;

	return macro_get_name(cf->macros, name);
}

static void
cf_env_macro_set(void *ctx, const char *name, const char *value)
{
	struct cf *cf = ctx;
	size_t len = strlen(name);

	if (len > 2 && name[0] == '{' && name[len - 1] == '}') {
		name++;
		len -= 2;
	}
	macro_set(cf->macros, macro_id(cf->macros, name, len), value);
}

static struct map *
cf_env_map_find(void *ctx, const char *name)
{
	return cf_map_find(ctx, name);
}

static void
cf_env_error(void *ctx, const char *text)
{
	struct cf *cf = ctx;

	fprintf(cf->diag ? cf->diag : stderr, "%s\n", text);
}

struct map *
cf_map_find(struct cf *cf, const char *name)
{
	size_t i;

	for (i = 0; i < cf->nmaps; i++)
		if (strcmp(map_name(cf->maps[i]), name) == 0)
			return cf->maps[i];
	return NULL;
}

/* cf_map_declare - a K line, or a built-in map */
static void
cf_map_declare(struct cf *cf, const char *name, const char *class,
    const char *args, int line)
{
	struct buf err = BUF_INIT;
	struct map *m;
	size_t i;

	m = map_new(cf->map_env, name, class, args, &err);
	/* sendmail reports every complaint, one line each, and may keep the map */
	for (const char *p = buf_str(&err); *p != '\0';) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		if (len > 0)
			cf_warn(cf, line, "%.*s", (int)len, p);
		p += len + (nl != NULL);
	}
	buf_free(&err);
	if (m == NULL)
		return;
	for (i = 0; i < cf->nmaps; i++)
		if (strcmp(map_name(cf->maps[i]), name) == 0) {
			map_free(cf->maps[i]);
			cf->maps[i] = m;
			return;
		}
	cf->maps = xreallocarray(cf->maps, cf->nmaps + 1, sizeof(*cf->maps));
	cf->maps[cf->nmaps++] = m;
}

/* cf_line_K - Kname class args */
static void
cf_line_K(struct cf *cf, const char *p, int line)
{
	const char *name = p, *class;
	char *n, *c;

	while (*p && !isspace((unsigned char)*p))
		p++;
	if (p == name) {
		cf_warn(cf, line, "readcf: config K line: no map name");
		return;
	}
	n = xstrndup(name, (size_t)(p - name));
	while (isspace((unsigned char)*p))
		p++;
	class = p;
	while (*p && !isspace((unsigned char)*p))
		p++;
	if (p == class) {
		cf_warn(cf, line, "readcf: config K line, map %s: no map class", n);
		free(n);
		return;
	}
	c = xstrndup(class, (size_t)(p - class));
	while (isspace((unsigned char)*p))
		p++;
	cf_map_declare(cf, n, c, p, line);
	free(n);
	free(c);
}

/* cf_class_words - add the blank-separated words of text to class id */
static void
cf_class_words(struct cf *cf, int id, const char *p)
{
	char *w;

	for (;;) {
		const char *start;

		while (isspace((unsigned char)*p))
			p++;
		if (*p == '\0')
			break;
		start = p;
		while (*p && !isspace((unsigned char)*p))
			p++;
		w = xstrndup(start, (size_t)(p - start));
		class_add(cf->classes, id, w);
		free(w);
	}
}

/* cf_line_C - Cx words, C{name}words, CX$={Y} */
static void
cf_line_C(struct cf *cf, const char *p, int line)
{
	int id = macro_id_parse(cf->macros, &p);
	struct buf exp = BUF_INIT;
	const char *q;

	if (id < 0) {
		cf_warn(cf, line, "readcf: C line: bad class name");
		return;
	}
	/* $=X words copy another class; everything else is expanded */
	for (q = p; *q; ) {
		const char *from = strstr(q, "$=");

		if (from == NULL) {
			macro_expand(cf->macros, q, &exp);
			break;
		}
		{
			char *pre = xstrndup(q, (size_t)(from - q));

			macro_expand(cf->macros, pre, &exp);
			free(pre);
		}
		q = from + 2;
		int src = macro_id_parse(cf->macros, &q);

		if (src >= 0)
			class_copy(cf->classes, id, src);
	}
	cf_class_words(cf, id, buf_str(&exp));
	buf_free(&exp);
}

/*
 * cf_scan_word - apply an F line's scanf format to one line, safely:
 * only one %s or %[...] conversion is allowed, and it gets a width
 * that fits word[1024].
 */
static bool
cf_scan_word(const char *fmt, const char *text, char word[1024])
{
	struct buf safe = BUF_INIT;
	int conversions = 0;
	bool ok;

	for (const char *p = fmt; *p; p++) {
		buf_addc(&safe, *p);
		if (*p != '%')
			continue;
		if (p[1] == '%') {
			buf_addc(&safe, *++p);
			continue;
		}
		if (isdigit((unsigned char)p[1]) || (p[1] != 's' && p[1] != '[') ||
		    ++conversions > 1) {
			buf_free(&safe);
			return false;
		}
		buf_adds(&safe, "1023");
	}
	ok = conversions == 1 && sscanf(text, buf_str(&safe), word) == 1;
	buf_free(&safe);
	return ok;
}

/* cf_line_F - Fx/path [fmt], Fx-o /path, Fx|program */
static void
cf_line_F(struct cf *cf, const char *p, int line)
{
	int id = macro_id_parse(cf->macros, &p);
	bool optional = false;
	struct buf exp = BUF_INIT;
	char *path, *fmt = NULL, *sp;
	FILE *f;
	char *text = NULL;
	size_t cap = 0;
	ssize_t len;

	if (id < 0) {
		cf_warn(cf, line, "readcf: F line: bad class name");
		return;
	}
	while (*p == '-') {
		if (p[1] == 'o')
			optional = true;
		p += 2;
		while (*p && !isspace((unsigned char)*p))
			p++;
		while (isspace((unsigned char)*p))
			p++;
	}
	macro_expand(cf->macros, p, &exp);
	path = buf_steal(&exp);
	if (*path == '|') {
		f = popen(path + 1, "r");
	} else {
		sp = path;
		while (*sp && !isspace((unsigned char)*sp))
			sp++;
		if (*sp) {
			*sp++ = '\0';
			while (isspace((unsigned char)*sp))
				sp++;
			if (*sp)
				fmt = sp;
		}
		f = fopen(path, "r");
	}
	if (f == NULL) {
		if (!optional)
			cf_warn_errno(cf, line, "fileclass: cannot open '%s': %s",
			    path, strerror(errno));
		free(path);
		return;
	}
	while ((len = getline(&text, &cap, f)) > 0) {
		if (text[len - 1] == '\n')
			text[--len] = '\0';
		if (text[0] == '#' || text[0] == '\0')
			continue;
		if (fmt != NULL) {
			char word[1024];

			if (cf_scan_word(fmt, text, word))
				class_add(cf->classes, id, word);
			continue;
		}
		cf_class_words(cf, id, text);
	}
	free(text);
	if (*path == '|')
		pclose(f);
	else
		fclose(f);
	free(path);
}

/* cf_line_V - Vlevel[/vendor] */
static void
cf_line_V(struct cf *cf, const char *p, int line)
{
	char *end;
	long v = strtol(p, &end, 10);

	if (end == p || v < 0) {
		cf_warn(cf, line, "invalid version \"%s\"", p);
		return;
	}
	cf->version = (int)v;
	if (*end == '/') {
		free(cf->vendor);
		cf->vendor = xstrdup(end + 1);
		if (strcmp(cf->vendor, "Berkeley") != 0 &&
		    strcmp(cf->vendor, "Sendmail") != 0)
			cf_warn(cf, line, "invalid V line vendor code: \"%s\"",
			    cf->vendor);
	}
}

/* cf_line_P - Pname=value */
static void
cf_line_P(struct cf *cf, const char *p, int line)
{
	const char *eq = strchr(p, '=');

	if (eq == NULL || eq == p) {
		cf_warn(cf, line, "readcf: P line: no '=' (\"%s\")", p);
		return;
	}
	cf->prio = xreallocarray(cf->prio, cf->nprio + 1, sizeof(*cf->prio));
	cf->prio[cf->nprio].name = xstrndup(p, (size_t)(eq - p));
	cf->prio[cf->nprio++].value = atoi(eq + 1);
}

/* cf_line_E - Ename=value, or Ename to pass the caller's value */
static void
cf_line_E(struct cf *cf, const char *p)
{
	cf->env = xreallocarray(cf->env, cf->nenv + 1, sizeof(*cf->env));
	cf->env[cf->nenv++] = xstrdup(p);
}

/* cf_line_Q - Qname, equates */
static void
cf_line_Q(struct cf *cf, const char *p, int line)
{
	const char *comma = strchr(p, ',');
	size_t len = comma ? (size_t)(comma - p) : strlen(p);

	while (len > 0 && isspace((unsigned char)p[len - 1]))
		len--;
	if (len == 0) {
		cf_warn(cf, line, "readcf: queue group name required");
		return;
	}
	cf->qgroups = xreallocarray(cf->qgroups, cf->nqgroups + 1,
	    sizeof(*cf->qgroups));
	cf->qgroups[cf->nqgroups].name = xstrndup(p, len);
	cf->qgroups[cf->nqgroups++].raw = xstrdup(comma ? comma + 1 : "");
}

/* cf_line_O - an option line */
static void
cf_line_O(struct cf *cf, const char *p, int line)
{
	struct buf warn = BUF_INIT;

	/* the option module words its own messages, location included */
	option_where(cf->opts, cf->path, line);
	(void)option_parse_line(cf->opts, p, 0, &warn);
	if (warn.len > 0) {
		size_t plen = strlen(cf->path);

		cf->nwarnings++;
		/* located messages are sendmail's syserr kind: they set the status */
		if (cf->exitstat == 0 && strncmp(buf_str(&warn), cf->path, plen) == 0)
			cf->exitstat = EX_SOFTWARE;
		fputs(buf_str(&warn), cf->diag ? cf->diag : stderr);
	}
	buf_free(&warn);
}

/* cf_read_line - one folded line (continuations joined, newline kept) */
static ssize_t
cf_read_line(FILE *f, struct buf *out, int *lineno)
{
	char *text = NULL;
	size_t cap = 0;
	ssize_t len;
	int c;

	buf_reset(out);
	while ((len = getline(&text, &cap, f)) > 0) {
		(*lineno)++;
		if (text[len - 1] == '\n')
			text[--len] = '\0';
		if (len > 0 && text[len - 1] == '\r')
			text[--len] = '\0';
		if (out->len > 0)
			buf_addc(out, '\n');
		buf_add(out, text, (size_t)len);
		/* a following line that starts with a blank continues this one */
		c = getc(f);
		if (c == EOF)
			break;
		ungetc(c, f);
		if (c != ' ' && c != '\t')
			break;
	}
	free(text);
	return len < 0 && out->len == 0 ? -1 : (ssize_t)out->len;
}

/* cf_dispatch - one logical line */
static void
cf_dispatch(struct cf *cf, char *bp, int line, int *cur_rs)
{
	const char *p = bp + 1;

	switch (bp[0]) {
	case '\0':
	case '#':
		break;
	case 'R':
		if (*cur_rs < 0) {
			cf_warn(cf, line, "readcf: no ruleset for R line");
			break;
		}
		cf_rule_compile(cf, *cur_rs, p, line);
		break;
	case 'S':
		*cur_rs = ruleset_declare(cf, p, line);
		break;
	case 'D': {
		int id = macro_id_parse(cf->macros, &p);

		if (id < 0) {
			cf_warn(cf, line, "readcf: D line: bad macro name");
			break;
		}
		macro_set_cf(cf->macros, id, p);
		break;
	}
	case 'C':
		cf_line_C(cf, p, line);
		break;
	case 'F':
		cf_line_F(cf, p, line);
		break;
	case 'K':
		cf_line_K(cf, p, line);
		break;
	case 'M':
		mailer_define(cf, p, line);
		break;
	case 'H':
		header_define(cf, p, line);
		break;
	case 'O':
		cf_line_O(cf, p, line);
		break;
	case 'P':
		cf_line_P(cf, p, line);
		break;
	case 'T':
		cf_class_words(cf, 't', p);
		break;
	case 'V':
		cf_line_V(cf, p, line);
		break;
	case 'E':
		cf_line_E(cf, p);
		break;
	case 'Q':
		cf_line_Q(cf, p, line);
		break;
	case 'L':
		/* obsolete log level line: LogLevel by another name */
		option_set(cf->opts, "LogLevel", p, 0, NULL);
		break;
	case 'X':
		/* mail filters: tern has no milter support; kept as known */
		break;
	default:
		if (isspace((unsigned char)bp[0]))
			break;
		cf_warn(cf, line, "unknown configuration line \"%s\"", bp);
		break;
	}
}

/* cf_new - an empty configuration with the built-in pieces */
static struct cf *
cf_new(const struct cf_load_args *a)
{
	struct cf *cf = xcalloc(1, sizeof(*cf));
	struct map_env *env = xcalloc(1, sizeof(*env));
	size_t i;

	cf->path = xstrdup(a->path);
	cf->vendor = xstrdup("Berkeley");
	cf->diag = a->diag;
	cf->is_submit = a->is_submit;
	cf->macros = macros_new();
	cf->classes = classes_new();
	cf->opts = xcalloc(1, sizeof(struct options));
	option_init(cf->opts);
	cf->rulesets = xcalloc(CF_MAXRWSETS, sizeof(*cf->rulesets));
	cf->next_named = CF_MAXRWSETS - 1;
	cf->strings = xcalloc(1, sizeof(struct arena));
	env->ctx = cf;
	env->macro_get = cf_env_macro_get;
	env->macro_set = cf_env_macro_set;
	env->map_find = cf_env_map_find;
	env->error = cf_env_error;
	cf->map_env = env;
	for (i = 0; i < a->noptions; i++) {
		struct buf warn = BUF_INIT;

		if (option_set(cf->opts, a->options[i].name, a->options[i].value,
		    OPT_FROM_CMDLINE, &warn) < 0 && warn.len > 0)
			fprintf(cf->diag ? cf->diag : stderr, "%s", buf_str(&warn));
		buf_free(&warn);
	}
	cf_host_init(cf);
	mailer_builtins(cf);
	return cf;
}

/*
 * cf_alias_maps - the maps behind the aliases service: each AliasFile
 * spec ("[class:]file", implicit by default) becomes a map, and
 * "aliases.files" is that map, or a sequence of them.
 */
static void
cf_alias_maps(struct cf *cf)
{
	const struct option_list *l = &cf->opts->alias_files;
	struct buf seq = BUF_INIT;
	size_t i;

	for (i = 0; i < l->n; i++) {
		const char *spec = l->v[i], *colon = strchr(spec, ':');
		const char *file = spec;
		char *class = xstrdup("implicit"), name[32];

		/* "hash:/etc/aliases" names the class; a plain path is implicit */
		if (colon != NULL && colon > spec && strchr(spec, '/') > colon) {
			free(class);
			class = xstrndup(spec, (size_t)(colon - spec));
			file = colon + 1;
		}
		if (l->n == 1)
			snprintf(name, sizeof(name), "aliases.files");
		else
			snprintf(name, sizeof(name), "Alias%zu", i);
		cf_map_declare(cf, name, class, file, 0);
		buf_addf(&seq, "%s%s", i ? " " : "", name);
		free(class);
	}
	if (l->n > 1)
		cf_map_declare(cf, "aliases.files", "sequence", buf_str(&seq), 0);
	buf_free(&seq);
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
	cf_alias_maps(cf);
	for (i = 0; map_builtins[i].name != NULL; i++)
		if (cf_map_find(cf, map_builtins[i].name) == NULL)
			cf_map_declare(cf, map_builtins[i].name,
			    map_builtins[i].classname, map_builtins[i].args, 0);
	cf_host_finish(cf);
}

struct cf *
cf_load(const struct cf_load_args *a)
{
	struct cf *cf;
	struct buf line = BUF_INIT;
	FILE *f;
	int lineno = 0, cur_rs = -1;

	f = fopen(a->path, "r");
	if (f == NULL) {
		fprintf(a->diag ? a->diag : stderr,
		    "554 5.3.0 cannot open %s: %s\n", a->path, strerror(errno));
		return NULL;
	}
	cf = cf_new(a);
	for (;;) {
		/* like sendmail, report the last physical line of a folded one */
		if (cf_read_line(f, &line, &lineno) < 0)
			break;
		cf_dispatch(cf, line.data ? line.data : (char *)"", lineno, &cur_rs);
	}
	fclose(f);
	buf_free(&line);
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
	option_free(cf->opts);
	free(cf->opts);
	macros_free(cf->macros);
	classes_free(cf->classes);
	arena_free(cf->strings);
	free(cf->strings);
	free(cf->map_env);
	free(cf->vendor);
	free(cf->path);
	free(cf);
}
