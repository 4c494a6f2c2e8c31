/* map_hostsfile.c - looking names and addresses up in a hosts file */
#include "map/map_host.h"
#include "map/map_impl.h"
#include "util/buf.h"
#include "util/filecache.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAP_HOSTS_DEFAULT	"/etc/hosts"

/* map_hostsfile_open - the file, or NULL */
static FILE *
map_hostsfile_open(const char *path)
{
	/* read again only when it changed: several lookups a message */
	return filecache_fopen(path != NULL ? path : MAP_HOSTS_DEFAULT);
}

/* map_hostsfile_line - strip the comment and newline; false if empty */
static bool
map_hostsfile_line(char *line)
{
	char *p = strpbrk(line, "#\n");

	if (p != NULL)
		*p = '\0';
	return line[0] != '\0';
}

/* map_hostsfile_canon - see map_host.h */
bool
map_hostsfile_canon(const char *path, const char *name, const char *dom,
    struct buf *out)
{
	struct buf col = BUF_INIT, canon = BUF_INIT;
	char *line = NULL, *key = xstrdup(name);
	size_t cap = 0, klen = strlen(key), shortlen = 0, dl;
	bool found = false;
	int i;
	FILE *fp;

	if (klen > 0 && key[klen - 1] == '.')
		key[--klen] = '\0';
	/* "host.our.domain" may be listed as just "host" */
	if (dom != NULL && (dl = strlen(dom)) > 0 && klen > dl + 1 &&
	    key[klen - dl - 1] == '.' && strcasecmp(key + klen - dl, dom) == 0)
		shortlen = klen - dl - 1;
	if ((fp = map_hostsfile_open(path)) == NULL) {
		free(key);
		return false;
	}
	while (!found && getline(&line, &cap, fp) >= 0) {
		if (!map_hostsfile_line(line))
			continue;
		buf_reset(&canon);
		for (i = 1; map_text_column(line, i, '\0', &col); i++) {
			if (col.len == 0)
				continue;
			if (canon.len == 0 || (strchr(buf_str(&canon), '.') ==
			    NULL && strchr(buf_str(&col), '.') != NULL))
				buf_set(&canon, buf_str(&col));
			if (strcasecmp(key, buf_str(&col)) == 0 ||
			    (shortlen > 0 && col.len == shortlen &&
			    strncasecmp(key, col.data, shortlen) == 0))
				found = true;
		}
	}
	if (found)
		buf_set(out, buf_str(&canon));
	free(line);
	free(key);
	buf_free(&col);
	buf_free(&canon);
	(void)fclose(fp);
	return found;
}

/* map_hostsfile_sameaddr - do two textual addresses name the same one? */
static bool
map_hostsfile_sameaddr(const char *a, const char *b)
{
	unsigned char x[16], y[16];

	if (inet_pton(AF_INET, a, x) == 1)
		return inet_pton(AF_INET, b, y) == 1 && memcmp(x, y, 4) == 0;
	if (inet_pton(AF_INET6, a, x) == 1)
		return inet_pton(AF_INET6, b, y) == 1 && memcmp(x, y, 16) == 0;
	return false;
}

/* map_hostsfile_addr - see map_host.h */
bool
map_hostsfile_addr(const char *path, const char *addr, struct buf *out)
{
	struct buf col = BUF_INIT;
	char *line = NULL;
	size_t cap = 0;
	bool found = false;
	FILE *fp;

	if ((fp = map_hostsfile_open(path)) == NULL)
		return false;
	while (!found && getline(&line, &cap, fp) >= 0) {
		if (!map_hostsfile_line(line) ||
		    !map_text_column(line, 0, '\0', &col) ||
		    !map_hostsfile_sameaddr(buf_str(&col), addr) ||
		    !map_text_column(line, 1, '\0', &col) || col.len == 0)
			continue;
		buf_set(out, buf_str(&col));
		found = true;
	}
	free(line);
	buf_free(&col);
	(void)fclose(fp);
	return found;
}
