/* cf_milter.c - X lines: mail filter definitions, checked as sendmail
 * 8.17's milter_setup does when it reads the file (tern runs no filters) */
#include "cf/cf.h"
#include "cf/cf_int.h"
#include "cf/cf_text.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/un.h>

/* cf_milter_space - sendmail's SM_ISSPACE */
static bool
cf_milter_space(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* cf_milter_timeouts - T=C:1m;S:10s;R:10s;E:5m */
static void
cf_milter_timeouts(struct cf *cf, const char *name, const char *spec,
    int line)
{
	const char *p = spec, *delim;
	struct buf val = BUF_INIT;

	while (*p != '\0') {
		int code;

		while (*p == ';' || cf_milter_space((unsigned char)*p))
			p++;
		code = (unsigned char)*p;
		while (*p != '\0' && *p != ':')
			p++;
		if (*p != ':') {
			cf_warn(cf, line, "X%s, T=: `:' expected", name);
			break;
		}
		p++;
		while (cf_milter_space((unsigned char)*p))
			p++;
		cf_text_munch(cf, p, &delim, ';', &val);
		if (strchr("CSRE", code) != NULL && code != '\0')
			(void)cf_text_convtime(cf, buf_str(&val), 's', line);
		else
			cf_warn(cf, line, "X%s: unknown filter timeout %c", name,
			    code);
		p = delim;
	}
	buf_free(&val);
}

/*
 * cf_milter_socket - sendmail's early check of S=: "[unix|local:]path",
 * "inet:port@host", "inet6:port@host".  Returns the errno sendmail is
 * left with (a missing socket file: ENOENT), which its next message
 * shows.  XXX a host name is not looked up (sendmail would, and say
 * "Unknown host name"); numeric addresses are checked.
 */
static int
cf_milter_socket(struct cf *cf, const char *name, const char *conn, int line)
{
	char *copy, *colon, *at;
	int family = AF_UNIX, err = 0;

	if (conn == NULL || *conn == '\0') {
		cf_warn(cf, line, "X%s: empty or missing socket information", name);
		return 0;
	}
	copy = xstrdup(conn);
	if ((colon = strchr(copy, ':')) != NULL) {
		*colon++ = '\0';
		if (*copy == '\0' || strcasecmp(copy, "unix") == 0 ||
		    strcasecmp(copy, "local") == 0)
			family = AF_UNIX;
		else if (strcasecmp(copy, "inet") == 0)
			family = AF_INET;
		else if (strcasecmp(copy, "inet6") == 0)
			family = AF_INET6;
		else {
			cf_warn_errno(cf, line, "X%s: unknown socket type %s: %s",
			    name, copy, strerror(EPROTONOSUPPORT));
			free(copy);
			return EPROTONOSUPPORT;
		}
	} else {
		colon = copy;
	}
	if (family == AF_UNIX) {
		struct sockaddr_un sun;
		struct stat st;

		if (strlen(colon) >= sizeof(sun.sun_path)) {
			cf_warn_errno(cf, line, "X%s: local socket name %s too long: "
			    "%s", name, colon, strerror(EINVAL));
			err = EINVAL;
		} else if (stat(colon, &st) < 0) {
			err = errno;
		}
		free(copy);
		return err;
	}
	if ((at = strchr(colon, '@')) == NULL) {
		cf_warn(cf, line, "X%s: bad address %s (expected port@host)", name,
		    colon);
		free(copy);
		return 0;
	}
	*at++ = '\0';
	if (!isdigit((unsigned char)*colon) && getservbyname(colon, "tcp") == NULL) {
		cf_warn(cf, line, "X%s: unknown port name %s", name, colon);
		free(copy);
		return 0;
	}
	if (*at == '[') {
		char *end = strchr(at, ']');
		bool found = false;

		if (end != NULL) {
			struct in6_addr a6;

			*end = '\0';
			if (family == AF_INET)
				found = inet_addr(at + 1) != INADDR_NONE;
			else
				found = inet_pton(AF_INET6, at + 1, &a6) == 1;
			*end = ']';
		}
		if (!found)
			cf_warn(cf, line, "X%s: Invalid numeric domain spec \"%s\"",
			    name, at);
	}
	free(copy);
	return 0;
}

/* cf_milter_line - Xname, S=socket, F=flags, T=timeouts */
void
cf_milter_line(struct cf *cf, const char *text, int line)
{
	const char *p = text, *delim;
	struct buf val = BUF_INIT;
	char *name, *conn = NULL;
	size_t i;
	int err;

	while (*p != '\0' && *p != ',' && !cf_milter_space((unsigned char)*p))
		p++;
	if (p == text) {
		cf_warn(cf, line, "name required for mail filter");
		return;
	}
	name = xstrndup(text, (size_t)(p - text));
	if (*p != '\0')
		p++;
	while (*p != '\0') {
		int code;

		while (*p == ',' || cf_milter_space((unsigned char)*p))
			p++;
		code = (unsigned char)*p;
		while (*p != '\0' && *p != '=' && *p != ',')
			p++;
		if (*p != '=') {
			cf_warn(cf, line, "X%s: `=' expected", name);
			goto out;
		}
		p++;
		while (cf_milter_space((unsigned char)*p))
			p++;
		cf_text_munch(cf, p, &delim, ',', &val);
		switch (code) {
		case 'S':
			free(conn);
			conn = buf_steal(&val);
			break;
		case 'F':
			break;
		case 'T':
			cf_milter_timeouts(cf, name, buf_str(&val), line);
			break;
		default:
			cf_warn(cf, line, "X%s: unknown filter equate %c=", name,
			    code);
			break;
		}
		p = delim;
	}
	err = cf_milter_socket(cf, name, conn, line);
	for (i = 0; i < cf->nmilters; i++)
		if (strcasecmp(cf->milters[i], name) == 0)
			break;
	if (i < cf->nmilters) {
		if (err != 0)
			cf_warn_errno(cf, line, "X%s: duplicate filter definition: %s",
			    name, strerror(err));
		else
			cf_warn(cf, line, "X%s: duplicate filter definition", name);
		goto out;
	}
	cf->milters = xreallocarray(cf->milters, cf->nmilters + 1,
	    sizeof(*cf->milters));
	cf->milters[cf->nmilters++] = name;
	name = NULL;
out:
	buf_free(&val);
	free(conn);
	free(name);
}

/* cf_milter_free - the filter names */
void
cf_milter_free(struct cf *cf)
{
	for (size_t i = 0; i < cf->nmilters; i++)
		free(cf->milters[i]);
	free(cf->milters);
}
