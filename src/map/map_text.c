/*
 * map_text.c - the text class: look keys up in a text file, one record
 * a line, read afresh on each lookup.  -k and -v give the key and
 * value column numbers (both 0 by default), -z the column delimiter
 * (white space by default, runs of it counting as one).  Lines that
 * start with # are comments.  Keys compare without regard to case.
 */
#include "map/map_impl.h"
#include "util/buf.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>

struct map_text {
	int keycol, valcol;
};

/* map_text_column - column col of line, or false if there is none */
bool
map_text_column(const char *line, int col, int delim, struct buf *out)
{
	const char *delims = delim == '\0' ? "\n\t " : NULL;
	const char *b = line, *e;
	int i;

	buf_reset(out);
	if (*b == '\0' || (delim != '\0' && *b == delim && col == 0))
		return false;
	if (col == 0 && delim == '\0')
		while (*b != '\0' && isspace((unsigned char)*b))
			b++;
	for (i = 0; i < col; i++) {
		e = delims != NULL ? strpbrk(b, delims) : strchr(b, delim);
		if (e == NULL)
			return false;
		b = e + 1;
		if (delim == '\0')
			while (*b != '\0' && isspace((unsigned char)*b))
				b++;
	}
	e = delims != NULL ? strpbrk(b, delims) : strchr(b, delim);
	buf_add(out, b, e != NULL ? (size_t)(e - b) : strlen(b));
	return true;
}

/* map_text_colno - a -k/-v column number, or -1 if not a number */
static int
map_text_colno(const char *s)
{
	if (s == NULL)
		return 0;
	if (!isdigit((unsigned char)*s))
		return -1;
	return atoi(s);
}

/* map_text_open - check the file and the column numbers */
static bool
map_text_open(struct map *m)
{
	struct map_text *t;
	int k, v;

	if (map_file_check(m->file) != 0) {
		if (!(m->flags & MAP_F_OPTIONAL))
			map_error(m, "text map \"%s\": unsafe map file %s",
			    m->name, m->file);
		return false;
	}
	if ((k = map_text_colno(m->keycol)) < 0) {
		map_error(m, "text map \"%s\", file %s: -k should specify a "
		    "number, not %s", m->name, m->file, m->keycol);
		return false;
	}
	if ((v = map_text_colno(m->valcol)) < 0) {
		map_error(m, "text map \"%s\", file %s: -v should specify a "
		    "number, not %s", m->name, m->file, m->valcol);
		return false;
	}
	t = xcalloc(1, sizeof(*t));
	t->keycol = k;
	t->valcol = v;
	m->priv = t;
	return true;
}

/* map_text_close - free the column numbers */
static void
map_text_close(struct map *m)
{
	free(m->priv);
	m->priv = NULL;
}

/* map_text_lookup - scan the file */
static void
map_text_lookup(struct map *m, const char *key, const char *const *av,
    struct map_result *res)
{
	struct map_text *t = m->priv;
	struct buf col = BUF_INIT;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	FILE *fp;

	if (t == NULL || (fp = fopen(m->file, "r")) == NULL) {
		res->status = EX_UNAVAILABLE;
		return;
	}
	res->status = EX_NOHOST;	/* EX_NOTFOUND */
	while ((n = getline(&line, &cap, fp)) >= 0) {
		if (n > 0 && line[n - 1] == '\n')
			line[--n] = '\0';
		if (line[0] == '#')
			continue;
		if (!map_text_column(line, t->keycol, m->coldelim, &col) ||
		    strcasecmp(buf_str(&col), key) != 0)
			continue;
		if (!map_text_column(line, t->valcol, m->coldelim, &col))
			continue;
		if (m->flags & MAP_F_MATCHONLY)
			map_found(m, res, key, strlen(key), NULL);
		else
			map_found(m, res, col.data, col.len, av);
		break;
	}
	free(line);
	(void)fclose(fp);
	buf_free(&col);
}

const struct map_class map_class_text = {
	"text", 0, NULL, map_text_open, map_text_lookup, map_text_close,
};
