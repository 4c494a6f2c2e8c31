/* map_args.c - sendmail's generic K-line argument parser */
#include "map/map_impl.h"
#include "util/buf.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define ISSPACE(c)	isspace((unsigned char)(c))

/* map_args_word - copy one white-space delimited word; return the rest */
const char *
map_args_word(const char *p, struct buf *word)
{
	const char *s;

	buf_reset(word);
	while (ISSPACE(*p))
		p++;
	s = p;
	while (*p != '\0' && !ISSPACE(*p))
		p++;
	buf_add(word, s, (size_t)(p - s));
	return p;
}

/* map_args_value - a flag's value: the rest of the word */
static char *
map_args_value(const char *p)
{
	const char *s = p;

	while (*p != '\0' && !ISSPACE(*p))
		p++;
	return xstrndup(s, (size_t)(p - s));
}

/* map_args_delim - the -z column delimiter: a byte, \n, \t or \\ */
static int
map_args_delim(const char *p)
{
	if (*p != '\\')
		return (unsigned char)*p;
	switch (p[1]) {
	case 'n':
		return '\n';
	case 't':
		return '\t';
	default:
		return '\\';
	}
}

/* map_args_parse - flags, then a file name, then the rest */
bool
map_args_parse(struct map *m, const char *p, struct buf *err)
{
	struct buf word = BUF_INIT;

	m->flags |= MAP_F_TRY0NULL | MAP_F_TRY1NULL;
	for (;;) {
		while (ISSPACE(*p))
			p++;
		if (*p != '-')
			break;
		p++;
		switch (*p) {
		case 'A':
			m->flags |= MAP_F_APPEND;
			break;
		case 'a':
			free(m->app);
			m->app = map_args_value(++p);
			break;
		case 'D':
			m->flags |= MAP_F_DEFER;
			break;
		case 'd':
			m->timeout = atoi(p + 1);
			break;
		case 'f':
			m->flags |= MAP_F_NOFOLD;
			break;
		case 'k':
			while (ISSPACE(p[1]))
				p++;
			free(m->keycol);
			m->keycol = map_args_value(++p);
			break;
		case 'm':
			m->flags |= MAP_F_MATCHONLY;
			break;
		case 'N':
			m->flags |= MAP_F_INCLNULL;
			m->flags &= ~MAP_F_TRY0NULL;
			break;
		case 'O':
			m->flags &= ~MAP_F_TRY1NULL;
			break;
		case 'o':
			m->flags |= MAP_F_OPTIONAL;
			break;
		case 'q':
			m->flags |= MAP_F_KEEPQUOTES;
			break;
		case 'S':
			m->spacesub = (unsigned char)p[1];
			if (p[1] != '\0')
				p++;
			break;
		case 'T':
			free(m->tapp);
			m->tapp = map_args_value(++p);
			break;
		case 't':
			m->flags |= MAP_F_NODEFER;
			break;
		case 'v':
			while (ISSPACE(p[1]))
				p++;
			free(m->valcol);
			m->valcol = map_args_value(++p);
			break;
		case 'z':
			if (p[1] != '\0') {
				m->coldelim = map_args_delim(p + 1);
				p++;
			}
			break;
		default:
			if (err->len > 0)
				buf_addc(err, '\n');
			buf_addf(err, "Illegal option %c map %s",
			    *p != '\0' ? *p : ' ', m->name);
			break;
		}
		while (*p != '\0' && !ISSPACE(*p))
			p++;
	}
	p = map_args_word(p, &word);
	if (word.len > 0)
		m->file = xstrndup(word.data, word.len);
	while (ISSPACE(*p))
		p++;
	if (*p != '\0')
		m->rest = xstrdup(p);
	buf_free(&word);
	if (m->file == NULL && !(m->cls->flags & MAP_C_OPTFILE)) {
		if (err->len > 0)
			buf_addc(err, '\n');
		buf_addf(err, "No file name for %s map %s", m->cls->name,
		    m->name);
		return false;
	}
	return true;
}
