/*
 * cf_int - private glue between the .cf reader (cf_read.c) and the
 * line handlers in their own files.  Not for use outside src/cf.
 *
 * Every handler takes the line's text after its type letter, in the
 * $-form of cf_text.h, and the line number for its diagnostics, which
 * are sendmail 8.17's (docs/notes/cf-warnings.md).  None fails.
 */
#ifndef TERN_CF_INT_H
#define TERN_CF_INT_H

struct cf;

/* K lines and the map environment (cf_map.c) */
void cf_map_env_init(struct cf *);
void cf_map_line(struct cf *, const char *text, int line);
void cf_map_declare(struct cf *, const char *name, const char *classname,
    const char *args, int line);
/* after the file: the aliases maps from AliasFile, then map_builtins */
void cf_map_aliases(struct cf *);
void cf_map_builtins(struct cf *);

/* C, T and F lines, and sendmail's built-in classes (cf_class.c) */
void cf_class_defaults(struct cf *);
void cf_class_line(struct cf *, const char *text, int line);
void cf_class_trusted(struct cf *, const char *text);
void cf_class_file(struct cf *, const char *text, int line);

/* Q lines: queue groups (cf_queue.c) */
void cf_queue_line(struct cf *, const char *text, int line);

/* X lines: mail filters (cf_milter.c) */
void cf_milter_line(struct cf *, const char *text, int line);
void cf_milter_free(struct cf *);

#endif
