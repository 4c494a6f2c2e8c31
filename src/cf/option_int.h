/*
 * option_int - private glue between the option_*.c files.
 *
 * Not for use outside src/cf/option*.c.  Every value parser here takes
 * the options (for the message location) and the caller's warn buffer,
 * and follows sendmail's lenient C-library parsing: a number is what
 * atoi/atol would read, a boolean is true only for "", T, t, Y or y.
 */
#ifndef TERN_OPTION_INT_H
#define TERN_OPTION_INT_H

#include <stdbool.h>

#include "cf/option.h"
#include "util/buf.h"

/* option_warnf - append one message, located (FILE: line N: ) or plain */
void option_warnf(const struct options *, struct buf *, bool located,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* option_list_add - append a copy of s to a list */
void option_list_add(struct option_list *, const char *s);

/* option_list_free - release a list's strings */
void option_list_free(struct option_list *);

/* option_strset - replace an owned string with a copy (NULL allowed) */
void option_strset(char **dst, const char *src);

/* value parsers (option_value.c) */
bool option_value_bool(const char *);
long option_value_long(const char *);
int option_value_int(const char *);
unsigned option_value_octal(const char *);
long option_value_time(const struct options *, const char *, int unit,
    struct buf *warn);
char *option_value_munch(const char *);

/* Timeout sub-options (option_timeout.c) */
void option_timeout_defaults(struct options *);
int option_timeout_set(struct options *, const char *sub, const char *val,
    bool sticky, struct buf *warn);
int option_timeout_list(struct options *, const char *val, bool sticky,
    struct buf *warn);
int option_timeout_row(const char *name);

/* Milter sub-options (option_timeout.c keeps the sub-option tables) */
int option_timeout_milter(struct options *, const char *sub,
    const char *val, bool sticky, struct buf *warn);
int option_timeout_milter_row(const char *name);

/* word lists (option_words.c) */
int option_words_privacy(struct options *, const char *, struct buf *);
int option_words_dbs(struct options *, const char *, struct buf *);
int option_words_resolver(struct options *, const char *, struct buf *);
int option_words_ssl(struct options *, struct option_sslopts *,
    const char *optname, const char *, struct buf *);
int option_words_letters(struct options *, const char *optname,
    const char *letters, unsigned *bits, const char *, struct buf *);
void option_words_dbs_set(struct options *, enum opt_dbs);

/* users and groups (option_user.c) */
void option_user_defaults(struct options *);
int option_user_default(struct options *, const char *, struct buf *);
int option_user_group(struct options *, int letter, const char *,
    struct buf *);
int option_user_runas(struct options *, const char *, struct buf *);
int option_user_trusted(struct options *, const char *, struct buf *);

#endif
