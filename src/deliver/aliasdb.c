/*
 * aliasdb.c - newaliases: which alias databases to rebuild, in what
 * order, and opening and locking their text sources.
 */
#include "deliver/aliasdb.h"
#include "deliver/aliasdb_int.h"
#include "cf/cf.h"
#include "cf/option.h"
/* the K-line flags of the AliasFile maps the .cf reader declared */
#include "map/map_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#define ALIASDB_STAB_SIZE	2003	/* sendmail's STABSIZE */
#define ALIASDB_ST_MAP		6	/* sendmail's ST_MAP symbol type */

struct aliasdb_item {
	struct map *map;
	unsigned bucket;	/* of sendmail's name "AliasN" */
	size_t index;		/* N */
};

/*
 * aliasdb_bucket - the symbol-table bucket of sendmail's map name
 * "AliasN": -bi rebuilds by walking that table, so several alias files
 * are done in bucket order (Alias2 before Alias0 before Alias1).
 */
static unsigned
aliasdb_bucket(size_t n)
{
	char name[32];
	unsigned h = ALIASDB_ST_MAP;
	const char *p;

	snprintf(name, sizeof(name), "Alias%zu", n);
	for (p = name; *p != '\0'; p++) {
		int c = (unsigned char)*p;

		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		h = ((h << 1) ^ (unsigned)c) % ALIASDB_STAB_SIZE;
	}
	return h;
}

/* aliasdb_item_cmp - qsort: bucket, then the order of entry */
static int
aliasdb_item_cmp(const void *a, const void *b)
{
	const struct aliasdb_item *x = a, *y = b;

	if (x->bucket != y->bucket)
		return x->bucket < y->bucket ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

/*
 * aliasdb_unsafe - sendmail's safefopen checks for an alias file: 0,
 * or an errno, or the text of a refusal in *why.
 */
static int
aliasdb_unsafe(const struct cf *cf, const char *path, const char **why)
{
	struct stat st;

	*why = NULL;
	if (stat(path, &st) < 0)
		return errno;
	if (!S_ISREG(st.st_mode))
		*why = "Regular files only";
	else if ((st.st_mode & S_IWGRP) &&
	    !option_dbs_isset(cf->opts, OPT_DBS_GROUPWRITABLEALIASFILE))
		*why = "Group writable file";
	else if ((st.st_mode & S_IWOTH) &&
	    !option_dbs_isset(cf->opts, OPT_DBS_WORLDWRITABLEALIASFILE))
		*why = "World writable file";
	return 0;
}

/* aliasdb_open_source - open and lock the text file; NULL if not */
static FILE *
aliasdb_open_source(struct aliasdb_run *run, const struct map *m)
{
	const char *why;
	struct stat st;
	bool nolock = false;
	int fd, err;
	FILE *in;

	err = aliasdb_unsafe(run->cf, m->file, &why);
	if (err == 0 && why == NULL) {
		fd = open(m->file, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
		if (fd < 0 && (errno == EACCES || errno == EROFS)) {
			/* readable only: rebuild anyway, unlocked */
			err = errno;
			fd = open(m->file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
			if (fd >= 0) {
				nolock = true;
				if (fstat(fd, &st) < 0 ||
				    (st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)))
					aliasdb_say(run, "warning: cannot lock %s: %s",
					    m->file, strerror(err));
			}
		}
		if (fd < 0)
			err = errno;
		else
			err = 0;
	} else
		fd = -1;
	if (fd < 0) {
		if (!(m->flags & MAP_F_OPTIONAL))
			aliasdb_say(run, "newaliases: cannot open %s: %s",
			    m->file, why != NULL ? why : strerror(err));
		return NULL;
	}
	if (!nolock && flock(fd, LOCK_EX | LOCK_NB) < 0) {
		aliasdb_say(run, "Alias file %s is locked (maybe being rebuilt)",
		    m->file);
		(void)close(fd);
		return NULL;
	}
	if ((in = fdopen(fd, "r")) == NULL) {
		aliasdb_say(run, "newaliases: cannot open %s: %s", m->file,
		    strerror(errno));
		(void)close(fd);
	}
	return in;
}

/* aliasdb_rebuild - one map; returns its status */
static int
aliasdb_rebuild(struct cf *cf, struct map *m, FILE *out)
{
	struct aliasdb_run run;
	const char *cls = m->cls->name;
	unsigned flags = 0;
	DBTYPE type;
	FILE *in;
	int err;

	if (strcmp(cls, "btree") == 0)
		type = DB_BTREE;
	else if (strcmp(cls, "hash") == 0 || strcmp(cls, "implicit") == 0)
		type = DB_HASH;
	else
		return EX_OK;	/* not a class newaliases rebuilds */
	if (!m->valid || m->file == NULL)
		return EX_OK;
	/* sendmail gives a plain-path AliasFile (implicit) -N itself */
	if ((m->flags & MAP_F_INCLNULL) || strcmp(cls, "implicit") == 0)
		flags |= ALIASDB_INCLNULL;
	if (m->flags & MAP_F_NOFOLD)
		flags |= ALIASDB_NOFOLD;
	if (m->flags & MAP_F_APPEND)
		flags |= ALIASDB_APPEND;

	memset(&run, 0, sizeof(run));
	run.cf = cf;
	run.out = out;
	run.file = m->file;
	if ((in = aliasdb_open_source(&run, m)) == NULL)
		return EX_OK;
	err = aliasdb_write_open(&run.w, m->file, type, flags);
	if (err != 0) {
		aliasdb_say(&run, "Cannot create database for alias file %s: %s",
		    m->file, db_strerror(err));
		(void)fclose(in);
		return EX_SOFTWARE;
	}
	aliasdb_read(&run, in);
	(void)fclose(in);	/* releases the lock */
	err = aliasdb_write_commit(&run.w);
	if (err != 0) {
		aliasdb_say(&run, "Cannot create database for alias file %s: %s",
		    m->file, db_strerror(err));
		if (run.status == EX_OK)
			run.status = EX_SOFTWARE;
	}
	fflush(out);
	return run.status;
}

/* aliasdb_newaliases - see aliasdb.h */
int
aliasdb_newaliases(struct cf *cf, FILE *out)
{
	const struct option_list *l = &cf->opts->alias_files;
	struct aliasdb_item *items;
	size_t i, n = 0;
	int status = EX_OK, st;

	items = xcalloc(l->n + 1, sizeof(*items));
	for (i = 0; i < l->n; i++) {
		char name[32];
		struct map *m;

		/* the names cf_map_aliases gave them */
		if (l->n == 1)
			snprintf(name, sizeof(name), "aliases.files");
		else
			snprintf(name, sizeof(name), "Alias%zu", i);
		if ((m = cf_map_find(cf, name)) == NULL)
			continue;
		items[n].map = m;
		items[n].bucket = aliasdb_bucket(i);
		items[n].index = i;
		n++;
	}
	qsort(items, n, sizeof(*items), aliasdb_item_cmp);
	for (i = 0; i < n; i++) {
		st = aliasdb_rebuild(cf, items[i].map, out);
		if (st != EX_OK && status == EX_OK)
			status = st;
	}
	free(items);
	fflush(out);
	return status;
}
