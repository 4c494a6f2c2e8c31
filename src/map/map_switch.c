/*
 * map_switch.c - the switch class and the service switch file.
 *
 * "Kali switch aliases" with the service switch line "aliases nis
 * files" searches the maps ali.nis and ali.files, in that order.  The
 * file (ServiceSwitchFile) has lines "service method..." (a colon after
 * the service and [status=action] words are allowed and ignored); it
 * is /etc/mail/service.switch when the option is unset, as in
 * sendmail.  A service it does not list, or a missing file, gets
 * tern's default: hosts: files dns; anything else: files.
 */
#include "map/map_impl.h"
#include "util/buf.h"
#include "util/filecache.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>

#define MAP_SWITCH_MAX	12
#define MAP_SWITCH_FILE	"/etc/mail/service.switch"	/* sendmail's default */

struct map_switch {
	struct map *member[MAP_SWITCH_MAX];
	size_t n;
};

/* map_switch_default - tern's methods for a service the file lacks */
static size_t
map_switch_default(const char *service, char methods[][16], size_t max)
{
	size_t n = 0;

	if (max > 0) {
		(void)snprintf(methods[n++], 16, "files");
		if (strcmp(service, "hosts") == 0 && max > 1)
			(void)snprintf(methods[n++], 16, "dns");
	}
	return n;
}

/* map_switch_find - the methods for a service, in order */
size_t
map_switch_find(const struct map_env *env, const char *service,
    char methods[][16], size_t max)
{
	const char *path = env != NULL && env->service_switch != NULL ?
	    env->service_switch : MAP_SWITCH_FILE;
	char *line = NULL, *p, *w;
	size_t cap = 0, n = 0, len;
	FILE *fp;

	if (path == NULL || (fp = filecache_fopen(path)) == NULL)
		return map_switch_default(service, methods, max);
	while (getline(&line, &cap, fp) >= 0) {
		if ((p = strpbrk(line, "#\n")) != NULL)
			*p = '\0';
		p = line;
		while (isspace((unsigned char)*p))
			p++;
		len = strcspn(p, " \t:");
		if (len == 0 || strlen(service) != len ||
		    strncasecmp(p, service, len) != 0)
			continue;
		p += len;
		for (;;) {
			while (isspace((unsigned char)*p) || *p == ':')
				p++;
			if (*p == '\0')
				break;
			w = p;
			len = strcspn(p, " \t");
			p += len;
			if (*w == '[' || len >= 16 || n >= max)
				continue;
			memcpy(methods[n], w, len);
			methods[n][len] = '\0';
			n++;
		}
		break;
	}
	free(line);
	(void)fclose(fp);
	if (n == 0)
		return map_switch_default(service, methods, max);
	return n;
}

/* map_switch_open - find the member maps name.method */
static bool
map_switch_open(struct map *m)
{
	struct map_switch *s = xcalloc(1, sizeof(*s));
	char methods[MAP_SWITCH_MAX][16];
	struct buf name = BUF_INIT;
	struct map *mm;
	size_t i, n;

	m->priv = s;
	n = map_switch_find(m->env, m->file, methods, MAP_SWITCH_MAX);
	for (i = 0; i < n; i++) {
		buf_reset(&name);
		buf_addf(&name, "%s.%s", m->name, methods[i]);
		mm = NULL;
		if (m->env != NULL && m->env->map_find != NULL)
			mm = m->env->map_find(m->env->ctx, buf_str(&name));
		if (mm == NULL)
			map_error(m, "Switch map %s: unknown member map %s",
			    m->name, buf_str(&name));
		else
			s->member[s->n++] = mm;
	}
	buf_free(&name);
	return true;
}

/* map_switch_lookup - as a sequence over the members */
static void
map_switch_lookup(struct map *m, const char *key, const char *const *av,
    struct map_result *res)
{
	struct map_switch *s = m->priv;

	map_seq_lookup(s->member, s->n, key, av, res);
}

/* map_switch_close - free the member list */
static void
map_switch_close(struct map *m)
{
	free(m->priv);
	m->priv = NULL;
}

const struct map_class map_class_switch = {
	"switch", 0, NULL, map_switch_open, map_switch_lookup,
	map_switch_close,
};
