/*
 * authinfo.c - client credentials through the .cf's authinfo ruleset.
 */
#include "deliver/authinfo.h"
#include "addr/prescan.h"
#include "addr/rewrite.h"
#include "addr/token.h"
#include "cf/cf.h"
#include "cf/macro.h"
#include "cf/option.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/log.h"

#include <openssl/evp.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

/* authinfo_set - one item's value into *dst (replacing) */
static void
authinfo_set(char **dst, const char *v, size_t n)
{
	if (*dst != NULL) {
		explicit_bzero(*dst, strlen(*dst));
		free(*dst);
	}
	*dst = xstrndup(v, n);
}

/* authinfo_b64 - P=base64: decoded, NULL if malformed */
static char *
authinfo_b64(const char *v, size_t n)
{
	unsigned char *out;
	int len;

	if (n == 0 || n > 4096 || n % 4 != 0)
		return NULL;
	out = xmalloc(n + 1);
	len = EVP_DecodeBlock(out, (const unsigned char *)v, (int)n);
	if (len < 0) {
		free(out);
		return NULL;
	}
	/* EVP_DecodeBlock counts the padding as data */
	while (n > 0 && v[n - 1] == '=' && len > 0)
		n--, len--;
	out[len] = '\0';
	return (char *)out;
}

bool
authinfo_parse(const char *text, struct authinfo *ai)
{
	const char *p = text;

	memset(ai, 0, sizeof(*ai));
	while (*p != '\0') {
		const char *start, *end;
		char key, sep;

		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		if (*p == '"') {
			start = ++p;
			end = strchr(p, '"');
			if (end == NULL)
				end = p + strlen(p);
			p = *end == '"' ? end + 1 : end;
		} else {
			start = p;
			while (*p != '\0' && *p != ' ' && *p != '\t')
				p++;
			end = p;
		}
		if (end - start < 2)
			continue;
		key = start[0];
		sep = start[1];
		start += 2;
		if (sep != ':' && !(key == 'P' && sep == '='))
			continue;
		switch (key) {
		case 'U':
			authinfo_set(&ai->user, start, (size_t)(end - start));
			break;
		case 'I':
			authinfo_set(&ai->authzid, start, (size_t)(end - start));
			break;
		case 'P':
			if (sep == '=') {
				char *d = authinfo_b64(start, (size_t)(end - start));

				if (d != NULL) {
					authinfo_set(&ai->pass, d, strlen(d));
					explicit_bzero(d, strlen(d));
					free(d);
				}
			} else
				authinfo_set(&ai->pass, start,
				    (size_t)(end - start));
			break;
		case 'M':
			authinfo_set(&ai->mechs, start, (size_t)(end - start));
			break;
		case 'R':
			authinfo_set(&ai->realm, start, (size_t)(end - start));
			break;
		default:
			break;
		}
	}
	/* sendmail: the authentication id defaults to the authzid */
	if (ai->user == NULL && ai->authzid != NULL)
		ai->user = xstrdup(ai->authzid);
	if (ai->user == NULL || ai->pass == NULL) {
		authinfo_free(ai);
		return false;
	}
	return true;
}

void
authinfo_free(struct authinfo *ai)
{
	char **f[] = { &ai->user, &ai->authzid, &ai->pass, &ai->mechs,
	    &ai->realm };
	size_t i;

	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		if (*f[i] != NULL) {
			explicit_bzero(*f[i], strlen(*f[i]));
			free(*f[i]);
			*f[i] = NULL;
		}
}

static bool authinfo_ruleset(struct cf *, const char *, struct authinfo *);

/*
 * authinfo_default - DefaultAuthInfo: a file of up to five lines, the
 * user, the authorization id, the password, the realm ($j if none) and
 * the mechanisms (AuthMechanisms if none), as sendmail 8.17 still reads
 * it.  One that others may read is refused (logged): it holds a
 * password.
 */
static bool
authinfo_default(struct cf *cf, struct authinfo *ai)
{
	const char *path = cf->opts->default_auth_info;
	char *line[5] = { NULL, NULL, NULL, NULL, NULL };
	char buf[1024];
	struct stat st;
	FILE *f;
	int i, fd;
	bool ok = false, bad = false;

	if (path == NULL || *path == '\0')
		return false;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0)
		return false;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    (st.st_mode & (S_IROTH | S_IWOTH | S_IWGRP))) {
		log_line(LOG_ERR, "DefaultAuthInfo %s: unsafe (a regular file "
		    "others cannot read or write): not used", path);
		close(fd);
		return false;
	}
	if ((f = fdopen(fd, "r")) == NULL) {
		close(fd);
		return false;
	}
	for (i = 0; i < 5 && fgets(buf, sizeof(buf), f) != NULL; i++) {
		size_t len = strcspn(buf, "\r\n");

		if (buf[len] == '\0' && !feof(f)) {
			/* a line longer than the buffer: a cut password would
			   be tried in vain */
			log_line(LOG_ERR, "DefaultAuthInfo %s: line %d too long: "
			    "not used", path, i + 1);
			bad = true;
			break;
		}
		buf[len] = '\0';
		line[i] = xstrdup(buf);
	}
	fclose(f);
	if (!bad && line[0] != NULL && *line[0] != '\0' && line[2] != NULL) {
		const char *j = macro_get(cf->macros, 'j');

		ai->user = xstrdup(line[0]);
		ai->authzid = line[1] != NULL && *line[1] != '\0' ?
		    xstrdup(line[1]) : NULL;
		ai->pass = xstrdup(line[2]);
		ai->realm = line[3] != NULL && *line[3] != '\0' ?
		    xstrdup(line[3]) : j != NULL ? xstrdup(j) : NULL;
		ai->mechs = line[4] != NULL && *line[4] != '\0' ?
		    xstrdup(line[4]) : cf->opts->auth_mechanisms != NULL ?
		    xstrdup(cf->opts->auth_mechanisms) : NULL;
		ok = true;
	}
	for (i = 0; i < 5; i++)
		if (line[i] != NULL) {
			explicit_bzero(line[i], strlen(line[i]));
			free(line[i]);
		}
	explicit_bzero(buf, sizeof(buf));
	return ok;
}

bool
authinfo_for(struct cf *cf, const char *host, struct authinfo *ai)
{
	if (authinfo_ruleset(cf, host, ai))
		return true;
	authinfo_free(ai);
	return authinfo_default(cf, ai);
}

/* authinfo_ruleset - the .cf's authinfo ruleset for host */
static bool
authinfo_ruleset(struct cf *cf, const char *host, struct authinfo *ai)
{
	int rs = cf_ruleset_find(cf, "authinfo");
	struct arena arena = ARENA_INIT;
	struct rw_ctx ctx;
	struct ws *ws;
	struct buf addr = BUF_INIT, val = BUF_INIT;
	struct macros *m = cf->macros;
	int id_name = macro_id(m, "server_name", 11);
	int id_addr = macro_id(m, "server_addr", 11);
	size_t n = strlen(host), i;
	bool ok = false;

	memset(ai, 0, sizeof(*ai));
	if (rs < 0)
		return false;
	/* a literal's address is what is between the brackets */
	if (n > 2 && host[0] == '[' && host[n - 1] == ']') {
		const char *a = host + 1;

		if (strncasecmp(a, "IPv6:", 5) == 0)
			a += 5;
		buf_add(&addr, a, (size_t)(host + n - 1 - a));
	}
	macro_set(m, id_name, host);
	macro_set(m, id_addr, buf_str(&addr));
	ws = arena_alloc(&arena, sizeof(*ws));
	ws->n = 0;
	ws->tok[0] = NULL;
	memset(&ctx, 0, sizeof(ctx));
	ctx.cf = cf;
	ctx.arena = &arena;
	if (rewrite(&ctx, rs, ws, 0) == EX_OK && ws->n >= 2 &&
	    ws->tok[0] == tok_opstr(TOK_OP_NET)) {
		/* the map's value, its quoted items as tokens */
		for (i = 1; i < ws->n; i++) {
			if (i > 1)
				buf_addc(&val, ' ');
			buf_adds(&val, ws->tok[i]);
		}
		ok = authinfo_parse(buf_str(&val), ai);
		explicit_bzero(val.data, val.len);
	}
	macro_set(m, id_name, NULL);
	macro_set(m, id_addr, NULL);
	buf_free(&val);
	buf_free(&addr);
	arena_free(&arena);
	return ok;
}
