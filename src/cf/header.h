/*
 * header - header templates from H lines.
 *
 * `H?flags?Name: value` adds the header when the mailer has one of the
 * flags; `H?${macro}?Name: value` when the macro is set; `HName: value`
 * always.  Values keep their macros unexpanded (and their folding) until
 * a message is built.
 */
#ifndef TERN_HEADER_H
#define TERN_HEADER_H

#include <stdbool.h>

struct cf;

void header_define(struct cf *, const char *text, int line);
void header_free_all(struct cf *);

/* header_flags - sendmail's flag word for a header line; false on bad syntax */
bool header_flags(const struct cf *, const char *line, unsigned long *flags);

#endif
