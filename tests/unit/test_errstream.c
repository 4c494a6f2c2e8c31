/* test_errstream.c - the reusable complaint stream */
#include "t.h"
#include "util/errstream.h"

#include <pthread.h>
#include <string.h>

static void *
other_thread(void *arg)
{
	FILE *f = errstream_begin();

	(void)arg;
	void *ok;

	fputs("theirs", f);
	ok = strcmp(errstream_text(), "theirs") == 0 ? f : NULL;
	errstream_free();
	return ok;
}

int
main(void)
{
	FILE *f, *g;
	pthread_t t;
	void *theirs = NULL;
	char big[5000];

	/* nothing written: empty text */
	f = errstream_begin();
	T_CHECK(f != NULL);
	T_STREQ(errstream_text(), "");
	fprintf(f, "%s... %s\n", "a@b", "553 bad");
	T_STREQ(errstream_text(), "a@b... 553 bad\n");
	/* begin again: the same stream, the old text gone */
	g = errstream_begin();
	T_CHECK(g == f);
	T_STREQ(errstream_text(), "");
	/* more than a stdio buffer's worth arrives whole */
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	fputs(big, g);
	fputs("!", g);
	T_INTEQ((long)strlen(errstream_text()), (long)sizeof(big));
	/* text not yet flushed by stdio is discarded by begin */
	fputs("stale", g);
	f = errstream_begin();
	fputs("new", f);
	T_STREQ(errstream_text(), "new");
	/* each thread has its own */
	T_CHECK(pthread_create(&t, NULL, other_thread, NULL) == 0);
	T_CHECK(pthread_join(t, &theirs) == 0);
	T_CHECK(theirs != NULL);
	T_STREQ(errstream_text(), "new");
	errstream_free();
	T_DONE();
}
