/* mailer.c - M lines: mailer definitions and their -bt listing */
#include "cf/mailer.h"
#include "cf/cf.h"
#include "cf/cf_text.h"
#include "cf/ruleset.h"

#include <ctype.h>
#include <errno.h>
#include <grp.h>
#include <limits.h>
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
	free(m->rootdir);
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

#define MAILER_MAX	25	/* sendmail's MAXMAILERS */
#define MAILER_MAXPV	256	/* sendmail's MAXPV: A= words */
#define MAILER_PWN	"-_."	/* sendmail's SM_PWN_CHARS */

/* mailer_space - sendmail's SM_ISSPACE */
static bool
mailer_space(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* mailer_atol - C's atol without its overflow */
static long
mailer_atol(const char *p)
{
	return strtol(p, NULL, 10);
}

/* mailer_atoi - C's atoi, clamped to int */
static int
mailer_atoi(const char *p)
{
	long v = strtol(p, NULL, 10);

	return v > INT_MAX ? INT_MAX : v < INT_MIN ? INT_MIN : (int)v;
}

/* mailer_split_argv - A= words, split at white space (sendmail's makeargv) */
static void
mailer_split_argv(struct mailer *m, const char *p)
{
	const char *start;

	while (*p != '\0' && m->argc < MAILER_MAXPV) {
		start = p;
		while (*p != '\0' && !mailer_space((unsigned char)*p))
			p++;
		m->argv = xreallocarray(m->argv, m->argc + 1, sizeof(char *));
		m->argv[m->argc++] = xstrndup(start, (size_t)(p - start));
		while (mailer_space((unsigned char)*p))
			p++;
	}
}

/* mailer_namechar - may c be in a user or group name? */
static bool
mailer_namechar(int c)
{
	return isascii(c) && (isalnum(c) || (c != '\0' &&
	    strchr(MAILER_PWN, c) != NULL));
}

/*
 * mailer_ids - U=user:group, names or numbers.  sendmail parses the
 * value in place in munchstring's static buffer (cf->munchbuf here),
 * and its scan of a group name does not stop at the end of the value:
 * it runs through the stale bytes after it up to one that cannot be in
 * a name and writes a NUL there; when the buffer holds none, the byte
 * cleared is the low byte of its mailer counter, just after the buffer.
 */
static void
mailer_ids(struct cf *cf, struct mailer *m, int line)
{
	char *buf = (char *)cf->munchbuf, *bufend = buf + sizeof(cf->munchbuf);
	char *p = buf, *q;

	if (isascii((unsigned char)*p) && !isdigit((unsigned char)*p)) {
		struct passwd *pw;

		q = p;
		while (*p != '\0' && mailer_namechar((unsigned char)*p))
			p++;
		while (mailer_space((unsigned char)*p))
			*p++ = '\0';
		if (*p != '\0')
			*p++ = '\0';
		if (*q == '\0') {
			cf_warn(cf, line, "mailer %s: null user name", m->name);
			return;
		}
		if ((pw = getpwnam(q)) == NULL) {
			cf_warn(cf, line, "readcf: mailer U= flag: unknown user %s",
			    q);
			return;
		}
		free(m->uidname);
		m->uidname = xstrdup(q);
		m->uid = pw->pw_uid;
		m->gid = pw->pw_gid;
	} else {
		m->uid = (uid_t)strtol(p, &q, 0);
		p = q;
		while (mailer_space((unsigned char)*p))
			p++;
		if (*p != '\0')
			p++;
	}
	while (mailer_space((unsigned char)*p))
		p++;
	if (*p == '\0')
		return;
	if (isascii((unsigned char)*p) && !isdigit((unsigned char)*p)) {
		struct group *gr;

		q = p;
		while (p < bufend && (*p == '\0' || mailer_namechar((unsigned char)*p)))
			p++;
		if (p < bufend)
			*p = '\0';
		else
			cf->next_mailer &= ~0xff;
		if (*q == '\0') {
			cf_warn(cf, line, "mailer %s: null group name", m->name);
			return;
		}
		if ((gr = getgrnam(q)) == NULL) {
			cf_warn(cf, line, "readcf: mailer U= flag: unknown group %s",
			    q);
			return;
		}
		m->gid = gr->gr_gid;
	} else {
		m->gid = (gid_t)strtol(p, NULL, 0);
	}
}

/* mailer_types - T=mta/addr/diag, each part defaulting as in sendmail */
static void
mailer_types(struct mailer *m, const char *v)
{
	char *copy = xstrdup(v), *a = copy, *b, *c = NULL;

	b = strchr(a, '/');
	if (b != NULL) {
		*b++ = '\0';
		if (*b == '\0')
			b = NULL;
	}
	if (b != NULL && (c = strchr(b, '/')) != NULL) {
		*c++ = '\0';
		if (*c == '\0')
			c = NULL;
	}
	free(m->mtatype);
	free(m->addrtype);
	free(m->diagtype);
	m->mtatype = xstrdup(*a != '\0' ? a : "dns");
	m->addrtype = xstrdup(b != NULL && *b != '\0' ? b : "rfc822");
	m->diagtype = xstrdup(c != NULL && *c != '\0' ? c : "smtp");
	free(copy);
}

/* mailer_queue_known - a queue group name known at this point */
static bool
mailer_queue_known(const struct cf *cf, const char *name)
{
	size_t i;

	if (strcasecmp(name, "mqueue") == 0)
		return true;
	for (i = 0; i < cf->nqgroups; i++)
		if (strcasecmp(cf->qgroups[i].name, name) == 0)
			return true;
	return false;
}

/* mailer_rulesets - S=/R=: "env/hdr" or "both"; false on a bad name */
static bool
mailer_rulesets(struct cf *cf, const char *v, int *env, int *hdr, int line)
{
	const char *end;
	int i = ruleset_strtorwset(cf, v, &end, true, line);

	if (i < 0)
		return false;
	*env = *hdr = i;
	if (*end++ == '/') {
		i = ruleset_strtorwset(cf, end, NULL, true, line);
		if (i < 0)
			return false;
		*hdr = i;
	}
	return true;
}

/* mailer_setstr - replace an owned string; an empty value says so */
static void
mailer_setstr(struct cf *cf, char **dst, const char *v, const char *what,
    const struct mailer *m, int line)
{
	if (*v == '\0') {
		cf_warn(cf, line, "mailer %s: null %s", m->name, what);
		return;
	}
	free(*dst);
	*dst = xstrdup(v);
}

/* mailer_field - apply one X=value equate; false: drop the mailer */
static bool
mailer_field(struct cf *cf, struct mailer *m, int code, const char *v,
    int line)
{
	switch (code) {
	case 'P':
		if (*v != '\0') {
			free(m->path);
			m->path = xstrdup(v);
		}
		break;
	case 'F':
		for (; *v; v++)
			if (!mailer_space((unsigned char)*v))
				m->flags[(unsigned char)*v / 8] |=
				    (unsigned char)(1 << ((unsigned char)*v % 8));
		break;
	case 'E':
		mailer_setstr(cf, &m->eol, v, "end-of-line string", m, line);
		break;
	case 'A':
		if (*v != '\0') {
			size_t i;

			for (i = 0; i < m->argc; i++)
				free(m->argv[i]);
			m->argc = 0;
			mailer_split_argv(m, v);
		}
		break;
	case 'M':
		m->maxsize = mailer_atol(v);
		break;
	case 'm':
		m->maxdeliveries = mailer_atoi(v);
		break;
	case 'r':
		m->maxrcpt = mailer_atoi(v);
		break;
	case 'L':
		m->linelimit = mailer_atoi(v);
		if (m->linelimit < 0)
			m->linelimit = 0;
		break;
	case 'N':
		m->nice = mailer_atoi(v);
		break;
	case 'D':
		mailer_setstr(cf, &m->execdir, v, "working directory", m, line);
		break;
	case 'C':
		mailer_setstr(cf, &m->charset, v, "charset", m, line);
		break;
	case 'T':
		mailer_types(m, v);
		break;
	case 'U':
		mailer_ids(cf, m, line);
		break;
	case 'W':
		m->wait = cf_text_convtime(cf, v, 's', line);
		break;
	case '/':
		mailer_setstr(cf, &m->rootdir, v, "root directory", m, line);
		break;
	case 'Q':
		if (*v == '\0')
			cf_warn(cf, line, "mailer %s: null queue", m->name);
		else if (!mailer_queue_known(cf, v))
			cf_warn(cf, line, "mailer %s: unknown queue %s", m->name, v);
		else {
			free(m->qgroup);
			m->qgroup = xstrdup(v);
		}
		break;
	case 'S':
		return mailer_rulesets(cf, v, &m->s_env, &m->s_hdr, line);
	case 'R':
		return mailer_rulesets(cf, v, &m->r_env, &m->r_hdr, line);
	default:
		cf_warn(cf, line, "M%s: unknown mailer equate %c=", m->name, code);
		break;
	}
	return true;
}

/* mailer_install - put a definition in its slot, numbered as sendmail */
static void
mailer_install(struct cf *cf, struct mailer *m)
{
	size_t i;

	for (i = 0; i < cf->nmailers; i++)
		if (cf->mailers[i] != NULL &&
		    strcmp(cf->mailers[i]->name, m->name) == 0)
			break;
	if (i == cf->nmailers) {
		i = (size_t)cf->next_mailer++;
		if (i > cf->nmailers)
			i = cf->nmailers;
	}
	m->number = (int)i;
	if (i < cf->nmailers) {
		mailer_free(cf->mailers[i]);
		cf->mailers[i] = m;
		return;
	}
	cf->mailers = xreallocarray(cf->mailers, cf->nmailers + 1,
	    sizeof(*cf->mailers));
	cf->mailers[cf->nmailers++] = m;
}

/* mailer_has_u - does A= pass recipients as $u arguments? */
static bool
mailer_has_u(const struct mailer *m)
{
	size_t i;

	for (i = 0; i < m->argc; i++) {
		const char *p = m->argv[i];

		while ((p = strchr(p, '$')) != NULL) {
			if (p[1] == 'u')
				return true;
			p += p[1] == '$' ? 2 : 1;
		}
	}
	return false;
}

/* mailer_check - sendmail's checks once all equates are read */
static bool
mailer_check(struct cf *cf, struct mailer *m, int line)
{
	if (m->argv == NULL) {
		cf_warn(cf, line, "M%s: A= argument required", m->name);
		return false;
	}
	if (m->path == NULL) {
		cf_warn(cf, line, "M%s: P= argument required", m->name);
		return false;
	}
	if (cf->next_mailer >= MAILER_MAX) {
		cf_warn(cf, line, "too many mailers defined (%d max)", MAILER_MAX);
		return false;
	}
	if (m->maxrcpt <= 0)
		m->maxrcpt = 100;
	if (mailer_flag(m, 'L')) {
		if (m->linelimit == 0)
			m->linelimit = 990;
		if (cf->version < 2)
			m->flags['7' / 8] |= (unsigned char)(1 << ('7' % 8));
	}
	if (strcmp(m->path, "[TCP]") == 0) {
		cf_warn(cf, line, "M%s: P=[TCP] must be replaced by P=[IPC]",
		    m->name);
		return false;
	}
	if (strcmp(m->path, "[IPC]") == 0) {
		if (m->argc < 2 || m->argv[1][0] == '\0') {
			cf_warn(cf, line, "M%s: too few parameters for %s mailer",
			    m->name, m->path);
			return false;
		}
		if (strcmp(m->argv[0], "TCP") != 0 && strcmp(m->argv[0], "FILE") != 0)
			cf_message(cf, "M%s: Warning: first argument in %s mailer "
			    "must be %s", m->name, m->path, "TCP or FILE");
		if (m->mtatype == NULL)
			m->mtatype = xstrdup("dns");
		if (m->addrtype == NULL)
			m->addrtype = xstrdup("rfc822");
		if (m->diagtype == NULL)
			m->diagtype = xstrdup(strcmp(m->argv[0], "FILE") == 0 ?
			    "x-unix" : "smtp");
	} else if (strcmp(m->path, "[FILE]") == 0) {
		if (m->argc < 2 || m->argc > 2) {
			cf_warn(cf, line, "M%s: too %s parameters for [FILE] mailer",
			    m->name, m->argc < 2 ? "few" : "many");
			return false;
		}
		if (strcmp(m->argv[0], "FILE") != 0) {
			cf_warn(cf, line, "M%s: first argument in [FILE] mailer "
			    "must be FILE", m->name);
			return false;
		}
	}
	return true;
}

void
mailer_define(struct cf *cf, const char *text, int line)
{
	const char *p = text, *delim;
	struct mailer *m;
	struct buf val = BUF_INIT;

	while (*p != '\0' && *p != ',' && !mailer_space((unsigned char)*p))
		p++;
	if (p == text) {
		cf_warn(cf, line, "name required for mailer");
		return;
	}
	{
		char *name = xstrndup(text, (size_t)(p - text));

		m = mailer_new(name);
		free(name);
	}
	if (*p != '\0')
		p++;
	while (*p != '\0') {
		int code;

		while (*p == ',' || mailer_space((unsigned char)*p))
			p++;
		code = (unsigned char)*p;
		while (*p != '\0' && *p != '=' && *p != ',')
			p++;
		if (*p != '=') {
			cf_warn(cf, line, "mailer %s: `=' expected", m->name);
			goto drop;
		}
		p++;
		while (mailer_space((unsigned char)*p))
			p++;
		cf_text_munch(cf, p, &delim, ',', &val);
		if (!mailer_field(cf, m, code, buf_str(&val), line))
			goto drop;
		p = delim;
	}
	if (!mailer_check(cf, m, line))
		goto drop;
	/* a program cannot take several recipients in one run */
	if (strcmp(m->name, "prog") == 0)
		m->flags['m' / 8] &= (unsigned char)~(1 << ('m' % 8));
	/* a mailer not given $u takes its recipients by SMTP or LMTP */
	if (m->eol == NULL)
		m->eol = xstrdup(mailer_has_u(m) ? "\n" : "\r\n");
	buf_free(&val);
	mailer_install(cf, m);
	return;
drop:
	buf_free(&val);
	mailer_free(m);
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

/*
 * mailer_print_escaped - E= as sendmail lists it: \r \n \t visible,
 * other control characters not shown
 */
static void
mailer_print_escaped(struct buf *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '\r': buf_adds(out, "\\r"); break;
		case '\n': buf_adds(out, "\\n"); break;
		case '\t': buf_adds(out, "\\t"); break;
		default:
			if ((unsigned char)*s >= 0x20 && *s != 0x7f)
				buf_addc(out, *s);
			break;
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
	/* sendmail lists the seven-bit flags only */
	for (c = 1; c < 128; c++)
		if (mailer_flag(m, (unsigned char)c))
			buf_addc(out, c);
	buf_addf(out, " L=%ld E=", m->linelimit);
	mailer_print_escaped(out, m->eol ? m->eol : "\n");
	if (m->charset != NULL)
		buf_addf(out, " C=%s", m->charset);
	buf_addf(out, " T=%s/%s/%s r=%ld",
	    m->mtatype ? m->mtatype : "<undefined>",
	    m->addrtype ? m->addrtype : "<undefined>",
	    m->diagtype ? m->diagtype : "<undefined>", m->maxrcpt);
	buf_adds(out, " A=");
	for (i = 0; i < m->argc; i++)
		buf_addf(out, "%s%s", i ? " " : "", m->argv[i]);
	buf_addc(out, '\n');
}
