/*
 * errstream - a stdio stream that gathers complaints in memory, kept
 * for reuse by each thread.
 *
 * The address parser writes its complaints to a FILE; a caller that
 * wants them as text (the SMTP refusal of a bad address) used to open a
 * memory stream per address, which with its buffer cleared cost as much
 * as the parse of a good one.  errstream_begin empties the calling
 * thread's stream and returns it; errstream_text flushes it and returns
 * what was written since ("" for nothing), valid until the next
 * errstream_begin of the thread.  Not reentrant within a thread.
 * NULL from errstream_begin: no memory (complaints are then lost).
 */
#ifndef TERN_ERRSTREAM_H
#define TERN_ERRSTREAM_H

#include <stdio.h>

FILE *errstream_begin(void);
const char *errstream_text(void);
/* errstream_free - the calling thread's stream and text, for a thread
 * that ends (the main thread's live as long as the process) */
void errstream_free(void);

#endif
