/*
 * map_dequote.c - the dequote class: strip double quotes from a key,
 * refusing when the result would not scan (unbalanced <> or (), a
 * trailing backslash, an open quote, white space left, or no quotes
 * at all: then nothing is found).  -s/-S gives a character to put in
 * place of spaces, which makes them acceptable.
 */
#include "map/map_impl.h"
#include "util/buf.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* map_dequote_parse - sendmail's dequote_init: -a -D -s -S; others ignored */
bool
map_dequote_parse(struct map *m, const char *p, struct buf *err)
{
	(void)err;
	m->flags |= MAP_F_KEEPQUOTES;
	for (;;) {
		while (isspace((unsigned char)*p))
			p++;
		if (*p != '-')
			break;
		switch (*++p) {
		case 'a':
			free(m->app);
			m->app = NULL;
			{
				const char *s = ++p;

				while (*p != '\0' && !isspace((unsigned char)*p))
					p++;
				m->app = xstrndup(s, (size_t)(p - s));
			}
			continue;
		case 'D':
			m->flags |= MAP_F_DEFER;
			break;
		case 'S':
		case 's':
			m->spacesub = (unsigned char)p[1];
			break;
		}
		while (*p != '\0' && !isspace((unsigned char)*p))
			p++;
	}
	return true;
}

/* map_dequote_lookup - the dequoted key, or not found */
static void
map_dequote_lookup(struct map *m, const char *key, const char *const *av,
    struct map_result *res)
{
	int angle = 0, cmnt = 0, quotes = 0, spaces = 0;
	bool quotemode = false, bslash = false;
	char *s = xstrdup(key), *q = s;
	const char *p;
	char c;

	(void)av;
	for (p = key; (c = *p++) != '\0';) {
		if (bslash) {
			bslash = false;
			*q++ = c;
			continue;
		}
		if (c == ' ' && m->spacesub != '\0')
			c = (char)m->spacesub;
		switch (c) {
		case '\\':
			bslash = true;
			break;
		case '(':
			cmnt++;
			break;
		case ')':
			if (cmnt-- <= 0)
				goto fail;
			break;
		case ' ':
		case '\t':
			spaces++;
			break;
		}
		if (cmnt > 0) {
			*q++ = c;
			continue;
		}
		switch (c) {
		case '"':
			quotemode = !quotemode;
			quotes++;
			continue;
		case '<':
			angle++;
			break;
		case '>':
			if (angle-- <= 0)
				goto fail;
			break;
		}
		*q++ = c;
	}
	*q = '\0';
	if (angle != 0 || cmnt != 0 || bslash || quotemode || quotes <= 0 ||
	    spaces != 0)
		goto fail;
	map_found(m, res, s, strlen(s), NULL);
fail:
	free(s);
}

const struct map_class map_class_dequote = {
	"dequote", MAP_C_OPTFILE, map_dequote_parse, NULL,
	map_dequote_lookup, NULL,
};
