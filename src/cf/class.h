/*
 * class - sendmail classes ($=X, $~X, ${name} classes) as word sets.
 *
 * Class ids are macro ids (macro.h).  Membership is case-insensitive.
 * Words are kept in one symbol table laid out like sendmail's, so that
 * listing a class ($=w in -bt) comes out in the order sendmail prints.
 */
#ifndef TERN_CLASS_H
#define TERN_CLASS_H

#include <stdbool.h>
#include <stddef.h>

struct classes;

struct classes *classes_new(void);
void classes_free(struct classes *);
void class_add(struct classes *, int id, const char *word);
bool class_has(const struct classes *, int id, const char *word);
/* class_has_n - membership of the first len bytes of word */
bool class_has_n(const struct classes *, int id, const char *word, unsigned len);
/* class_copy - add every member of class from to class to (CR$={X}) */
void class_copy(struct classes *, int to, int from);
/* class_maxlen - the length of the longest member (0 if empty) */
size_t class_maxlen(const struct classes *, int id);
void class_foreach(const struct classes *, int id,
    void (*fn)(const char *word, void *ctx), void *ctx);

#endif
