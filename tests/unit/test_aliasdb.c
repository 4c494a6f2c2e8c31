/*
 * test_aliasdb.c - the alias database writer: NUL-terminated entries,
 * duplicates and -A, the "@" entry, and replacement by rename (a
 * reader holding the old database keeps seeing it; an abort leaves the
 * old one and no temporary).
 */
#include "t.h"
#include "deliver/aliasdb_int.h"
#include "map/map_db.h"

#include <dirent.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[] = "/tmp/test_aliasdb.XXXXXX";

/* get - the value of key (with klen bytes) in the db at path, or NULL */
static char *
get(const char *path, const char *key, size_t klen)
{
	DB *db;
	DBT k, v;
	char *out = NULL;

	if (map_db_open(path, DB_UNKNOWN, DB_RDONLY, 0, false, 0, true, &db) != 0)
		return NULL;
	memset(&k, 0, sizeof(k));
	memset(&v, 0, sizeof(v));
	k.data = (void *)key;
	k.size = (u_int32_t)klen;
	if (db->get(db, NULL, &k, &v, 0) == 0)
		out = strndup(v.data, v.size);
	db->close(db, 0);
	return out;
}

/* count_files - entries in the test directory */
static int
count_files(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

static void
build(const char *file, unsigned flags, const char *const *kv, bool commit)
{
	struct aliasdb_writer w;
	struct buf lkey = BUF_INIT;
	bool dup;

	T_INTEQ(aliasdb_write_open(&w, file, DB_HASH, flags), 0);
	for (; kv[0] != NULL; kv += 2)
		T_INTEQ(aliasdb_write_store(&w, kv[0], kv[1], &dup, &lkey), 0);
	buf_free(&lkey);
	if (commit)
		T_INTEQ(aliasdb_write_commit(&w), 0);
	else
		aliasdb_write_abort(&w);
}

int
main(void)
{
	char file[128], path[160];
	struct stat st1, st2;
	char *v;

	T_CHECK(mkdtemp(dir) != NULL);
	snprintf(file, sizeof(file), "%s/aliases", dir);
	snprintf(path, sizeof(path), "%s.db", file);

	{
		static const char *const kv[] = { "Alice", "bob", "x", "1",
		    "X", "2", NULL };
		build(file, ALIASDB_INCLNULL, kv, true);
	}
	T_STREQ(v = get(path, "alice", 6), "bob");	/* folded, NUL kept */
	free(v);
	T_CHECK(get(path, "alice", 5) == NULL);
	T_STREQ(v = get(path, "x", 2), "2");		/* last one wins */
	free(v);
	T_STREQ(v = get(path, "@", 2), "@");
	free(v);
	T_CHECK(stat(path, &st1) == 0);
	T_INTEQ(st1.st_mode & 07777, 0640);
	T_INTEQ(count_files(), 1);

	/* -A: "new,old"; an existing db's mode is kept */
	T_CHECK(chmod(path, 0644) == 0);
	{
		static const char *const kv[] = { "l", "a", "l", "b", NULL };
		build(file, ALIASDB_APPEND | ALIASDB_NOFOLD, kv, true);
	}
	T_STREQ(v = get(path, "l", 1), "b,a");
	free(v);
	T_CHECK(stat(path, &st2) == 0);
	T_INTEQ(st2.st_mode & 07777, 0644);
	T_CHECK(st1.st_ino != st2.st_ino);	/* replaced, not rewritten */

	/* an aborted rebuild leaves the old database and nothing else */
	{
		static const char *const kv[] = { "new", "1", NULL };
		build(file, 0, kv, false);
	}
	T_CHECK(stat(path, &st1) == 0);
	T_INTEQ(st1.st_ino, st2.st_ino);
	T_CHECK(get(path, "new", 3) == NULL);
	T_INTEQ(count_files(), 1);

	unlink(path);
	rmdir(dir);
	T_DONE();
}
