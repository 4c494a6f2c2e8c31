/*
 * test_filecache.c - a cached file is read again when it changes (size,
 * time or a new inode), a missing file is NULL as with fopen, an empty
 * one still reads as empty.
 */
#include "t.h"
#include "util/filecache.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void
put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	T_CHECK(f != NULL);
	if (f == NULL)
		return;
	fputs(text, f);
	fclose(f);
}

/* the whole stream as a string (static) */
static const char *
slurp(FILE *fp)
{
	static char got[256];
	size_t n;

	if (fp == NULL)
		return "(null)";
	n = fread(got, 1, sizeof(got) - 1, fp);
	got[n] = '\0';
	fclose(fp);
	return got;
}

int
main(void)
{
	char dir[] = "/tmp/tern-filecache-XXXXXX", path[64], tmp[64];
	struct timespec ts[2];

	T_CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/hosts", dir);
	snprintf(tmp, sizeof(tmp), "%s/hosts.new", dir);
	put(path, "127.0.0.1 localhost\n");
	T_STREQ(slurp(filecache_fopen(path)), "127.0.0.1 localhost\n");
	T_STREQ(slurp(filecache_fopen(path)), "127.0.0.1 localhost\n");
	/* the same size, another time: read again */
	put(path, "127.0.0.2 localhost\n");
	ts[0].tv_sec = ts[1].tv_sec = time(NULL) + 10;
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	T_CHECK(utimensat(AT_FDCWD, path, ts, 0) == 0);
	T_STREQ(slurp(filecache_fopen(path)), "127.0.0.2 localhost\n");
	/* another size */
	put(path, "::1 localhost ip6-localhost\n");
	T_STREQ(slurp(filecache_fopen(path)), "::1 localhost ip6-localhost\n");
	/* replaced by rename (a new inode), same size and time */
	put(tmp, "::2 localhost ip6-localhost\n");
	T_CHECK(utimensat(AT_FDCWD, tmp, ts, 0) == 0);
	T_CHECK(utimensat(AT_FDCWD, path, ts, 0) == 0);
	T_CHECK(rename(tmp, path) == 0);
	T_STREQ(slurp(filecache_fopen(path)), "::2 localhost ip6-localhost\n");
	/* empty, then gone */
	put(path, "");
	T_STREQ(slurp(filecache_fopen(path)), "");
	T_CHECK(unlink(path) == 0);
	errno = 0;
	T_CHECK(filecache_fopen(path) == NULL && errno == ENOENT);
	filecache_clear();
	T_CHECK(rmdir(dir) == 0);
	T_DONE();
}
