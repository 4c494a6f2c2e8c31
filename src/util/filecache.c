/* filecache.c - small configuration files kept until they change */
#include "util/filecache.h"

#include "util/buf.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FILECACHE_N		8		/* files kept */
#define FILECACHE_MAX		(1024 * 1024)	/* larger ones: fopen */

struct filecache_entry {
	char *path;
	struct stat st;			/* of the bytes kept */
	char *data;
};

static struct filecache_entry filecache[FILECACHE_N];
static size_t filecache_next;		/* the slot to reuse */
static pthread_mutex_t filecache_lock = PTHREAD_MUTEX_INITIALIZER;

/* filecache_same - one file, unchanged: device, inode, size, mtime */
static bool
filecache_same(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino &&
	    a->st_size == b->st_size &&
	    a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
	    a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

static void
filecache_drop(struct filecache_entry *e)
{
	free(e->path);
	free(e->data);
	memset(e, 0, sizeof(*e));
}

/* filecache_read - the whole file behind fd (size bytes), or NULL */
static char *
filecache_read(int fd, const struct stat *st)
{
	size_t want = (size_t)st->st_size, got = 0;
	char *data = xmalloc(want + 1);
	ssize_t n;

	while (got < want) {
		n = read(fd, data + got, want - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	if (got != want) {		/* it changed while we read: no cache */
		free(data);
		return NULL;
	}
	data[want] = '\0';
	return data;
}

/* filecache_snapshot - a stream over a copy of the cached bytes */
static FILE *
filecache_snapshot(const struct filecache_entry *e)
{
	/* one byte more: a "w+" stream keeps room for a terminating NUL */
	size_t size = (size_t)e->st.st_size;
	FILE *fp = fmemopen(NULL, size + 1, "w+");

	if (fp == NULL)
		return NULL;
	if (fwrite(e->data, 1, size, fp) != size ||
	    fseek(fp, 0, SEEK_SET) != 0) {
		(void)fclose(fp);
		return NULL;
	}
	return fp;
}

FILE *
filecache_fopen(const char *path)
{
	struct filecache_entry *e = NULL;
	struct stat st;
	FILE *fp = NULL;
	size_t i;
	int fd;

	if (stat(path, &st) < 0)
		return NULL;
	if (!S_ISREG(st.st_mode) || st.st_size <= 0 ||
	    st.st_size > FILECACHE_MAX)
		return fopen(path, "r");
	if (pthread_mutex_lock(&filecache_lock) != 0)
		return fopen(path, "r");
	for (i = 0; i < FILECACHE_N; i++)
		if (filecache[i].path != NULL &&
		    strcmp(filecache[i].path, path) == 0) {
			e = &filecache[i];
			break;
		}
	if (e != NULL && !filecache_same(&e->st, &st)) {
		filecache_drop(e);
		e = NULL;
	}
	if (e == NULL && (fd = open(path, O_RDONLY | O_CLOEXEC)) >= 0) {
		struct stat fst;

		char *data;

		/* the file opened must be the one looked at */
		if (fstat(fd, &fst) == 0 && filecache_same(&st, &fst) &&
		    (data = filecache_read(fd, &fst)) != NULL) {
			e = &filecache[filecache_next];
			filecache_next = (filecache_next + 1) % FILECACHE_N;
			filecache_drop(e);
			e->path = xstrdup(path);
			e->st = fst;
			e->data = data;
		}
		(void)close(fd);
	}
	if (e != NULL)
		fp = filecache_snapshot(e);
	(void)pthread_mutex_unlock(&filecache_lock);
	return fp != NULL ? fp : fopen(path, "r");
}

void
filecache_clear(void)
{
	size_t i;

	if (pthread_mutex_lock(&filecache_lock) != 0)
		return;
	for (i = 0; i < FILECACHE_N; i++)
		filecache_drop(&filecache[i]);
	filecache_next = 0;
	(void)pthread_mutex_unlock(&filecache_lock);
}
