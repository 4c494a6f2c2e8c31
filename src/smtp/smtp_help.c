/*
 * smtp_help.c - HELP from the HelpFile text the caller gave.
 *
 * sendmail's rules: lines "topic<TAB>text"; "#vers N" sets the file's
 * version (2 and up: text is macro-expanded, through the expand
 * callback); HELP alone shows the "smtp" lines; HELP WORD shows every
 * line whose start matches the lower-cased WORD (a prefix match, so
 * "HELP he" finds "help" lines); each line goes out as "214-2.0.0 text"
 * and the last as "214 2.0.0 End of HELP info"; nothing found is
 * "504 5.3.0 HELP topic "WORD" unknown" (WORD cut at 10); no file is
 * "502 5.3.0 Sendmail VERSION -- HELP not implemented".
 */
#include "smtp/smtp_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* smtp_help - answer HELP [topic] */
void
smtp_help(struct smtp_server *s, const char *topic, struct buf *out)
{
	const char *p = s->cfg.help_text, *end, *nl, *text;
	struct buf t = BUF_INIT, line = BUF_INIT, x = BUF_INIT;
	bool noinfo;
	int vers = 0;
	size_t i;

	if (p == NULL) {
		smtp_reply_write(out, "502 5.3.0 Sendmail %s -- HELP not "
		    "implemented", s->cfg.version ? s->cfg.version : "");
		return;
	}
	if (topic == NULL || *topic == '\0') {
		buf_adds(&t, "smtp");
		noinfo = false;
	} else {
		for (i = 0; topic[i] != '\0'; i++)
			buf_addc(&t, tolower((unsigned char)topic[i]));
		noinfo = true;
	}
	end = p + s->cfg.help_len;
	for (; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		buf_reset(&line);
		buf_add(&line, p, (size_t)(nl - p));
		while (line.len > 0 && line.data[line.len - 1] == '\r')
			line.len--;
		buf_addc(&line, '\0');
		line.len--;
		if (line.len != strlen(line.data))
			continue;	/* a NUL in the file: skip the line */
		if (line.data[0] == '#') {
			if (strncmp(line.data, "#vers", 5) == 0)
				vers = atoi(line.data + 5);
			continue;
		}
		if (strncmp(line.data, t.data, t.len) != 0)
			continue;
		text = strpbrk(line.data, " \t");
		text = text != NULL ? text + 1 : "";
		if (vers >= 2 && s->cb.expand != NULL) {
			buf_reset(&x);
			s->cb.expand(s->cb.ctx, text, &x);
			text = buf_str(&x);
		}
		smtp_reply_line(out, 214, true, "2.0.0", text);
		noinfo = false;
	}
	if (noinfo)
		smtp_reply_write(out, "504 5.3.0 HELP topic \"%.10s\" unknown",
		    t.data);
	else
		smtp_reply_write(out, "214 2.0.0 End of HELP info");
	buf_free(&t);
	buf_free(&line);
	buf_free(&x);
}
