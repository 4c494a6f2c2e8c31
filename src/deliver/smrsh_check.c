/* smrsh_check.c - the command check of smrsh, free of I/O */
#include "deliver/smrsh_check.h"

#include <string.h>

#define BLANK(c)	((c) == ' ' || (c) == '\t')

/* smrsh_check - see the header for the rules */
enum smrsh_verdict
smrsh_check(const char *cmd, struct buf *prog, const char **rest,
    const char **stop)
{
	const char *p = cmd, *word, *end, *base;
	char quote = 0;

	buf_reset(prog);
	*stop = cmd;
	*rest = "";

	/* the whole line first: characters that start other programs */
	for (p = cmd; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '\n' || c == '\r') {
			*stop = p;
			return SMRSH_BADCHAR;
		}
		if (quote == '\'') {
			if (c == '\'')
				quote = 0;
			continue;
		}
		if (quote == '"') {
			if (c == '"')
				quote = 0;
			else if (c == '$' || c == '`') {
				*stop = p;
				return SMRSH_BADCHAR;
			} else if (c == '\\' && p[1] != '\0' &&
			    p[1] != '\n' && p[1] != '\r')
				p++;	/* \" and \\ stay inside the quotes */
			continue;
		}
		if (c == '\'' || c == '"') {
			quote = (char)c;
			continue;
		}
		if (c == '\\') {
			/* the escaped character is literal; checked if CR/LF */
			if (p[1] == '\n' || p[1] == '\r' || p[1] == '\0') {
				*stop = p;
				return SMRSH_BADCHAR;
			}
			p++;
			continue;
		}
		if (strchr(";&|<>()`$^", c) != NULL) {
			*stop = p;
			return SMRSH_BADCHAR;
		}
	}
	if (quote) {
		*stop = p;
		return SMRSH_BADQUOTE;
	}

	/* then the program: the first word after an optional "exec" */
	p = cmd;
	while (BLANK(*p))
		p++;
	if (strncmp(p, "exec", 4) == 0 && BLANK(p[4])) {
		p += 4;
		while (BLANK(*p))
			p++;
	}
	if (*p == '\0') {
		*stop = p;
		return SMRSH_EMPTY;
	}
	word = p;
	while (*p && !BLANK(*p))
		p++;
	end = p;
	for (p = word; p < end; p++)
		if (*p == '"' || *p == '\'' || *p == '\\' || *p == '=') {
			*stop = p;
			return SMRSH_BADPROG;
		}
	for (base = end; base > word && base[-1] != '/'; base--)
		;
	if (base == end || (end - base == 1 && base[0] == '.') ||
	    (end - base == 2 && base[0] == '.' && base[1] == '.')) {
		*stop = word;
		return SMRSH_BADPROG;
	}
	buf_add(prog, base, (size_t)(end - base));
	*rest = end;
	return SMRSH_OK;
}
