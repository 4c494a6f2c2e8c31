/*
 * session_vrfy.c - VRFY and EXPN: an alias opens up (EXPN) or is shown
 * (VRFY), :include: files are read, a local user is shown with the
 * full name from the password file.
 */
#include "session/session_int.h"
#include "addr/parseaddr.h"
#include "cf/cf.h"
#include "cf/mailer.h"
#include "map/map.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SESSION_EXPN_DEPTH	10	/* aliases in aliases, as MaxAliasRecursion */

static void session_expn_addr(struct session *, const char *addr, int depth,
    struct smtp_lines *);

/* session_expn_list - a comma list, last first as sendmail hands them on */
static void
session_expn_list(struct session *s, const char *list, int depth,
    struct smtp_lines *lines)
{
	char *copy = xstrdup(list), *p;

	while ((p = strrchr(copy, ',')) != NULL) {
		*p++ = '\0';
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p)
			session_expn_addr(s, p, depth, lines);
	}
	p = copy;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p)
		session_expn_addr(s, p, depth, lines);
	free(copy);
}

/* session_expn_include - the lines of an :include: file, in file order */
static void
session_expn_include(struct session *s, const char *path, int depth,
    struct smtp_lines *lines)
{
	FILE *f;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	if (depth > SESSION_EXPN_DEPTH || (f = fopen(path, "r")) == NULL)
		return;
	while ((n = getline(&line, &cap, f)) > 0) {
		if (line[n - 1] == '\n')
			line[--n] = '\0';
		if (line[0] != '#' && line[0] != '\0')
			session_expn_list(s, line, depth, lines);
	}
	free(line);
	fclose(f);
}

/* session_expn_addr - one address: an alias opens up, a user is shown */
static void
session_expn_addr(struct session *s, const char *addr, int depth,
    struct smtp_lines *lines)
{
	struct map *aliases = cf_map_find(s->cf, "aliases");
	const char *j = s->hostname;	/* a copy: rulesets may set macros */
	struct addr_result res;
	struct smtp_reply r;
	struct passwd *pw;

	if (strncasecmp(addr, ":include:", 9) == 0) {
		session_expn_include(s, addr + 9, depth + 1, lines);
		return;
	}
	memset(&r, 0, sizeof(r));
	if (session_parse(s, addr, 0, &res, &r) != SMTP_OK) {
		smtp_lines_add(lines, r.code, r.enh, "%s", r.text);
		addr_result_free(&res);
		return;
	}
	if (res.mailer != NULL && strcmp(res.mailer->name, "local") == 0 &&
	    res.user != NULL) {
		struct map_result mr;

		map_result_init(&mr);
		if (aliases != NULL && depth < SESSION_EXPN_DEPTH)
			map_lookup(aliases, res.user, NULL, 0, &mr);
		if (mr.found && s->vrfy_only) {
			smtp_lines_add(lines, 250, "2.1.5", "<%s@%s>", res.user, j);
		} else if (mr.found) {
			session_expn_list(s, buf_str(&mr.value), depth + 1, lines);
		} else if ((pw = getpwnam(res.user)) != NULL) {
			struct buf name = BUF_INIT;

			hdr_cf_fullname(pw->pw_gecos, pw->pw_name, &name);
			if (name.len > 0)
				smtp_lines_add(lines, 250, "2.1.5", "%s <%s@%s>",
				    buf_str(&name), res.user, j);
			else
				smtp_lines_add(lines, 250, "2.1.5", "<%s@%s>",
				    res.user, j);
			buf_free(&name);
		} else
			smtp_lines_add(lines, 550, "5.1.1", "%s... User unknown", addr);
		map_result_free(&mr);
	} else if (res.mailer != NULL)
		smtp_lines_add(lines, 250, "2.1.5", "<%s>", res.user ? res.user : addr);
	addr_result_free(&res);
}

/* session_vrfy - the engine's vrfy callback */
int
session_vrfy(void *ctx, bool expn, const char *arg, struct smtp_lines *lines)
{
	struct session *s = ctx;

	session_enter(s);
	s->vrfy_only = !expn;
	session_expn_addr(s, arg, 0, lines);
	s->vrfy_only = false;
	session_leave(s);
	return SMTP_OK;
}
