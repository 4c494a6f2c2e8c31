/* mailer.c - M lines: mailer definitions and their -bt listing */
#include "cf/mailer.h"
#include "cf/cf.h"
#include "cf/ruleset.h"

#include <ctype.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* mailer_new - a mailer with sendmail's defaults */
static struct mailer *
mailer_new(const char *name)
{
	struct mailer *m = xcalloc(1, sizeof(*m));

	m->name = xstrdup(name);
	m->s_env = m->s_hdr = m->r_env = m->r_hdr = -1;
	m->uid = (uid_t)-1;
	m->gid = (gid_t)-1;
	m->maxrcpt = 100;
	return m;
}

void
mailer_free(struct mailer *m)
{
	size_t i;

	if (m == NULL)
		return;
	free(m->name);
	free(m->path);
	for (i = 0; i < m->argc; i++)
		free(m->argv[i]);
	free(m->argv);
	free(m->eol);
	free(m->uidname);
	free(m->execdir);
	free(m->mtatype);
	free(m->addrtype);
	free(m->diagtype);
	free(m->charset);
	free(m->qgroup);
	free(m);
}

struct mailer *
mailer_error(void)
{
	static struct mailer error_mailer = { .name = (char *)"*error*",
	    .number = -1, .s_env = -1, .s_hdr = -1, .r_env = -1, .r_hdr = -1,
	    .maxrcpt = 100 };

	return &error_mailer;
}

struct mailer *
mailer_find(const struct cf *cf, const char *name)
{
	size_t i;

	for (i = 0; i < cf->nmailers; i++)
		if (cf->mailers[i] != NULL && strcmp(cf->mailers[i]->name, name) == 0)
			return cf->mailers[i];
	return NULL;
}

/* mailer_unescape - E= values: \r \n \t \f \b \\ and \octal */
static char *
mailer_unescape(const char *s)
{
	struct buf b = BUF_INIT;

	for (; *s; s++) {
		if (*s != '\\' || s[1] == '\0') {
			buf_addc(&b, *s);
			continue;
		}
		switch (*++s) {
		case 'r': buf_addc(&b, '\r'); break;
		case 'n': buf_addc(&b, '\n'); break;
		case 't': buf_addc(&b, '\t'); break;
		case 'f': buf_addc(&b, '\f'); break;
		case 'b': buf_addc(&b, '\b'); break;
		default:
			if (*s >= '0' && *s <= '7') {
				int v = 0, n = 0;

				while (n < 3 && *s >= '0' && *s <= '7')
					v = v * 8 + (*s++ - '0'), n++;
				s--;
				buf_addc(&b, v);
			} else
				buf_addc(&b, *s);
		}
	}
	return buf_steal(&b);
}

/* mailer_rulesets - "EnvFrom/HdrFrom" or "One" into two ruleset numbers */
static void
mailer_rulesets(struct cf *cf, const char *v, int *env, int *hdr, int line)
{
	const char *slash = strchr(v, '/');
	char *first = xstrndup(v, slash ? (size_t)(slash - v) : strlen(v));

	*env = *first ? ruleset_ref(cf, first, line) : -1;
	*hdr = slash ? (slash[1] ? ruleset_ref(cf, slash + 1, line) : -1) : *env;
	free(first);
}

/* mailer_split_argv - A= words, split at blanks */
static void
mailer_split_argv(struct mailer *m, const char *v)
{
	const char *p = v, *start;

	while (*p) {
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (*p == '\0')
			break;
		start = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\n')
			p++;
		m->argv = xreallocarray(m->argv, m->argc + 1, sizeof(char *));
		m->argv[m->argc++] = xstrndup(start, (size_t)(p - start));
	}
}

/* mailer_set_ids - U=user:group, names or numbers */
static void
mailer_set_ids(struct cf *cf, struct mailer *m, const char *v, int line)
{
	char *copy = xstrdup(v), *colon = strchr(copy, ':'), *end;

	if (colon)
		*colon++ = '\0';
	if (*copy) {
		long n = strtol(copy, &end, 10);

		if (*end == '\0')
			m->uid = (uid_t)n;
		else {
			struct passwd *pw = getpwnam(copy);

			if (pw == NULL) {
				cf_warn(cf, line, "readcf: mailer U= flag: unknown user %s", copy);
				free(copy);
				return;
			} else {
				m->uid = pw->pw_uid;
				if (colon == NULL)
					m->gid = pw->pw_gid;
			}
		}
	}
	if (colon && *colon) {
		long n = strtol(colon, &end, 10);

		if (*end == '\0')
			m->gid = (gid_t)n;
		else {
			struct group *gr = getgrnam(colon);

			if (gr == NULL)
				cf_warn(cf, line, "readcf: mailer U= flag: unknown group %s", colon);
			else
				m->gid = gr->gr_gid;
		}
	}
	free(copy);
}

/* mailer_field - apply one X=value equate */
static void
mailer_field(struct cf *cf, struct mailer *m, int code, const char *v,
    int line)
{
	switch (code) {
	case 'P':
		free(m->path);
		m->path = xstrdup(v);
		break;
	case 'F':
		for (; *v; v++)
			if (!isspace((unsigned char)*v))
				m->flags[(unsigned char)*v / 8] |=
				    (unsigned char)(1 << ((unsigned char)*v % 8));
		break;
	case 'S':
		mailer_rulesets(cf, v, &m->s_env, &m->s_hdr, line);
		break;
	case 'R':
		mailer_rulesets(cf, v, &m->r_env, &m->r_hdr, line);
		break;
	case 'E':
		free(m->eol);
		m->eol = mailer_unescape(v);
		break;
	case 'A':
		mailer_split_argv(m, v);
		break;
	case 'L':
		m->linelimit = strtol(v, NULL, 10);
		break;
	case 'M':
		m->maxsize = strtol(v, NULL, 10);
		break;
	case 'm':
		m->maxdeliveries = strtol(v, NULL, 10);
		break;
	case 'r':
		m->maxrcpt = strtol(v, NULL, 10);
		break;
	case 'N':
		m->nice = (int)strtol(v, NULL, 10);
		break;
	case 'D':
		free(m->execdir);
		m->execdir = xstrdup(v);
		break;
	case 'C':
		free(m->charset);
		m->charset = xstrdup(v);
		break;
	case 'W':
		m->wait = strtol(v, NULL, 10);
		break;
	case 'Q':
		free(m->qgroup);
		m->qgroup = xstrdup(v);
		break;
	case 'U':
		free(m->uidname);
		m->uidname = xstrdup(v);
		mailer_set_ids(cf, m, v, line);
		break;
	case 'T': {
		char *copy = xstrdup(v), *a = copy, *b, *c;

		b = strchr(a, '/');
		if (b)
			*b++ = '\0';
		c = b ? strchr(b, '/') : NULL;
		if (c)
			*c++ = '\0';
		free(m->mtatype);
		free(m->addrtype);
		free(m->diagtype);
		m->mtatype = *a ? xstrdup(a) : NULL;
		m->addrtype = b && *b ? xstrdup(b) : NULL;
		m->diagtype = c && *c ? xstrdup(c) : NULL;
		free(copy);
		break;
	}
	default:
		cf_warn(cf, line, "M%s: unknown mailer equate %c=", m->name, code);
		break;
	}
}

/* mailer_install - put a definition in its slot (built-ins keep theirs) */
static void
mailer_install(struct cf *cf, struct mailer *m)
{
	size_t i;

	for (i = 0; i < cf->nmailers; i++)
		if (strcmp(cf->mailers[i]->name, m->name) == 0) {
			m->number = (int)i;
			mailer_free(cf->mailers[i]);
			cf->mailers[i] = m;
			return;
		}
	cf->mailers = xreallocarray(cf->mailers, cf->nmailers + 1,
	    sizeof(*cf->mailers));
	m->number = (int)cf->nmailers;
	cf->mailers[cf->nmailers++] = m;
}

/* mailer_has_u - does A= pass recipients as $u arguments? */
static bool
mailer_has_u(const struct mailer *m)
{
	size_t i;

	for (i = 0; i < m->argc; i++)
		if (strstr(m->argv[i], "$u") != NULL)
			return true;
	return false;
}

void
mailer_define(struct cf *cf, const char *text, int line)
{
	const char *p = text, *start;
	struct mailer *m;
	struct buf val = BUF_INIT;

	while (*p && *p != ',' && !isspace((unsigned char)*p))
		p++;
	if (p == text) {
		cf_warn(cf, line, "readcf: mailer name required");
		return;
	}
	{
		char *name = xstrndup(text, (size_t)(p - text));

		m = mailer_new(name);
		free(name);
	}
	while (*p) {
		int code;
		bool quoted = false;

		while (*p == ',' || isspace((unsigned char)*p))
			p++;
		if (*p == '\0')
			break;
		code = (unsigned char)*p++;
		while (*p && *p != '=' && *p != ',')
			p++;
		if (*p != '=') {
			cf_warn(cf, line, "readcf: mailer %s: `=' expected", m->name);
			break;
		}
		p++;
		while (isspace((unsigned char)*p))
			p++;
		buf_reset(&val);
		start = p;
		for (; *p && (quoted || *p != ','); p++) {
			if (*p == '"') {
				quoted = !quoted;
				continue;
			}
			if (*p == '\\' && p[1] == '"') {
				buf_addc(&val, '"');
				p++;
				continue;
			}
			buf_addc(&val, *p);
		}
		(void)start;
		while (val.len > 0 && isspace((unsigned char)val.data[val.len - 1]))
			buf_truncate(&val, val.len - 1);
		mailer_field(cf, m, code, buf_str(&val), line);
	}
	buf_free(&val);
	if (m->path == NULL)
		cf_warn(cf, line, "M%s: P= must be specified", m->name);
	/* a program cannot take several recipients in one run */
	if (strcmp(m->name, "prog") == 0)
		m->flags['m' / 8] &= (unsigned char)~(1 << ('m' % 8));
	/* a mailer not given $u takes its recipients by SMTP or LMTP */
	if (m->eol == NULL)
		m->eol = xstrdup(mailer_has_u(m) ? "\n" : "\r\n");
	mailer_install(cf, m);
}

void
mailer_builtins(struct cf *cf)
{
	mailer_define(cf, "prog, P=/bin/sh, F=lsouDq9, T=X-Unix/X-Unix/X-Unix, "
	    "A=sh -c $u", 0);
	mailer_define(cf, "*file*, P=[FILE], F=lsDFMPEouq9, "
	    "T=X-Unix/X-Unix/X-Unix, A=FILE $u", 0);
	mailer_define(cf, "*include*, P=/dev/null, F=su, A=INCLUDE $u", 0);
}

/* mailer_print_escaped - E= as sendmail lists it (\r \n visible) */
static void
mailer_print_escaped(struct buf *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '\r': buf_adds(out, "\\r"); break;
		case '\n': buf_adds(out, "\\n"); break;
		case '\t': buf_adds(out, "\\t"); break;
		default: buf_addc(out, *s); break;
		}
	}
}

void
mailer_print(const struct cf *cf, const struct mailer *m, struct buf *out)
{
	int c;
	size_t i;

	buf_addf(out, "mailer %d (%s): P=%s S=", m->number, m->name,
	    m->path ? m->path : "");
	buf_addf(out, "%s/", ruleset_label(cf, m->s_env < 0 ? 0 : m->s_env));
	buf_addf(out, "%s R=", ruleset_label(cf, m->s_hdr < 0 ? 0 : m->s_hdr));
	buf_addf(out, "%s/", ruleset_label(cf, m->r_env < 0 ? 0 : m->r_env));
	buf_addf(out, "%s M=%ld U=%ld:%ld F=",
	    ruleset_label(cf, m->r_hdr < 0 ? 0 : m->r_hdr), m->maxsize,
	    m->uid == (uid_t)-1 ? -1L : (long)m->uid,
	    m->gid == (gid_t)-1 ? -1L : (long)m->gid);
	for (c = 1; c < 256; c++)
		if (mailer_flag(m, (unsigned char)c))
			buf_addc(out, c);
	buf_addf(out, " L=%ld E=", m->linelimit);
	mailer_print_escaped(out, m->eol ? m->eol : "\n");
	buf_addf(out, " T=%s/%s/%s r=%ld",
	    m->mtatype ? m->mtatype : "<undefined>",
	    m->addrtype ? m->addrtype : "<undefined>",
	    m->diagtype ? m->diagtype : "<undefined>", m->maxrcpt);
	buf_adds(out, " A=");
	for (i = 0; i < m->argc; i++)
		buf_addf(out, "%s%s", i ? " " : "", m->argv[i]);
	buf_addc(out, '\n');
}
